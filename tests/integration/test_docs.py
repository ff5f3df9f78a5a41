"""README, --help and the man page describe the same tool: the options of
the option table, the formats, the environment variables and files the code
reads. The man page is read by man itself (groff, every warning on), and its
sections follow man-pages(7)."""
import os
import re
import subprocess

from conftest import ROOT, WUPROBE

MAN_ENV = dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0", LANG="C.UTF-8", LC_ALL="C.UTF-8")

# man-pages(7), "Sections within a manual page", in its order.
MAN_PAGES_ORDER = ["NAME", "SYNOPSIS", "CONFIGURATION", "DESCRIPTION", "OPTIONS", "EXIT STATUS",
                   "RETURN VALUE", "ERRORS", "ENVIRONMENT", "FILES", "ATTRIBUTES", "VERSIONS",
                   "STANDARDS", "HISTORY", "NOTES", "CAVEATS", "BUGS", "EXAMPLES", "AUTHORS",
                   "REPORTING BUGS", "COPYRIGHT", "SEE ALSO"]

HELP_COL = 26       # where --help's descriptions start


def render_man():
    """man -l with every groff warning on (-ww): (process, plain text)."""
    r = subprocess.run(["man", "--warnings=w", "-l", str(ROOT / "wuprobe.1")], capture_output=True,
                       text=True, env=MAN_ENV)
    return r, re.sub(".\b", "", r.stdout)          # overstrike bold and underline


def man_sections():
    """The rendered page as [(heading, [lines])], in order."""
    _, text = render_man()
    lines = text.splitlines()[1:-1]                 # without the header and footer lines
    sections = []
    for line in lines:
        if line and not line[0].isspace():
            sections.append((line.strip(), []))
        elif sections:
            sections[-1][1].append(line)
    return sections


def section(name):
    for heading, lines in man_sections():
        if heading == name:
            return lines
    raise AssertionError(f"wuprobe.1 has no {name} section")


def joined(lines):
    """A section as one line, words hyphenated across lines made whole."""
    return re.sub(r"\u2010\s+", "", " ".join(lines))


def source(path):
    return (ROOT / path).read_text()


def option_table():
    """The options getopt_long is given: long names, and the short letters."""
    src = source("probe/options.c")
    table = re.search(r"struct option longopts\[\] = \{(.*?)\n\};", src, re.S)
    assert table, "probe/options.c: no longopts table found"
    longs = {"--" + n for n in re.findall(r'\{\s*"([a-z0-9-]+)"', table.group(1))}
    optstring = re.search(r'getopt_long\(argc, argv, "([^"]*)"', src)
    assert optstring, "probe/options.c: no getopt_long optstring found"
    shorts = {"-" + c for c in optstring.group(1) if c.isalnum()}
    return longs, shorts


def formats():
    names = re.search(r"out_format_names\[\] = \{([^}]*)\}", source("probe/options.c"))
    assert names, "probe/options.c: no out_format_names found"
    found = re.findall(r'"([a-z]+)"', names.group(1))
    assert "text" in found and "json" in found
    return found


def help_text():
    r = subprocess.run([str(WUPROBE), "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == ""
    return r.stdout


HELP_ENTRY = re.compile(r"^(?:  (-[A-Za-z0-9]), |      )(--[a-z0-9-]+)((?: [A-Z][A-Z0-9\[\]:,.]*)?)")


def help_entries():
    """--help's option list as [(short or None, long, description)]. Each
    option is an entry of its own: its name at the left, its description
    from column 26, on the same line (after at least two spaces) or, when
    the name is too long, from the next one; nothing else in the list."""
    lines = help_text().splitlines()
    start = next(i for i, l in enumerate(lines) if HELP_ENTRY.match(l))
    entries = []
    for line in lines[start:]:
        if not line:
            break
        assert len(line) < 80, f"--help: line over 79 columns: {line!r}"
        if line.startswith(" " * HELP_COL) and line[HELP_COL] != " ":
            assert entries, line
            entries[-1][2].append(line[HELP_COL:])
            continue
        m = HELP_ENTRY.match(line)
        assert m, f"--help: neither an option nor its description: {line!r}"
        rest = line[m.end():]
        if rest:
            assert re.match(r" {2,}\S", rest) and len(line) - len(rest.lstrip()) == HELP_COL, \
                f"--help: the description of {m.group(2)} does not start in column {HELP_COL + 1}: {line!r}"
            entries.append((m.group(1), m.group(2), [rest.lstrip()]))
        else:
            entries.append((m.group(1), m.group(2), []))
    for short, long, desc in entries:
        assert desc, f"--help: {long} has no description"
    return [(s, l, " ".join(d)) for s, l, d in entries]


def help_options():
    return {o for s, l, _ in help_entries() for o in (s, l) if o}


def man_option_tags():
    """The options the man page's OPTIONS section describes, each .TP tag as
    (short or None, long)."""
    tags = []
    for line in section("OPTIONS"):
        if re.match(r"^ {7}-", line):
            names = re.findall(r"(?:^|, )(--?[A-Za-z0-9][a-z0-9-]*)", line[7:])
            short = next((n for n in names if not n.startswith("--")), None)
            long = next(n for n in names if n.startswith("--"))
            tags.append((short, long))
    return tags


def test_man_page_renders_without_warnings():
    r, text = render_man()
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert "EXIT STATUS" in text
    # man-pages(7): a page with a table says so on its first line, for tbl.
    if ".TS" in source("wuprobe.1"):
        assert source("wuprobe.1").startswith("'\\\" t\n")


def test_man_page_warnings_are_caught():
    """The check above sees groff's warnings: a page with a bad macro fails it."""
    bad = source("wuprobe.1").replace(".SH EXIT STATUS\n", ".SH EXIT STATUS\n.XX undefined\n")
    r = subprocess.run(["man", "--warnings=w", "-l", "-"], input=bad, capture_output=True, text=True,
                       env=MAN_ENV)
    assert "macro 'XX' not defined" in r.stderr


def test_man_sections_follow_man_pages_order():
    headings = [h for h, _ in man_sections()]
    known = [h for h in headings if h in MAN_PAGES_ORDER]
    assert known == sorted(known, key=MAN_PAGES_ORDER.index), headings
    for h in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT", "FILES",
              "EXAMPLES", "SEE ALSO"]:
        assert h in headings, f"wuprobe.1 has no {h} section"
    assert headings[:2] == ["NAME", "SYNOPSIS"] and headings[-1] == "SEE ALSO"
    # The page's own headings (PROXY, CLOCK, ...) sit between OPTIONS and
    # EXIT STATUS, where man-pages(7) leaves room for them.
    own = [i for i, h in enumerate(headings) if h not in MAN_PAGES_ORDER]
    assert all(headings.index("OPTIONS") < i < headings.index("EXIT STATUS") for i in own), headings


def test_help_lists_each_option_as_its_own_entry():
    entries = help_entries()
    longs, shorts = option_table()
    assert {l for _, l, _ in entries} == longs
    assert {s for s, _, _ in entries if s} == shorts
    pw = next(d for _, l, d in entries if l == "--proxy-password-file")
    assert "password" in pw
    assert len(entries) == len({l for _, l, _ in entries})


def test_every_option_is_documented():
    opts = help_options()
    assert {"--config", "--format", "--timeout", "--parallel", "--dns-server", "--ca-bundle"} <= opts
    man = source("wuprobe.1").replace("\\-", "-")
    readme = source("README.md")
    for o in opts:
        assert o in man, f"{o} missing from wuprobe.1"
        assert o in readme, f"{o} missing from README.md"


def test_man_options_match_help():
    """OPTIONS describes every option of --help, with the same short form,
    and nothing else; SYNOPSIS names them all."""
    help_pairs = {(s, l) for s, l, _ in help_entries()}
    tags = man_option_tags()
    assert len(tags) == len(set(tags))
    assert set(tags) == help_pairs
    synopsis = joined(section("SYNOPSIS"))
    named = set(re.findall(r"(?<![\w-])(--?[A-Za-z0-9][a-z0-9-]*)", synopsis))
    assert named <= help_options(), named - help_options()
    for short, long in help_pairs:
        assert short in named or long in named, f"{long} missing from SYNOPSIS"


def test_every_format_is_listed():
    fmts = formats()
    synopsis = joined(section("SYNOPSIS"))
    assert "[-f " + "|".join(fmts) + "]" in synopsis
    fmt_help = next(d for _, l, d in help_entries() if l == "--format")
    for f in fmts:
        assert re.search(rf"\b{f}\b", fmt_help), f"--help: format {f} missing"
    tags = {l.split()[0] for l in section("FORMATS") if re.match(r"^ {7}\S", l)}
    assert set(fmts) <= tags, set(fmts) - tags


def test_environment_lists_what_the_code_reads():
    """Every variable the sources read (getenv, and the proxy variables'
    lower- and upper-case pairs) is in ENVIRONMENT."""
    names = set()
    for path in (ROOT / "probe").rglob("*.c"):
        src = path.read_text()
        names |= set(re.findall(r'getenv\("([A-Za-z_]+)"\)', src))
        names |= {n for pair in re.findall(r'env2\("([a-z_]+)", "([A-Z_]+)"', src) for n in pair}
    assert {"NO_COLOR", "WUPROBE_PROXY_PASSWORD", "https_proxy", "HTTPS_PROXY", "no_proxy"} <= names
    env = joined(section("ENVIRONMENT"))
    for n in names:
        assert re.search(rf"(?<![\w-]){n}(?![\w-])", env), f"{n} missing from ENVIRONMENT"


def test_files_lists_the_default_endpoint_lists():
    body = re.search(r"default_config\(void\)\n\{(.*?)\n\}", source("probe/main.c"), re.S)
    assert body, "probe/main.c: no default_config() found"
    paths = set(re.findall(r'"([^"]+)"', body.group(1)))
    assert "/etc/wuprobe/endpoints.conf" in paths
    tags = {l.split()[0] for l in section("FILES") if re.match(r"^ {7}\S", l)}
    for p in paths:
        assert (p if p.startswith("/") else "./" + p) in tags, f"{p} missing from FILES"
    assert "/etc/resolv.conf" in tags


def test_see_also():
    text = joined(section("SEE ALSO"))
    for ref in ["curl(1)", "README.md", "WINHTTP", "netsh winhttp show proxy"]:
        assert ref in text, f"{ref} missing from SEE ALSO"


def test_exit_codes_are_documented():
    man = source("wuprobe.1")
    readme = source("README.md")
    for code in "0123":
        assert f"| {code} |" in readme
        assert f".B {code}\n" in man


def test_localdomain_reaches_the_resolver(probe):
    """ENVIRONMENT says c-ares reads LOCALDOMAIN: a dotless name resolves
    in the search domain it names, and not without it."""
    env = {k: v for k, v in os.environ.items() if k not in ("LOCALDOMAIN", "RES_OPTIONS")}
    without = probe("http://good/\n", "--no-ntp", env=env)
    assert without.ep("http://good/")["cause"] in ("name_not_found", "dns_server_failed", "dns_no_data")
    with_ = probe("http://good/\n", "--no-ntp", env=dict(env, LOCALDOMAIN="lab.test"))
    assert with_.ep("http://good/")["addresses"], with_.out

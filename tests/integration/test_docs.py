"""The documentation follows the code. The man pages are the reference:
wuprobe(1) describes every option of --help and every exit status, the
environment variables and files the code reads; endpoints.conf(5) the list.
Both are read by man itself (groff, every warning on), and their sections
follow man-pages(7). docs/ holds every JSON field, Prometheus metric and CSV
column a real run writes, and every code of the table; README.md stays short
and starts with the proxy recipe; no relative link in README.md or docs/ is
broken."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, WUPROBE

MAN_ENV = dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0", LANG="C.UTF-8", LC_ALL="C.UTF-8")

# man-pages(7), "Sections within a manual page", in its order.
MAN_PAGES_ORDER = ["NAME", "SYNOPSIS", "CONFIGURATION", "DESCRIPTION", "OPTIONS", "EXIT STATUS",
                   "RETURN VALUE", "ERRORS", "ENVIRONMENT", "FILES", "ATTRIBUTES", "VERSIONS",
                   "STANDARDS", "HISTORY", "NOTES", "CAVEATS", "BUGS", "EXAMPLES", "AUTHORS",
                   "REPORTING BUGS", "COPYRIGHT", "SEE ALSO"]

HELP_COL = 26       # where --help's descriptions start


PAGES = ["wuprobe.1", "endpoints.conf.5"]


def render_man(page="wuprobe.1"):
    """man -l with every groff warning on (-ww): (process, plain text)."""
    r = subprocess.run(["man", "--warnings=w", "-l", str(ROOT / page)], capture_output=True,
                       text=True, env=MAN_ENV)
    return r, re.sub(".\b", "", r.stdout)          # overstrike bold and underline


def man_sections(page="wuprobe.1"):
    """The rendered page as [(heading, [lines])], in order."""
    _, text = render_man(page)
    lines = text.splitlines()[1:-1]                 # without the header and footer lines
    sections = []
    for line in lines:
        if line and not line[0].isspace():
            sections.append((line.strip(), []))
        elif sections:
            sections[-1][1].append(line)
    return sections


def section(name, page="wuprobe.1"):
    for heading, lines in man_sections(page):
        if heading == name:
            return lines
    raise AssertionError(f"{page} has no {name} section")


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


@pytest.mark.parametrize("page", PAGES)
def test_man_page_renders_without_warnings(page):
    r, text = render_man(page)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert "DESCRIPTION" in text and "SEE ALSO" in text
    # man-pages(7): a page with a table says so on its first line, for tbl.
    if ".TS" in source(page):
        assert source(page).startswith("'\\\" t\n")


@pytest.mark.parametrize("page", PAGES)
def test_man_page_warnings_are_caught(page):
    """The check above sees groff's warnings: a page with a bad macro fails it."""
    bad = source(page).replace(".SH DESCRIPTION\n", ".SH DESCRIPTION\n.XX undefined\n")
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


def test_endpoints_conf_sections_follow_man_pages_order():
    """endpoints.conf(5) uses only man-pages(7)'s headings, in its order (its
    own topics are subsections of DESCRIPTION, as man-pages(7) advises)."""
    headings = [h for h, _ in man_sections("endpoints.conf.5")]
    assert all(h in MAN_PAGES_ORDER for h in headings), headings
    assert headings == sorted(headings, key=MAN_PAGES_ORDER.index), headings
    for h in ["NAME", "SYNOPSIS", "DESCRIPTION", "FILES", "EXAMPLES", "SEE ALSO"]:
        assert h in headings, f"endpoints.conf.5 has no {h} section"
    assert headings[:2] == ["NAME", "SYNOPSIS"] and headings[-1] == "SEE ALSO"


def test_endpoints_conf_describes_every_key():
    """Every key the parser takes on an endpoint line is a tag of its own in
    endpoints.conf(5), and the SYNOPSIS shows it."""
    src = "".join(p.read_text() for p in sorted((ROOT / "probe").rglob("*.c")))
    keys = set(re.findall(r'\bn == \d+ && memcmp\(t, "([a-z]+)"', src))            # flags
    keys |= {k + "=" for k in re.findall(r'\bkl == \d+ && memcmp\(t, "([a-z]+)"', src)}   # key=value
    assert {"pattern=", "status=", "expect=", "component=", "optional", "pinned", "range", "norange",
            "head"} <= keys, keys
    text = joined(section("DESCRIPTION", "endpoints.conf.5"))
    synopsis = joined(section("SYNOPSIS", "endpoints.conf.5"))
    for k in keys:
        assert re.search(rf"(?<![\w-]){re.escape(k)}", text), f"{k} missing from endpoints.conf(5)"
        assert re.search(rf"(?<![\w-]){re.escape(k)}", synopsis), f"{k} missing from endpoints.conf(5) SYNOPSIS"


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
    for o in opts:
        assert o in man, f"{o} missing from wuprobe.1"


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
    for ref in ["endpoints.conf(5)", "curl(1)", "README.md", "docs/verdicts.md", "docs/formats.md", "WINHTTP",
                "netsh winhttp show proxy"]:
        assert ref in text, f"{ref} missing from SEE ALSO"
    assert "wuprobe(1)" in joined(section("SEE ALSO", "endpoints.conf.5"))


def exit_status_tags():
    """EXIT STATUS's .TP tags: '0', '1', ..., '128+n'."""
    return [m.group(1) for l in section("EXIT STATUS") for m in [re.match(r"^ {7}(\d+(?:\+n)?)(?:\s|$)", l)] if m]


def test_exit_codes_are_documented():
    """The exit codes --help names, and the ones the code computes, are each a
    tag of EXIT STATUS; README's short table has the same codes, no others."""
    tags = exit_status_tags()
    assert tags == ["0", "1", "2", "3", "128+n"], tags
    helped = re.search(r"Exit codes: (.*?)\.?\n(?:See|$)", help_text(), re.S)
    assert helped, "--help: no exit codes"
    for code in re.findall(r"(?:^|,\s+)(\d+) ", helped.group(1)):
        assert code in tags, f"--help's exit code {code} missing from EXIT STATUS"
    src = "".join(p.read_text() for p in sorted((ROOT / "probe").rglob("*.c")))
    run = re.search(r"->exit_code = ([^;]*\?[^;]*);", src)
    assert run, "probe/: no exit_code = ...;"
    for code in set(re.findall(r"\b(\d)\b", run.group(1))):
        assert code in tags, f"exit code {code} missing from EXIT STATUS"
    readme = re.findall(r"^\| (\S+) \|", source("README.md"), re.M)
    assert [c for c in readme if c != "code"] == ["0", "1", "2", "3", "128+N"], readme


def test_localdomain_reaches_the_resolver(probe):
    """ENVIRONMENT says c-ares reads LOCALDOMAIN: a dotless name resolves
    in the search domain it names, and not without it."""
    env = {k: v for k, v in os.environ.items() if k not in ("LOCALDOMAIN", "RES_OPTIONS")}
    without = probe("http://good/\n", "--no-ntp", env=env)
    assert without.ep("http://good/")["cause"] in ("name_not_found", "dns_server_failed", "dns_no_data")
    with_ = probe("http://good/\n", "--no-ntp", env=dict(env, LOCALDOMAIN="lab.test"))
    assert with_.ep("http://good/")["addresses"], with_.out


# docs/: every field, metric and column a real run writes; every code.

def doc_section(path, heading):
    """The text of a markdown file's section (## HEADING) up to the next ##."""
    text = source(path)
    m = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert m, f"{path} has no section '## {heading}'"
    return m.group(1)


def table_rows(text):
    """The first markdown table's rows, each a list of cells (header and rule
    left out)."""
    block = re.search(r"^(\|.*\n)+", text, re.M)
    assert block, "no table"
    rows = [[c.strip() for c in re.split(r"(?<!\\)\|", l.strip()[1:-1])] for l in block.group(0).splitlines()
            if not re.match(r"^\|[-| :]+\|$", l)]
    return rows[1:]


def json_paths(doc, prefix=""):
    """Every field of a JSON document as a path: endpoints[].tls.chain[].sha256.
    policy.values holds the policy's own names, not fields: it is a leaf."""
    out = set()
    if isinstance(doc, dict):
        for k, v in doc.items():
            p = f"{prefix}.{k}" if prefix else k
            out.add(p)
            if p != "policy.values":
                out |= json_paths(v, p)
    elif isinstance(doc, list):
        for v in doc:
            out |= json_paths(v, prefix + "[]")
    return out


def documented_json_fields():
    rows = table_rows(doc_section("docs/formats.md", "JSON"))
    fields = [re.fullmatch(r"`([a-z0-9_.\[\]]+)`", r[0]) for r in rows]
    assert all(fields), [r[0] for r, f in zip(rows, fields) if not f]
    return {f.group(1) for f in fields}


def code_json_keys():
    """Every key the code writes into a JSON report (jw_str(w, "key", ...),
    code_json(w, "code", "code_name", ...))."""
    src = "".join(p.read_text() for p in sorted((ROOT / "probe").rglob("*.c")))
    keys = set(re.findall(r'\bjw_[a-z]+\(&?w, "([a-z0-9_]+)"', src))
    for pair in re.findall(r'\bcode_json\(&?w, "([a-z_]+)", "([a-z_]+)"', src):
        keys |= set(pair)
    assert {"version", "endpoints", "skew_s", "sha256", "wpad_tried", "secondary_name"} <= keys, keys
    return keys


def test_every_json_field_is_documented(probe, tmp_path):
    """The fields of real runs (the shipped list with an SNTP server and one
    server's Date both outvoted, a failing endpoint; WPAD, a WSUS policy; a
    run that cannot run) are each a row of docs/formats.md's JSON table, and
    so is every key the code writes; the table names no field the code does
    not write."""
    documented = documented_json_fields()
    shipped = source("endpoints.conf") + "[skew]\nhttp://skewdate.lab.test/\nhttps://expired.lab.test/\n"
    direct = probe(shipped, "--ntp", "ntp-ahead.lab.test")
    assert {d["source"] for d in direct.doc["clock"]["disagreeing"]} == {"sntp", "date"}, direct.doc["clock"]
    wpad = probe("[wu] component=wu-scan\nhttps://fe2.update.microsoft.com/\n", "--wpad", "--domain",
                 "branch.corp.lab.test", "--policy-from", str(ROOT / "tests/samples/policy/wsus-only-utf16.txt"))
    assert wpad.doc["autoproxy"]["wpad_tried"] and wpad.doc["policy"] and wpad.doc["codes"] is not None
    failed = tmp_path / "failed.json"
    r = subprocess.run([str(WUPROBE), "--no-such-option", "--json-file", str(failed)], capture_output=True, text=True)
    assert r.returncode == 3
    fromlog = probe("https://good.lab.test/\n", "--from-log", str(ROOT / "tests/samples/logs/legacy-utf16.log"),
                    "--no-ntp")
    assert fromlog.doc["from_log"]["logged"], fromlog.err
    seen = (json_paths(direct.doc) | json_paths(wpad.doc) | json_paths(json.loads(failed.read_text())) |
            json_paths(fromlog.doc))
    assert not seen - documented, f"fields missing from docs/formats.md: {sorted(seen - documented)}"
    keys = code_json_keys()
    leaves = {p.split(".")[-1].rstrip("[]") for p in documented}
    assert not keys - leaves, f"keys the code writes, missing from docs/formats.md: {sorted(keys - leaves)}"
    assert not leaves - keys, f"docs/formats.md documents fields the code does not write: {sorted(leaves - keys)}"


def documented_metrics():
    """docs/formats.md's metric table: {metric: {labels}}."""
    rows = table_rows(doc_section("docs/formats.md", "Prometheus metrics"))
    metrics = {}
    for r in rows:
        m = re.fullmatch(r"`(wuprobe_[a-z_]+)`", r[0])
        assert m, r
        metrics[m.group(1)] = set(re.findall(r"`([a-z_]+)`", r[1]))
    return metrics


def test_every_metric_is_documented(probe, tmp_path):
    """Every metric of a real run (an HTTPS endpoint, a failing one; a run
    that cannot run) and every metric name in the code is a row of
    docs/formats.md's metric table, with each label the run gives it."""
    documented = documented_metrics()
    r = probe("https://good.lab.test/\nhttp://status.lab.test/blockpage.cab expect=cab\n", fmt="prometheus")
    failed = tmp_path / "failed.prom"
    subprocess.run([str(WUPROBE), "--no-such-option", "-f", "prometheus", "-o", str(failed)], capture_output=True)
    seen = {}
    for line in (r.out + failed.read_text()).splitlines():
        if line.startswith("#") or not line:
            continue
        m = re.match(r"(wuprobe_[a-z_]+)(?:\{(.*)\})? ", line)
        assert m, line
        seen.setdefault(m.group(1), set()).update(re.findall(r'([a-z_]+)="', m.group(2) or ""))
    assert "wuprobe_endpoint_cert_not_after_timestamp_seconds" in seen and "wuprobe_clock_status" in seen
    for metric, labels in seen.items():
        assert metric in documented, f"{metric} missing from docs/formats.md"
        assert labels <= documented[metric], f"{metric}: labels {labels - documented[metric]} not documented"
    src = "".join(p.read_text() for p in sorted((ROOT / "probe").rglob("*.c")))
    in_code = set(re.findall(r'"(wuprobe_[a-z_]+)', src))
    assert in_code and not in_code - set(documented), f"missing from docs/formats.md: {in_code - set(documented)}"
    assert not set(documented) - in_code, f"documented but not written: {set(documented) - in_code}"


def test_every_csv_column_is_documented(probe):
    r = probe("https://good.lab.test/\n", fmt="csv")
    header = r.out.splitlines()[0].split(",")
    rows = table_rows(doc_section("docs/formats.md", "CSV columns"))
    assert [re.fullmatch(r"`([a-z_]+)`", c[0]).group(1) for c in rows] == header


def test_every_code_is_in_verdicts():
    """Every code of the table (codes.c) is a row of docs/verdicts.md's
    'Every code', with its name, the fix the report prints, and a source."""
    src = "".join(p.read_text() for p in sorted((ROOT / "probe").rglob("*.c")))
    table = re.findall(r'\{ 0x([0-9A-F]{8})u, "([A-Z_0-9]+)",\s*"((?:[^"\\]|\\.)*)" \}', src)
    assert len(table) > 30 and ("80072EE7", "ERROR_WINHTTP_NAME_NOT_RESOLVED") in [(c, n) for c, n, _ in table]
    rows = {r[0]: r for r in table_rows(doc_section("docs/verdicts.md", "Every code"))}
    for code, name, fix in table:
        row = rows.get(f"0x{code}")
        assert row, f"0x{code} {name} missing from docs/verdicts.md"
        assert row[1] == name, row
        assert row[3] == fix.replace('\\"', '"').replace("|", "\\|"), f"0x{code}: the fix differs from codes.c"
        assert re.fullmatch(r"\[[A-Z]+\]", row[4]), row
    sources = set(re.findall(r"^- \[([A-Z]+)\] ", source("docs/verdicts.md"), re.M))
    assert {r[4].strip("[]") for r in rows.values()} <= sources


def test_every_from_log_csv_column_is_documented(lab):
    r = subprocess.run([str(WUPROBE), "--from-log", str(ROOT / "tests/samples/logs/bits.txt"), "--no-ntp",
                        "--timeout", "1", "-f", "csv"], capture_output=True, text=True)
    header = r.stdout.splitlines()[0].split(",")
    rows = table_rows(doc_section("docs/formats.md", "CSV columns with --from-log"))
    assert [re.fullmatch(r"`([a-z_]+)`", c[0]).group(1) for c in rows] == header


def test_every_explained_code_is_in_explain_md():
    """Every row of --explain's table (probe/explain/notes.c) is a row of
    docs/explain.md's 'Every code --explain knows', with the name, kind and
    source wuprobe prints; every source is listed. (The report's own codes,
    codes.c, stay in docs/verdicts.md: the test above.)"""
    src = (ROOT / "probe/explain/notes.c").read_text()
    codes = re.findall(r'\{ (0x[0-9A-F]{8})u, "[A-Za-z_0-9]+"', src)
    assert len(codes) > 70
    r = subprocess.run([str(WUPROBE), "-f", "json", "--explain", *codes], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    rows = {r[0]: r for r in table_rows(doc_section("docs/explain.md", "Every code --explain knows"))}
    assert set(rows) == set(codes), set(rows) ^ set(codes)
    for e in json.loads(r.stdout)["explain"]:
        row = rows[e["code"]]
        assert row[1] == e["name"] + (f" ({e['alias']})" if e["alias"] else ""), row
        assert (row[2], row[4]) == (e["kind"], f"[{e['source']}]"), row
    sources = set(re.findall(r"^- \[([A-Z]+)\] ", source("docs/explain.md"), re.M))
    assert {r[4].strip("[]") for r in rows.values()} <= sources


def man_examples(page):
    """The .EX blocks of a page, as text."""
    return [re.sub(r"\\(.)", r"\1", b) for b in re.findall(r"^\.EX\n(.*?)^\.EE$", source(page), re.M | re.S)]


def test_endpoints_conf_examples_parse(probe):
    """Each example of endpoints.conf(5) is a list wuprobe takes: the run
    probes it (exit 0-2), it is not refused (exit 3)."""
    examples = man_examples("endpoints.conf.5")
    assert len(examples) == 2
    for ex in examples:
        r = probe(ex, "--no-ntp", timeout="1")
        assert r.rc in (0, 1, 2), r.err
        assert r.doc["endpoints"], ex


def test_readme_is_short_and_starts_with_the_proxy_recipe():
    """README.md is read in five minutes: at most 200 lines, and the recipe
    for a Windows machine's proxy (netsh winhttp show proxy, then
    --proxy-from) is within its first 80."""
    lines = source("README.md").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines"
    head = "\n".join(lines[:80])
    assert "netsh winhttp show proxy > proxy.txt" in head, "the netsh recipe is not in README.md's first 80 lines"
    assert re.search(r"^ {4}wuprobe --proxy-from proxy\.txt$", head, re.M), \
        "wuprobe --proxy-from is not in README.md's first 80 lines"


def anchors(path):
    """The anchors GitHub makes for a markdown file's headings."""
    out = set()
    for h in re.findall(r"^#+ (.*)$", path.read_text(), re.M):
        a = re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
        out.add(a)
    return out


def relative_links():
    """[(file, target)] for every relative link of README.md and docs/."""
    files = [ROOT / "README.md"] + sorted((ROOT / "docs").rglob("*.md"))
    links = []
    for f in files:
        text = re.sub(r"^(?: {4}|\t).*$", "", f.read_text(), flags=re.M)      # not in code blocks
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if not re.match(r"[a-z]+:", target):
                links.append((f, target))
    return links


def test_relative_links_resolve():
    """Every relative link in README.md and docs/ names a file that exists,
    and an anchor it has."""
    links = relative_links()
    assert len(links) > 30
    for f, target in links:
        path, _, anchor = target.partition("#")
        dest = (f.parent / path).resolve() if path else f
        assert dest.is_file(), f"{f.relative_to(ROOT)}: link to {target}: no such file"
        assert ROOT in dest.parents, f"{f.relative_to(ROOT)}: link to {target} leaves the tree"
        if anchor:
            assert dest.suffix == ".md" and anchor in anchors(dest), \
                f"{f.relative_to(ROOT)}: link to {target}: no such heading"

"""The PAC download and the WPAD walk (probe/pac/pac_fetch.c, pac_download.c,
wpad.c) against the lab's nginx, dnsmasq and hostile servers, through
build/san/pacfetch_try (the library under ASan and UBSan): the content types
and extensions WinHTTP accepts, statuses, redirects, size, TLS trust, the
direct route whatever the environment's proxy, the DNS servers given, and the
WPAD names at several suffix depths (tests/lab/pac/README lists them)."""
import os
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT

TRY = ROOT / "build" / "san" / "pacfetch_try"
PAC = ROOT / "tests" / "lab" / "pac"
CA = os.environ.get("WUPROBE_LAB_CA", "")
NOTE_PREFIX = "DHCP option 252 is not checked from here"


class Fetch:
    def __init__(self, proc, elapsed):
        self.rc = proc.returncode
        self.err = proc.stderr
        self.elapsed = elapsed
        head, sep, self.body = proc.stdout.partition("\n--\n")
        self.lines = head.splitlines()
        if not sep:
            self.body = None

    def field(self, key):
        vals = [l[len(key) + 2:] for l in self.lines if l.startswith(key + ": ")]
        return vals[0] if vals else None

    @property
    def tries(self):
        """[(name, url, outcome)] of a WPAD walk."""
        out = []
        for l in self.lines:
            if l.startswith("try: "):
                name, url, rest = l[5:].split(" ", 2)
                out.append((name, url, rest.removeprefix("-> ")))
        return out


def fetch(*args, env=None, timeout=3, prefix=()):
    cmd = list(prefix) + [str(TRY), "-t", str(timeout)] + list(args)
    e = dict(env if env is not None else os.environ)
    e["ASAN_OPTIONS"] = "detect_leaks=1"
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=e)
    r = Fetch(proc, time.monotonic() - t0)
    assert r.err == "", r.err          # no sanitizer report, no stray output
    return r


def load(source, *opts, **kw):
    return fetch(*opts, "load", source, **kw)


def ok(r, script):
    assert r.rc == 0, r.lines
    assert r.field("error") is None
    assert r.body == (PAC / script).read_text()
    assert int(r.field("bytes")) == len((PAC / script).read_bytes())


def failed(r, message):
    assert r.rc == 1
    assert r.body is None
    assert r.field("error") == message


# The content type WinHTTP wants, or else the extension (KB 4025058).
def test_typed_pac_loads_without_a_note(lab):
    r = load("http://pac.lab.test/by-host.pac")
    ok(r, "by-host.pac")
    assert r.field("name") == "http://pac.lab.test/by-host.pac"
    assert r.field("note") is None


def test_right_type_needs_no_extension(lab):
    r = load("http://pac.lab.test/typed/by-net")
    ok(r, "by-net.pac")
    assert r.field("note") is None


def test_wrong_type_without_extension_is_not_a_pac_file(lab):
    failed(load("http://pac.lab.test/html/by-host"),
           "http://pac.lab.test/html/by-host: not a PAC file: content type text/html (WinHTTP wants "
           "application/x-ns-proxy-autoconfig or a path ending in .pac, .dat, .js or .jvs)")


def test_javascript_config_type_is_not_winhttps(lab):
    r = load("http://pac.lab.test/jsconfig/by-host")
    assert r.rc == 1
    assert r.field("error").startswith(
        "http://pac.lab.test/jsconfig/by-host: not a PAC file: content type application/x-javascript-config")


def test_wrong_type_with_pac_extension_loads_with_a_note(lab):
    r = load("http://pac.lab.test/html/by-host.pac")
    ok(r, "by-host.pac")
    assert r.field("note") == ("served as text/html, not application/x-ns-proxy-autoconfig: "
                               "WinHTTP takes it for the extension of its path")


# Statuses, redirects, size.
def test_404(lab):
    failed(load("http://pac.lab.test/missing.pac"), "http://pac.lab.test/missing.pac: HTTP 404")


def test_redirect_is_followed(lab):
    r = load("http://pac.lab.test/redirect/ex")
    ok(r, "ex.pac")
    assert r.field("name") == "http://pac.lab.test/redirect/ex"


def test_redirect_from_https_to_http_is_refused(lab):
    failed(load("https://pac.lab.test/to-http", "-c", CA),
           "https://pac.lab.test/to-http: redirect from https to http (http://pac.lab.test/by-host.pac)")


def test_endless_redirects_stop_after_five(lab):
    r = load("http://status.lab.test/chain/")
    assert r.rc == 1
    assert r.field("error") == ("http://status.lab.test/chain/: more than 5 redirects "
                                "(next to http://status.lab.test/chain/aaaaaa)")


@pytest.fixture
def generated(lab):
    d = Path(lab) / "pac-gen"
    d.mkdir(exist_ok=True)
    return d


def test_one_mib_loads_and_a_byte_more_does_not(generated):
    (generated / "max.pac").write_bytes(b" " * (1 << 20))
    (generated / "big.pac").write_bytes(b" " * ((1 << 20) + 1))
    r = load("http://pac.lab.test/gen/max.pac")
    assert r.rc == 0 and int(r.field("bytes")) == 1 << 20
    failed(load("http://pac.lab.test/gen/big.pac"),
           "http://pac.lab.test/gen/big.pac: larger than 1 MiB (WinHTTP rejects PAC files over 1 MB)")


# TLS: the system store, and the CA file given.
def test_https_needs_the_ca_file(lab):
    r = load("https://pac.lab.test/by-net.pac")
    assert r.rc == 1
    assert r.field("error").startswith(
        "https://pac.lab.test/by-net.pac: server certificate not trusted or not for this name")
    ok(load("https://pac.lab.test/by-net.pac", "-c", CA), "by-net.pac")


def test_unreadable_ca_file(lab, tmp_path):
    bad = tmp_path / "empty.pem"
    bad.write_text("")
    failed(load("https://pac.lab.test/by-net.pac", "-c", str(bad)),
           f"https://pac.lab.test/by-net.pac: cannot read the CA file {bad}")


# Connections: always direct, names from the DNS servers given.
def test_environment_proxy_is_not_used(lab):
    """WinHTTP fetches the script directly; curl would otherwise take these."""
    env = dict(os.environ)
    for k in ("http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        env[k] = "http://deadproxy.lab.test:3128"
    env.pop("no_proxy", None)
    env.pop("NO_PROXY", None)
    ok(load("http://pac.lab.test/by-host.pac", env=env), "by-host.pac")
    ok(load("https://pac.lab.test/by-host.pac", "-c", CA, env=env), "by-host.pac")


def test_connection_refused(lab):
    failed(load("http://refused.lab.test/proxy.pac"), "http://refused.lab.test/proxy.pac: connection refused")


def test_no_route(lab):
    failed(load("http://unreachable.lab.test/proxy.pac"), "http://unreachable.lab.test/proxy.pac: no route to host")


def test_silent_server_times_out_within_the_budget(lab):
    r = load("http://hang.lab.test/proxy.pac", timeout=1)
    failed(r, "http://hang.lab.test/proxy.pac: timed out after 1 s")
    assert 0.9 < r.elapsed < 3


def test_no_such_name(lab):
    failed(load("http://nosuch.lab.test/proxy.pac"),
           "http://nosuch.lab.test/proxy.pac: cannot resolve nosuch.lab.test: no such name")


def test_names_come_from_the_dns_servers_given(lab):
    """/etc/resolv.conf (dnsmasq) would answer; the servers given do not."""
    failed(load("http://pac.lab.test/by-host.pac", "-d", "127.0.0.53"),   # answers SERVFAIL
           "http://pac.lab.test/by-host.pac: cannot resolve pac.lab.test: "
           "the DNS server failed or refused (SERVFAIL, REFUSED, or none listening)")
    r = load("http://pac.lab.test/by-host.pac", "-d", "127.0.0.54", timeout=1)
    failed(r, "http://pac.lab.test/by-host.pac: cannot resolve pac.lab.test: DNS did not answer in 1 s")
    assert r.elapsed < 3
    ok(load("http://pac.lab.test/by-host.pac", "-d", "127.0.0.1"), "by-host.pac")


# Sources that are no URL WinHTTP takes, and files.
def test_other_schemes_are_refused(lab):
    for src in ("ftp://pac.lab.test/by-host.pac", "file://" + str(PAC / "by-host.pac")):
        failed(load(src), f"{src}: WinHTTP takes only http:// and https:// PAC URLs (give a local file as a path)")


def test_a_path_is_read(lab):
    r = load(str(PAC / "loop.pac"))
    ok(r, "loop.pac")
    assert r.field("name") == str(PAC / "loop.pac")


# WPAD over DNS: wpad.<suffix>, devolving to two labels.
def test_wpad_devolves_to_the_first_name_that_resolves(lab):
    r = fetch("wpad", "branch.corp.lab.test")
    ok(r, "corp.pac")
    assert r.tries == [
        ("wpad.branch.corp.lab.test", "http://wpad.branch.corp.lab.test/wpad.dat", "no such name"),
        ("wpad.corp.lab.test", "http://wpad.corp.lab.test/wpad.dat", f"found (127.0.7.1; {r.field('bytes')} bytes)"),
    ]
    assert r.field("found") == "http://wpad.corp.lab.test/wpad.dat"
    assert r.field("name") == "http://wpad.corp.lab.test/wpad.dat"
    assert r.field("limits").startswith(NOTE_PREFIX)
    assert "global query block list" in r.field("limits")


def test_wpad_name_only_in_the_hosts_file(lab, tmp_path):
    """c-ares 1.18 skips /etc/hosts without a word when it cannot open it
    (hosts_skipped makes it do so): a wpad name only the file knows looked
    absent, a false 0x80072F94. The negative answer is checked against the
    file, and the walk finds the name (its download is another matter)."""
    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.1 localhost\n127.0.7.1 wpad.hostsonly.lab.test\n")
    prefix = ["unshare", "--mount", "--", "sh", "-c", 'mount --bind "$0" /etc/hosts && exec "$@"', str(hosts)]
    r = fetch("wpad", "hostsonly.lab.test", prefix=prefix, env=dict(os.environ, WUPROBE_FAULT="hosts_skipped"))
    assert r.field("found") == "http://wpad.hostsonly.lab.test/wpad.dat", r.lines
    assert r.tries[0][2].startswith("resolves (127.0.7.1)"), r.tries


def test_wpad_walk_that_could_not_check_the_hosts_file(lab):
    """The same check, with /etc/hosts not to be opened for want of
    descriptors: the walk stops there, as this machine's failure, not "no
    such name" down to the last suffix."""
    r = fetch("wpad", "a.nowhere.lab.test", env=dict(os.environ, WUPROBE_FAULT="hosts_unreadable"))
    msg = "this machine could not open /etc/hosts to check the name: Too many open files in system"
    assert r.tries == [("wpad.a.nowhere.lab.test", "http://wpad.a.nowhere.lab.test/wpad.dat", msg)]
    assert r.field("error") == "wpad.a.nowhere.lab.test: " + msg


def test_wpad_on_the_suffix_itself(lab):
    r = fetch("wpad", "Corp.Lab.Test.")
    ok(r, "corp.pac")
    assert [t[0] for t in r.tries] == ["wpad.corp.lab.test"]
    assert r.field("domain") == "corp.lab.test"


def test_wpad_finds_nothing_down_to_two_labels(lab):
    r = fetch("wpad", "a.b.nowhere.lab.test")
    assert r.rc == 1 and r.body is None
    assert r.tries == [(f"wpad.{s}", f"http://wpad.{s}/wpad.dat", "no such name")
                       for s in ("a.b.nowhere.lab.test", "b.nowhere.lab.test", "nowhere.lab.test", "lab.test")]
    assert r.field("found") == ""
    assert r.field("error") == "no wpad name under a.b.nowhere.lab.test resolves (4 tried)"
    assert r.field("limits").startswith(NOTE_PREFIX)


def test_wpad_stops_where_a_name_resolves_even_if_its_download_fails(lab):
    """Detection only looks names up: wpad.lab.test is never asked."""
    r = fetch("wpad", "branch.refused.lab.test")
    assert r.rc == 1 and r.body is None
    assert r.tries == [
        ("wpad.branch.refused.lab.test", "http://wpad.branch.refused.lab.test/wpad.dat", "no such name"),
        ("wpad.refused.lab.test", "http://wpad.refused.lab.test/wpad.dat",
         "resolves (127.0.2.7), download failed: connection refused"),
    ]
    assert r.field("found") == "http://wpad.refused.lab.test/wpad.dat"
    assert r.field("error") == "http://wpad.refused.lab.test/wpad.dat: connection refused"


def test_wpad_404(lab):
    r = fetch("wpad", "gone.lab.test")
    assert r.rc == 1
    assert r.tries[-1][2] == "resolves (127.0.7.1), download failed: HTTP 404"
    assert r.field("found") == "http://wpad.gone.lab.test/wpad.dat"
    assert r.field("error") == "http://wpad.gone.lab.test/wpad.dat: HTTP 404"


def test_wpad_dat_is_taken_whatever_its_type(lab):
    r = fetch("wpad", "plaintype.lab.test")
    ok(r, "corp.pac")
    assert r.field("note").startswith("served as text/plain, not application/x-ns-proxy-autoconfig")


def test_wpad_with_a_silent_dns_server_asks_each_name_within_the_budget(lab):
    r = fetch("-d", "127.0.0.54", "wpad", "x.lab.test", timeout=1)
    assert r.rc == 1
    assert [t[0] for t in r.tries] == ["wpad.x.lab.test", "wpad.lab.test"]
    assert all(t[2].startswith("DNS did not answer in ") for t in r.tries)
    assert r.field("found") == ""
    assert r.elapsed < 4


def test_wpad_domain_defaults_to_the_search_line(lab, tmp_path):
    conf = tmp_path / "resolv.conf"
    conf.write_text("nameserver 127.0.0.1\ndomain ignored.lab.test\nsearch branch.corp.lab.test lab.test\n")
    r = fetch("wpad", prefix=["unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                              f'mount --bind "$0" /etc/resolv.conf && exec "$@"', str(conf)])
    ok(r, "corp.pac")
    assert r.field("domain") == "branch.corp.lab.test"
    assert [t[0] for t in r.tries] == ["wpad.branch.corp.lab.test", "wpad.corp.lab.test"]


def test_wpad_bad_domain(lab):
    r = fetch("wpad", "bad..lab.test")
    assert r.rc == 1 and r.tries == []
    assert r.field("error").startswith("domain bad..lab.test: not a DNS domain name")

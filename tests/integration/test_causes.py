"""Causes (issue 23): the failures grouped by the hop they share, first in
every format, each with one fix for that hop's owner; the advice printed
with a code never contradicts its cause."""
import os
import subprocess
from pathlib import Path

from conftest import ROOT, WUPROBE

CA = os.environ.get("WUPROBE_LAB_CA", "")


def env_without_proxy():
    return {k: v for k, v in os.environ.items()
            if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "wuprobe_proxy_password")}


def causes(r):
    return r.doc["causes"]


def test_dead_proxy_is_one_cause_for_the_whole_list(probe):
    """The default list through a proxy where nothing listens: one cause, the
    proxy named, all 21 endpoints, and no firewall advice anywhere."""
    conf = (ROOT / "endpoints.conf").read_text()
    args = ("--proxy", "deadproxy.lab.test:3128", "--no-ntp")
    r = probe(conf, *args, env=env_without_proxy())
    n = len(r.doc["endpoints"])
    assert n == 21 and r.rc == 2
    (c,) = causes(r)
    assert (c["hop"], c["kind"], c["who"], c["count"]) == ("proxy", "refuses", "deadproxy.lab.test:3128", 21), c
    assert c["endpoints"] == list(range(21)) and c["codes"] == ["0x80072EFD"]
    assert c["owner"] == "the proxy's owners" and "WinHTTP proxy" in c["fix"]
    assert c["text"] == "proxy deadproxy.lab.test:3128 refuses connections: 21 of 21 endpoints"
    (code,) = r.doc["codes"]
    assert code["fix"] == c["fix"] and "outbound TCP" not in code["fix"]
    # text: the cause before the table, once; -q keeps it; no firewall advice
    for quiet in ((), ("-q",)):
        t = probe(conf, *args, *quiet, fmt="text", env=env_without_proxy())
        assert t.out.count("refuses connections") == 1, t.out
        assert t.out.index("Causes (largest first):") < t.out.index("CODE")
        assert "outbound TCP" not in t.out and "proxy's owners" in t.out
    n = probe(conf, *args, fmt="nagios", env=env_without_proxy())
    assert n.out.startswith("WUPROBE CRITICAL - 0 of 21 endpoints ok, 15 failed, 6 warn; cause: proxy "
                            "deadproxy.lab.test:3128 refuses connections: 21 of 21 endpoints "), n.out
    p = probe(conf, *args, fmt="prometheus", env=env_without_proxy())
    series = [l for l in p.out.splitlines() if l.startswith("wuprobe_cause_endpoints")]
    assert series == ['wuprobe_cause_endpoints{hop="proxy",kind="refuses"} 21'], series
    j = probe(conf, *args, fmt="junit", env=env_without_proxy())
    assert '<property name="cause.1" value="proxy deadproxy.lab.test:3128 refuses connections' in j.out
    assert "outbound TCP" not in j.out and j.out.count("cause 1: proxy deadproxy") == 15
    v = probe(conf, *args, fmt="csv", env=env_without_proxy())
    rows = v.out.splitlines()[1:]
    assert len(rows) == 21 and all(",1,proxy,refuses,proxy deadproxy" in row for row in rows), rows[0]


def test_resolver_nxdomain_for_one_zone(probe):
    conf = ("https://a.nxzone.lab.test/\nhttps://b.nxzone.lab.test/\nhttps://c.nxzone.lab.test/\n"
            "https://good.lab.test/\n")
    r = probe(conf, "--dns-server", "127.0.0.1", "--no-ntp")
    (c,) = causes(r)
    assert (c["hop"], c["kind"], c["who"], c["count"], c["endpoints"]) == \
        ("resolver", "nxdomain", "127.0.0.1", 3, [0, 1, 2]), c
    assert c["text"] == "resolver 127.0.0.1 answers NXDOMAIN for *.nxzone.lab.test: 3 of 4 endpoints"
    assert c["owner"] == "the DNS owners"


def test_inspecting_ca_on_pinned_endpoints(probe):
    conf = ("https://good.lab.test/ pinned\nhttps://fe2.update.microsoft.com/ pinned\n"
            "https://sls.update.microsoft.com/ pinned\nhttps://good.lab.test/plain\n")
    r = probe(conf, "--proxy", "squid-bump.lab.test:3128", "--no-ntp", env=env_without_proxy())
    (c,) = causes(r)
    assert (c["hop"], c["kind"], c["count"]) == ("tls_inspection", "inspects", 3), c
    assert "Contoso TLS Inspection CA" in c["who"] and "Contoso TLS Inspection CA" in c["text"]
    assert "Exempt the update hosts from TLS inspection" in c["fix"]
    (code,) = r.doc["codes"]
    assert code["fix"] == c["fix"] and "allow TLS 1.2" not in code["fix"]


def test_sinkholed_names_are_one_dns_filter(probe):
    conf = "http://sinkhole-zero.lab.test/\nhttp://sinkhole-loop.lab.test/\nhttp://sinkhole-six.lab.test/\n"
    r = probe(conf, "--dns-server", "127.0.0.1", "--no-ntp")
    (c,) = causes(r)
    assert (c["hop"], c["kind"], c["who"], c["count"]) == ("dns_filter", "sinkhole", "127.0.0.1", 3), c
    assert "DNS filter" in c["fix"]
    (code,) = r.doc["codes"]
    assert "outbound TCP" not in code["fix"]


def test_clock_hours_off_is_one_cause(lab, tmp_path):
    """30 hours behind: the lab's certificates (valid from a day ago) look not
    yet valid; one cause, the clock, with how far and against what."""
    import json
    conf = tmp_path / "c.conf"
    conf.write_text("https://good.lab.test/\nhttps://chained.lab.test/\nhttp://good.lab.test/\n")
    p = subprocess.run(["faketime", "-f", "-30h", str(WUPROBE), "-c", str(conf), "--ca-bundle", CA,
                        "--timeout", "3", "-f", "json"], capture_output=True, text=True, timeout=60)
    d = json.loads(p.stdout)
    (c,) = d["causes"]
    assert (c["hop"], c["kind"], c["count"]) == ("clock", "skew", 2), c
    assert "behind" in c["who"] and "w32tm" in c["fix"] and c["owner"] == "this machine's administrators"


def test_failing_pac_is_one_cause(probe):
    conf = "http://good.lab.test/\nhttps://good.lab.test/\n"
    r = probe(conf, "--pac", "http://pac.lab.test/syntax-error.pac", "--no-ntp", env=env_without_proxy())
    (c,) = causes(r)
    assert (c["hop"], c["kind"], c["who"], c["count"], c["status"]) == \
        ("pac", "script_fails", "http://pac.lab.test/syntax-error.pac", 2, "warn"), c
    assert "static route" in c["text"] and r.rc == 1


def test_mixed_run_tells_two_causes_and_a_lone_failure_apart(probe):
    conf = ("https://a.nxzone.lab.test/\nhttp://sinkhole-zero.lab.test/\nhttps://b.nxzone.lab.test/\n"
            "https://expired.lab.test/\nhttp://sinkhole-loop.lab.test/\nhttps://good.lab.test/\n")
    r = probe(conf, "--dns-server", "127.0.0.1", "--no-ntp")
    got = [(c["hop"], c["kind"], c["endpoints"]) for c in causes(r)]
    assert got == [("resolver", "nxdomain", [0, 2]), ("dns_filter", "sinkhole", [1, 4]),
                   ("endpoint", "cert_expired", [3])], got
    lone = causes(r)[2]
    assert lone["who"] == "https://expired.lab.test/" and lone["owner"] is None
    t = probe(conf, "--dns-server", "127.0.0.1", "--no-ntp", fmt="text")
    assert "  1. FAIL  resolver 127.0.0.1 answers NXDOMAIN for *.nxzone.lab.test: 2 of 6 endpoints" in t.out
    assert "  3. FAIL  https://expired.lab.test/: " in t.out


def test_pac_failing_for_one_url_names_that_endpoint(lab, probe):
    """FindProxyForURL throws for one URL only: the PAC cause explains that
    endpoint (it went the static way, so its record has no PAC route)."""
    gen = lab / "pac-gen"
    gen.mkdir(exist_ok=True)
    (gen / "one-url.pac").write_text(
        'function FindProxyForURL(url, host) {\n'
        '  if (url.indexOf("/plain") >= 0) return isPlainHostName(null) ? "DIRECT" : "DIRECT";\n'
        '  return "DIRECT";\n'
        '}\n')
    conf = "http://good.lab.test/\nhttp://good.lab.test/plain\n"
    r = probe(conf, "--pac", "http://pac.lab.test/gen/one-url.pac", "--no-ntp", env=env_without_proxy())
    (c,) = causes(r)
    assert (c["hop"], c["kind"], c["endpoints"], c["codes"]) == ("pac", "script_fails", [1], ["0x80072F86"]), c
    assert r.doc["autoproxy"]["url_errors"] == 1 and r.rc == 1

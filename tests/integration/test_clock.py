"""The clock against the lab's SNTP servers and Date headers, and the probe
run under faketime so that its own clock is years off while the lab's is right."""
import os
import subprocess

import pytest

from conftest import ROOT, WUPROBE

CA = os.environ.get("WUPROBE_LAB_CA", "")
CONF = "https://good.lab.test/\nhttp://good.lab.test/\nhttps://chained.lab.test/\n"


@pytest.mark.parametrize("server,status,skew,rc", [
    ("time.windows.com", "ok", 0, 0),
    ("ntp-ahead.lab.test", "warn", -600, 1),      # the reference is ahead: this machine is behind
    ("ntp-behind.lab.test", "warn", 600, 1),
])
def test_sntp_reference(probe, server, status, skew, rc):
    r = probe(CONF, "--ntp", server)
    c = r.doc["clock"]
    assert (c["status"], r.rc, r.doc["status"]) == (status, rc, "ok" if rc == 0 else "warn")
    assert abs(c["skew_s"] - skew) < 1.0 and c["uncertainty_s"] < 0.5
    assert c["reference"].startswith(f"SNTP {server} (127.0.5.")
    assert c["ntp"]["error"] is None
    # three Date headers agree with a right SNTP server; none with a wrong one
    assert c["sources"] == (4 if skew == 0 else 1) and c["sources_answered"] == 4
    assert all(e["status"] == "ok" for e in r.doc["endpoints"])   # a warning clock fails no endpoint


@pytest.mark.parametrize("server,error", [
    ("ntp-kiss.lab.test", "kiss-o'-death (RATE)"),
    ("ntp-badorigin.lab.test", "does not echo our request"),
    ("ntp-silent.lab.test", "no SNTP reply"),
    ("nosuch.lab.test", "does not resolve"),
])
def test_sntp_failures_fall_back_to_date(probe, server, error):
    r = probe(CONF, "--ntp", server, timeout="1.5")
    c = r.doc["clock"]
    assert error in c["ntp"]["error"]
    assert c["reference"] == "the Date headers of 3 HTTP responses" and c["uncertainty_s"] == 1.0
    assert c["status"] == "ok" and abs(c["skew_s"]) < 1.5 and r.rc == 0
    assert r.elapsed < 3.0


def test_skewed_date_header(probe):
    r = probe("http://skewdate.lab.test/\n", "--no-ntp")
    c = r.doc["clock"]
    assert c["ntp"] is None and c["status"] == "warn" and r.rc == 1
    assert abs(c["skew_s"] - 3600) < 2 and c["reference"] == "the Date headers of 1 HTTP response"
    # with SNTP, the odd Date header is outvoted: it does not agree
    r = probe("http://skewdate.lab.test/\n" + CONF)
    assert r.doc["clock"]["status"] == "ok" and r.doc["clock"]["sources"] == 4
    assert r.doc["clock"]["sources_answered"] == 5


def test_max_skew_and_time_section(probe):
    r = probe(CONF, "--ntp", "ntp-ahead.lab.test", "--max-skew", "900")
    assert r.doc["clock"]["status"] == "ok" and r.rc == 0
    r = probe("[time]\nntp = ntp-behind.lab.test\n[wu]\n" + CONF)
    assert r.doc["clock"]["reference"].startswith("SNTP ntp-behind.lab.test") and r.rc == 1
    r = probe("[time]\nntp = ntp-behind.lab.test\n[wu]\n" + CONF, "--ntp", "time.windows.com")
    assert r.doc["clock"]["status"] == "ok"


def run_faked(offset, conf, tmp_path, *args):
    path = tmp_path / "c.conf"
    path.write_text(conf)
    p = subprocess.run(["faketime", "-f", offset, str(WUPROBE), "-c", str(path), "--ca-bundle", CA,
                        "--timeout", "3", "-f", "json", *args], capture_output=True, text=True, timeout=60)
    import json
    return p.returncode, json.loads(p.stdout)


@pytest.mark.parametrize("offset,cause_by_local", [("-1095d", "not yet valid"), ("+1095d", "expired")])
def test_wrong_local_clock_is_clock_skew_not_a_bad_certificate(lab, tmp_path, offset, cause_by_local):
    conf = CONF + "https://expired.lab.test/\nhttps://fe2.update.microsoft.com/ pinned\n"
    rc, d = run_faked(offset, conf, tmp_path)
    assert rc == 2 and d["status"] == "fail"
    c = d["clock"]
    assert c["status"] == "fail" and abs(abs(c["skew_s"]) - 1095 * 86400) < 5
    assert c["certificates_broken"] == 3
    for url in ("https://good.lab.test/", "https://chained.lab.test/", "https://fe2.update.microsoft.com/"):
        e = [x for x in d["endpoints"] if x["url"] == url][0]
        assert (e["status"], e["code"], e["cause"]) == ("fail", "0x80072F8F", "clock_skew"), e["message"]
        assert e["secondary_code"] == "0x800B0101" and cause_by_local in e["message"]
        assert "1095 days" in e["message"] and "w32tm" in e["message"]
    # a certificate that really is expired stays cert_expired
    exp = [x for x in d["endpoints"] if x["url"] == "https://expired.lab.test/"][0]
    assert exp["cause"] == "cert_expired"
    assert [x for x in d["endpoints"] if x["url"] == "http://good.lab.test/"][0]["status"] == "ok"


def test_wrong_clock_with_date_headers_only(lab, tmp_path):
    rc, d = run_faked("-1095d", CONF, tmp_path, "--no-ntp")
    assert d["clock"]["reference"] == "the Date headers of 3 HTTP responses"
    assert d["clock"]["status"] == "fail" and rc == 2
    assert [x for x in d["endpoints"] if x["url"] == "https://good.lab.test/"][0]["cause"] == "clock_skew"


def test_clock_line_in_text(probe):
    r = probe(CONF, "--ntp", "ntp-ahead.lab.test", fmt="text")
    first = r.out.splitlines()
    line = [l for l in first if l.startswith("clock ")][0]
    assert line.startswith("clock WARN: this machine is 600 s behind SNTP ntp-ahead.lab.test")
    assert first.index(line) < [i for i, l in enumerate(first) if "CODE" in l][0]
    r = probe(CONF, "--ntp", "ntp-kiss.lab.test", fmt="text")
    assert "SNTP failed: ntp-kiss.lab.test sent a kiss-o'-death (RATE)" in r.out


@pytest.mark.parametrize("args,message", [
    (["--max-skew", "0"], "--max-skew"),
    (["--ntp", "bad host"], "--ntp"),
    (["--ntp", "a", "--no-ntp"], "contradict"),
])
def test_bad_clock_options(probe, args, message):
    r = probe(CONF, *args)
    assert r.rc == 3 and message in r.err and r.out == ""


def test_bad_time_section(probe):
    r = probe("[time]\nserver = x\n[g]\nhttps://good.lab.test/\n")
    assert r.rc == 3 and "endpoints.conf:2: unknown [time] key 'server'" in r.err

"""The clock against the lab's SNTP servers and Date headers, and the probe
run under faketime so that its own clock is years off while the lab's is right."""
import os
import re
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT, WUPROBE

CA = os.environ.get("WUPROBE_LAB_CA", "")
CONF = "https://good.lab.test/\nhttp://good.lab.test/\nhttps://chained.lab.test/\n"


def test_sntp_reference(probe):
    r = probe(CONF, "--ntp", "time.windows.com")
    c = r.doc["clock"]
    assert (c["status"], r.rc, r.doc["status"]) == ("ok", 0, "ok")
    assert abs(c["skew_s"]) < 1.0 and c["uncertainty_s"] < 0.5
    assert c["reference"].startswith("SNTP time.windows.com (127.0.5.")
    assert c["ntp"]["error"] is None and c["ntp"]["outvoted"] is False
    # SNTP and the Date headers of two servers (good.lab.test twice, chained.lab.test) agree
    assert (c["sources"], c["sources_answered"], c["sources_disagreeing"]) == (3, 3, 0)
    assert c["disagreeing"] == [] and c["tie"] is False


SHIPPED = (ROOT / "endpoints.conf").read_text()


@pytest.mark.parametrize("server,skew", [("ntp-ahead.lab.test", -600), ("ntp-behind.lab.test", 600)])
def test_lone_sntp_server_is_outvoted(probe, server, skew):
    """SNTP 600 s off against the Date headers of the 20 shipped endpoints'
    servers, which agree with this machine: the clock is judged by them."""
    r = probe(SHIPPED, "--ntp", server)
    c = r.doc["clock"]
    assert all(e["status"] == "ok" for e in r.doc["endpoints"])
    assert abs(c["skew_s"]) < 1.5 and c["uncertainty_s"] == 1.0
    assert c["reference"] == "the Date headers of 21 HTTP responses from 20 servers"
    assert (c["sources"], c["sources_answered"], c["sources_disagreeing"]) == (20, 21, 1)
    [odd] = c["disagreeing"]
    assert (odd["source"], odd["server"], odd["address"]) == ("sntp", server, c["ntp"]["address"])
    assert abs(odd["skew_s"] - skew) < 1.0 and c["ntp"]["outvoted"] is True and c["ntp"]["error"] is None
    # a clock set from that server would be beyond --max-skew: a warning
    assert (c["status"], r.doc["status"], r.rc) == ("warn", "warn", 1)
    r = probe(SHIPPED, "--ntp", server, "--max-skew", "900")
    assert (r.doc["clock"]["status"], r.rc) == ("ok", 0)
    assert r.doc["clock"]["disagreeing"][0]["server"] == server
    # text, Nagios, JUnit name it
    r = probe(SHIPPED, "--ntp", server, fmt="text")
    line = [l for l in r.out.splitlines() if l.startswith("clock ")][0]
    assert "the Date headers of 21 HTTP responses from 20 servers" in line and "20 of 21 sources agree" in line
    assert f"outvoted: SNTP {server} (127.0.5." in line and f"says 600 s {'behind' if skew < 0 else 'ahead'}" in line
    # measured from the Date headers' consensus, which is this machine's time
    # to within their 1 s resolution: 600 s, give or take one
    assert re.search(r"a clock set from that SNTP server would be (599|600|601) s off, beyond 300 s", line), line
    r = probe(SHIPPED, "--ntp", server, fmt="nagios")
    assert r.out.startswith("WUPROBE WARNING") and f"(outvoted: SNTP {server} (127.0.5." in r.out.split("|")[0]
    r = probe(SHIPPED, "--ntp", server, fmt="junit")
    case = [t for t in ET.fromstring(r.out).iter("testcase") if t.get("name") == "clock"][0]
    assert f"outvoted: SNTP {server}" in case.find("system-out").text


def test_minority_of_date_headers_is_outvoted(probe):
    """SNTP right, one server's Date header an hour off (a minority of the
    references): the verdict follows SNTP and the others, and names it."""
    conf = "http://skewdate.lab.test/\n" + CONF
    r = probe(conf)
    c = r.doc["clock"]
    assert (c["status"], r.rc) == ("ok", 0) and abs(c["skew_s"]) < 1.0
    assert c["reference"].startswith("SNTP time.windows.com")
    assert (c["sources"], c["sources_answered"], c["sources_disagreeing"]) == (3, 4, 1)
    [odd] = c["disagreeing"]
    assert (odd["source"], odd["server"], odd["responses"]) == ("date", "skewdate.lab.test", 1)
    assert abs(odd["skew_s"] - 3600) < 2 and c["ntp"]["outvoted"] is False
    r = probe(conf, fmt="text")
    assert "outvoted: Date of skewdate.lab.test says 3600 s ahead" in r.out
    # without SNTP, the Date headers of good.lab.test and chained.lab.test outvote it
    r = probe(conf, "--no-ntp")
    c = r.doc["clock"]
    assert (c["status"], r.rc) == ("ok", 0) and abs(c["skew_s"]) < 1.5
    assert c["reference"] == "the Date headers of 3 HTTP responses from 2 servers"
    assert [d["server"] for d in c["disagreeing"]] == ["skewdate.lab.test"]


def test_date_headers_through_a_proxy_are_one_source(probe):
    """Through a proxy, the Date headers are the proxy's (it may write them, or
    serve them from its cache): one source, which SNTP's precision outweighs."""
    r = probe(CONF, "--proxy", "squid-open.lab.test:3128", "--ntp", "ntp-ahead.lab.test")
    c = r.doc["clock"]
    assert all(e["status"] == "ok" and e["route"] == "proxy" for e in r.doc["endpoints"])
    assert (c["sources"], c["sources_answered"], c["tie"]) == (1, 2, True)
    assert c["reference"].startswith("SNTP ntp-ahead.lab.test") and (c["status"], r.rc) == ("warn", 1)
    assert [(d["source"], d["server"], d["responses"]) for d in c["disagreeing"]] == \
        [("date", "squid-open.lab.test (proxy)", 3)]


def test_ties(probe):
    """One server's Date headers against SNTP: a tie, which SNTP's precision
    breaks. Two servers that disagree, without SNTP: nothing breaks it."""
    r = probe("https://good.lab.test/\nhttp://good.lab.test/\n", "--ntp", "ntp-ahead.lab.test")
    c = r.doc["clock"]
    assert c["tie"] is True and (c["sources"], c["sources_answered"]) == (1, 2)
    assert c["reference"].startswith("SNTP ntp-ahead.lab.test") and abs(c["skew_s"] + 600) < 1.0
    assert (c["status"], r.rc) == ("warn", 1)
    assert [(d["source"], d["server"], d["responses"]) for d in c["disagreeing"]] == [("date", "good.lab.test", 2)]
    r = probe("https://good.lab.test/\nhttp://skewdate.lab.test/\n", "--no-ntp")
    c = r.doc["clock"]
    assert (c["status"], c["skew_s"], c["reference"], c["tie"], r.rc) == ("unknown", None, None, True, 0)
    assert sorted(d["server"] for d in c["disagreeing"]) == ["good.lab.test", "skewdate.lab.test"]
    r = probe("https://good.lab.test/\nhttp://skewdate.lab.test/\n", "--no-ntp", fmt="text")
    assert "clock unknown: the references disagree and none outvotes the others: Date of good.lab.test says" in r.out


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
    assert c["reference"] == "the Date headers of 3 HTTP responses from 2 servers" and c["uncertainty_s"] == 1.0
    assert c["status"] == "ok" and abs(c["skew_s"]) < 1.5 and r.rc == 0
    assert r.elapsed < 3.0


def test_silent_sntp_gets_a_grace_when_date_headers_settle_the_clock(probe):
    """Outbound NTP blocked: once every endpoint is done and the Date headers
    of enough servers agree with this clock, SNTP gets 1.5 s, not --timeout."""
    r = probe(SHIPPED, "--ntp", "ntp-silent.lab.test", timeout="10")
    c = r.doc["clock"]
    assert r.elapsed < 5.0 and r.rc == 0 and c["status"] == "ok"
    assert r.doc["duration_ms"] >= 1500                       # the grace itself
    assert c["reference"] == "the Date headers of 21 HTTP responses from 20 servers"
    assert c["ntp"]["error"] == ("no SNTP reply from ntp-silent.lab.test (127.0.5.6) in time (the run waited "
                                 "1.5 s after its last endpoint, not the full --timeout: the Date headers of "
                                 "20 servers agree with this clock)")
    r = probe(SHIPPED, "--ntp", "ntp-silent.lab.test", timeout="10", fmt="text")
    assert "SNTP failed: no SNTP reply from ntp-silent.lab.test (127.0.5.6) in time (the run waited 1.5 s" in r.out


@pytest.mark.parametrize("conf", [
    "http://refused.lab.test/\n",                            # no Date header at all
    "https://good.lab.test/\nhttp://skewdate.lab.test/\n",   # Date headers that disagree
    "https://good.lab.test/\nhttp://good.lab.test/\n",       # one server: SNTP could outvote it
], ids=["no-date", "dates-disagree", "one-server"])
def test_silent_sntp_is_waited_for_when_it_counts(probe, conf):
    r = probe(conf, "--ntp", "ntp-silent.lab.test", timeout="2.5")
    assert r.elapsed >= 2.4 and r.doc["duration_ms"] >= 2400
    assert r.doc["clock"]["ntp"]["error"] == "no SNTP reply from ntp-silent.lab.test (127.0.5.6) in time"


def test_progress_says_waiting_for_sntp(lab, tmp_path):
    conf = tmp_path / "c.conf"

    def on_a_terminal(text, timeout):
        conf.write_text(text)
        cmd = (f"{WUPROBE} -c {conf} --ca-bundle {CA} --ntp ntp-silent.lab.test --timeout {timeout} -f json "
               f"-o {tmp_path}/out.json")
        t0 = time.monotonic()
        out = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True).stdout
        return out, time.monotonic() - t0

    tty, elapsed = on_a_terminal(SHIPPED, "10")
    assert elapsed < 5.0
    assert "21/21 done, waiting for SNTP (2 s left)" in tty or "21/21 done, waiting for SNTP (1 s left)" in tty
    assert tty.rstrip("\r\n").endswith("\x1b[K")          # erased at the end
    # waiting the whole --timeout (no Date header), it counts down from there
    tty, elapsed = on_a_terminal("http://refused.lab.test/\n", "3.5")
    assert elapsed >= 3.4
    assert "1/1 done, waiting for SNTP (3 s left)" in tty and "waiting for SNTP (1 s left)" in tty


def test_skewed_date_header(probe):
    r = probe("http://skewdate.lab.test/\n", "--no-ntp")
    c = r.doc["clock"]
    assert c["ntp"] is None and c["status"] == "warn" and r.rc == 1
    assert abs(c["skew_s"] - 3600) < 2 and c["reference"] == "the Date headers of 1 HTTP response from 1 server"


def test_max_skew_and_time_section(probe):
    r = probe(CONF, "--ntp", "ntp-ahead.lab.test", "--max-skew", "900")
    assert r.doc["clock"]["status"] == "ok" and r.rc == 0
    r = probe("[time]\nntp = ntp-behind.lab.test\n[wu]\n" + CONF)
    assert r.doc["clock"]["ntp"]["server"] == "ntp-behind.lab.test" and r.rc == 1
    assert r.doc["clock"]["disagreeing"][0]["server"] == "ntp-behind.lab.test"
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
    assert d["clock"]["reference"] == "the Date headers of 3 HTTP responses from 2 servers"
    assert d["clock"]["status"] == "fail" and rc == 2
    assert [x for x in d["endpoints"] if x["url"] == "https://good.lab.test/"][0]["cause"] == "clock_skew"


def test_clock_line_in_text(probe):
    r = probe("https://good.lab.test/\n", "--ntp", "ntp-ahead.lab.test", fmt="text")   # a tie SNTP wins
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

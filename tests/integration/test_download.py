"""The download path as Delivery Optimization and BITS use it (docs/download.md):
a range GET must come back 206 with the exact Content-Range and exactly the
bytes asked; BITS asks HEAD first; the Delivery Optimization
geo service must answer JSON. Each verdict against real servers in the lab:
nginx (honours Range; max_ranges 0 ignores it), servers.py's badrange
(wrong lengths), squid in front. Status, code, cause and exit code; the
hostile cases also run the sanitized binary."""
import os
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, WUPROBE, Run

SAN = ROOT / "build" / "san" / "wuprobe"
RC = {"ok": 0, "warn": 1, "fail": 2}


def run(binary, tmp_path, conf, *args):
    path = tmp_path / "endpoints.conf"
    path.write_text(conf)
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "no_proxy")}
    env["ASAN_OPTIONS"] = "detect_leaks=1"
    cmd = [str(binary), "-c", str(path), "--timeout", "5", "--ca-bundle", os.environ["WUPROBE_LAB_CA"],
           "-f", "json", *args]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    r = Run(proc, time.monotonic() - t0)
    assert "ERROR: AddressSanitizer" not in r.err and "runtime error" not in r.err, r.err[-3000:]
    assert "ERROR: LeakSanitizer" not in r.err, r.err[-3000:]
    return r


@pytest.fixture(params=["plain", "sanitized"])
def binary(request, lab):
    b = WUPROBE if request.param == "plain" else SAN
    assert b.exists(), "make builds build/san/wuprobe before the integration tests"
    return b


def check(r, url, status, code, cause, stage):
    e = r.ep(url)
    assert (e["status"], e["code"], e["cause"], e["stage"]) == (status, code, cause, stage), e["message"]
    assert r.rc == RC[status] and r.doc["exit_code"] == r.rc and r.doc["status"] == status, r.err
    return e


DO = "[downloads] component=delivery-optimization\n"
BITS = "[downloads] component=bits\n"

# group line, url, options, status, code, cause, stage
CASES = [
    # an origin that honours ranges: 206, bytes 0-1023 of 307200
    (DO, "http://good.lab.test/range/payload.bin", "", "ok", None, None, "content"),
    (BITS, "http://good.lab.test/range/payload.bin", "", "ok", None, None, "content"),
    (DO, "https://good.lab.test/range/payload.bin", "", "ok", None, None, "content"),
    # a file shorter than the range: all of it (bytes 0-20/21)
    (DO, "http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/disallowedcertstl.cab",
     "expect=cab", "ok", None, None, "content"),
    # range on any endpoint, by the flag
    ("[x]\n", "http://good.lab.test/range/payload.bin", "range", "ok", None, None, "content"),
    # an origin that ignores Range: 200 with the whole file
    (DO, "http://status.lab.test/norange.bin", "", "fail", "0x80D05011", "range_ignored", "http"),
    (BITS, "http://status.lab.test/norange.bin", "", "fail", "0x80200013", "range_ignored", "http"),
    ("[x]\n", "http://status.lab.test/norange.bin", "range", "fail", "0x80D05011", "range_ignored", "http"),
    # wrong lengths and wrong ranges
    (DO, "http://badrange.lab.test/short", "", "fail", "0x80D05001", "range_length", "content"),
    (DO, "http://badrange.lab.test/wrongrange", "", "fail", "0x80D05001", "range_mismatch", "content"),
    (DO, "http://badrange.lab.test/nocontentrange", "", "fail", "0x80D05011", "range_missing", "http"),
    (BITS, "http://badrange.lab.test/short", "", "fail", "0x8020001B", "range_length", "content"),
    (BITS, "http://badrange.lab.test/nocontentrange", "", "fail", "0x80200013", "range_missing", "http"),
    # BITS' HEAD: the size must come
    (BITS, "http://badrange.lab.test/ok.bin", "", "ok", None, None, "content"),
    (BITS, "http://badrange.lab.test/nolength", "", "fail", "0x80200011", "head_no_length", "http"),
    (DO, "http://badrange.lab.test/nolength", "", "ok", None, None, "content"),     # DO asks no HEAD
    # a missing file is the HTTP status, not a range verdict
    (DO, "http://status.lab.test/404", "", "fail", "0x80244019", "http_status", "http"),
    # norange: the file is fetched like any endpoint
    (DO, "http://status.lab.test/norange.bin", "norange", "ok", None, None, "http"),
]


@pytest.mark.parametrize("group,url,opts,status,code,cause,stage", CASES)
def test_range_verdicts(binary, tmp_path, group, url, opts, status, code, cause, stage):
    r = run(binary, tmp_path, f"{group}{url} {opts}\n")
    e = check(r, url, status, code, cause, stage)
    if status == "ok" and cause is None and "norange" not in opts:
        assert e["http_status"] == 206 and e["message"].startswith("HTTP 206, bytes 0-"), e["message"]


def test_range_request_as_sent(lab, tmp_path):
    """The request carries Range: bytes=0-1023; BITS sends HEAD first, DO does not."""
    log = lab / "badrange.log"
    before = log.read_text().splitlines() if log.exists() else []
    r = run(WUPROBE, tmp_path, BITS + "http://badrange.lab.test/seen-bits\n"
            "[do] component=delivery-optimization\nhttp://badrange.lab.test/seen-do\n")
    assert r.rc == 0, r.out
    lines = log.read_text().splitlines()[len(before):]
    assert sorted(lines) == sorted(["HEAD /seen-bits -", "GET /seen-bits bytes=0-1023",
                                    "GET /seen-do bytes=0-1023"]), lines
    assert lines.index("HEAD /seen-bits -") < lines.index("GET /seen-bits bytes=0-1023")


def test_through_squid(binary, tmp_path):
    """squid forwards the range to an origin that honours it, and the whole
    file from one that does not: the proxy is not where this goes wrong."""
    good = "http://good.lab.test/range/payload.bin"
    bad = "http://status.lab.test/norange.bin"
    r = run(binary, tmp_path, f"{DO}{good}\n{bad}\n", "--proxy", "squid-open.lab.test:3128")
    for url in (good, bad):
        e = r.ep(url)
        assert e["route"] == "proxy" and e["proxy"] == "squid-open.lab.test:3128", e
    e = r.ep(good)
    assert (e["status"], e["http_status"]) == ("ok", 206), e["message"]
    assert e["message"].startswith("HTTP 206, bytes 0-1023/307200 (1024 bytes)"), e["message"]
    e = r.ep(bad)
    assert (e["status"], e["code"], e["cause"]) == ("fail", "0x80D05011", "range_ignored"), e["message"]
    assert r.rc == 2


def test_bits_through_squid(tmp_path, lab):
    """BITS' HEAD and range GET both pass squid."""
    url = "http://good.lab.test/range/payload.bin"
    r = run(WUPROBE, tmp_path, f"{BITS}{url}\n", "--proxy", "squid-open.lab.test:3128")
    e = check(r, url, "ok", None, None, "content")
    assert "HEAD gave the size" in e["message"], e["message"]


GEO = "https://geo.prod.do.dsp.mp.microsoft.com/geo"


@pytest.mark.parametrize("url,status,code,cause", [
    (GEO, "ok", None, None),
    ("https://status.lab.test/geo-portal", "fail", "0x80200053", "content_mismatch"),
    ("https://status.lab.test/geo-texttype", "fail", "0x80200053", "content_mismatch"),
    ("https://status.lab.test/404", "fail", "0x80244019", "http_status"),
])
def test_geo_json(binary, tmp_path, url, status, code, cause):
    r = run(binary, tmp_path, f"[delivery-optimization] component=delivery-optimization\n{url} expect=json\n")
    e = check(r, url, status, code, cause, "http" if cause == "http_status" else "content")
    if cause == "content_mismatch" and url.endswith("portal"):
        assert "HTML" in e["message"] and "text/html" in e["message"], e["message"]


def test_shipped_list_download_path(lab, tmp_path):
    """The shipped list range-probes its download file and checks the geo
    service's JSON; in the lab both are healthy."""
    r = subprocess.run([str(WUPROBE), "-c", str(ROOT / "endpoints.conf"), "--timeout", "5", "--ca-bundle",
                        os.environ["WUPROBE_LAB_CA"], "-f", "json", "--no-ntp"],
                       capture_output=True, text=True, timeout=120)
    run_ = Run(r, 0)
    cab = run_.ep("http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/disallowedcertstl.cab")
    assert (cab["status"], cab["http_status"]) == ("ok", 206), cab["message"]
    geo = run_.ep(GEO)
    assert (geo["status"], geo["stage"]) == ("ok", "content"), geo["message"]

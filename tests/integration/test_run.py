"""Whole runs: the shipped list, concurrency and deadlines, reports, exit
codes, bad input, and the sanitized binary against every fault."""
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, WUPROBE

CA = os.environ.get("WUPROBE_LAB_CA", "")


def test_shipped_list_is_all_ok_in_the_lab(probe):
    conf = (ROOT / "endpoints.conf").read_text()
    r = probe(conf)
    assert r.rc == 0, [e["message"] for e in r.doc["endpoints"] if e["status"] != "ok"]
    eps = r.doc["endpoints"]
    assert len(eps) >= 15 and all(e["status"] == "ok" for e in eps)
    groups = {e["group"] for e in eps}
    assert {"windows-update", "delivery-optimization", "downloads"} <= groups
    for e in eps:
        assert e["addresses"] == ["127.0.1.1"] and e["route"] == "direct"
        assert e["timings_ms"]["dns"] is not None and e["timings_ms"]["total"] is not None
        if e["url"].startswith("https://"):
            assert e["tls"]["version"] == "TLSv1.2" and e["tls"]["cipher"]
            assert e["timings_ms"]["tls"] is not None
        else:
            assert e["tls"] is None
    cab = [e for e in eps if e["url"].endswith("authrootstl.cab")][0]
    assert cab["stage"] == "content" and cab["http_status"] == 200


def test_json_document_shape(probe):
    r = probe("https://good.lab.test/\nhttps://refused.lab.test/ optional\n")
    d = r.doc
    assert d["version"] == 1 and d["tool"]["name"] == "wuprobe" and d["tool"]["version"]
    assert d["started_at"].endswith("Z") and isinstance(d["duration_ms"], int)
    assert (d["status"], d["exit_code"]) == ("warn", 1)
    keys = {"url", "group", "source", "not_needed", "pattern", "status", "code", "code_name", "secondary_code", "secondary_name",
            "cause", "stage", "message",
            "route", "proxy", "pac", "settings", "addresses", "http_status", "timings_ms", "tls"}
    assert d["autoproxy"] is None and d["policy"] is None
    assert {e["source"] for e in d["endpoints"]} == {"default list"}
    assert {e["not_needed"] for e in d["endpoints"]} == {None}
    for e in d["endpoints"]:
        assert set(e) == keys
        assert e["pac"] is None and set(e["settings"]) == {"component", "source", "via", "rule"}
        assert set(e["timings_ms"]) == {"dns", "connect", "tls", "first_byte", "total"}
    tls = d["endpoints"][0]["tls"]
    assert set(tls) == {"version", "cipher", "tls13", "subject", "issuer", "not_before", "not_after", "sans",
                        "sans_omitted", "root", "chain"}
    assert tls["root"] == "CN=wuprobe lab root,O=wuprobe lab" and "fe2.update.microsoft.com" in tls["sans"]
    assert tls["sans_omitted"] == 0
    assert tls["chain"][0]["subject"] == tls["subject"] and len(tls["chain"][0]["sha256"]) == 64
    assert d["codes"] == [{"code": "0x80072EFD", "name": "ERROR_WINHTTP_CANNOT_CONNECT", "count": 1, "autoproxy": False,
                           "fix": d["codes"][0]["fix"]}]


def test_hangs_cost_one_timeout_not_the_sum(probe):
    """25 endpoints, two of which hang: the run takes about one timeout."""
    lines = ["https://hang.lab.test/", "http://hang.lab.test/"]
    lines += [f"https://good.lab.test/n{i}" for i in range(12)]
    lines += [f"http://good.lab.test/n{i}" for i in range(11)]
    r = probe("\n".join(lines) + "\n", timeout="2")
    statuses = [e["status"] for e in r.doc["endpoints"]]
    assert statuses.count("fail") == 2 and statuses.count("ok") == 23
    assert r.ep("https://hang.lab.test/")["code"] == "0x80072EE2"
    assert 2.0 <= r.elapsed < 3.2, r.elapsed
    assert r.rc == 2


def test_parallel_caps_connections_under_way(probe):
    conf = "https://hang.lab.test/\nhttp://hang.lab.test/\nhttps://good.lab.test/\n"
    r = probe(conf, "--parallel", "1", timeout="1")
    assert 2.0 <= r.elapsed < 3.5, r.elapsed     # the two hangs one after the other
    # The second hang and the good endpoint waited for the connection a whole
    # --timeout or two: the wait is ours, not their time on the network.
    assert [e["status"] for e in r.doc["endpoints"]] == ["fail", "fail", "ok"]
    assert [e["code"] for e in r.doc["endpoints"][:2]] == ["0x80072EE2", "0x80072EE2"]
    good = r.ep("https://good.lab.test/")
    assert good["timings_ms"]["total"] < 900, good["timings_ms"]
    assert r.rc == 2
    r = probe(conf, timeout="1")
    assert r.elapsed < 1.8, r.elapsed


def test_default_window_is_256_connections(probe):
    """260 hangs: 256 connections at once, then the other 4, each with its
    full --timeout; none ends early or as this machine's error."""
    conf = "".join(f"http://hang.lab.test/?n={i}\n" for i in range(260))
    r = probe(conf, timeout="1")
    assert 2.0 <= r.elapsed < 3.8, r.elapsed
    eps = r.doc["endpoints"]
    assert len(eps) == 260
    assert {(e["status"], e["code"]) for e in eps} == {("fail", "0x80072EE2")}, \
        {(e["status"], e["code"], e["cause"]) for e in eps}
    assert r.rc == 2


def test_dns_deadline_ends_the_endpoint(probe):
    r = probe("https://good.lab.test/\n", "--dns-server", "127.0.0.54", timeout="1")
    e = r.ep("https://good.lab.test/")
    assert e["cause"] == "dns_no_answer" and r.elapsed < 2.0
    assert 900 <= e["timings_ms"]["dns"] <= 1500


def test_dns_retries_after_one_second(probe):
    """A lost DNS query is asked again after 1 s, as the Windows DNS client does."""
    r = probe("https://good.lab.test/\n", "--dns-server", "127.0.0.55", timeout="5")
    e = r.ep("https://good.lab.test/")
    assert e["status"] == "ok" and e["addresses"] == ["127.0.1.1"]
    assert 900 <= e["timings_ms"]["dns"] < 1500, e["timings_ms"]


def test_text_report(probe):
    r = probe("https://good.lab.test/\nhttps://status.lab.test/503\n", fmt="text")
    lines = r.out.splitlines()
    assert r.rc == 2
    row = [l for l in lines if "status.lab.test/503" in l and not l.startswith("  ")][0]   # the row, not its cause
    assert row.startswith("FAIL  0x80244022") and "direct" in row and "HTTP 503" in row
    assert [l for l in lines if "good.lab.test" in l][0].startswith("ok ")
    assert "WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL  (1 endpoint)" in r.out
    assert "Result: FAIL: 1 ok, 0 warnings, 1 failed (exit 2)" in r.out
    assert "\033[" not in r.out          # no colour into a pipe


def test_text_quiet_and_verbose(probe):
    conf = "https://good.lab.test/\nhttps://expired.lab.test/\n"
    r = probe(conf, "-q", fmt="text")
    assert "good.lab.test" not in r.out and "expired.lab.test" in r.out
    r = probe("https://good.lab.test/\n", "-q", fmt="text")
    assert r.out == "" and r.rc == 0
    r = probe(conf, "-v", fmt="text")
    assert "tls TLSv1.2" in r.out and "addresses 127.0.2.3" in r.out and "cause cert_expired" in r.out


def test_colour_only_on_a_terminal(probe, tmp_path):
    conf = tmp_path / "c.conf"
    conf.write_text("https://status.lab.test/503\n")
    cmd = f"{WUPROBE} -c {conf} --ca-bundle {CA}"
    out = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True).stdout
    assert "\033[31mFAIL" in out
    env = dict(os.environ, NO_COLOR="1")
    out = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True, env=env).stdout
    assert "FAIL" in out and not re.search("\033\\[[0-9;]*m", out)   # no colour (progress may erase its line)


def test_output_file(probe, tmp_path):
    out = tmp_path / "report.json"
    r = probe("https://good.lab.test/\n", "-o", str(out))
    assert r.out == "" and r.rc == 0
    assert '"status": "ok"' in out.read_text()
    assert list(tmp_path.glob("report.json.*")) == []


@pytest.mark.parametrize("conf,message", [
    ("https://good.lab.test/ colour=red\n", "endpoints.conf:1: unknown key 'colour'"),
    ("# header\nftp://good.lab.test/\n", "endpoints.conf:2: URL must start with http:// or https://"),
    ("https://good.lab.test/\n\x00\x01binary\n", "endpoints.conf:2: binary data"),
    ("https://good.lab.test/" + "a" * 100_000 + "\n", "endpoints.conf:1: line longer than 4096 bytes"),
    ("# nothing\n", "endpoints.conf:1: no endpoints"),
    # libcurl would send these as they are; the list must percent-encode them
    ("# x\nhttps://good.lab.test/\"x\n", "endpoints.conf:2: URL contains '\"', which must be percent-encoded"),
    ("https://good.lab.test/a<b>\n", "endpoints.conf:1: URL contains '<'"),
    ("https://good.lab.test/a\\b\n", "endpoints.conf:1: URL contains '\\'"),
])
def test_bad_config_exits_3_and_probes_nothing(lab, probe, conf, message):
    log = lab / "nginx-access.log"
    before = log.stat().st_size if log.exists() else 0
    r = probe(conf)
    assert r.rc == 3 and r.out == ""
    assert r.err.count("\n") == 1 and message in r.err and r.err.startswith("wuprobe: ")
    time.sleep(0.1)
    assert (log.stat().st_size if log.exists() else 0) == before


@pytest.mark.parametrize("args,message", [
    (["--timeout", "0"], "--timeout"),
    (["--format", "yaml"], "--format"),
    (["--parallel", "-1"], "--parallel"),
    (["--dns-server", "dns.example"], "--dns-server"),
    (["--bogus"], "unknown option '--bogus'"),
    (["--ca-bundle", "/nonexistent.pem"], "--ca-bundle /nonexistent.pem: cannot open"),
    (["-c", "/nonexistent.conf"], "/nonexistent.conf: cannot open"),
    (["-o", "/nonexistent/dir/out.json"], "--output /nonexistent/dir/out.json"),
])
def test_bad_options_exit_3(probe, args, message):
    r = probe("https://good.lab.test/\n", *args)
    assert r.rc == 3 and r.out == ""
    assert r.err.count("\n") == 1 and message in r.err


def test_ca_bundle_without_certificates(probe, tmp_path):
    bad = tmp_path / "empty.pem"
    bad.write_text("not a certificate\n")
    r = probe("https://good.lab.test/\n", "--ca-bundle", str(bad), ca=False)
    assert r.rc == 3 and "no PEM certificate" in r.err


def test_help_and_version():
    h = subprocess.run([str(WUPROBE), "--help"], capture_output=True, text=True)
    assert h.returncode == 0 and "--dns-server" in h.stdout and "Exit codes" in h.stdout
    v = subprocess.run([str(WUPROBE), "--version"], capture_output=True, text=True)
    assert v.returncode == 0 and v.stdout.count("\n") == 1
    # the libraries it runs with, as curl(1) names the same ones on this machine
    m = re.fullmatch(r"wuprobe \S+ libcurl/(\S+) OpenSSL/(\S+) c-ares/(\S+)\n", v.stdout)
    assert m, v.stdout
    curl_v = subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    assert f"libcurl/{m.group(1)} " in curl_v and f"OpenSSL/{m.group(2)}" in curl_v
    ares = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "libc-ares2"], capture_output=True, text=True)
    assert ares.stdout.startswith(m.group(3) + "-")


def test_list_from_standard_input(lab, tmp_path):
    r = subprocess.run([str(WUPROBE), "-c", "-", "--ca-bundle", CA, "--no-ntp", "-f", "json"],
                       input="[stdin]\nhttps://good.lab.test/\n", capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert '"url": "https://good.lab.test/"' in r.stdout and '"group": "stdin"' in r.stdout
    bad = subprocess.run([str(WUPROBE), "-c", "-"], input="# list\nftp://x/\n", capture_output=True, text=True)
    assert bad.returncode == 3 and bad.stdout == ""
    assert bad.stderr == "wuprobe: stdin:2: URL must start with http:// or https://: 'ftp://x/'\n"


def test_default_config_is_found_in_the_working_directory(lab, tmp_path):
    (tmp_path / "endpoints.conf").write_text("https://good.lab.test/\n")
    r = subprocess.run([str(WUPROBE), "--ca-bundle", CA, "-f", "json"], cwd=tmp_path,
                       capture_output=True, text=True)
    assert r.returncode == 0 and '"url": "https://good.lab.test/"' in r.stdout


def test_proxy_variables_are_ignored(probe):
    """Direct route: http_proxy in the environment must not divert the probe."""
    env = dict(os.environ, http_proxy="http://127.0.2.7:3128", https_proxy="http://127.0.2.7:3128",
               HTTPS_PROXY="http://127.0.2.7:3128")
    r = probe("https://good.lab.test/\nhttp://good.lab.test/\n", env=env)
    assert r.rc == 0


def test_sanitized_binary_survives_every_fault(lab):
    """The whole probe under ASan/UBSan against every hostile server."""
    san = ROOT / "build" / "san" / "wuprobe"
    assert san.exists(), "make builds build/san/wuprobe before the integration tests"
    r = subprocess.run([str(san), "-c", str(ROOT / "tests/lab/faults.conf"), "--ca-bundle", CA,
                        "--timeout", "1.5", "-f", "json"], capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, ASAN_OPTIONS="detect_leaks=1"))
    assert r.returncode == 2, r.stderr[-2000:]
    assert "ERROR: AddressSanitizer" not in r.stderr and "runtime error" not in r.stderr
    r2 = subprocess.run([str(san), "-c", str(ROOT / "tests/lab/faults.conf"), "--ca-bundle", CA,
                         "--timeout", "1.5", "-v"], capture_output=True, text=True, timeout=60)
    assert r2.returncode == 2 and r2.stderr == ""


@pytest.mark.parametrize("args,password", [
    (["--proxy", "squid-auth.lab.test:3128", "--proxy-user", "wu"], "s3cret-pw"),
    (["--proxy", "squid-ntlm.lab.test:3128", "--proxy-user", "LAB\\wu"], "x"),
    (["--proxy", "http=tinyproxy.lab.test:8888;https=squid-open.lab.test:3128"], None),
    (["--proxy", "hangproxy.lab.test:3128"], None),
])
def test_sanitized_binary_through_proxies(lab, args, password):
    san = ROOT / "build" / "san" / "wuprobe"
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1")
    if password:
        env["WUPROBE_PROXY_PASSWORD"] = password
    r = subprocess.run([str(san), "-c", str(ROOT / "tests/lab/faults.conf"), "--ca-bundle", CA,
                        "--timeout", "1.5", "-f", "json"] + args, capture_output=True, text=True, timeout=60,
                       env=env)
    assert r.returncode == 2, r.stderr[-2000:]
    assert r.stderr == ""


def test_run_ends_with_its_last_endpoint(probe):
    """No idle poll after the last endpoint: one fast endpoint, twenty runs,
    none takes an extra second."""
    times = []
    for _ in range(20):
        r = probe("http://good.lab.test/\n", "--no-ntp")
        assert r.rc == 0, r.err
        times.append(r.elapsed)
    assert max(times) < 0.7, sorted(times)[-5:]

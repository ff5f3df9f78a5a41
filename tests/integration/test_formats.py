"""Each format read by its own consumer: promtool, a real node_exporter
scrape, an XML parser, a CSV reader; the Nagios convention; --json-file;
progress; the scripts end to end (make install: test_install.py)."""
import csv
import io
import json
import os
import re
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, WUPROBE

CA = os.environ.get("WUPROBE_LAB_CA", "")
CONF = ("https://good.lab.test/\nhttps://status.lab.test/503\nhttp://hang.lab.test/ optional\n"
        "https://expired.lab.test/\n")


def test_prometheus_passes_promtool(probe, tmp_path):
    r = probe(CONF, "--proxy", "squid-open.lab.test:3128", "--bypass", "hang.lab.test", fmt="prometheus",
              timeout="1")
    assert r.rc == 2
    p = subprocess.run(["promtool", "check", "metrics"], input=r.out, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    assert 'wuprobe_endpoint_up{url="https://good.lab.test/",group="default"} 1' in r.out
    assert re.search(r'wuprobe_endpoint_error_code\{url="https://status.lab.test/503",group="default",'
                     r'code="0x80244022",cause="http_status"\} 2149859362', r.out)
    assert "wuprobe_clock_skew_seconds " in r.out and "wuprobe_run_start_timestamp_seconds " in r.out
    assert 'wuprobe_endpoint_tls_info{url="https://good.lab.test/",group="default",version="TLSv1.2"' in r.out


def test_node_exporter_reads_the_textfile(probe, tmp_path):
    textdir = tmp_path / "textfile"
    textdir.mkdir()
    r = probe(CONF, "-f", "prometheus", "-o", str(textdir / "wuprobe.prom"), fmt=None, timeout="1")
    assert r.rc == 2 and r.out == ""
    exporter = subprocess.Popen(["prometheus-node-exporter", "--collector.disable-defaults",
                                 "--collector.textfile", f"--collector.textfile.directory={textdir}",
                                 "--web.listen-address=127.0.0.1:9100"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        body = ""
        for _ in range(50):
            try:
                body = urllib.request.urlopen("http://127.0.0.1:9100/metrics", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert 'wuprobe_endpoint_up{group="default",url="https://good.lab.test/"} 1' in body
        assert 'wuprobe_endpoint_status{group="default",url="https://status.lab.test/503"} 2' in body
        assert 'wuprobe_run_exit_code 2' in body
        assert 'node_textfile_scrape_error 0' in body
    finally:
        exporter.terminate()
        exporter.wait(timeout=10)


def test_junit_parses(probe):
    r = probe(CONF, fmt="junit", timeout="1")
    root = ET.fromstring(r.out)
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert root.get("tests") == "5" and root.get("failures") == "2"
    assert [c.get("name") for c in cases] == ["https://good.lab.test/", "https://status.lab.test/503",
                                              "http://hang.lab.test/", "https://expired.lab.test/", "clock"]
    fail = cases[1].find("failure")
    assert fail.get("message").startswith("0x80244022 WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL") and fail.get("type") == "http_status"
    assert cases[3].find("failure").get("type") == "cert_expired"
    assert cases[0].find("failure") is None and cases[2].find("failure") is None
    assert cases[2].find("system-out").text.startswith("WARN 0x80072EE2")


def test_csv_reads(probe):
    r = probe(CONF, fmt="csv", timeout="1")
    rows = list(csv.DictReader(io.StringIO(r.out, newline="")))
    assert [row["status"] for row in rows] == ["ok", "fail", "warn", "fail"]
    assert rows[1]["code"] == "0x80244022" and rows[1]["http_status"] == "503"
    assert rows[3]["secondary_code"] == "0x800B0101" and rows[3]["cause"] == "cert_expired"
    assert rows[0]["tls_version"] == "TLSv1.2" and rows[0]["total_ms"].isdigit()
    # (CRLF line ends are checked byte for byte by the golden file: text mode folds them here)


@pytest.mark.parametrize("conf,rc,state", [
    ("https://good.lab.test/\n", 0, "OK"),
    ("https://good.lab.test/\nhttps://status.lab.test/503 optional\n", 1, "WARNING"),
    ("https://status.lab.test/503\n", 2, "CRITICAL"),
])
def test_nagios_plugin_convention(probe, conf, rc, state):
    r = probe(conf, fmt="nagios")
    lines = r.out.splitlines()
    assert r.rc == rc and len(lines) == 1
    status, perf = lines[0].split(" | ")
    assert status.startswith(f"WUPROBE {state} - ")
    assert re.fullmatch(r"ok=\d+;;;0;\d+ warn=\d+;;;0;\d+ fail=\d+;;;0;\d+ duration=[\d.]+s;;;0 "
                        r"clock_skew=-?[\d.]+s;300;;", perf)


def test_nagios_unknown(probe):
    r = probe("https://good.lab.test/ colour=red\n", fmt="nagios")
    assert r.rc == 3 and r.out.startswith("WUPROBE UNKNOWN - ") and "colour" in r.out
    assert r.err.count("\n") == 1


def test_json_file_beside_another_format(probe, tmp_path):
    j = tmp_path / "r.json"
    r = probe("https://good.lab.test/\n", "--json-file", str(j), fmt="nagios")
    assert r.out.startswith("WUPROBE OK") and json.loads(j.read_text())["status"] == "ok"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["endpoints.conf", "r.json"]   # no temporary left


def test_progress_only_on_a_terminal(lab, tmp_path):
    conf = tmp_path / "c.conf"
    conf.write_text("https://good.lab.test/\nhttp://hang.lab.test/\n")
    cmd = f"{WUPROBE} -c {conf} --ca-bundle {CA} --timeout 1.2 -f json -o {tmp_path}/out.json"
    tty = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True).stdout
    assert "1/2 done, waiting longest on http://hang.lab.test/" in tty
    assert tty.rstrip("\r\n").endswith("\x1b[K")          # erased at the end
    quiet = subprocess.run(["script", "-qec", cmd + " -q", "/dev/null"], capture_output=True, text=True).stdout
    assert "done" not in quiet
    piped = subprocess.run(cmd.split(), capture_output=True, text=True)
    assert piped.stderr == ""


def test_patch_window_wrapper(lab, tmp_path):
    conf = tmp_path / "c.conf"
    conf.write_text("https://good.lab.test/\nhttps://status.lab.test/503\n")
    out = tmp_path / "reports"
    p = subprocess.run([str(ROOT / "scripts/patch-window"), "-d", str(out), "--", "-c", str(conf),
                        "--ca-bundle", CA], capture_output=True, text=True, cwd=ROOT,
                       env=dict(os.environ, WUPROBE=str(WUPROBE)))
    assert p.returncode == 2
    txt = sorted(out.glob("wuprobe-*.txt"))
    js = sorted(out.glob("wuprobe-*.json"))
    assert len(txt) == 1 and len(js) == 1
    assert (out / "latest.json").resolve() == js[0].resolve()
    assert json.loads(js[0].read_text())["exit_code"] == 2
    assert "WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL" in p.stdout and "Result: FAIL" in p.stdout
    assert "https://good.lab.test/" in txt[0].read_text()
    bad = subprocess.run([str(ROOT / "scripts/patch-window"), "-d", str(out), "--", "-c", "/nonexistent"],
                         capture_output=True, text=True, env=dict(os.environ, WUPROBE=str(WUPROBE)))
    assert bad.returncode == 3 and "could not run" in bad.stderr


def test_multi_site_over_ssh(lab, tmp_path):
    conf = tmp_path / "c.conf"
    conf.write_text("https://good.lab.test/\n")
    hosts = tmp_path / "hosts"
    hosts.write_text("# sites\nsite-a.example\nsite-b.example\ndown.example\n")
    out = tmp_path / "sites"
    p = subprocess.run([str(ROOT / "scripts/multi-site"), str(hosts), str(out), "--", "-c", str(conf),
                        "--ca-bundle", CA], capture_output=True, text=True,
                       env=dict(os.environ, SSH=str(ROOT / "tests/integration/fake-ssh")))
    lines = p.stdout.splitlines()
    assert re.match(r"site-a\.example +ok +exit 0", lines[0])
    assert re.match(r"down\.example +unreachable +exit 3", lines[2])
    assert p.returncode == 3
    assert json.loads((out / "site-b.example.json").read_text())["status"] == "ok"

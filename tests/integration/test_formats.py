"""Each format read by its own consumer: promtool, a real node_exporter
scrape, an XML parser, a CSV reader; the Nagios convention; --json-file;
progress; the scripts end to end (make install: test_install.py)."""
import csv
import datetime
import http.server
import io
import json
import os
import re
import subprocess
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, WUPROBE

CA = os.environ.get("WUPROBE_LAB_CA", "")
CONF = ("https://good.lab.test/\nhttps://status.lab.test/503\nhttp://hang.lab.test/ optional\n"
        "https://expired.lab.test/\n")


def promtool_ok(text):
    p = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def leaf_not_after(stem):
    """The lab certificate's expiry, read by the cryptography package, in Unix seconds."""
    from cryptography import x509
    pem = (Path(os.environ["WUPROBE_LAB"]) / "certs" / f"{stem}.pem").read_bytes()
    return int(x509.load_pem_x509_certificate(pem).not_valid_after
               .replace(tzinfo=datetime.timezone.utc).timestamp())


def test_prometheus_passes_promtool(probe, tmp_path):
    # a time zone far from UTC: the certificate's expiry must not move with it
    env = dict(os.environ, TZ="NPT-5:45")
    r = probe(CONF, "--proxy", "squid-open.lab.test:3128", "--bypass", "hang.lab.test", fmt="prometheus",
              timeout="1", env=env)
    assert r.rc == 2
    promtool_ok(r.out)
    assert 'wuprobe_endpoint_up{url="https://good.lab.test/",group="default"} 1' in r.out
    assert 'wuprobe_endpoint_status{url="https://status.lab.test/503",group="default"} 2\n' in r.out
    assert 'wuprobe_endpoint_status{url="http://hang.lab.test/",group="default"} 1\n' in r.out
    assert ('wuprobe_endpoint_info{url="https://status.lab.test/503",group="default",status="fail",'
            'code="0x80244022",code_name="WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL",secondary_code="",'
            'cause="http_status"} 1\n') in r.out
    assert ('wuprobe_endpoint_info{url="https://expired.lab.test/",group="default",status="fail",'
            'code="0x80072F8F",code_name="ERROR_WINHTTP_SECURE_FAILURE",secondary_code="0x800B0101",'
            'cause="cert_expired"} 1\n') in r.out
    assert "wuprobe_endpoint_error_code" not in r.out        # the code is a label, not a value
    for url, stem in (("https://good.lab.test/", "good"), ("https://expired.lab.test/", "expired")):
        assert (f'wuprobe_endpoint_cert_not_after_timestamp_seconds{{url="{url}",group="default"}} '
                f'{leaf_not_after(stem)}\n') in r.out
    assert 'wuprobe_endpoint_cert_not_after_timestamp_seconds{url="http://hang' not in r.out
    assert "wuprobe_clock_skew_seconds " in r.out and "wuprobe_run_start_timestamp_seconds " in r.out
    assert "wuprobe_clock_status 0\n" in r.out               # SNTP answered, the clock is right: ok
    assert 'wuprobe_endpoint_tls_info{url="https://good.lab.test/",group="default",version="TLSv1.2"' in r.out


@pytest.mark.parametrize("args,conf,clock", [
    (["--ntp", "ntp-ahead.lab.test"], "https://good.lab.test/\n", 1),     # 600 s behind: warn
    (["--no-ntp"], "https://nosuch.lab.test/\n", 4),                      # no reference: unknown
])
def test_prometheus_one_status_coding(probe, args, conf, clock):
    r = probe(conf, *args, fmt="prometheus")
    promtool_ok(r.out)
    assert f"wuprobe_clock_status {clock}\n" in r.out
    want = "0" if "good" in conf else "2"
    assert re.search(r'wuprobe_endpoint_status\{url="[^"]+",group="default"\} ' + want + "\n", r.out)
    helps = re.findall(r"# HELP wuprobe_(?:endpoint|clock)_status [^:]+: (.*)", r.out)
    assert len(helps) == 2 and helps[0] == helps[1] and helps[0].startswith("0 ok, 1 warn, 2 fail, 3 error")


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
    assert root.get("tests") == "5" and root.get("failures") == "2" and suite.get("skipped") == "0"
    assert [c.get("name") for c in cases] == ["https://good.lab.test/", "https://status.lab.test/503",
                                              "http://hang.lab.test/", "https://expired.lab.test/", "clock"]
    assert [c.get("classname") for c in cases] == ["wuprobe.endpoints.default"] * 4 + ["wuprobe.clock"]
    fail = cases[1].find("failure")
    assert fail.get("message").startswith("0x80244022 WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL") and fail.get("type") == "http_status"
    assert cases[3].find("failure").get("type") == "cert_expired"
    assert cases[0].find("failure") is None and cases[2].find("failure") is None
    assert cases[2].find("system-out").text.startswith("WARN 0x80072EE2")
    assert len(cases[4]) == 0                                 # the clock is right: passed


def test_junit_clock_skipped_and_apart_from_a_clock_group(probe):
    """No clock reference: the clock case is skipped, with the reason. An
    endpoint group named "clock" does not share the clock case's classname."""
    r = probe("[clock]\nhttps://nosuch.lab.test/\nhttps://other.nosuch.lab.test/\n", "--no-ntp", fmt="junit")
    assert r.rc == 2
    root = ET.fromstring(r.out)
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "2", "1")
    keys = [(c.get("classname"), c.get("name")) for c in cases]
    assert len(set(keys)) == len(keys)                        # GitLab keys a case by classname and name
    assert {c.get("classname") for c in cases[:2]} == {"wuprobe.endpoints.clock"}
    clock = cases[2]
    assert (clock.get("classname"), clock.get("name")) == ("wuprobe.clock", "clock")
    skipped = clock.find("skipped")
    assert skipped is not None and clock.find("failure") is None
    assert skipped.get("message").startswith("no clock reference answered (SNTP: off;")


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
                        r"clock_skew=-?[\d.]+s;-300:300;;", perf)


# The performance data read by the plugins' own library (Monitoring::Plugin,
# Debian's libmonitoring-plugin-perl): the state its range gives the skew.
PERF_STATE = r"""
use Monitoring::Plugin::Performance;
my (undef, $perf) = split /\|/, <STDIN>, 2;
for my $p (Monitoring::Plugin::Performance->parse_perfstring($perf)) {
    print $p->threshold->get_status($p->value), "\n" if $p->label eq "clock_skew";
}
"""


@pytest.mark.parametrize("server,max_skew,rc", [
    ("ntp-ahead.lab.test", "900", 0),      # 600 s behind: within -900:900
    ("ntp-ahead.lab.test", "300", 1),
    ("ntp-behind.lab.test", "900", 0),     # 600 s ahead
    ("ntp-behind.lab.test", "300", 1),
])
def test_nagios_skew_range_read_by_monitoring_plugin(probe, server, max_skew, rc):
    r = probe("https://good.lab.test/\n", "--ntp", server, "--max-skew", max_skew, fmt="nagios")
    assert r.rc == rc
    p = subprocess.run(["perl", "-e", PERF_STATE], input=r.out, capture_output=True, text=True)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    assert p.stdout == f"{rc}\n"                             # the plugin library agrees with the exit code
    assert re.search(rf" clock_skew=-?[\d.]+s;-{max_skew}:{max_skew};;$", r.out.rstrip("\n"))


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


def patch_window(out, conf, *args):
    """scripts/patch-window -d OUT -- -c CONF --ca-bundle CA ARGS -> (process, summary lines)"""
    p = subprocess.run([str(ROOT / "scripts/patch-window"), "-d", str(out), "--", "-c", str(conf),
                        "--ca-bundle", CA, *args], capture_output=True, text=True, cwd=ROOT,
                       env=dict(os.environ, WUPROBE=str(WUPROBE)), timeout=120)
    lines = p.stdout.splitlines()
    assert lines and re.match(r"wuprobe \d{8}T\d{6}Z: reports in ", lines[0]), p.stdout + p.stderr
    return p, lines[1:]


def test_patch_window_wrapper(lab, tmp_path):
    """Failures and a clock beyond --max-skew: the clock line, the codes with
    their fixes, and the result line, as the text report has them."""
    conf = tmp_path / "c.conf"
    conf.write_text("https://good.lab.test/\nhttps://status.lab.test/503\n")
    out = tmp_path / "reports"
    p, summary = patch_window(out, conf, "--ntp", "ntp-ahead.lab.test")
    assert p.returncode == 2
    txt = sorted(out.glob("wuprobe-*.txt"))
    js = sorted(out.glob("wuprobe-*.json"))
    assert len(txt) == 1 and len(js) == 1
    assert (out / "latest.json").resolve() == js[0].resolve()
    assert json.loads(js[0].read_text())["exit_code"] == 2
    # two servers' Date headers outvote the SNTP server, which is named (vote.c)
    assert summary[0].startswith("clock WARN: this machine is ") and "the Date headers of" in summary[0]
    assert "outvoted: SNTP ntp-ahead.lab.test" in summary[0] and "600 s behind" in summary[0]
    at = summary.index("Codes:")
    assert summary[1] == "Causes (largest first):" and "https://status.lab.test/503" in summary[2]
    assert not [line for line in summary if line.startswith("Changes")]   # a first run: its report says so
    assert "Changes no earlier report (" in txt[0].read_text()
    assert re.match(r"  0x80244022  WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL  \(1 endpoint\)$", summary[at + 1])
    assert summary[at + 2].strip()                                     # the fix
    assert summary[-1] == "Result: FAIL: 1 ok, 0 warnings, 1 failed (exit 2)"
    report = txt[0].read_text().splitlines()
    summary = [line for line in summary if line]
    assert [line for line in report if line in summary] == summary     # the report's own lines, in order
    assert "https://good.lab.test/" in txt[0].read_text()
    bad = subprocess.run([str(ROOT / "scripts/patch-window"), "-d", str(out), "--", "-c", "/nonexistent"],
                         capture_output=True, text=True, env=dict(os.environ, WUPROBE=str(WUPROBE)))
    assert bad.returncode == 3 and "could not run" in bad.stderr


def test_patch_window_all_ok_shows_the_result(lab, tmp_path):
    conf = tmp_path / "c.conf"
    conf.write_text("https://good.lab.test/\nhttp://good.lab.test/\n")
    p, summary = patch_window(tmp_path / "reports", conf)
    assert p.returncode == 0
    assert summary == ["Result: OK: 2 ok, 0 warnings, 0 failed (exit 0)"]   # no clock line: the clock is ok
    # -q: the text report stays empty; the result line comes from the JSON report
    p, quiet = patch_window(tmp_path / "quiet", conf, "-q")
    assert p.returncode == 0 and quiet == summary
    assert (tmp_path / "quiet/latest.txt").read_text() == ""


def test_patch_window_compares_with_the_last_report(lab, tmp_path):
    """The second run in one directory compares with the first: one fault
    added (a 503) and one removed (a missing name now served), the change
    summary in the summary, text and JSON alike (-q: from the JSON report)."""
    conf = tmp_path / "c.conf"
    conf.write_text("https://good.lab.test/\nhttps://missing.lab.test/\n")
    out = tmp_path / "reports"
    patch_window(out, conf)
    time.sleep(1.1)   # the reports are named by the second
    conf.write_text("https://good.lab.test/\nhttps://status.lab.test/503\n")
    p, summary = patch_window(out, conf)
    (changes,) = [line for line in summary if line.startswith("Changes ")]
    assert re.match(r"Changes since \d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ min\): 1 endpoint added, 1 endpoint removed, "
                    r"1 new cause, 1 cause gone$", changes), changes
    doc = json.loads((out / "latest.json").read_text())
    assert doc["compare"]["worse"] is True and p.returncode == 2
    time.sleep(1.1)
    conf.write_text("https://good.lab.test/\n")
    p, quiet = patch_window(out, conf, "-q")
    assert p.returncode == 0 and quiet[-2].startswith("Changes since ") and quiet[-2].endswith(
        ": 1 endpoint removed, 1 cause gone"), quiet


class NoDateHandler(http.server.BaseHTTPRequestHandler):
    """A 200 without a Date header: a run against it alone has no clock reference."""
    def do_GET(self):
        self.send_response_only(200)
        self.send_header("Content-Length", "3")
        self.end_headers()
        self.wfile.write(b"ok\n")

    def log_message(self, *args):
        pass


def test_patch_window_quiet_unknown_clock(lab, tmp_path):
    """-q on an ok run with no clock reference: the text report is empty, the
    summary (from the JSON report) is the one the full text report gives."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NoDateHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        conf = tmp_path / "c.conf"
        conf.write_text(f"http://127.0.0.1:{server.server_address[1]}/\n")
        for i, args in enumerate((["--no-ntp"], ["--ntp", "ntp-silent.lab.test", "--timeout", "1"])):
            # each in a directory of its own: a second run there would compare with the first
            p, full = patch_window(tmp_path / f"full{i}", conf, *args)
            assert p.returncode == 0 and full[-1] == "Result: OK: 1 ok, 0 warnings, 0 failed (exit 0)"
            assert full[0].startswith("clock unknown: no reference answered") and len(full) == 2
            p, quiet = patch_window(tmp_path / f"quiet{i}", conf, "-q", *args)
            assert p.returncode == 0 and quiet == full
            assert (tmp_path / f"quiet{i}/latest.txt").read_text() == ""
        assert full[0].startswith("clock unknown: no reference answered (no SNTP reply from ntp-silent.lab.test (")
    finally:
        server.shutdown()
        server.server_close()


def test_patch_window_clock_only_problem(lab, tmp_path):
    conf = tmp_path / "c.conf"
    conf.write_text("https://good.lab.test/\n")
    p, summary = patch_window(tmp_path / "reports", conf, "--ntp", "ntp-behind.lab.test")
    assert p.returncode == 1
    assert len(summary) == 2, summary
    assert summary[0].startswith("clock WARN: this machine is 600 s ahead of SNTP ntp-behind.lab.test")
    assert summary[1] == "Result: WARN: 1 ok, 0 warnings, 0 failed (exit 1)"
    assert json.loads((tmp_path / "reports/latest.json").read_text())["clock"]["status"] == "warn"


def test_patch_window_help():
    p = subprocess.run([str(ROOT / "scripts/patch-window"), "--help"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stderr == ""
    assert p.stdout.startswith("Runs wuprobe before a patch window")
    assert "scripts/patch-window [-d DIR] [-- WUPROBE-OPTIONS...]" in p.stdout
    assert "set -u" not in p.stdout and not p.stdout.endswith("\n\n")


def test_multi_site_over_ssh(lab, tmp_path):
    conf = tmp_path / "c.conf"
    conf.write_text("https://good.lab.test/\n")
    hosts = tmp_path / "hosts"
    hosts.write_text("# sites\nsite-a.example\nsite-b.example\ndown.example\nbare.example\n")
    out = tmp_path / "sites"
    p = subprocess.run([str(ROOT / "scripts/multi-site"), str(hosts), str(out), "--", "-c", str(conf),
                        "--ca-bundle", CA], capture_output=True, text=True,
                       env=dict(os.environ, SSH=str(ROOT / "tests/integration/fake-ssh")))
    lines = p.stdout.splitlines()
    assert len(lines) == 4, p.stdout
    assert re.match(r"site-a\.example +ok +exit 0$", lines[0])
    assert re.match(r"down\.example +unreachable +exit 3: ssh: connect to host down\.example port 22: "
                    r"Connection refused$", lines[2])
    assert re.match(r"bare\.example +not-found +exit 3: wuprobe not found on bare\.example$", lines[3])
    assert "unreachable" not in lines[3]
    assert p.returncode == 3
    assert json.loads((out / "site-b.example.json").read_text())["status"] == "ok"
    assert "wuprobe: command not found" in (out / "bare.example.err").read_text()


"""A run that cannot run (exit 3) still tells the tools that read its reports:
the last good run's metrics, JSON or JUnit must not stay in place as if current,
and a Nagios check says UNKNOWN on standard output for every exit-3 cause,
option errors included."""
import csv
import json
import os
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import WUPROBE

CA = os.environ.get("WUPROBE_LAB_CA", "")


def wuprobe(*args):
    return subprocess.run([str(WUPROBE), *args], capture_output=True, text=True, timeout=60)


def good_then_broken(tmp_path, fmt, out_name):
    """A good run writes OUT, then a run whose list is missing writes it again."""
    conf = tmp_path / "endpoints.conf"
    conf.write_text("https://good.lab.test/\n")
    out = tmp_path / out_name
    r = wuprobe("-c", str(conf), "--ca-bundle", CA, "--no-ntp", "-f", fmt, "-o", str(out))
    assert r.returncode == 0, r.stderr
    good = out.read_text()
    r = wuprobe("-c", str(tmp_path / "missing.conf"), "-f", fmt, "-o", str(out))
    assert r.returncode == 3 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "missing.conf: cannot open" in r.stderr
    return good, out.read_text()


def test_prometheus_file_says_exit_3(lab, tmp_path):
    good, now = good_then_broken(tmp_path, "prometheus", "w.prom")
    assert "wuprobe_run_exit_code 0" in good
    assert "wuprobe_run_exit_code 3\n" in now and "wuprobe_endpoint_up" not in now
    assert "wuprobe_run_start_timestamp_seconds " in now
    p = subprocess.run(["promtool", "check", "metrics"], input=now, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def test_json_and_junit_files_say_error(lab, tmp_path):
    _, now = good_then_broken(tmp_path, "json", "r.json")
    doc = json.loads(now)
    assert doc["status"] == "error" and doc["exit_code"] == 3 and doc["endpoints"] == []
    assert "missing.conf: cannot open" in doc["error"]
    _, now = good_then_broken(tmp_path, "junit", "r.xml")
    root = ET.fromstring(now)
    assert root.get("errors") == "1" and root.get("failures") == "0"
    err = root.find("testsuite/testcase/error")
    assert err is not None and "missing.conf: cannot open" in err.get("message")


def test_csv_file_is_left_alone(lab, tmp_path):
    good, now = good_then_broken(tmp_path, "csv", "r.csv")
    assert now == good and list(csv.reader(now.splitlines()))[1][0] == "https://good.lab.test/"


@pytest.mark.parametrize("args", [
    ["--bogus", "-f", "nagios"],                    # the bad option before the format
    ["-f", "nagios", "--timeout", "0"],             # and after
    ["--format=nagios", "-c", "/nonexistent.conf"],
    ["--timeout"],                                  # no format named: no UNKNOWN line
])
def test_nagios_unknown_for_every_exit_3(args):
    r = wuprobe(*args)
    assert r.returncode == 3 and r.stderr.count("\n") == 1
    if any("nagios" in a for a in args):
        assert r.stdout.startswith("WUPROBE UNKNOWN - ") and r.stdout.count("\n") == 1
    else:
        assert r.stdout == ""


def test_option_error_still_writes_the_metrics_file(tmp_path):
    out = tmp_path / "w.prom"
    out.write_text("wuprobe_run_exit_code 0\n")
    r = wuprobe("--parallel", "0", "-f", "prometheus", "-o", str(out))
    assert r.returncode == 3 and "--parallel" in r.stderr
    assert "wuprobe_run_exit_code 3\n" in out.read_text()


def test_written_report_is_not_replaced(lab, tmp_path):
    """The main report was written; then --json-file failed: the report is this
    run's, and stays."""
    conf = tmp_path / "endpoints.conf"
    conf.write_text("https://good.lab.test/\n")
    out = tmp_path / "r.prom"
    r = wuprobe("-c", str(conf), "--ca-bundle", CA, "--no-ntp", "-f", "prometheus", "-o", str(out),
                "--json-file", "/dev/full")
    assert r.returncode == 3 and "--json-file /dev/full: cannot write" in r.stderr
    assert "wuprobe_run_exit_code 0" in out.read_text()

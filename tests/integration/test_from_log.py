"""--from-log: logs written the way ../shared/reference/update-logs.md shows
them (tests/samples/logs: Windows 10 in UTF-8 with a BOM and CRLF, the same
pasted with its padding collapsed, and with its events joined, the legacy WindowsUpdate.log in UTF-16LE
as PowerShell 5.1's '>' saves it, Delivery Optimization as text and as
Export-Csv, BITS event text). The failed URLs and only those are probed,
each logged code is explained, the logged proxy is compared with the route."""
import json
import os
import subprocess

from conftest import ROOT, WUPROBE

LOGS = ROOT / "tests/samples/logs"
SLS = "https://refused.lab.test/SLS/%7B9482F4B4-E343-43B6-B170-9A65BC822C77%7D/x64/10.0.19045.2728/0"


def from_log(lab, name, *args, fmt="json"):
    cmd = [str(WUPROBE), "--from-log", str(LOGS / name), "--timeout", "2", "--no-ntp",
           "--ca-bundle", os.environ["WUPROBE_LAB_CA"], *args]
    if fmt:
        cmd += ["-f", fmt]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def logged(doc):
    return {(e["code"], e["url"]): e for e in doc["from_log"]["logged"]}


def check_win10(r, lines=12):
    doc = json.loads(r.stdout)
    # the failed URLs, and only those: not good.lab.test, logged as a success
    assert sorted(e["url"] for e in doc["endpoints"]) == sorted(
        [SLS, "https://expired.lab.test/ClientWebService/client.asmx", "http://status.lab.test/404"])
    assert {e["group"] for e in doc["endpoints"]} == {"from-log"}
    got = logged(doc)
    sls = got[("0x80072EFD", SLS)]
    assert (sls["count"], sls["first"], sls["last"]) == (2, "2023-03-21 22:19:01", "2023-03-21 22:25:01")
    assert (sls["now_status"], sls["now_code"], sls["name"]) == ("fail", "0x80072EFD", "ERROR_WINHTTP_CANNOT_CONNECT")
    ws = got[("0x80072F8F", "https://expired.lab.test/ClientWebService/client.asmx")]
    assert (ws["component"], ws["now_code"], ws["kind"]) == ("WebServices", "0x80072F8F", "network")
    bits = got[("0x80190194", "http://status.lab.test/404")]
    # still 404: a failure now, never "gone" (the log's URLs accept only a success)
    assert (bits["name"], bits["now_status"], bits["now_code"]) == ("BG_E_HTTP_ERROR_404", "fail", "0x80244019")
    machine = got[("0x8024000B", None)]
    assert (machine["kind"], machine["network"], machine["now_status"]) == ("machine", False, None)
    assert len(got) == 4 and doc["from_log"]["failures"] == 5 and doc["from_log"]["lines"] == lines
    assert "LENOVO" not in r.stdout and "MK=" not in r.stdout   # the query string never leaves


def test_windows10_utf8_bom(lab):
    r = from_log(lab, "win10.log")
    assert r.returncode == 2, r.stderr
    check_win10(r)


def test_windows10_collapsed(lab):
    """A copy from a web page: single spaces for the padding, LF."""
    r = from_log(lab, "win10-collapsed.log")
    assert r.returncode == 2, r.stderr
    check_win10(r)


def test_windows10_joined(lab):
    """A copy whose events were joined, three to a line: each read apart."""
    r = from_log(lab, "win10-joined.log")
    assert r.returncode == 2, r.stderr
    check_win10(r, lines=4)


def test_legacy_utf16_proxy_compared(lab):
    r = from_log(lab, "legacy-utf16.log")
    doc = json.loads(r.stdout)
    assert sorted(e["url"] for e in doc["endpoints"]) == [
        "http://hang.lab.test/v6/ClientWebService/client.asmx",
        "https://refused.lab.test/v11/3/legacy/windowsupdate/selfupdate/wuident.cab"]
    got = logged(doc)
    cab = got[("0x80072EFD", "https://refused.lab.test/v11/3/legacy/windowsupdate/selfupdate/wuident.cab")]
    assert cab["count"] == 1   # "SendRequest failed with hr" right after is the same failure
    assert (cab["proxy_logged"], cab["now_route"], cab["route_differs"]) == ("squid-open.lab.test:3128", "direct", True)
    assert (cab["now_status"], cab["now_code"]) == ("fail", "0x80072EFD")
    pt = got[("0x80072EE2", "http://hang.lab.test/v6/ClientWebService/client.asmx")]
    assert pt["proxy_logged"] == "squid-open.lab.test:3128" and pt["now_code"] == "0x80072EE2"
    ph = got[("0x8024402C", "http://<wsusserver>/selfupdate/wuident.cab")]
    assert ph["placeholder"] and ph["now_status"] is None
    # through the proxy the client logged: the route is the same, and now the proxy's own answer
    r = from_log(lab, "legacy-utf16.log", "--proxy", "squid-open.lab.test:3128")
    cab = logged(json.loads(r.stdout))[("0x80072EFD", cab["url"])]
    assert (cab["now_route"], cab["route_differs"], cab["now_code"]) == ("squid-open.lab.test:3128", False, "0x80244022")


def test_legacy_text_report(lab):
    r = from_log(lab, "legacy-utf16.log", fmt=None)
    assert "logged 0x80072EFD ERROR_WINHTTP_CANNOT_CONNECT at 2014-05-26 10:23:15 by Misc" in r.stdout
    assert "now: FAIL 0x80072EFD (direct): 127.0.2.7:443 refused the connection" in r.stdout
    assert "the route differs: the client logged squid-open.lab.test:3128, this run went direct" in r.stdout
    assert "not probed: the host is a placeholder" in r.stdout
    # each logged code explained once
    assert r.stdout.count("0x8024402C  WU_E_PT_WINHTTP_NAME_NOT_RESOLVED  (a network condition)") == 1
    assert "0x80244007  WU_E_PT_SOAPCLIENT_SOAPFAULT  (the update server's side)" in r.stdout


def test_delivery_optimization_text_and_csv(lab):
    r = from_log(lab, "do.log")
    doc = json.loads(r.stdout)
    got = logged(doc)
    dl = got[("0x80D02002", "http://blackhole.lab.test/filestreamingservice/files/abc")]
    assert (dl["first"], dl["component"], dl["now_code"]) == ("2022-02-05 00:05:16Z", "CDownloadJob::_OnFailure",
                                                               "0x80072EE2")
    ok = got[("0x80072EE2", "https://good.lab.test/")]
    assert ok["now_status"] == "ok"
    text = from_log(lab, "do.log", fmt=None).stdout
    assert "now: ok (direct): gone, or intermittent" in text
    r = from_log(lab, "do.csv")
    got = logged(json.loads(r.stdout))
    dl = got[("0x80D02002", "http://blackhole.lab.test/filestreamingservice/files/abc")]   # ErrorCode -2133843966
    assert dl["first"] == "2/5/2022 12:05:16 AM" and dl["now_status"] == "fail"


def test_bits_event_text(lab):
    r = from_log(lab, "bits.txt")
    e = json.loads(r.stdout)["from_log"]["logged"][0]
    assert (e["code"], e["url"], e["component"], e["now_code"]) == ("0x80072EE7", "http://nosuch.lab.test/", "BITS",
                                                                      "0x80072EE7")


def test_with_a_list(lab, tmp_path):
    """-c: the list's endpoints and the log's; a URL in both is probed once."""
    conf = tmp_path / "list.conf"
    conf.write_text("https://good.lab.test/\nhttp://nosuch.lab.test/\n")
    r = from_log(lab, "bits.txt", "-c", str(conf))
    doc = json.loads(r.stdout)
    assert [e["url"] for e in doc["endpoints"]] == ["https://good.lab.test/", "http://nosuch.lab.test/"]
    assert doc["from_log"]["logged"][0]["now_code"] == "0x80072EE7"


def test_not_an_update_log(lab):
    r = from_log(lab, "not-a-log.txt")
    assert r.returncode == 3 and r.stdout == ""
    assert r.stderr == f"wuprobe: --from-log: {LOGS / 'not-a-log.txt'}: not an update log (no line of " \
                       "Get-WindowsUpdateLog, WindowsUpdate.log, Delivery Optimization or BITS)\n"
    r = from_log(lab, "no-such-file.log")
    assert r.returncode == 3 and "cannot open" in r.stderr and r.stderr.count("\n") == 1


def test_every_format(lab):
    """CSV: a row per logged failure; JUnit: a suite of them; Nagios: the
    count in the summary; Prometheus: wuprobe_log_failures."""
    csv = from_log(lab, "legacy-utf16.log", fmt="csv").stdout.splitlines()
    assert csv[0].startswith("logged_code,logged_name,kind,first,last,count,component,url,")
    assert any(l.startswith("0x80072EFD,ERROR_WINHTTP_CANNOT_CONNECT,network,2014-05-26 10:23:15,") and
               ",squid-open.lab.test:3128,fail,0x80072EFD,direct,yes," in l for l in csv[1:])
    assert len(csv) == 6
    junit = from_log(lab, "legacy-utf16.log", fmt="junit").stdout
    assert '<testsuite name="wuprobe.from-log" tests="5" failures="4" errors="0" skipped="1">' in junit
    nagios = from_log(lab, "legacy-utf16.log", fmt="nagios").stdout
    assert "; log: 5 failures logged (5 distinct), 4 fail now |" in nagios
    prom = from_log(lab, "legacy-utf16.log", fmt="prometheus").stdout
    assert ('wuprobe_log_failures{url="https://refused.lab.test/v11/3/legacy/windowsupdate/selfupdate/wuident.cab",'
            'code="0x80072EFD",now_status="fail"} 1') in prom
    assert 'wuprobe_log_failures{url="http://<wsusserver>/selfupdate/wuident.cab",code="0x8024402C",now_status=""} 1' in prom

"""wuprobe --serve: the exporter, run for real in the lab. /probe runs a
module in a child and answers the run's metrics with probe_success and
probe_duration_seconds; the bounds (modules, probes at once, request size,
connections) hold; bad configuration is one line and exit 3; SIGTERM ends
it with its children. The sanitized build takes the hostile requests."""
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, WUPROBE

SAN = ROOT / "build" / "san" / "wuprobe"
GOOD = "https://good.lab.test/\n"
FAIL = "http://status.lab.test/blockpage.cab expect=cab\n"
HANG = "http://hang.lab.test/\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, headers=None, timeout=30):
    """(status, body) of GET http://127.0.0.1:PORT/PATH."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def metrics(body):
    """{'name{labels}': value} of a Prometheus text answer."""
    out = {}
    for line in body.splitlines():
        if line and not line.startswith("#"):
            k, v = line.rsplit(" ", 1)
            out[k] = float(v)
    return out


def value(body, name):
    vals = [v for k, v in metrics(body).items() if k == name or k.startswith(name + "{")]
    assert len(vals) == 1, (name, body)
    return vals[0]


class Exporter:
    def __init__(self, proc, port, err_path):
        self.proc, self.port, self.err_path = proc, port, err_path

    def get(self, path, **kw):
        return get(self.port, path, **kw)

    @property
    def err(self):
        return self.err_path.read_text()

    def stop(self, timeout=10):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)


@pytest.fixture
def serve(lab, tmp_path):
    """serve(conf_text, *args, modules=None, binary=WUPROBE) -> Exporter,
    listening and healthy; stopped (SIGTERM, exit 0 checked) after."""
    started = []

    def start(conf, *args, modules=None, binary=WUPROBE):
        path = tmp_path / "endpoints.conf"
        path.write_text(conf)
        port = free_port()
        cmd = [str(binary), "--serve", str(port), "-c", str(path), "--ca-bundle", os.environ["WUPROBE_LAB_CA"],
               "--timeout", "5", *args]
        if modules is not None:
            mpath = tmp_path / "modules.conf"
            mpath.write_text(modules)
            cmd += ["--modules", str(mpath)]
        err = tmp_path / f"serve-{port}.err"
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err.open("w"), cwd=tmp_path)
        ex = Exporter(proc, port, err)
        started.append(ex)
        for _ in range(200):
            try:
                if ex.get("/-/healthy", timeout=1)[0] == 200:
                    return ex
            except OSError:
                pass
            assert proc.poll() is None, ex.err
            time.sleep(0.05)
        pytest.fail("the exporter did not come up: " + ex.err)
    yield start
    for ex in started:
        if ex.proc.poll() is None:
            assert ex.stop() == 0, ex.err
        assert "AddressSanitizer" not in ex.err and "runtime error" not in ex.err, ex.err


def test_probe_answers_the_runs_metrics_and_blackbox_ones(serve):
    ex = serve(GOOD + FAIL, "--no-ntp")
    status, body = ex.get("/probe?module=default")
    assert status == 200
    m = metrics(body)
    assert m['wuprobe_endpoint_status{url="https://good.lab.test/",group="default"}'] == 0
    assert m['wuprobe_endpoint_status{url="http://status.lab.test/blockpage.cab",group="default"}'] == 2
    assert value(body, "wuprobe_run_exit_code") == 2
    assert value(body, "probe_success") == 0
    assert 0 < value(body, "probe_duration_seconds") < 5
    assert "# TYPE probe_success gauge" in body
    # The same list without the fault: a success; no module is the default.
    ex2 = serve(GOOD, "--no-ntp")
    status, body = ex2.get("/probe")
    assert status == 200 and value(body, "probe_success") == 1, body
    status, body = ex.get("/metrics")
    assert metrics(body)['wuprobe_exporter_probes_total{module="default"}'] == 1
    assert metrics(body)['wuprobe_exporter_probe_failures_total{module="default"}'] == 1


def test_modules_file_names_more_modules(serve, tmp_path):
    (tmp_path / "good.conf").write_text(GOOD)
    (tmp_path / "fail.conf").write_text(FAIL)
    ex = serve(GOOD, "--no-ntp", modules=(
        "# two sites\n[site-a]\nconfig = good.conf\nno-ntp\nca-bundle = %s\n\n"
        "; another\n[site-b]\nconfig = fail.conf\nno-ntp\ntimeout = 3\n" % os.environ["WUPROBE_LAB_CA"]))
    _, a = ex.get("/probe?module=site-a")
    _, b = ex.get("/probe?module=site-b")
    assert value(a, "probe_success") == 1 and "good.lab.test" in a and "status.lab.test" not in a
    assert value(b, "probe_success") == 0 and "status.lab.test" in b
    _, m = ex.get("/metrics")
    assert metrics(m)['wuprobe_exporter_probes_total{module="site-a"}'] == 1


def test_what_is_not_a_probe_is_refused(serve):
    ex = serve(GOOD, "--no-ntp")
    assert ex.get("/probe?module=nope") == (400, "unknown module 'nope'\n")
    status, body = ex.get("/probe?module=default&target=http://169.254.169.254/")
    assert status == 400 and "target" in body
    assert ex.get("/nothing")[0] == 404
    assert ex.get("/")[0] == 200
    req = urllib.request.Request(f"http://127.0.0.1:{ex.port}/probe", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 405
    _, m = ex.get("/metrics")
    assert metrics(m)["wuprobe_exporter_bad_requests_total"] == 4
    assert metrics(m)['wuprobe_exporter_probes_total{module="default"}'] == 0


@pytest.mark.parametrize("modules,args,want", [
    (None, ["--serve", "0"], "--serve: '0' is not PORT"),
    (None, ["--serve", "localhost:9116"], "is not PORT, IP:PORT"),
    ("[a]\nformat = json\n", [], "modules.conf:2: 'format': the exporter sets it"),
    ("timeout = 3\n", [], "modules.conf:1: an option before the first [module]"),
    ("[default]\n", [], "modules.conf:1: module 'default' is the command line's"),
    ("[a]\n[a]\n", [], "modules.conf:2: module 'a' is named twice"),
    ("[a b]\n", [], "modules.conf:1: a module is [NAME]"),
    ("[a]\nno-such = 1\n", [], "modules.conf: module 'a': unknown option '--no-such'"),
    ("[a]\nconfig = missing.conf\n", [], "modules.conf: module 'a': "),
    ("[a]\nproxy-password = x\n", [], "passwords never go on the command line"),
    (None, ["--output", "x"], "--output and --json-file do not go with it"),
])
def test_bad_configuration_is_one_line_and_exit_3(lab, tmp_path, modules, args, want):
    conf = tmp_path / "endpoints.conf"
    conf.write_text(GOOD)
    cmd = [str(WUPROBE), "-c", str(conf)]
    if modules is not None:
        (tmp_path / "modules.conf").write_text(modules)
        cmd += ["--modules", str(tmp_path / "modules.conf")]
    if "--serve" not in args:
        cmd += ["--serve", str(free_port())]
    r = subprocess.run(cmd + args, capture_output=True, text=True, timeout=20, cwd=tmp_path)
    assert r.returncode == 3, r.stderr
    assert want in r.stderr and r.stderr.count("\n") == 1 and r.stdout == "", r.stderr
    assert "x\n" not in r.stderr.replace("-x", "")


def test_modules_without_serve_is_refused(probe, tmp_path):
    r = probe(GOOD, "--modules", str(tmp_path / "m.conf"))
    assert r.rc == 3 and "--modules goes with --serve" in r.err


def test_the_child_ends_by_the_scrapes_deadline(serve):
    ex = serve(HANG, "--no-ntp")
    t0 = time.monotonic()
    status, body = ex.get("/probe", headers={"X-Prometheus-Scrape-Timeout-Seconds": "2"})
    took = time.monotonic() - t0
    assert status == 200 and value(body, "probe_success") == 0
    assert took < 2.0, took                      # 2 s less the 0.5 s margin
    # The endpoint's own timeout came first (a fifth of the budget left):
    # a whole run, hang.lab.test's verdict a timeout.
    assert 'code="0x80072EE2"' in body, body
    assert value(body, "probe_duration_seconds") <= 1.6


def test_a_tiny_budget_still_answers_in_time(serve):
    """0.7 s of scrape timeout leaves 0.2 s: the answer comes within it,
    killed or not, and nothing is left running."""
    ex = serve(HANG, "--no-ntp")
    t0 = time.monotonic()
    status, body = ex.get("/probe", headers={"X-Prometheus-Scrape-Timeout-Seconds": "0.7"})
    took = time.monotonic() - t0
    assert status == 200 and value(body, "probe_success") == 0
    assert took < 1.0, took
    _, m = ex.get("/metrics")
    assert metrics(m)["wuprobe_exporter_probes_running"] == 0


def test_probes_beyond_the_bound_get_503_and_sigterm_ends_them(serve):
    ex = serve(HANG, "--no-ntp", "--timeout", "30")
    results = []

    def scrape():   # ended by the SIGTERM below: the connection closes without an answer
        try:
            results.append(ex.get("/probe", headers={"X-Prometheus-Scrape-Timeout-Seconds": "20"}, timeout=40))
        except OSError as e:
            results.append(e)
    threads = [threading.Thread(target=scrape) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(100):
        if metrics(ex.get("/metrics")[1])["wuprobe_exporter_probes_running"] == 4:
            break
        time.sleep(0.05)
    status, body = ex.get("/probe")
    assert status == 503 and "4 probes already running" in body
    assert metrics(ex.get("/metrics")[1])["wuprobe_exporter_probes_refused_total"] == 1
    children = child_pids(ex.proc.pid)
    assert len(children) == 4
    t0 = time.monotonic()
    assert ex.stop() == 0, ex.err
    assert time.monotonic() - t0 < 3
    for t in threads:
        t.join(10)
    assert all(not Path(f"/proc/{p}").exists() for p in children)
    assert "signal 15" in ex.err


def child_pids(pid):
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                stat = (p / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(p.name))
    return out


def raw(port, data, timeout=5):
    """What the exporter answers to DATA sent as is ('' when it closes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        chunks = []
        try:
            while (c := s.recv(65536)):
                chunks.append(c)
        except OSError:
            pass
        return b"".join(chunks).decode(errors="replace")


def test_hostile_requests_under_asan(serve):
    """The sanitized build: malformed, oversized, an unknown module, 1,000
    connections at once; it still answers, and ASan says nothing (the
    fixture checks its standard error)."""
    if not SAN.exists():
        pytest.skip("make build/san/wuprobe first")
    ex = serve(GOOD, "--no-ntp", binary=SAN)
    answers = {
        "garbage": raw(ex.port, b"GARBAGE\r\n\r\n"),
        "binary": raw(ex.port, b"\x00\xff\x16\x03\x01" * 100),
        "long line": raw(ex.port, b"GET /probe?module=" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        "big header": raw(ex.port, b"GET /-/healthy HTTP/1.1\r\nHost: x\r\nX-A: " + b"b" * 100000 + b"\r\n\r\n"),
        "many headers": raw(ex.port, b"GET /-/healthy HTTP/1.1\r\n" + b"X-A: b\r\n" * 5000 + b"\r\n"),
        "huge length": raw(ex.port, b"GET /-/healthy HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n"),
        "chunked": raw(ex.port, b"GET /-/healthy HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
    }
    # Closed at once or refused with a 4xx, never a 200 nor a crash.
    for what, a in answers.items():
        assert a == "" or re.match(r"HTTP/1\.[01] 4\d\d ", a), (what, a[:200])
    assert re.match(r"HTTP/1\.1 (414|431) ", answers["long line"]), answers["long line"][:100]
    assert raw(ex.port, b"GET /probe?module=%ff%00x HTTP/1.1\r\nHost: x\r\n\r\n").startswith("HTTP/1.1 400")
    socks = []
    try:
        for _ in range(1000):
            s = socket.socket()
            s.settimeout(5)
            try:
                s.connect(("127.0.0.1", ex.port))
            except OSError:
                s.close()
                continue
            socks.append(s)
        for s in socks[:200]:
            try:
                s.sendall(b"GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n")
            except OSError:
                pass
    finally:
        for s in socks:
            s.close()
    assert len(socks) > 500
    for _ in range(100):
        try:
            if ex.get("/-/healthy", timeout=2)[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    assert ex.get("/-/healthy") == (200, "Healthy\n")
    status, body = ex.get("/probe")
    assert status == 200 and value(body, "probe_success") == 1


def test_the_autoproxy_has_a_metric_for_its_alert(probe):
    """contrib/prometheus's WuprobeAutoProxyFailing reads it: a PAC that
    cannot be downloaded is 0x80072F87, status 2."""
    r = probe(GOOD, "--pac", "http://refused.lab.test/proxy.pac", "--no-ntp", fmt="prometheus")
    assert 'wuprobe_autoproxy_status{mode="pac",code="0x80072F87"} 2\n' in r.out, r.out
    r = probe(GOOD, "--no-ntp", fmt="prometheus")
    assert "wuprobe_autoproxy_status" not in r.out


def test_a_probe_past_its_deadline_is_killed(serve):
    """0.6 s of scrape timeout leaves the 0.1 s floor: the sanitized run
    (slower to start) with a hanging endpoint cannot end by then, so it is
    killed with its group at 0.1 s and the answer is the blackbox metrics
    alone, never half a report."""
    if not SAN.exists():
        pytest.skip("make build/san/wuprobe first")
    ex = serve(HANG + GOOD, "--no-ntp", binary=SAN)
    status, body = ex.get("/probe", headers={"X-Prometheus-Scrape-Timeout-Seconds": "0.6"})
    assert status == 200 and value(body, "probe_success") == 0
    assert "wuprobe_endpoint" not in body and "wuprobe_run_exit_code" not in body, body
    assert 0.1 <= value(body, "probe_duration_seconds") < 0.5
    m = metrics(ex.get("/metrics")[1])
    assert m['wuprobe_exporter_probe_deadline_kills_total{module="default"}'] == 1
    assert m["wuprobe_exporter_probes_running"] == 0
    assert child_pids(ex.proc.pid) == []


def test_an_address_in_use_is_one_line_and_exit_3(lab, tmp_path):
    conf = tmp_path / "endpoints.conf"
    conf.write_text(GOOD)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        r = subprocess.run([str(WUPROBE), "--serve", str(s.getsockname()[1]), "-c", str(conf)],
                           capture_output=True, text=True, timeout=20)
    assert r.returncode == 3 and r.stdout == ""
    assert r.stderr == "wuprobe: --serve: cannot listen there: Address already in use\n", r.stderr

"""The fleet path with real Prometheus servers (Debian's prometheus): a
site Prometheus in agent mode scrapes wuprobe --serve and sends the samples
with remote_write to a central Prometheus (--web.enable-remote-write-
receiver); the test asks the central one's HTTP API for the site's
probe_success and wuprobe_endpoint_status and checks them against a lab
fault. The configurations are contrib/prometheus's (the ones docs/fleet.md
shows), with the addresses and intervals replaced. Loopback only."""
import json
import os
import shutil
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from conftest import ROOT
from test_serve import FAIL, GOOD, free_port, serve  # noqa: F401 (the fixture)

CONTRIB = ROOT / "contrib" / "prometheus"
PROMETHEUS = shutil.which("prometheus") or "/usr/bin/prometheus"


def query(port, q):
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": q})
    with urllib.request.urlopen(url, timeout=5) as r:
        doc = json.load(r)
    assert doc["status"] == "success", doc
    return {json.dumps(x["metric"], sort_keys=True): float(x["value"][1]) for x in doc["data"]["result"]}


def wait_ready(port, proc, log):
    for _ in range(300):
        assert proc.poll() is None, log.read_text()[-3000:]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail("prometheus not ready: " + log.read_text()[-3000:])


def test_site_agent_writes_to_central_prometheus(serve, tmp_path):
    if not os.path.exists(PROMETHEUS):
        pytest.skip("no prometheus (scripts/install-deps.sh installs it)")
    ex = serve(GOOD + FAIL, "--no-ntp")
    central_port, agent_port = free_port(), free_port()
    central_dir = tmp_path / "central"
    central_dir.mkdir()
    shutil.copy(CONTRIB / "central.yml", central_dir / "central.yml")
    shutil.copy(CONTRIB / "wuprobe-alerts.yml", central_dir / "wuprobe-alerts.yml")
    site = (CONTRIB / "site-agent.yml").read_text()
    for old, new in [("127.0.0.1:9734", f"127.0.0.1:{ex.port}"),
                     ("http://central.example:9090", f"http://127.0.0.1:{central_port}"),
                     ("scrape_interval: 1m", "scrape_interval: 1s"), ("scrape_timeout: 50s", "scrape_timeout: 1s"),
                     ("batch_send_deadline: 5s", "batch_send_deadline: 500ms")]:
        assert old in site, old
        site = site.replace(old, new)
    (tmp_path / "site-agent.yml").write_text(site)
    procs = []
    try:
        clog = tmp_path / "central.log"
        procs.append(subprocess.Popen(
            [PROMETHEUS, f"--config.file={central_dir / 'central.yml'}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
             f"--web.listen-address=127.0.0.1:{central_port}", "--web.enable-remote-write-receiver"],
            stdout=subprocess.DEVNULL, stderr=clog.open("w")))
        wait_ready(central_port, procs[-1], clog)
        alog = tmp_path / "agent.log"
        procs.append(subprocess.Popen(
            [PROMETHEUS, "--enable-feature=agent", f"--config.file={tmp_path / 'site-agent.yml'}",
             f"--storage.agent.path={tmp_path / 'agent'}", f"--web.listen-address=127.0.0.1:{agent_port}"],
            stdout=subprocess.DEVNULL, stderr=alog.open("w")))
        wait_ready(agent_port, procs[-1], alog)
        got = {}
        for _ in range(150):
            got = query(central_port, '{site="branch-042",job="wuprobe",__name__=~"probe_success|wuprobe_endpoint_status"}')
            if len(got) >= 3:
                break
            time.sleep(0.2)
        def one(name, **labels):
            hits = [v for k, v in got.items()
                    if json.loads(k)["__name__"] == name and all(json.loads(k).get(a) == b for a, b in labels.items())]
            assert len(hits) == 1, (name, labels, got)
            return hits[0]
        # The lab's fault: the block page where a cab should be fails the
        # endpoint (2) and the probe; the good endpoint is ok (0).
        assert one("probe_success", instance=f"127.0.0.1:{ex.port}") == 0
        assert one("wuprobe_endpoint_status", url="http://status.lab.test/blockpage.cab") == 2
        assert one("wuprobe_endpoint_status", url="https://good.lab.test/") == 0
        # The exporter's own metrics came the same way.
        for _ in range(50):
            own = query(central_port, 'wuprobe_exporter_probes_total{site="branch-042",module="default"}')
            if own and list(own.values())[0] >= 1:
                break
            time.sleep(0.2)
        assert own and list(own.values())[0] >= 1
        # The central one loaded the alert rules.
        with urllib.request.urlopen(f"http://127.0.0.1:{central_port}/api/v1/rules", timeout=5) as r:
            names = {x["name"] for g in json.load(r)["data"]["groups"] for x in g["rules"]}
        assert {"WuprobeEndpointFailing", "WuprobeNewCause", "WuprobeExporterDown"} <= names
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()

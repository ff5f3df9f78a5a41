"""Shared helpers: every test runs the real ./wuprobe inside the lab
(tests/lab/run), against the lab's dnsmasq, nginx and hostile servers."""
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# scripts/valgrind-lab puts a wrapper in its place.
WUPROBE = Path(os.environ.get("WUPROBE_UNDER_TEST") or ROOT / "wuprobe")


class Run:
    def __init__(self, proc, elapsed):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.elapsed = elapsed
        self._doc = None

    @property
    def doc(self):
        if self._doc is None:
            self._doc = json.loads(self.out)
        return self._doc

    def ep(self, url):
        for e in self.doc["endpoints"]:
            if e["url"] == url:
                return e
        raise KeyError(url)


@pytest.fixture(scope="session")
def lab():
    if "WUPROBE_LAB" not in os.environ:
        pytest.fail("integration tests run inside the lab: make integration (tests/lab/run)")
    return Path(os.environ["WUPROBE_LAB"])


@pytest.fixture
def probe(lab, tmp_path):
    """probe(conf_text, *args, ca=True, fmt="json", timeout="3") -> Run"""
    def run(conf, *args, ca=True, fmt="json", timeout="3", env=None):
        path = tmp_path / "endpoints.conf"
        path.write_text(conf)
        cmd = [str(WUPROBE), "-c", str(path), "--timeout", timeout]
        if fmt:
            cmd += ["-f", fmt]
        if ca:
            cmd += ["--ca-bundle", os.environ["WUPROBE_LAB_CA"]]
        cmd += list(args)
        t0 = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                              env=env if env is not None else os.environ.copy())
        return Run(proc, time.monotonic() - t0)
    return run

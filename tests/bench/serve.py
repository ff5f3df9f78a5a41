#!/usr/bin/python3
"""A bench, not a test: wuprobe --serve scraped every second for a while
(default ten minutes), inside the lab (tests/lab/run), with the shipped
endpoint list (every endpoint lands on the lab's good server).

Reports the exporter's resident memory (VmRSS) and peak (VmHWM) after the
first minute and at the end (a leak grows them), and what one scrape costs
beyond the probe itself: the scrape's wall time less probe_duration_seconds
(the exporter's parsing, fork, exec and relay), the time of a plain
`wuprobe -f prometheus` run of the same list beside that of a scrape, and
the exporter process's own CPU per scrape (its children's excluded).

Usage: tests/lab/run /usr/bin/python3 tests/bench/serve.py [SECONDS] [BINARY]"""
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def status(pid):
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        k, _, v = line.partition(":")
        fields[k] = v.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0]), int(fields["Threads"])


def cpu(pid):
    """The process's own user+system seconds (children excluded)."""
    f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 600
    binary = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "wuprobe")
    conf = str(ROOT / "endpoints.conf")
    args = ["-c", conf, "--ca-bundle", os.environ["WUPROBE_LAB_CA"], "--no-ntp", "--timeout", "5"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "--serve", str(port), *args], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/probe"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/healthy", timeout=1).read()
            break
        except OSError:
            time.sleep(0.05)
    beyond, walls, n, fails = [], [], 0, 0
    t_end = time.monotonic() + seconds
    start = None
    cpu0 = cpu(proc.pid)
    next_at = time.monotonic()
    while time.monotonic() < t_end:
        t0 = time.monotonic()
        req = urllib.request.Request(url, headers={"X-Prometheus-Scrape-Timeout-Seconds": "10"})
        body = urllib.request.urlopen(req, timeout=15).read().decode()
        wall = time.monotonic() - t0
        dur = float(next(l.split()[1] for l in body.splitlines() if l.startswith("probe_duration_seconds ")))
        ok = next(l.split()[1] for l in body.splitlines() if l.startswith("probe_success "))
        fails += ok != "1"
        walls.append(wall)
        beyond.append(wall - dur)
        n += 1
        if start is None and n >= 60:
            start = status(proc.pid)
        next_at += 1
        time.sleep(max(0, next_at - time.monotonic()))
    end = status(proc.pid)
    cpu_per = (cpu(proc.pid) - cpu0) / n
    start = start or status(proc.pid)
    # A plain run of the same list, for comparison.
    direct = []
    for _ in range(20):
        t0 = time.monotonic()
        subprocess.run([binary, *args, "-f", "prometheus", "-q"], capture_output=True)
        direct.append(time.monotonic() - t0)
    proc.terminate()
    rc = proc.wait(10)
    ms = lambda v: f"{v * 1000:.2f} ms"
    print(f"bench-serve: {n} scrapes in {seconds:.0f} s, one a second, {fails} with probe_success 0; "
          f"{len(open(conf).read().split())} words of endpoints.conf")
    print(f"  exporter RSS after 60 scrapes: {start[0]} KiB (peak {start[1]} KiB), threads {start[2]}")
    print(f"  exporter RSS at the end:       {end[0]} KiB (peak {end[1]} KiB), threads {end[2]}")
    print(f"  scrape wall: median {ms(statistics.median(walls))}, p95 {ms(sorted(walls)[int(0.95 * n) - 1])}")
    print(f"  beyond the probe (wall - probe_duration_seconds): median {ms(statistics.median(beyond))}, "
          f"max {ms(max(beyond))}")
    print(f"  a plain run of the same list: median {ms(statistics.median(direct))}")
    print(f"  exporter's own CPU per scrape: {ms(cpu_per)}")
    print(f"  exit on SIGTERM: {rc}")


if __name__ == "__main__":
    main()

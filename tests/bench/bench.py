#!/usr/bin/python3
"""The bench's driver, run by tests/bench/run inside its namespace: wuprobe
and curl --parallel over the same N URLs, alternating, BENCH_REPS times (and
a base wuprobe, an earlier build, in the same turns when one is given);
for each run the wall and CPU seconds and peak RSS of the tool (wait4), how
many endpoints were ok, and what the servers spent meanwhile; then medians,
ratios and the floor. A benchmark: it reports, it never judges."""
import json
import os
import resource
import signal
import statistics
import subprocess
import time
from pathlib import Path

ENV = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}   # no proxy for either tool
TICK = os.sysconf("SC_CLK_TCK")
CURL_MAX_PARALLEL = 300   # curl clamps --parallel-max to this (tool_getparam.c, MAX_PARALLEL)


class Params:
    def __init__(self):
        e = os.environ
        self.n, self.rtt, self.proto = int(e["BENCH_N"]), int(e["BENCH_RTT"]), e["BENCH_PROTO"]
        # P "default": wuprobe's own default (no --parallel), curl at its most (300).
        self.p = None if e["BENCH_P"] == "default" else int(e["BENCH_P"])
        self.reps = int(e["BENCH_REPS"])
        self.run, self.ca, self.wuprobe = Path(e["BENCH_RUN"]), e["BENCH_CA"], e["BENCH_WUPROBE"]
        self.base = e.get("BENCH_BASE_WUPROBE") or None
        self.relay = e["BENCH_RELAY_ON"] == "1"
        # DNS 1 + TCP 1 (+ TLS 1.2 2) + HTTP 1 round trips.
        self.trips = 5 if self.proto == "https" else 3


def urls(prm, n=None):
    width = max(4, len(str(prm.n)))
    return [f"{prm.proto}://n{i:0{width}d}.bench.lab.test/" for i in range(1, (n or prm.n) + 1)]


def write_inputs(prm, name, n=None):
    """NAME.conf for wuprobe and NAME.curl (a curl config) for the same URLs."""
    us = urls(prm, n)
    conf = prm.run / f"{name}.conf"
    conf.write_text("[bench]\n" + "".join(u + "\n" for u in us))
    curl = prm.run / f"{name}.curl"
    curl.write_text("".join(f'url = "{u}"\noutput = "/dev/null"\n' for u in us))
    return conf, curl


def wuprobe_cmd(prm, conf, binary=None):
    return [binary or prm.wuprobe, "-c", str(conf), "--ca-bundle", prm.ca, "--no-ntp", "--timeout", "30",
            *(["--parallel", str(prm.p)] if prm.p else []), "-f", "json", "-q", "--dns-server", "127.0.0.1"]


def curl_cmd(prm, cfg):
    return ["curl", "-q", "--parallel", "--parallel-max", str(prm.p or CURL_MAX_PARALLEL), "-s", "--cacert", prm.ca,
            "--tlsv1.2", "--tls-max", "1.2", "-w", "%{http_code}\\n", "-K", str(cfg)]


def cpu_of(pids):
    """CPU seconds (user + system) the processes PIDS and their children have used."""
    total = 0
    for pid in pids:
        try:
            tids = [pid] + [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            continue
        for t in tids:
            try:
                f = Path(f"/proc/{t}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(f[11]) + int(f[12])   # utime, stime
    return total / TICK


def udp_drops():
    """(datagrams dropped for a full receive buffer in this namespace, of which
    at the DNS server's port 53)."""
    lines = [l.split() for l in Path("/proc/net/snmp").read_text().splitlines() if l.startswith("Udp:")]
    total = int(lines[1][lines[0].index("RcvbufErrors")])
    at53 = 0
    for l in Path("/proc/net/udp").read_text().splitlines()[1:]:
        f = l.split()
        if f[1].endswith(":0035"):
            at53 += int(f[-1])
    return total, at53


def relay_stats(prm):
    """(peak connections, connections, delayed writes, mean and most ms late)
    at the relay since the last call, or None."""
    if not prm.relay:
        return None
    stats = prm.run / "relay.stats"
    stats.unlink(missing_ok=True)
    os.kill(int((prm.run / "relay.pid").read_text()), signal.SIGUSR1)
    for _ in range(200):
        if stats.exists():
            f = stats.read_text().split()
            return int(f[0]), int(f[1]), int(f[2]), float(f[3]), float(f[4])
        time.sleep(0.01)
    return None


def server_pids(prm):
    out = {}
    for n in ("relay.pid", "delaydns.pid", "nginx.pid"):
        p = prm.run / n
        if p.exists():
            out[n[:-4]] = int(p.read_text())
    return out


def measure(prm, tool, cmd):
    """Runs CMD once; its stdout goes to a file. Returns a dict of measures."""
    out_path, err_path = prm.run / f"{tool}.out", prm.run / f"{tool}.err"
    servers = server_pids(prm)
    relay_stats(prm)
    before = {k: cpu_of([pid]) for k, pid in servers.items()}
    drops0 = udp_drops()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=ENV)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    drops = [b - a for a, b in zip(drops0, udp_drops())]
    m = {"tool": tool, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss": ru.ru_maxrss / 1024,
         "rc": proc.returncode, "servers": {k: cpu_of([pid]) - before[k] for k, pid in servers.items()},
         "conns": relay_stats(prm),
         "drops": (drops[1], drops[0] - drops[1]), "err": err_path.read_text(errors="replace").strip()}
    m["ok"], m["other"] = (count_curl if tool == "curl" else count_wuprobe)(out_path)
    return m


def count_wuprobe(path):
    """(endpoints ok, {status/cause: count} of the rest) from the JSON report."""
    try:
        doc = json.loads(path.read_text())
    except (OSError, ValueError):
        return None, {}
    ok, other = 0, {}
    for ep in doc.get("endpoints", []):
        if ep["status"] == "ok":
            ok += 1
        else:
            key = f"{ep['status']}/{ep.get('cause')}"
            other[key] = other.get(key, 0) + 1
    return ok, other


def count_curl(path):
    """(transfers with status 200, {http_code: count} of the rest) from -w."""
    ok, other = 0, {}
    for line in path.read_text().split():
        if line == "200":
            ok += 1
        else:
            other[line] = other.get(line, 0) + 1
    return ok, other


HEADER = ("rep tool      wall_s  cpu_s  rss_MB          ok  rc   relay conns  late ms  "
          "udp drops  server CPU s (dns nginx relay)")


def fmt_row(prm, m):
    """One run: the tool's measures; the relay's connections (most at once /
    all) and how late its writes were (mean/most); datagrams dropped for a
    full buffer (at the DNS server / at the tool); the servers' CPU."""
    ok = "-" if m["ok"] is None else f"{m['ok']}/{prm.n}"
    r = m["conns"]
    conns = f"{r[0]}/{r[1]}" if r else "-"
    late = f"{r[3]:.1f}/{r[4]:.0f}" if r and r[2] else "-"
    drops = f"{m['drops'][0]}/{m['drops'][1]}"
    srv = " ".join(f"{m['servers'][k]:.2f}" if k in m["servers"] else "-" for k in ("delaydns", "nginx", "relay"))
    line = (f"{m['tool']:8} {m['wall']:7.3f} {m['cpu']:6.2f} {m['rss']:7.1f} {ok:>11} {m['rc']:3}"
            f" {conns:>13} {late:>8} {drops:>10}  {srv}")
    if m["other"]:
        line += "  not ok: " + ", ".join(f"{k} {v}" for k, v in sorted(m["other"].items()))
    return line


def main():
    prm = Params()
    wv = subprocess.run([prm.wuprobe, "--version"], capture_output=True, text=True).stdout.strip()
    if prm.base:
        print(f"base: {prm.base} (tool 'base', run in turn with this wuprobe)")
    cv = subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split("\n")[0].split()[1]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    floor = prm.trips * prm.rtt / 1000
    print(f"bench: N={prm.n} {prm.proto} RTT={prm.rtt} ms P={prm.p or 'default (wuprobe 256, curl 300)'} reps={prm.reps}; "
          f"{'through the relay' if prm.relay else 'nginx directly, no relay'}; "
          f"{os.cpu_count()} cores; descriptors {soft}/{hard}; {wv or 'wuprobe'}; curl {cv}")
    if prm.p and prm.p > CURL_MAX_PARALLEL:
        print(f"note: curl clamps --parallel-max to {CURL_MAX_PARALLEL}: curl runs {CURL_MAX_PARALLEL} at once")
    # One endpoint each, unmeasured: binaries and libraries in the page cache.
    wconf, wcurl = write_inputs(prm, "warmup", 1)
    warm = [wuprobe_cmd(prm, wconf), curl_cmd(prm, wcurl)] + ([wuprobe_cmd(prm, wconf, prm.base)] if prm.base else [])
    for cmd in warm:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    conf, cfg = write_inputs(prm, "bench")
    cmds = {"wuprobe": wuprobe_cmd(prm, conf), "curl": curl_cmd(prm, cfg)}
    if prm.base:
        cmds["base"] = wuprobe_cmd(prm, conf, prm.base)

    print("\n" + HEADER)
    runs = {tool: [] for tool in cmds}
    tools = list(cmds)
    for rep in range(1, prm.reps + 1):
        order = tools if rep % 2 else tools[::-1]
        for tool in order:
            time.sleep(1)   # the previous run's connections close
            m = measure(prm, tool, cmds[tool])
            runs[tool].append(m)
            print(f"{rep:3} {fmt_row(prm, m)}", flush=True)
            if m["ok"] is None and m["err"]:
                print(f"    {m['err'].splitlines()[0]}")

    # A run without a report (wuprobe refusing N or P) is left out.
    med = {}
    for tool, ms in runs.items():
        ms = [m for m in ms if m["ok"] is not None]
        med[tool] = {k: statistics.median(m[k] for m in ms) for k in ("wall", "cpu", "rss")} if ms else None
        if ms:
            med[tool]["ok"] = min(m["ok"] for m in ms)
    print(f"\nmedian of {prm.reps}  wall_s  cpu_s  rss_MB   min ok  wall/floor")
    for tool in runs:
        d = med[tool]
        if d is None:
            print(f"{tool:12} no report")
            continue
        wf = f"{d['wall'] / floor:.2f}" if floor else "-"
        print(f"{tool:12} {d['wall']:7.3f} {d['cpu']:6.2f} {d['rss']:7.1f} {d['ok']:>5}/{prm.n:<4}  {wf:>9}")
    for other in ("curl", "base"):
        w, c = med["wuprobe"], med.get(other)
        if w and c:
            print(f"wuprobe/{other}: " + " " * (4 - len(other)) +
                  "  ".join(f"{k} {w[k] / c[k]:.2f}" if c[k] else f"{k} -" for k in ("wall", "cpu", "rss")))
    trips = "DNS 1 + TCP 1 + TLS 1.2 2 + HTTP 1" if prm.proto == "https" else "DNS 1 + TCP 1 + HTTP 1"
    print(f"floor: {prm.trips} x RTT = {floor:.3f} s ({trips})")
    print("columns: relay conns = most open at once/accepted; late ms = how late the relay's delayed writes\n"
          "went out, mean/most; udp drops = datagrams dropped for a full buffer at the DNS server/elsewhere\n"
          "(the tool's sockets); server CPU = seconds used by the DNS server, nginx and the relay during the run")


if __name__ == "__main__":
    main()

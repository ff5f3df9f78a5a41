"""Long lists: lookups shared and paced like a stub resolver, retried until
the deadline, and a thousand endpoints on one resolver and one server all
true."""
import json
import os
import subprocess
import time

from conftest import ROOT, WUPROBE

CA = os.environ.get("WUPROBE_LAB_CA", "")


def count_lines(lab, name):
    p = lab / name
    return len(p.read_text().splitlines()) if p.exists() else 0


def run(conf, *args, timeout="5"):
    cmd = [str(WUPROBE), "-c", str(conf), "--ca-bundle", CA, "--no-ntp", "--timeout", timeout, "-f", "json", *args]
    t0 = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return r, json.loads(r.stdout) if r.stdout else None, time.monotonic() - t0


def test_endpoints_of_one_host_share_one_lookup(lab, tmp_path):
    """Fifty endpoints on one name: one lookup (an A and an AAAA query),
    counted at a server that answers only over TCP."""
    conf = tmp_path / "same.conf"
    conf.write_text("".join(f"https://good.lab.test/?n={i}\n" for i in range(50)))
    before = count_lines(lab, "dns-tc-tcp.count")
    r, doc, _ = run(conf, "--dns-server", "127.0.0.56")
    assert r.returncode == 0, r.stderr
    assert all(e["status"] == "ok" for e in doc["endpoints"])
    assert 1 <= count_lines(lab, "dns-tc-tcp.count") - before <= 2


def test_lookup_asked_again_after_c_ares_gives_up(tmp_path):
    """The server ignores the first three queries of a name: c-ares gives up
    after them (1 + 2 + 4 s), the probe asks again within the deadline."""
    conf = tmp_path / "late.conf"
    conf.write_text("http://late.lab.test/\n")
    r, doc, elapsed = run(conf, "--dns-server", "127.0.0.62", timeout="12")
    e = doc["endpoints"][0]
    assert (e["status"], r.returncode) == ("ok", 0), e
    assert e["timings_ms"]["dns"] >= 6000
    assert elapsed < 12


def test_lookup_still_ends_by_the_deadline(tmp_path):
    conf = tmp_path / "late.conf"
    conf.write_text("http://late2.lab.test/\n")
    r, doc, elapsed = run(conf, "--dns-server", "127.0.0.62", timeout="3")
    e = doc["endpoints"][0]
    assert (e["status"], e["code"], e["cause"], r.returncode) == ("fail", "0x80072EE7", "dns_no_answer", 2)
    assert elapsed < 5


def test_a_thousand_endpoints_all_true(tmp_path):
    """dnsmasq and nginx on loopback, 1,000 plain-HTTP endpoints at once:
    every one ok (the old loop flooded the resolver and reported a quarter
    of them as unresolved)."""
    conf = tmp_path / "k.conf"
    conf.write_text("".join(f"http://good.lab.test/?n={i}\n" for i in range(1000)))
    r, doc, _ = run(conf, "--parallel", "1000", timeout="10")
    bad = [e for e in doc["endpoints"] if e["status"] != "ok"]
    assert not bad, bad[:3]
    assert r.returncode == 0


def test_many_endpoints_through_an_ntlm_proxy_all_true(tmp_path):
    """300 endpoints through the lab's NTLM squid (two authentication
    helpers): at most a few at once through a proxy, as a Windows machine
    would, so the proxy's slowness under a burst of our own making is never
    reported as 0x80072EE2."""
    conf = tmp_path / "via.conf"
    urls = [f"https://good.lab.test/?n={i}" for i in range(200)] + \
           [f"http://good.lab.test/?n={i}" for i in range(40)] + \
           [f"https://missing.lab.test/?n={i}" for i in range(20)] + \
           [f"https://status.lab.test/five/?n={i}" for i in range(20)] + \
           [f"https://hang.lab.test/?n={i}" for i in range(20)]
    conf.write_text("\n".join(urls) + "\n")
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "no_proxy")}
    env["WUPROBE_PROXY_PASSWORD"] = "any"
    san = ROOT / "build" / "san" / "wuprobe"      # the slower build makes the burst longer
    cmd = [str(san), "-c", str(conf), "--ca-bundle", CA, "--no-ntp", "--timeout", "2", "-f", "json",
           "--proxy", "squid-ntlm.lab.test:3128", "--proxy-user", "LAB\\wu"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    doc = json.loads(r.stdout)
    assert len(doc["endpoints"]) == 300
    for e in doc["endpoints"]:
        if "missing" in e["url"]:
            assert (e["status"], e["cause"]) == ("fail", "proxy_status"), e
        elif "hang" in e["url"]:                  # the server hangs, behind a CONNECT that worked
            assert (e["status"], e["cause"], e["stage"]) == ("fail", "timeout", "tls"), e
        else:
            assert e["status"] == "ok", e
    assert r.returncode == 2

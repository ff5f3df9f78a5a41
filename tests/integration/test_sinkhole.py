"""DNS filters' block answers (sinkholes): a name answered with 0.0.0.0,
127.0.0.1, :: or ::1 is never connected to, while a web server of this
machine listens on its loopback (as a monitoring host's often does): on
Linux 0.0.0.0 lands there, and without the rule that server's 200 was
reported as the update host's."""
import http.server
import os
import socket
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAN = ROOT / "build/san/wuprobe"
BINARIES = [ROOT / "wuprobe", SAN]


class Own(http.server.BaseHTTPRequestHandler):
    """This machine's own web server: answers anything with 200 (a PAC
    script, or the lab's intermediate for an AIA path), counts it."""
    hits = []

    def do_GET(self):
        Own.hits.append(self.path)
        body = b"function FindProxyForURL(url, host) { return \"DIRECT\"; }\n"
        if self.path.startswith("/aia/"):
            body = (Path(os.environ["WUPROBE_LAB"]) / "certs/intermediate.der").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ns-proxy-autoconfig")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server6(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


@pytest.fixture
def own_servers():
    """This machine's web server on 127.0.0.1:80 and [::1]:80."""
    Own.hits = []
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 80), Own), Server6(("::1", 80), Own)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    yield Own.hits
    for s in servers:
        s.shutdown()
        s.server_close()


def run(binary, tmp_path, conf, *args, timeout="3"):
    path = tmp_path / "endpoints.conf"
    path.write_text(conf)
    cmd = [str(binary), "-c", str(path), "--ca-bundle", os.environ["WUPROBE_LAB_CA"], "--timeout", timeout,
           "-f", "json", *args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert "Sanitizer" not in r.stderr and "runtime error" not in r.stderr, r.stderr
    return r


def endpoints(r):
    import json
    return {e["url"]: e for e in json.loads(r.stdout)["endpoints"]}


SINKHOLES = [
    ("http://sinkhole-zero.lab.test/", "0.0.0.0", "cannot connect there"),
    ("http://sinkhole-loop.lab.test/", "127.0.0.1", "reaches only itself there"),
    ("http://sinkhole-six.lab.test/", "::", "cannot connect there"),
    ("http://sinkhole-six1.lab.test/", "::1", "reaches only itself there"),
]


@pytest.mark.parametrize("binary", BINARIES, ids=["wuprobe", "sanitized"])
def test_sinkholed_names_fail_and_are_never_connected_to(binary, tmp_path, own_servers):
    """Each sinkholed name fails with 0x80072EFD and a cause of its own, its
    detail names the address and the DNS filter; this machine's server hears
    nothing, and its Date header is no clock reference (the clock has none)."""
    r = run(binary, tmp_path, "".join(u + "\n" for u, _, _ in SINKHOLES), "--no-ntp")
    eps = endpoints(r)
    for url, addr, meaning in SINKHOLES:
        e = eps[url]
        assert (e["status"], e["code"], e["cause"], e["stage"]) == ("fail", "0x80072EFD", "dns_sinkhole", "dns"), e
        assert f"with {addr}, a DNS filter's answer for a name it blocks" in e["message"], e["message"]
        assert meaning in e["message"] and "DNS filter must let" in e["message"]
        assert e["addresses"] == [addr]
    assert r.returncode == 2
    assert own_servers == []
    import json
    assert json.loads(r.stdout)["clock"]["status"] == "unknown"


def test_a_mixed_answer_goes_to_its_real_address(tmp_path, own_servers):
    """0.0.0.0 beside a real address: the real one is probed (the good
    server, ok), the sinkhole stays in the record and is never connected to."""
    r = run(ROOT / "wuprobe", tmp_path, "http://sinkhole-mix.lab.test/\n", "--no-ntp")
    e = endpoints(r)["http://sinkhole-mix.lab.test/"]
    assert (e["status"], e["code"], r.returncode) == ("ok", None, 0), e
    assert set(e["addresses"]) == {"0.0.0.0", "127.0.1.1"}
    assert own_servers == []


def test_a_mixed_answer_never_falls_back_to_the_sinkhole(tmp_path, own_servers):
    """A refusing address beside 0.0.0.0: the refusal is the verdict, as on
    a Windows client, where 0.0.0.0 cannot connect either; without the rule
    this machine's server answered after the refusal."""
    r = run(ROOT / "wuprobe", tmp_path, "http://sinkhole-refused.lab.test/\n", "--no-ntp")
    e = endpoints(r)["http://sinkhole-refused.lab.test/"]
    assert (e["status"], e["code"], e["cause"], r.returncode) == ("fail", "0x80072EFD", "connection_refused", 2), e
    assert own_servers == []


def test_a_literal_loopback_is_what_the_user_means(tmp_path, own_servers):
    """An address the user writes is probed, loopback or not."""
    r = run(ROOT / "wuprobe", tmp_path, "http://127.0.0.1/\n", "--no-ntp")
    e = endpoints(r)["http://127.0.0.1/"]
    assert (e["status"], r.returncode) == ("ok", 0), e
    assert own_servers == ["/"]


def test_a_sinkholed_proxy_name(tmp_path, own_servers):
    """The proxy's name answered with 127.0.0.1: the proxy's own cause, the
    same code; this machine's server is not taken for the proxy."""
    r = run(ROOT / "wuprobe", tmp_path, "http://good.lab.test/\n", "--no-ntp", "--proxy", "sinkhole-loop.lab.test:80")
    e = endpoints(r)["http://good.lab.test/"]
    assert (e["status"], e["code"], e["cause"], r.returncode) == ("fail", "0x80072EFD", "proxy_dns_sinkhole", 2), e
    assert "DNS answers the proxy sinkhole-loop.lab.test with 127.0.0.1" in e["message"]
    assert own_servers == []


@pytest.mark.parametrize("binary", BINARIES, ids=["wuprobe", "sanitized"])
def test_a_sinkholed_pac_host(binary, tmp_path, own_servers):
    """The PAC URL's host answered with 0.0.0.0: the script cannot be
    downloaded (0x80072F87), not fetched from this machine's own server."""
    r = run(binary, tmp_path, "http://good.lab.test/\n", "--no-ntp", "--pac", "http://sinkhole-zero.lab.test/p.pac")
    import json
    doc = json.loads(r.stdout)
    ap = doc["autoproxy"]
    assert (ap["code"], ap["cause"]) == ("0x80072F87", "pac_download_failed"), ap
    assert "DNS answers it only with 0.0.0.0, a DNS filter's answer for a name it blocks" in ap["message"], ap
    assert own_servers == []


def test_a_sinkholed_wpad_name(tmp_path, own_servers):
    """WPAD's name answered with 0.0.0.0: detection settles on it (it
    resolves), and its download cannot connect (0x80072F87), instead of
    this machine's own server handing over a script."""
    r = run(ROOT / "wuprobe", tmp_path, "http://good.lab.test/\n", "--no-ntp", "--wpad", "--domain",
            "filtered.lab.test")
    import json
    ap = json.loads(r.stdout)["autoproxy"]
    assert (ap["code"], ap["cause"]) == ("0x80072F87", "pac_download_failed"), ap
    assert ap["script"] == "http://wpad.filtered.lab.test/wpad.dat"
    assert "DNS answers it only with 0.0.0.0" in ap["message"], ap
    assert own_servers == []


def test_a_sinkholed_sntp_server(tmp_path, own_servers):
    """The SNTP server's name answered with 127.0.0.1: not asked (this
    machine's own time would answer), and the report says why."""
    r = run(ROOT / "wuprobe", tmp_path, "https://good.lab.test/\n", "--ntp", "sinkhole-loop.lab.test")
    import json
    c = json.loads(r.stdout)["clock"]
    assert c["ntp"]["error"] == ("DNS answers sinkhole-loop.lab.test only with 127.0.0.1, a DNS filter's answer "
                                 "for a name it blocks"), c


def test_a_sinkholed_aia_host(tmp_path, own_servers):
    """The missing intermediate's AIA host answered with 127.0.0.1: not
    fetched from this machine's own server (which would hand it over and
    make the chain whole), so the chain stays incomplete, saying why."""
    r = run(ROOT / "wuprobe", tmp_path, "https://aiasink.lab.test/\n", "--no-ntp")
    e = endpoints(r)["https://aiasink.lab.test/"]
    assert (e["status"], e["code"], e["cause"], r.returncode) == ("fail", "0x80072F8F", "cert_chain_incomplete", 2), e
    assert "DNS answers its host only with 127.0.0.1, a DNS filter's answer for a name it blocks" in e["message"], e
    assert own_servers == []

"""A proxy at 127.0.0.1, ::1 or localhost named by a Windows machine's own
settings (a netsh or registry export, a PAC answer) is that machine's local
proxy (Px, cntlm), not this one's: never connected to, each endpoint it
routes reported as this machine's inability to probe (status error, no
code, exit 3), while a proxy listens on this machine's 127.0.0.1:3128 and
would have answered. The same address written on the command line is
probed."""
import http.server
import json
import os
import struct
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARIES = [ROOT / "wuprobe", ROOT / "build/san/wuprobe"]
CONF = "https://good.lab.test/\nhttp://good.lab.test/\n"


class Proxy(http.server.BaseHTTPRequestHandler):
    """This machine's own proxy on 127.0.0.1:3128: says yes to anything."""
    seen = []

    def do_CONNECT(self):
        Proxy.seen.append(self.requestline)
        self.send_response(403)
        self.end_headers()

    def do_GET(self):
        Proxy.seen.append(self.requestline)
        self.send_response(200)
        self.send_header("Content-Length", "3")
        self.end_headers()
        self.wfile.write(b"ok\n")

    def log_message(self, *args):
        pass


@pytest.fixture
def own_proxy():
    Proxy.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 3128), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Proxy.seen
    server.shutdown()
    server.server_close()


def run(binary, tmp_path, *args):
    conf = tmp_path / "endpoints.conf"
    conf.write_text(CONF)
    r = subprocess.run([str(binary), "-c", str(conf), "--ca-bundle", os.environ["WUPROBE_LAB_CA"], "--no-ntp",
                        "--timeout", "3", "-f", "json", *args], capture_output=True, text=True, timeout=60)
    assert "Sanitizer" not in r.stderr and "runtime error" not in r.stderr, r.stderr
    return r, json.loads(r.stdout)


def netsh(tmp_path, server):
    p = tmp_path / "netsh.txt"
    p.write_text(f"\nCurrent WinHTTP proxy settings:\n\n    Proxy Server(s) :  {server}\n"
                 "    Bypass List     :  <local>\n\n")
    return p


def registry(tmp_path, server):
    """WinHttpSettings as reg query prints it: the WINHTTP_PROXY_INFO blob."""
    proxy, bypass = server.encode(), b"<local>"
    blob = struct.pack("<III", 0x18, 7, 3) + struct.pack("<I", len(proxy)) + proxy + \
        struct.pack("<I", len(bypass)) + bypass
    p = tmp_path / "reg.txt"
    p.write_text("\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\"
                 f"Connections\n    WinHttpSettings    REG_BINARY    {blob.hex().upper()}\n\n")
    return p


def assert_not_probed(doc, rc, server, via):
    assert rc == 3 and doc["exit_code"] == 3 and doc["status"] == "error"
    for e in doc["endpoints"]:
        assert (e["status"], e["code"], e["cause"]) == ("error", None, "machine_local_proxy"), e
        m = e["message"]
        assert m.startswith(f"not probed: the route goes through {server} (from {via}), a proxy on the Windows "
                            "machine's own loopback"), m
        assert "Px or cntlm" in m and "run wuprobe on that machine, or give the upstream proxy with --proxy" in m


@pytest.mark.parametrize("binary", BINARIES, ids=["wuprobe", "sanitized"])
@pytest.mark.parametrize("server", ["127.0.0.1:3128", "localhost:3128"])
def test_a_netsh_export_naming_its_loopback(binary, tmp_path, own_proxy, server):
    r, doc = run(binary, tmp_path, "--proxy-from", str(netsh(tmp_path, server)))
    assert_not_probed(doc, r.returncode, server, "its netsh export")
    assert own_proxy == []


def test_a_registry_export_naming_its_loopback(tmp_path, own_proxy):
    r, doc = run(ROOT / "wuprobe", tmp_path, "--proxy-from", str(registry(tmp_path, "127.0.0.1:3128")))
    assert doc["proxy"]["source"] == "registry"
    assert_not_probed(doc, r.returncode, "127.0.0.1:3128", "its registry export")
    assert own_proxy == []


def test_a_pac_answer_naming_its_loopback(lab, tmp_path, own_proxy):
    gen = lab / "pac-gen"
    gen.mkdir(exist_ok=True)
    (gen / "px.pac").write_text('function FindProxyForURL(url, host) { return "PROXY 127.0.0.1:3128; DIRECT"; }\n')
    r, doc = run(ROOT / "wuprobe", tmp_path, "--pac", "http://pac.lab.test/gen/px.pac")
    assert_not_probed(doc, r.returncode, "127.0.0.1:3128", "the PAC script's answer")
    assert own_proxy == []


def test_the_same_address_on_the_command_line_is_probed(tmp_path, own_proxy):
    """--proxy 127.0.0.1:3128 is this machine's proxy, as the user says."""
    r, doc = run(ROOT / "wuprobe", tmp_path, "--proxy", "127.0.0.1:3128")
    assert r.returncode == 2
    assert doc["endpoints"][0]["cause"] == "proxy_status"           # its 403 to the CONNECT
    assert doc["endpoints"][1]["status"] == "ok"
    assert len(own_proxy) == 2

"""The automatic proxy, end to end in the lab: PAC files from the lab's nginx
(tests/lab/pac/), WPAD names in its DNS, the lab's proxies; each endpoint
routed by the script's list for its URL, fail-over to the next entry, the
WinHTTP codes of a script that cannot be had or run, and a user's Internet
Options routing the components that follow them."""
import json
import os
import subprocess
import time

import pytest

from conftest import WUPROBE

CA = os.environ.get("WUPROBE_LAB_CA", "")
PAC = "http://pac.lab.test"
CONF = ("[wu] component=wu-scan\nhttp://download.windowsupdate.com/\nhttps://fe2.update.microsoft.com/\n"
        "[other]\nhttp://good.lab.test/\n")


def run(tmp_path, *args, conf=CONF, timeout="3"):
    c = tmp_path / "endpoints.conf"
    c.write_text(conf)
    t0 = time.monotonic()
    p = subprocess.run([str(WUPROBE), "-c", str(c), "--ca-bundle", CA, "--no-ntp", "--timeout", timeout,
                        "-f", "json", *args], capture_output=True, text=True, timeout=120)
    p.elapsed = time.monotonic() - t0
    p.doc = json.loads(p.stdout) if p.stdout.startswith("{") else None
    return p


def eps(doc):
    return {e["url"]: e for e in doc["endpoints"]}


def test_pac_routes_each_endpoint_by_host(lab, tmp_path):
    p = run(tmp_path, "--pac", f"{PAC}/by-host.pac")
    assert p.returncode == 0, p.stderr
    ap = p.doc["autoproxy"]
    assert (ap["mode"], ap["status"], ap["code"], ap["script"]) == ("pac", "ok", None, f"{PAC}/by-host.pac")
    e = eps(p.doc)
    assert e["http://download.windowsupdate.com/"]["proxy"] == "tinyproxy.lab.test:8888"
    assert e["https://fe2.update.microsoft.com/"]["proxy"] == "squid-open.lab.test:3128"
    assert e["http://good.lab.test/"]["route"] == "direct"
    assert e["http://good.lab.test/"]["pac"] == {"list": "DIRECT", "error": None, "used": "DIRECT",
                                                 "failed_over": None}
    assert all(x["status"] == "ok" and x["settings"]["source"] == "pac" for x in e.values())


def test_pac_isinnet_dnsresolve_uses_the_probes_dns(lab, tmp_path):
    conf = "http://good.lab.test/\nhttp://status.lab.test/ok\nhttp://pac.lab.test/by-host.pac\n"
    p = run(tmp_path, "--pac", f"{PAC}/by-net.pac", conf=conf)
    e = eps(p.doc)
    assert e["http://good.lab.test/"]["proxy"] == "tinyproxy.lab.test:8888"        # 127.0.1.1
    assert e["http://status.lab.test/ok"]["proxy"] == "squid-open.lab.test:3128"   # 127.0.2.6
    assert e["http://pac.lab.test/by-host.pac"]["route"] == "direct"               # 127.0.7.1


def test_pac_dnsresolve_asks_an_internationalized_name_in_its_idna_form(lab, tmp_path):
    """dnsResolve("Bücher.lab.test"): the lab's DNS knows xn--bcher-kva.lab.test
    only, as Windows asks it; the raw UTF-8 bytes would find nothing (DIRECT)."""
    p = run(tmp_path, "--pac", f"{PAC}/idn.pac", conf="http://good.lab.test/\n")
    assert p.returncode == 0, p.stderr
    e = p.doc["endpoints"][0]
    assert (e["status"], e["route"], e["proxy"]) == ("ok", "proxy", "tinyproxy.lab.test:8888"), e


def test_pac_script_that_is_not_utf8_runs(lab, tmp_path):
    """A Windows-1252 script: each invalid sequence reads as one U+FFFD, so
    it compiles and its string lengths are the ones other engines see."""
    p = run(tmp_path, "--pac", f"{PAC}/cp1252.pac", conf="http://good.lab.test/\n")
    assert p.returncode == 0, p.stderr
    e = p.doc["endpoints"][0]
    assert (e["status"], e["route"], e["proxy"]) == ("ok", "proxy", "tinyproxy.lab.test:8888"), e


def test_helper_argument_of_the_wrong_type_fails_the_url(lab, tmp_path):
    """isPlainHostName(null) throws a TypeError, as in the engines, instead
    of answering true: the script fails for that URL (0x80072F86), which
    goes the static way."""
    gen = lab / "pac-gen"
    gen.mkdir(exist_ok=True)
    (gen / "typeerror.pac").write_text(
        'function FindProxyForURL(url, host) {\n'
        '  return isPlainHostName(null) ? "DIRECT" : "PROXY tinyproxy.lab.test:8888";\n'
        '}\n')
    p = run(tmp_path, "--pac", f"{PAC}/gen/typeerror.pac", conf="http://good.lab.test/\n")
    assert p.returncode == 1, p.stderr          # warn: the endpoint itself works the static way
    ap = p.doc["autoproxy"]
    assert (ap["status"], ap["url_errors"]) == ("warn", 1), ap
    assert [c["code"] for c in p.doc["codes"] if c["autoproxy"]] == ["0x80072F86"]
    e = p.doc["endpoints"][0]
    assert (e["status"], e["route"], e["settings"]["source"]) == ("ok", "direct", "static"), e


def test_fail_over_to_the_next_entry(lab, tmp_path):
    p = run(tmp_path, "--pac", f"{PAC}/failover.pac")
    assert p.returncode == 0, p.stderr
    for e in p.doc["endpoints"]:
        assert e["status"] == "ok" and e["proxy"] == "squid-open.lab.test:3128"
        assert e["pac"]["used"] == "PROXY squid-open.lab.test:3128"
        assert e["pac"]["failed_over"] == "PROXY deadproxy.lab.test:3128 proxy_refused"
    p = run(tmp_path, "--pac", f"{PAC}/failover-direct.pac", "-v", conf="http://good.lab.test/\n")
    e = p.doc["endpoints"][0]
    assert e["status"] == "ok" and e["route"] == "direct" and e["pac"]["used"] == "DIRECT"
    assert e["pac"]["failed_over"].startswith("PROXY deadproxy.lab.test:3128 proxy_refused; PROXY 127.0.3.1:3128 ")


def test_find_proxy_for_url_ex_is_preferred(lab, tmp_path):
    p = run(tmp_path, "--pac", f"{PAC}/ex.pac", conf="http://good.lab.test/\n")
    assert p.doc["endpoints"][0]["proxy"] == "squid-open.lab.test:3128"


@pytest.mark.parametrize("pac,code,words", [
    ("missing.pac", "0x80072F87", "HTTP 404"),
    ("html/by-host", "0x80072F87", "not a PAC file: content type text/html"),
    ("syntax-error.pac", "0x80072F86", "syntax-error.pac:5: SyntaxError"),
])
def test_a_script_that_fails_is_the_runs_verdict(lab, tmp_path, pac, code, words):
    p = run(tmp_path, "--pac", f"{PAC}/{pac}")
    assert p.returncode == 1, p.stderr          # warn: the endpoints themselves work directly
    ap = p.doc["autoproxy"]
    assert ap["status"] == "fail" and ap["code"] == code and words in ap["message"]
    assert [c["code"] for c in p.doc["codes"] if c["autoproxy"]] == [code]
    for e in p.doc["endpoints"]:                # the clients go the static way: direct here
        assert e["status"] == "ok" and e["route"] == "direct" and e["pac"] is None
    t = subprocess.run([str(WUPROBE), "-c", str(tmp_path / "endpoints.conf"), "--ca-bundle", CA, "--no-ntp",
                        "--pac", f"{PAC}/{pac}"], capture_output=True, text=True)
    assert f"auto-proxy FAIL {code}" in t.stdout and "(the auto-proxy)" in t.stdout


@pytest.mark.parametrize("pac,words", [("loop.pac", "ran past its 5 s budget"),
                                       ("alloc.pac", "past its")])
def test_runaway_scripts_end_within_their_budget(lab, tmp_path, pac, words):
    p = run(tmp_path, "--pac", f"{PAC}/{pac}", timeout="1")
    assert p.elapsed < 9, p.elapsed             # 5 s budget, the probe's own second, margins
    ap = p.doc["autoproxy"]
    assert ap["code"] == "0x80072F86" and words in ap["message"], ap
    assert all(e["status"] == "ok" for e in p.doc["endpoints"])   # the run is intact
    assert p.returncode == 1


def test_my_ip_address_is_client_ip(lab, tmp_path):
    gen = lab / "pac-gen"
    gen.mkdir(exist_ok=True)
    (gen / "myip.pac").write_text(
        'function FindProxyForURL(url, host) {\n'
        '  return isInNet(myIpAddress(), "10.1.0.0", "255.255.0.0") ? "PROXY squid-open.lab.test:3128" : "DIRECT";\n'
        '}\n')
    conf = "http://good.lab.test/\n"
    p = run(tmp_path, "--pac", f"{PAC}/gen/myip.pac", "--client-ip", "10.1.2.3", conf=conf)
    assert p.doc["autoproxy"]["client_ip"] == "10.1.2.3"
    assert p.doc["endpoints"][0]["proxy"] == "squid-open.lab.test:3128"
    p = run(tmp_path, "--pac", f"{PAC}/gen/myip.pac", conf=conf)
    assert p.doc["endpoints"][0]["route"] == "direct"


def test_wpad_walks_the_suffix(lab, tmp_path):
    p = run(tmp_path, "--wpad", "--domain", "branch.corp.lab.test")
    assert p.returncode == 0, p.stderr
    ap = p.doc["autoproxy"]
    assert ap["mode"] == "wpad" and ap["script"] == "http://wpad.corp.lab.test/wpad.dat"
    assert [t["name"] for t in ap["wpad_tried"]] == ["wpad.branch.corp.lab.test", "wpad.corp.lab.test"]
    assert "no such name" in ap["wpad_tried"][0]["outcome"] and ap["dhcp_checked"] is False
    assert all(e["proxy"] == "squid-open.lab.test:3128" for e in p.doc["endpoints"])
    t = subprocess.run([str(WUPROBE), "-c", str(tmp_path / "endpoints.conf"), "--ca-bundle", CA, "--no-ntp",
                        "--wpad", "--domain", "branch.corp.lab.test"], capture_output=True, text=True)
    assert "wpad http://wpad.branch.corp.lab.test/wpad.dat: no such name" in t.stdout
    assert "DHCP option 252 is not checked" in t.stdout


def test_wpad_finds_nothing(lab, tmp_path):
    p = run(tmp_path, "--wpad", "--domain", "a.b.nowhere.lab.test")
    ap = p.doc["autoproxy"]
    assert p.returncode == 1 and ap["code"] == "0x80072F94" and ap["cause"] == "wpad_not_found"
    assert len(ap["wpad_tried"]) == 4 and ap["wpad_tried"][-1]["name"] == "wpad.lab.test"
    assert all(e["route"] == "direct" and e["status"] == "ok" for e in p.doc["endpoints"])


def test_wpad_name_found_but_its_script_404(lab, tmp_path):
    p = run(tmp_path, "--wpad", "--domain", "gone.lab.test")
    ap = p.doc["autoproxy"]
    assert ap["code"] == "0x80072F87" and ap["script"] == "http://wpad.gone.lab.test/wpad.dat"


def blob(flags, proxy="", bypass="", url=""):
    """DefaultConnectionSettings as WinINet writes it (user_settings.c)."""
    out = (0x46).to_bytes(4, "little") + (7).to_bytes(4, "little") + flags.to_bytes(4, "little")
    for s in (proxy, bypass, url):
        out += len(s).to_bytes(4, "little") + s.encode()
    return (out + bytes(32)).hex().upper()


def user_export(tmp_path, flags, proxy="", bypass="", url=""):
    key = r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings"
    text = (f"\r\n{key}\r\n    ProxyEnable    REG_DWORD    0x{1 if flags & 2 else 0}\r\n"
            + (f"    ProxyServer    REG_SZ    {proxy}\r\n" if proxy else "")
            + (f"    AutoConfigURL    REG_SZ    {url}\r\n" if url else "")
            + f"\r\n{key}\\Connections\r\n    DefaultConnectionSettings    REG_BINARY    "
            + blob(flags, proxy, bypass, url) + "\r\n\r\n")
    f = tmp_path / "user-proxy.txt"
    f.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return str(f)


COMPONENTS = ("[scan] component=wu-scan\nhttps://fe2.update.microsoft.com/\n"
              "[do] component=delivery-optimization\nhttp://download.windowsupdate.com/\n")


def test_user_settings_route_the_components_that_follow_them(lab, tmp_path):
    """A user's manual proxy: Delivery Optimization (as the user) goes through
    it; the scan (LocalSystem, no netsh proxy) goes direct."""
    f = user_export(tmp_path, 0x3, proxy="squid-open.lab.test:3128")
    p = run(tmp_path, "--proxy-from", f, conf=COMPONENTS)
    assert p.returncode == 0, p.stderr
    e = eps(p.doc)
    do, scan = e["http://download.windowsupdate.com/"], e["https://fe2.update.microsoft.com/"]
    assert do["proxy"] == "squid-open.lab.test:3128" and do["settings"]["source"] == "user"
    assert do["settings"]["component"] == "delivery-optimization" and do["settings"]["rule"]
    assert scan["route"] == "direct" and scan["settings"]["source"] == "static"
    assert scan["settings"]["component"] == "wu-scan" and scan["settings"]["rule"]
    t = subprocess.run([str(WUPROBE), "-c", str(tmp_path / "endpoints.conf"), "--ca-bundle", CA, "--no-ntp",
                        "--proxy-from", f], capture_output=True, text=True)
    lines = t.stdout.splitlines()
    assert any(l.startswith("delivery-optimization: user settings (manual proxy): ") for l in lines), t.stdout
    assert any(l.startswith("wu-scan: static settings (no netsh proxy, no WPAD script: direct): ") for l in lines)


def test_user_setup_script_and_machine_proxy_together(lab, tmp_path):
    """The user's setup script routes Delivery Optimization; the machine's netsh
    proxy routes the scan."""
    f = user_export(tmp_path, 0x5, url=f"{PAC}/by-host.pac")
    netsh = tmp_path / "netsh.txt"
    netsh.write_text("\nCurrent WinHTTP proxy settings:\n\n    Proxy Server(s) :  tinyproxy.lab.test:8888\n"
                     "    Bypass List     :  (none)\n\n")
    p = run(tmp_path, "--proxy-from", f, "--proxy-from", str(netsh), conf=COMPONENTS)
    assert p.returncode == 0, p.stderr
    e = eps(p.doc)
    do, scan = e["http://download.windowsupdate.com/"], e["https://fe2.update.microsoft.com/"]
    assert p.doc["autoproxy"]["script"] == f"{PAC}/by-host.pac" and p.doc["autoproxy"]["mode"] == "pac"
    assert do["settings"]["source"] == "pac" and do["proxy"] == "tinyproxy.lab.test:8888"   # *.windowsupdate.com
    assert scan["settings"]["source"] == "static" and scan["proxy"] == "tinyproxy.lab.test:8888"
    two = run(tmp_path, "--proxy-from", str(netsh), "--proxy-from", str(netsh), conf=COMPONENTS)
    assert two.returncode == 3 and "a second export of the same kind" in two.stderr


@pytest.mark.parametrize("args,message", [
    (["--pac", "x", "--wpad"], "--pac and --wpad"),
    (["--domain", "corp.lab.test"], "--domain goes with --wpad"),
    (["--wpad", "--domain", "single"], "--domain: 'single' is not a DNS name"),
    (["--pac", "x", "--client-ip", "10.1"], "--client-ip: '10.1' is not"),
    (["--client-ip", "10.1.2.3"], "--client-ip goes with --pac or --wpad"),
])
def test_bad_auto_proxy_options(tmp_path, args, message):
    p = run(tmp_path, *args)
    assert p.returncode == 3 and p.stdout == "" and message in p.stderr and p.stderr.count("\n") == 1


def test_disabled_authentication_schemes_are_not_offered(lab, tmp_path):
    """DisableProxyAuthenticationSchemes with Basic off: WinHTTP will not answer
    squid-auth's Basic challenge, so the credentials never go."""
    from test_proxy import PASSWORD, env_with   # the lab's squid-auth account
    key = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings"
    machine = tmp_path / "hklm.txt"
    hp = b"squid-auth.lab.test:3128"
    blob = (bytes.fromhex("2800000000000000") + (3).to_bytes(4, "little") + len(hp).to_bytes(4, "little") + hp
            + (0).to_bytes(4, "little")).hex().upper()
    for off, want in ((0x0, "warn"), (0x1, "fail")):
        machine.write_text(f"\n{key}\n    DisableProxyAuthenticationSchemes    REG_DWORD    0x{off:x}\n\n"
                           f"{key}\\Connections\n    WinHttpSettings    REG_BINARY    {blob}\n\n")
        c = tmp_path / "endpoints.conf"
        c.write_text("http://good.lab.test/\n")
        p = subprocess.run([str(WUPROBE), "-c", str(c), "--no-ntp", "--timeout", "3", "-f", "json",
                            "--proxy-from", str(machine), "--proxy-user", "wu"],
                           capture_output=True, text=True, env=env_with(WUPROBE_PROXY_PASSWORD=PASSWORD))
        e = json.loads(p.stdout)["endpoints"][0]
        assert e["proxy"] == "squid-auth.lab.test:3128", p.stderr
        assert e["status"] == want, e
        if want == "fail":
            assert e["code"] == "0x8024401B" and e["cause"] in ("proxy_auth_required", "proxy_auth_rejected")


def test_a_redirect_target_is_asked_again(lab, tmp_path):
    """status.lab.test/to-good redirects to good.lab.test: the script sends the
    first through squid-open and the second DIRECT, so the last hop is direct."""
    gen = lab / "pac-gen"
    gen.mkdir(exist_ok=True)
    (gen / "redirect.pac").write_text(
        'function FindProxyForURL(url, host) {\n'
        '  return host == "status.lab.test" ? "PROXY squid-open.lab.test:3128" : "DIRECT";\n'
        '}\n')
    p = run(tmp_path, "--pac", f"{PAC}/gen/redirect.pac", conf="https://status.lab.test/to-good\n")
    e = p.doc["endpoints"][0]
    assert e["status"] == "ok" and e["http_status"] == 200, e
    assert e["route"] == "direct" and e["pac"]["list"] == "DIRECT" and e["pac"]["used"] == "DIRECT"
    p = run(tmp_path, "--pac", f"{PAC}/gen/redirect.pac", conf="https://status.lab.test/ok\n")
    assert p.doc["endpoints"][0]["proxy"] == "squid-open.lab.test:3128"


def test_pac_url_credentials_never_printed(lab, tmp_path):
    for fmt in ("json", "text"):
        p = run(tmp_path, "--pac", "http://wu:Hunter2@pac.lab.test/by-host.pac", "-f", fmt, "-v")
        assert p.returncode == 1, p.stderr          # refused: the run's auto-proxy verdict
        assert "Hunter2" not in p.stdout + p.stderr
        assert "http://***@pac.lab.test/by-host.pac" in p.stdout

"""The WinHTTP proxy against real proxies in the lab: squid with Basic
authentication, squid with NTLM, squid that denies hosts, tinyproxy, a dead
address and a silent proxy. Every row checks status, code and exit code."""
import os
import resource
import shutil
import subprocess
import tempfile
import time

import pytest

from conftest import ROOT, WUPROBE

SAMPLES = ROOT / "tests" / "samples" / "proxy"
PASSWORD = "s3cret-pw"
CA = os.environ.get("WUPROBE_LAB_CA", "")


def env_with(**kw):
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "wuprobe_proxy_password")}
    env.update(kw)
    return env


# url, proxy, extra args, password, status, code, cause, stage, exit
ROWS = [
    ("https://good.lab.test/", "nosuch.lab.test:3128", [], None, "fail", "0x80072EE7", "proxy_name_not_found", "dns", 2),
    ("https://good.lab.test/", "deadproxy.lab.test:3128", [], None, "fail", "0x80072EFD", "proxy_refused", "connect", 2),
    ("http://good.lab.test/", "deadproxy.lab.test:3128", [], None, "fail", "0x80072EFD", "proxy_refused", "connect", 2),
    ("https://good.lab.test/", "hangproxy.lab.test:3128", [], None, "fail", "0x80072EE2", "proxy_timeout", "connect", 2),
    ("https://good.lab.test/", "squid-auth.lab.test:3128", [], None, "fail", "0x8024401B", "proxy_auth_required", "connect", 2),
    ("http://good.lab.test/", "squid-auth.lab.test:3128", [], None, "fail", "0x8024401B", "proxy_auth_required", "http", 2),
    ("https://good.lab.test/", "squid-auth.lab.test:3128", ["--proxy-user", "wu"], PASSWORD, "warn", "0x8024401B", "proxy_auth_basic_only", "http", 1),
    ("http://good.lab.test/", "squid-auth.lab.test:3128", ["--proxy-user", "wu"], PASSWORD, "warn", "0x8024401B", "proxy_auth_basic_only", "http", 1),
    ("https://good.lab.test/", "squid-auth.lab.test:3128", ["--proxy-user", "wu"], "wrong", "fail", "0x8024401B", "proxy_auth_rejected", "connect", 2),
    ("http://good.lab.test/", "squid-auth.lab.test:3128", ["--proxy-user", "wu"], "wrong", "fail", "0x8024401B", "proxy_auth_rejected", "http", 2),
    ("https://good.lab.test/", "squid-ntlm.lab.test:3128", ["--proxy-user", "LAB\\wu"], "any", "ok", None, None, "http", 0),
    ("http://good.lab.test/", "squid-ntlm.lab.test:3128", ["--proxy-user", "LAB\\wu"], "any", "ok", None, None, "http", 0),
    # with NTLM accepted, the endpoint's own verdict stands
    ("https://status.lab.test/503", "squid-ntlm.lab.test:3128", ["--proxy-user", "LAB\\wu"], "any", "fail", "0x80244022", "http_status", "http", 2),
    ("https://expired.lab.test/", "squid-ntlm.lab.test:3128", ["--proxy-user", "LAB\\wu"], "any", "fail", "0x80072F8F", "cert_expired", "tls", 2),
    # the proxy's own answers count even without status=
    ("https://blocked.lab.test/", "squid-open.lab.test:3128", [], None, "fail", "0x80244018", "proxy_status", "connect", 2),
    ("http://blocked.lab.test/", "squid-open.lab.test:3128", [], None, "fail", "0x80244018", "proxy_status", "http", 2),
    ("https://refused.lab.test/", "squid-open.lab.test:3128", [], None, "fail", "0x80244022", "proxy_status", "connect", 2),
    ("http://refused.lab.test/", "squid-open.lab.test:3128", [], None, "fail", "0x80244022", "proxy_status", "http", 2),
    # squid answers CONNECT to a name it cannot resolve with 500
    ("https://missing.lab.test/", "squid-open.lab.test:3128", [], None, "fail", "0x8024401F", "proxy_status", "connect", 2),
    # an origin's own 404 through the proxy stays an ordinary complete response
    ("http://status.lab.test/404", "squid-open.lab.test:3128", [], None, "ok", None, None, "http", 0),
    ("https://status.lab.test/503", "squid-open.lab.test:3128", [], None, "fail", "0x80244022", "http_status", "http", 2),
    ("https://good.lab.test/", "squid-open.lab.test:3128", [], None, "ok", None, None, "http", 0),
    ("https://good.lab.test/", "tinyproxy.lab.test:8888", [], None, "ok", None, None, "http", 0),
]


@pytest.mark.parametrize("url,proxy,args,password,status,code,cause,stage,rc", ROWS,
                         ids=[f"{r[0]} via {r[1]} {'creds' if r[3] else ''}" for r in ROWS])
def test_proxy_verdict(probe, url, proxy, args, password, status, code, cause, stage, rc):
    env = env_with(WUPROBE_PROXY_PASSWORD=password) if password else env_with()
    r = probe(f"{url}\n", "--proxy", proxy, *args, timeout="2", env=env)
    e = r.ep(url)
    assert (e["status"], e["code"], e["cause"], e["stage"]) == (status, code, cause, stage), e["message"]
    assert r.rc == rc and r.doc["exit_code"] == rc
    assert e["route"] == "proxy" and e["proxy"] == proxy
    assert r.doc["proxy"]["source"] == "command-line"
    if cause and cause.startswith("proxy_") and cause != "proxy_name_not_found":
        assert proxy.split(":")[0] in e["message"]


def test_proxy_message_names_offered_schemes(probe):
    r = probe("https://good.lab.test/\n", "--proxy", "squid-auth.lab.test:3128", env=env_with())
    assert "offers Basic" in r.ep("https://good.lab.test/")["message"]


def test_through_a_proxy_only_the_proxy_name_is_resolved(probe):
    """missing.lab.test does not resolve, but through the proxy the client never asks."""
    r = probe("https://good.lab.test/\n", "--proxy", "squid-open.lab.test:3128", env=env_with())
    e = r.ep("https://good.lab.test/")
    assert e["addresses"] == ["127.0.4.2"]
    assert e["timings_ms"]["dns"] is not None and e["tls"]["version"] == "TLSv1.2"


def test_per_scheme_and_bypass(probe):
    conf = "https://good.lab.test/\nhttp://good.lab.test/\nhttp://wsus/\nhttps://good.bypass.lab.test/\n"
    r = probe(conf, "--proxy", "http=tinyproxy.lab.test:8888;https=squid-open.lab.test:3128",
              "--bypass", "<local>;*.BYPASS.lab.test", env=env_with())
    routes = {e["url"]: (e["route"], e["proxy"], e["status"]) for e in r.doc["endpoints"]}
    assert routes == {
        "https://good.lab.test/": ("proxy", "squid-open.lab.test:3128", "ok"),
        "http://good.lab.test/": ("proxy", "tinyproxy.lab.test:8888", "ok"),
        "http://wsus/": ("direct", None, "ok"),
        "https://good.bypass.lab.test/": ("direct", None, "ok"),
    }
    assert r.rc == 0
    assert r.doc["proxy"] == {"source": "command-line", "origin": None,
                              "servers": "http=tinyproxy.lab.test:8888;https=squid-open.lab.test:3128",
                              "bypass": "<local>;*.bypass.lab.test"}


def test_only_http_proxy_means_https_goes_direct(probe):
    r = probe("https://good.lab.test/\nhttp://good.lab.test/\n", "--proxy", "http=deadproxy.lab.test:3128",
              env=env_with())
    assert r.ep("https://good.lab.test/")["route"] == "direct"
    assert r.ep("http://good.lab.test/")["cause"] == "proxy_refused"


@pytest.mark.parametrize("sample,source,route", [
    ("netsh-proxy.txt", "netsh", "squid-open.lab.test:3128"),
    ("netsh-proxy-utf16.txt", "netsh", "squid-open.lab.test:3128"),
    ("reg-proxy.txt", "registry", "squid-open.lab.test:3128"),
    ("netsh-direct.txt", "netsh", None),
    ("reg-direct.txt", "registry", None),
])
def test_proxy_from_windows_exports(probe, sample, source, route):
    conf = "https://good.lab.test/\nhttps://good.bypass.lab.test/\nhttp://blocked.lab.test/\n"
    r = probe(conf, "--proxy-from", str(SAMPLES / sample), env=env_with())
    assert r.doc["proxy"]["source"] == source and r.doc["proxy"]["origin"].endswith(sample)
    assert r.ep("https://good.lab.test/")["proxy"] == route
    assert r.ep("https://good.bypass.lab.test/")["route"] == "direct"
    if route:
        assert r.ep("http://blocked.lab.test/")["cause"] == "proxy_status" and r.rc == 2
    else:
        assert r.rc == 0


def test_proxy_from_per_scheme_export(probe):
    r = probe("https://good.lab.test/\nhttp://good.lab.test/\n", "--proxy-from",
              str(SAMPLES / "netsh-per-scheme.txt"), env=env_with())
    assert r.ep("http://good.lab.test/")["proxy"] == "tinyproxy.lab.test:8888"
    assert r.ep("https://good.lab.test/")["proxy"] == "squid-open.lab.test:3128"
    assert r.rc == 0


def test_proxy_from_environment(probe):
    env = env_with(https_proxy=f"http://wu:{PASSWORD}@squid-auth.lab.test:3128",
                   http_proxy="http://tinyproxy.lab.test:8888", no_proxy="bypass.lab.test")
    r = probe("https://good.lab.test/\nhttp://good.lab.test/\nhttps://good.bypass.lab.test/\n", "--proxy-env",
              env=env)
    assert r.doc["proxy"]["source"] == "environment"
    assert r.ep("https://good.lab.test/")["cause"] == "proxy_auth_basic_only"
    assert r.ep("http://good.lab.test/")["proxy"] == "tinyproxy.lab.test:8888"
    assert r.ep("https://good.bypass.lab.test/")["route"] == "direct"
    assert r.rc == 1
    assert PASSWORD not in r.out and PASSWORD not in r.err


def test_proxy_section_of_endpoints_conf(probe):
    conf = "[proxy]\nproxy = squid-open.lab.test:3128\nbypass = <local>\n[wu]\nhttps://good.lab.test/\nhttp://wsus/\n"
    r = probe(conf, env=env_with())
    assert r.doc["proxy"]["source"] == "config"
    assert r.ep("https://good.lab.test/")["proxy"] == "squid-open.lab.test:3128"
    assert r.ep("http://wsus/")["route"] == "direct"
    # the command line wins over the file
    r = probe(conf, "--proxy", "tinyproxy.lab.test:8888", env=env_with())
    assert r.doc["proxy"]["source"] == "command-line"
    assert r.ep("https://good.lab.test/")["proxy"] == "tinyproxy.lab.test:8888"


def test_text_report_shows_route_and_source(probe):
    r = probe("https://good.lab.test/\n", "--proxy-from", str(SAMPLES / "netsh-proxy.txt"), fmt="text",
              env=env_with())
    assert "proxy squid-open.lab.test:3128, bypass <local>;*.bypass.lab.test (from netsh" in r.out
    row = [l for l in r.out.splitlines() if "good.lab.test" in l][0]
    assert "squid-open.lab.test:3128" in row


def test_password_never_reaches_output(probe, tmp_path):
    secret = "Zq9-very-secret-Xy7"
    pwfile = tmp_path / "pw"
    pwfile.write_text(secret + "\n")
    conf = "https://good.lab.test/\nhttp://good.lab.test/\nhttps://hang.lab.test/\n"
    for fmt, extra in (("json", []), ("text", ["-v"])):
        for how in ("env", "file"):
            args = ["--proxy", "squid-auth.lab.test:3128", "--proxy-user", "wu"] + extra
            env = env_with(WUPROBE_PROXY_PASSWORD=secret) if how == "env" else env_with()
            if how == "file":
                args += ["--proxy-password-file", str(pwfile)]
            r = probe(conf, *args, fmt=fmt, timeout="1", env=env)
            assert r.rc == 2
            assert secret not in r.out and secret not in r.err
            assert "rejected the credentials" in r.out


def test_password_not_in_cmdline_while_running(lab, tmp_path):
    secret = "Cmdline-secret-42"
    conf = tmp_path / "c.conf"
    conf.write_text("https://hang.lab.test/\n")
    p = subprocess.Popen([str(WUPROBE), "-c", str(conf), "--proxy", "hangproxy.lab.test:3128", "--proxy-user",
                          "wu", "--timeout", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env_with(WUPROBE_PROXY_PASSWORD=secret))
    time.sleep(0.5)
    cmdline = (open(f"/proc/{p.pid}/cmdline", "rb").read())
    out, err = p.communicate(timeout=10)
    assert secret.encode() not in cmdline and secret.encode() not in out + err


@pytest.mark.parametrize("args,message", [
    (["--proxy", "http://wu:Leak-me-1@squid-auth.lab.test:3128"], "credentials"),
    (["--proxy", "squid-open.lab.test:99999"], "--proxy/--bypass: proxy 'squid-open.lab.test:99999'"),
    (["--proxy", "socks=s:1080"], "names no HTTP proxy"),
    (["--proxy", "p:1", "--bypass", "<loopback>"], "<local>"),
    (["--proxy-from", str(SAMPLES / "not-a-proxy-export.txt")], "neither"),
    (["--proxy-from", str(SAMPLES / "netsh-japanese-utf16.txt")], "other than English"),
    (["--proxy-from", str(SAMPLES / "reg-truncated.txt")], "truncated"),
    (["--proxy-from", "/nonexistent"], "--proxy-from /nonexistent: cannot open"),
    (["--proxy", "p:1", "--proxy-user", "wu"], "needs a password"),
    (["--proxy-user", "wu"], "no proxy to authenticate to"),
    (["--proxy", "p:1", "--proxy-env"], "give one"),
    (["--proxy-password=Leak-me-2"], "unknown option '--proxy-password'"),
    (["--proxy", "p:1", "--proxy-user", "wu", "--proxy-pass=Leak-me-4"], "never go on the command line"),
    # long options only by their exact names: no abbreviation becomes --proxy-password-file
    (["--proxy", "p:1", "--proxy-user", "wu", "--proxy-pa=Leak-me-6"], "unknown option '--proxy-pa' (see --help)"),
    (["--proxy", "p:1", "--proxy-user", "wu", "--proxy-pas", "Leak-me-7"], "unknown option '--proxy-pas' (see --help)"),
    (["--proxy", "https://wu:Leak-me-8@squid-auth.lab.test:3128"],
     "proxy 'https://***@squid-auth.lab.test:3128': HTTPS proxies are not supported"),
    (["--proxy", "http=wu:Leak;me-9@p:1"], "proxy 'http=***@p:1': a proxy entry contains credentials"),
])
def test_bad_proxy_input_exits_3(probe, args, message):
    r = probe("https://good.lab.test/\n", *args, env=env_with())
    assert r.rc == 3 and r.out == ""
    assert r.err.count("\n") == 1 and message in r.err, r.err
    assert "Leak-me" not in r.err


def test_bad_proxy_section_names_file_and_line(probe):
    r = probe("[proxy]\nproxy = http://u:Leak-me-3@p:1\n", env=env_with())
    assert r.rc == 3 and "endpoints.conf:2:" in r.err and "Leak-me" not in r.err
    r = probe("[proxy]\nproxy = https://u:Leak-me-3@p:1\n", env=env_with())
    assert r.rc == 3 and r.err.count("\n") == 1 and "Leak-me" not in r.err
    assert "endpoints.conf:2: proxy 'https://***@p:1': HTTPS proxies are not supported" in r.err


def test_https_proxy_with_credentials_from_netsh_is_redacted(probe, tmp_path):
    export = tmp_path / "netsh.txt"
    export.write_bytes(b"\r\nCurrent WinHTTP proxy settings:\r\n\r\n"
                       b"    Proxy Server(s) :  https://wu:Leak-me-10@squid-auth.lab.test:3128\r\n"
                       b"    Bypass List     :  (none)\r\n\r\n")
    r = probe("https://good.lab.test/\n", "--proxy-from", str(export), env=env_with())
    assert r.rc == 3 and r.out == "" and r.err.count("\n") == 1 and "Leak-me" not in r.err
    assert f"{export}: proxy 'https://***@squid-auth.lab.test:3128': HTTPS proxies are not supported" in r.err


@pytest.mark.parametrize("content", [PASSWORD + "\n", PASSWORD, PASSWORD + "\r\nsecond line\n",
                                     PASSWORD + "\n" + "x" * 5000])
def test_password_file_first_line(probe, tmp_path, content):
    pwfile = tmp_path / "pw"
    pwfile.write_bytes(content.encode())
    r = probe("https://good.lab.test/\n", "--proxy", "squid-auth.lab.test:3128", "--proxy-user", "wu",
              "--proxy-password-file", str(pwfile), env=env_with())
    assert r.rc == 1 and r.ep("https://good.lab.test/")["cause"] == "proxy_auth_basic_only", r.err


@pytest.mark.parametrize("content,path,message", [
    ("", None, "the first line must hold the password (1-1024 bytes)"),
    ("\nLeak-me-12\n", None, "the first line must hold the password"),
    ("x" * 1025 + "\n", None, "the first line must hold the password"),
    (None, "/", "--proxy-password-file /: cannot read: Is a directory"),
    (None, "/nonexistent/u:Leak-me-11@x", "--proxy-password-file ***@x: cannot open: No such file or directory"),
])
def test_bad_password_file(probe, tmp_path, content, path, message):
    if content is not None:
        path = tmp_path / "pw"
        path.write_text(content)
    r = probe("https://good.lab.test/\n", "--proxy", "p:1", "--proxy-user", "wu", "--proxy-password-file", str(path),
              env=env_with())
    assert r.rc == 3 and r.out == "" and r.err.count("\n") == 1 and message in r.err, r.err
    assert "Leak-me" not in r.err


def core_limit(pid):
    with open(f"/proc/{pid}/limits") as f:
        row = [l for l in f if l.startswith("Max core file size")][0]
    return row.split()[4:6]                    # soft, hard


@pytest.mark.parametrize("how", ["env", "file", "none"])
def test_no_core_dumps_while_a_password_is_loaded(lab, tmp_path, how):
    """Core dumps on (unlimited) for the child; with a password the probe turns
    them off: RLIMIT_CORE 0 (and not dumpable). A run without one keeps them."""
    conf = tmp_path / "c.conf"
    conf.write_text("https://good.lab.test/\n")
    pwfile = tmp_path / "pw"
    pwfile.write_text("Core-secret-1\n")
    args = [str(WUPROBE), "-c", str(conf), "--no-ntp", "--proxy", "hangproxy.lab.test:3128", "--timeout", "30"]
    if how != "none":
        args += ["--proxy-user", "wu"]
    if how == "file":
        args += ["--proxy-password-file", str(pwfile)]
    env = env_with(WUPROBE_PROXY_PASSWORD="Core-secret-1") if how == "env" else env_with()
    unlimited = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                         preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, unlimited))
    try:
        deadline = time.monotonic() + 5
        want = ["0", "0"] if how != "none" else ["unlimited", "unlimited"]
        while core_limit(p.pid) != want and time.monotonic() < deadline and p.poll() is None:
            time.sleep(0.05)
        time.sleep(0.3)                        # the run is under way, against the silent proxy
        assert p.poll() is None and core_limit(p.pid) == want
    finally:
        p.kill()
        p.communicate(timeout=10)


def test_not_dumpable_while_a_password_is_loaded(lab):
    """Not dumpable: /proc/PID/environ of a process running as nobody
    belongs to root, so nobody else running as nobody can read it."""
    d = tempfile.mkdtemp(prefix="wuprobe-dump.")
    try:
        os.chmod(d, 0o755)
        conf = os.path.join(d, "c.conf")
        with open(conf, "w") as f:
            f.write("https://good.lab.test/\n")
        os.chmod(conf, 0o644)
        owners = {}
        for how in ("password", "none"):
            args = [str(WUPROBE), "-c", conf, "--no-ntp", "--proxy", "hangproxy.lab.test:3128", "--timeout", "30"]
            if how == "password":
                args += ["--proxy-user", "wu"]
            p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 env=env_with(WUPROBE_PROXY_PASSWORD="Dump-secret-1"),
                                 preexec_fn=lambda: os.setuid(65534))
            try:
                time.sleep(0.5)
                assert p.poll() is None
                owners[how] = os.stat(f"/proc/{p.pid}/environ").st_uid
            finally:
                p.kill()
                p.communicate(timeout=10)
        assert owners == {"password": 0, "none": 65534}
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_credentials_in_an_endpoint_url_are_redacted(probe):
    r = probe("https://admin:Leak-me-5@good.lab.test/\n", env=env_with())
    assert r.rc == 3 and "Leak-me" not in r.err and "https://***@good.lab.test/" in r.err


def test_inspecting_proxy_breaks_pinned_hosts(probe):
    """squid ssl-bump re-signs with a CA the machine trusts: fine for plain hosts,
    tls_intercepted for the pinned metadata hosts, naming the inspecting CA."""
    conf = "https://good.lab.test/ pinned\nhttps://good.lab.test/plain\nhttps://fe2.update.microsoft.com/ pinned\n"
    r = probe(conf, "--proxy", "squid-bump.lab.test:3128", env=env_with())
    pinned = r.ep("https://good.lab.test/")
    assert (pinned["status"], pinned["code"], pinned["cause"]) == ("fail", "0x80072F8F", "tls_intercepted")
    assert pinned["secondary_code"] == "0x800B0109" and "'Contoso TLS Inspection CA'" in pinned["message"]
    assert r.ep("https://good.lab.test/plain")["status"] == "ok"
    assert r.ep("https://fe2.update.microsoft.com/")["cause"] == "tls_intercepted"
    assert r.rc == 2


def test_tls13_check_takes_the_same_route(probe):
    r = probe("https://good.lab.test/\n", "--proxy", "squid-open.lab.test:3128", "--tls13", env=env_with())
    assert r.ep("https://good.lab.test/")["tls"]["tls13"] is True
    r = probe("https://good.lab.test/\n", "--proxy", "deadproxy.lab.test:3128", "--tls13", env=env_with())
    assert r.ep("https://good.lab.test/")["tls"]["tls13"] is None


def test_aia_fetch_takes_the_same_route(lab, probe):
    r = probe("https://aia.lab.test/\n", "--proxy", "squid-open.lab.test:3128", env=env_with())
    assert r.ep("https://aia.lab.test/")["status"] == "ok"
    time.sleep(0.3)
    log = (lab / "squid-open" / "access.log").read_text()
    assert "GET http://good.lab.test/aia/intermediate.der" in log

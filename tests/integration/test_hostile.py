"""Hostile servers (tests/lab/servers.py, nginx, mkcerts.py): DNS servers
that truncate, answer big, answer garbage, under a wrong ID, in loops, or
do not exist; proxies that never answer an NTLM type-3, challenge forever,
answer garbage, or close after accepting a CONNECT; 100 KiB of headers in
disguise, a flood of 100 Continue; redirects the client must refuse; an AIA
URL that answers 100 KiB; a leaf with 3,000 names. Each case checks status,
code, cause and exit code; the DNS and proxy cases run the sanitized build
too, which must report the same and say nothing of its own."""
import os
import re
import subprocess
import time

import pytest

from conftest import ROOT, WUPROBE, Run

SAN = ROOT / "build" / "san" / "wuprobe"
PASSWORD = "Ntlm-lab-pw-9"
TIMEOUT = 3.0


def env_with(**kw):
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "wuprobe_proxy_password")}
    env.update(kw)
    return env


@pytest.fixture(params=["plain", "sanitized"])
def wuprobe(request, lab, tmp_path):
    """wuprobe(conf_text, *args, fmt="json", env=None) -> Run, with the
    plain binary and with the ASan/UBSan one (which must report nothing)."""
    binary = WUPROBE if request.param == "plain" else SAN
    assert binary.exists(), "make builds build/san/wuprobe before the integration tests"

    def run(conf, *args, fmt="json", env=None):
        path = tmp_path / "endpoints.conf"
        path.write_text(conf)
        cmd = [str(binary), "-c", str(path), "--timeout", str(TIMEOUT), "--ca-bundle",
               os.environ["WUPROBE_LAB_CA"], "-f", fmt, *args]
        env = dict(env if env is not None else env_with())
        env["ASAN_OPTIONS"] = "detect_leaks=1"
        t0 = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
        r = Run(proc, time.monotonic() - t0)
        assert "ERROR: AddressSanitizer" not in r.err and "runtime error" not in r.err, r.err[-3000:]
        assert "ERROR: LeakSanitizer" not in r.err, r.err[-3000:]
        return r
    return run


def verdict(r, url, status, code, causes, rc):
    """The endpoint's status, code and cause (one of CAUSES), and the exit code."""
    e = r.ep(url)
    assert (e["status"], e["code"]) == (status, code), (e["cause"], e["message"])
    assert e["cause"] in causes, (e["cause"], e["message"])
    assert r.rc == rc and r.doc["exit_code"] == rc and r.doc["status"] == status
    return e


def count_lines(lab, name):
    path = lab / name
    return len(path.read_text().splitlines()) if path.exists() else 0


GOOD = "https://good.lab.test/"

# --- DNS ---------------------------------------------------------------------------------


def test_dns_truncated_udp_answer_is_asked_again_over_tcp(lab, wuprobe):
    before = count_lines(lab, "dns-tc-tcp.count")
    r = wuprobe(GOOD + "\n", "--dns-server", "127.0.0.56")
    e = verdict(r, GOOD, "ok", None, (None,), 0)
    assert e["addresses"] == ["127.0.1.1"]
    assert count_lines(lab, "dns-tc-tcp.count") > before, "no query reached the server over TCP"


def test_dns_answer_over_512_bytes(wuprobe):
    r = wuprobe(GOOD + "\n", "--dns-server", "127.0.0.57")
    e = verdict(r, GOOD, "ok", None, (None,), 0)
    assert e["addresses"] == ["127.0.1.1"]


def test_dns_next_server_after_servfail(wuprobe):
    r = wuprobe(GOOD + "\n", "--dns-server", "127.0.0.53,127.0.0.1")
    verdict(r, GOOD, "ok", None, (None,), 0)


def test_dns_garbage_answers(wuprobe):
    r = wuprobe(GOOD + "\n", "--dns-server", "127.0.0.58")
    e = verdict(r, GOOD, "fail", "0x80072EE7", ("dns_error", "dns_no_answer"), 2)
    assert e["stage"] == "dns"
    assert r.elapsed <= TIMEOUT + 2, r.elapsed


def test_dns_answer_under_a_wrong_id_is_no_answer(wuprobe):
    r = wuprobe(GOOD + "\n", "--dns-server", "127.0.0.59")
    e = verdict(r, GOOD, "fail", "0x80072EE7", ("dns_no_answer",), 2)
    assert e["stage"] == "dns"
    assert r.elapsed <= TIMEOUT + 2, r.elapsed


@pytest.mark.parametrize("url", ["https://cname-loop.lab.test/", "https://ptr-loop.lab.test/"])
def test_dns_loops(wuprobe, url):
    r = wuprobe(url + "\n", "--dns-server", "127.0.0.60")
    e = r.ep(url)
    assert (e["status"], e["code"], e["stage"]) == ("fail", "0x80072EE7", "dns"), e["message"]
    assert e["cause"].startswith("dns_"), e["cause"]
    assert r.rc == 2 and r.doc["exit_code"] == 2
    assert r.elapsed <= TIMEOUT + 2, r.elapsed


def test_dns_server_that_does_not_exist(wuprobe):
    r = wuprobe(GOOD + "\n", "--dns-server", "127.0.0.61")
    e = verdict(r, GOOD, "fail", "0x80072EE7", ("dns_no_answer",), 2)
    assert "no DNS server answered" in e["message"]


# --- proxies -----------------------------------------------------------------------------


def through(wuprobe, url, proxy, *args, fmt="json", creds=True):
    extra = ["--proxy-user", "LAB\\wu"] if creds else []
    env = env_with(WUPROBE_PROXY_PASSWORD=PASSWORD) if creds else env_with()
    r = wuprobe(url + "\n", "--proxy", proxy, *extra, *args, fmt=fmt, env=env)
    assert PASSWORD not in r.out and PASSWORD not in r.err
    return r


@pytest.mark.parametrize("url", [GOOD, "http://good.lab.test/"])
def test_ntlm_proxy_silent_after_type3_is_a_timeout(wuprobe, url):
    """The proxy takes the NTLM type-3 and never answers: a timeout, not an
    authentication failure."""
    r = through(wuprobe, url, "ntlmsilent.lab.test:3128")
    e = verdict(r, url, "fail", "0x80072EE2", ("proxy_timeout",), 2)
    assert "ntlmsilent.lab.test" in e["message"]
    assert r.elapsed <= TIMEOUT + 2, r.elapsed


def test_ntlm_proxy_challenging_forever_is_stopped(lab, wuprobe):
    before = count_lines(lab, "ntlmendless.count")
    r = through(wuprobe, GOOD, "ntlmendless.lab.test:3128")
    seen = count_lines(lab, "ntlmendless.count") - before
    e = verdict(r, GOOD, "fail", "0x8024401B", ("proxy_auth_rejected",), 2)
    assert "ntlmendless.lab.test" in e["message"]
    assert "round" in e["message"], e["message"]
    assert 1 <= seen <= 10, f"the proxy saw {seen} requests"


def test_garbage_from_the_proxy(wuprobe):
    r = through(wuprobe, GOOD, "garbageproxy.lab.test:3128", creds=False)
    e = verdict(r, GOOD, "fail", "0x80072F78", ("proxy_invalid_response",), 2)
    assert "garbageproxy.lab.test" in e["message"]
    r = through(wuprobe, "http://good.lab.test/", "garbageproxy.lab.test:3128", creds=False)
    e = r.ep("http://good.lab.test/")
    assert (e["status"], e["code"]) == ("fail", "0x80072F78"), (e["cause"], e["message"])
    assert r.rc == 2 and r.doc["exit_code"] == 2


@pytest.mark.parametrize("url", [GOOD, "http://good.lab.test/"])
@pytest.mark.parametrize("proxy,shown,socks", [
    ("socks4proxy", r'"\x00[\x00\x00\x00\x00\x00\x00" (8 bytes), which look like a SOCKS4 reply', True),
    ("socks5proxy", r'"\x05\xff" (2 bytes), which look like a SOCKS5 method selection', True),
    ("binaryproxy", r'"\x00\xff\x13garbage\x8a\x01 not http": the WinHTTP proxy points at something that is not '
                    r'an HTTP proxy', False),
])
def test_a_proxy_port_that_speaks_no_http(wuprobe, url, proxy, shown, socks):
    """A proxy port where a SOCKS server or another service answers, with no
    line end, then closes: it answered (0x80072F78, its first bytes shown,
    a SOCKS reply named), not a connection closed without a word."""
    r = through(wuprobe, url, f"{proxy}.lab.test:3128", creds=False)
    e = verdict(r, url, "fail", "0x80072F78", ("proxy_invalid_response",), 2)
    asked = "CONNECT" if url.startswith("https") else "request"
    assert f"the proxy {proxy}.lab.test:3128 answered the {asked} with bytes that are not HTTP: " + shown \
        in e["message"], e["message"]
    assert ("the WinHTTP proxy points at a SOCKS port" in e["message"]) == socks
    assert e["stage"] == ("connect" if asked == "CONNECT" else "http")


def test_proxy_closes_after_accepting_connect(wuprobe):
    r = through(wuprobe, GOOD, "closeproxy.lab.test:3128", creds=False)
    e = verdict(r, GOOD, "fail", "0x80072EFE", ("proxy_connection_closed",), 2)
    assert "closeproxy.lab.test" in e["message"]


# --- HTTP --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://httphead.lab.test/", "http://continueflood.lab.test/"])
def test_disguised_header_overflow(probe, url):
    """100 KiB of headers broken by lines that start with HTTP/, and 5,000
    interim responses: both more header than WinHTTP takes."""
    r = probe(url + "\n", timeout="3")
    e = verdict(r, url, "fail", "0x80072F96", ("header_overflow",), 2)
    assert e["stage"] == "http"


REDIRECTS = [
    ("https://status.lab.test/to-ftp", ("ftp",)),
    ("https://status.lab.test/to-creds", ("credential", "password", "user")),
    ("https://status.lab.test/to-long", ("long", "length", "bytes")),
]


@pytest.mark.parametrize("url,why", REDIRECTS, ids=[u.rsplit("/", 1)[1] for u, _ in REDIRECTS])
def test_refused_redirects_say_why(probe, url, why):
    r = probe(url + "\n", timeout="3")
    e = verdict(r, url, "fail", "0x80072F7C", ("redirect_failed",), 2)
    assert e["stage"] == "http"
    assert e["message"] and any(w in e["message"].lower() for w in why), e["message"]


def test_redirect_credentials_never_reach_output(probe):
    url = "https://status.lab.test/to-creds"
    for fmt, extra in (("json", []), ("text", ["-v"])):
        r = probe(url + "\n", *extra, fmt=fmt, timeout="3")
        assert r.rc == 2
        assert "R3dirPW" not in r.out and "R3dirPW" not in r.err


# --- TLS ---------------------------------------------------------------------------------


def test_aia_answer_too_large(probe):
    url = "https://aiabig.lab.test/"
    r = probe(url + "\n", timeout="3")
    e = verdict(r, url, "fail", "0x80072F8F", ("cert_chain_incomplete",), 2)
    assert "Failed writing" not in e["message"]
    assert "64 KiB" in e["message"], e["message"]


def test_three_thousand_names(probe):
    url = "https://manysans.lab.test/"
    r = probe(url + "\n", timeout="3")
    e = verdict(r, url, "ok", None, (None,), 0)
    tls = e["tls"]
    sans = tls["sans"]
    assert sans and sans[0] == "manysans.lab.test"
    bad = [s for s in sans if s != "manysans.lab.test" and not re.fullmatch(r"n\d{4}\.manysans\.lab\.test", s)]
    assert bad == [], bad[:5]
    assert len(set(sans)) == len(sans)
    assert isinstance(tls.get("sans_omitted"), int) and not isinstance(tls["sans_omitted"], bool), tls.keys()
    assert len(sans) + tls["sans_omitted"] == 3000


@pytest.mark.parametrize("pac,code", [("loop.pac", "0x80072F86"), ("alloc.pac", "0x80072F86"),
                                      ("syntax-error.pac", "0x80072F86"), ("missing.pac", "0x80072F87"),
                                      ("failover.pac", None), ("cp1252.pac", None)])
def test_hostile_pac_scripts(wuprobe, pac, code):
    """PAC files from the network, run by both binaries: runaways end by their
    budget, the sanitizers report nothing, the run goes on."""
    r = wuprobe("http://good.lab.test/\n", "--no-ntp", "--pac", f"http://pac.lab.test/{pac}")
    ap = r.doc["autoproxy"]
    assert ap["code"] == code, ap
    assert r.doc["endpoints"][0]["status"] == "ok"
    assert r.elapsed < 12

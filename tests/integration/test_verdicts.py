"""Every row of the verdict table, made to happen for real in the lab:
status, code, cause, stage and the exit code."""
import pytest

# url, options on the line, extra args, status, code, cause, stage
CASES = [
    # name resolution
    ("https://missing.lab.test/", "", [], "fail", "0x80072EE7", "name_not_found", "dns"),
    ("https://nodata.lab.test/", "", [], "fail", "0x80072EE7", "dns_no_data", "dns"),
    ("https://good.lab.test/", "", ["--dns-server", "127.0.0.53"], "fail", "0x80072EE7", "dns_server_failed", "dns"),
    ("https://good.lab.test/", "", ["--dns-server", "127.0.0.54"], "fail", "0x80072EE7", "dns_no_answer", "dns"),
    ("https://good.lab.test/", "", ["--dns-server", "127.0.0.1:5399"], "fail", "0x80072EE7", "dns_no_answer", "dns"),
    # connection
    ("https://refused.lab.test/", "", [], "fail", "0x80072EFD", "connection_refused", "connect"),
    ("https://unreachable.lab.test/", "", [], "fail", "0x80072EFD", "unreachable", "connect"),
    ("http://blackhole.lab.test/", "", [], "fail", "0x80072EE2", "timeout", "connect"),
    ("https://hang.lab.test/", "", [], "fail", "0x80072EE2", "timeout", "tls"),
    ("http://hang.lab.test/", "", [], "fail", "0x80072EE2", "timeout", "http"),
    ("http://status.lab.test/close", "", [], "fail", "0x80072EFE", "connection_closed", "http"),
    ("https://status.lab.test/close", "", [], "fail", "0x80072EFE", "connection_closed", "http"),
    ("http://reset.lab.test/", "", [], "fail", "0x80072EFE", "connection_reset", "http"),
    # not HTTP
    ("http://garbage.lab.test/", "", [], "fail", "0x80072F78", "invalid_response", "http"),
    ("http://bighead.lab.test/", "", [], "fail", "0x80072F96", "header_overflow", "http"),
    # redirects
    ("https://status.lab.test/loop", "", [], "fail", "0x80072F7C", "redirect_failed", "http"),
    ("https://status.lab.test/chain/", "", [], "fail", "0x80072F7C", "redirect_failed", "http"),
    ("https://status.lab.test/to-http", "", [], "fail", "0x80072F7C", "redirect_failed", "http"),
    # TLS
    ("https://garbage.lab.test/", "", [], "fail", "0x80072F8F", "tls_handshake", "tls"),
    ("https://tls10.lab.test/", "", [], "fail", "0x80072F8F", "tls_version", "tls"),
    ("https://tls13.lab.test/", "", [], "fail", "0x80072F8F", "tls_version", "tls"),
    ("https://expired.lab.test/", "", [], "fail", "0x80072F8F", "cert_expired", "tls"),
    ("https://notyet.lab.test/", "", [], "fail", "0x80072F8F", "cert_not_yet_valid", "tls"),
    ("https://wrongname.lab.test/", "", [], "fail", "0x80072F8F", "cert_name_mismatch", "tls"),
    ("https://selfsigned.lab.test/", "", [], "fail", "0x80072F8F", "cert_untrusted", "tls"),
    ("https://untrustedroot.lab.test/", "", [], "fail", "0x80072F8F", "cert_untrusted", "tls"),
    ("https://incomplete.lab.test/", "", [], "fail", "0x80072F8F", "cert_chain_incomplete", "tls"),
    ("https://aiabroken.lab.test/", "", [], "fail", "0x80072F8F", "cert_chain_incomplete", "tls"),
    ("https://cipher.lab.test/", "", [], "fail", "0x80072F8F", "tls_cipher", "tls"),
    ("https://inspected.lab.test/", "pinned", [], "fail", "0x80072F8F", "tls_intercepted", "tls"),
    # HTTP statuses
    ("https://status.lab.test/503", "", [], "fail", "0x80244022", "http_status", "http"),
    ("https://status.lab.test/500", "", [], "fail", "0x8024401F", "http_status", "http"),
    ("http://status.lab.test/503", "", [], "fail", "0x80244022", "http_status", "http"),
    ("https://status.lab.test/404", "status=200", [], "fail", "0x80244019", "http_status", "http"),
    ("https://status.lab.test/418", "status=200,204", [], "fail", "0x8024402B", "http_status", "http"),
    # what only a middlebox sends: an intercepting proxy's 407, a captive portal's 511
    ("http://status.lab.test/407", "", [], "fail", "0x8024401B", "intercepting_proxy_auth", "http"),
    ("https://status.lab.test/407", "", [], "fail", "0x8024401B", "intercepting_proxy_auth", "http"),
    ("http://status.lab.test/511", "", [], "fail", "0x8024402B", "captive_portal", "http"),
    ("https://status.lab.test/511", "", [], "fail", "0x8024402B", "captive_portal", "http"),
    # content
    ("http://status.lab.test/blockpage.cab", "expect=cab", [], "fail", "0x80200053", "content_mismatch", "content"),
    # complete responses that are fine
    ("https://status.lab.test/404", "", [], "ok", None, None, "http"),
    ("https://status.lab.test/403", "", [], "ok", None, None, "http"),
    ("https://status.lab.test/418", "", [], "ok", None, None, "http"),
    ("https://status.lab.test/404", "status=404", [], "ok", None, None, "http"),
    ("https://status.lab.test/five/", "", [], "ok", None, None, "http"),
    ("https://status.lab.test/to-good", "", [], "ok", None, None, "http"),
    ("http://status.lab.test/good.cab", "expect=cab status=200", [], "ok", None, None, "content"),
    ("https://good.lab.test/", "", [], "ok", None, None, "http"),
    ("https://good.lab.test/", "pinned", [], "ok", None, None, "http"),       # a --ca-bundle root is genuine
    ("https://chained.lab.test/", "", [], "ok", None, None, "http"),
    ("https://aia.lab.test/", "", [], "ok", None, None, "http"),           # intermediate fetched via AIA
    ("https://inspected.lab.test/", "", [], "ok", None, None, "http"),       # trusted, and not pinned
    ("http://good.lab.test/", "", [], "ok", None, None, "http"),
]


SECONDARY = {
    "tls_version": ("0x80090331", "SEC_E_ALGORITHM_MISMATCH"),
    "tls_cipher": ("0x80090331", "SEC_E_ALGORITHM_MISMATCH"),
    "tls_handshake": ("0x80090326", "SEC_E_ILLEGAL_MESSAGE"),
    "cert_expired": ("0x800B0101", "CERT_E_EXPIRED"),
    "cert_not_yet_valid": ("0x800B0101", "CERT_E_EXPIRED"),
    "cert_name_mismatch": ("0x800B010F", "CERT_E_CN_NO_MATCH"),
    "cert_untrusted": ("0x800B0109", "CERT_E_UNTRUSTEDROOT"),
    "cert_chain_incomplete": ("0x800B010A", "CERT_E_CHAINING"),
    "tls_intercepted": ("0x800B0109", "CERT_E_UNTRUSTEDROOT"),
}


def case_id(c):
    return f"{c[0]} {c[1]} {' '.join(c[2])}".strip()


@pytest.mark.parametrize("url,opts,args,status,code,cause,stage", CASES, ids=[case_id(c) for c in CASES])
def test_verdict(probe, url, opts, args, status, code, cause, stage):
    r = probe(f"{url} {opts}\n", *args, timeout="1.5")
    e = r.ep(url)
    assert (e["status"], e["code"], e["cause"], e["stage"]) == (status, code, cause, stage), e["message"]
    assert r.rc == {"ok": 0, "fail": 2}[status]
    assert r.doc["exit_code"] == r.rc and r.doc["status"] == status
    assert r.err == ""
    assert (e["secondary_code"], e["secondary_name"]) == SECONDARY.get(cause, (None, None))
    if code:
        names = {c["code"]: c for c in r.doc["codes"]}
        assert names[code]["count"] == 1 and names[code]["fix"] and names[code]["name"] == e["code_name"]
    else:
        assert e["code_name"] is None and r.doc["codes"] == []


@pytest.mark.parametrize("url,code", [
    ("https://status.lab.test/503", "0x80244022"),
    ("https://missing.lab.test/", "0x80072EE7"),
    ("https://expired.lab.test/", "0x80072F8F"),
])
def test_optional_failure_warns(probe, url, code):
    r = probe(f"{url} optional\n")
    e = r.ep(url)
    assert (e["status"], e["code"]) == ("warn", code)
    assert r.rc == 1 and r.doc["status"] == "warn"


def test_failure_beats_warning(probe):
    r = probe("https://status.lab.test/503 optional\nhttps://refused.lab.test/\nhttps://good.lab.test/\n")
    assert [e["status"] for e in r.doc["endpoints"]] == ["warn", "fail", "ok"]
    assert r.rc == 2 and r.doc["status"] == "fail"


def test_unknown_issuer_without_ca_bundle(probe):
    """The server sends only its leaf; its issuer is neither sent nor trusted: a partial chain."""
    r = probe("https://good.lab.test/\n", ca=False)
    e = r.ep("https://good.lab.test/")
    assert (e["status"], e["code"], e["cause"]) == ("fail", "0x80072F8F", "cert_chain_incomplete")
    assert (e["secondary_code"], e["secondary_name"]) == ("0x800B010A", "CERT_E_CHAINING")
    assert "'wuprobe lab root'" in e["message"] and "wuprobe lab root" in e["tls"]["issuer"]
    assert r.rc == 2


def test_timeout_messages_name_the_phase(probe):
    r = probe("https://hang.lab.test/\nhttp://hang.lab.test/\nhttp://blackhole.lab.test/\n", timeout="1")
    msgs = [e["message"] for e in r.doc["endpoints"]]
    assert "TLS handshake" in msgs[0] and "HTTP response" in msgs[1] and "TCP connection" in msgs[2]
    for e in r.doc["endpoints"]:
        assert 900 <= e["timings_ms"]["total"] <= 2500


def test_tls_messages_name_the_culprit(probe):
    r = probe("https://incomplete.lab.test/\nhttps://inspected.lab.test/ pinned\nhttps://cipher.lab.test/\n")
    assert "'wuprobe lab intermediate'" in r.ep("https://incomplete.lab.test/")["message"]
    e = r.ep("https://inspected.lab.test/")
    assert "'Contoso TLS Inspection CA'" in e["message"]
    assert e["tls"]["root"] == "CN=Contoso TLS Inspection CA,O=wuprobe lab"
    assert "Windows cipher suites" in r.ep("https://cipher.lab.test/")["message"]


def test_chain_as_sent_is_reported(probe):
    r = probe("https://chained.lab.test/\nhttps://expired.lab.test/\n")
    chain = r.ep("https://chained.lab.test/")["tls"]["chain"]
    assert [c["subject"] for c in chain] == ["CN=chained.lab.test,O=wuprobe lab",
                                             "CN=wuprobe lab intermediate,O=wuprobe lab"]
    assert r.ep("https://chained.lab.test/")["tls"]["root"] == "CN=wuprobe lab root,O=wuprobe lab"
    exp = r.ep("https://expired.lab.test/")["tls"]
    assert exp["subject"] == "CN=expired.lab.test,O=wuprobe lab" and exp["not_after"] < exp["chain"][0]["not_after"] + "Z"
    assert exp["root"] is None and exp["sans"] == ["expired.lab.test"]


def test_tls13_is_information_only(probe):
    conf = "https://good.lab.test/\nhttps://tls13.lab.test/\nhttps://tls10.lab.test/\nhttps://hang.lab.test/\n"
    r = probe(conf, timeout="1.5")
    # by default only where TLS 1.2 failed: a healthy endpoint costs one handshake
    assert r.ep("https://good.lab.test/")["tls"]["tls13"] is None
    assert r.ep("https://good.lab.test/")["status"] == "ok"
    assert r.ep("https://tls13.lab.test/")["tls"]["tls13"] is True   # yet it fails: no TLS 1.2
    assert r.ep("https://tls13.lab.test/")["cause"] == "tls_version"
    assert r.ep("https://tls10.lab.test/")["tls"]["tls13"] is False
    assert r.ep("https://hang.lab.test/")["tls"]["tls13"] is None
    r = probe(conf, "--tls13", timeout="1.5")
    assert r.ep("https://good.lab.test/")["tls"]["tls13"] is True
    assert r.ep("https://good.lab.test/")["status"] == "ok"          # never a failure, never a warning
    assert r.ep("https://tls10.lab.test/")["tls"]["tls13"] is False
    t = probe("https://good.lab.test/\nhttps://tls10.lab.test/\n", "-v", fmt="text")
    assert "tls 1.3 accepted (information only)" in t.out and "tls 1.3 refused" in t.out


def test_aia_fetch_and_its_failure(lab, probe):
    r = probe("https://aia.lab.test/\nhttps://aiabroken.lab.test/\n")
    ok = r.ep("https://aia.lab.test/")
    assert ok["tls"]["root"] == "CN=wuprobe lab root,O=wuprobe lab" and len(ok["tls"]["chain"]) == 1
    bad = r.ep("https://aiabroken.lab.test/")
    assert "its AIA URL http://refused.lab.test/intermediate.der failed" in bad["message"]

    # a URL that fails is asked once, not again and again
    log = lab / "nginx-access.log"
    before = log.read_text().count("/aia/missing.der")
    r = probe("https://aia404.lab.test/\n")
    assert r.ep("https://aia404.lab.test/")["cause"] == "cert_chain_incomplete"
    assert "/aia/missing.der failed" in r.ep("https://aia404.lab.test/")["message"]
    assert log.read_text().count("/aia/missing.der") - before == 1


def test_aia_host_is_resolved_like_every_name(probe):
    """With --dns-server, the AIA host is asked there too (c-ares), not the
    system resolver: that server answers each name only on the retry, so
    the endpoint's name and the AIA host each cost one second."""
    r = probe("https://aia.lab.test/\n", "--dns-server", "127.0.0.55", "--no-ntp", timeout="6")
    e = r.ep("https://aia.lab.test/")
    assert e["status"] == "ok", e["message"]
    assert 900 <= e["timings_ms"]["dns"] < 1500
    assert e["timings_ms"]["total"] >= 1900


def test_middlebox_statuses_name_the_middlebox(probe):
    """A 407 on the direct route is an intercepting proxy's (no web server
    sends one), with the schemes it offered; through the configured proxy's
    tunnel, a second proxy behind it; a 511 is a captive portal's."""
    r = probe("http://status.lab.test/407\nhttps://status.lab.test/511\n", "--no-ntp")
    m = r.ep("http://status.lab.test/407")["message"]
    assert m.startswith("HTTP 407 from 127.0.2.6:80: an intercepting (transparent) proxy on the path demands proxy "
                        "authentication (it offers Basic, NTLM)"), m
    assert "exempt the update hosts from that proxy's authentication" in m and "netsh winhttp set proxy" in m
    m = r.ep("https://status.lab.test/511")["message"]
    assert m.startswith("HTTP 511 Network Authentication Required from 127.0.2.6:443: a captive portal"), m
    r = probe("https://status.lab.test/407\n", "--no-ntp", "--proxy", "squid-open.lab.test:3128")
    e = r.ep("https://status.lab.test/407")
    assert (e["status"], e["code"], e["cause"], r.rc) == ("fail", "0x8024401B", "intercepting_proxy_auth", 2), e
    assert e["message"].startswith("HTTP 407 from behind squid-open.lab.test:3128: a second proxy behind it demands "
                                   "proxy authentication (it offers Basic, NTLM)"), e["message"]

"""The Windows Update policy against the lab's WSUS servers
(tests/lab/nginx.conf.in: wsus, wsus404, wsusblock on 8530/8531): each
export in tests/samples/policy, the endpoints it derives, their verdicts,
the source each one names, and the run's exit code."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "samples" / "policy"

# A public group that fails in the lab (nothing listens on refused), and
# the certificate-trust group, which no policy makes unnecessary.
LIST = ("[windows-update] component=wu-scan\n"
        "https://refused.lab.test/\n"
        "[certificate-trust]\n"
        "http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/authrootstl.cab status=200 expect=cab\n")
CTL = "http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/authrootstl.cab"

WSUS_SCAN = ["/selfupdate/wuident.cab", "/ClientWebService/wusserverversion.xml",
             "/SimpleAuthWebService/SimpleAuth.asmx", "/ClientWebService/client.asmx"]


def policy(name):
    return str(SAMPLES / name)


def urls(r):
    return [e["url"] for e in r.doc["endpoints"]]


def test_wsus_only_utf16_checks_the_client_order(probe):
    r = probe(LIST, "--no-ntp", "--policy-from", policy("wsus-only-utf16.txt"))
    base = "https://wsus.lab.test:8531"
    want = [base + p for p in WSUS_SCAN] + [base + "/ReportingWebService/ReportingWebService.asmx",
                                           "http://wsus.lab.test:8530/Content/"]
    assert urls(r)[2:] == want
    for u in want:
        e = r.ep(u)
        assert (e["status"], e["code"]) == ("ok", None), e
    assert r.ep(base + WSUS_SCAN[0])["message"] == "HTTP 200, cab"
    assert r.ep("http://wsus.lab.test:8530/Content/")["http_status"] == 403
    assert {r.ep(base + p)["source"] for p in WSUS_SCAN} == {"policy WUServer"}
    assert r.ep(want[4])["source"] == "policy WUStatusServer"
    assert r.ep(want[5])["source"] == "policy WUServer"
    assert r.ep(base + WSUS_SCAN[0])["settings"]["component"] == "wsus-scan"
    assert r.ep(want[4])["settings"]["component"] == "wu-other"
    assert r.ep(want[5])["settings"]["component"] == "delivery-optimization"
    # The public scan is still needed: it fails, and the run fails.
    pub = r.ep("https://refused.lab.test/")
    assert (pub["status"], pub["code"], pub["source"], pub["not_needed"]) == \
        ("fail", "0x80072EFD", "default list", None)
    assert r.rc == 2 and r.doc["exit_code"] == 2
    assert r.doc["policy"]["values"] == {"WUServer": base, "WUStatusServer": base, "UseWUServer": 1}
    assert r.doc["policy"]["public_not_needed"] is None


def test_donotconnect_makes_public_groups_only_warn(probe):
    r = probe(LIST, "--no-ntp", "--policy-from", policy("wsus-donotconnect.txt"))
    pub = r.ep("https://refused.lab.test/")
    assert (pub["status"], pub["code"]) == ("warn", "0x80072EFD")
    assert pub["not_needed"] == "DoNotConnectToWindowsUpdateInternetLocations"
    assert r.ep(CTL)["not_needed"] is None and r.ep(CTL)["status"] == "ok"
    base = "http://wsus.lab.test:8530"
    for p in WSUS_SCAN:
        assert r.ep(base + p)["status"] == "ok"
    # http on 8530: content is on the same port, no /Content/ line of its own.
    assert "http://wsus.lab.test:8530/Content/" not in urls(r)
    alt = r.ep("http://wsus.lab.test:8530/alt/")
    assert (alt["status"], alt["source"]) == ("ok", "policy UpdateServiceUrlAlternate")
    assert alt["settings"]["component"] == "delivery-optimization"
    assert r.doc["policy"]["values"]["FillEmptyContentUrls"] == 1
    assert r.doc["policy"]["public_not_needed"] == "DoNotConnectToWindowsUpdateInternetLocations"
    assert r.rc == 1 and r.doc["exit_code"] == 1
    # The same list without the policy: the public scan fails the run.
    plain = probe(LIST, "--no-ntp")
    assert plain.ep("https://refused.lab.test/")["status"] == "fail" and plain.rc == 2


def test_usewuserver_0_ignores_the_server(probe):
    r = probe(LIST, "--no-ntp", "--policy-from", policy("usewuserver-0-utf16.txt"))
    assert urls(r) == ["https://refused.lab.test/", CTL]
    assert r.doc["policy"]["values"]["UseWUServer"] == 0
    # DoNotConnect... applies only with an intranet server: still needed.
    assert r.ep("https://refused.lab.test/")["not_needed"] is None
    assert r.doc["policy"]["public_not_needed"] is None
    assert r.rc == 2


def test_dual_sources_by_class_keep_public_needed(probe):
    r = probe(LIST, "--no-ntp", "--policy-from", policy("dual-source-by-class.txt"))
    base = "https://wsus.lab.test:8531"
    assert all(r.ep(base + p)["status"] == "ok" for p in WSUS_SCAN)
    assert r.ep("https://refused.lab.test/")["not_needed"] is None
    assert r.ep("https://refused.lab.test/")["status"] == "fail" and r.rc == 2
    v = r.doc["policy"]["values"]
    assert (v["UseUpdateClassPolicySource"], v["SetPolicyDrivenUpdateSourceForFeatureUpdates"],
            v["SetPolicyDrivenUpdateSourceForDriverUpdates"]) == (1, 0, 1)


def test_all_classes_from_wsus_make_public_unneeded(probe):
    r = probe(LIST, "--no-ntp", "--policy-from", policy("all-classes-wsus.txt"))
    pub = r.ep("https://refused.lab.test/")
    assert (pub["status"], pub["not_needed"]) == ("warn", "SetPolicyDrivenUpdateSourceFor*Updates")
    assert r.rc == 1


def test_proxy_behavior_lets_the_wsus_scan_fall_back_to_the_user(probe):
    """SetProxyBehaviorForUpdateDetection 1: with a signed-in user's
    settings, the https WSUS scan may fall back to the user's proxy."""
    user = str(ROOT / "tests" / "samples" / "proxy" / "user-manual.txt")
    url = "https://wsus.lab.test:8531/ClientWebService/client.asmx"
    on = probe(LIST, "--no-ntp", "--proxy-from", user, "--policy-from", policy("dual-source-by-class.txt"))
    off = probe(LIST, "--no-ntp", "--proxy-from", user, "--policy-from", policy("all-classes-wsus.txt"))
    assert "with SetProxyBehaviorForUpdateDetection 1" in on.ep(url)["settings"]["rule"]
    assert "unless SetProxyBehaviorForUpdateDetection is 1" in off.ep(url)["settings"]["rule"]
    assert on.ep(url)["status"] == "ok" and off.ep(url)["status"] == "ok"


def test_wsus_missing_a_path_is_not_found(probe):
    r = probe(LIST, "--no-ntp", "--policy-from", policy("wsus-missing-path.txt"))
    e = r.ep("https://wsus404.lab.test:8531/SimpleAuthWebService/SimpleAuth.asmx")
    assert (e["status"], e["code"], e["code_name"], e["http_status"]) == \
        ("fail", "0x80244019", "WU_E_PT_HTTP_STATUS_NOT_FOUND", 404)
    assert e["source"] == "policy WUServer"
    assert r.ep("https://wsus404.lab.test:8531/selfupdate/wuident.cab")["status"] == "ok"
    assert r.rc == 2


def test_wsus_block_page_is_not_a_cab(probe):
    r = probe(LIST, "--no-ntp", "--policy-from", policy("wsus-block-page.txt"))
    e = r.ep("https://wsusblock.lab.test:8531/selfupdate/wuident.cab")
    assert (e["status"], e["code"], e["cause"], e["http_status"]) == ("fail", "0x80200053", "content_mismatch", 200)
    assert r.ep("https://wsusblock.lab.test:8531/ClientWebService/client.asmx")["status"] == "ok"
    assert r.rc == 2


def test_policy_section_in_the_list(probe):
    conf = LIST + ("[policy]\n"
                   "WUServer = https://wsus.lab.test:8531\n"
                   "UseWUServer = 1\n"
                   "DoNotConnectToWindowsUpdateInternetLocations = 1\n")
    r = probe(conf, "--no-ntp")
    assert r.ep("https://wsus.lab.test:8531/selfupdate/wuident.cab")["source"] == "policy WUServer"
    assert r.ep("http://wsus.lab.test:8530/Content/")["status"] == "ok"
    assert r.ep("https://refused.lab.test/")["status"] == "warn"
    assert r.doc["policy"]["from"].endswith("endpoints.conf [policy]")
    assert r.rc == 1
    # --policy-from replaces the section: UseWUServer 0 there, no WSUS.
    r = probe(conf, "--no-ntp", "--policy-from", policy("usewuserver-0-utf16.txt"))
    assert urls(r) == ["https://refused.lab.test/", CTL] and r.rc == 2


def test_text_report_names_policy_and_sources(probe):
    r = probe(LIST, "--no-ntp", "-v", "--policy-from", policy("wsus-donotconnect.txt"), fmt=None)
    assert "policy from --policy-from " in r.out and ": WSUS\n" in r.out
    assert "WUServer=http://wsus.lab.test:8530, " in r.out and "AU\\UseWUServer=1" in r.out
    assert "public Windows Update endpoints not needed under this policy " \
           "(DoNotConnectToWindowsUpdateInternetLocations)" in r.out
    assert "source policy UpdateServiceUrlAlternate" in r.out
    assert "source default list, not needed under this policy (DoNotConnectToWindowsUpdateInternetLocations)" in r.out


def test_bad_exports_exit_3_with_file_and_line(probe, tmp_path):
    r = probe(LIST, "--no-ntp", "--policy-from", policy("bad-type.txt"))
    assert r.rc == 3 and r.out == ""
    assert r.err.strip().endswith("bad-type.txt:6: UseWUServer is a number (REG_DWORD), not REG_SZ")
    assert r.err.count("\n") == 1
    r = probe(LIST, "--no-ntp", "--policy-from", str(ROOT / "tests" / "samples" / "proxy" / "netsh-proxy.txt"))
    assert r.rc == 3 and "netsh-proxy.txt:" in r.err and "not reg query output" in r.err
    r = probe(LIST, "--no-ntp", "--policy-from", str(tmp_path / "missing.txt"))
    assert r.rc == 3 and "--policy-from " in r.err and "cannot open" in r.err
    r = probe(LIST + "[policy]\nUseWUServer = 2\n", "--no-ntp")
    assert r.rc == 3 and "endpoints.conf:6: UseWUServer takes 0 or 1: '2'" in r.err


def test_no_policy_key_adds_nothing(probe):
    r = probe(LIST, "--no-ntp", "--policy-from", policy("no-policy.txt"))
    assert urls(r) == ["https://refused.lab.test/", CTL]
    assert r.doc["policy"]["values"] == {} and r.rc == 2


def test_mdm_only_export_names_the_csp_values(probe):
    """Intune/MDM: UpdateServiceUrl (UTF-16 export of PolicyManager\\current\\device\\Update)
    means WSUS without a UseWUServer; the endpoints name the CSP value."""
    r = probe(LIST, "--no-ntp", "--policy-from", policy("mdm-only-utf16.txt"))
    base = "https://wsus.lab.test:8531"
    want = [base + p for p in WSUS_SCAN] + ["http://wsus.lab.test:8530/Content/"]
    assert urls(r)[2:] == want   # no reporting URL: the CSP has no status server
    for u in want:
        e = r.ep(u)
        assert (e["status"], e["code"], e["source"]) == ("ok", None, "MDM UpdateServiceUrl"), e
    pub = r.ep("https://refused.lab.test/")
    assert (pub["status"], pub["code"], pub["not_needed"]) == \
        ("warn", "0x80072EFD", "DoNotConnectToWindowsUpdateInternetLocations")
    assert r.doc["policy"]["values"] == {"WUServer": base, "UseWUServer": 1,
                                         "DoNotConnectToWindowsUpdateInternetLocations": 1,
                                         "SetProxyBehaviorForUpdateDetection": 0}
    assert r.doc["policy"]["mdm_not_used"] is None
    assert r.rc == 1 and r.doc["exit_code"] == 1


def test_gp_and_mdm_group_policy_value_stays(probe):
    """Both exports in one file (MDM first): Group Policy's WUServer is
    scanned, the MDM UpdateServiceUrl (wsus404) is not and is reported as not
    used; values only MDM sets (the alternate, DisableDualScan) apply."""
    r = probe(LIST, "--no-ntp", "--policy-from", policy("gp-and-mdm.txt"))
    base = "http://wsus.lab.test:8530"
    for p in WSUS_SCAN:
        e = r.ep(base + p)
        assert (e["status"], e["source"]) == ("ok", "policy WUServer"), e
    assert not any("wsus404" in u for u in urls(r))
    rep = r.ep(base + "/ReportingWebService/ReportingWebService.asmx")
    assert (rep["status"], rep["source"]) == ("ok", "policy WUStatusServer")
    alt = r.ep("http://wsus.lab.test:8530/alt/")
    assert (alt["status"], alt["source"]) == ("ok", "MDM UpdateServiceUrlAlternate")
    pub = r.ep("https://refused.lab.test/")
    assert (pub["status"], pub["not_needed"]) == ("warn", "DisableDualScan")
    assert r.doc["policy"]["mdm_not_used"] == "UpdateServiceUrl"
    assert r.doc["policy"]["values"]["WUServer"] == base
    assert r.rc == 1 and r.doc["exit_code"] == 1
    t = probe(LIST, "--no-ntp", "-v", "--policy-from", policy("gp-and-mdm.txt"), fmt=None)
    assert "MDM UpdateServiceUrlAlternate=http://wsus.lab.test:8530/alt/" in t.out
    assert "; MDM UpdateServiceUrl not used: Group Policy sets it" in t.out
    assert "source MDM UpdateServiceUrlAlternate" in t.out


def test_mdm_bad_value_exits_3_with_file_and_line(probe, tmp_path):
    bad = tmp_path / "mdm-bad.txt"
    bad.write_text("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\PolicyManager\\current\\device\\Update\r\n"
                   "    UpdateServiceUrl    REG_SZ    wsus.lab.test\r\n")
    r = probe(LIST, "--no-ntp", "--policy-from", str(bad))
    assert r.rc == 3 and r.out == "" and r.err.count("\n") == 1
    assert r.err.strip().endswith("mdm-bad.txt:2: UpdateServiceUrl must be an http:// or https:// URL: 'wsus.lab.test'")

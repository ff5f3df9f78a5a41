"""--explain: every code of Microsoft's "Windows Update common errors and
mitigation" page, the forms of a code, an unknown code. Offline: no lab
server is spoken to, but the tests run in the lab like the others."""
import json
import subprocess

import pytest

from conftest import WUPROBE

# The page's codes with the message it gives (learn.microsoft.com,
# troubleshoot/windows-client/deployment/common-windows-update-errors):
# NAME is what --explain must print (the SDK name; the page's own name
# where it has another is printed beside it as the alias); KIND whether
# it is the network's.
COMMON_ERRORS = [
    ("0x8024402F", "WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS", "network"),
    ("0x80242006", "WU_E_UH_INVALIDMETADATA", "machine"),
    ("0x80070BC9", "ERROR_FAIL_REBOOT_REQUIRED", "machine"),
    ("0x80200053", "BG_E_VALIDATION_FAILED", "network"),
    ("0x80072EFD", "ERROR_WINHTTP_CANNOT_CONNECT", "network"),
    ("0x80072EFE", "ERROR_WINHTTP_CONNECTION_ERROR", "network"),
    ("0x80D02002", "DO_E_DOWNLOAD_NO_PROGRESS", "network"),
    ("0x8007000D", "ERROR_INVALID_DATA", "machine"),
    ("0x8024A10A", "USO_E_SERVICE_SHUTTING_DOWN", "machine"),
    ("0x80240020", "WU_E_NO_INTERACTIVE_USER", "machine"),
    ("0x80242014", "WU_E_UH_POSTREBOOTSTILLPENDING", "machine"),
    ("0x80246017", "WU_E_DM_UNAUTHORIZED_LOCAL_USER", "machine"),
    ("0x8024000B", "WU_E_CALL_CANCELLED", "machine"),
    ("0x8024000E", "WU_E_XML_INVALID", "machine"),
    ("0x8024D009", "WU_E_SETUP_SKIP_UPDATE", "server"),
    ("0x80244007", "WU_E_PT_SOAPCLIENT_SOAPFAULT", "server"),
    ("0x80070422", "ERROR_SERVICE_DISABLED", "machine"),
    ("0x800F0821", "CBS_E_ABORT", "machine"),
    ("0x800F0825", "CBS_E_CANNOT_UNINSTALL", "machine"),
    ("0x800F0920", "CBS_E_HANG_DETECTED", "machine"),
    ("0x800F081F", "CBS_E_SOURCE_MISSING", "machine"),
    ("0x800F0831", "CBS_E_STORE_CORRUPTION", "machine"),
    ("0x80070005", "E_ACCESSDENIED", "machine"),
    ("0x80070570", "ERROR_FILE_CORRUPT", "machine"),
    ("0x80070003", "ERROR_PATH_NOT_FOUND", "machine"),
    ("0x80070020", "ERROR_SHARING_VIOLATION", "machine"),
    ("0x80073701", "ERROR_SXS_ASSEMBLY_MISSING", "machine"),
    ("0x8007371B", "ERROR_SXS_TRANSACTION_CLOSURE_INCOMPLETE", "machine"),
    ("0x80072F8F", "ERROR_WINHTTP_SECURE_FAILURE", "network"),
    ("0x80072EE2", "ERROR_WINHTTP_TIMEOUT", "network"),
    ("0x80240022", "WU_E_ALL_UPDATES_FAILED", "machine"),
    ("0x8024401B", "WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ", "network"),
    ("0x80244022", "WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL", "network"),
]


def explain(*args):
    return subprocess.run([str(WUPROBE), *args], capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("code,name,kind", COMMON_ERRORS, ids=[c for c, _, _ in COMMON_ERRORS])
def test_every_common_error(code, name, kind):
    """Each code of the page: exit 0, its name, the page as its source, and
    for a network code what tests it and what to run; for a machine code a
    plain 'not the network'."""
    r = explain("--explain", code)
    assert r.returncode == 0, r.stderr
    head = r.stdout.splitlines()[0]
    assert head.startswith(f"{code}  {name}"), head
    assert "[COMMON]" in r.stdout
    if kind == "machine":
        assert "not the network" in head and "network:   no" in r.stdout
        assert "run:" not in r.stdout
    else:
        assert "tested by:" in r.stdout and "\n  run:       wuprobe" in r.stdout
    j = explain("-f", "json", "--explain", code)
    e = json.loads(j.stdout)["explain"][0]
    assert (e["code"], e["name"], e["kind"], e["network"]) == (code, name, kind, kind != "machine")
    assert e["source"] == "COMMON" and e["meaning"] and e["mitigation"]


def test_all_at_once():
    r = explain("-f", "json", "--explain", *[c for c, _, _ in COMMON_ERRORS])
    assert r.returncode == 0 and r.stderr == ""
    assert [e["code"] for e in json.loads(r.stdout)["explain"]] == [c for c, _, _ in COMMON_ERRORS]


@pytest.mark.parametrize("form", ["0x8024402F", "0x8024402f", "8024402f", "-2145107921", "2149859375",
                                  "WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS"])
def test_forms_of_a_code(form):
    r = explain("--explain", form)
    assert r.returncode == 0 and r.stdout.startswith("0x8024402F  WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS"), r.stdout


def test_other_names_and_families():
    """The common-errors page's own names, DO's signed ErrorCode, and BITS's
    HTTP family (0x80190000 + the status)."""
    r = explain("--explain", "WININET_E_DECODING_FAILED", "-2133843966", "0x80190194")
    assert r.returncode == 0
    heads = [l for l in r.stdout.splitlines() if l.startswith("0x")]
    assert heads[0].startswith("0x80072F8F  ERROR_WINHTTP_SECURE_FAILURE (WININET_E_DECODING_FAILED)")
    assert heads[1].startswith("0x80D02002  DO_E_DOWNLOAD_NO_PROGRESS")
    assert heads[2].startswith("0x80190194  BG_E_HTTP_ERROR_404")


def test_report_fix_beside_microsofts():
    """A code wuprobe gives itself: the report's fix too, word for word."""
    r = explain("--explain", "0x80072EFD")
    assert "fix:       The connection is refused or unreachable: open outbound TCP" in r.stdout


@pytest.mark.parametrize("bad", ["0x12345678", "not-a-code", "0x8024402G", "99999999999"])
def test_unknown_code_one_line_exit_3(bad):
    r = explain("--explain", "0x80072EFD", bad)
    assert r.returncode == 3 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and f"'{bad}' is not a code wuprobe knows" in r.stderr, r.stderr


def test_explain_usage_errors():
    r = explain("--explain")
    assert r.returncode == 3 and "give one code or more" in r.stderr and r.stderr.count("\n") == 1
    r = explain("-f", "csv", "--explain", "0x80072EFD")
    assert r.returncode == 3 and "text or json" in r.stderr and r.stdout == ""

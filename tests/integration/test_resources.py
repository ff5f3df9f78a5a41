"""An exhausted machine: a small descriptor limit, and descriptors that run
out mid-run. Verdicts stay true; what this machine could not do is named as
its own problem (status error, exit 3), never as a Windows code."""
import subprocess
import time
import pytest

from conftest import ROOT, WUPROBE

import os

CA = os.environ.get("WUPROBE_LAB_CA", "")
NETWORK_CODES = {"0x80072EE7", "0x80072EFD", "0x80072EE2", "0x80072EFE", "0x80072F8F"}


def run(conf_path, *args, limit=None, timeout="5"):
    cmd = [str(WUPROBE), "-c", str(conf_path), "--ca-bundle", CA, "--no-ntp", "--timeout", timeout, "-f", "json", *args]
    if limit:
        cmd = ["prlimit", f"--nofile={limit}:{limit}", "--"] + cmd
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_three_hundred_endpoints_under_64_descriptors(tmp_path):
    import json
    lines = [f"https://good.lab.test/?n={i}" for i in range(150)]
    lines += [f"http://good.lab.test/?n={i}" for i in range(140)]
    lines += [f"https://missing.lab.test/?n={i}" for i in range(5)]
    lines += [f"https://refused.lab.test/?n={i}" for i in range(5)]
    conf = tmp_path / "many.conf"
    conf.write_text("\n".join(lines) + "\n")
    r = run(conf, "--parallel", "300", limit=64)
    doc = json.loads(r.stdout)
    by = {e["url"]: e for e in doc["endpoints"]}
    assert len(by) == 300
    for u in lines:
        e = by[u]
        if "missing" in u:
            assert (e["status"], e["code"], e["cause"]) == ("fail", "0x80072EE7", "name_not_found"), e
        elif "refused" in u:
            assert (e["status"], e["code"], e["cause"]) == ("fail", "0x80072EFD", "connection_refused"), e
        else:
            assert e["status"] == "ok", e
    assert r.returncode == 2
    assert "allow" in r.stderr and "at once" in r.stderr      # the cap is said, once
    assert r.stderr.count("\n") == 1


def test_too_few_descriptors_to_run(tmp_path):
    conf = tmp_path / "one.conf"
    conf.write_text("https://good.lab.test/\n")
    r = run(conf, limit=20)
    assert r.returncode == 3
    assert r.stdout == ""
    assert "file descriptors" in r.stderr and r.stderr.count("\n") == 1


def test_descriptors_run_out_mid_run(tmp_path):
    """The limit drops under the probe's feet: every endpoint that could not
    get a socket is an error of this machine, none a network verdict."""
    import json
    conf = tmp_path / "starve.conf"
    conf.write_text("http://127.0.2.8/\n" + "".join(f"http://127.0.1.1/?n={i}\n" for i in range(5))
                    + "".join(f"https://good.lab.test/?n={i}\n" for i in range(5)))
    cmd = [str(WUPROBE), "-c", str(conf), "--ca-bundle", CA, "--no-ntp", "--timeout", "1.5", "-f", "json",
           "--parallel", "1"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The first endpoint hangs on its server: wait until its connection is
    # up (not a fixed sleep, which a loaded machine can outrun), then starve.
    hung = "0802007F:0050"                # 127.0.2.8:80 as /proc/net/tcp writes it
    deadline = time.monotonic() + 1.2
    while time.monotonic() < deadline:
        rows = [l.split() for l in open("/proc/net/tcp").read().splitlines()[1:]]
        if any(r[2] == hung and r[3] == "01" for r in rows):
            break
        time.sleep(0.02)
    time.sleep(0.1)
    # 3: no descriptor number is left free (0-2 are taken). With 4, number 3
    # is free whenever no file happens to hold it then (the list file is
    # closed by then), and one socket at a time fits: the test was flaky.
    subprocess.run(["prlimit", f"--pid={p.pid}", "--nofile=3:3"], check=True)
    out, err = p.communicate(timeout=60)
    doc = json.loads(out)
    eps = doc["endpoints"]
    assert (eps[0]["status"], eps[0]["code"]) == ("fail", "0x80072EE2")   # true: the server hung
    starved = eps[1:]
    for e in starved:
        assert e["status"] == "error" and e["cause"] == "local_resources", e
        assert e["code"] is None, e
        assert "this machine" in e["message"] and "ulimit -n" in e["message"]
    assert doc["status"] == "error" and doc["exit_code"] == 3
    assert p.returncode == 3
    assert not any(e["code"] in NETWORK_CODES for e in starved)


SAN = ROOT / "build" / "san" / "wuprobe"


PAC = ("--pac", "http://pac.lab.test/by-host.pac")


def run_faulty(conf_path, fault, *args, timeout="5", prefix=()):
    """The sanitized build, with the allocation named FAULT failing (run
    under the command PREFIX, if any)."""
    cmd = [*prefix, str(SAN), "-c", str(conf_path), "--ca-bundle", CA, "--no-ntp", "--timeout", timeout, "-f", "json",
           *args]
    env = dict(os.environ, WUPROBE_FAULT=fault)
    t0 = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    r.elapsed = time.monotonic() - t0
    return r


def test_no_memory_for_the_record_of_addresses(tmp_path):
    """The lookup answered, but the record's copy of its addresses could not
    be made: that is this machine's error, never a name without addresses
    (0x80072EE7). An IP literal needs no lookup: it is probed, and only its
    record goes without the address."""
    import json
    assert SAN.exists(), "make builds build/san/wuprobe before the integration tests"
    conf = tmp_path / "mem.conf"
    conf.write_text("https://good.lab.test/\nhttp://127.0.1.1/\n")
    r = run_faulty(conf, "result_addrs")
    assert "Sanitizer" not in r.stderr, r.stderr
    doc = json.loads(r.stdout)
    named, literal = doc["endpoints"]
    assert (named["status"], named["code"], named["cause"]) == ("error", None, "local_resources"), named
    assert "this machine" in named["message"] and "Cannot allocate memory" in named["message"], named
    assert "free memory" in named["message"], named
    assert (literal["status"], literal["code"]) == ("ok", None), literal
    assert literal["addresses"] == [], literal
    assert doc["status"] == "error" and doc["exit_code"] == 3
    assert r.returncode == 3


def test_no_memory_for_a_message(tmp_path):
    """A verdict whose words could not be stored keeps its status and code,
    and says why its message is missing."""
    import json
    conf = tmp_path / "msg.conf"
    conf.write_text("https://good.lab.test/\nhttps://missing.lab.test/\n")
    r = run_faulty(conf, "result_message")
    assert "Sanitizer" not in r.stderr, r.stderr
    doc = json.loads(r.stdout)
    good, missing = doc["endpoints"]
    assert good["status"] == "ok", good
    assert (missing["status"], missing["code"], missing["cause"]) == ("fail", "0x80072EE7", "name_not_found"), missing
    for e in (good, missing):
        assert e["message"] == "(this machine ran out of memory for this message)", e
    assert r.returncode == 2


@pytest.mark.parametrize("fault,what,stage", [
    ("endpoint_url", "the endpoint's URL", "dns"),
    ("lookup_answer", "a DNS lookup", "dns"),
    ("ares_nomem", "a DNS lookup", "dns"),
    ("transfer", "the transfer", "connect"),
    ("curl_option", "the transfer", "connect"),
    ("epoll_add", "a socket for the connection", "connect"),
    ("cert_report", "the certificate report", "tls"),
    ("chain_verify", "the certificate check", "tls"),
    ("record_chain", "the record of the server's certificates", "tls"),
    ("system_bundle", "the certificate check", "tls"),
    ("first_hop", "the endpoint's URL", "dns"),
])
def test_no_memory_is_this_machines_error(tmp_path, fault, what, stage):
    """Every allocation an endpoint's probe depends on, failing: the verdict
    is this machine's (status error, no code, exit 3), never the network's."""
    import json
    conf = tmp_path / "mem.conf"
    conf.write_text("https://good.lab.test/\n")
    r = run_faulty(conf, fault)
    assert "Sanitizer" not in r.stderr, r.stderr
    doc = json.loads(r.stdout)
    (e,) = doc["endpoints"]
    assert (e["status"], e["code"], e["cause"], e["stage"]) == ("error", None, "local_resources", stage), e
    assert what in e["message"] and "this machine" in e["message"], e
    if fault.startswith("epoll"):
        assert "No space left on device" in e["message"] and "max_user_watches" in e["message"], e
        assert r.elapsed < 4, r.elapsed        # ended at once, not by its --timeout
    else:
        assert "Cannot allocate memory" in e["message"] and "free memory" in e["message"], e
    assert doc["exit_code"] == 3 and r.returncode == 3


@pytest.mark.parametrize("fault,what", [
    ("redirect", "the redirect's record"),
    ("redirect_url", "the redirect target's URL"),
])
def test_no_memory_following_a_redirect(tmp_path, fault, what):
    """The redirect's record, or the copy of its target's URL the endpoint
    holds, could not be kept: this machine's error, not 0x80072F7C (a
    redirect the update client could not follow)."""
    import json
    conf = tmp_path / "redir.conf"
    conf.write_text("https://status.lab.test/to-good\n")
    r = run_faulty(conf, fault)
    assert "Sanitizer" not in r.stderr, r.stderr
    (e,) = json.loads(r.stdout)["endpoints"]
    assert (e["status"], e["code"], e["cause"]) == ("error", None, "local_resources"), e
    assert what in e["message"], e
    assert r.returncode == 3


def test_sntp_socket_this_machine_could_not_make(tmp_path):
    """No socket for the SNTP query is this machine's, not "cannot reach"
    the time server; the clock is judged by the Date headers instead."""
    import json
    conf = tmp_path / "clock.conf"
    conf.write_text("https://good.lab.test/\nhttps://chained.lab.test/\n")
    cmd = [str(SAN), "-c", str(conf), "--ca-bundle", CA, "--ntp", "time.windows.com", "--timeout", "5", "-f", "json"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=dict(os.environ, WUPROBE_FAULT="sntp_socket"))
    assert "Sanitizer" not in r.stderr, r.stderr
    c = json.loads(r.stdout)["clock"]
    assert c["ntp"]["error"] == ("this machine could not make a socket to ask " + c["ntp"]["address"] +
                                 ": Too many open files"), c["ntp"]
    assert "cannot reach" not in c["ntp"]["error"]
    assert c["status"] == "ok" and c["reference"].startswith("the Date headers of "), c
    assert r.returncode == 0


def own_hosts_file(tmp_path):
    """A command prefix: a mount namespace of the probe's own, whose
    /etc/hosts names hostsonly.lab.test (127.0.1.1), which DNS does not."""
    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.1 localhost\n127.0.1.1 hostsonly.lab.test\n")
    return ["unshare", "--mount", "--", "sh", "-c", 'mount --bind "$0" /etc/hosts && exec "$@"', str(hosts)]


@pytest.mark.parametrize("fault", ["none", "hosts_skipped", "hosts_unreadable"])
def test_hosts_file_the_resolver_could_not_read(tmp_path, fault):
    """c-ares 1.18 skips /etc/hosts without a word when it cannot open it
    (hosts_skipped does what it then does), and a name only the file knows
    looked unknown: a false 0x80072EE7. A negative answer is checked against
    the file: the name it knows is probed at its address; a file that cannot
    be read now either (hosts_unreadable) makes a negative answer this
    machine's error, never "name not found"."""
    import json
    conf = tmp_path / "hosts.conf"
    conf.write_text("http://hostsonly.lab.test/\nhttp://nosuch.lab.test/\n")
    r = run_faulty(conf, fault, timeout="3", prefix=own_hosts_file(tmp_path))
    assert "Sanitizer" not in r.stderr, r.stderr
    known, unknown = json.loads(r.stdout)["endpoints"]
    assert (known["status"], known["code"], known["addresses"]) == ("ok", None, ["127.0.1.1"]), known
    if fault == "hosts_unreadable":
        assert (unknown["status"], unknown["code"], unknown["cause"]) == ("error", None, "local_resources"), unknown
        assert "its check of /etc/hosts" in unknown["message"] and "Too many open files in system" in unknown["message"]
        assert r.returncode == 3
    else:
        assert (unknown["status"], unknown["code"], unknown["cause"]) == ("fail", "0x80072EE7", "name_not_found")
        assert r.returncode == 2


@pytest.mark.parametrize("fault", ["none", "hosts_skipped"])
def test_hosts_file_the_pac_scripts_resolver_could_not_read(tmp_path, fault):
    """The same for the PAC script's dnsResolve: by-net.pac sends a name at
    127.0.1.x through tinyproxy and a name without an address DIRECT, so a
    hosts file c-ares skipped would have routed this one DIRECT."""
    import json
    conf = tmp_path / "hosts.conf"
    conf.write_text("http://hostsonly.lab.test/\n")
    r = run_faulty(conf, fault, "--pac", "http://pac.lab.test/by-net.pac", prefix=own_hosts_file(tmp_path))
    assert "Sanitizer" not in r.stderr, r.stderr
    (e,) = json.loads(r.stdout)["endpoints"]
    # the route is the claim here (tinyproxy, outside this namespace, does
    # not know the name: what it answers is not looked at)
    assert e["route"] == "proxy" and "tinyproxy" in (e["proxy"] or ""), e


def test_pac_scripts_lookup_that_could_not_check_the_hosts_file(tmp_path):
    """by-net.pac's dnsResolve for a name DNS does not know, with /etc/hosts
    not to be opened for want of descriptors: the child cannot say whether
    the file knows it, so the run stops (exit 3) instead of routing DIRECT."""
    conf = tmp_path / "pac.conf"
    conf.write_text("http://nosuch.lab.test/\n")
    r = run_faulty(conf, "hosts_unreadable", "--pac", "http://pac.lab.test/by-net.pac", timeout="3")
    assert "Sanitizer" not in r.stderr, r.stderr
    assert r.returncode == 3, (r.returncode, r.stdout, r.stderr)
    assert "this machine failed a name lookup the script asked for: Too many open files in system" in r.stderr


def test_wpad_this_machine_could_not_check(tmp_path):
    """WPAD whose walk could not check /etc/hosts (no descriptors) is no
    claim that no wpad name exists (0x80072F94): the run stops, exit 3."""
    conf = tmp_path / "wpad.conf"
    conf.write_text("http://good.lab.test/\n")
    r = run_faulty(conf, "hosts_unreadable", "--wpad", "--domain", "a.nowhere.lab.test", timeout="3")
    assert "Sanitizer" not in r.stderr, r.stderr
    assert r.returncode == 3, (r.returncode, r.stdout, r.stderr)
    assert "this machine could not open /etc/hosts to check the name: Too many open files in system" in r.stderr
    assert "0x80072F94" not in r.stdout + r.stderr


def test_dns_socket_that_cannot_be_watched(tmp_path):
    """A DNS socket the loop cannot watch: its answers are never read. The
    name is not "unresolved" (0x80072EE7): this machine's error. An IP
    literal needs no DNS and is probed."""
    import json
    conf = tmp_path / "dns.conf"
    conf.write_text("https://good.lab.test/\nhttp://127.0.1.1/\n")
    r = run_faulty(conf, "epoll_dns", timeout="2")
    assert "Sanitizer" not in r.stderr, r.stderr
    named, literal = json.loads(r.stdout)["endpoints"]
    assert (named["status"], named["code"], named["cause"], named["stage"]) == \
        ("error", None, "local_resources", "dns"), named
    assert "a DNS socket" in named["message"] and "max_user_watches" in named["message"], named
    assert literal["status"] == "ok", literal
    assert r.returncode == 3


def test_no_memory_fetching_the_missing_issuer(tmp_path):
    """A chain without its intermediate, which Windows completes through the
    AIA URL: when this machine cannot fetch it, the verdict is this
    machine's, not cert_chain_incomplete (a claim the update client would
    fail)."""
    import json
    conf = tmp_path / "aia.conf"
    conf.write_text("https://aia.lab.test/\n")
    r = run_faulty(conf, "aia_fetch")
    assert "Sanitizer" not in r.stderr, r.stderr
    (e,) = json.loads(r.stdout)["endpoints"]
    assert (e["status"], e["code"], e["cause"], e["stage"]) == ("error", None, "local_resources", "tls"), e
    assert "AIA" in e["message"] and "free memory" in e["message"], e
    assert r.returncode == 3
    ok = run_faulty(conf, "none")            # the same endpoint, nothing failing: AIA completes it
    assert json.loads(ok.stdout)["endpoints"][0]["status"] == "ok", ok.stdout


def test_pac_engine_that_cannot_start(tmp_path):
    """No descriptor or process for the PAC engine: no claim about the
    script (0x80072F86): the run stops as this machine's problem."""
    conf = tmp_path / "pac.conf"
    conf.write_text("http://good.lab.test/\n")
    r = run_faulty(conf, "pac_engine", *PAC, timeout="3")
    assert "Sanitizer" not in r.stderr, r.stderr
    assert r.returncode == 3, (r.returncode, r.stderr)
    assert "this machine cannot start the PAC engine: Too many open files" in r.stderr, r.stderr
    assert "0x80072F86" not in r.stdout + r.stderr


def test_pac_engine_that_cannot_cage_itself(tmp_path):
    """A child that cannot drop to nobody or load its seccomp filter does not
    run the script uncaged: the engine could not start, this machine's
    problem (exit 3), no claim about the script (0x80072F86)."""
    conf = tmp_path / "pac.conf"
    conf.write_text("http://good.lab.test/\n")
    r = run_faulty(conf, "pac_cage", *PAC, timeout="3")
    assert "Sanitizer" not in r.stderr, r.stderr
    assert r.returncode == 3, (r.returncode, r.stderr)
    assert ("this machine cannot start the PAC engine: its sandbox could not be set up: Operation not permitted"
            in r.stderr), r.stderr
    assert "0x80072F86" not in r.stdout + r.stderr


def test_pac_engine_on_a_system_whose_seccomp_cannot_kill(tmp_path):
    """A system whose seccomp(2) cannot kill a process (pac_seccomp: ENOSYS,
    as under valgrind, which does not know the call) gets no filter, so no
    child: exit 3, and the message says the sandbox could not be set up and
    why, not "Cannot allocate memory" (libseccomp refuses without a
    reason, which the engine once reported as out of memory)."""
    conf = tmp_path / "pac.conf"
    conf.write_text("http://good.lab.test/\n")
    r = run_faulty(conf, "pac_seccomp", *PAC, timeout="3")
    assert "Sanitizer" not in r.stderr, r.stderr
    assert r.returncode == 3, (r.returncode, r.stderr)
    assert ("this machine cannot start the PAC engine: its sandbox could not be set up: seccomp: "
            "Function not implemented" in r.stderr), r.stderr
    assert "Cannot allocate memory" not in r.stderr, r.stderr
    assert "0x80072F86" not in r.stdout + r.stderr


def test_pac_child_killed_by_its_cage(tmp_path):
    """A script that got out of the JavaScript engine: the child's first try
    at what the cage does not allow (pac_forbidden: running a program) kills
    it with SIGSYS, reported as any engine that crashed: the auto-proxy
    fails with 0x80072F86, the endpoints go the static way, exit 1. Without
    the cage the program runs and the engine ends without an answer."""
    import json
    conf = tmp_path / "pac.conf"
    conf.write_text("http://good.lab.test/\n")
    r = run_faulty(conf, "pac_forbidden", *PAC, timeout="3")
    assert "Sanitizer" not in r.stderr, r.stderr
    doc = json.loads(r.stdout)
    ap = doc["autoproxy"]
    assert (ap["status"], ap["code"], ap["cause"]) == ("fail", "0x80072F86", "pac_script_error"), ap
    assert ap["message"] == "http://pac.lab.test/by-host.pac: the PAC engine died of SIGSYS", ap
    (e,) = doc["endpoints"]
    assert (e["status"], e["route"], e["pac"]) == ("ok", "direct", None), e
    assert r.returncode == 1 and doc["exit_code"] == 1, (r.returncode, r.stderr)


@pytest.mark.parametrize("fault,why,script", [
    ("pac_dns", "Cannot allocate memory", "by-net.pac"),
    ("pac_dns_socket", "Too many open files in system", "by-net.pac"),
    ("pac_idna", "Cannot allocate memory", "idn.pac"),    # the IDNA form of "Bücher.lab.test"
])
def test_pac_name_lookup_this_machine_failed(tmp_path, fault, why, script):
    """by-net.pac routes by the address dnsResolve gives, and "no address"
    means DIRECT. A lookup this machine failed (no memory; no socket, which
    c-ares reports as a refusal; no memory for a name's IDNA form, idn.pac)
    is not "no address": the script's answer cannot be trusted, and the run
    stops as this machine's problem instead of probing the DIRECT route the
    machine would not take."""
    import json
    conf = tmp_path / "pac.conf"
    conf.write_text("http://good.lab.test/\n")
    pac = ("--pac", "http://pac.lab.test/" + script)
    r = run_faulty(conf, fault, *pac, timeout="3")
    assert "Sanitizer" not in r.stderr, r.stderr
    assert r.returncode == 3, (r.returncode, r.stdout, r.stderr)
    assert "this machine failed a name lookup the script asked for: " + why in r.stderr, r.stderr
    assert "0x80072F86" not in r.stdout + r.stderr
    ok = run_faulty(conf, "none", *pac)      # nothing failing: the script sends it through tinyproxy
    (e,) = json.loads(ok.stdout)["endpoints"]
    assert (e["status"], e["route"]) == ("ok", "proxy"), e
    assert "tinyproxy" in (e["proxy"] or ""), e


def test_pac_engine_that_cannot_start_for_a_redirect(tmp_path):
    """The script ran for the list; for a redirect target the engine cannot
    start: that endpoint is this machine's error, not sent the static way."""
    import json
    conf = tmp_path / "pac.conf"
    conf.write_text("https://status.lab.test/to-good\nhttp://good.lab.test/\n")
    r = run_faulty(conf, "pac_redirect", *PAC, timeout="3")
    assert "Sanitizer" not in r.stderr, r.stderr
    doc = json.loads(r.stdout)
    redirected, plain = doc["endpoints"]
    assert (redirected["status"], redirected["code"], redirected["cause"]) == ("error", None, "local_resources"), redirected
    assert "PAC engine" in redirected["message"], redirected
    assert plain["status"] == "ok", plain
    assert r.returncode == 3


def one_local_endpoint(tmp_path, url, fault, words):
    """One endpoint through by-host.pac with FAULT: this machine's error
    whose message has WORDS, exit 3. Returns its record."""
    import json
    conf = tmp_path / "pac.conf"
    conf.write_text(url + "\n")
    r = run_faulty(conf, fault, *PAC, timeout="3")
    assert "Sanitizer" not in r.stderr, r.stderr
    (e,) = json.loads(r.stdout)["endpoints"]
    assert (e["status"], e["code"], e["cause"]) == ("error", None, "local_resources"), e
    assert words in e["message"], e
    assert r.returncode == 3
    return e


def test_pac_engine_that_cannot_start_for_a_second_redirect(tmp_path):
    """The first redirect's target got its own answer from the script; for
    the second the engine cannot start. The endpoint is this machine's
    error, and its report shows the first target's route, whose answer is
    still held (it was freed first, and the report read freed memory)."""
    e = one_local_endpoint(tmp_path, "http://status.lab.test/five/", "pac_redirect@2", "PAC engine")
    assert e["pac"] is not None, e


def test_no_memory_for_the_pac_answer(tmp_path):
    """The script answered, but its answer could not be kept: the endpoint
    is this machine's error, not routed the static way."""
    one_local_endpoint(tmp_path, "http://good.lab.test/", "pac_decision", "PAC script's answer")

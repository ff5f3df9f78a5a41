"""make install and make uninstall: the endpoint list as a conffile (an edited
one is kept), the systemd units with the installed paths, checked by
systemd-analyze verify and security, the service's user by systemd-sysusers,
and the units' sandbox against what the probe really does (strace, inside the
lab) and what node_exporter reads through the link the unit makes."""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

SHIPPED = (ROOT / "endpoints.conf").read_text()
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def make(target, *args):
    p = subprocess.run(["make", "-s", target, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout


def install(dest, *args):
    return make("install", f"DESTDIR={dest}", "PREFIX=/usr", *args)


def get_when_up(url, tries, timeout):
    """URL's body once a server answers it ('' if none did in TRIES)."""
    for _ in range(tries):
        try:
            return urllib.request.urlopen(url, timeout=timeout).read().decode()
        except OSError:
            time.sleep(0.1)
    return ""


def files(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if not p.is_dir())


def unit(path):
    """The unit's settings: key -> every value it is given, in order."""
    keys = {}
    for line in Path(path).read_text().splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            k, v = line.split("=", 1)
            keys.setdefault(k, []).append(v)
    return keys


INSTALLED = ["etc/wuprobe/endpoints.conf", "usr/bin/wuprobe", "usr/lib/systemd/system/wuprobe-exporter.service",
             "usr/lib/systemd/system/wuprobe.service",
             "usr/lib/systemd/system/wuprobe.timer", "usr/lib/sysusers.d/wuprobe.conf",
             "usr/share/man/man1/wuprobe.1", "usr/share/man/man5/endpoints.conf.5",
             "usr/share/wuprobe/endpoints.conf"]


def test_fresh_install_puts_everything(tmp_path):
    install(tmp_path)
    assert files(tmp_path) == INSTALLED
    assert (tmp_path / "etc/wuprobe/endpoints.conf").read_text() == SHIPPED
    assert os.access(tmp_path / "usr/bin/wuprobe", os.X_OK)
    assert oct((tmp_path / "etc/wuprobe/endpoints.conf").stat().st_mode & 0o777) == "0o644"


def test_reinstall_keeps_an_edited_list(tmp_path):
    install(tmp_path)
    conf = tmp_path / "etc/wuprobe/endpoints.conf"
    edited = SHIPPED + "https://proxy-check.example.corp/\n"
    conf.write_text(edited)
    out = install(tmp_path)
    assert conf.read_text() == edited
    assert (tmp_path / "etc/wuprobe/endpoints.conf.dist").read_text() == SHIPPED
    assert f"kept {conf} (edited); the shipped version is {conf}.dist" in out
    install(tmp_path)   # and again: still the site's
    assert conf.read_text() == edited
    assert files(tmp_path) == sorted(INSTALLED + ["etc/wuprobe/endpoints.conf.dist"])


def test_reinstall_updates_a_list_nobody_edited(tmp_path):
    """A list as an older release shipped it (the copy in share/ says what that
    was) takes the new one, as dpkg does with an unchanged conffile."""
    install(tmp_path)
    older = "# an older release's list\nhttps://fe2.update.microsoft.com/\n"
    for f in ("etc/wuprobe/endpoints.conf", "usr/share/wuprobe/endpoints.conf"):
        (tmp_path / f).write_text(older)
    out = install(tmp_path)
    assert (tmp_path / "etc/wuprobe/endpoints.conf").read_text() == SHIPPED
    assert (tmp_path / "usr/share/wuprobe/endpoints.conf").read_text() == SHIPPED
    assert files(tmp_path) == INSTALLED and "kept" not in out


def test_uninstall_leaves_only_an_edited_list(tmp_path):
    link = tmp_path / "var/lib/prometheus/node-exporter/wuprobe.prom"
    other = link.with_name("apt.prom")

    def with_textfiles():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)
        link.symlink_to("/var/lib/wuprobe/wuprobe.prom")
        other.write_text("apt_upgrades_pending 0\n")

    install(tmp_path)
    with_textfiles()
    make("uninstall", f"DESTDIR={tmp_path}", "PREFIX=/usr")
    assert files(tmp_path) == ["var/lib/prometheus/node-exporter/apt.prom"]
    assert not (tmp_path / "etc/wuprobe").exists()

    install(tmp_path)
    with_textfiles()
    conf = tmp_path / "etc/wuprobe/endpoints.conf"
    conf.write_text("https://only-this.example.corp/\n")
    install(tmp_path)
    out = make("uninstall", f"DESTDIR={tmp_path}", "PREFIX=/usr")
    assert files(tmp_path) == ["etc/wuprobe/endpoints.conf", "var/lib/prometheus/node-exporter/apt.prom"]
    assert conf.read_text() == "https://only-this.example.corp/\n"
    assert f"kept {conf} (edited)" in out


def test_units_name_the_installed_paths(tmp_path):
    install(tmp_path / "a")
    svc = unit(tmp_path / "a/usr/lib/systemd/system/wuprobe.service")
    assert svc["ExecStart"] == ["/usr/bin/wuprobe -q -c /etc/wuprobe/endpoints.conf -f prometheus "
                                "-o /var/lib/wuprobe/wuprobe.prom --json-file /var/lib/wuprobe/last.json "
                                "--compare-last /var/lib/wuprobe/last.json"]
    assert svc["ExecStartPost"] == ["-+/bin/ln -sfn /var/lib/wuprobe/wuprobe.prom "
                                   "/var/lib/prometheus/node-exporter/wuprobe.prom"]
    assert not re.search(r"@[A-Z_]+@", (tmp_path / "a/usr/lib/systemd/system/wuprobe.service").read_text())

    b = tmp_path / "b"
    make("install", f"DESTDIR={b}", "PREFIX=/opt/wuprobe", "SYSCONFDIR=/opt/wuprobe/etc",
         "UNITDIR=/etc/systemd/system", "TEXTFILE_DIR=")
    svc = unit(b / "etc/systemd/system/wuprobe.service")
    assert svc["ExecStart"] == ["/opt/wuprobe/bin/wuprobe -q -c /opt/wuprobe/etc/wuprobe/endpoints.conf "
                                "-f prometheus -o /var/lib/wuprobe/wuprobe.prom --json-file /var/lib/wuprobe/last.json "
                                "--compare-last /var/lib/wuprobe/last.json"]
    assert "ExecStartPost" not in svc
    for f in ("opt/wuprobe/bin/wuprobe", "opt/wuprobe/etc/wuprobe/endpoints.conf",
              "opt/wuprobe/share/man/man1/wuprobe.1", "opt/wuprobe/share/man/man5/endpoints.conf.5",
              "etc/systemd/system/wuprobe.timer"):
        assert (b / f).is_file(), f


def test_installed_man_pages_are_found_by_name(tmp_path):
    """make install puts both man pages where man looks for them: man finds
    wuprobe(1) and endpoints.conf(5) by name under the installed MANPATH, and
    renders them without a warning."""
    install(tmp_path)
    env = dict(os.environ, MANPATH=str(tmp_path / "usr/share/man"), MANWIDTH="80", LC_ALL="C.UTF-8")
    for section, name, head in (("1", "wuprobe", "WUPROBE(1)"), ("5", "endpoints.conf", "ENDPOINTS.CONF(5)")):
        p = subprocess.run(["man", "--warnings=w", section, name], capture_output=True, text=True, timeout=60,
                           env=env)
        assert p.returncode == 0 and p.stderr == "", p.stderr
        assert p.stdout.lstrip().startswith(head), p.stdout[:200]


def test_units_verify_and_the_user_exists(tmp_path):
    """Installed into this system's layout (no DESTDIR) under a temporary
    prefix, so that systemd-analyze verify finds the binary the unit names, and
    the man page its Documentation= names; systemd-sysusers creates the user
    (in a temporary root)."""
    make("install", f"PREFIX={tmp_path}/usr", f"SYSCONFDIR={tmp_path}/etc", f"TEXTFILE_DIR={tmp_path}/textfile",
         f"SYSUSERS=systemd-sysusers --root={tmp_path}")
    units = tmp_path / "usr/lib/systemd/system"
    env = dict(os.environ, MANPATH=str(tmp_path / "usr/share/man"))
    p = subprocess.run(["systemd-analyze", "verify", str(units / "wuprobe.service"), str(units / "wuprobe.timer"),
                        str(units / "wuprobe-exporter.service")],
                       capture_output=True, text=True, timeout=60, env=env)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    svc = unit(units / "wuprobe.service")
    assert svc["ExecStart"][0].startswith(f"{tmp_path}/usr/bin/wuprobe -q -c {tmp_path}/etc/wuprobe/endpoints.conf ")
    assert svc["User"] == ["wuprobe"] and svc["Group"] == ["wuprobe"]
    users = {line.split(":")[0]: line.split(":") for line in (tmp_path / "etc/passwd").read_text().splitlines()}
    assert users["wuprobe"][6] == "/usr/sbin/nologin" and int(users["wuprobe"][2]) < 1000


def test_unit_is_hardened(tmp_path):
    install(tmp_path)
    path = tmp_path / "usr/lib/systemd/system/wuprobe.service"
    # systemd's own review; the old unit scored 9.2 (UNSAFE) of 10.
    p = subprocess.run(["systemd-analyze", "security", "--offline=true", "--threshold=15", str(path)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
    assert re.search(r"Overall exposure level for wuprobe.service: 1\.[0-5] OK", p.stdout), p.stdout
    svc = unit(path)
    want = {"ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes",
            "NoNewPrivileges": "yes", "CapabilityBoundingSet": "", "MemoryDenyWriteExecute": "yes",
            "LockPersonality": "yes", "RestrictRealtime": "yes", "RestrictNamespaces": "yes",
            "ProtectKernelTunables": "yes", "ProtectKernelModules": "yes", "ProtectKernelLogs": "yes",
            "ProtectControlGroups": "yes", "ProtectClock": "yes", "ProtectHostname": "yes",
            "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "StateDirectory": "wuprobe", "UMask": "0022"}
    assert {k: svc.get(k, [None])[-1] for k in want} == want
    assert svc["SystemCallFilter"] == ["@system-service", "~@privileged", "@chown"]
    # It may write its state directory, and nothing else (-o is there).
    assert "ReadWritePaths" not in svc and "/var/lib/wuprobe/wuprobe.prom" in svc["ExecStart"][0].split()


# --- the sandbox against the probe's real behaviour ------------------------

def syscall_groups():
    out = subprocess.run(["systemd-analyze", "syscall-filter"], capture_output=True, text=True).stdout
    groups, cur = {}, None
    for line in out.splitlines():
        if line.startswith("@"):
            cur = groups.setdefault(line.strip(), [])
        elif line.startswith("#"):
            cur = None
        elif line.strip() and not line.strip().startswith("#") and cur is not None:
            cur.append(line.strip())
    return groups


def allowed_syscalls(filters):
    groups = syscall_groups()

    def expand(name):
        return set().union(*(expand(m) for m in groups[name])) if name.startswith("@") else {name}
    assert not filters[0].startswith("~")   # an allow list: what is not in it fails
    allowed = {"execve", "exit", "exit_group", "getrlimit", "rt_sigreturn", "sigreturn"}   # always allowed
    for f in filters:   # systemd.exec: the first list allows, a "~" list takes away
        deny = f.startswith("~")
        names = set().union(*(expand(n) for n in f.lstrip("~").split()))
        allowed = allowed - names if deny else allowed | names
    return allowed


def trace(path):
    """(syscall, arguments) of every call the traced program made after it
    became wuprobe (systemd applies the sandbox before the exec)."""
    calls, started = [], False
    for line in Path(path).read_text().splitlines():
        m = re.match(r"\d+\s+([a-z_0-9]+)\((.*)", line)
        if not m:
            continue
        started = started or m.group(1) == "execve"
        if started:
            calls.append((m.group(1), m.group(2)))
    return calls


def test_unit_sandbox_fits_the_probe(lab):
    """Runs the installed unit's ExecStart (paths moved into a temporary
    tree) as an unprivileged user with the unit's UMask, under strace, in the
    lab: the system calls it makes are all in its SystemCallFilter, its
    sockets in RestrictAddressFamilies, no memory is writable and executable,
    it writes only its state directory and reads nothing ProtectHome=,
    ProcSubset= or PrivateDevices= hide. Then the unit's ExecStartPost links
    the metrics into a textfile directory, and node_exporter, as another
    user, reads them through the link."""
    top = Path(tempfile.mkdtemp(prefix="wuprobe-install-", dir="/tmp"))
    exporter = None
    try:
        top.chmod(0o755)
        dest, state, textfile = top / "dest", top / "state", top / "textfile"
        install(dest)
        svc = unit(dest / "usr/lib/systemd/system/wuprobe.service")
        state.mkdir(mode=int(svc["StateDirectoryMode"][0], 8))
        os.chown(state, 65534, 65534)   # StateDirectory= belongs to the unit's user
        textfile.mkdir()
        traces = top / "traces"
        traces.mkdir()
        os.chown(traces, 65534, 65534)
        textfile_dir = "/var/lib/prometheus/node-exporter"

        def moved(arg):
            if arg.startswith("/var/lib/wuprobe/"):
                return str(state / arg[len("/var/lib/wuprobe/"):])
            if arg.startswith(textfile_dir + "/"):
                return str(textfile / arg[len(textfile_dir) + 1:])
            return str(dest) + arg if arg.startswith(("/usr/", "/etc/")) else arg

        argv = [moved(a) for a in svc["ExecStart"][0].split()]
        ca = top / "ca.pem"
        shutil.copy(os.environ["WUPROBE_LAB_CA"], ca)
        ca.chmod(0o644)
        umask = int(svc["UMask"][0], 8)
        calls = []
        # As the unit runs it (the lab's servers are not in the system's
        # store, so TLS fails and the chain is fetched), then trusting the lab.
        for i, extra in enumerate(([], ["--ca-bundle", str(ca)])):
            out = traces / f"trace{i}"
            p = subprocess.run(NOBODY + ["strace", "-f", "-qq", "-o", str(out)] + argv + extra,
                               capture_output=True, text=True, timeout=120, preexec_fn=lambda: os.umask(umask))
            assert p.returncode in (0, 1, 2), p.stderr
            assert p.stdout == "" and p.stderr == ""
            calls += trace(out)
            # the first run has no earlier report; the second compares with the first's
            first = (state / "wuprobe.prom").read_text()
            assert f"wuprobe_compare_first_run {1 - i}" in first, first[-1500:]
        assert p.returncode == 0   # the shipped list, all good when TLS is trusted
        assert "wuprobe_compare_worse 0" in first and 'wuprobe_compare_changes{change="fixed"} ' in first
        assert json.loads((state / "last.json").read_text())["compare"]["first_run"] is False

        used = {name for name, _ in calls}
        assert "connect" in used and "rename" in used
        assert used <= allowed_syscalls(svc["SystemCallFilter"]), used - allowed_syscalls(svc["SystemCallFilter"])
        families = {re.match(r"(AF_[A-Z0-9]+)", a).group(1) for n, a in calls if n == "socket"}
        assert "AF_INET" in families and families <= set(svc["RestrictAddressFamilies"][0].split()), families
        for n, a in calls:
            if n == "mmap":
                assert not ("PROT_WRITE" in a and "PROT_EXEC" in a), a
            if n in ("mprotect", "pkey_mprotect"):
                assert "PROT_EXEC" not in a, a

        opened = [(re.search(r'"([^"]*)"', a).group(1), a) for n, a in calls if n in ("openat", "open", "creat")]
        written = [path for path, a in opened if re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", a)]
        written += [m for n, a in calls if n.startswith(("rename", "unlink", "mkdir", "rmdir", "link", "symlink"))
                    for m in re.findall(r'"([^"]*)"', a)]
        devices = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"}
        assert written and all(w.startswith(f"{state}/") or w in devices for w in written), written
        for path, _ in opened:
            assert not path.startswith(("/home/", "/root/", "/run/user/")), path                    # ProtectHome
            assert not path.startswith("/proc/") or re.match(r"/proc/(self|thread-self|\d+)/", path), path  # ProcSubset
            assert not path.startswith("/dev/") or path in devices, path                            # PrivateDevices
        prom = state / "wuprobe.prom"
        assert oct(prom.stat().st_mode & 0o777) == "0o644" and prom.stat().st_uid == 65534

        link = [moved(a) for a in svc["ExecStartPost"][0].lstrip("-+").split()]
        subprocess.run(link, check=True)
        exporter = subprocess.Popen(NOBODY + ["prometheus-node-exporter", "--collector.disable-defaults",
                                              "--collector.textfile", f"--collector.textfile.directory={textfile}",
                                              "--web.listen-address=127.0.0.1:9101"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        body = get_when_up("http://127.0.0.1:9101/metrics", 50, 2)
        assert "node_textfile_scrape_error 0" in body and "wuprobe_run_exit_code 0" in body, body[-2000:]
    finally:
        if exporter:
            exporter.terminate()
            exporter.wait(timeout=10)
        shutil.rmtree(top)


# --- the exporter's unit (wuprobe --serve) ---------------------------------

def test_exporter_unit_has_the_timers_sandbox(tmp_path):
    """wuprobe-exporter.service: the same hardening as wuprobe.service (less
    what writing a report needs: its state directory, UMask, @chown), its
    user, loopback by default, and systemd's review as low."""
    install(tmp_path)
    units = tmp_path / "usr/lib/systemd/system"
    svc, timer_svc = unit(units / "wuprobe-exporter.service"), unit(units / "wuprobe.service")
    assert svc["ExecStart"] == ["/usr/bin/wuprobe --serve 9734 -c /etc/wuprobe/endpoints.conf"]
    assert svc["User"] == ["wuprobe"] and svc["Group"] == ["wuprobe"]
    writing = {"StateDirectory", "StateDirectoryMode", "UMask", "ExecStartPost", "ExecStart", "Type",
               "SuccessExitStatus", "Restart", "RestartPreventExitStatus", "KillMode", "Description", "Documentation"}
    same = {k: v for k, v in timer_svc.items() if k not in writing}
    same["SystemCallFilter"] = [f for f in same["SystemCallFilter"] if f != "@chown"]
    assert {k: svc.get(k) for k in same} == same
    assert not set(svc) - set(timer_svc) - writing, set(svc) - set(timer_svc)
    p = subprocess.run(["systemd-analyze", "security", "--offline=true", "--threshold=15",
                        str(units / "wuprobe-exporter.service")], capture_output=True, text=True, timeout=60)
    assert re.search(r"Overall exposure level for wuprobe-exporter.service: 1\.[0-5] OK", p.stdout), p.stdout


def test_exporter_sandbox_fits_the_exporter(lab, tmp_path):
    """The installed exporter's ExecStart as an unprivileged user under
    strace, in the lab: started, scraped (a probe in a child), and ended by
    SIGTERM; every system call it and its children make is in the unit's
    SystemCallFilter, its sockets in RestrictAddressFamilies, and it writes
    nothing."""
    top = Path(tempfile.mkdtemp(prefix="wuprobe-exporter-", dir="/tmp"))
    try:
        top.chmod(0o755)
        dest = top / "dest"
        install(dest)
        svc = unit(dest / "usr/lib/systemd/system/wuprobe-exporter.service")
        ca = top / "ca.pem"
        shutil.copy(os.environ["WUPROBE_LAB_CA"], ca)
        ca.chmod(0o644)
        argv = [str(dest) + a if a.startswith(("/usr/", "/etc/")) else a for a in svc["ExecStart"][0].split()]
        argv[argv.index("9734")] = "19734"
        out = top / "trace"
        os.chown(top, 65534, 65534)
        proc = subprocess.Popen(NOBODY + ["strace", "-f", "-qq", "-o", str(out)] + argv + ["--ca-bundle", str(ca)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        body = get_when_up("http://127.0.0.1:19734/probe", 100, 30)
        # SIGTERM to the exporter itself (strace would only detach).
        served = [int(d.name) for d in Path("/proc").iterdir() if d.name.isdigit() and
                  (d / "cmdline").exists() and b"--serve\x0019734" in (d / "cmdline").read_bytes() and
                  (d / "exe").resolve() == dest / "usr/bin/wuprobe"]
        assert len(served) == 1, served
        os.kill(served[0], signal.SIGTERM)
        assert proc.wait(timeout=20) == 0, proc.stderr.read()
        assert "probe_success 1" in body, body[-2000:]
        calls = trace(out)
        used = {name for name, _ in calls}
        assert {"fork", "clone", "clone3", "vfork"} & used and "execve" in used
        allowed = allowed_syscalls(svc["SystemCallFilter"])
        assert used <= allowed, used - allowed
        families = {re.match(r"(AF_[A-Z0-9]+)", a).group(1) for n, a in calls if n == "socket"}
        assert families <= set(svc["RestrictAddressFamilies"][0].split()), families
        opened = [(re.search(r'"([^"]*)"', a).group(1), a) for n, a in calls if n in ("openat", "open", "creat")]
        written = [p for p, a in opened if re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", a)]
        assert all(w in ("/dev/null",) for w in written), written
    finally:
        shutil.rmtree(top)

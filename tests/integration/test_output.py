"""-o and --json-file respect what is at the path: a regular file is replaced
atomically and keeps its mode and owner, a new one follows the umask, a FIFO
or a character device is written directly, a symbolic link stays a link and
its target gets the report. SIGINT, SIGTERM and SIGHUP leave no temporary
file behind and still end the process by the signal."""
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time

import pytest

from conftest import ROOT, WUPROBE

CONF = "http://good.lab.test/\n"
NOBODY = 65534
TEMP = re.compile(r"\.[A-Za-z0-9]{6}$")   # NAME.XXXXXX


def run(tmp, *args, preexec=None, cwd=None, timeout=60):
    conf = tmp / "endpoints.conf"
    conf.write_text(CONF)
    return subprocess.run([str(WUPROBE), "-c", str(conf), "--timeout", "3", "--no-ntp", "-f", "json", *args],
                          capture_output=True, text=True, timeout=timeout, preexec_fn=preexec, cwd=cwd)


def is_report(text):
    return json.loads(text)["endpoints"][0]["url"] == "http://good.lab.test/"


def temps(*dirs):
    return [n for d in dirs for n in os.listdir(d) if TEMP.search(n)]


@pytest.fixture
def shared_dir():
    """A directory outside pytest's 0700 tree, for runs as nobody."""
    d = tempfile.mkdtemp(prefix="wuprobe-out.")
    os.chmod(d, 0o777)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_regular_file_keeps_mode_and_owner(tmp_path):
    out = tmp_path / "report.json"
    out.write_text("old report\n")
    os.chmod(out, 0o640)
    os.chown(out, 1234, 5678)
    inode = out.stat().st_ino
    r = run(tmp_path, "-o", str(out))
    assert r.returncode == 0, r.stderr
    st = out.stat()
    assert stat.S_IMODE(st.st_mode) == 0o640 and (st.st_uid, st.st_gid) == (1234, 5678)
    assert st.st_ino != inode                   # replaced by rename, never half written
    assert is_report(out.read_text()) and temps(tmp_path) == []


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600), (0o000, 0o666)])
def test_new_file_follows_the_umask(tmp_path, umask, mode):
    out, js = tmp_path / "report.txt", tmp_path / "report.json"
    r = run(tmp_path, "-o", str(out), "--json-file", str(js), preexec=lambda: os.umask(umask))
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(out.stat().st_mode) == mode and stat.S_IMODE(js.stat().st_mode) == mode
    assert temps(tmp_path) == []


@pytest.mark.parametrize("opt", ["-o", "--json-file"])
def test_character_device_is_written_directly(tmp_path, opt):
    """A node of /dev/full's numbers (1,7), so a regression cannot replace the real one."""
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    r = run(tmp_path, opt, str(full))
    name = "--output" if opt == "-o" else "--json-file"
    assert r.returncode == 3
    assert r.stderr == f"wuprobe: {name} {full}: cannot write: No space left on device\n"
    assert stat.S_ISCHR(full.stat().st_mode) and temps(tmp_path) == []


def test_null_device_is_written_directly(tmp_path):
    null = tmp_path / "null"                   # never the real /dev/null: a regression would replace it
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    r = run(tmp_path, "-o", str(null), "--json-file", str(null))
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""
    assert stat.S_ISCHR(null.stat().st_mode) and temps(tmp_path) == []


def test_fifo_is_written_directly(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)   # a reader, so the probe's open does not wait
    try:
        r = run(tmp_path, "-o", str(fifo))
        assert r.returncode == 0, r.stderr
        data = b""
        while chunk := os.read(reader, 65536):
            data += chunk
    except BlockingIOError:
        pytest.fail("nothing came through the FIFO")
    finally:
        os.close(reader)
    assert is_report(data.decode()) and stat.S_ISFIFO(fifo.lstat().st_mode)
    assert temps(tmp_path) == []


@pytest.mark.parametrize("layout", ["absolute", "relative", "chain", "dangling"])
def test_symlink_stays_a_link_and_its_target_gets_the_report(tmp_path, layout):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "report.json"
    link = tmp_path / "report.json"
    if layout != "dangling":
        target.write_text("old\n")
        os.chmod(target, 0o600)
    if layout == "absolute" or layout == "dangling":
        link.symlink_to(target)
    elif layout == "relative":
        link.symlink_to("real/report.json")
    else:
        (real_dir / "hop").symlink_to("report.json")
        link.symlink_to(real_dir / "hop")
    r = run(tmp_path, "-o", str(link))
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and is_report(target.read_text())
    assert stat.S_ISREG(target.lstat().st_mode)
    assert stat.S_IMODE(target.stat().st_mode) == (0o644 if layout == "dangling" else 0o600)
    assert temps(tmp_path, real_dir) == []


def test_symlink_to_a_character_device(tmp_path):
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    link = tmp_path / "out"
    link.symlink_to(full)
    r = run(tmp_path, "--json-file", str(link))
    assert r.returncode == 3 and f"--json-file {link}: cannot write: No space left on device" in r.stderr
    assert link.is_symlink() and stat.S_ISCHR(full.stat().st_mode)


def test_symlink_loop_is_refused(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.symlink_to(b)
    b.symlink_to(a)
    r = run(tmp_path, "-o", str(a))
    assert r.returncode == 3 and r.stderr == f"wuprobe: --output {a}: cannot write: Too many levels of symbolic links\n"
    assert a.is_symlink() and b.is_symlink()


def test_dash_is_standard_output(tmp_path):
    r = run(tmp_path, "-o", "-", cwd=tmp_path)
    assert r.returncode == 0 and is_report(r.stdout)
    assert not (tmp_path / "-").exists()


def test_directory_is_refused(tmp_path):
    d = tmp_path / "dir"
    d.mkdir()
    r = run(tmp_path, "-o", str(d))
    assert r.returncode == 3 and r.stderr == f"wuprobe: --output {d}: cannot write: Is a directory\n"
    assert d.is_dir() and temps(tmp_path) == []


@pytest.mark.parametrize("dir_mode", [0o777, 0o755])
def test_file_of_another_owner_is_rewritten_in_place(shared_dir, dir_mode):
    """Not root: a rename would make the file nobody's (0777 directory) or is
    impossible (0755 directory), so the writable file is rewritten in place."""
    conf = os.path.join(shared_dir, "endpoints.conf")
    with open(conf, "w") as f:
        f.write(CONF)
    os.chmod(conf, 0o644)
    out = os.path.join(shared_dir, "report.json")
    with open(out, "w") as f:
        f.write("an old report, longer than the new one will be " * 200)
    os.chmod(out, 0o666)
    inode = os.stat(out).st_ino
    os.chmod(shared_dir, dir_mode)
    r = subprocess.run([str(WUPROBE), "-c", conf, "--timeout", "3", "--no-ntp", "-f", "json", "-o", out],
                       capture_output=True, text=True, timeout=60, preexec_fn=lambda: os.setuid(NOBODY))
    assert r.returncode == 0, r.stderr
    st = os.stat(out)
    assert (st.st_uid, st.st_ino, stat.S_IMODE(st.st_mode)) == (0, inode, 0o666)
    with open(out) as f:
        assert is_report(f.read())              # cut to the new length: no old tail
    assert temps(shared_dir) == []


def default_signals():
    for s in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
        signal.signal(s, signal.SIG_DFL)


def start_hanging_run(tmp_path, outdir, preexec=default_signals):
    conf = tmp_path / "hang.conf"
    conf.write_text("https://hang.lab.test/\n")
    p = subprocess.Popen([str(WUPROBE), "-c", str(conf), "--timeout", "60", "--no-ntp",
                          "-o", str(outdir / "report.txt"), "--json-file", str(outdir / "report.json")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=preexec)
    deadline = time.monotonic() + 10
    while len(temps(outdir)) < 2 and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.05)
    assert len(temps(outdir)) == 2, "the run did not start"
    return p


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_signal_leaves_no_temporary_file(tmp_path, sig):
    outdir = tmp_path / "out"
    outdir.mkdir()
    p = start_hanging_run(tmp_path, outdir)
    p.send_signal(sig)
    out, err = p.communicate(timeout=10)
    assert p.returncode == -sig                # died of the signal, as the shell will report (128+N)
    assert os.listdir(outdir) == [] and out == b""


def test_ignored_hangup_stays_ignored(tmp_path):
    """Under nohup SIGHUP is ignored, and stays so."""
    outdir = tmp_path / "out"
    outdir.mkdir()

    def nohup():
        default_signals()
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    p = start_hanging_run(tmp_path, outdir, preexec=nohup)
    p.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    assert p.poll() is None and len(temps(outdir)) == 2
    p.send_signal(signal.SIGTERM)
    p.communicate(timeout=10)
    assert p.returncode == -signal.SIGTERM and os.listdir(outdir) == []


def test_report_files_and_signals_are_documented():
    """wuprobe(1) is the reference for report files and signals (README.md
    keeps only the exit codes' short table, 128+N included)."""
    man = (ROOT / "wuprobe.1").read_text().replace("\\-", "-")
    for section in (".SH REPORT FILES", ".SH SIGNALS", "128+"):
        assert section in man
    assert "--output /dev/full: cannot write: No space left on device" in man
    assert "| 128+N |" in (ROOT / "README.md").read_text()

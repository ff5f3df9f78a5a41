"""README, --help and the man page describe the same tool."""
import os
import re
import subprocess

from conftest import ROOT, WUPROBE


def help_options():
    out = subprocess.run([str(WUPROBE), "--help"], capture_output=True, text=True).stdout
    return set(re.findall(r"--[a-z][a-z-]+", out))


def test_man_page_renders_without_warnings():
    r = subprocess.run(["man", "-l", str(ROOT / "wuprobe.1")], capture_output=True, text=True,
                       env=dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0"))
    text = re.sub(".\b", "", r.stdout)          # overstrike bold and underline
    assert r.returncode == 0 and r.stderr == "" and "EXIT STATUS" in text


def test_every_option_is_documented():
    opts = help_options()
    assert {"--config", "--format", "--timeout", "--parallel", "--dns-server", "--ca-bundle"} <= opts
    man = (ROOT / "wuprobe.1").read_text().replace("\\-", "-")
    readme = (ROOT / "README.md").read_text()
    for o in opts:
        assert o in man, f"{o} missing from wuprobe.1"
        assert o in readme, f"{o} missing from README.md"


def test_exit_codes_are_documented():
    man = (ROOT / "wuprobe.1").read_text()
    readme = (ROOT / "README.md").read_text()
    for code in "0123":
        assert f"| {code} |" in readme
        assert f".B {code}\n" in man

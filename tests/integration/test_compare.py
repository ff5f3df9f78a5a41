"""--compare (issue 23): two runs against the lab with one fault added and
one removed between them, in every format; the exit code stays the present
state's; a wrong --compare file is one line and exit 3."""
import csv
import http.server
import io
import json
import threading
import time

import pytest

from conftest import WUPROBE


class Flipping(http.server.BaseHTTPRequestHandler):
    """/a and /b: one answers 200, the other 503, as the test sets; /slow
    answers after DELAY seconds."""
    broken = "/b"
    delay = 0.0

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(Flipping.delay)
        code = 503 if self.path == Flipping.broken else 200
        self.send_response(code)
        self.send_header("Content-Length", "3")
        self.end_headers()
        self.wfile.write(b"ok\n")

    def log_message(self, *args):
        pass


@pytest.fixture
def flipping():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flipping)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Flipping.broken, Flipping.delay = "/b", 0.0
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_one_fault_added_one_removed_in_every_format(probe, flipping, tmp_path):
    conf = f"{flipping}/a\n{flipping}/b\n{flipping}/slow\nhttps://good.lab.test/\n"
    first = probe(conf, "--no-ntp", timeout="5")
    assert first.rc == 2 and first.doc["compare"] is None
    earlier = tmp_path / "earlier.json"
    earlier.write_text(first.out)
    Flipping.broken, Flipping.delay = "/a", 1.2      # the fault moves from /b to /a; /slow slows down
    args = ("--no-ntp", "--compare", str(earlier))
    r = probe(conf, *args, timeout="5")
    assert r.rc == 2                                  # the present state: a failure, as before
    cmp = r.doc["compare"]
    got = sorted((c["change"], c["url"]) for c in cmp["changes"] if c["url"])
    assert got == [("fixed", f"{flipping}/b"), ("new_failure", f"{flipping}/a"), ("slower", f"{flipping}/slow")], got
    nf = [c for c in cmp["changes"] if c["change"] == "new_failure"][0]
    assert (nf["before"], nf["after"], nf["index"]) == ("ok", "fail 0x80244022 http_status", 0)
    assert cmp["worse"] is True and cmp["first_run"] is False
    assert cmp["earlier_started_at"] == first.doc["started_at"] and 0 <= cmp["age_s"] < 60
    # the lone causes are the endpoints': /b's gone, /a's new
    assert sorted(c["change"] for c in cmp["changes"] if not c["url"]) == ["cause_gone", "cause_new"]
    summary = cmp["summary"]
    assert summary.startswith(f"since {first.doc['started_at']} (0 min): 1 new failure, 1 fixed, 1 slower, "
                              "1 new cause, 1 cause gone"), summary

    t = probe(conf, *args, fmt="text", timeout="5")
    assert f"\nChanges {summary}\n" in t.out and f"  new_failure {flipping}/a: ok -> fail 0x80244022" in t.out
    assert f"  fixed {flipping}/b: fail 0x80244022 http_status -> ok" in t.out
    assert t.out.index("Changes ") < t.out.index("CODE") and t.rc == 2
    n = probe(conf, *args, fmt="nagios", timeout="5")
    assert f"; {summary}" in n.out.splitlines()[0] and n.rc == 2
    p = probe(conf, *args, fmt="prometheus", timeout="5")
    assert "wuprobe_compare_worse 1\n" in p.out and 'wuprobe_compare_changes{change="new_failure"} 1\n' in p.out
    assert 'wuprobe_compare_changes{change="fixed"} 1\n' in p.out and "wuprobe_compare_first_run 0\n" in p.out
    j = probe(conf, *args, fmt="junit", timeout="5")
    assert f'<property name="compare" value="{summary}"/>' in j.out
    c = probe(conf, *args, fmt="csv", timeout="5")
    rows = {row["url"]: row["change"] for row in csv.DictReader(io.StringIO(c.out))}
    assert rows[f"{flipping}/a"] == "new_failure" and rows[f"{flipping}/b"] == "fixed"
    assert rows["https://good.lab.test/"] == ""


def test_compared_with_itself_nothing_changed(probe, flipping, tmp_path):
    conf = f"{flipping}/a\n{flipping}/b\n"
    first = probe(conf, "--no-ntp")
    earlier = tmp_path / "e.json"
    earlier.write_text(first.out)
    r = probe(conf, "--no-ntp", "--compare", str(earlier))
    assert r.doc["compare"]["changes"] == [] and r.doc["compare"]["worse"] is False
    assert r.doc["compare"]["summary"].endswith(": no change") and r.rc == 2   # still failing: still exit 2


def test_compare_last_first_run_says_so_once(probe, tmp_path):
    last = tmp_path / "last.json"
    r = probe("https://good.lab.test/\n", "--no-ntp", "--compare-last", str(last), "--json-file", str(last),
              fmt="text")
    assert r.rc == 0 and r.out.count("no earlier report") == 1
    assert f"Changes no earlier report ({last}): nothing to compare; the next run compares with this one" in r.out
    assert json.loads(last.read_text())["compare"]["first_run"] is True
    again = probe("https://good.lab.test/\n", "--no-ntp", "--compare-last", str(last))
    assert again.doc["compare"]["first_run"] is False and "no earlier report" not in again.out


@pytest.mark.parametrize("content,words", [
    (None, "No such file or directory"),
    ("{\"version\": 1,\n \"tool\": ", ":2: not JSON: "),
    ("{\"version\": 2, \"tool\": {\"name\": \"wuprobe\"}, \"started_at\": \"x\", \"endpoints\": []}",
     "not a JSON report of wuprobe"),
    ("{\"version\": 1, \"version\": 1}", "not JSON: duplicate object key"),
    ("[1, 2, 3]", "not a JSON report of wuprobe"),
])
def test_a_wrong_compare_file_is_one_line_and_exit_3(probe, tmp_path, content, words):
    path = tmp_path / "earlier.json"
    if content is not None:
        path.write_text(content)
    out = tmp_path / "report.prom"
    r = probe("https://good.lab.test/\n", "--no-ntp", "--compare", str(path), "-o", str(out), fmt="prometheus")
    assert r.rc == 3 and len(r.err.splitlines()) == 1, r.err
    assert r.err.startswith(f"wuprobe: --compare: {path}") and words in r.err, r.err
    last = probe("https://good.lab.test/\n", "--no-ntp", "--compare-last", str(path))
    assert last.rc == 3 if content is not None else last.rc == 0   # a missing file: a first run
    assert content is None or last.err.startswith(f"wuprobe: --compare-last: {path}"), last.err
    assert "wuprobe_endpoint_up" not in out.read_text()   # nothing probed: the cannot-run report only

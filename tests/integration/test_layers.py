"""scripts/layers, the check that calls go one way (make test runs it on the
build): it passes the tree, and fails a call up from a stage into the
endpoint, from the endpoint into the loop, and a circle among stages."""
import subprocess
from pathlib import Path

from conftest import ROOT

LAYERS = ROOT / "scripts" / "layers"


def build(tmp_path, files):
    """Compiles FILES ({name: C source}) into objects under tmp_path/build."""
    out = tmp_path / "build"
    for name, src in files.items():
        c = tmp_path / "src" / name
        c.parent.mkdir(parents=True, exist_ok=True)
        c.write_text(src)
        o = out / Path(name).with_suffix(".o")
        o.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cc", "-c", "-o", str(o), str(c)], check=True)
    return out


ONE_WAY = {
    "probe.c": "void ep_step(void); void run(void) { ep_step(); }\n",
    "endpoint.c": "void lookup_go(void); void xfer_go(void); void ep_step(void) { lookup_go(); xfer_go(); }\n",
    "dns/lookup.c": "void answer_list(void); void lookup_go(void) { answer_list(); }\n",
    "transfer.c": "void answer_list(void); void xfer_go(void) { answer_list(); }\n",
    "dns/ares_util.c": "void answer_list(void) { }\n",
}


def check(out):
    return subprocess.run([str(LAYERS), str(out)], capture_output=True, text=True)


def test_the_tree_passes():
    r = check(ROOT / "build")
    assert r.returncode == 0, r.stdout
    assert "all one way" in r.stdout and "no circle" in r.stdout


def test_one_way_calls_pass(tmp_path):
    r = check(build(tmp_path, ONE_WAY))
    assert r.returncode == 0 and "5 files, 5 calls between them" in r.stdout, r.stdout


def test_a_stage_that_calls_the_endpoint_fails(tmp_path):
    files = dict(ONE_WAY, **{"dns/lookup.c": "void ep_step(void); void lookup_go(void) { ep_step(); }\n"})
    r = check(build(tmp_path, files))
    assert r.returncode == 1
    assert "layers: FAIL: dns/lookup.c (stages and leaves) calls up into endpoint.c (endpoint)" in r.stdout
    assert "a circle of 2 files" in r.stdout


def test_the_endpoint_that_calls_the_loop_fails(tmp_path):
    files = dict(ONE_WAY, **{"endpoint.c": "void run(void); void ep_step(void) { run(); }\n"})
    r = check(build(tmp_path, files))
    assert r.returncode == 1 and "endpoint.c (endpoint) calls up into probe.c (loop)" in r.stdout, r.stdout


def test_a_circle_among_stages_fails(tmp_path):
    files = dict(ONE_WAY, **{"transfer.c": "void aia_go(void); void xfer_go(void) { aia_go(); }\n",
                             "tls/aia.c": "void xfer_go(void); void aia_go(void) { xfer_go(); }\n"})
    r = check(build(tmp_path, files))
    assert r.returncode == 1
    assert "layers: FAIL: a circle of 2 files, 2 calls inside it: tls/aia.c transfer.c" in r.stdout, r.stdout
    assert "calls up" not in r.stdout


def sources(tmp_path, files):
    """Writes FILES ({name: text}) under tmp_path/probe, for rule 3 (the
    includes, read from the text, not compiled)."""
    src = tmp_path / "probe"
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    return src


HEADERS_OK = {
    "probe.c": '#include "loop.h"\n#include "endpoint.h"\n',
    "events.c": '#include "loop.h"\n',
    "endpoint.c": '#include "endpoint.h"\n#include "lookup.h"\n',
    "endpoint.h": '#include "lookup.h"\n',
    "loop.h": '#include "lookup.h"\n#include "probe_shared.h"\n',
    "probe_shared.h": '#include "evq.h"\n',
    "dns/lookup.h": '#include "evq.h"\n',
    "dns/lookup.c": '#include "lookup.h"\n#include "evq.h"\n',
    "evq.h": "",
}


def test_headers_that_stay_in_their_layer_pass(tmp_path):
    r = subprocess.run([str(LAYERS), str(build(tmp_path, ONE_WAY)), str(sources(tmp_path, HEADERS_OK))],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "no header included below its layer" in r.stdout, r.stdout


def test_a_stage_that_includes_the_endpoint_header_fails(tmp_path):
    files = dict(HEADERS_OK, **{"dns/lookup.h": '#include "endpoint.h"\n'})
    r = subprocess.run([str(LAYERS), str(build(tmp_path, ONE_WAY)), str(sources(tmp_path, files))],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert ("layers: FAIL: dns/lookup.c includes the endpoint's header endpoint.h "
            "(dns/lookup.c > lookup.h > endpoint.h)") in r.stdout, r.stdout


def test_only_the_loop_includes_the_loop_header(tmp_path):
    files = dict(HEADERS_OK, **{"endpoint.c": '#include "loop.h"\n', "transfer.c": '#include "loop.h"\n'})
    r = subprocess.run([str(LAYERS), str(build(tmp_path, ONE_WAY)), str(sources(tmp_path, files))],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert "layers: FAIL: endpoint.c includes the loop's header loop.h (endpoint.c > loop.h)" in r.stdout
    assert "layers: FAIL: transfer.c includes the loop's header loop.h" in r.stdout
    assert "transfer.c includes the endpoint's header endpoint.h" not in r.stdout   # loop.h does not include it
    assert "probe.c" not in r.stdout and "events.c" not in r.stdout


def test_a_stage_that_includes_the_endpoints_header_fails(tmp_path):
    files = dict(HEADERS_OK, **{"transfer.c": '#include "endpoint.h"\n'})
    r = subprocess.run([str(LAYERS), str(build(tmp_path, ONE_WAY)), str(sources(tmp_path, files))],
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stdout
    assert "layers: FAIL: transfer.c includes the endpoint's header endpoint.h (transfer.c > endpoint.h)" in r.stdout

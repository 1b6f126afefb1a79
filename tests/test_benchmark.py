"""The benchmark run once at a tiny size so it cannot rot (no timing asserted); the generator is tested in test_synthetic.py."""

import re
import shutil
import subprocess
import sys

import pytest

from tests.browser import CHROMIUM, ROOT

pytestmark = pytest.mark.benchmark


MEASURES = [
    "cold start → overview ready",
    "first load: Overview",
    "warm load: Overview",
    "warm load: Route map",
    "warm load: Casualty timeline",
    "warm load: Stakeholders",
    "warm load: Sources",
    "warm load: Briefing pack",
    "bytes to browser: Route map",
    "page switch to: Overview",
    "page switch to: Route map",
    "page switch to: Casualty timeline",
    "page switch to: Stakeholders",
    "page switch to: Sources",
    "page switch to: Briefing pack",
    "filter change: Overview",
    "filter change: Route map",
    "filter change: Casualty timeline",
    "filter change: Stakeholders",
    "filter change: Sources",
    "filter change: Briefing pack",
    "map click → detail panel",
    "first chart export (starts renderer)",
    "export one chart (map PNG, warm)",
    "briefing pack, 6 items (pptx)",
    "server memory after every page (RSS)",
]
NUMBER = r"\d[\d,]*(?:\.\d+)? (?:s|MB|kB)"


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")
def test_the_benchmark_prints_every_figure_at_a_tiny_size():
    pytest.importorskip("playwright.sync_api")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmark.py"), "--sizes", "200", "--repeat", "1", "--budget", "200"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    out = run.stdout
    assert run.returncode == 0, run.stderr[-3000:]
    assert "stopped early" not in out, out
    for name in ("cold start → page ready", "warm load", "widget change → rerun done", "download button → file saved"):
        assert re.search(re.escape(name) + r"\s+" + NUMBER, out), name
    for floor in ("plotly", "pydeck"):
        part = out.split(f"== empty app + one {floor} chart ==", 1)[1].split("==", 1)[0]
        assert re.search(r"warm load\s+" + NUMBER, part) and re.search(r"chart redrawn\s+" + NUMBER, part), part
    section = out.split("== 200 ==", 1)[1]
    for name in MEASURES:
        line = next((x for x in section.splitlines() if x.startswith(name)), None)
        assert line is not None, f"{name} missing from\n{section}"
        figures = re.findall(NUMBER, line)
        assert len(figures) >= 3, line  # min, median, max
        assert re.search(r"\d+\.\d×", line), line  # the ratio to the empty app
    assert "== targets ==" in out


# --- The load test (scripts/load_test.py): its plan and printout, and one tiny run ----------------------------


def test_every_load_session_makes_the_whole_round_from_its_own_start():
    from scripts import load_test

    starts = set()
    for session in range(20):
        steps = load_test.plan(session, 10)
        assert sorted(map(str, steps)) == sorted(map(str, load_test.ROUND))
        starts.add(steps[0])
        page = ""  # each session opens the overview first
        for kind, arg in steps:
            if kind == "download":
                assert page == "briefing", steps  # the download button is on the Briefing page
            assert not (kind == "switch" and arg == page), steps  # a switch goes somewhere else
            page = {"switch": arg, "click": "map"}.get(kind, page)
    assert len(starts) == 5
    assert load_test.plan(3, 25)[:10] == load_test.plan(3, 10) and len(load_test.plan(3, 25)) == 25


def test_load_filter_picks_a_domain_not_yet_picked():
    from scripts import load_test

    assert load_test.choose_domain("", 0) == "Migrant smuggling"
    assert load_test.choose_domain("?domain=migrant_smuggling", 0) == "Human trafficking"
    assert load_test.choose_domain("?domain=organised_crime", 3) == "Migrant smuggling"


def test_load_counts_http_errors_but_not_streamlits_base_path_probe():
    from scripts.load_test import counted

    assert not counted(404, "http://127.0.0.1:1/map/_stcore/health")
    assert not counted(404, "http://127.0.0.1:1/briefing/_stcore/host-config")
    assert counted(404, "http://127.0.0.1:1/_stcore/health")
    assert counted(500, "http://127.0.0.1:1/map/_stcore/health")
    assert counted(404, "http://127.0.0.1:1/media/abc.zip")
    assert not counted(200, "http://127.0.0.1:1/")


def test_load_printout_aggregates_each_interaction():
    from scripts.load_test import Outcome, check_lines, checks, problem_lines, summarise, table, total, tracebacks

    outcomes = [
        Outcome(0, "page switch → Route map", 1.0),
        Outcome(1, "page switch → Route map", 3.0),
        Outcome(2, "page switch → Route map", 2.0, [("error", "HTTP 500 /x"), ("exception", "JavaScript: boom")]),
        Outcome(0, "map click → detail panel", None, [("timeout", "Timeout 90000ms exceeded.")]),
        Outcome(1, "map click → detail panel", None, [("not run", "the load phase's time budget ran out")]),
    ]
    rows = summarise(outcomes, ["first load: Overview", "map click → detail panel"])
    assert [r.label for r in rows] == ["map click → detail panel", "page switch → Route map"]  # the order, then as seen
    switch = rows[1]
    assert (switch.count, switch.finished, switch.median, switch.worst) == (3, 3, 2.0, 3.0)
    assert (switch.errors, switch.exceptions, switch.timeouts, switch.not_run) == (1, 1, 0, 0)
    assert (rows[0].finished, rows[0].median, rows[0].timeouts, rows[0].not_run) == (0, None, 1, 1)
    whole = total(outcomes)
    lines = table([*rows, whole])
    assert lines[0].split() == ["interaction", "count", "finished", "median", "worst", "errors", "exceptions", "timeouts",
                                "not", "run"]  # fmt: skip
    assert lines[2].split() == ["page", "switch", "→", "Route", "map", "3", "3", "2.00", "s", "3.00", "s", "1", "1", "0", "0"]
    assert lines[1].split()[-8:] == ["2", "0", "—", "—", "0", "0", "1", "1"]
    assert lines[3].split()[:3] == ["all", "5", "3"]
    verdict = {c.name: c.ok for c in checks(whole, 5)}
    assert verdict == {"errors = 0": False, "exceptions = 0": False, "timeouts = 0": False, "not run = 0": False,
                       "finished = 5": False}  # fmt: skip
    assert all(c.ok for c in checks(total(outcomes[:2]), 2))
    assert check_lines(checks(total(outcomes[:2]), 2))[0].split() == ["errors", "=", "0", "0", "PASS"]
    problems = problem_lines(outcomes, limit=2)
    assert problems[0] == "   session 2, page switch → Route map: error: HTTP 500 /x"  # the worst kind first
    assert problems[2:] == ["   … and 1 more",
                            "   not run: 1 interactions of 1 sessions (the load phase's time budget ran out)"]  # fmt: skip
    log = ("ok\nTraceback (most recent call last):\n  File \"x.py\", line 1, in f\n    g()\nValueError: bad\nnext line\n"
           "Traceback (most recent call last):\n  File \"y.py\", line 2\nKeyError: 'k'\n")  # fmt: skip
    assert tracebacks(log) == ["ValueError: bad", "KeyError: 'k'"]
    assert tracebacks("all quiet\n") == []


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")
def test_the_load_test_prints_every_phase_in_a_tiny_run():
    pytest.importorskip("playwright.async_api")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmark.py"), "--load", "--sessions", "1", "--export-sessions", "1",
         "--load-budget", "150"],
        cwd=ROOT, capture_output=True, text=True, timeout=400,
    )  # fmt: skip
    out = run.stdout
    assert run.returncode == 0, run.stderr[-3000:]
    assert "== load: 1 sessions at once × 10 interactions" in out, out
    section = out.split("== load:", 1)[1].split("==", 2)[1]
    for name in ("first load: Overview", "page switch → Route map", "page switch → Briefing pack", "filter change",
                 "map click → detail panel", "download: CSV files (.zip)"):  # fmt: skip
        line = next((x for x in section.splitlines() if x.startswith(name)), None)
        assert line is not None, f"{name} missing from\n{out}"
    for title in ("== exports under load:", "== fault: the export renderer killed", "== server memory ==", "== load targets:"):
        assert title in out, out
    assert re.search(r"briefing pack at once: PowerPoint \(\.pptx\)\s+1\s+1\s+" + NUMBER, out), out
    assert re.search(r"renderer started again, once\s+yes\s+PASS", out), out
    assert re.search(r"at the start \(overview served once\)\s+" + NUMBER, out), out
    assert not re.search(r"errors = 0\s+\d+\s+FAIL", out), out
    assert not re.search(r"exceptions = 0\s+\d+\s+FAIL", out), out

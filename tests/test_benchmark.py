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

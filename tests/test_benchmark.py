"""The synthetic data generator, and the benchmark run once at a tiny size so it cannot rot (no timing asserted)."""

import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from tests.browser import CHROMIUM, ROOT
from trafficking_atlas import catalog, loader, schemas, synthetic


def test_generate_has_every_dataset_in_its_schema_order():
    frames, texts = synthetic.generate(300, seed=1)
    assert list(frames) == list(catalog.DATASETS)
    for name, frame in frames.items():
        assert list(frame.columns) == schemas.columns(name), name
        assert len(frame) > 0, name
    for name, frame in frames.items():
        for _, row in frame.head(50).iterrows():
            assert row["quote"] in texts[row["document_id"]], (name, row["quote"])


def test_generated_data_loads_with_zero_issues(tmp_path):
    data, seeds = synthetic.write(tmp_path, 500, seed=3)
    dataset = loader.load_dataset(data, seeds)
    assert dataset.issues == []
    frames, _ = synthetic.generate(500, seed=3)
    for name, frame in frames.items():
        assert len(dataset.frames[name]) == len(frame), name  # nothing was dropped
    assert dataset.incidents["domain"].nunique() == 5
    assert (dataset.places["kind"] == "country").sum() >= 10


def test_sizes_scale_with_the_number_of_incidents():
    small, large = synthetic.generate(1000, 0)[0], synthetic.generate(10_000, 0)[0]
    assert len(large["incidents"]) == 10_000
    assert len(large["figures"]) >= 2 * 10_000
    assert len(large["stakeholders"]) == 1000 and len(large["initiatives"]) == 2000
    assert len(large["relations"]) == 3 * 10_000
    for name in ("incidents", "figures", "stakeholders", "initiatives", "relations"):
        assert len(large[name]) > 5 * len(small[name]), name
    assert synthetic.sizes(1_000_000)["routes"] == 200 and synthetic.sizes(1_000_000)["places"] <= 400


def test_generate_is_deterministic():
    a, b = synthetic.generate(200, 5)[0], synthetic.generate(200, 5)[0]
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


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

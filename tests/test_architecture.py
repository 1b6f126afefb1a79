"""Keeps the layers honest: pages and components never touch the loaded frames, pages stay layout, and the
example page of docs/architecture.md works as written."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.app

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
ABOVE_THE_SEAM = [*ROOT.glob("pages/*.py"), *ROOT.glob("components/*.py"), ROOT / "streamlit_app.py"]


def test_pages_and_components_never_touch_the_loaded_frames():
    raw = re.compile(r"dataset\(\)\.frames|\bfull\[|\.frames\[|\bview\[|\._frames\b|loader\.|filtering\.apply_filters")
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in ABOVE_THE_SEAM for m in raw.finditer(p.read_text())]
    assert offenders == []


def test_pages_are_short_and_import_no_pandas():
    for page in ROOT.glob("pages/*.py"):
        text = page.read_text()
        assert len(text.splitlines()) <= 160, page.name
        assert "import pandas" not in text, page.name


def test_the_documented_example_page_lists_the_documents_through_the_seam(app_env):
    example = re.search(r"```python\n(.+?)```", ARCHITECTURE, flags=re.S).group(1)
    assert len([line for line in example.splitlines() if line.strip()]) < 10
    # What the frame does before it runs a page: the atlas, the sidebar's filters and the context it hands over.
    frame = (
        "from components import filter_panel, page_frame\nfrom trafficking_atlas import atlas\n"
        "a = atlas.current()\nf, o = filter_panel.render(a)\n"
        "page_frame.set_context(page_frame.PageContext(a, f, o, a.filters_summary(f, o)))\n"
    )
    at = AppTest.from_string(frame + example.split('"""', 2)[2], default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Documents"
    assert list(at.dataframe[0].value["Title"]) == ["Boat sinks off Cape Fog", "Port alliance"]


def test_the_dashboard_starts_without_the_extractors_libraries():
    """spaCy, dateparser and the article readers cost memory and start-up time: read when a document is first added."""
    code = ("import sys, trafficking_atlas.atlas, components.page_frame, components.filter_panel; "
            "print(sorted(m for m in ('spacy', 'dateparser', 'trafilatura', 'docx') if m in sys.modules))")  # fmt: skip
    started = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert started.stdout.strip() == "[]", started.stdout

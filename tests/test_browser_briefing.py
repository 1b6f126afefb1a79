"""Browser tests of the briefing pack: downloads of a deck, a PDF and a chart image."""

import io
import shutil

import pytest
from pptx import Presentation
from pypdf import PdfReader

from tests.browser import ARTIFACTS, CHROMIUM, exceptions, wait_ready

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")]


def _download(page, name: str) -> bytes:
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=name).click()
    path = info.value.path()
    return open(path, "rb").read(), info.value.suggested_filename


def test_briefing_pack_of_map_timeline_and_network_downloads_as_a_valid_deck(server, page):
    page.goto(f"{server}/briefing?items=map,timeline,network&title=Channel%20brief&domain=migrant_smuggling")
    wait_ready(page, "h1")
    assert exceptions(page) == []
    page.screenshot(path=str(ARTIFACTS / "page-briefing.png"), full_page=True)
    data, name = _download(page, "PowerPoint (.pptx)")
    assert name == "channel-brief.pptx"
    (ARTIFACTS / name).write_bytes(data)
    slides = list(Presentation(io.BytesIO(data)).slides)
    assert len(slides) == 5
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert "Channel brief" in texts[0] and "domain: Migrant smuggling" in texts[0]
    for text, title in zip(texts[1:4], ["Route map", "Casualty timeline", "Stakeholder network"]):
        assert title in text and "Sources: " in text
    assert "Documents quoted" in texts[-1] and "Dawn" in texts[-1]


def test_briefing_pdf_and_a_chart_png_download(server, page):
    page.goto(f"{server}/briefing?items=casualties")
    wait_ready(page, "h1")
    data, _ = _download(page, "PDF")
    assert len(PdfReader(io.BytesIO(data)).pages) == 3
    page.goto(f"{server}/map")
    wait_ready(page, "[data-testid=stDeckGlJsonChart] canvas")
    data, name = _download(page, "PNG")
    assert data.startswith(b"\x89PNG") and name == "trafficking-routes-incidents-and-venues.png"
    (ARTIFACTS / "export-map.png").write_bytes(data)

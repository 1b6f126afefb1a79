"""Browser test of importing the MMP-format fixture: upload it, import it, see it on the map and the timeline beside
the documents' figures, confirm that its June 2023 row is the documents' Pylos capsizing, then remove it."""

import shutil

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, exceptions, streamlit_server, wait_ready
from tests.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")]

MMP = FIXTURES / "datasets" / "mmp_current.csv"
TITLE = "IOM Missing Migrants Project, version 2025-11-30"


@pytest.fixture(scope="module")
def own_server():
    """A server with a store of its own: what this test imports is not seen by the other browser tests."""
    with streamlit_server() as url:
        yield url


def test_import_an_mmp_file_see_it_beside_the_documents_confirm_a_twin_and_remove_it(own_server, page):
    page.goto(f"{own_server}/datasets")
    wait_ready(page, "h1")
    page.get_by_text("No dataset has been imported yet.").wait_for()
    page.locator("input[type=file]").set_input_files(str(MMP))
    wait_ready(page)
    page.get_by_role("textbox", name="Version (its date)").fill("2025-11-30")
    page.keyboard.press("Tab")
    page.get_by_text("rows can be imported").wait_for()
    page.get_by_role("textbox", name="Imported by").fill("analyst")
    page.keyboard.press("Tab")
    wait_ready(page)
    page.get_by_role("button", name="Import").click()
    page.get_by_text("it is on every page now").wait_for()
    wait_ready(page)
    page.get_by_text("Capsizing of the trawler Adriana").first.wait_for(state="attached")  # proposed as the Pylos row's twin
    page.screenshot(path=str(ARTIFACTS / "datasets-imported.png"), full_page=True)
    page.get_by_role("textbox", name="Decided by").fill("analyst")
    page.get_by_role("button", name="Same event: confirm").click()
    wait_ready(page)
    assert exceptions(page) == []

    page.goto(f"{own_server}/")
    wait_ready(page, "h1")
    page.get_by_text("counted apart from the documents' figures").wait_for()
    assert TITLE in page.locator("body").inner_text()

    page.goto(f"{own_server}/timeline")
    wait_ready(page, "h1")
    page.locator(".js-plotly-plot").first.wait_for()
    page.get_by_text(f"Dataset: {TITLE}").first.wait_for()  # its own group in the legend
    page.screenshot(path=str(ARTIFACTS / "datasets-timeline.png"), full_page=True)

    page.goto(f"{own_server}/map")
    wait_ready(page, "h1")
    page.get_by_text("routes ·").first.wait_for()
    page.get_by_text("imported dataset's row, in this colour").first.wait_for(timeout=15_000)  # the legend says so
    page.screenshot(path=str(ARTIFACTS / "datasets-map.png"), full_page=True)

    page.goto(f"{own_server}/datasets")
    wait_ready(page, "h1")
    page.get_by_text("History of added documents").click()
    page.get_by_role("textbox", name="Your name").fill("analyst")
    page.keyboard.press("Tab")
    wait_ready(page)
    page.get_by_label("Why").fill("a test import")
    page.get_by_role("button", name="Withdraw").click()
    page.get_by_text("Withdrawn.").wait_for()
    page.goto(f"{own_server}/")
    wait_ready(page, "h1")
    assert TITLE not in page.locator("body").inner_text()
    assert exceptions(page) == []

"""Browser tests of the stakeholder panel: filtering, opening a profile, filtering every page to it."""

import re
import shutil
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, exceptions, wait_ready

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")]


def _matching(page) -> int:
    """The number of stakeholders the page says match."""
    said = re.compile(r"stakeholders? match(es)? these filters")
    line = page.locator("[data-testid=stMarkdown]").filter(has_text=said).first.inner_text()
    return int(line.split()[0].replace(",", ""))


def test_search_and_open_a_profile(server, page):
    page.goto(f"{server}/stakeholders")
    wait_ready(page, "[data-testid=stDataFrame]")
    total = _matching(page)
    page.get_by_label("Search names and aliases").fill("Milsom")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.location.search.includes('q=Milsom')")
    wait_ready(page, "[data-testid=stDataFrame]")
    assert _matching(page) == 1 < total
    grid = page.locator("[data-testid=stDataFrame]").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)  # the first row's selection cell, under the header
    page.wait_for_function("() => window.location.search.includes('who=jeremy-milsom')", timeout=20_000)
    wait_ready(page, "[data-testid=stMainBlockContainer] h3")
    text = page.locator("[data-testid=stMainBlockContainer]").inner_text()
    assert "Jeremy Milsom" in text and "UNODC Representative in Pakistan" in text
    assert "United Nations Office on Drugs and Crime" in text
    assert "Jeremy Milsom, the UNODC Representative in Pakistan" in text  # the quote
    assert exceptions(page) == []
    page.screenshot(path=str(ARTIFACTS / "page-stakeholders-profile.png"), full_page=True)


def test_kind_filter_and_counts(server, page):
    page.goto(f"{server}/stakeholders?sh_kind=intergovernmental")
    wait_ready(page, "[data-testid=stDataFrame]")
    facet = page.locator("[data-testid=stMainBlockContainer] [data-testid=stMultiSelect]").filter(has_text="Intergovernmental (")
    facet.first.wait_for(state="visible")
    chip = facet.first.inner_text()
    assert "Intergovernmental (" in chip
    assert _matching(page) == int(chip.split("Intergovernmental (")[1].split(")")[0])
    page.screenshot(path=str(ARTIFACTS / "page-stakeholders.png"), full_page=True)


def test_filtering_every_page_to_europol_narrows_the_map(server, page):
    page.goto(f"{server}/stakeholders?who=europol")
    wait_ready(page, "[data-testid=stMainBlockContainer] h3")
    page.get_by_role("button", name="Filter every page to it").click()
    page.wait_for_function("() => window.location.search.includes('actor=europol')")
    page.get_by_role("link", name="Show on the map").click()
    page.wait_for_function("() => window.location.pathname.endsWith('/map')")
    wait_ready(page, "[data-testid=stDeckGlJsonChart] canvas")
    assert parse_qs(urlparse(page.url).query)["actor"] == ["europol"]
    caption = page.get_by_text("routes ·").first.inner_text()
    assert caption.split(" · ")[1] == "0 incidents"  # Europol is tied to meetings and plans, no incident
    assert int(caption.split(" · ")[2].split()[0]) >= 2  # London, Antwerp-Bruges, Norton Manor...
    assert exceptions(page) == []
    page.screenshot(path=str(ARTIFACTS / "map-europol.png"), full_page=True)


def test_the_network_tab_draws_the_network_on_demand_and_keeps_it_in_the_link(server, page):
    page.goto(f"{server}/stakeholders")
    wait_ready(page, "[data-testid=stDataFrame]")
    assert page.locator("[data-testid=stPlotlyChart]").count() == 0  # the closed tab's chart is not built
    page.get_by_role("tab", name="Network").click()
    page.wait_for_function("() => window.location.search.includes('sh_tab=network')")
    wait_ready(page, "[data-testid=stPlotlyChart] .main-svg")
    assert page.locator("[data-testid=stPlotlyChart] .main-svg").first.is_visible()
    assert exceptions(page) == []
    page.screenshot(path=str(ARTIFACTS / "page-stakeholders-network.png"), full_page=True)

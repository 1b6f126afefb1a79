"""Browser tests of the casualty timeline: the chart draws, and a click on a mark selects its record."""

import shutil
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, exceptions, until, wait_ready

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")]
CHART = "[data-testid=stPlotlyChart] .main-svg"

# Pixel centres of the points of the first trace whose `meta` is the given name (casualty marks or response).
POINTS_JS = """(meta) => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  const out = [];
  gd.calcdata.forEach((cd, i) => {
    if (gd._fullData[i].meta !== meta || !cd[0].node3) return;
    cd[0].node3.node().querySelectorAll('path.point').forEach((p, j) => {
      const r = p.getBoundingClientRect();
      out.push({x: r.x + r.width / 2, y: r.y + r.height / 2, id: gd._fullData[i].customdata[j][0]});
    });
  });
  return out;
}"""


def _open(page, url: str) -> None:
    page.goto(url)
    wait_ready(page, CHART)
    # Plotly may lay the chart out again after its first draw: wait until its marks stand still.
    seen: list = []

    def settled() -> bool:
        seen.append(page.evaluate(POINTS_JS, "casualty"))
        return len(seen) >= 3 and bool(seen[-1]) and seen[-1] == seen[-2] == seen[-3]

    until(settled, what="the casualty chart's marks to stand still")


def test_timeline_renders_every_casualty_figure_and_the_response(server, page):
    _open(page, f"{server}/timeline")
    assert exceptions(page) == []
    svg = page.locator(CHART).first
    assert svg.is_visible()
    text = page.locator("[data-testid=stPlotlyChart]").first.inner_text()
    for reporter in ("Dawn", "Hellenic Coast Guard", "International Organisation for Migration", "UK officials"):
        assert reporter in text
    assert "Calais Group meeting" in text and "Regional conference" in text
    marks = page.evaluate(POINTS_JS, "casualty")
    assert {m["id"] for m in marks} >= {"figure:channel-2024-missing-iom", "figure:channel-2024-dead-uk-officials"}
    page.screenshot(path=str(ARTIFACTS / "page-timeline.png"), full_page=True)


def test_clicking_a_mark_selects_it_and_shows_its_quote(server, page):
    _open(page, f"{server}/timeline?tl_from=2024-01-01&tl_to=2024-12-31")
    marks = page.evaluate(POINTS_JS, "casualty")
    iom = next(m for m in marks if m["id"] == "figure:channel-2024-missing-iom")
    page.mouse.click(iom["x"], iom["y"])
    page.wait_for_function("() => window.location.search.includes('tl_sel=figure')", timeout=20_000)
    wait_ready(page, ".atlas-quote")
    params = parse_qs(urlparse(page.url).query)
    assert params["tl_sel"] == ["figure:channel-2024-missing-iom"]
    assert params["tl_from"] == ["2024-01-01"] and params["tl_to"] == ["2024-12-31"]
    main = page.locator("[data-testid=stMainBlockContainer]")
    assert "puts the total number of people “missing”" in main.locator(".atlas-quote").first.inner_text()
    # The event's other reports stand beside it, each with its reporter ('up to 75 drowned' is the article's own).
    assert "UK officials" in main.inner_text() and "up to 75" in main.inner_text()
    assert exceptions(page) == []
    page.screenshot(path=str(ARTIFACTS / "timeline-selected.png"), full_page=True)


def test_clicking_a_meeting_selects_the_initiative(server, page):
    _open(page, f"{server}/timeline?tl_from=2024-01-01&tl_to=2024-12-31")
    markers = page.evaluate(POINTS_JS, "response")
    calais = next(m for m in markers if m["id"] == "initiative:calais-group-meeting-2024")
    page.mouse.click(calais["x"], calais["y"])
    page.wait_for_function("() => window.location.search.includes('tl_sel=initiative')", timeout=20_000)
    wait_ready(page, ".atlas-quote")
    assert parse_qs(urlparse(page.url).query)["tl_sel"] == ["initiative:calais-group-meeting-2024"]
    assert page.locator("[data-testid=stMainBlockContainer] h3").first.inner_text().startswith("Calais Group meeting")


def test_the_channel_context_tab_draws_its_chart_when_opened(server, page):
    page.goto(f"{server}/timeline")
    wait_ready(page, CHART)
    assert page.locator("[data-testid=stPlotlyChart]").count() == 1
    page.get_by_role("tab", name="Channel arrivals context").click()
    page.wait_for_function("() => window.location.search.includes('tl_tab=context')")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stPlotlyChart] .main-svg').length >= 2")
    wait_ready(page, CHART)
    text = page.locator("[data-testid=stMainBlockContainer]").inner_text()
    assert "Grey hatched bars: small-boat arrivals per year" in text
    assert exceptions(page) == []
    page.screenshot(path=str(ARTIFACTS / "page-timeline-context.png"), full_page=True)

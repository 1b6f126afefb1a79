"""Browser tests: the real dashboard in Debian's headless chromium, as a user opens it."""

import shutil
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, exceptions, streamlit_server, wait_ready
from trafficking_atlas import catalog

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")]

PAGES = {"overview": "", "sources": "sources"}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_opens_without_exception(server, page, name):
    page.goto(f"{server}/{PAGES[name]}")
    wait_ready(page, "[data-testid=stMainBlockContainer] h1")
    filters = page.locator("[data-testid=stSidebar]").get_by_text("Filters", exact=True)
    filters.wait_for(state="visible")  # the sidebar is drawn too, not only the page's heading
    page.screenshot(path=str(ARTIFACTS / f"page-{name}.png"), full_page=True)
    assert exceptions(page) == []
    assert filters.is_visible()


def test_overview_shows_real_figures(server, page):
    page.goto(server)
    wait_ready(page, "[data-testid=stMetric]")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stMetric]').length >= 5")
    texts = [
        [line.strip() for line in m.splitlines() if line.strip()]
        for m in page.locator("[data-testid=stMetric]").all_inner_texts()
    ]
    metrics = {lines[0]: lines[-1] for lines in texts}
    # Minimum estimates: Pylos 350 (Dawn, Pakistani nationals only: a minimum of the whole) plus the Channel's
    # "more than 70" (UK officials; "up to 75 drowned" sets no minimum); missing: the IOM's 75, never added to them.
    assert metrics["Dead, at least"] == "421"
    assert metrics["Missing, at least"] == "75"
    assert page.get_by_text("350 dead (Pakistani nationals only) · Dawn: a part of those who died").is_visible()
    assert int(metrics["Incidents"]) >= 5 and int(metrics["Initiatives"]) >= 50 and int(metrics["Stakeholders"]) >= 60
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)


def test_copied_link_reopens_same_view_in_new_browser(server, browser, page):
    page.goto(f"{server}/sources?domain=migrant_smuggling&area=Pakistan&source=001_32faebf96a5eb5cb.txt")
    wait_ready(page, ".atlas-doc")
    page.wait_for_function("() => window.location.search.includes('from=')")
    copied = page.url
    params = parse_qs(urlparse(copied).query)
    assert params["domain"] == ["migrant_smuggling"] and params["area"] == ["Pakistan"]
    assert params["source"] == ["001_32faebf96a5eb5cb.txt"] and "to" in params
    fresh = browser.new_context(viewport={"width": 1500, "height": 1000})
    other = fresh.new_page()
    other.goto(copied)
    wait_ready(other, ".atlas-doc")
    assert urlparse(other.url).path.endswith("/sources")
    sidebar = other.locator("[data-testid=stSidebar]")
    # The filters are set on the session's first run; wait for the chips to be drawn, not for a fixed time.
    sidebar.get_by_text("Migrant smuggling", exact=True).wait_for(state="visible")
    sidebar.get_by_text("Pakistan", exact=True).wait_for(state="visible")
    assert not other.locator("[data-testid=stCode]").count()  # drawn only when the popover opens
    sidebar.get_by_role("button", name="Share this view").click()
    shared = other.locator("[data-testid=stPopoverBody] [data-testid=stCode]")
    shared.wait_for(state="visible")
    assert shared.inner_text().strip() == copied
    assert "ISLAMABAD" in other.locator(".atlas-doc").inner_text()
    other.screenshot(path=str(ARTIFACTS / "link-reopened.png"), full_page=True)
    fresh.close()


def test_changing_a_filter_updates_the_overview_and_the_url(server, page):
    page.goto(server)
    wait_ready(page, "[data-testid=stMetric]")
    before = page.locator("[data-testid=stMetric]").filter(has_text="Initiatives").inner_text()
    page.locator("[data-testid=stMultiSelect]").filter(has_text="Trafficking domain").click()
    page.get_by_role("option", name="Nuclear, radiological & WMD").click()
    page.wait_for_function("() => window.location.search.includes('domain=wmd_trafficking')")
    wait_ready(page, "[data-testid=stMetric]")
    after = page.locator("[data-testid=stMetric]").filter(has_text="Initiatives").inner_text()
    assert after != before
    assert page.locator("[data-testid=stMetric]").filter(has_text="Incidents").inner_text().split()[-1] == "0"


def test_garbage_link_gives_a_notice_not_an_error(server, page):
    page.goto(f"{server}/?from=notadate&domain=narwhals&actor=ghost")
    wait_ready(page, "[data-testid=stAlert]")
    text = page.locator("[data-testid=stAlert]").all_inner_texts()
    assert any("notadate" in t for t in text) and any("narwhals" in t for t in text)
    assert exceptions(page) == []
    page.screenshot(path=str(ARTIFACTS / "garbage-link.png"), full_page=True)


def test_broken_data_file_gives_a_message_and_the_app_keeps_running(tmp_path, browser):
    broken = tmp_path / "data"
    shutil.copytree(catalog.DATA_DIR, broken)
    text = (broken / "incidents.csv").read_text(encoding="utf-8")
    (broken / "incidents.csv").write_text(text.replace("lat,", "latitude,", 1), encoding="utf-8")
    with streamlit_server({"ATLAS_DATA_DIR": str(broken)}) as url:
        context = browser.new_context(viewport={"width": 1500, "height": 1000})
        page = context.new_page()
        page.goto(url)
        wait_ready(page, "[data-testid=stMetric]")
        alert = page.locator("[data-testid=stAlert]").first.inner_text()
        assert "incidents.csv" in alert
        assert exceptions(page) == []
        initiatives = page.locator("[data-testid=stMetric]").filter(has_text="Initiatives").inner_text()
        assert int(initiatives.split()[-1]) > 10  # everything else is still served
        page.screenshot(path=str(ARTIFACTS / "broken-data.png"), full_page=True)
        context.close()


def test_choosing_a_record_shows_its_quote_in_place(server, page):
    page.goto(f"{server}/sources?source=003_f5561f3aa7a0bcf0.txt")
    wait_ready(page, ".atlas-doc")
    page.locator("[data-testid=stSelectbox]").filter(has_text="Chosen record").click()
    page.keyboard.type("75 missing")
    page.get_by_role("option").filter(has_text="75 missing · International Organisation for Migration").first.click()
    wait_ready(page, "#atlas-focus")
    focus = " ".join(page.locator(".atlas-doc .focus").all_inner_texts())
    assert "International Organisation for Migration" in focus and "75" in focus
    page.wait_for_function("() => window.location.search.includes('record=')")
    page.screenshot(path=str(ARTIFACTS / "sources-record.png"), full_page=True)


def test_an_outside_figure_is_marked_and_its_sentence_brought_into_view(server, page):
    page.goto(f"{server}/sources?source=001_32faebf96a5eb5cb.txt&record=figures:pylos-dead-un-estimate")
    wait_ready(page, "#atlas-focus")
    warning = page.locator("[data-testid=stAlert]").filter(has_text="Outside the documents: UN estimate")
    assert warning.is_visible() and "only names the event" in warning.inner_text()
    focus = " ".join(page.locator(".atlas-doc .focus").all_inner_texts())
    assert "capsizing of a trawler" in focus and "350" not in focus  # not Dawn's own figure
    page.wait_for_function("() => { const r = document.getElementById('atlas-focus').getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= window.innerHeight; }")  # fmt: skip
    page.screenshot(path=str(ARTIFACTS / "sources-outside-figure.png"))


def test_an_unknown_page_and_a_markdown_link_value_get_plain_notices(server, page):
    page.goto(f"{server}/mapp?domain=[click me](https://evil.example/phish)")
    wait_ready(page, "[data-testid=stAlert]")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stAlert]').length >= 2")
    # The notice reads as typed; an invisible word joiner after "https" keeps the autolinker off it.
    text = " ".join(page.locator("[data-testid=stAlert]").all_inner_texts()).replace("\u2060", "")
    assert "'mapp' does not exist" in text
    assert "[click me](https://evil.example/phish)" in text  # shown as typed, not as a live link
    assert page.locator("[data-testid=stAlert] a[href*='evil.example']").count() == 0
    assert exceptions(page) == []

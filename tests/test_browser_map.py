"""Browser tests of the route map: it draws offline, and a click selects an incident."""

import io
import shutil
from urllib.parse import parse_qs, urlparse

import pytest
from PIL import Image

from tests.browser import ARTIFACTS, CHROMIUM, exceptions, until, wait_ready

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")]
CANVAS = "[data-testid=stDeckGlJsonChart] canvas"


def _colours(page) -> int:
    png = page.locator(CANVAS).first.screenshot()
    image = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 120))
    return len(image.getcolors(maxcolors=200 * 120))


def _canvas_colours(page, at_least: int) -> int:
    """The map canvas's colours once deck.gl has fetched the basemap and drawn more than `at_least` of them."""
    return until(lambda: (n := _colours(page)) > at_least and n, what=f"more than {at_least} colours on the map")


def _pixels_near(page, rgb: tuple[int, int, int], tolerance: int = 8) -> int:
    """How many of the map canvas's pixels have (about) this colour."""
    image = Image.open(io.BytesIO(page.locator(CANVAS).first.screenshot())).convert("RGB")
    return sum(
        n
        for n, c in image.getcolors(maxcolors=image.width * image.height)
        if max(map(abs, (c[0] - rgb[0], c[1] - rgb[1], c[2] - rgb[2]))) <= tolerance
    )


LAND, SELECTION_RED = (236, 236, 228), (220, 38, 38)


def test_map_draws_offline_with_routes_and_basemap(server, page):
    page.goto(f"{server}/map")
    wait_ready(page, CANVAS)
    colours = _canvas_colours(page, 20)  # fails when the canvas stays blank
    page.screenshot(path=str(ARTIFACTS / "page-map.png"), full_page=True)
    assert colours > 20
    assert exceptions(page) == []
    assert page.external_requests == [], page.external_requests


def test_clicking_an_incident_selects_it_and_shows_its_sources(server, page):
    # Centre the view on the Pylos capsizing, so the incident sits in the middle of the canvas.
    page.goto(f"{server}/map?view=36.3,21.1,6&layers=incidents")
    wait_ready(page, CANVAS)
    land = until(lambda: (n := _pixels_near(page, LAND)) > 10_000 and n, what="the basemap's land drawn")
    box = page.locator(CANVAS).first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => window.location.search.includes('sel=incident')", timeout=20_000)
    wait_ready(page, "[data-testid=stMainBlockContainer] h3")
    # Streamlit fades what was not clicked; the land and the red selection ring stay at full strength.
    until(lambda: _pixels_near(page, SELECTION_RED, 30) > 100, what="the red selection ring drawn")
    assert land > 10_000 and _pixels_near(page, LAND) > 0.9 * land
    assert parse_qs(urlparse(page.url).query)["sel"] == ["incident:pylos-capsizing-2023"]
    text = page.locator("[data-testid=stMainBlockContainer]").inner_text()
    assert "350" in text and "Pakistani nationals" in text
    assert "Dawn" in text and "Hellenic Coast Guard" in text
    page.screenshot(path=str(ARTIFACTS / "map-selected.png"), full_page=True)


def test_domain_filter_leaves_only_its_layers(server, page):
    page.goto(f"{server}/map?domain=wmd_trafficking")
    wait_ready(page, CANVAS)
    caption = page.get_by_text("routes ·").first.inner_text()
    assert caption.startswith("0 routes · 0 incidents")
    assert exceptions(page) == []


@pytest.fixture(scope="module")
def large_server(tmp_path_factory):
    """The dashboard on 800 synthetic incidents: more than the map draws one by one."""
    from scripts import synthetic
    from tests.browser import streamlit_server

    data, seeds = synthetic.write(tmp_path_factory.mktemp("large"), 800, seed=7)
    with streamlit_server({"ATLAS_DATA_DIR": str(data), "ATLAS_SEEDS_DIR": str(seeds)}) as url:
        yield url, data, seeds


def test_at_scale_the_map_draws_clusters_and_a_cluster_splits_when_zoomed(large_server, page):
    from trafficking_atlas import filtering, geography, loader

    url, data, seeds = large_server
    frames = loader.load_dataset(data, seeds).frames
    view = filtering.apply_filters(frames, filtering.Filters())
    points = geography.incident_points(view["incidents"], view["figures"], frames["documents"])
    cluster = points.sort_values("count").iloc[-1]["incident_id"]
    page.goto(f"{url}/map?sel=incident:{cluster}&layers=incidents")
    wait_ready(page, "[data-testid=stMainBlockContainer] h3")
    counts = page.get_by_text("Switched off:").first  # only incidents on: the others are listed as switched off
    assert " incidents in " in counts.inner_text()  # "N incidents in M clusters"
    heading = page.locator("[data-testid=stMainBlockContainer] h3").first.inner_text()
    assert heading.endswith("incidents in this cluster")
    page.get_by_role("button", name="Zoom in and split this cluster").click()
    page.wait_for_function("() => window.location.search.includes('focus=cluster')")
    wait_ready(page, CANVAS)
    assert "zoomed cluster is split" in page.get_by_text("Switched off:").first.inner_text()
    assert _canvas_colours(page, 10) > 10
    assert exceptions(page) == []
    page.screenshot(path=str(ARTIFACTS / "map-cluster-split.png"), full_page=True)

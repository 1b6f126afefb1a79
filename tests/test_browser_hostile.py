"""Hostile input in the real browser: the fixture with a payload of live Markdown, HTML and script in every free-text
field and quote, and hostile links, opened page by page in chromium. No script runs, no payload becomes a link or an
image, and no request leaves the machine."""

import shutil
from urllib.parse import quote

import pytest

from tests import hostile
from tests.browser import ARTIFACTS, CHROMIUM, exceptions, streamlit_server, wait_ready

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")]

VIEWS = {
    "overview": "",
    "map": "map?sel=incidents:cape-fog-sinking",
    "timeline": "timeline?tl_sel=figure:fog-drowned",
    "context": "timeline?tl_tab=context",
    "stakeholders": "stakeholders?who=anna-smith",
    "network": "stakeholders?sh_tab=network&who=coast-agency",
    "sources": "sources?source=doc_a.txt&record=figures:fog-drowned",
    "briefing": "briefing?title=" + quote(hostile.PAYLOAD),
    "add": "add",
    "link": "sources?" + "&".join(f"{k}={quote(hostile.PAYLOAD)}" for k in ("from", "domain", "area", "actor", "source")),
}

# Whether the payload took effect anywhere: a script or handler ran, or it became a live link or an outside image.
LIVE = """() => {
  const frames = [...document.querySelectorAll('iframe')];
  const inner = f => { try { return f.contentDocument } catch (e) { return null } };
  const docs = [document, ...frames.map(inner)];
  const found = [];
  if (window.__pwned) found.push('script ran in the page');
  for (const f of frames) { try { if (f.contentWindow.__pwned) found.push('script ran in a frame') } catch (e) {} }
  for (const d of docs.filter(Boolean)) {
    d.querySelectorAll('a[href*="evil.example"]').forEach(a => found.push('link ' + a.href));
    d.querySelectorAll('img[src*="198.51.100.7"], img[src="x"]').forEach(i => found.push('image ' + i.src));
    d.querySelectorAll('script').forEach(s => { if (s.textContent.includes('__pwned')) found.push('script element') });
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    data, seeds = hostile.hostile_copy(tmp_path_factory.mktemp("hostile"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server({"ATLAS_DATA_DIR": str(data), "ATLAS_SEEDS_DIR": str(seeds)}) as url:
        yield url


@pytest.mark.parametrize("name", list(VIEWS))
def test_stored_and_linked_payloads_never_run_link_or_fetch(hostile_server, page, name):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_server}/{VIEWS[name]}")
    wait_ready(page, "[data-testid=stMainBlockContainer] h1")
    page.wait_for_selector("[data-testid=stSidebar]", state="visible")
    if name == "sources":
        page.wait_for_selector(".atlas-doc", state="visible")
    if name == "briefing":
        page.get_by_label("Title").wait_for(state="visible")
        page.wait_for_selector("[data-testid=stDownloadButton]", state="visible")
    page.screenshot(path=str(ARTIFACTS / f"hostile-{name}.png"), full_page=True)
    assert exceptions(page) == []
    assert page.evaluate(LIVE) == []
    assert dialogs == []
    assert page.external_requests == []
    # The payload is on the page as its characters (where the page shows data at all).
    # (a word joiner follows "https", so that no bare URL is made a link)
    if name in ("stakeholders", "sources"):
        shown = page.locator("[data-testid=stMainBlockContainer] :is(h3, .atlas-quote, .atlas-doc)", has_text="[click me](https")
        assert shown.first.is_visible()
    if name == "briefing":
        assert page.get_by_label("Title").input_value() == hostile.PAYLOAD[:120]

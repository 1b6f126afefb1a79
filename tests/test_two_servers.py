"""Two app servers sharing one PostgreSQL (issue 17), as behind a sticky load balancer: each analyst's session stays
on one server, and a document added through one server is on the other's pages at their next run (each run reads
the store's revision, and a new revision reopens the atlas); a withdrawal made anywhere leaves both."""

import shutil

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, exceptions, streamlit_server, wait_ready
from tests.conftest import FIXTURE_DATA, FIXTURE_SEEDS
from tests.test_store import postgres_url  # noqa: F401 - the store tier's PostgreSQL, started for this module too
from trafficking_atlas import store

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")]

ARTICLE = "At least 27 migrants drowned off Harbourtown on Tuesday when their dinghy capsized, the coastguard said."


@pytest.fixture(scope="module")
def servers(request):
    """Two `streamlit run` servers on two ports with the same ATLAS_DATABASE_URL; both stopped afterwards, also when a
    test fails or the second does not start."""
    url = request.getfixturevalue("postgres_url")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {"ATLAS_DATABASE_URL": url, "ATLAS_DATA_DIR": str(FIXTURE_DATA), "ATLAS_SEEDS_DIR": str(FIXTURE_SEEDS)}
    with streamlit_server(env) as one, streamlit_server(env) as two:
        yield url, one, two


def _sources(page, server: str, count: int, query: str = "") -> None:
    """Open the Sources page and wait until it lists `count` documents."""
    page.goto(f"{server}/sources{query}")
    wait_ready(page, "h1")
    page.get_by_text(f"The {count} source documents").first.wait_for()
    assert exceptions(page) == []


def _add_through_the_page(page, server: str) -> None:
    """An analyst pastes the article on the Add page, proposes its records and adds them."""
    page.goto(f"{server}/add")
    wait_ready(page, "h1")
    page.get_by_label("The document's text").fill(ARTICLE)
    page.get_by_label("Title").fill("Dinghy capsizes off Harbourtown")
    for part, value in (("year", "2021"), ("month", "11"), ("day", "25")):
        page.get_by_role("spinbutton", name=f"{part}, Published").click()
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    page.get_by_role("textbox", name="Reviewed by").fill("analyst")
    page.keyboard.press("Tab")
    wait_ready(page)
    page.get_by_role("button", name="Propose records").click()
    page.get_by_text("Review what the atlas proposes").wait_for()
    wait_ready(page)
    page.get_by_role("button", name="Add to the atlas").click()
    page.get_by_text("it is on every page now").wait_for()
    assert exceptions(page) == []


def test_a_document_added_through_one_server_is_seen_through_the_other(servers, page, browser):
    url, one, two = servers
    colleague = browser.new_context(viewport={"width": 1500, "height": 2400}).new_page()  # a session on the other server
    try:
        _sources(colleague, two, 2)  # the other server has read the store (nothing added yet)
        _add_through_the_page(page, one)
        engine = store.open_store(url)
        (doc,) = store.additions(engine).texts  # written to the shared database, not to a file of server one's
        _sources(colleague, two, 3, f"?source={doc}")
        colleague.get_by_text("At least 27 migrants drowned off Harbourtown").first.wait_for()  # its text, in the reader
        colleague.screenshot(path=str(ARTIFACTS / "two-servers-sources.png"), full_page=True)
        store.withdraw(engine, doc, "reviewer@example", "a test report")  # withdrawn elsewhere: gone from both
        _sources(colleague, two, 2)
        _sources(page, one, 2)
        engine.dispose()
    finally:
        colleague.context.close()

"""AppTest of the pages when the store fails (issue 17): unreachable from the start, gone during a session, its disk
full, the same text added by another analyst at the same moment. Every page says what happened in words (no
traceback) and serves what it has; the Add page keeps the analyst's text and review, and nothing is written."""

import datetime

import pytest
import sqlalchemy as sa

from components import plain_text
from tests.apptest import open_page
from tests.browser import free_port
from trafficking_atlas import atlas, extraction, store

pytestmark = [pytest.mark.app, pytest.mark.usefixtures("app_env")]

ARTICLE = "At least 27 migrants drowned off Harbourtown on Tuesday when their dinghy capsized, the coastguard said."
# A long report: its document row alone needs more pages than the store's file has.
LONG = ARTICLE + "\n" + " ".join(["The search for the missing went on through the night, the coastguard said."] * 120)
EARLIER = "At least 31 migrants drowned off Cape Fog on Monday when their boat sank, the coastguard said."
PAGES = ["pages/overview.py", "pages/map.py", "pages/timeline.py", "pages/stakeholders.py", "pages/sources.py",
         "pages/briefing.py", "pages/add.py"]  # fmt: skip


@pytest.fixture
def store_url(app_env, monkeypatch, tmp_path):  # after app_env, whose shared store it replaces
    (tmp_path / "store").mkdir()
    url = f"sqlite:///{tmp_path}/store/store.sqlite3"
    monkeypatch.setenv("ATLAS_DATABASE_URL", url)
    return url


def _accepted(text: str, base, title: str = "Earlier report") -> dict:
    proposal = extraction.propose(extraction.Document(text, datetime.date(2021, 11, 22), title), base.frames)
    return {k: v[~v["known"].astype(bool)].drop(columns="known") if "known" in v else v for k, v in proposal.items()}


def _said(at) -> str:
    """Every error and text line the page shows, as the reader reads them."""
    return "\n".join(plain_text.unescape(e.value) for e in [*at.error, *at.text])


def _incidents(page: str = "pages/overview.py") -> str:
    return {m.label: m.value for m in open_page(page).metric}["Incidents"]


def _reviewed(text: str = ARTICLE):
    """The Add page with the article pasted, dated, proposed and its reviewer named: ready to add."""
    at = open_page("pages/add.py")
    at.text_area(key="add_text").input(text)
    at.date_input(key="add_published").set_value(datetime.date(2021, 11, 25))
    at.text_input(key="add_title").input("Dinghy capsizes")
    at.run()
    next(b for b in at.button if b.label == "Propose records").click().run()
    at.text_input(key="add_who").input("analyst@example").run()
    assert not at.exception
    return at


def _press_add(at) -> str:
    next(b for b in at.button if b.label == "Add to the atlas").click().run()
    assert not at.exception
    return _said(at)


def _kept(at, text: str = ARTICLE) -> None:
    """The analyst's work is still on the page: the text, its title and the review to add again."""
    assert at.text_area(key="add_text").value == text and at.text_input(key="add_title").value == "Dinghy capsizes"
    assert any(s.value == "Review what the atlas proposes" for s in at.subheader)
    assert any(b.label == "Add to the atlas" for b in at.button)


@pytest.mark.parametrize(
    "where",
    ["postgresql+psycopg://atlas:secret@127.0.0.1:{port}/atlas", "sqlite:///{tmp}/missing/store.sqlite3"],
    ids=["postgresql on a closed port", "sqlite in a missing folder"],
)
def test_every_page_serves_the_base_layer_with_a_notice_when_the_store_cannot_be_reached(where, monkeypatch, tmp_path,
                                                                                          fixture_dataset):  # fmt: skip
    monkeypatch.setenv("ATLAS_DATABASE_URL", where.format(port=free_port(), tmp=tmp_path))
    for page in PAGES:
        at = open_page(page)
        assert not at.exception, page
        said = _said(at)
        assert "the store: cannot be read (the store's" in said and "added documents are not shown" in said, page
        assert "secret" not in said and "Traceback" not in said
    assert "The history cannot be read now: the store's" in _said(at)  # the Add page, last
    assert _incidents() == str(len(fixture_dataset.frames["incidents"]))  # the base layer, whole


def test_a_store_gone_during_a_session_fails_the_add_in_words_and_keeps_the_analysts_work(store_url, tmp_path,
                                                                                           fixture_dataset):  # fmt: skip
    engine = store.open_store(store_url)
    earlier = store.add(engine, EARLIER, _accepted(EARLIER, fixture_dataset), "colleague@example")
    engine.dispose()
    base = len(fixture_dataset.frames["incidents"])
    at = _reviewed()
    folder = tmp_path / "store"
    folder.rename(tmp_path / "moved")  # the store's folder moved away while the server has the file open
    try:
        said = _press_add(at)
        assert "The store's file was moved or deleted while the atlas had it open" in said, said
        assert "; nothing was added." in said
        _kept(at)
        assert _incidents() == str(base + 1)  # what was read is still served: the colleague's document too
    finally:
        (tmp_path / "moved").rename(folder)
    said = _press_add(at)  # the store is back: the same review goes in
    assert any(s.value.startswith("Added ") for s in at.success), said
    assert len(store.additions(store.open_store(store_url)).texts) == 2 and earlier
    assert _incidents() == str(base + 2)


def test_a_full_disk_fails_the_add_in_words_and_keeps_the_review(store_url):
    at = _reviewed(LONG)
    engine = atlas.engine(store_url)  # the server's own engine, as the page uses it
    with engine.connect() as db:
        pages = db.exec_driver_sql("PRAGMA page_count").scalar_one()
    limit = lambda connection, _: connection.execute(f"PRAGMA max_page_count = {pages}")  # it may not grow (SQLITE_FULL)
    engine.dispose()
    sa.event.listen(engine, "connect", limit)
    try:
        said = _press_add(at)
        assert "The disk is full: the store's database has no room for the change" in said and "nothing was added" in said
        _kept(at, LONG)
        assert store.revision(store.open_store(store_url)) == 0  # none of it written
    finally:
        sa.event.remove(engine, "connect", limit)
        engine.dispose()
    _press_add(at)
    assert any(s.value.startswith("Added ") for s in at.success)


def test_the_same_text_added_by_another_analyst_at_the_same_moment_is_refused_in_words(store_url, fixture_dataset):
    at = _reviewed()
    engine = atlas.engine(store_url)
    colleague = store.open_store(store_url)  # another server's engine

    def meanwhile(conn, cursor, statement, *_):  # the colleague's add commits just as this page's write begins
        if statement == "BEGIN IMMEDIATE" and not store.revision(colleague):
            store.add(colleague, ARTICLE, _accepted(ARTICLE, fixture_dataset, "Dinghy capsizes"), "colleague@example")

    sa.event.listen(engine, "before_cursor_execute", meanwhile)
    try:
        said = _press_add(at)
    finally:
        sa.event.remove(engine, "before_cursor_execute", meanwhile)
    theirs = next(iter(store.additions(colleague).texts))
    assert f"This text is already in the atlas, as {theirs}; nothing was added." in said, said
    assert len(store.documents_table(colleague)) == 1  # one copy
    colleague.dispose()

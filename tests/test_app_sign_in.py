"""AppTest of sign-in: with an [auth] section nothing but "Sign in" before it, on every page and link; the signed-in
account kept with what it adds and grades; readers who see the atlas but no controls that change it."""

import datetime

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import app, open_page

pytestmark = [pytest.mark.app, pytest.mark.usefixtures("app_env")]

# A provider that is never reached: these tests never press "Sign in" (AppTest has no browser to redirect).
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-secret-for-tests-only",
    "client_id": "atlas",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ANA = {"is_logged_in": True, "email": "ana@agency.example", "name": "Ana Ruiz"}
BO = {"is_logged_in": True, "email": "bo@agency.example", "name": "Bo Lind"}
EDITORS = {"editors": ["ana@agency.example"]}
PAGES = ["overview", "map", "timeline", "stakeholders", "sources", "briefing", "add"]
# What the fixture dataset and the frame would show: none of it may reach a visitor who has not signed in.
DATA_WORDS = ["Cape Fog", "Harbour", "Coast Agency", "Anna Smith", "Port alliance", "doc_a", "Incidents", "Share this view",
              "Trafficking domain"]  # fmt: skip
ARTICLE = "At least 27 migrants drowned off Harbourtown on Tuesday when their dinghy capsized, the coastguard said."


@pytest.fixture
def own_store(app_env, monkeypatch, tmp_path):  # after app_env, whose shared store it replaces
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{tmp_path}/store.sqlite3")


def _with(at: AppTest, user: dict | None = None, atlas: dict | None = None) -> AppTest:
    at.secrets["auth"] = AUTH
    if atlas is not None:
        at.secrets["atlas"] = atlas
    at.user = user if user is not None else {}
    return at


def _page(page: str, user: dict | None = None, atlas: dict | None = None, **params: str) -> AppTest:
    """`page` opened by a link with `params` on an instance with sign-in, as `user`."""
    at = _with(app(**params), user, atlas)
    at.run()
    at.switch_page(f"pages/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def _nodes(block) -> list:
    found = []
    for child in getattr(block, "children", {}).values():
        found.append(child)
        found += _nodes(child)
    return found


def _shown(at: AppTest) -> str:
    """Every element and block of the run, main area and sidebar, as its protobuf text."""
    return "\n".join(str(n.proto) for n in _nodes(at._tree) if getattr(n, "proto", None) is not None)


@pytest.mark.parametrize("name", PAGES)
def test_before_sign_in_every_page_shows_a_title_and_sign_in_and_nothing_from_the_data(name):
    at = _page(name, source="doc_a.txt", actor="coast-agency", record="figures:fog-drowned")
    assert not at.exception
    assert [t.value for t in at.title] == ["Trafficking Atlas"]
    assert [b.label for b in at.button] == ["Sign in"]
    assert len(at.sidebar) == 0  # no filters, no page menu, no share link
    for kind in ("dataframe", "metric", "plotly_chart", "deck_gl_json_chart", "table", "html", "text", "markdown"):
        assert not at.get(kind), kind
    shown = _shown(at)
    assert [w for w in DATA_WORDS if w in shown] == []


def test_without_sign_in_the_app_is_as_before():
    at = app()
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Incidents"] == "2"
    assert "Sign in" not in [b.label for b in at.button] and "Sign out" not in [b.label for b in at.button]
    assert not any("Signed in as" in c.value for c in at.sidebar.caption)
    add = open_page("pages/add.py")
    assert add.text_input(key="add_who").value == "" and not add.text_input(key="add_who").disabled
    assert add.text_area(key="add_text") is not None


def test_a_signed_in_account_sees_the_atlas_with_its_name_and_sign_out_in_the_sidebar():
    at = _page("overview", ANA)
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Incidents"] == "2"
    assert any(c.value.replace("\\", "").replace("\u2060", "") == "Signed in as Ana Ruiz (ana@agency.example)"
               for c in at.sidebar.caption)  # fmt: skip
    at.button(key="sign_out").click().run()
    assert at.user == {"is_logged_in": False}
    assert [b.label for b in at.button] == ["Sign in"] and not at.metric


@pytest.mark.usefixtures("own_store")
def test_what_a_signed_in_editor_adds_is_kept_under_the_account_not_a_typed_name():
    at = _page("add", ANA, EDITORS)
    who = at.text_input(key="add_who_account")
    assert who.disabled and who.value == "Ana Ruiz (ana@agency.example)"
    assert not [t for t in at.text_input if t.key == "add_who"]  # no free-text name
    at.text_area(key="add_text").input(ARTICLE)
    at.date_input(key="add_published").set_value(datetime.date(2021, 11, 25))
    at.text_input(key="add_title").input("Dinghy capsizes").run()
    next(b for b in at.button if b.label == "Propose records").click().run()
    next(b for b in at.button if b.label == "Add to the atlas").click().run()
    assert not at.exception and at.success
    history = _page("add", ANA, EDITORS).dataframe[0].value
    assert list(history["who"]) == ["ana@agency.example"]
    grade = _page("sources", ANA, EDITORS, source="doc_a.txt")
    assert grade.text_input(key="src_grade_doc_who_account").disabled
    grade.selectbox(key="src_grade_doc_letter").set_value("C")
    next(b for b in grade.button if b.label == "Save the grade").click().run()
    line = next(t.value for t in grade.text if t.value.startswith("Grade:"))
    assert line.startswith("Grade: C") and "ana@agency.example" in line


@pytest.mark.usefixtures("own_store")
def test_a_reader_sees_the_atlas_but_no_control_that_changes_it():
    at = _page("add", BO, EDITORS)
    assert not at.exception
    assert [i.value for i in at.info] == ["You can read but not add: ask an administrator to add you to the editors."]
    labels = [b.label for b in at.button]
    assert "Propose records" not in labels and "Add to the atlas" not in labels and "Withdraw" not in labels
    assert not at.text_area and not at.get("file_uploader") and not at.text_input
    assert any("read only" in c.value for c in at.sidebar.caption)
    sources = _page("sources", BO, EDITORS, source="doc_a.txt", record="figures:fog-drowned")
    assert not sources.exception
    assert sources.text[0].value.startswith("Boat sinks off Cape Fog")  # reads the document
    notices = [i.value for i in sources.info if "not grade" in i.value]
    assert notices == ["You can read but not grade: ask an administrator to add you to the editors."] * 2
    assert "Save the grade" not in [b.label for b in sources.button]


def test_an_account_outside_the_readers_list_is_told_so_and_sees_nothing():
    at = _page("overview", {"is_logged_in": True, "email": "someone@elsewhere.example"}, {"readers": ["@agency.example"]})
    assert not at.exception
    assert any("may not open this atlas" in w.value for w in at.warning)
    assert [b.label for b in at.button] == ["Sign out"] and not at.metric and len(at.sidebar) == 0


def test_sign_in_required_without_an_auth_section_serves_nothing(monkeypatch):
    monkeypatch.setenv("ATLAS_SIGN_IN", "required")
    at = app()
    at.run()
    assert not at.exception
    assert any("ATLAS\\_SIGN\\_IN" in e.value and "no \\[auth\\] section" in e.value for e in at.error)
    assert not at.button and not at.metric and len(at.sidebar) == 0

"""AppTest of the Stakeholders page at scale: a page of the roster at a time, a capped network, facets bounded."""

import json

import pytest

from components import plain_text
from scripts import synthetic
from tests.apptest import open_page
from trafficking_atlas import network, roster

pytestmark = pytest.mark.app


@pytest.fixture(scope="module")
def synthetic_dirs(tmp_path_factory):
    """2,500 synthetic incidents: 250 stakeholders (two table pages), 500 initiatives, 7,500 relations."""
    return synthetic.write(tmp_path_factory.mktemp("synthetic"), 2_500)


@pytest.fixture
def big(use_dataset, synthetic_dirs):
    use_dataset(*synthetic_dirs)


def _open(**params):
    at = open_page("pages/stakeholders.py", **params)
    assert not at.exception, at.exception
    return at


def _chart(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def _nodes(at) -> set[str]:
    return {c[0] for t in _chart(at)["data"] if t.get("name") != "relations" for c in t["customdata"]}


def _rows_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith(("Rows ", "No stakeholder")))


@pytest.mark.usefixtures("app_env")
def test_small_data_is_shown_whole():
    at = _open()
    table = at.dataframe[0].value
    assert len(table) == 4 and table["Relations"].tolist() == sorted(table["Relations"], reverse=True)
    assert table["Name"].iloc[0] == "Coast Agency"  # the most relations first
    assert _rows_caption(at).startswith("Rows 1–4 of 4, by most relations")
    assert not at.number_input  # one page: no paging control
    assert not at.get("plotly_chart")  # the network tab is closed: nothing of it is built or sent
    at = _open(sh_tab="network")
    assert not any(c.value.startswith("Showing the") for c in at.caption)  # the network is not capped
    assert _chart(at)["layout"]["title"]["text"] == "Stakeholder network — 4 stakeholders"
    assert len(_nodes(at)) == 4 + 3  # every stakeholder, initiative and incident
    assert not at.info
    at = _open(sh_tab="network", who="coast-agency")
    assert "**Coast Agency** is selected" in at.info[0].value and at.subheader[0].value == "Coast Agency"


@pytest.mark.usefixtures("app_env")
def test_search_with_no_match_shows_an_empty_table_and_says_there_is_no_network():
    at = _open(q="nobody-at-all")
    assert at.dataframe[0].value.empty and _rows_caption(at).startswith("No stakeholder")
    empty = _open(q="nobody-at-all", sh_tab="network")
    assert not empty.get("plotly_chart") and "no network to draw" in empty.info[0].value


def _matching(at) -> int:
    line = next(m.value for m in at.markdown if "match" in m.value)
    return int(line.split("**")[1].replace(",", ""))


def test_large_roster_is_paged_and_the_page_resets_on_a_new_filter(big):
    at = _open()
    assert at.tabs[0].label == "Table" and _matching(at) == 250
    assert len(at.dataframe[0].value) == roster.PAGE_SIZE
    assert _rows_caption(at).startswith("Rows 1–200 of 250")
    assert at.number_input(key="sh_page").label == "Table page (of 2)"  # as the other pagers say
    at.number_input(key="sh_page").set_value(2).run()
    assert len(at.dataframe[0].value) == 50 and _rows_caption(at).startswith("Rows 201–250 of 250")
    assert at.query_params["sh_page"] == "2"
    at.selectbox(key="sh_sort").set_value("name").run()
    assert at.session_state["sh_page"] == 1 and at.query_params["sh_sort"] == "name"
    names = at.dataframe[0].value["Name"].tolist()
    assert names == sorted(names)
    at.multiselect(key="sh_kinds").set_value(["person"]).run()
    assert not at.exception and _matching(at) == 50 and not at.number_input
    # The facet counts are over every stakeholder in view, not the page: all kinds add up to 250.
    kinds = at.multiselect(key="sh_kinds")
    assert sum(int(o.rsplit("(", 1)[1].rstrip(")")) for o in kinds.options) == 250


def test_link_opens_a_page_and_order_and_bad_values_are_corrected(big):
    at = _open(sh_page="2", sh_sort="incidents")
    assert _rows_caption(at).startswith("Rows 201–250 of 250, by most incidents")
    at = _open(sh_page="99", sh_sort="colour")
    warnings = " ".join(plain_text.unescape(w.value) for w in at.warning)
    assert "'colour'" in warnings
    assert _rows_caption(at).startswith("Rows 201–250 of 250, by most relations")  # clamped to the last page
    at = _open(sh_page="two")
    assert "'two'" in " ".join(plain_text.unescape(w.value) for w in at.warning) and _rows_caption(at).startswith("Rows 1–200")


def test_network_is_capped_and_keeps_the_selected_stakeholder(big, synthetic_dirs):
    at = _open(sh_tab="network")
    nodes = _nodes(at)
    assert len(nodes) <= network.MAX_NODES
    assert len([n for n in nodes if n.startswith("stakeholder:")]) == network.MAX_STAKEHOLDERS
    note = next(c.value for c in at.caption if c.value.startswith("Showing the"))
    assert note.startswith(f"Showing the {network.MAX_STAKEHOLDERS} most connected of 250 stakeholders in view")
    assert "search or filter to see others" in note
    assert "80 of 250 stakeholders" in _chart(at)["layout"]["title"]["text"]
    # The least connected stakeholder, selected, is drawn (with its profile below).
    table_last = _open(sh_page="2").dataframe[0].value["Name"].iloc[-1]
    sid = "actor-" + table_last.split()[-1]
    at = _open(who=sid, sh_tab="network")
    assert f"stakeholder:{sid}" in _nodes(at) and at.subheader[0].value == table_last
    assert any(c.value.startswith("Showing the selected stakeholder") for c in at.caption)


def test_facets_offer_a_bounded_number_of_options(big, monkeypatch):
    monkeypatch.setattr(roster, "MAX_OPTIONS", 25)
    at = _open()
    initiatives = at.multiselect(key="sh_initiatives")
    assert len(initiatives.options) == 25
    assert "25 of" in initiatives.help
    chosen = "initiative-000499"
    at = _open(sh_initiative=chosen)
    assert chosen in at.multiselect(key="sh_initiatives").value  # a chosen option stays offered


def test_full_roster_download(big):
    at = _open(sh_kind="person")
    [button] = [b for b in at.get("download_button") if "rows (CSV)" in b.proto.label]
    assert button.proto.label == "All 50 rows (CSV)"


@pytest.mark.usefixtures("app_env")
def test_the_open_tab_is_in_the_link_and_a_bad_one_is_corrected():
    at = _open(sh_tab="network")
    assert at.query_params["sh_tab"] == "network" and at.get("plotly_chart")
    at = _open(sh_tab="chart")
    assert "'chart'" in " ".join(plain_text.unescape(w.value) for w in at.warning)
    assert not at.get("plotly_chart") and "sh_tab" not in at.query_params

"""AppTest on a synthetic dataset larger than a table page: pages page their tables instead of sending every row."""

import pytest

from components import plain_text, route_map
from scripts import synthetic
from tests.apptest import app, open_page
from trafficking_atlas.display_tables import PAGE_ROWS

pytestmark = pytest.mark.app


@pytest.fixture(scope="module")
def synthetic_dirs(tmp_path_factory):
    return synthetic.write(tmp_path_factory.mktemp("synthetic"), 300, seed=5)


@pytest.fixture
def big(use_dataset, synthetic_dirs):
    use_dataset(*synthetic_dirs)


def _casualties(at):
    return next(df.value for df in at.dataframe if "Counts" in df.value.columns)


def test_overview_sends_one_page_of_the_casualty_table_and_pages_on(big):
    at = app()
    at.run()
    assert not at.exception
    assert at.metric[0].value == "300"
    first = _casualties(at)
    assert len(first) == PAGE_ROWS
    caption = next(c.value for c in at.caption if c.value.startswith("Rows 1–"))
    total = int(caption.split(" of ")[1].split(" ")[0].replace(",", ""))
    assert total > PAGE_ROWS
    at.number_input(key="overview_casualty_page").set_value(2).run()
    assert at.query_params["cas_page"] == "2"
    second = _casualties(at)
    assert len(second) == min(total - PAGE_ROWS, PAGE_ROWS)
    assert any(c.value.startswith(f"Rows {PAGE_ROWS + 1}–") for c in at.caption)


def test_map_draws_clusters_and_a_click_lists_the_cluster(big, monkeypatch):
    import json

    from trafficking_atlas import geography

    monkeypatch.setattr(geography, "MAP_POINTS", 40)
    monkeypatch.setattr(geography.incident_points, "__defaults__", (40,))
    monkeypatch.setattr(geography.focused_points, "__defaults__", (None, 40))
    at = app()
    at.run()
    at.switch_page("pages/map.py")
    at.run()
    assert not at.exception
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    [layer] = [ly for ly in route_map.flat_layers(spec["layers"]) if ly["id"] == "incidents"]
    assert 0 < len(layer["data"]) <= 40
    assert any("clusters" in c.value for c in at.caption)
    cluster = layer["data"][0]["incident_id"]
    at = open_page("pages/map.py", sel=f"incident:{cluster}")
    assert not at.exception
    assert any(h.value.endswith("incidents in this cluster") for h in at.subheader)
    # What the cluster's circle says comes from the data: shown as text, never as Markdown.
    body = layer["data"][0]["tooltip_body"]
    assert plain_text.literal(body) in [c.value for c in at.caption]
    button = next(b for b in at.button if b.label == "Zoom in and split this cluster")
    before = len(layer["data"])
    button.click().run()
    assert not at.exception and at.query_params["focus"] == cluster and "sel" not in at.query_params
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    [split] = [ly for ly in route_map.flat_layers(spec["layers"]) if ly["id"] == "incidents"]
    assert cluster not in {d["incident_id"] for d in split["data"]} and len(split["data"]) > before
    assert any("zoomed cluster is split" in c.value for c in at.caption)
    # A stale or hand-edited cluster to split is dropped with a notice.
    for bad in ("cluster:8:999:999", "nonsense"):
        at = open_page("pages/map.py", focus=bad)
        assert not at.exception and "focus" not in at.query_params
        assert any("cluster to split" in plain_text.unescape(w.value) for w in at.warning)


def test_sources_pages_a_long_record_list_and_keeps_the_choice_to_the_page(big):
    at = open_page("pages/sources.py", source="syn_0000.txt")
    assert not at.exception
    caption = next(c.value for c in at.caption if c.value.startswith("Rows 1–"))
    total = int(caption.split(" of ")[1].split(" ")[0].replace(",", ""))
    assert total > PAGE_ROWS
    [records] = [df.value for df in at.dataframe if "Record" in df.value.columns]
    assert len(records) == PAGE_ROWS
    chosen = at.selectbox(key="src_record")
    assert len(chosen.options) == PAGE_ROWS + 1  # "none" and this page's records
    at.number_input(key="src_table_page").set_value(2).run()
    assert at.query_params["src_page"] == "2"
    [records] = [df.value for df in at.dataframe if "Record" in df.value.columns]
    assert len(records) == total - PAGE_ROWS
    # A record chosen from page 2 is shown with its quote.
    at.selectbox(key="src_record").select_index(1).run()
    assert not at.exception
    assert at.query_params["record"] and any(t.value.startswith("Quote") for t in at.text)


def test_sidebar_stakeholder_menu_lists_the_most_connected_and_keeps_a_chosen_other(big, monkeypatch):
    from trafficking_atlas import atlas

    monkeypatch.setattr(atlas, "STAKEHOLDER_MENU", 10)
    at = app()
    at.run()
    menu = at.multiselect(key="f_stakeholders")
    assert len(menu.options) == 10
    assert "most connected of 30" in menu.help
    # A stakeholder outside the menu, chosen by a link, is still offered and applied.
    monkeypatch.setattr(atlas, "STAKEHOLDER_MENU", 50)
    other = atlas.current().filter_choices().stakeholder_menu[-1]
    monkeypatch.setattr(atlas, "STAKEHOLDER_MENU", 10)
    at = app(actor=other)
    at.run()
    assert not at.exception
    menu = at.multiselect(key="f_stakeholders")
    assert menu.value == [other] and len(menu.options) == 11


def test_table_pages_reopen_from_the_link_and_bad_pages_are_corrected(big):
    at = app(cas_page="2")
    at.run()
    assert at.number_input(key="overview_casualty_page").value == 2
    assert any(c.value.startswith(f"Rows {PAGE_ROWS + 1}–") for c in at.caption)
    for bad, notice in (("999", "past the table"), ("two", "not a number")):
        at = app(cas_page=bad)
        at.run()
        assert not at.exception
        assert any(notice in plain_text.unescape(w.value) for w in at.warning), [plain_text.unescape(w.value) for w in at.warning]

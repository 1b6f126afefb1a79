"""AppTest of the casualty timeline page: controls and selection from the URL, filters, and the detail panel."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from components import plain_text
from scripts import synthetic
from tests.apptest import open_page, quotes
from trafficking_atlas import timeline

pytestmark = [pytest.mark.app, pytest.mark.usefixtures("app_env")]


def _timeline(**params) -> AppTest:
    at = open_page("pages/timeline.py", **params)
    assert not at.exception
    return at


def _chart(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def _figure_ids(at) -> set[str]:
    spec = _chart(at)
    return {c[0] for t in spec["data"] if t.get("meta") == "casualty" for c in t["customdata"]}


def _table(at):
    return at.dataframe[-1].value


def test_new_user_sees_every_casualty_figure_with_qualifier_and_reporter():
    at = _timeline()
    assert at.title[0].value == "Casualty timeline"
    assert _figure_ids(at) == {"figure:fog-drowned", "figure:fog-missing", "figure:fog-dead-external", "figure:portland-died",
                               "figure:fog-dead-nationals"}  # fmt: skip
    table = _table(at)
    assert set(table["Figure"]) == {"12", "up to 20", "about 14", "more than 15", "9 (Harbourland nationals only)"}
    assert set(table["Reported by"]) == {"Harbour News", "Coast Agency", "Fixture Times", "Border Office"}
    labels = {a["text"] for a in _chart(at)["layout"]["annotations"] if "text" in a}
    assert "Coast Agency: up to 20" in labels
    assert at.radio(key="tl_metric").value == "both" and at.radio(key="tl_group").value == "route"
    # Defaults stay out of the link; the window fits the figures.
    assert at.query_params["metric"] == "both" and "tl_from" not in at.query_params and "tl_sel" not in at.query_params


def test_response_is_on_the_same_axis():
    at = _timeline()
    response = [t for t in _chart(at)["data"] if t.get("meta") == "response"][0]
    assert response["customdata"] == [["initiative:harbour-conference"]]
    assert response["xaxis"] == "x2" and _chart(at)["layout"]["xaxis"]["matches"] == "x2"


def test_controls_from_the_url():
    at = _timeline(metric="missing", group="region", cumulative="on", log="on")
    assert _figure_ids(at) == {"figure:fog-missing"}
    assert at.radio(key="tl_group").value == "region"
    assert at.toggle(key="tl_cum").value and at.toggle(key="tl_log").value
    layout = _chart(at)["layout"]
    assert layout["yaxis"]["type"] == "log"
    assert at.query_params["cumulative"] == "on" and at.query_params["group"] == "region"


def test_changing_a_control_updates_the_chart_and_the_url():
    at = _timeline()
    at.radio(key="tl_metric").set_value("dead").run()
    assert "figure:fog-missing" not in _figure_ids(at)
    assert at.query_params["metric"] == "dead"


def test_global_filter_narrows_the_timeline():
    at = _timeline(area="Asia")
    assert _figure_ids(at) == {"figure:portland-died"}
    at2 = _timeline(**{"from": "2021-01-01", "to": "2021-12-31"})
    assert "figure:portland-died" not in _figure_ids(at2)


def test_date_window_narrows_chart_and_table():
    at = _timeline(tl_from="2023-01-01", tl_to="2023-12-31")
    assert list(_table(at)["Figure"]) == ["more than 15"]
    assert at.slider(key="tl_window").value[0].isoformat() == "2023-01-01"
    xr = _chart(at)["layout"]["xaxis"]["range"]
    assert xr[0].startswith("2023-01-01") and xr[1].startswith("2023-12-31")
    assert at.query_params["tl_from"] == "2023-01-01" and at.query_params["tl_to"] == "2023-12-31"


def test_selection_from_the_url_shows_the_record_and_others_side_by_side():
    at = _timeline(tl_sel="figure:fog-missing")
    assert any("Up to 20 people are missing" in q for q in quotes(at))
    assert at.subheader[0].value.startswith("up to 20 missing")
    others = at.dataframe[0].value
    assert set(others["Reported by"]) == {"Harbour News", "Fixture Times"}
    link = at.get("page_link")[0].proto
    assert "source=doc_a.txt" in link.query_string and "record=figures%3Afog-missing" in link.query_string
    ring = [t for t in _chart(at)["data"] if t.get("name") == "selected"]
    assert ring and ring[0]["y"] == [20]
    assert at.query_params["tl_sel"] == "figure:fog-missing"


def test_initiative_selection():
    at = _timeline(tl_sel="initiative:harbour-conference")
    assert at.subheader[0].value == "Harbour Conference"
    assert any("organised by the Coast Agency" in q for q in quotes(at))


def test_clear_selection_button():
    at = _timeline(tl_sel="figure:fog-missing")
    at.button[[b.label for b in at.button].index("Clear selection")].click().run()
    assert not at.info and "tl_sel" not in at.query_params


def test_bad_link_values_are_corrected_with_notices():
    at = _timeline(metric="injured", group="colour", log="maybe", tl_sel="figure:atlantis", tl_from="soon")
    warnings = " ".join(plain_text.unescape(w.value) for w in at.warning)
    for bad in ("'injured'", "'colour'", "'maybe'", "'figure:atlantis'", "'soon'"):
        assert bad in warnings
    assert at.radio(key="tl_metric").value == "both" and not at.toggle(key="tl_log").value
    assert len(_figure_ids(at)) == 5


# --- Many reports: totals per period instead of a mark each ------------------------------------------


@pytest.fixture(scope="module")
def synthetic_dirs(tmp_path_factory):
    """A synthetic dataset with 400 casualty figures over ten years: more than the chart draws one by one."""
    return synthetic.write(tmp_path_factory.mktemp("synthetic"), 200, seed=5)


@pytest.fixture
def many(use_dataset, synthetic_dirs):
    use_dataset(*synthetic_dirs)


def _metas(at) -> set:
    return {t.get("meta") for t in _chart(at)["data"]}


@pytest.mark.usefixtures("many")
def test_many_reports_show_monthly_totals_with_a_notice():
    at = _timeline()
    notice = " ".join(i.value for i in at.info)
    assert "400 reports" in notice and "showing monthly totals" in notice and "narrow the dates" in notice
    assert "totals" in _metas(at) and "casualty" not in _metas(at)
    assert "response" in _metas(at)  # 33 dated initiatives: few enough to draw each one
    assert not _chart(at)["layout"].get("annotations")  # no per-mark labels
    assert at.subheader[0].value == "Totals on the chart (monthly)"
    totals = at.dataframe[-1].value
    assert {"Period", "Reported (range)"} <= set(totals.columns)
    # The table is longer than a page: every page together counts each of the 400 reports' events once.
    events = totals["Events"].sum()
    at.number_input(key="tl_totals_page").set_value(2).run()
    assert events + at.dataframe[-1].value["Events"].sum() == 400
    assert len(at.get("plotly_chart")[0].proto.spec) < 300_000


@pytest.mark.usefixtures("many")
def test_narrow_window_shows_each_report_again():
    at = _timeline(tl_from="2020-01-01", tl_to="2020-12-31")  # about 40 reports
    assert not [i for i in at.info if "reports" in i.value]
    assert "casualty" in _metas(at) and "totals" not in _metas(at)
    assert at.subheader[0].value == "Every figure on the chart"


@pytest.mark.usefixtures("many")
def test_clicking_a_period_bar_narrows_the_window_to_it():
    at = _timeline()
    bar = next(t for t in _chart(at)["data"] if t.get("meta") == "totals")
    key = bar["customdata"][0][0]
    _, first, last = key.split(":")
    at.session_state["tl_chart"] = {"selection": {"points": [{"customdata": [key]}]}}
    at.run()
    assert not at.exception
    assert at.query_params["tl_from"] == first and at.query_params["tl_to"] == last
    assert tuple(d.isoformat() for d in at.slider(key="tl_window").value) == (first, last)


@pytest.mark.usefixtures("many")
def test_selection_and_metric_still_work_in_totals_mode():
    at = _timeline(tl_sel="figure:figure-0000001", metric="missing")
    assert at.subheader[0].value.endswith("Incident 0000000")  # the detail shows though the mark is in a bar
    assert at.query_params["tl_sel"] == "figure:figure-0000001"
    assert "100 reports" not in " ".join(i.value for i in at.info)  # 200 missing reports, still too many
    assert "200 reports" in " ".join(i.value for i in at.info)


def test_lowered_threshold_aggregates_the_fixture(monkeypatch):
    monkeypatch.setattr(timeline, "MAX_MARKS", 2)
    at = _timeline()
    assert "5 reports" in " ".join(i.value for i in at.info)
    assert "totals" in _metas(at) and "casualty" not in _metas(at)


def test_fixture_shows_each_mark_without_a_notice():
    at = _timeline()
    assert not at.info and "totals" not in _metas(at) and "response_totals" not in _metas(at)
    assert "casualty" in _metas(at) and at.subheader[0].value == "Every figure on the chart"


def test_the_figures_tab_is_open_and_the_context_chart_is_built_only_when_asked():
    at = _timeline()
    assert len(at.get("plotly_chart")) == 1  # the casualty chart; the context chart's tab is closed
    assert "tl_tab" not in at.query_params
    at = _timeline(tl_tab="context")
    assert at.query_params["tl_tab"] == "context"
    # The fixture has no arrival or crossing figure: the tab says so (the real data's chart is a browser test).
    assert len(at.get("plotly_chart")) == 1
    assert any("No small-boat arrival or crossing figures" in i.value for i in at.info)
    assert not any("Reported by" in df.value.columns for df in at.dataframe)  # the figures table is not built


def test_a_bad_timeline_tab_in_the_link_is_corrected():
    at = _timeline(tl_tab="map")
    assert "'map'" in " ".join(plain_text.unescape(w.value) for w in at.warning)
    assert len(at.get("plotly_chart")) == 1 and "tl_tab" not in at.query_params


@pytest.mark.usefixtures("many")
def test_a_long_totals_table_is_paged_and_its_page_is_in_the_link(monkeypatch):
    from trafficking_atlas import display_tables

    monkeypatch.setattr(display_tables, "PAGE_ROWS", 20)
    at = _timeline()
    first = at.dataframe[-1].value
    assert len(first) == 20
    caption = next(c.value for c in at.caption if c.value.startswith("Rows 1–20 of "))
    total = int(caption.split(" of ")[1].split(" ")[0].replace(",", ""))
    at.number_input(key="tl_totals_page").set_value(2).run()
    assert at.query_params["tl_page"] == "2"
    assert len(at.dataframe[-1].value) == min(20, total - 20)
    assert not at.dataframe[-1].value.equals(first)

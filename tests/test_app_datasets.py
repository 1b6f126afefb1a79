"""AppTest of an imported dataset as a layer: the Datasets page lists it, the Overview counts it apart, the map and
the timeline draw it marked with its dataset, and removing it takes it off every page."""

import html
import json

import pytest

from components import briefing_items, page_frame, route_map
from tests.apptest import open_page
from tests.conftest import FIXTURES
from trafficking_atlas import atlas as atlas_store
from trafficking_atlas import briefing_formats, dataset_import, datasets, timeline

pytestmark = [pytest.mark.app, pytest.mark.usefixtures("app_env")]

MMP = FIXTURES / "datasets" / "mmp_current.csv"


@pytest.fixture
def imported(app_env, monkeypatch, tmp_path):  # after app_env, whose shared store it replaces
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{tmp_path}/store.sqlite3")
    data = MMP.read_bytes()
    mapping = dataset_import.sniff(data, MMP.name).mapping
    converted = dataset_import.convert(data, MMP.name, "IOM Missing Migrants Project", "2025-11-30", mapping)
    added = atlas_store.import_dataset(converted, "analyst@example")
    assert added.document_id and not added.problems, added
    return converted


def test_an_imported_dataset_is_listed_counted_apart_and_drawn_on_map_and_timeline(imported, fixture_dataset):
    page = open_page("pages/datasets.py")
    assert not page.exception
    listed = page.dataframe[0].value
    assert list(listed["Dataset"]) == ["IOM Missing Migrants Project, version 2025-11-30"]
    assert listed["Incidents"].iloc[0] == len(imported.incidents)

    overview = open_page("pages/overview.py")
    assert not overview.exception
    metrics = {m.label: m.value for m in overview.metric}
    assert metrics["Incidents"] == str(len(fixture_dataset.frames["incidents"]))  # the documents' own only
    text = "\n".join(t.value for t in overview.text)
    assert f"IOM Missing Migrants Project, version 2025-11-30: {len(imported.incidents)} incidents" in text
    assert "never added to the documents' figures" in text

    map_page = open_page("pages/map.py")
    deck = json.loads(map_page.get("deck_gl_json_chart")[0].proto.json)
    points = next(layer for layer in route_map.flat_layers(deck["layers"]) if layer["id"] == "incidents")["data"]
    assert any(p["incident_id"].startswith("iom-missing-migrants-project-2025-11-30-") for p in points)
    assert any(html.escape(route_map.DATASET_LEGEND) in h.proto.body for h in map_page.get("html"))  # in the legend

    spec = json.loads(open_page("pages/timeline.py").get("plotly_chart")[0].proto.spec)
    names = {t.get("legendgroup") for t in spec["data"]}
    assert "Dataset: IOM Missing Migrants Project, version 2025-11-30" in names
    assert any("a dataset's row" in str(t.get("name")) for t in spec["data"])


def test_the_area_filter_reaches_imported_rows_by_the_region_their_dataset_names(imported):
    europe = imported.incidents[imported.incidents["region"] == "Europe"]
    assert len(europe) == 5  # the fixture's rows the dataset places in Europe (the gazetteer's region)
    map_page = open_page("pages/map.py", area="Europe")
    assert not map_page.exception
    deck = json.loads(map_page.get("deck_gl_json_chart")[0].proto.json)
    points = next(layer for layer in route_map.flat_layers(deck["layers"]) if layer["id"] == "incidents")["data"]
    drawn = {p["incident_id"] for p in points if p["incident_id"].startswith("iom-missing-migrants-project-")}
    assert drawn == set(europe["incident_id"])


def test_a_removed_dataset_leaves_every_page(imported, fixture_dataset):
    doc = imported.document["document_id"]
    assert atlas_store.withdraw_document(doc, "analyst@example", "a newer version replaces it") is None
    page = open_page("pages/datasets.py")
    assert not page.exception and any("No dataset has been imported" in i.value for i in page.info)
    overview = open_page("pages/overview.py")
    assert "IOM Missing Migrants Project" not in "\n".join(t.value for t in overview.text)
    map_page = open_page("pages/map.py")
    assert not map_page.exception and map_page.get("html")
    assert not any(html.escape(route_map.DATASET_LEGEND) in h.proto.body for h in map_page.get("html"))


TITLE = "IOM Missing Migrants Project, version 2025-11-30"


def test_the_aggregated_timeline_draws_a_datasets_totals_apart_from_the_documents(imported, monkeypatch):
    monkeypatch.setattr(timeline, "MAX_MARKS", 2)
    page = open_page("pages/timeline.py")
    assert not page.exception
    spec = json.loads(page.get("plotly_chart")[0].proto.spec)
    bars = [t for t in spec["data"] if t.get("meta") == "totals"]
    theirs = [t for t in bars if t.get("legendgroup") == timeline.DATASET_GROUP + TITLE]
    ours = [t for t in bars if t.get("legendgroup") != timeline.DATASET_GROUP + TITLE]
    assert theirs and ours
    assert all(t["name"].endswith(", counted apart") for t in theirs)
    assert not {t["offsetgroup"] for t in theirs} & {t["offsetgroup"] for t in ours}  # never stacked on them
    assert "counted apart" in spec["layout"]["title"]["subtitle"]["text"]


def test_the_briefing_states_the_dataset_rule_where_its_figures_are(imported):
    page = open_page("pages/briefing.py", items="timeline,casualties,network")
    assert not page.exception
    text = "\n".join(t.value for t in page.text)
    assert f"Rule: {datasets.TOTALS_RULE}." in text and f"{TITLE}: {len(imported.incidents)} incidents" in text
    assert datasets.TOTALS_RULE not in "\n".join(t.value for t in open_page("pages/briefing.py", items="network").text)

    a = atlas_store.current()
    options = a.filter_choices().options
    context = page_frame.PageContext(a, options.defaults(), options, "")
    items = [briefing_items.build(key, context) for key in ("timeline", "casualties", "network")]
    rule = briefing_formats.dataset_rule([TITLE])
    assert [a.briefing("Brief", "", items).notes(item) for item in items] == [[rule], [rule], []]

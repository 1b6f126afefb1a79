"""An imported dataset's rows beside the documents: loaded as the store gives them, counted apart, grouped apart on
the timeline, and proposed as the documents' incident where date and place agree."""

import pandas as pd
import pytest

from tests.conftest import FIXTURE_DATA, FIXTURE_SEEDS
from trafficking_atlas import catalog, datasets, details, loader, provenance, timeline

pytestmark = pytest.mark.unit

HEADER = "Main ID,Incident Date,Number of Dead,Coordinates"
ROWS = ["101,2021-05-04,9,POINT (0.95 49.85)", '102,2022-03-01,3,"POINT (15.0 35.0)"']
FILE = "\n".join([HEADER, *ROWS]) + "\n"
DOC = "test-dataset-v1.csv"


def _rows(name: str, records: list[dict]) -> pd.DataFrame:
    columns = catalog.DATASETS[name].columns()
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in records], columns=columns, dtype=object)


def _incident(row_id: str, day: str, lat: str, lon: str, quote: str, same_as: str | None = None) -> dict:
    return {"incident_id": f"test-dataset-v1-{row_id}", "name": f"Row {row_id}", "kind": "other", "date": day,
            "date_precision": "day", "date_basis": "dataset", "date_source": "Incident Date", "lat": lat, "lon": lon,
            "coord_basis": "dataset", "coord_source": "Coordinates (WKT point)", "domain": "migrant_smuggling",
            "summary": "a row", "row_id": row_id, "source_quality": "3", "same_as": same_as, "basis": "dataset",
            "source": "a coastguard", "document_id": DOC, "quote": quote}  # fmt: skip


def _figure(row_id: str, value: str, day: str, quote: str) -> dict:
    return {"figure_id": f"test-dataset-v1-{row_id}-dead", "value": value, "qualifier": "exact", "metric": "dead",
            "unit": "people", "period_start": day, "period_precision": "day", "incident_id": f"test-dataset-v1-{row_id}",
            "counts": "migrants recorded dead", "counts_scope": "whole", "basis": "dataset", "source": "a coastguard",
            "document_id": DOC, "quote": quote}  # fmt: skip


def _load(same_as: str | None = None, quote: str = ROWS[0]) -> loader.Dataset:
    doc = {"document_id": DOC, "title": "Test dataset, version 1", "title_basis": "dataset", "outlet": "Test project",
           "published": "2024-11-01", "published_precision": "day", "published_basis": "dataset",
           "published_source": "the dataset's version as given at import", "domains": "migrant_smuggling",
           "summary": "two rows", "quote": HEADER}  # fmt: skip
    rows = {
        "documents": _rows("documents", [doc]),
        "incidents": _rows("incidents", [_incident("101", "2021-05-04", "49.85", "0.95", quote, same_as),
                                         _incident("102", "2022-03-01", "35.0", "15.0", ROWS[1])]),
        "figures": _rows("figures", [_figure("101", "9", "2021-05-04", quote), _figure("102", "3", "2022-03-01", ROWS[1])]),
    }  # fmt: skip
    return loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS, loader.Additions(rows, {DOC: FILE}, "the store"))


def test_a_dataset_loads_beside_the_documents_with_its_rows_as_quotes():
    d = _load()
    assert d.issues == []
    rows = d.incidents[provenance.is_dataset(d.incidents)]
    assert list(rows["row_id"]) == ["101", "102"] and set(rows["document_id"]) == {DOC}


def test_a_quote_that_is_not_a_line_of_the_file_is_refused():
    d = _load(quote="101,2021-05-04,9,POINT (0.95 49.8)")
    said = [i for i in d.issues if i.column == "quote"]
    assert said and "not found verbatim" in said[0].message
    assert "test-dataset-v1-101" not in set(d.incidents["incident_id"])


def test_dataset_totals_are_per_dataset_and_say_their_rule():
    d = _load()
    t = datasets.totals(d.figures, d.documents)
    assert t.to_dict("records")[0] | {"missing": None} == {
        "document_id": DOC,
        "title": "Test dataset, version 1",
        "incidents": 2,
        "dead": 12.0,
        "missing": None,
    }
    assert "never added to the documents' figures" in datasets.TOTALS_RULE
    # The documents' figures alone have no dataset total.
    assert datasets.totals(d.figures[~provenance.is_dataset(d.figures)], d.documents).empty


def test_an_incident_near_in_time_and_place_is_proposed_and_a_decided_pair_is_not():
    d = _load()
    proposals = datasets.propose_links(d.incidents, d.places)
    assert proposals[["incident_id", "same_as"]].values.tolist() == [["test-dataset-v1-101", "cape-fog-sinking"]]
    assert proposals["days_apart"].iloc[0] == 1 and proposals["km_apart"].iloc[0] < 15
    decided = pd.DataFrame([{"incident_id": "test-dataset-v1-101", "same_as": "cape-fog-sinking", "decision": "rejected"}])
    assert datasets.propose_links(d.incidents, d.places, decided).empty
    table = datasets.link_table(proposals, d.incidents, d.documents)
    assert table.iloc[0]["Documents' incident"] == "Cape Fog sinking" and table.iloc[0]["Row"] == "101"


def test_far_or_distant_in_time_rows_are_not_proposed():
    d = _load()
    moved = d.incidents.assign(lat=d.incidents["lat"].where(~provenance.is_dataset(d.incidents), 10.0))
    assert datasets.propose_links(moved, d.places).empty


def test_the_timeline_groups_a_dataset_apart_and_sets_a_linked_row_beside_its_event():
    d = _load(same_as="cape-fog-sinking")
    marks = timeline.casualty_marks(d.figures, d.frames)
    mine = marks[marks["dataset"]]
    assert set(mine["route"]) == {timeline.DATASET_GROUP + "Test dataset, version 1"}
    assert set(mine["region"]) == set(mine["route"]) == set(mine["domain"])
    linked = mine[mine["figure_id"] == "test-dataset-v1-101-dead"].iloc[0]
    ours = marks[(marks["incident_id"] == "cape-fog-sinking") & ~marks["dataset"]]
    assert linked["side"] == "cape-fog-sinking" and linked["event"] == "Cape Fog sinking"
    assert linked["slots"] == ours["slots"].iloc[0] and linked["slot"] == linked["slots"] - 1  # beside, after theirs
    assert linked["cluster"] != ours["cluster"].iloc[0]  # its own event: never merged into the documents' minimum
    ev = timeline.events(marks, "route")
    assert len(ev[ev["cluster"] == linked["cluster"]]) == 1 and linked["reporter"] == "Test project"


def test_an_imported_incident_says_where_it_is_in_its_dataset_and_its_twin_lists_it():
    d = _load(same_as="cape-fog-sinking")
    mine = details.incident_detail(d.frames, "test-dataset-v1-101")
    lines = "\n".join(mine.header.provenance)
    assert "row 101 · source quality 3" in lines and "Same event as the documents' incident “Cape Fog sinking”" in lines
    assert "Coordinates: as the dataset gives them (Coordinates (WKT point))" in lines
    theirs = details.incident_detail(d.frames, "cape-fog-sinking")
    assert any("Also recorded in" in line for line in theirs.header.provenance)
    assert theirs.figures["Source"].str.startswith("A dataset's row").any()

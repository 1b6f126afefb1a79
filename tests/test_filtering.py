"""The global filters: what each leaves of every dataset."""

from datetime import date

import pandas as pd
import pytest

from trafficking_atlas import filtering
from trafficking_atlas.filtering import Filters

pytestmark = pytest.mark.unit


def test_no_filter_keeps_everything(frames):
    view = filtering.apply_filters(frames, Filters())
    for name in ("incidents", "initiatives", "figures", "stakeholders", "relations", "documents"):
        assert len(view[name]) == len(frames[name])


def test_domain_filter(frames):
    view = filtering.apply_filters(frames, Filters(domains=("drug_trafficking",)))
    assert list(view["initiatives"]["initiative_id"]) == ["drug-port-alliance"]
    assert view["incidents"].empty and view["routes"].empty


def test_date_filter_uses_spans_and_document_dates(frames):
    view = filtering.apply_filters(frames, Filters(date_from=date(2022, 1, 1), date_to=date(2023, 6, 30)))
    assert list(view["incidents"]["incident_id"]) == ["portland-crossing"]  # a 2023 year-span overlaps
    # The alliance has no date of its own: its document's 2023 publication span places it.
    assert list(view["initiatives"]["initiative_id"]) == ["drug-port-alliance"]


def test_area_filter_by_region_and_country(frames):
    by_region = filtering.apply_filters(frames, Filters(areas=("Asia",)))
    by_country = filtering.apply_filters(frames, Filters(areas=("Portland State",)))
    assert list(by_region["incidents"]["incident_id"]) == list(by_country["incidents"]["incident_id"]) == ["portland-crossing"]
    assert set(by_region["stakeholders"]["stakeholder_id"]) == {"border-office"}


def test_area_filter_finds_an_imported_row_by_the_country_or_region_its_dataset_names(frames):
    inc = frames["incidents"]
    rows = pd.concat([inc.head(1)] * 3, ignore_index=True).assign(
        incident_id=["ds-1", "ds-2", "ds-3"],
        place_id=None,
        basis="dataset",
        country=["portland state", None, "Elsewhere"],
        region=[None, "ASIA", None],
    )
    data = {**frames, "incidents": pd.concat([inc, rows], ignore_index=True)}
    by_country = filtering.apply_filters(data, Filters(areas=("Portland State",)))["incidents"]["incident_id"]
    by_region = filtering.apply_filters(data, Filters(areas=("Asia",)))["incidents"]["incident_id"]
    # "Asia" holds Portland State (the gazetteer says so): its row by country, and the row that names the region.
    assert list(by_country) == ["portland-crossing", "ds-1"]
    assert list(by_region) == ["portland-crossing", "ds-1", "ds-2"]
    assert filtering.named_in_areas(inc, frames, ("Asia",)).sum() == 0  # a gazetteer place is the documents' way in


def test_stakeholder_filter_narrows_to_what_it_is_tied_to(frames):
    view = filtering.apply_filters(frames, Filters(stakeholders=("anna-smith",)))
    assert list(view["initiatives"]["initiative_id"]) == ["harbour-conference"]
    assert view["incidents"].empty
    assert set(view["stakeholders"]["stakeholder_id"]) == {"anna-smith", "coast-agency"}
    # The fixture route passes Harbourtown, where the conference met.
    assert list(view["routes"]["route_id"]) == ["fog-route"]


def test_kind_and_document_filters(frames):
    assert set(filtering.apply_filters(frames, Filters(kinds=("person",)))["stakeholders"]["stakeholder_id"]) == {"anna-smith"}
    view = filtering.apply_filters(frames, Filters(documents=("doc_b.txt",)))
    assert set(view["figures"]["figure_id"]) == {"portland-died"}
    assert list(view["documents"]["document_id"]) == ["doc_b.txt"]


def test_latest_orders_newest_first(frames):
    latest = filtering.latest(frames["incidents"], frames["documents"], 1)
    assert list(latest["incident_id"]) == ["portland-crossing"]


def test_spans_worked_out_once_give_the_same_views_and_order(frames):
    spans = filtering.record_spans(frames)
    for f in (Filters(date_from=date(2022, 1, 1), date_to=date(2023, 6, 30)), Filters(date_to=date(2021, 12, 31))):
        with_spans, without = filtering.apply_filters(frames, f, spans), filtering.apply_filters(frames, f)
        for name, frame in without.items():
            pd.testing.assert_frame_equal(with_spans[name], frame)
    for kind in ("incidents", "initiatives"):
        assert filtering.latest(frames[kind], frames["documents"], 5, spans[kind]).equals(
            filtering.latest(frames[kind], frames["documents"], 5)
        )

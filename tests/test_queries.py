from datetime import date

import pandas as pd
import pytest

from trafficking_atlas import queries
from trafficking_atlas.queries import Filters


def _counts(frames, f):
    return {k: len(v) for k, v in queries.apply_filters(frames, f).items()}


def test_no_filter_keeps_everything(frames):
    view = queries.apply_filters(frames, Filters())
    for name in ("incidents", "initiatives", "figures", "stakeholders", "relations", "documents"):
        assert len(view[name]) == len(frames[name])


def test_domain_filter(frames):
    view = queries.apply_filters(frames, Filters(domains=("drug_trafficking",)))
    assert list(view["initiatives"]["initiative_id"]) == ["drug-port-alliance"]
    assert view["incidents"].empty and view["routes"].empty


def test_date_filter_uses_spans_and_document_dates(frames):
    view = queries.apply_filters(frames, Filters(date_from=date(2022, 1, 1), date_to=date(2023, 6, 30)))
    assert list(view["incidents"]["incident_id"]) == ["portland-crossing"]  # a 2023 year-span overlaps
    # The alliance has no date of its own: its document's 2023 publication span places it.
    assert list(view["initiatives"]["initiative_id"]) == ["drug-port-alliance"]


def test_area_filter_by_region_and_country(frames):
    by_region = queries.apply_filters(frames, Filters(areas=("Asia",)))
    by_country = queries.apply_filters(frames, Filters(areas=("Portland State",)))
    assert list(by_region["incidents"]["incident_id"]) == list(by_country["incidents"]["incident_id"]) == ["portland-crossing"]
    assert set(by_region["stakeholders"]["stakeholder_id"]) == {"border-office"}


def test_stakeholder_filter_narrows_to_what_it_is_tied_to(frames):
    view = queries.apply_filters(frames, Filters(stakeholders=("anna-smith",)))
    assert list(view["initiatives"]["initiative_id"]) == ["harbour-conference"]
    assert view["incidents"].empty
    assert set(view["stakeholders"]["stakeholder_id"]) == {"anna-smith", "coast-agency"}
    # The fixture route passes Harbourtown, where the conference met.
    assert list(view["routes"]["route_id"]) == ["fog-route"]


def test_kind_and_document_filters(frames):
    assert set(queries.apply_filters(frames, Filters(kinds=("person",)))["stakeholders"]["stakeholder_id"]) == {"anna-smith"}
    view = queries.apply_filters(frames, Filters(documents=("doc_b.txt",)))
    assert set(view["figures"]["figure_id"]) == {"portland-died"}
    assert list(view["documents"]["document_id"]) == ["doc_b.txt"]


def test_casualty_minimums_follow_the_rule(frames):
    m = queries.casualty_minimums(frames["figures"]).set_index(["incident_id", "kind"])
    fog = m.loc[("cape-fog-sinking", "dead")]
    # 12 drowned (document) and about 14 (outside) count the same people: the lower; 9 nationals are a part.
    assert (fog["minimum"], fog["figure_id"], fog["reports"], fog["part"]) == (12, "fog-drowned", 3, False)
    # 'up to 20' is an upper bound only: reported, but no minimum.
    assert m.loc[("cape-fog-sinking", "missing"), "reports"] == 1 and pd.isna(m.loc[("cape-fog-sinking", "missing"), "minimum"])
    assert m.loc[("portland-crossing", "dead"), "minimum"] == 16  # more than 15
    total = queries.casualty_total(queries.casualty_minimums(frames["figures"], include_external=False), "dead")
    assert (total.minimum, total.incidents, total.text()) == (28, 2, "at least 28")
    missing = queries.casualty_total(queries.casualty_minimums(frames["figures"]), "missing")
    assert (missing.incidents, missing.unbounded, missing.text()) == (0, 1, "—")


def test_a_part_count_is_a_minimum_when_it_is_the_largest_but_is_never_added(frames):
    fig = frames["figures"]
    fig = fig.assign(value=fig["value"].where(fig["figure_id"] != "fog-dead-nationals", 30.0))
    fog = queries.casualty_minimums(fig).set_index(["incident_id", "kind"]).loc[("cape-fog-sinking", "dead")]
    assert (fog["minimum"], fog["figure_id"], fog["part"]) == (30, "fog-dead-nationals", True)
    notes = queries.minimum_notes(queries.casualty_minimums(fig), fig, frames["incidents"], frames, "part")
    outside = queries.minimum_notes(
        queries.casualty_minimums(frames["figures"]), frames["figures"], frames["incidents"], frames, "outside"
    )
    assert outside == []  # the outside "about 14" is not the minimum of its people: the documents' 12 is
    assert notes == ["Cape Fog sinking: 30 dead (Harbourland nationals only) · Harbour News"]


def test_provenance_marks_outside_records():
    basis = pd.Series(["text", "inferred", "external", None])
    source = pd.Series([None, "from 'last week'", "UN estimate", None])
    assert list(queries.provenance_texts(basis, source)) == [
        "Document", "Inferred: from 'last week'", "Outside the documents: UN estimate", "Document",
    ]  # fmt: skip
    assert queries.provenance("external", None) == "Outside the documents"


def test_sources_of_name_outside_sources_not_the_documents_that_only_name_the_event(frames):
    docs, outside = queries.sources_of(frames["figures"][frames["figures"]["incident_id"] == "cape-fog-sinking"])
    assert docs == ["doc_a.txt"] and outside == ["Fixture Times"]
    only_outside = frames["figures"][frames["figures"]["figure_id"] == "fog-dead-external"]
    assert queries.sources_of(only_outside) == ([], ["Fixture Times"])


@pytest.mark.parametrize(
    "qualifier,value,value_max,text,bounds",
    [
        ("exact", 12, None, "12", (12, 12)),
        ("up_to", 75, None, "up to 75", (0, 75)),
        ("more_than", 70, None, "more than 70", (71, None)),
        ("about", 750, None, "about 750", (750, 750)),
        ("exact", 4, 5, "4–5", (4, 5)),
    ],
)
def test_describe_value_and_bounds(qualifier, value, value_max, text, bounds):
    fig = pd.Series({"value": value, "value_max": value_max if value_max else float("nan"), "qualifier": qualifier})
    assert queries.describe_value(fig) == text
    assert queries.bounds(fig) == bounds


def test_date_label_respects_precision():
    row = lambda s, e, p: pd.Series({"date": pd.Timestamp(s), "date_end": pd.Timestamp(e) if e else pd.NaT, "date_precision": p})  # noqa: E731
    assert queries.date_label(row("2023-06-14", None, "day")) == "14 Jun 2023"
    assert queries.date_label(row("2023-06-01", "2023-06-30", "month")) == "Jun 2023"
    assert queries.date_label(row("2024-01-01", "2024-12-10", "year")) == "2024"
    assert queries.date_label(row("2004-09-10", "2004-09-12", "day")) == "10–12 Sep 2004"
    assert queries.date_label(pd.Series({"date": pd.NaT, "date_end": pd.NaT, "date_precision": None})) == "undated"


def test_latest_orders_newest_first(frames):
    latest = queries.latest(frames["incidents"], frames["documents"], 1)
    assert list(latest["incident_id"]) == ["portland-crossing"]


def test_records_of_document_lists_every_type(frames):
    records = queries.records_of_document(frames, "doc_a.txt")
    assert {"incidents", "figures", "stakeholders", "initiatives", "relations", "places", "routes"} <= set(records["type"])
    assert len(records) == sum(int((f["document_id"] == "doc_a.txt").sum()) for k, f in frames.items() if k != "documents")


def test_member_matches_isin_for_arrow_strings_sets_and_other_dtypes():
    s = pd.Series(["a", "b", None, "c"], index=[5, 6, 7, 8])
    assert queries.member(s, {"a", "c"}).tolist() == [True, False, False, True]
    assert queries.member(s, pd.Series(["b", None, "z"])).tolist() == [False, True, False, False]
    assert queries.member(s, []).tolist() == [False] * 4
    assert list(queries.member(s, ["a"]).index) == [5, 6, 7, 8]
    assert queries.member(pd.Series([1, 2, 3]), {2}).tolist() == [False, True, False]


def test_ids_unites_distinct_values_without_missing_ones():
    assert queries.ids(pd.Series(["a", None, "a"]), pd.Series(["b"]), pd.Series([], dtype=str)) == {"a", "b"}

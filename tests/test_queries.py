from datetime import date

import pandas as pd
import pytest

from trafficking_atlas import queries, vocab
from trafficking_atlas.queries import Filters

pytestmark = pytest.mark.unit


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


# A few figures at the edges: a range, open-ended, up to, fewer than, a missing upper end, a year, a fraction, an odd
# qualifier.
EDGE_FIGURES = pd.DataFrame({
    "value": [12.0, 4.0, 70.0, 75.0, 10.0, 300.0, 2023.0, 4.5, 1204.0, 9.0],
    "value_max": [float("nan"), 5.0, float("nan"), float("nan"), float("nan"), 500.0, 2024.0, float("nan"), float("nan"),
                  12.0],
    "qualifier": ["exact", "about", "more_than", "up_to", "fewer_than", "at_least", "exact", "about", "exact", "odd"],
    "unit": ["people", "people", "people", "people", "people", None, "year", "people", "people", "people"],
})  # fmt: skip


def test_bounds_is_a_one_row_call_of_figure_bounds():
    low, high = queries.figure_bounds(EDGE_FIGURES)
    expected = [(lo, None if pd.isna(hi) else hi) for lo, hi in zip(low, high)]
    assert [queries.bounds(f) for _, f in EDGE_FIGURES.iterrows()] == expected
    assert [queries.bounds(f) for f in EDGE_FIGURES.drop(columns="value_max").to_dict("records")][:4] == [
        (12, 12), (4, 4), (71, None), (0, 75),
    ]  # fmt: skip
    assert expected[5] == (300, None) and expected[4] == (0, 9)


def test_describe_value_is_a_one_row_call_of_describe_values():
    texts = queries.describe_values(EDGE_FIGURES)
    assert [queries.describe_value(f) for _, f in EDGE_FIGURES.iterrows()] == list(texts)
    assert [queries.describe_value(f) for f in EDGE_FIGURES.to_dict("records")] == list(texts)
    assert list(texts) == ["12", "about 4–5", "more than 70", "up to 75", "fewer than 10", "at least 300–500", "2023–2024",
                           "about 4.5", "1,204", "9–12"]  # fmt: skip


def test_date_label_is_a_one_row_call_of_date_labels():
    rows = pd.DataFrame({
        "date": pd.to_datetime(["2023-06-14", "2023-06-14", None, "2024-01-01", "2023-05-01", "2004-09-10", "2024-12-10",
                                "2023-12-30"]),
        "date_end": pd.to_datetime([None, "2023-06-14", None, "2025-03-01", "2023-07-31", "2004-10-02", None, "2024-01-02"]),
        "date_precision": ["day", None, "day", "year", "month", "day", "day", "month"],
        "date_basis": ["text", "external", "external", "inferred", None, "text", "external", "text"],
    })  # fmt: skip
    labels = queries.date_labels(rows["date"], rows["date_end"], rows["date_precision"], rows["date_basis"])
    assert [queries.date_label(r) for _, r in rows.iterrows()] == list(labels)
    assert [queries.date_label(r) for r in rows.to_dict("records")] == list(labels)
    # The outside mark follows the basis; an undated record is never marked.
    assert list(labels) == ["14 Jun 2023", "14 Jun 2023" + queries.OUTSIDE_DATE, "undated", "2024–2025", "May 2023 – Jul 2023",
                            "10 Sep 2004 – 2 Oct 2004", "10 Dec 2024" + queries.OUTSIDE_DATE, "Dec 2023 – Jan 2024"]  # fmt: skip
    unmarked = queries.date_labels(rows["date"], rows["date_end"], rows["date_precision"])
    assert list(unmarked) == [label.removesuffix(queries.OUTSIDE_DATE) for label in labels]
    assert queries.date_label(rows.iloc[1], basis="no_such_column") == "14 Jun 2023"


def test_document_labels_take_the_vectorised_dates(frames):
    docs = frames["documents"]
    labels = queries.document_labels(docs)
    for row in docs.to_dict("records"):
        when = queries.date_label(row, "published", "published_end", "published_precision")
        assert labels[row["document_id"]] == f"{queries.outlet_name(row['outlet'])} · {when}"


def test_casualty_kinds_follow_the_one_vocabulary():
    metrics = pd.DataFrame({"metric": ["dead", "drowned", "presumed_dead", "perished", "missing", "injured", None]})
    kinds = [k if isinstance(k, str) else None for k in queries.casualty_kinds(metrics)]
    expected = [next((k for k, ms in vocab.CASUALTY_KINDS.items() if m in ms), None) for m in metrics["metric"]]
    assert kinds == expected == ["dead", "dead", "dead", "dead", "missing", None, None]


def test_reporters_name_the_stakeholder_else_the_outside_source_else_the_fallback():
    figures = pd.DataFrame({
        "reported_by": ["coast", "unnamed-id", None, None, None, None],
        "basis": ["text", "text", "external", "inferred", "external", "text"],
        "source": [None, None, "Hellenic Coast Guard figures as reported by Kathimerini", "worked out", None, None],
    })  # fmt: skip
    names = {"coast": "Coast Agency"}
    assert queries.reporters(figures, names).tolist() == [
        "Coast Agency", "unnamed-id", "Hellenic Coast Guard figures as reported by Kathimerini", "", "", "",
    ]  # fmt: skip
    assert queries.reporters(figures, names, "Dawn", short=True).tolist() == [
        "Coast Agency", "unnamed-id", "Hellenic Coast Guard", "Dawn", "Dawn", "Dawn",
    ]  # fmt: skip
    assert queries.short_source("The Times, 26 Oct 2020; Wikipedia") == "The Times"
    assert queries.source_name("The Times, 26 Oct 2020; Wikipedia: the boarding") == "The Times, 26 Oct 2020; Wikipedia"


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

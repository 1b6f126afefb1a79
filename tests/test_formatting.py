"""Records in words: values, dates, labels, reporters, notes."""

import pandas as pd
import pytest

from tests.conftest import EDGE_FIGURES
from trafficking_atlas import formatting, provenance

pytestmark = pytest.mark.unit


def test_date_label_respects_precision():
    row = lambda s, e, p: pd.Series({"date": pd.Timestamp(s), "date_end": pd.Timestamp(e) if e else pd.NaT, "date_precision": p})  # noqa: E731
    assert formatting.date_label(row("2023-06-14", None, "day")) == "14 Jun 2023"
    assert formatting.date_label(row("2023-06-01", "2023-06-30", "month")) == "Jun 2023"
    assert formatting.date_label(row("2024-01-01", "2024-12-10", "year")) == "2024"
    assert formatting.date_label(row("2004-09-10", "2004-09-12", "day")) == "10–12 Sep 2004"
    assert formatting.date_label(pd.Series({"date": pd.NaT, "date_end": pd.NaT, "date_precision": None})) == "undated"


def test_describe_value_is_a_one_row_call_of_describe_values():
    texts = formatting.describe_values(EDGE_FIGURES)
    assert [formatting.describe_value(f) for _, f in EDGE_FIGURES.iterrows()] == list(texts)
    assert [formatting.describe_value(f) for f in EDGE_FIGURES.to_dict("records")] == list(texts)
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
    labels = formatting.date_labels(rows["date"], rows["date_end"], rows["date_precision"], rows["date_basis"])
    assert [formatting.date_label(r) for _, r in rows.iterrows()] == list(labels)
    assert [formatting.date_label(r) for r in rows.to_dict("records")] == list(labels)
    # The outside mark follows the basis; an undated record is never marked.
    out = formatting.OUTSIDE_DATE
    assert list(labels) == ["14 Jun 2023", "14 Jun 2023" + out, "undated", "2024–2025", "May 2023 – Jul 2023",
                            "10 Sep 2004 – 2 Oct 2004", "10 Dec 2024" + out, "Dec 2023 – Jan 2024"]  # fmt: skip
    unmarked = formatting.date_labels(rows["date"], rows["date_end"], rows["date_precision"])
    assert list(unmarked) == [label.removesuffix(formatting.OUTSIDE_DATE) for label in labels]
    assert formatting.date_label(rows.iloc[1], basis="no_such_column") == "14 Jun 2023"


def test_document_labels_take_the_vectorised_dates(frames):
    docs = frames["documents"]
    labels = formatting.document_labels(docs)
    for row in docs.to_dict("records"):
        when = formatting.date_label(row, "published", "published_end", "published_precision")
        assert labels[row["document_id"]] == f"{formatting.outlet_name(row['outlet'])} · {when}"


def test_reporters_name_the_stakeholder_else_the_outside_source_else_the_fallback():
    figures = pd.DataFrame({
        "reported_by": ["coast", "unnamed-id", None, None, None, None],
        "basis": ["text", "text", "external", "inferred", "external", "text"],
        "source": [None, None, "Hellenic Coast Guard figures as reported by Kathimerini", "worked out", None, None],
    })  # fmt: skip
    names = {"coast": "Coast Agency"}
    assert formatting.reporters(figures, names).tolist() == [
        "Coast Agency", "unnamed-id", "Hellenic Coast Guard figures as reported by Kathimerini", "", "", "",
    ]  # fmt: skip
    assert formatting.reporters(figures, names, "Dawn", short=True).tolist() == [
        "Coast Agency", "unnamed-id", "Hellenic Coast Guard", "Dawn", "Dawn", "Dawn",
    ]  # fmt: skip
    assert provenance.short_source("The Times, 26 Oct 2020; Wikipedia") == "The Times"
    assert provenance.source_name("The Times, 26 Oct 2020; Wikipedia: the boarding") == "The Times, 26 Oct 2020; Wikipedia"


def test_a_count_takes_its_noun_in_the_singular_only_for_one():
    from trafficking_atlas.formatting import number_of

    assert (number_of(1, "figure"), number_of(0, "route"), number_of(1200, "relation")) == (
        "1 figure",
        "0 routes",
        "1,200 relations",
    )

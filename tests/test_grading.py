"""Grading documents and records (Europol 4x4, Admiralty 6x6): codes, inheritance, the latest grade, the filter."""

import pandas as pd
import pytest

from trafficking_atlas import filtering, grading, link_state
from trafficking_atlas.filtering import Filters

pytestmark = pytest.mark.unit


def _grades(*rows):
    cols = ["dataset", "record_id", "document_id", "scale", "grade", "graded_by", "graded_at", "note"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


def test_a_grade_is_read_as_its_scale_writes_it_and_anything_else_is_named():
    assert grading.parse(" b-2 ", grading.EUROPOL) == "B2"
    assert grading.parse("F6", grading.ADMIRALTY) == "F6"
    with pytest.raises(grading.GradeError, match="A, B, C, X"):
        grading.parse("D1", grading.EUROPOL)  # Europol's fourth source letter is X, not D
    with pytest.raises(grading.GradeError, match="not a grade on the Admiralty 6x6"):
        grading.parse("A7", grading.ADMIRALTY)
    assert len(grading.EUROPOL.codes()) == 16 and len(grading.ADMIRALTY.codes()) == 36


def test_the_scale_setting_takes_keys_and_aliases_and_says_when_it_is_wrong():
    assert grading.scale_named(None) == (grading.EUROPOL, None)
    assert grading.scale_named("Admiralty")[0] is grading.ADMIRALTY
    scale, problem = grading.scale_named("5x5")
    assert scale is grading.EUROPOL and "5x5" in problem and "admiralty_6x6" in problem


def test_a_grade_in_words_names_its_scale_and_both_parts():
    text = grading.describe("B2", "europol_4x4")
    assert text.startswith("B2 (Europol 4x4)") and "most instances proved reliable" in text and "known personally" in text
    assert grading.describe("Z9", "europol_4x4") == "Z9"


def test_a_record_carries_its_own_latest_grade_else_its_documents(frames):
    given = _grades(
        ("documents", "doc_a.txt", "doc_a.txt", "europol_4x4", "B2", "ann", pd.Timestamp("2026-01-01", tz="UTC"), "daily"),
        ("figures", "fog-drowned", "doc_a.txt", "europol_4x4", "C4", "ann", pd.Timestamp("2026-01-02", tz="UTC"), None),
        ("figures", "fog-drowned", "doc_a.txt", "europol_4x4", "A3", "bob", pd.Timestamp("2026-01-03", tz="UTC"), "checked"),
        ("figures", "fog-missing", "doc_a.txt", "europol_4x4", "Q7", "eve", pd.Timestamp("2026-01-04", tz="UTC"), None),
    )
    out = grading.graded(frames, given)
    fig = out["figures"].set_index("figure_id")
    assert fig.at["fog-drowned", "grade"] == "A3"
    assert fig.at["fog-drowned", "grade_note"] == "graded by bob on 2026-01-03: checked"
    # A grade off its scale (a hand-edited store) is not used: the record carries its document's.
    assert fig.at["fog-missing", "grade"] == "B2"
    assert fig.at["fog-missing", "grade_note"].startswith("as its document: graded by ann")
    assert pd.isna(fig.at["fog-dead-external", "grade"])  # from outside the documents: not the document's information
    docs = out["documents"].set_index("document_id")
    assert docs.at["doc_a.txt", "grade"] == "B2" and pd.isna(docs.at["doc_b.txt", "grade"])
    assert "grade" not in out["places"]
    texts = grading.grade_texts(out["figures"]).tolist()
    assert "A3" in texts and "B2 (its document's)" in texts and "ungraded" in texts
    assert grading.graded(frames, None) is frames  # nothing graded: the frames are untouched


def test_only_a_to_b_sources_keeps_the_graded_records_and_leaves_out_the_ungraded(frames):
    given = _grades(
        ("documents", "doc_a.txt", "doc_a.txt", "europol_4x4", "B2", "ann", pd.Timestamp("2026-01-01", tz="UTC"), None),
        ("documents", "doc_b.txt", "doc_b.txt", "europol_4x4", "C1", "ann", pd.Timestamp("2026-01-01", tz="UTC"), None),
    )
    data = grading.graded(frames, given)
    view = filtering.apply_filters(data, Filters(reliability=("A", "B")))
    assert set(view["documents"]["document_id"]) == {"doc_a.txt"}
    assert set(view["incidents"]["document_id"]) <= {"doc_a.txt"} and len(view["incidents"])
    assert len(view["places"]) == len(frames["places"])  # the gazetteer is not graded
    assert filtering.apply_filters(data, Filters(credibility=("1",)))["documents"]["document_id"].tolist() == ["doc_b.txt"]
    # A grade on another scale does not pass a filter on this one.
    assert filtering.apply_filters(data, Filters(reliability=("B",), grade_scale="admiralty_6x6"))["documents"].empty


def test_a_link_carries_the_grade_filter_and_corrects_a_letter_off_the_scale(frames):
    options = link_state.filter_options(frames)
    f, notices = link_state.parse({"reliability": "A,B", "credibility": "2"}, options)
    assert (f.reliability, f.credibility, f.grade_scale) == (("A", "B"), ("2",), "europol_4x4")
    assert link_state.to_params(f)["reliability"] == ["A", "B"]
    assert "source graded: A, B" in link_state.summary(f, options)
    assert link_state.parse({"reliability": "a,b"}, options)[0].reliability == ("A", "B")
    f, notices = link_state.parse({"reliability": "D"}, options)
    assert f.reliability == () and notices and "D" in notices[0]
    six = link_state.filter_options(frames, grading.ADMIRALTY)
    assert link_state.parse({"reliability": "D"}, six)[0].reliability == ("D",)


def test_a_record_graded_higher_than_its_document_keeps_what_it_is_about_under_the_filter(frames):
    given = _grades(
        ("documents", "doc_a.txt", "doc_a.txt", "europol_4x4", "C3", "ann", pd.Timestamp("2026-01-01", tz="UTC"), None),
        ("documents", "doc_b.txt", "doc_b.txt", "europol_4x4", "A2", "ann", pd.Timestamp("2026-01-01", tz="UTC"), None),
        ("figures", "fog-drowned", "doc_a.txt", "europol_4x4", "A1", "bob", pd.Timestamp("2026-01-02", tz="UTC"), None),
    )
    data = grading.graded(frames, given)
    view = filtering.apply_filters(data, Filters(reliability=("A",)))
    assert "fog-drowned" in set(view["figures"]["figure_id"]) and "fog-missing" not in set(view["figures"]["figure_id"])
    incident = frames["figures"].set_index("figure_id").at["fog-drowned", "incident_id"]
    assert incident in set(view["incidents"]["incident_id"])  # the A1 figure keeps its incident, and its document
    assert "doc_a.txt" in set(view["documents"]["document_id"])
    # Every stakeholder an A-graded relation ties is kept, whichever document named it first.
    tied = set(view["relations"]["stakeholder_id"])
    assert (
        tied <= set(view["stakeholders"]["stakeholder_id"])
        and len(view["relations"]) == (data["relations"]["document_id"] == "doc_b.txt").sum()
    )

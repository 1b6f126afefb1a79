"""Review of a document's proposals: a missed record added with its sentence is checked like the rest."""

from datetime import date

import pytest

from trafficking_atlas import catalog, extraction, review

pytestmark = pytest.mark.unit

TEXT = "Police in Harbourtown held a dozen suspects.\nThe Harbour Watch charity warned of more crossings."


def test_a_missed_record_quotes_its_sentence_and_passes_the_loaders_checks(fixture_dataset):
    proposals = extraction.propose(extraction.Document(TEXT, date(2024, 6, 7), "Missed"), fixture_dataset.frames)
    sentences = review.sentences_of(TEXT)
    assert sentences == TEXT.split("\n")
    missed = [("stakeholders", sentences[1], {"name": "Harbour Watch", "kind": "association"}),
              ("figures", sentences[0], {"value": 12.0, "metric": "arrested", "qualifier": "about"})]  # fmt: skip
    more = review.with_missed(proposals, missed)
    assert len(more["figures"]) == len(proposals["figures"]) + 1
    tables = {d: review.review_table(more, d) for d in review.REVIEWED}
    accepted = review.accepted(more, tables)
    figure = accepted["figures"].iloc[-1]
    assert (figure["value"], figure["quote"], figure["source"]) == (12.0, sentences[0], review.MISSED_SOURCE)
    assert "Harbour Watch" in set(accepted["stakeholders"]["name"])
    assert review.problems(accepted, TEXT, catalog.ROOT / "tests/fixtures/data", catalog.ROOT / "tests/fixtures/seeds") == []


def test_a_missed_record_with_a_wrong_field_is_named_by_the_checks(fixture_dataset):
    proposals = extraction.propose(extraction.Document(TEXT, date(2024, 6, 7), "Missed"), fixture_dataset.frames)
    bad = review.with_missed(proposals, [("figures", review.sentences_of(TEXT)[0], {"value": 12.0, "metric": "Held!"})])
    accepted = review.accepted(bad, {d: review.review_table(bad, d) for d in review.REVIEWED})
    found = review.problems(accepted, TEXT, catalog.ROOT / "tests/fixtures/data", catalog.ROOT / "tests/fixtures/seeds")
    assert any(p.column == "metric" for p in found)


def test_a_proposal_merged_into_an_atlas_record_is_not_added_and_what_refers_to_it_points_there(fixture_dataset):
    text = "Jane Doe, Director of the Harbour Watch Agency, said 12 migrants drowned off Harbourtown."
    proposals = extraction.propose(extraction.Document(text, date(2024, 6, 7), "Merge"), fixture_dataset.frames)
    tables = {d: review.review_table(proposals, d) for d in review.REVIEWED}
    sh = tables["stakeholders"]
    agency = sh.index[sh["name"] == "Harbour Watch Agency"][0]
    sh.loc[agency, review.SAME_AS] = "coast-agency"  # the analyst knows it as the atlas's Coast Agency
    accepted = review.accepted(proposals, tables)
    assert "Harbour Watch Agency" not in set(accepted["stakeholders"]["name"])
    rel = accepted["relations"]
    assert ("jane-doe", "leads", "coast-agency") in set(zip(rel["stakeholder_id"], rel["role"], rel["target_id"]))
    person = accepted["stakeholders"].set_index("stakeholder_id").loc["jane-doe"]
    assert person["organisation_id"] == "coast-agency"
    assert review.problems(accepted, text, catalog.ROOT / "tests/fixtures/data", catalog.ROOT / "tests/fixtures/seeds") == []


def test_grades_given_at_review_are_the_documents_and_each_accepted_records_own(fixture_dataset):
    from trafficking_atlas import grading

    text = "Jane Doe, Director of the Harbour Watch Agency, said 12 migrants drowned off Harbourtown."
    proposals = extraction.propose(extraction.Document(text, date(2024, 6, 7), "Graded"), fixture_dataset.frames)
    tables = {d: review.review_table(proposals, d) for d in review.REVIEWED}
    assert review.GRADE in tables["figures"] and tables["figures"][review.GRADE].isna().all()
    tables["stakeholders"].loc[0, review.GRADE] = "c 3"
    accepted = review.accepted(proposals, tables)
    given = review.grades_given(accepted, tables, proposals, "B2", grading.EUROPOL)
    first = proposals["stakeholders"]["stakeholder_id"].iloc[0]
    assert given[["dataset", "record_id", "grade"]].values.tolist() == [
        ["documents", accepted["documents"]["document_id"].iloc[0], "B2"],
        ["stakeholders", first, "C3"],
    ]
    assert set(given["scale"]) == {"europol_4x4"}
    tables["stakeholders"].loc[0, review.ACCEPT] = False  # a record left out takes no grade
    assert len(review.grades_given(review.accepted(proposals, tables), tables, proposals, None, grading.EUROPOL)) == 0
    tables["figures"][review.GRADE] = "Z9"
    with pytest.raises(grading.GradeError):
        review.grades_given(review.accepted(proposals, tables), tables, proposals, None, grading.EUROPOL)

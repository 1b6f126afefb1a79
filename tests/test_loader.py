from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import FIXTURE_DATA, FIXTURE_SEEDS
from trafficking_atlas import loader

pytestmark = pytest.mark.unit


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_loads_clean(fixture_dataset):
    assert fixture_dataset.issues == []
    assert len(fixture_dataset.incidents) == 2
    assert pd.api.types.is_datetime64_any_dtype(fixture_dataset.incidents["date"])
    assert fixture_dataset.incidents["lat"].dtype == float


def test_missing_column_names_the_file_and_column(data_copy):
    _edit(data_copy / "incidents.csv", "summary,", "summry,")
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    issue = d.issues[0]
    assert issue.file == "incidents.csv" and issue.row is None and "summary" in issue.message
    assert d.incidents.empty
    # Records that point at the skipped incidents are reported too, not silently kept dangling.
    assert any(i.file == "figures.csv" and i.column == "incident_id" for i in d.issues)
    assert len(d.initiatives) == 2  # the rest still loads


def test_wrong_type_names_row_and_column(data_copy):
    _edit(data_copy / "incidents.csv", ",49.9,0.9,", ",north,0.9,")
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    [said] = [i for i in d.issues if i.file == "incidents.csv" and i.row == 1 and i.column == "lat"]
    assert "'north'" in said.message and "cleared (with lon, coord_basis, coord_source) and the record kept" in said.message
    # Only the broken part is lost: the incident stays, without the coordinates that mean something only together.
    sinking = d.incidents.set_index("incident_id").loc["cape-fog-sinking"]
    assert pd.isna(sinking["lat"]) and pd.isna(sinking["lon"]) and pd.isna(sinking["coord_basis"])
    assert sinking["dead"] == 12
    assert loader.summary(d) == "1 value cleared in records that are kept"


def test_bad_date_is_reported(data_copy):
    _edit(data_copy / "initiatives.csv", "2021-05-10", "10 May 2021x")
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    assert any(i.file == "initiatives.csv" and i.column == "date" and "date" in i.message for i in d.issues)


def test_dangling_reference_is_reported_and_cascades(data_copy):
    _edit(data_copy / "relations.csv", "coast-agency,initiative", "no-such-agency,initiative")
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    [issue] = d.issues
    assert issue.file == "relations.csv" and issue.column == "stakeholder_id" and "no-such-agency" in issue.message
    assert issue.row == 1
    assert len(d.relations) == 4


def test_quote_not_in_document_is_rejected(data_copy):
    _edit(data_copy / "figures.csv", "12 people drowned", "twelve people drowned")
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    assert any(i.file == "figures.csv" and i.column == "quote" and "not found verbatim" in i.message for i in d.issues)
    assert "fog-drowned" not in set(d.figures["figure_id"])


def test_unknown_vocabulary_and_duplicate_id(data_copy):
    _edit(data_copy / "incidents.csv", "shipwreck", "kraken")
    _edit(data_copy / "incidents.csv", "portland-crossing,", "cape-fog-sinking,")
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    messages = [str(i) for i in d.issues if i.file == "incidents.csv"]
    assert any("'kraken' is not an allowed value" in m for m in messages)
    assert any("duplicate id" in m for m in messages)


def test_unreadable_and_missing_files(data_copy):
    (data_copy / "routes.csv").write_bytes(b"\xff\xfe\x00garbage")
    (data_copy / "places.csv").unlink()
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    assert any(i.file == "places.csv" and i.message == "file is missing" for i in d.issues)
    assert any(i.file == "routes.csv" for i in d.issues)
    assert len(d.documents) == 2


def test_issue_text_names_file_row_column():
    issue = loader.DataIssue("incidents.csv", 3, "lat", "bad")
    assert str(issue) == "incidents.csv, row 3 (line 4), column 'lat': bad"


def test_a_byte_that_is_not_utf8_costs_only_what_holds_it_in_a_seed_and_in_a_csv(data_copy, tmp_path):
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    doc = sorted(seeds.glob("*.txt"))[0]
    doc.write_bytes(doc.read_bytes() + b"\nA last line with a bad byte: caf\xe9.\n")
    path = data_copy / "stakeholders.csv"
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b",", b"\xe9,", 1)  # one bad byte in the first stakeholder's id or name
    path.write_bytes(b"\n".join(lines))
    base = loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS)
    d = loader.load_dataset(data_copy, seeds)  # no traceback: every page keeps serving
    assert doc.name in d.texts and "caf\ufffd." in d.texts[doc.name]
    assert any(i.file == doc.name and "not UTF-8 (line" in i.message for i in d.issues)
    assert any(i.file == "stakeholders.csv" and i.row == 1 and "not UTF-8" in i.message for i in d.issues)
    assert len(d.frames["stakeholders"]) >= len(base.frames["stakeholders"]) - 1  # at most the row itself is lost
    assert len(d.frames["relations"]) >= len(base.frames["relations"]) - 3  # not the whole file's references


def test_a_reference_inside_a_file_is_checked_and_a_lost_optional_one_is_cleared_not_the_record(data_copy):
    _edit(data_copy / "stakeholders.csv", "coast-agency,Coast Agency", "coast-agency,")  # the agency loses its name
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    people = d.frames["stakeholders"].set_index("stakeholder_id")
    assert "coast-agency" not in people.index and "anna-smith" in people.index  # the person keeps her record
    assert pd.isna(people.at["anna-smith", "organisation_id"])
    said = [i for i in d.issues if i.file == "stakeholders.csv" and i.column == "organisation_id"]
    assert said and "the reference is cleared and the record kept" in said[0].message
    lost = [i for i in d.issues if i.file == "relations.csv" and "coast-agency" in i.message]
    assert lost and all("was set aside in stakeholders.csv (see its notice)" in i.message for i in lost)


def test_a_bad_published_date_keeps_the_document_undated_and_every_record_that_cites_it(data_copy):
    base = loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS)
    _edit(data_copy / "documents.csv", ",2021-05-04,", ",4th of Maytember,")
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    [said] = d.issues
    assert said.file == "documents.csv" and said.row == 1 and said.column == "published"
    assert "'4th of Maytember'" in said.message and "the record kept" in said.message
    assert {n: len(f) for n, f in d.frames.items()} == {n: len(f) for n, f in base.frames.items()}
    assert pd.isna(d.documents.set_index("document_id").at["doc_a.txt", "published"])
    assert d.set_aside == {}


def test_a_duplicated_id_keeps_the_first_row_and_sets_aside_only_the_copy(data_copy):
    path = data_copy / "incidents.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1].replace("12 people", "12 people")]) + "\n", encoding="utf-8")
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    [said] = d.issues
    assert said.row == len(lines) and said.column == "incident_id"
    assert "duplicate id 'cape-fog-sinking' (first at row 1, which is kept)" in said.message
    assert list(d.incidents["incident_id"]).count("cape-fog-sinking") == 1
    assert not any(i.file == "figures.csv" for i in d.issues)  # what refers to it still finds it
    assert loader.summary(d) == "1 record set aside (incidents.csv 1)"


def test_a_ragged_row_is_set_aside_alone_and_later_rows_are_named_by_their_own_number(data_copy):
    path = data_copy / "relations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + ",an extra cell"  # row 1: one comma too many
    lines[3] = lines[3].replace(",text,", ",guessed,")  # row 3: a bad basis, after the set-aside row
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    base = loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS)
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    ragged = [i for i in d.issues if i.row == 1]
    assert ragged and "cells where the header has" in ragged[0].message and ragged[0].file == "relations.csv"
    basis = [i for i in d.issues if i.column == "basis"]
    assert [i.row for i in basis] == [3] and "'guessed'" in basis[0].message
    assert len(d.relations) == len(base.relations) - 2
    assert d.set_aside == {"relations.csv": 2}


def test_a_header_only_or_empty_file_says_so(data_copy):
    path = data_copy / "relations.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    (data_copy / "routes.csv").write_text("", encoding="utf-8")
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    assert any(i.file == "relations.csv" and i.message == "holds no records, only its header" for i in d.issues)
    assert any(i.file == "routes.csv" and "is empty" in i.message for i in d.issues)
    assert d.relations.empty and len(d.incidents) == 2


def test_a_huge_field_or_a_missing_optional_column_costs_only_what_it_must(data_copy):
    _edit(data_copy / "incidents.csv", "A boat sank.", "A boat sank." + "x" * (loader.MAX_FIELD + 1))
    path = data_copy / "stakeholders.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=["description"]).to_csv(path, index=False)
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    assert any(i.file == "incidents.csv" and i.row == 1 and "over 100,000 characters" in i.message for i in d.issues)
    assert list(d.incidents["incident_id"]) == ["portland-crossing"]
    assert any(i.file == "stakeholders.csv" and "no column description" in i.message for i in d.issues)
    assert len(d.stakeholders) == len(frame) and d.stakeholders["description"].isna().all()


def test_a_binary_file_is_named_and_the_rest_served(data_copy):
    (data_copy / "figures.csv").write_bytes(bytes(range(256)) * 40)
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    assert [str(i) for i in d.issues if i.file == "figures.csv"] == ["figures.csv: is not a text file; the file is skipped"]
    assert d.figures.empty and len(d.incidents) == 2


def test_summary_counts_what_each_file_set_aside(data_copy):
    _edit(data_copy / "relations.csv", "coast-agency,initiative", "no-such-agency,initiative")
    _edit(data_copy / "incidents.csv", "shipwreck", "kraken")
    d = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    assert d.set_aside["incidents.csv"] == 1 and d.set_aside["relations.csv"] >= 1
    assert loader.summary(d).startswith(f"{sum(d.set_aside.values())} records set aside (incidents.csv 1, relations.csv")


def test_issue_text_names_the_line_when_a_quoted_field_spans_lines():
    assert str(loader.DataIssue("a.csv", 3, None, "bad", line=7)) == "a.csv, row 3 (line 7): bad"

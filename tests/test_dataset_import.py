"""The importer of outside incident datasets: the MMP's CSV (current and 2019 names) and a generic one, on the
hand-written fixtures in tests/fixtures/datasets/, and its refusals."""

import pandas as pd
import pytest

from tests.conftest import FIXTURES
from trafficking_atlas import dataset_import, loader, schemas

pytestmark = pytest.mark.unit

FOLDER = FIXTURES / "datasets"


def _convert(name: str, mapping: dataset_import.Mapping | None = None) -> dataset_import.Converted:
    data = (FOLDER / name).read_bytes()
    mapping = mapping or dataset_import.sniff(data, name).mapping
    return dataset_import.convert(data, name, "IOM Missing Migrants Project", "2025-11-30", mapping)


@pytest.mark.parametrize("name", ["mmp_current.csv", "mmp_2019.csv", "generic_unit_export.csv"])
def test_each_fixture_converts_into_records_the_loader_accepts(name):
    c = _convert(name)
    assert c.rows_imported > 0 and c.rows_imported == len(c.incidents)
    for dataset, frame in (("incidents", c.incidents), ("figures", c.figures)):
        assert loader.validate(dataset, frame.reset_index(drop=True), name)[1] == []
    assert loader.validate("documents", pd.DataFrame([c.document], dtype=object), name)[1] == []
    assert c.incidents["incident_id"].str.fullmatch(schemas.ID_PATTERN[1:-1]).all()
    assert c.incidents["incident_id"].is_unique and c.figures["figure_id"].is_unique
    lines = set(c.text.replace("\r\n", "\n").split("\n"))
    assert all(line in lines for q in c.incidents["quote"] for line in q.split("\n"))  # each quote is the row itself
    assert set(c.incidents["basis"]) == {"dataset"} and set(c.figures["basis"]) == {"dataset"}


def test_the_pylos_row_gives_its_dead_exactly_and_its_missing_as_a_minimum():
    c = _convert("mmp_current.csv")
    row = c.incidents[c.incidents["date"] == "2023-06-14"].iloc[0]
    assert (row["lat"], row["lon"], row["date_precision"]) == ("36.3", "21.1", "day")
    figures = c.figures[c.figures["incident_id"] == row["incident_id"]].set_index("metric")
    assert figures.loc["dead", "value"] == "82" and figures.loc["dead", "qualifier"] == "exact"
    assert figures.loc["missing", "value"] == "500" and figures.loc["missing", "qualifier"] == "at_least"
    assert row["row_id"] and row["source_quality"] == "5"


def test_a_month_only_row_covers_its_month_and_the_2019_names_and_lat_lon_pairs_are_read():
    c = _convert("mmp_current.csv")
    month = c.incidents[c.incidents["date_precision"] == "month"].iloc[0]
    assert month["date"].endswith("-01") and month["date_end"] > month["date"]
    old = _convert("mmp_2019.csv")
    assert old.rows_imported == old.rows_read and old.incidents["lat"].notna().any()
    assert "2019" in dataset_import.sniff((FOLDER / "mmp_2019.csv").read_bytes(), "mmp_2019.csv").variant


def test_broken_rows_are_named_by_row_and_column_and_the_good_rows_come_in():
    c = _convert("mmp_broken.csv")
    assert 0 < c.rows_imported < c.rows_read
    named = [i for i in c.issues if i.row is not None]
    assert len(named) >= 4 and all(i.file == "mmp_broken.csv" for i in named)
    assert any(i.column for i in named)


@pytest.mark.parametrize(
    "data, said",
    [(b"%PDF-1.4\n1 0 obj\n", "PDF"), (b"PK\x03\x04\x14\x00", ""), (b"a,b\x00c\n", ""), (b"", "")],
)  # fmt: skip
def test_a_file_that_is_not_a_csv_is_refused_whole(data, said):
    preview = dataset_import.sniff(data, "upload.csv")
    assert preview.problems and said in " ".join(preview.problems)
    c = dataset_import.convert(data, "upload.csv", "X", "1", dataset_import.Mapping())
    assert c.rows_imported == 0 and c.issues and c.issues[0].row is None


def test_a_mapping_without_date_place_or_count_says_what_is_missing():
    problems = dataset_import.mapping_problems(dataset_import.Mapping(), ["a", "b"])
    text = " ".join(problems)
    assert "no date column" in text and "no coordinates and no place" in text and "neither the dead nor the missing" in text


def test_an_oversize_file_is_refused_saying_the_limit(monkeypatch):
    monkeypatch.setattr(dataset_import, "MAX_BYTES", 10)
    preview = dataset_import.sniff((FOLDER / "mmp_current.csv").read_bytes(), "big.csv")
    assert preview.problems and "MB limit for a dataset file" in preview.problems[0]

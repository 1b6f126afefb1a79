"""The data downloads: CSV files and the Excel workbook."""

import io
import zipfile

import pandas as pd
import pytest

from trafficking_atlas import data_exports

pytestmark = pytest.mark.unit


def test_data_zip_and_excel_keep_provenance(frames):
    archive = zipfile.ZipFile(io.BytesIO(data_exports.data_zip({"incidents": frames["incidents"], "figures": frames["figures"]})))
    assert sorted(archive.namelist()) == ["figures.csv", "incidents.csv"]
    incidents = pd.read_csv(archive.open("incidents.csv"))
    assert {"document_id", "quote", "date_basis", "coord_basis"} <= set(incidents.columns)
    assert incidents.loc[0, "date"] == "2021-05-03"
    sheets = pd.read_excel(io.BytesIO(data_exports.data_excel({"figures": frames["figures"]})), sheet_name=None)
    assert list(sheets) == ["figures"] and "basis" in sheets["figures"].columns


def test_the_dataset_zip_is_in_the_repositorys_layout_and_loads_as_the_atlas_does(fixture_dataset, tmp_path):
    from trafficking_atlas import catalog, loader

    archive = zipfile.ZipFile(io.BytesIO(data_exports.dataset_zip(fixture_dataset.frames, fixture_dataset.texts)))
    names = set(archive.namelist())
    assert {f"data/{f}" for f in catalog.FILES.values()} <= names
    assert {f"seeds/{d}" for d in fixture_dataset.texts} <= names
    archive.extractall(tmp_path)
    again = loader.load_dataset(tmp_path / "data", tmp_path / "seeds")
    assert again.issues == []
    for name, frame in fixture_dataset.frames.items():
        assert len(again.frames[name]) == len(frame), name


def test_the_dataset_zip_keeps_the_grades_beside_data_not_in_it(fixture_dataset):
    from trafficking_atlas import grading

    given = pd.DataFrame([{"dataset": "documents", "record_id": "doc_a.txt", "document_id": "doc_a.txt",
                           "scale": "europol_4x4", "grade": "B2", "graded_by": "ann",
                           "graded_at": pd.Timestamp("2026-01-01", tz="UTC"), "note": None}])  # fmt: skip
    frames = grading.graded(fixture_dataset.frames, given)
    archive = zipfile.ZipFile(io.BytesIO(data_exports.dataset_zip(frames, fixture_dataset.texts)))
    grades = pd.read_csv(archive.open("grades.csv"))
    assert grades[["dataset", "record_id", "grade"]].values.tolist() == [["documents", "doc_a.txt", "B2"]]  # own only
    assert "grade" not in pd.read_csv(archive.open("data/figures.csv")).columns


def test_a_cell_a_spreadsheet_would_run_is_written_as_text_in_every_tabular_download(fixture_dataset):
    hostile = pd.DataFrame({"name": ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(A1)",
                                     "-2+3", "Europol", None], "value": [1.0, -5.0, 2.0, 3.0, 4.0, 5.0]})  # fmt: skip
    text = data_exports.csv_bytes(hostile).decode("utf-8")
    assert "'=HYPERLINK" in text and "'+cmd" in text and "'@SUM" in text and "'-2+3" in text
    assert "\nEuropol," in text and ",-5.0" in text  # text that runs nothing and numbers are untouched
    frames = dict(fixture_dataset.frames)
    frames["stakeholders"] = frames["stakeholders"].assign(name='=HYPERLINK("http://evil.example")')
    sheets = pd.read_excel(io.BytesIO(data_exports.data_excel({"stakeholders": frames["stakeholders"]})), sheet_name=None)
    assert sheets["stakeholders"]["name"].str.startswith("'=").all()
    archive = zipfile.ZipFile(io.BytesIO(data_exports.data_zip({"stakeholders": frames["stakeholders"]})))
    assert "'=HYPERLINK" in archive.read("stakeholders.csv").decode("utf-8")

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

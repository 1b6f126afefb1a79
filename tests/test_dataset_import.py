"""The dataset importer: the MMP's CSV (current and 2019 names) and a generic export become valid records, every
quote is the row as the file writes it, and every bad input is named by row and column while the good rows come in."""

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from scripts import synthetic_mmp
from tests.conftest import FIXTURE_DATA, FIXTURE_SEEDS
from trafficking_atlas import catalog, dataset_import, loader, schemas

pytestmark = pytest.mark.unit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "datasets"
NAME, VERSION = "Missing Migrants Project", "2024-10-01"
MMP_HEADER = "Main ID,Incident Date,Coordinates,Number of Dead"


def _convert(file: str, mapping: dataset_import.Mapping | None = None, **kwargs) -> dataset_import.Converted:
    data = (FIXTURES / file).read_bytes()
    mapping = mapping or dataset_import.sniff(data, file).mapping
    return dataset_import.convert(data, file, NAME, VERSION, mapping, **kwargs)


def _bytes(data: bytes, mapping: dataset_import.Mapping | None = None, file: str = "f.csv") -> dataset_import.Converted:
    return dataset_import.convert(data, file, NAME, VERSION, mapping or dataset_import.sniff(data, file).mapping)


@pytest.fixture(scope="module")
def current() -> dataset_import.Converted:
    return _convert("mmp_current.csv")


@pytest.fixture(scope="module")
def old() -> dataset_import.Converted:
    return _convert("mmp_2019.csv")


@pytest.fixture(scope="module")
def broken() -> dataset_import.Converted:
    return _convert("mmp_broken.csv")


@pytest.fixture(scope="module")
def generic() -> dataset_import.Converted:
    return _convert("generic_unit_export.csv")


@pytest.fixture(scope="module")
def every(current, old, broken, generic) -> list[dataset_import.Converted]:
    return [current, old, broken, generic]


def _row(c: dataset_import.Converted, row_id: str) -> dict:
    [row] = c.incidents[c.incidents["row_id"] == row_id].to_dict("records")
    return row


def _figures(c: dataset_import.Converted, row_id: str) -> pd.DataFrame:
    return c.figures[c.figures["incident_id"] == _row(c, row_id)["incident_id"]].set_index("metric")


def _issue(c: dataset_import.Converted, row: int) -> loader.DataIssue:
    [issue] = [i for i in c.issues if i.row == row]
    return issue


# ---- the fixtures convert ----------------------------------------------------------------------------------------


def test_each_fixture_converts_into_the_catalogs_columns(every, current, old, generic):
    assert current.issues == [] and old.issues == [] and generic.issues == []
    assert (current.rows_read, current.rows_imported) == (25, 25)
    assert (old.rows_read, old.rows_imported) == (5, 5)
    assert (generic.rows_read, generic.rows_imported) == (6, 6)
    for c in every:
        assert list(c.incidents.columns) == catalog.DATASETS["incidents"].columns()
        assert list(c.figures.columns) == catalog.DATASETS["figures"].columns()
        for frame in (c.incidents, c.figures):
            assert frame.map(lambda v: v is None or isinstance(v, str)).all().all()
        assert all(v is None or isinstance(v, str) for v in c.document.values())


def test_the_loader_validates_every_record_with_no_issue(every):
    for c in every:
        for name in ("incidents", "figures"):
            frame, issues = loader.validate(name, getattr(c, name), "f.csv")
            assert issues == [] and len(frame) == len(getattr(c, name))
        documents, issues = loader.validate("documents", pd.DataFrame([c.document]), "f.csv")
        assert issues == [] and len(documents) == 1


def test_the_records_load_beside_the_documents_as_the_store_gives_them(current):
    rows = {"documents": pd.DataFrame([current.document]), "incidents": current.incidents, "figures": current.figures}
    texts = {current.document["document_id"]: current.text}
    dataset = loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS, loader.Additions(rows, texts, "the store"))
    assert dataset.issues == []
    assert set(current.incidents["incident_id"]) <= set(dataset.incidents["incident_id"])
    assert set(current.figures["figure_id"]) <= set(dataset.figures["figure_id"])


def test_the_pylos_row_and_its_figures(current):
    row = _row(current, "2023.MMP0001")
    assert (row["date"], row["date_end"], row["date_precision"], row["date_basis"]) == ("2023-06-14", None, "day",
                                                                                       "dataset")  # fmt: skip
    assert row["date_source"] == "column 'Incident Date'"
    assert (float(row["lat"]), float(row["lon"]), row["coord_basis"]) == (36.3, 21.1, "dataset")
    assert (row["dead"], row["missing"], row["kind"]) == ("82", "500", "drownings")
    assert row["name"] == "Drowning, Central Mediterranean: Off Pylos, Greece"
    assert row["other_counts"] == "survivors: 104;total dead and missing: 582"
    assert (row["country"], row["region"]) == ("Greece", "Mediterranean")  # for the area filter
    assert (row["url"], row["source_quality"], row["source"]) == ("https://example.org/fixture/0001", "5",
                                                                  "Test fixture source A")  # fmt: skip
    assert (row["basis"], row["domain"], row["coord_precision"], row["same_as"], row["place_id"]) == (
        "dataset", "migrant_smuggling", None, None, None)  # fmt: skip
    assert row["summary"].startswith("Region: Mediterranean; country: Greece; route: Central Mediterranean")
    assert "origin: Pakistan,Syrian Arab Republic,Egypt" in row["summary"] and "\n" not in row["summary"]
    figs = _figures(current, "2023.MMP0001")
    assert (figs.loc["dead", "value"], figs.loc["dead", "qualifier"]) == ("82", "exact")
    assert (figs.loc["missing", "value"], figs.loc["missing", "qualifier"]) == ("500", "at_least")
    assert figs.loc["dead", "figure_id"] == row["incident_id"] + "-dead"
    assert figs.loc["missing", "figure_id"] == row["incident_id"] + "-missing"
    assert set(figs["period_start"]) == {"2023-06-14"} and set(figs["period_precision"]) == {"day"}
    assert set(figs["period_end"]) == {None} and set(figs["geography"]) == {"Off Pylos, Greece"}
    assert set(figs["unit"]) == {"people"} and set(figs["counts_scope"]) == {"whole"}
    assert figs.loc["dead", "counts"] == "migrants recorded dead in this incident by the IOM Missing Migrants Project"
    assert "582 dead and missing in total" in figs.loc["missing", "note"]
    assert set(figs["quote"]) == {row["quote"]} and set(figs["source"]) == {row["source"]}
    assert set(figs["basis"]) == {"dataset"} and set(figs["reported_by"]) == {None}


def test_a_zero_or_blank_count_gives_no_figure(current):
    assert list(_figures(current, "2023.MMP0005").index) == ["missing"]  # 0 dead, 2 missing
    assert _row(current, "2023.MMP0005")["dead"] == "0"
    assert list(_figures(current, "2023.MMP0004").index) == ["missing"]  # no dead given


def test_channel_us_mexico_and_other_routes(current):
    channel = current.incidents[current.incidents["name"].str.contains("English Channel to the UK")]
    assert len(channel) == 5 and channel["date"].str.startswith("2024").all()
    assert channel["lat"].astype(float).between(50.7, 51.0).all() and channel["lon"].astype(float).between(1.5, 1.9).all()
    us = _row(current, "2024.MMP0201")
    assert (us["lat"], us["lon"]) == ("31.79", "-106.58") and us["kind"] == "other"
    assert us["name"] == "Harsh environmental conditions, US-Mexico border crossing: Near Sunland Park, New Mexico"
    assert _row(current, "2022.MMP0801")["kind"] == "shipwreck"  # "Shipwreck (boat capsized)"


def test_every_mmp_date_form(current, old):
    assert _row(current, "2023.MMP0002")["date"] == "2023-06-20"  # 06/20/2023
    assert _row(current, "2023.MMP0003")["date"] == "2023-07-12"  # Wed, 07/12/2023 - 12:00
    assert _row(current, "2023.MMP0004")["date"] == "2023-08-03"  # August 3, 2023
    assert _row(current, "2024.MMP0104")["date"] == "2024-10-05"  # 10/05/2024: the MMP writes month first
    assert _row(old, "51001")["date"] == "2019-03-28"  # March 28, 2019
    assert _row(old, "51005")["date"] == "2019-07-11"  # Thu, 07/11/2019 - 12:00


@pytest.mark.parametrize(
    "value,day,precision",
    [("2023-06-14", "2023-06-14", "day"), ("06/14/2023", "2023-06-14", "day"), ("Wed, 06/14/2023 - 12:00", "2023-06-14",
     "day"), ("June 14, 2023", "2023-06-14", "day"), ("14 June 2023", "2023-06-14", "day"), ("June 14th, 2023",
     "2023-06-14", "day"), ("2023-06-14T10:30:00", "2023-06-14", "day"), ("2023-06-14 00:00:00", "2023-06-14", "day"),
     ("14 juin 2023", "2023-06-14", "day"), ("June 2023", "2023-06-01", "month"), ("2023", "2023-01-01", "year"),
     ("yesterday", None, None), ("06/14/23", "2023-06-14", "day"), ("31/31/2023", None, None), ("1066", None, None)],
)  # fmt: skip
def test_parse_dates(value, day, precision):
    days, precisions = dataset_import.parse_dates(pd.Series([value], dtype="str"))
    got = None if pd.isna(days.iloc[0]) else days.iloc[0].strftime("%Y-%m-%d")
    assert (got, precisions.iloc[0]) == (day, precision)


def test_a_day_first_column_is_read_day_first_unless_it_is_the_mmps():
    values = pd.Series(["14/06/2023", "03/04/2023", "25/12/2022"], dtype="str")
    days, _ = dataset_import.parse_dates(values)
    assert list(days.dt.strftime("%Y-%m-%d")) == ["2023-06-14", "2023-04-03", "2022-12-25"]
    days, _ = dataset_import.parse_dates(values, us=True)  # an ambiguous day is the MMP's month first
    assert list(days.dt.strftime("%Y-%m-%d")) == ["2023-06-14", "2023-03-04", "2022-12-25"]


def test_month_only_rows_span_the_month(current):
    row = _row(current, "2022.MMP0301")
    assert (row["date"], row["date_end"], row["date_precision"]) == ("2022-03-01", "2022-03-31", "month")
    assert row["date_source"] == "columns 'Reported Month' and 'Incident Year' (the month only)"
    [fig] = _figures(current, "2022.MMP0301").to_dict("records")
    assert (fig["period_start"], fig["period_end"], fig["period_precision"]) == ("2022-03-01", "2022-03-31", "month")


def test_a_year_only_row_spans_the_year():
    c = _bytes(b"Main ID,Incident Date,Incident Year,Reported Month,Coordinates,Number of Dead\n"
               b"1,,2020,,POINT (1 2),3\n2,,2024,Feb,POINT (1 2),1\n")  # fmt: skip
    assert c.issues == []
    assert (_row(c, "1")["date"], _row(c, "1")["date_end"], _row(c, "1")["date_precision"]) == ("2020-01-01",
                                                                                               "2020-12-31", "year")  # fmt: skip
    assert (_row(c, "2")["date"], _row(c, "2")["date_end"]) == ("2024-02-01", "2024-02-29")


# ---- column names and forms --------------------------------------------------------------------------------------


def _header(file: str) -> list[str]:
    return list(pd.read_csv(FIXTURES / file, nrows=0).columns)


def test_the_2019_names_map_to_the_same_roles():
    m = dataset_import.suggest_mapping(_header("mmp_2019.csv"))
    assert m.format == "mmp"
    assert (m.row_id, m.date, m.year, m.month, m.dead, m.missing, m.total) == (
        "Web ID", "Reported Date", "Reported Year", "Reported Month", "Number Dead",
        "Minimum Estimated Number of Missing", "Total Dead and Missing")  # fmt: skip
    assert (m.coordinates, m.place, m.survivors, m.cause) == ("Location Coordinates", "Location Description",
                                                              "Number of Survivors", "Cause of Death")  # fmt: skip
    current = dataset_import.suggest_mapping(_header("mmp_current.csv"))
    assert (current.row_id, current.date, current.coordinates, current.place) == (
        "Main ID", "Incident Date", "Coordinates", "Location of Incident")  # fmt: skip
    assert current.unsd_grouping == "UNSD Geographical Grouping" and current.country_of_origin == "Country of Origin"


def test_names_match_ignoring_case_and_spacing():
    m = dataset_import.suggest_mapping(["MAIN  ID", "incident year", "reported month", "coordinates", "number of dead",
                                        "Migration route", "Cause of death", "Url", "Location of death"])  # fmt: skip
    assert m.format == "mmp"
    assert (m.row_id, m.year, m.month, m.coordinates, m.dead, m.route, m.cause, m.url, m.place) == (
        "MAIN  ID", "incident year", "reported month", "coordinates", "number of dead", "Migration route",
        "Cause of death", "Url", "Location of death")  # fmt: skip
    assert dataset_import.mapping_problems(m, ["MAIN  ID", "incident year", "reported month", "coordinates",
                                               "number of dead", "Migration route", "Cause of death", "Url",
                                               "Location of death"]) == []  # fmt: skip


def test_every_variant_in_the_table_maps_to_its_role():
    for field, (role, variants) in dataset_import.MMP_FIELDS.items():
        assert variants[0].casefold() == field.casefold() or role == "row_id"
        for variant in variants:
            # beside two names only the MMP uses, so that the header reads as the MMP's
            m = dataset_import.suggest_mapping([variant, "Minimum Estimated Number of Missing", "Information Source"])
            assert getattr(m, role) == variant, (field, variant)


def test_the_mapping_and_the_roles_agree():
    fields = [f.name for f in dataclasses.fields(dataset_import.Mapping)]
    assert fields == [*dataset_import.ROLES, "domain", "format"]
    hash(dataset_import.Mapping(date="d"))  # hashable: the app caches on it


def test_sniff_names_the_format_and_its_version():
    current = dataset_import.sniff((FIXTURES / "mmp_current.csv").read_bytes(), "mmp_current.csv")
    assert (current.format, current.variant) == ("mmp", "MMP 2023+ (Main ID, Incident Date, WKT Coordinates)")
    assert current.problems == [] and current.needs == [] and current.columns == _header("mmp_current.csv")
    assert len(current.rows) == dataset_import.PREVIEW_ROWS and list(current.rows.columns) == current.columns
    assert current.rows.map(lambda v: isinstance(v, str)).all().all()
    assert current.rows.iloc[0]["Main ID"] == "2023.MMP0001" and current.rows.iloc[0]["URL"] != ""
    old = dataset_import.sniff((FIXTURES / "mmp_2019.csv").read_bytes(), "mmp_2019.csv")
    assert (old.format, old.variant) == ("mmp", "MMP 2019 (Web ID, Reported Date, lat, lon)")
    generic = dataset_import.sniff((FIXTURES / "generic_unit_export.csv").read_bytes(), "generic_unit_export.csv")
    assert (generic.format, generic.variant, generic.problems, generic.needs) == ("generic", "", [], [])


def test_wkt_and_lat_lon_coordinates(current, old):
    assert _row(current, "2023.MMP0001")["coord_source"] == "column 'Coordinates' (WKT point, longitude first)"
    row = _row(old, "51001")
    assert (row["lat"], row["lon"]) == ("35.5", "12.6")  # "35.5, 12.6": latitude first
    assert row["coord_source"] == "column 'Location Coordinates' (\"lat, lon\" text, latitude first)"
    assert (_row(old, "51003")["lat"], _row(old, "51003")["lon"]) == ("31.48", "-111.54")
    lat, lon, form = dataset_import.parse_coordinates(
        pd.Series(["POINT (21.1 36.3)", "point(-0.5 51)", "35.5, 12.6", "(35.5,12.6)", "POINT (a b)", None], dtype="str")
    )
    assert lat.tolist()[:4] == [36.3, 51.0, 35.5, 35.5] and lon.tolist()[:4] == [21.1, -0.5, 12.6, 12.6]
    assert form.tolist() == ["wkt", "wkt", "pair", "pair", None, None] and lat.iloc[4:].isna().all()


def test_a_row_without_coordinates_keeps_its_place(current):
    row = _row(current, "2023.MMP0007")
    assert (row["lat"], row["lon"], row["coord_basis"], row["coord_source"]) == (None, None, None, None)
    assert row["name"].endswith("off Sfax") and set(_figures(current, "2023.MMP0007")["geography"]) == {"off Sfax"}


def test_the_2019_file(old):
    row = _row(old, "51001")
    assert (row["dead"], row["missing"], row["kind"]) == ("3", "1", "drownings")
    assert row["other_counts"] == "survivors: 12;total dead and missing: 4"
    assert _row(old, "51004")["kind"] == "shipwreck" and _row(old, "51002")["kind"] == "drownings"
    assert _row(old, "51003")["kind"] == "other"
    assert old.document["summary"] == ("mmp_2019.csv: 5 rows, in the format MMP 2019 (Web ID, Reported Date, lat, lon); "
                                       "5 imported as incidents")  # fmt: skip


# ---- quotes and ids ----------------------------------------------------------------------------------------------


def test_every_quote_is_the_row_as_the_file_writes_it(every):
    for c in every:
        lines = loader.dataset_lines(c.text)
        for quote in [*c.incidents["quote"], *c.figures["quote"], c.document["quote"]]:
            assert len(quote) >= 3 and quote in c.text
            assert all(line in lines for line in quote.split("\n"))


def test_a_quote_is_the_raw_record_with_its_quotes_and_commas(current):
    text = (FIXTURES / "mmp_current.csv").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert current.text == text and current.document["quote"] == lines[0]
    assert _row(current, "2023.MMP0001")["quote"] == lines[1]
    assert _row(current, "2023.MMP0004")["quote"] == lines[4] and '""41 missing""' in lines[4]


def test_a_multi_line_record_is_quoted_whole(current):
    row = _row(current, "2023.MMP0006")
    assert row["quote"].count("\n") == 1 and row["quote"].startswith("2023.MMP0006,") and row["quote"].endswith(",,3")
    assert row["source"] == "Test fixture source K,\nquoted over two lines"
    assert _row(current, "2023.MMP0007")["quote"].startswith("2023.MMP0007,")  # the next row starts after it


def test_ids_have_the_schemas_form_and_are_unique(every, current):
    for c in every:
        for column, frame in (("incident_id", c.incidents), ("figure_id", c.figures)):
            assert frame[column].str.match(schemas.ID_PATTERN).all() and frame[column].is_unique
        assert re.match(r"^[\w.-]+\.(?:txt|csv)$", c.document["document_id"])
        assert set(c.incidents["document_id"]) == set(c.figures["document_id"]) == {c.document["document_id"]}
    assert current.document["document_id"] == "missing-migrants-project-2024-10-01.csv"
    assert _row(current, "2023.MMP0001")["incident_id"] == "missing-migrants-project-2024-10-01-2023-mmp0001"


def test_the_document_row(current):
    d = current.document
    assert (d["title"], d["title_basis"], d["outlet"], d["author"]) == (
        "Missing Migrants Project, version 2024-10-01", "dataset", NAME, None)  # fmt: skip
    assert (d["published"], d["published_end"], d["published_precision"], d["published_basis"]) == (
        "2024-10-01", None, "day", "dataset")  # fmt: skip
    assert d["published_source"] == "the dataset's version as given at import" and d["domains"] == "migrant_smuggling"
    assert d["summary"] == ("mmp_current.csv: 25 rows, in the format MMP 2023+ (Main ID, Incident Date, WKT "
                            "Coordinates); 25 imported as incidents")  # fmt: skip


@pytest.mark.parametrize(
    "version,published,end,precision",
    [("2025-03", "2025-03-01", "2025-03-31", "month"), ("2024", "2024-01-01", "2024-12-31", "year"),
     ("v2", None, None, "day"), ("March 3, 2025", "2025-03-03", None, "day")],
)  # fmt: skip
def test_the_version_dates_the_document_when_it_reads_as_a_date(version, published, end, precision):
    data = f"{MMP_HEADER}\n1,2023-01-02,POINT (1 2),3\n".encode()
    c = dataset_import.convert(data, "f.csv", "IOM MMP", version, dataset_import.sniff(data, "f.csv").mapping, "IOM")
    assert (c.document["published"], c.document["published_end"], c.document["published_precision"]) == (
        published, end, precision)  # fmt: skip
    assert c.document["outlet"] == "IOM" and c.document["document_id"] == f"iom-mmp-{dataset_import.slug(version)}.csv"


# ---- a generic file ----------------------------------------------------------------------------------------------


def test_suggest_mapping_on_the_generic_export():
    m = dataset_import.suggest_mapping(_header("generic_unit_export.csv"))
    assert m == dataset_import.Mapping(row_id="event_id_cnty", date="event_date", lat="latitude", lon="longitude",
                                       place="location", dead="fatalities", source="source", name="notes")  # fmt: skip
    acled = dataset_import.suggest_mapping(["event_id_cnty", "event_date", "year", "event_type", "country", "admin1",
                                            "location", "latitude", "longitude", "geo_precision", "source", "notes",
                                            "fatalities"])  # fmt: skip
    assert (acled.kind, acled.coord_precision, acled.country, acled.year) == ("event_type", "geo_precision", "country",
                                                                              "year")  # fmt: skip


def test_the_generic_export(generic):
    row = _row(generic, "FRA1001")
    assert row["name"].startswith("Five people died") and row["summary"] == row["name"]
    assert (row["date"], row["lat"], row["lon"], row["dead"], row["missing"]) == ("2024-01-14", "50.77", "1.61", "5",
                                                                                  None)  # fmt: skip
    assert row["coord_source"] == "columns 'latitude' and 'longitude' (decimal degrees)"
    assert (row["source"], row["row_id"]) == ("Unit log (fixture)", "FRA1001")
    assert _row(generic, "FRA1003")["kind"] == "shipwreck"  # its notes say the boat capsized
    assert _row(generic, "FRA1004")["name"] == "Calais, 2024-10-05"  # no notes: place and date
    assert _row(generic, "FRA1005")["lat"] is None
    fig = _figures(generic, "FRA1001").loc["dead"]
    assert fig["counts"] == f"people recorded dead in this incident in {NAME}" and fig["qualifier"] == "exact"
    assert "FRA1006" not in set(generic.figures["incident_id"].str.upper())  # 0 fatalities: no figure
    assert generic.document["summary"] == ("generic_unit_export.csv: 6 rows, a generic incident CSV; 6 imported as "
                                           "incidents")  # fmt: skip


def test_a_chosen_mapping_with_its_own_columns_and_domain():
    data = (b"ref,from,to,where,killed,lost,what,kind\n"
            b'A-1,2023-01-02,2023-01-05,"10.5, 20.5",2,7,Seizure at the port,seizure\n'
            b"A-2,2023-02-01,,,1,,Boat capsized,\n")  # fmt: skip
    m = dataset_import.Mapping(row_id="ref", date="from", date_end="to", coordinates="where", dead="killed",
                               missing="lost", name="what", kind="kind", domain="human_trafficking")  # fmt: skip
    c = _bytes(data, m)
    assert c.issues == [] and c.document["domains"] == "human_trafficking"
    a1, a2 = _row(c, "A-1"), _row(c, "A-2")
    assert (a1["date"], a1["date_end"], a1["date_precision"], a1["kind"]) == ("2023-01-02", "2023-01-05", "day", "seizure")
    assert a1["date_source"] == "columns 'from' and 'to'" and (a1["lat"], a1["lon"]) == ("10.5", "20.5")
    assert (a2["kind"], a2["lat"], a2["domain"]) == ("shipwreck", None, "human_trafficking")
    assert _figures(c, "A-1").loc["missing", "qualifier"] == "exact"  # only the MMP's missing are a minimum
    for name in ("incidents", "figures"):
        assert loader.validate(name, getattr(c, name), "f.csv")[1] == []


def test_no_id_column_numbers_the_rows():
    c = _bytes(b"event_date,location,fatalities\n2024-01-01,Calais,1\n2024-01-02,Dunkirk,2\n")
    assert c.issues == [] and list(c.incidents["row_id"]) == ["1", "2"]
    assert list(c.incidents["incident_id"]) == ["missing-migrants-project-2024-10-01-1",
                                                "missing-migrants-project-2024-10-01-2"]  # fmt: skip


# ---- bad input ---------------------------------------------------------------------------------------------------


def test_every_broken_row_is_named_and_the_good_rows_come_in(broken):
    assert (broken.rows_read, broken.rows_imported) == (10, 6)
    assert set(broken.incidents["row_id"]) == {"B001", "B003", "B006", "B007", "B008", "B009"}
    assert all(i.file == "mmp_broken.csv" for i in broken.issues) and len(broken.issues) == 8
    assert [i.row for i in broken.issues] == sorted(i.row for i in broken.issues)
    date = _issue(broken, 2)
    assert (date.column, date.line) == ("Incident Date", 3) and "'yesterday'" in date.message
    assert "set aside" in date.message and "dated" in date.message
    coords = _issue(broken, 3)
    assert coords.column == "Coordinates" and "'POINT (north south)'" in coords.message and "cleared" in coords.message
    b003 = _row(broken, "B003")
    assert (b003["lat"], b003["lon"], b003["coord_basis"], b003["coord_source"], b003["dead"]) == (None, None, None,
                                                                                                  None, "4")  # fmt: skip
    duplicate = _issue(broken, 4)
    assert duplicate.column == "Main ID" and "'B001'" in duplicate.message and "first at row 1" in duplicate.message
    assert _row(broken, "B001")["date"] == "2023-05-01"  # the first is kept
    ragged = _issue(broken, 5)
    assert ragged.column is None and "12 cells" in ragged.message and "header has 15" in ragged.message
    negative = _issue(broken, 6)
    assert negative.column == "Number of Dead" and "'-3' is negative" in negative.message
    assert "cleared" in negative.message and (_row(broken, "B006")["dead"], _row(broken, "B006")["missing"]) == (None, "5")
    words = _issue(broken, 8)
    assert words.column == "Minimum Estimated Number of Missing" and "'about 5' is not a number" in words.message
    globe = _issue(broken, 9)
    assert globe.column == "Coordinates" and "off the globe" in globe.message and _row(broken, "B009")["lat"] is None
    undated = _issue(broken, 10)
    assert undated.column == "Incident Date" and "has no date" in undated.message and "Incident Year" in undated.message


def test_the_broken_files_figures_leave_out_cleared_counts(broken):
    assert list(_figures(broken, "B006").index) == ["missing"]
    assert list(_figures(broken, "B008").index) == ["dead"]


def test_a_ragged_row_over_several_lines_says_its_lines():
    c = _bytes(f'{MMP_HEADER}\n1,2023-01-02,POINT (1 2),3\n2,"2023-01-03\nand more",5\n3,2023-01-04,POINT (1 2),4\n'.encode())
    [issue] = c.issues
    assert (issue.row, issue.line, issue.column) == (2, 4, None) and "lines 3-4" in issue.message
    assert list(c.incidents["row_id"]) == ["1", "3"]


def test_counts_that_are_not_whole_numbers_are_cleared_and_said():
    data = (f"{MMP_HEADER},Number of Survivors\n1,2023-01-02,POINT (1 2),2.5,x\n2,2023-01-03,POINT (1 2),\"1,204\",-1\n"
            "3,2023-01-04,POINT (1 2),1e99,4\n").encode()  # fmt: skip
    c = _bytes(data)
    messages = {(i.row, i.column): i.message for i in c.issues}
    assert "'2.5' is not a whole number" in messages[(1, "Number of Dead")]
    assert "'x' is not a number" in messages[(1, "Number of Survivors")]
    assert "'-1' is negative" in messages[(2, "Number of Survivors")]
    assert "'1e99' is not a number" in messages[(3, "Number of Dead")]
    assert c.rows_imported == 3 and _row(c, "2")["dead"] == "1204" and _row(c, "3")["other_counts"] == "survivors: 4"


def test_an_unreadable_year_or_month_sets_the_row_aside():
    c = _bytes(b"Main ID,Incident Date,Incident Year,Reported Month,Coordinates,Number of Dead\n"
               b"1,,20x2,March,POINT (1 2),3\n2,,2022,Marchember,POINT (1 2),3\n3,,2022,March,POINT (1 2),3\n")  # fmt: skip
    assert [(i.row, i.column) for i in c.issues] == [(1, "Incident Year"), (2, "Reported Month")]
    assert "'20x2'" in c.issues[0].message and "'Marchember'" in c.issues[1].message
    assert list(c.incidents["row_id"]) == ["3"]


def test_ids_that_make_the_same_record_id_keep_the_first():
    c = _bytes(f"{MMP_HEADER}\nA.1,2023-01-02,POINT (1 2),3\na-1,2023-01-03,POINT (1 2),3\n,2023-01-04,POINT (1 2),1\n"
               .encode())  # fmt: skip
    messages = {i.row: i.message for i in c.issues}
    assert "'a-1' makes the same record id as 'A.1' at row 1" in messages[2]
    assert "has no id" in messages[3] and list(c.incidents["row_id"]) == ["A.1", "3"]


def test_bad_generic_coordinates_and_end_dates_are_cleared():
    data = (b"id,date,end,lat,lon,dead\n1,2023-01-05,2023-01-01,50.9,x,1\n2,2023-01-05,soon,50.9,,1\n"
            b"3,2023-01-05,,95,1.8,1\n")  # fmt: skip
    m = dataset_import.Mapping(row_id="id", date="date", date_end="end", lat="lat", lon="lon", dead="dead")
    c = _bytes(data, m)
    found = {(i.row, i.column) for i in c.issues}
    assert found == {(1, "end"), (1, "lon"), (2, "end"), (2, "lon"), (3, "lat")}
    assert c.rows_imported == 3 and c.incidents["lat"].isna().all() and c.incidents["date_end"].isna().all()


def _refused(data: bytes, mapping: dataset_import.Mapping | None = None) -> loader.DataIssue:
    c = dataset_import.convert(data, "f.csv", NAME, VERSION, mapping or dataset_import.Mapping(date="d", place="p",
                                                                                                dead="n"))  # fmt: skip
    assert c.incidents.empty and c.figures.empty and c.rows_imported == 0 and c.document == {}
    assert list(c.incidents.columns) == catalog.DATASETS["incidents"].columns()
    issue = c.issues[-1]
    assert (issue.file, issue.row, issue.column) == ("f.csv", None, None)
    assert dataset_import.sniff(data, "f.csv").problems or mapping  # the preview says so too
    return issue


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book, out = Workbook(), io.BytesIO()
    book.active.append(["Main ID", "Incident Date"])
    book.save(out)
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("data.csv", f"{MMP_HEADER}\n1,2023-01-02,POINT (1 2),3\n")
    return out.getvalue()


@pytest.mark.parametrize(
    "data,words",
    [(b"Main ID,Incident Date\n\x00\x01\x02\x03", "not a text file"),
     (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "a PDF file"),
     (_xlsx(), "an Excel workbook (.xlsx)"), (_zip(), "a ZIP file"),
     (b"", "is empty"), (b"\n \n\r\n", "is empty"),
     (f"{MMP_HEADER}\n".encode(), "holds no records, only its header"),
     (f"{MMP_HEADER}\n\n,,,\n".encode(), "holds no records, only its header"),
     (b"just one line of prose\nand another\n", "no comma-separated header"),
     (b"Main ID;Incident Date;Coordinates\n1;2023-01-02;POINT (1 2)\n", "separated by semicolons")],
)  # fmt: skip
def test_what_is_not_a_csv_file_is_refused_whole(data, words):
    issue = _refused(data)
    assert words in issue.message
    assert dataset_import.sniff(data, "f.csv").problems == [issue.message]


def test_an_oversize_file_is_refused_saying_the_limit(monkeypatch):
    monkeypatch.setattr(dataset_import, "MAX_BYTES", 1024 * 1024)
    data = (FIXTURES / "mmp_current.csv").read_bytes() * 300  # about 2 MB
    message = _refused(data).message
    assert re.search(r"^is 2\.0 MB, over the 1\.0 MB limit", message)


def test_missing_columns_are_refused_naming_what_is_missing_and_the_names_accepted():
    data = b"Main ID,Cause of Death,Information Source\n1,Drowning,x\n"
    preview = dataset_import.sniff(data, "f.csv")
    assert preview.problems == [] and len(preview.needs) == 3  # the analyst may still map other columns
    message = " | ".join(i.message for i in _bytes(data).issues)
    assert "no date column" in message and "'Incident Date' / 'Date of Incident' / 'Reported Date'" in message
    assert "no coordinates and no place" in message and "'Coordinates' / 'Location Coordinates'" in message
    assert "neither the dead nor the missing" in message and "'Number of Dead' / 'Number Dead'" in message
    [issue] = _bytes(b"Main ID,Incident Date,Coordinates\n1,2023-01-01,POINT (1 2)\n").issues
    assert issue.row is None and issue.message.startswith("neither the dead nor the missing")


def test_a_mapping_naming_a_column_the_file_lacks_is_refused():
    m = dataset_import.Mapping(date="When", coordinates="Coordinates", dead="Number of Dead")
    issue = _refused(f"{MMP_HEADER}\n1,2023-01-01,POINT (1 2),3\n".encode(), m)
    assert "the date column 'When' is not in the file" in issue.message
    bad = dataset_import.Mapping(date="Incident Date", place="Coordinates", dead="Number of Dead", domain="piracy")
    assert "the domain 'piracy'" in _refused(f"{MMP_HEADER}\n1,2023-01-01,POINT (1 2),3\n".encode(), bad).message


def test_crlf_bom_and_windows_1252_files():
    header = f"{MMP_HEADER},Location of Incident"
    data = f'\ufeff{header}\r\n1,2023-01-02,POINT (1 2),3,Calais\r\n2,2023-01-03,POINT (1 2),4,"off\r\nCalais"\r\n'.encode()
    c = _bytes(data)
    assert c.issues == [] and c.document["quote"] == header and not c.text.startswith("\ufeff")
    assert _row(c, "1")["quote"] == "1,2023-01-02,POINT (1 2),3,Calais"
    assert _row(c, "2")["quote"] == '2,2023-01-03,POINT (1 2),4,"off\r\nCalais"'
    assert _row(c, "2")["name"] == "off Calais"  # on one line
    assert all(line in loader.dataset_lines(c.text) for line in _row(c, "2")["quote"].replace("\r\n", "\n").split("\n"))
    cp = f"{MMP_HEADER},Location of Incident\n1,2023-01-02,POINT (1 2),3,Côte d’Ivoire\n".encode("cp1252")
    c = _bytes(cp)
    assert c.rows_imported == 1 and "not UTF-8" in c.issues[0].message and c.issues[0].row is None
    assert _row(c, "1")["quote"].endswith("Côte d’Ivoire") and _row(c, "1")["quote"] in c.text


def test_old_mac_line_ends_still_give_quotes_that_are_lines_of_the_text():
    c = _bytes(f"{MMP_HEADER}\r1,2023-01-02,POINT (1 2),3\r".encode())
    assert c.rows_imported == 1 and _row(c, "1")["quote"] in loader.dataset_lines(c.text)


def test_a_repeated_header_name_is_numbered_and_said():
    c = _bytes(f"{MMP_HEADER},Number of Dead\n1,2023-01-02,POINT (1 2),3,4\n".encode())
    assert [(i.row, i.column) for i in c.issues] == [(None, "Number of Dead")] and "'Number of Dead (2)'" in c.issues[0].message
    assert _row(c, "1")["dead"] == "3"


def test_the_csv_modules_cells_are_the_same_as_pyarrows(monkeypatch, every):
    monkeypatch.setattr(dataset_import, "_arrow_cells", lambda body, width: None)
    for c, file in zip(every, ("mmp_current.csv", "mmp_2019.csv", "mmp_broken.csv", "generic_unit_export.csv")):
        again = _convert(file)
        pd.testing.assert_frame_equal(again.incidents, c.incidents)
        pd.testing.assert_frame_equal(again.figures, c.figures)
        assert again.issues == c.issues


def test_a_file_of_only_bad_rows_imports_nothing_and_says_why():
    c = _bytes(f"{MMP_HEADER}\n1,2\n2,yesterday,POINT (1 2),3\n".encode())
    assert c.rows_read == 2 and c.rows_imported == 0 and len(c.issues) == 2 and c.figures.empty
    assert c.document["document_id"].endswith(".csv")


# ---- the synthetic file ------------------------------------------------------------------------------------------


def test_the_synthetic_writer_makes_a_file_that_converts_with_no_issue(tmp_path):
    path = synthetic_mmp.write(tmp_path / "mmp.csv", 2_000, seed=3)
    data = path.read_bytes()
    assert data == synthetic_mmp.write(tmp_path / "again.csv", 2_000, seed=3).read_bytes()  # deterministic
    assert data != synthetic_mmp.write(tmp_path / "other.csv", 2_000, seed=4).read_bytes()
    preview = dataset_import.sniff(data, "mmp.csv")
    assert preview.variant == "MMP 2023+ (Main ID, Incident Date, WKT Coordinates)" and preview.needs == []
    c = dataset_import.convert(data, "mmp.csv", "Synthetic MMP", "2025-01-01", preview.mapping)
    assert c.issues == [] and (c.rows_read, c.rows_imported) == (2_000, 2_000)
    assert set(c.incidents["date_precision"]) == {"day", "month"}
    assert c.incidents["quote"].str.contains("\n").any()  # a few sources quoted over two lines
    routes = set(pd.read_csv(path, usecols=["Migration Route"])["Migration Route"])
    assert {"Central Mediterranean", "English Channel to the UK", "US-Mexico border crossing"} <= routes
    for name in ("incidents", "figures"):
        assert loader.validate(name, getattr(c, name), "mmp.csv")[1] == []


def test_the_synthetic_scripts_command_line(tmp_path, capsys):
    synthetic_mmp.main(["--rows", "50", "--out", str(tmp_path / "s.csv")])
    assert "wrote 50 rows" in capsys.readouterr().out
    synthetic_mmp.main(["--time", str(tmp_path / "s.csv")])
    assert "'rows_imported': 50" in capsys.readouterr().out

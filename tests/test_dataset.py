"""The real extracted dataset: complete, verbatim and consistent."""

import filecmp
from pathlib import Path

import pandas as pd
import pytest

from trafficking_atlas import catalog, loader, schemas

SHARED_SEEDS = catalog.ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def dataset() -> loader.Dataset:
    return loader.load_dataset()


def test_loads_without_a_single_issue(dataset):
    assert [str(i) for i in dataset.issues] == []


def test_every_file_has_exactly_its_schema_columns():
    for name, file in catalog.DATASETS.items():
        header = pd.read_csv(catalog.DATA_DIR / file, nrows=0).columns
        assert set(header) == set(schemas.columns(name)), file


def test_every_quote_is_verbatim_in_its_document(dataset):
    for name, frame in dataset.frames.items():
        for _, row in frame.iterrows():
            assert row["quote"] in dataset.texts[row["document_id"]], (name, row.iloc[0])


def test_seeds_are_unchanged_copies():
    assert sorted(p.name for p in catalog.SEEDS_DIR.glob("*.txt")) == [
        "000_a5bc8f7f0006fcc0.txt", "001_32faebf96a5eb5cb.txt", "002_4783c7643582eb63.txt",
        "003_f5561f3aa7a0bcf0.txt", "004_3e0d603becb9e5e2.txt",
    ]  # fmt: skip
    if SHARED_SEEDS.is_dir():
        for p in SHARED_SEEDS.glob("*.txt"):
            assert filecmp.cmp(p, catalog.SEEDS_DIR / p.name, shallow=False), p.name


def test_required_incidents_and_routes(dataset):
    incidents = set(dataset.incidents["incident_id"])
    assert {
        "nave-andromeda-boarding", "spain-refuses-assistance-nave-andromeda",
        "france-refuses-assistance-nave-andromeda", "pylos-capsizing-2023", "channel-drownings-2024",
    } <= incidents  # fmt: skip
    routes = set(dataset.routes["route_id"])
    assert {
        "pakistan-iran-turkey-eu", "channel-crossing-france-uk", "germany-france-boat-supply",
        "nave-andromeda-voyage", "libya-greece-adriana-2023",
    } <= routes  # fmt: skip
    counts = dataset.route_waypoints.groupby("route_id")["seq"].apply(list)
    for route, seqs in counts.items():
        assert seqs == sorted(seqs) and len(seqs) >= 2, route


def test_disagreeing_figures_are_all_kept(dataset):
    fig = dataset.figures
    channel = fig[(fig["incident_id"] == "channel-drownings-2024")]
    assert {"yvette-cooper", "iom", "uk-officials"} <= set(channel["reported_by"].dropna())
    pylos = fig[(fig["incident_id"] == "pylos-capsizing-2023")]
    assert 350 in set(pylos["value"]) and (pylos["basis"] == "external").any()


def test_everything_named_is_extracted(dataset):
    names = " | ".join(
        list(dataset.stakeholders["name"]) + list(dataset.stakeholders["aliases"].fillna(""))
        + list(dataset.initiatives["name"]) + list(dataset.initiatives["aliases"].fillna(""))
    )  # fmt: skip
    for expected in [
        "Europol",
        "UNODC",
        "IAEA",
        "NATO",
        "Rose Partners",
        "Clarke Jarrett",
        "SO15",
        "Federal Investigation Agency",
        "Jeremy Milsom",
        "Philipp Gross",
        "Syrus",
        "Kurchatov",
        "John Wood",
        "Velikhov",
        "Kluwer",
        "Trilateral Group",
        "Yvette Cooper",
        "Calais Group",
        "International Organisation for Migration",
        "CoESS",
        "Johan Ohlsson",
        "Catherine Piana",
        "Ylva Johansson",
        "Annelies Verlinden",
        "Catherine De Bolle",
        "Ine Van Wymersch",
        "Tomasz Braun",
        "DG HOME",
        "Border Security Command",
        "PROTECT",
        "Global Alliance to Counter Migrant Smuggling",
        "European Ports Alliance",
        "Priority Plan",
        "Rwanda",
        "Working Group on Illicit Trafficking",
        "JIATF",
    ]:
        assert expected in names, expected


def test_external_facts_say_where_they_come_from(dataset):
    for name in ("incidents", "initiatives"):
        frame = dataset.frames[name]
        outside = frame[frame["date_basis"].isin(["external", "inferred"])]
        assert outside["date_source"].notna().all(), name
    places = dataset.places
    assert places["coord_source"].notna().all()
    external = dataset.figures[dataset.figures["basis"] == "external"]
    assert external["source"].notna().all()


def test_data_readme_documents_every_file_and_column():
    readme = (catalog.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name, file in catalog.DATASETS.items():
        assert f"`{file}`" in readme, file
        for column in schemas.columns(name):
            assert column in readme, (file, column)


def test_catalog_paths_exist():
    for file in catalog.DATASETS.values():
        assert Path(catalog.DATA_DIR / file).is_file(), file

"""The real extracted dataset: complete, verbatim and consistent."""

import filecmp
from pathlib import Path

import pandas as pd
import pytest

from trafficking_atlas import casualties, catalog, loader, vocab

pytestmark = pytest.mark.unit

SHARED_SEEDS = catalog.ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def dataset() -> loader.Dataset:
    return loader.load_dataset()


def test_loads_without_a_single_issue(dataset):
    assert [str(i) for i in dataset.issues] == []


def test_every_file_has_exactly_its_schema_columns():
    for name, file in catalog.FILES.items():
        header = pd.read_csv(catalog.DATA_DIR / file, nrows=0).columns
        assert set(header) == set(catalog.DATASETS[name].columns()), file


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
    for name, file in catalog.FILES.items():
        assert f"`{file}`" in readme, file
        for column in catalog.DATASETS[name].columns():
            assert column in readme, (file, column)


def test_catalog_paths_exist():
    for file in catalog.FILES.values():
        assert Path(catalog.DATA_DIR / file).is_file(), file


def test_no_total_adds_two_populations_or_two_reports_of_one_event(dataset):
    """On the real data: each incident contributes one figure of one population to a total, never a sum."""
    fig = dataset.figures
    m = casualties.casualty_minimums(fig)
    assert not m.duplicated(["incident_id", "kind"]).any()
    chosen = fig.set_index("figure_id").loc[m["figure_id"].dropna()]
    assert (chosen["incident_id"].to_numpy() == m.dropna(subset=["figure_id"])["incident_id"].to_numpy()).all()
    # The sum over incidents equals the sum of one chosen figure each (so no two figures of one event are added).
    total = casualties.casualty_total(m, "dead")
    assert total.minimum == sum(casualties.figure_minimums(chosen[casualties.casualty_kinds(chosen) == "dead"]))
    pylos = m.set_index(["incident_id", "kind"]).loc[("pylos-capsizing-2023", "dead")]
    text_only = casualties.casualty_minimums(fig, include_external=False).set_index(["incident_id", "kind"])
    assert text_only.loc[("pylos-capsizing-2023", "dead"), "part"]  # Dawn's 350 counts Pakistani nationals only
    assert pylos["minimum"] > 500  # with outside figures: more than 500 presumed dead of everyone on board
    channel = text_only.loc[("channel-drownings-2024", "dead")]
    assert channel["minimum"] == 71  # 'more than 70' (UK officials); 'up to 75 drowned' sets no minimum


REFERENCE = catalog.ROOT.parent / "shared" / "reference" / "external_facts.md"


def test_every_record_says_how_it_is_known(dataset):
    for name, frame in dataset.frames.items():
        if name == "documents":
            continue
        assert frame["basis"].isin(vocab.BASES).all(), name
        not_text = frame[frame["basis"] != "text"]
        assert not_text["source"].notna().all(), (name, list(not_text.loc[not_text["source"].isna()].index))


def test_outside_sources_are_the_reference_facts_sources(dataset):
    """An outside record names a source the reference facts give (a fresh reviewer can look it up there)."""
    if not REFERENCE.exists():
        pytest.skip("the shared reference facts are not beside this checkout")
    reference = REFERENCE.read_text(encoding="utf-8")
    for name, frame in dataset.frames.items():
        if "basis" not in frame:
            continue
        for source in frame.loc[frame["basis"] == "external", "source"]:
            first = str(source).split(";")[0].split(" (")[0].strip()
            assert first in reference, (name, source)


def test_a_route_ends_where_it_reaches_land_not_at_a_country_centroid(dataset):
    """A route that passes a sea, a coast or a point never runs to a country's centroid (it lands at a coast or
    port), except an intended destination the sources name only as a country."""
    places = dataset.places.set_index("place_id")
    for route_id, wp in dataset.route_waypoints.sort_values("seq").groupby("route_id"):
        kinds = wp["place_id"].map(places["kind"])
        if not kinds.isin(["sea", "coast", "point", "port"]).any():
            continue
        reached = wp[wp["role"] != "intended_destination"]
        assert not (reached["place_id"].map(places["kind"]) == "country").any(), route_id


def test_the_channel_crossing_runs_from_the_french_coast_to_kent(dataset):
    wp = dataset.route_waypoints[dataset.route_waypoints["route_id"] == "channel-crossing-france-uk"].sort_values("seq")
    places = dataset.places.set_index("place_id")
    first, last = places.loc[wp["place_id"].iloc[0]], places.loc[wp["place_id"].iloc[-1]]
    assert first["country"] == "France" and 50.7 <= first["lat"] <= 51.05 and 1.55 <= first["lon"] <= 2.4
    assert last["country"] == "United Kingdom" and abs(last["lat"] - 51.12) < 0.1 and abs(last["lon"] - 1.31) < 0.1
    # Every leg heads north or east across the strait: no detour to a mid-Channel point or a centroid.
    lats = list(wp["place_id"].map(places["lat"]))
    assert max(lats) - min(lats) < 0.5


def test_records_tied_to_an_event_take_its_date_not_the_documents(dataset):
    routes = dataset.routes.set_index("route_id")
    assert routes.at["libya-greece-adriana-2023", "date"] == pd.Timestamp("2023-06-09")
    assert routes.at["nave-andromeda-voyage", "date"] == pd.Timestamp("2020-10-05")


def test_europols_calais_meeting_attendance_is_marked_outside(dataset):
    rel = dataset.relations
    row = rel[(rel["stakeholder_id"] == "europol") & (rel["target_id"] == "calais-group-meeting-2024")]
    assert len(row) and (row["basis"] == "external").all()
    assert row["source"].str.contains("Hansard").all()
    assert "Europol" not in " ".join(row["quote"])  # the sentence does not name Europol: hence the outside mark


def test_descriptions_are_plain_words(dataset):
    """No file names, document numbers or slugs in what an analyst reads."""
    import re

    pattern = re.compile(r"\(doc \d|\.csv|\.txt|\bdoc \d{3}\b|[a-z]+-[a-z]+-[a-z]+-[a-z]+")
    for name, column in (
        ("stakeholders", "description"),
        ("incidents", "summary"),
        ("initiatives", "focus"),
        ("relations", "note"),
        ("figures", "note"),
        ("documents", "summary"),
        ("routes", "description"),
    ):
        for value in dataset.frames[name][column].dropna():
            assert not pattern.search(str(value)), (name, value)


def test_an_outside_figures_sentence_only_names_its_event(dataset):
    """An outside figure is anchored to the sentence naming its event, never to a sentence stating another number
    of the same event (the UN's 'up to 500' must not point at Dawn's '350 Pakistani nationals')."""
    fig = dataset.figures
    stated = fig[(fig["basis"] == "text") & fig["incident_id"].notna()]
    for _, f in fig[(fig["basis"] == "external") & fig["incident_id"].notna()].iterrows():
        for value in stated.loc[stated["incident_id"] == f["incident_id"], "value"]:
            assert f"{value:,.0f}" not in f["quote"] and f"{value:.0f}" not in f["quote"], (f["figure_id"], value)

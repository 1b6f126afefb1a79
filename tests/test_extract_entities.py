"""Stakeholders and places named in real sentences: linked to the atlas's own, else proposed with a kind."""

import pytest

from trafficking_atlas.extract_entities import find_mentions, gazetteer, kind_of, sentences

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def known(fixture_dataset):
    return gazetteer(fixture_dataset.frames["stakeholders"], fixture_dataset.frames["places"])


def _named(sentence, g):
    return [(m.words, m.dataset, m.record_id, m.kind) for m in find_mentions(sentence, g)]


def test_known_names_and_aliases_link_to_the_atlas_records(known, fixture_dataset):
    sh = fixture_dataset.frames["stakeholders"].iloc[0]
    found = _named(f"Officials said {sh['name']} was there.", known)
    assert (sh["name"], "stakeholders", sh["stakeholder_id"], "") in found


def test_new_organisations_and_people_are_proposed_with_a_kind(known):
    found = _named("The National Crime Agency and the French Gendarmerie dismantled the network.", known)
    assert ("National Crime Agency", "stakeholders", None, "law_enforcement") in found
    assert ("French Gendarmerie", "stakeholders", None, "law_enforcement") in found
    people = find_mentions("Home Secretary Yvette Cooper warned of the gangs.", known)
    assert [(m.words, m.kind, m.title) for m in people] == [("Yvette Cooper", "person", "Home Secretary")]
    assert kind_of("Ministry of Interior") == "ministry" and kind_of("United Nations Office on Drugs") == "intergovernmental"


def test_countries_come_from_pycountry_when_the_atlas_has_no_record(known):
    assert ("Portugal", "places", "country:Portugal", "country") in _named("Boats left Portugal.", known)


def test_sentences_are_cut_from_the_text_itself():
    text = "First line here.  Second one, with “quotes”.\nA third line\n\nFourth."
    cut = sentences(text)
    assert [s for _, _, s in cut] == ["First line here.", "Second one, with “quotes”.", "A third line", "Fourth."]
    assert all(text[a:b] == s for a, b, s in cut)


def test_people_introduced_by_name_and_acronyms_are_proposed(known):
    found = _named("Jeremy Milsom, the UNODC Representative in Pakistan, said NATO and SO15 would help.", known)
    assert ("Jeremy Milsom", "stakeholders", None, "person") in found
    assert {"NATO", "SO15", "UNODC"} <= {w for w, d, _, _ in found if d == "stakeholders"}
    said = _named("Speaking at the forum, Philipp Gross said the work goes on.", known)
    assert [w for w, _, _, kind in said if kind == "person"] == ["Philipp Gross"]
    assert all(kind != "person" for _, _, _, kind in _named("The Ministry said nothing new on Tuesday.", known))


def test_a_town_the_atlas_lacks_comes_from_geonames_with_its_coordinates(known):
    calais = [m for m in find_mentions("The dinghy left Calais at dawn.", known) if m.dataset == "places"]
    assert [(m.words, m.kind) for m in calais] == [("Calais", "city")]
    city = known.cities[calais[0].record_id]
    assert city["country"] == "France" and abs(city["lat"] - 50.95) < 0.05 and abs(city["lon"] - 1.86) < 0.05

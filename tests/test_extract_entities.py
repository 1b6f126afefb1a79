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


def _people(sentence, g):
    return [(m.words, m.title) for m in find_mentions(sentence, g) if m.kind == "person"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Jacques Billant, the prefect for the Pas-de-Calais area, said 63 were rescued.", [("Jacques Billant", None)]),
        ("Boulogne-sur-Mer prosecutor Guirec Le Bras opened an investigation.", [("Guirec Le Bras", "prosecutor")]),
        ("Interior Minister Bruno Retailleau visited the hospital.", [("Bruno Retailleau", "Interior Minister")]),
        ("Dr. Evgeny Velikhov, President of the Kurchatov Institute, spoke.", [("Evgeny Velikhov", "Dr")]),
        ("Philipp Gross, Deputy Head of the EU Delegation to Pakistan, spoke.", [("Philipp Gross", None)]),
        ("Catherine De Bolle, Executive Director of Europol, and Ine Van Wymersch, Belgian Drugs Commissioner, spoke.",
         [("Catherine De Bolle", None), ("Ine Van Wymersch", None)]),
        ("Clarke Jarrett is Strategic Director of Rose Partners.", [("Clarke Jarrett", None)]),
        ("Ursula von der Leyen, the European Commission President, visited Lampedusa.", [("Ursula von der Leyen", None)]),
        ("It followed the toppling of Bashar Assad’s brutal regime.", [("Bashar Assad", None)]),
        ("the Chairman of the CoESS Committee on Maritime and Port Security, Johan Ohlsson and others",
         [("Johan Ohlsson", None)]),
        # Web text's no-break spaces between a title and a name.
        ("CoESS’ Director General\xa0Catherine Piana\xa0joined the launch.", [("Catherine Piana", "Director General")]),
        ("Sean McGoffin, chief of the sector, told reporters the smugglers were paid.", [("Sean McGoffin", None)]),
        ("Lars Gerdes, Frontex's Deputy Executive Director for Operations, said such crimes are hidden.",
         [("Lars Gerdes", None)]),
        ("Mark Paul of the Crown Prosecution Service said 88 victims had come forward.", [("Mark Paul", None)]),
        ("Everyone on board could die, said Babar Baloch, its regional spokesperson.", [("Babar Baloch", None)]),
        ("Prime Minister Prayuth Chan-ocha asked Thais not to blame the military.", [("Prayuth Chan-ocha", "Prime Minister")]),
        # Days, outlets and sentence-initial capitals are not people.
        ("Monday saw more crossings, Le Monde said.", []),
        ("On Monday, officials said the boat had sunk.", []),
    ],
)  # fmt: skip
def test_people_by_title_before_or_after_their_name(known, sentence, expected):
    assert _people(sentence, known) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The French coastguard said the boat sank.", [("French coastguard", "law_enforcement")]),
        ("The Libyan coast guard intercepted the boat.", [("Libyan coast guard", "law_enforcement")]),
        ("Greek authorities said 78 bodies were recovered.", [("Greek authorities", "government")]),
        ("More than 70 people have perished, according to UK officials.", [("UK officials", "government")]),
        ("The maritime prefecture for the Channel and the North Sea said the boat sank.",
         [("maritime prefecture for the Channel and the North Sea", "government")]),
        ("The Times reported that the plan had failed.", [("The Times", "media")]),
        ("He told the BBC the crossings must stop, according to the Guardian.", [("BBC", "media"), ("The Guardian", "media")]),
        ("Published in Dawn, April 27th, 2024", [("Dawn", "media")]),
        ("Europol and Eurojust supported the operation.", [("Europol", "law_enforcement"), ("Eurojust", "intergovernmental")]),
        ("In London, Scotland Yard arrested three men.", [("Scotland Yard", "law_enforcement")]),
        ("Last Friday Border Force picked up 300 people.", [("Border Force", "law_enforcement")]),
        ("It ditched the Tories' Rwanda scheme.", [("Tories", "political_party")]),
        ("The workshop proceedings will be published by Kluwer Academic Publishers.",
         [("Kluwer Academic Publishers", "private_sector")]),
        ("Head of Strategy from the Port of Gdańsk Authority", [("Port of Gdańsk Authority", "private_sector")]),
        ("The International Organization for Migration (IOM) said 52 had died.",
         [("International Organization for Migration", "intergovernmental"), ("IOM", "intergovernmental")]),
        ("Pressure from police and security agencies grew on the people-smuggling gangs.",
         [("Police and security agencies", "law_enforcement"), ("Smuggling gangs", "criminal_network")]),
        ("This should be the focus of the international community’s efforts.", [("International community", "government")]),
        ("The Nord prefecture said one man drowned.", [("Nord prefecture", "government")]),
        ("Aid groups said the Red Cross treated them.", [("Aid groups", "association"), ("Red Cross", "association")]),
        ("Border Patrol agents alerted Maritime Rescue.",
         [("Border Patrol", "law_enforcement"), ("Maritime Rescue", "association")]),
    ],
)  # fmt: skip
def test_bodies_by_nation_and_noun_outlets_parties_and_collectives(known, sentence, expected):
    found = [(m.words, m.kind) for m in find_mentions(sentence, known) if m.dataset == "stakeholders"]
    assert found == expected


def test_countries_by_the_names_news_uses_seas_and_towns_only_where_the_name_is_the_towns(known):
    places = lambda s: [(m.words, m.record_id) for m in find_mentions(s, known) if m.dataset == "places"]  # noqa: E731
    assert places("Routes run through Iran and Turkey to the UK.") == [
        ("Iran", "country:Iran"), ("Turkey", "country:Turkey"), ("UK", "country:United Kingdom")
    ]  # fmt: skip
    assert places("484 migrants crossed the English Channel off the Isle of Wight.") == [
        ("English Channel", None), ("Isle of Wight", None)
    ]  # fmt: skip
    # A town inside a hyphenated name, an organisation's or a person's name is not that town.
    assert places("the prefect for the Pas-de-Calais area met the Calais Group and Ine Van Wymersch") == []


def test_what_the_news_calls_a_body_links_to_it(known, fixture_dataset):
    found = _named("The EU's law enforcement agency said 12 were arrested; the UN refugee agency raised the alarm.", known)
    assert ("Europol", "stakeholders", None, "law_enforcement") in found
    assert ("UNHCR", "stakeholders", None, "intergovernmental") in found
    assert not any(f[0] == "EU" for f in found)  # the descriptor, not the EU it names

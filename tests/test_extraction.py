"""A pasted article's proposals: the dataset's own columns, verbatim quotes, numbers the text writes, valid ids."""

from datetime import date

import pandas as pd
import pytest

from trafficking_atlas import catalog, extraction

pytestmark = pytest.mark.unit

ARTICLE = (
    "At least 27 migrants drowned off Calais on Tuesday when their dinghy capsized, the French coastguard said.\n"
    "According to the International Organization for Migration, three children were among the dead and 12 people "
    "are still missing.\n"
    "Interior Minister Gérald Darmanin said 40 suspects had been arrested so far this year."
)


@pytest.fixture(scope="module")
def proposal(fixture_dataset):
    doc = extraction.Document(ARTICLE, date(2021, 11, 25), "Dinghy capsizes off Calais", "Fixture Wire")
    return extraction.propose(doc, fixture_dataset.frames)


def test_proposals_have_the_datasets_columns_and_quote_the_text_verbatim(proposal):
    for name, frame in proposal.items():
        assert list(frame.columns[: len(catalog.DATASETS[name].columns())]) == catalog.DATASETS[name].columns(), name
        for quote in frame["quote"]:
            assert quote in ARTICLE, (name, quote)


def test_figures_are_the_numbers_the_text_writes_with_reporters_and_dates(proposal):
    figures = proposal["figures"]
    assert list(zip(figures["value"], figures["qualifier"], figures["metric"])) == [
        (27.0, "at_least", "drowned"), (3.0, "exact", "dead"), (12.0, "exact", "missing"), (40.0, "exact", "arrested")
    ]  # fmt: skip
    assert figures["figure_id"].is_unique and figures["figure_id"].str.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*").all()
    assert figures.loc[0, "period_start"].date() == date(2021, 11, 23)  # the Tuesday before publication
    assert figures.loc[2, "reported_by"] is not None  # "According to the International Organization for Migration"


def test_an_incident_is_proposed_for_the_capsizing_and_the_document_for_its_text(proposal):
    incidents = proposal["incidents"]
    assert len(incidents) == 1  # the next sentence's dead and missing are the same capsizing's reports
    assert incidents.loc[0, "kind"] == "shipwreck" and incidents.loc[0, "dead"] == 27
    figures = proposal["figures"].set_index("metric")
    assert set(figures.loc[["drowned", "dead", "missing"], "incident_id"]) == {incidents.loc[0, "incident_id"]}
    assert pd.isna(figures.loc["arrested", "incident_id"])
    assert incidents.loc[0, "domain"] == "migrant_smuggling"
    doc = proposal["documents"].iloc[0]
    assert doc["title"] == "Dinghy capsizes off Calais" and doc["outlet"] == "Fixture Wire"
    same = extraction.document_id(extraction.Document(ARTICLE, date(2030, 1, 1), "Dinghy capsizes off Calais"))
    assert doc["document_id"] == same  # the same text is the same document, whenever it is pasted


OPERATION = (
    "Catherine De Bolle, Executive Director of Europol, said Operation Sea Wolf had dismantled the network.\n"
    "Police arrested 38 suspects in raids in Antwerp on Wednesday, Europol said.\n"
    "The Coast Agency organised a two-day regional conference on migrant smuggling in Harbourtown.\n"
    "The conference was attended by Anna Smith."
)


@pytest.fixture(scope="module")
def operation(fixture_dataset):
    doc = extraction.Document(OPERATION, date(2024, 6, 7), "Operation Sea Wolf", "Fixture Wire")
    return extraction.propose(doc, fixture_dataset.frames)


def test_initiatives_are_proposed_with_kind_status_date_and_place(operation):
    initiatives = operation["initiatives"].set_index("name")
    assert list(initiatives.index) == ["Operation Sea Wolf", "two-day regional conference on migrant smuggling"]
    assert initiatives.loc["Operation Sea Wolf", "kind"] == "operation"
    conference = initiatives.loc["two-day regional conference on migrant smuggling"]
    assert (conference["kind"], conference["status"], conference["place_id"]) == ("conference", "held", "harbourtown")
    assert not (operation["stakeholders"]["name"] == "Operation Sea Wolf").any()  # an initiative, not an organisation


def test_an_arrest_operation_is_an_incident_and_a_count_over_a_year_is_not(operation, proposal):
    incidents = operation["incidents"]
    assert list(incidents["kind"]) == ["arrests"]
    assert incidents.iloc[0]["date"].date() == date(2024, 6, 5)  # the Wednesday before publication
    assert "arrests" not in set(proposal["incidents"]["kind"])  # "40 suspects had been arrested so far this year"


def test_relations_say_who_leads_organises_attends_and_reports(operation):
    rel = set(zip(operation["relations"]["stakeholder_id"], operation["relations"]["role"], operation["relations"]["target_id"]))
    conference = "two-day-regional-conference-on-migrant-smuggling"
    assert ("catherine-de-bolle", "leads", "europol") in rel
    assert ("coast-agency", "organiser", conference) in rel
    assert any(r[:2] == ("europol", "reported") for r in rel)
    assert len(rel) == len(operation["relations"])  # no relation twice
    person = operation["stakeholders"].set_index("stakeholder_id").loc["catherine-de-bolle"]
    assert (person["role"], person["organisation_id"]) == ("Executive Director", "europol")


def test_a_relation_whose_end_is_rejected_is_not_added(operation):
    from trafficking_atlas import review

    tables = {d: review.review_table(operation, d) for d in review.REVIEWED}
    kept = review.accepted(operation, tables)
    assert len(kept["relations"]) == len(operation["relations"])
    tables["initiatives"][review.ACCEPT] = False
    kept = review.accepted(operation, tables)
    assert not (kept["relations"]["target_type"] == "initiative").any()
    assert kept["figures"]["initiative_id"].isna().all()


@pytest.mark.parametrize(
    ("sentence", "governments"),
    [
        ("Portland State said it would send two patrol boats.", {"Government of Portland State"}),
        ("Delegates from Harbourland and Portland State agreed a plan.", {"Government of Harbourland",
                                                                         "Government of Portland State"}),
        ("The dinghy sank off the coast of Harbourland with migrants from Portland State.", set()),
    ],
)  # fmt: skip
def test_a_country_that_acts_proposes_its_government_and_one_named_as_a_place_does_not(fixture_dataset, sentence, governments):
    proposal = extraction.propose(extraction.Document(sentence, date(2024, 6, 7), "Countries"), fixture_dataset.frames)
    sh = proposal["stakeholders"]
    assert set(sh.loc[sh["kind"] == "government", "name"]) == governments


def test_a_reporter_is_the_speaker_a_person_for_their_body_and_he_or_the_agency_said_the_last_one(fixture_dataset):
    text = (
        "Mark Paul of the Crown Prosecution Service said 88 victims had come forward.\n"
        "Police chief Ion Bodrug said officers took 200 grams of uranium.\n"
        "The material would fetch 1.6 million euros on the black market, he said.\n"
        "The International Organization for Migration said 52 people died.\n"
        "According to the UN agency, four more are missing.\n"
        "She said 12 were rescued.\n"
        "In 2022, 529 died off the coast.\n"
        "Everyone could die, said Babar Baloch, its spokesperson.\n"
        "A boat carrying 139 people came ashore on Saturday, Baloch said.\n"
        "Portland State said 17 boats had been seized."
    )
    proposal = extraction.propose(extraction.Document(text, date(2019, 6, 7), "Reporters"), fixture_dataset.frames)
    names = dict(zip(proposal["stakeholders"]["stakeholder_id"], proposal["stakeholders"]["name"]))
    by_value = {v: names.get(r, r) for v, r in zip(proposal["figures"]["value"], proposal["figures"]["reported_by"])}
    assert by_value[88.0] == "Mark Paul" and by_value[200.0] == "Ion Bodrug"
    assert by_value[1.6e6] == "Ion Bodrug"  # "he said": the person who spoke last
    assert by_value[4.0] == "International Organization for Migration"  # "the UN agency": the body that spoke last
    assert by_value[12.0] == "Ion Bodrug"  # "She said": the person who spoke last
    assert by_value[139.0] == "Babar Baloch"  # named again by his surname
    assert by_value[17.0] == "Government of Portland State"  # a country that speaks: its government
    assert pd.isna(by_value[529.0])  # the report's own voice: no one is made its source

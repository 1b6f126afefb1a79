"""Initiatives read from real-style sentences: names, descriptions, kinds, statuses; roles of who stands beside them."""

import pytest

from trafficking_atlas.extract_initiatives import find_initiatives, incident_role, role_between, status_of

pytestmark = pytest.mark.unit


def _read(sentence: str) -> list[tuple]:
    return [(i.words, i.kind, i.status, i.named) for i in find_initiatives(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Global Alliance to Counter Migrant Smuggling was launched by the European Commission in November 2023.",
         [("Global Alliance to Counter Migrant Smuggling", "alliance", "launched", True)]),
        ("The Federal Investigation Agency organised a two-day regional conference on migrant smuggling in Islamabad.",
         [("two-day regional conference on migrant smuggling", "conference", "held", False)]),
        ("Europol coordinated Operation Sea Wolf, in which 38 suspects were arrested.",
         [("Operation Sea Wolf", "operation", "held", True)]),
        ("Ministers agreed a new action plan to counter smuggling networks.",
         [("action plan to counter smuggling networks", "plan", "agreed", False)]),
        ("The NATO Advanced Research Workshop on Illicit Trafficking was held in Yerevan.",
         [("NATO Advanced Research Workshop on Illicit Trafficking", "workshop", "held", True)]),
        ("A joint investigation team was set up by Eurojust.",
         [("joint investigation team", "task_force", "established", False)]),
        ("A new multi-agency task force will be set up.", [("multi-agency task force", "task_force", "planned", False)]),
        ("The EU and Tunisia signed a memorandum of understanding in July.",
         [("memorandum of understanding", "agreement", "agreed", False)]),
        ("The Home Office's Small Boats Operational Command was created in 2022.",
         [("Small Boats Operational Command", "command", "established", True)]),
    ],
)  # fmt: skip
def test_initiatives_are_named_with_their_kind_and_status(sentence, expected):
    assert _read(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The Border Force intercepted a boat.",  # an agency, not a task force
        "A group of 40 migrants was found by the police.",  # a group of people, not a working group
        "He said the boat sank off the coast.",
        "The Times reported the operation last week.",  # "the operation" alone names nothing
    ],
)
def test_organisations_and_plain_words_are_not_initiatives(sentence):
    assert find_initiatives(sentence) == []


def test_a_recommendation_is_its_sentence():
    sentence = "Participants recommended that states share intelligence more quickly."
    assert _read(sentence) == [(sentence, "recommendation", "recommended", False)]
    assert find_initiatives(sentence)[0].start == 0


def test_statuses_follow_the_most_telling_verb():
    assert status_of("The conference will be held in Rome next month.") == "planned"
    assert status_of("States should set up a task force.") == "recommended"
    assert status_of("The plan was agreed in London.") == "agreed"
    assert status_of("Smuggling continues along the route.") is None


def test_roles_come_from_the_words_between_a_stakeholder_and_an_initiative():
    s = "The conference, organised by the FIA and funded by the European Union, was attended by Interpol."
    conference = (4, 14)
    assert role_between(s, (s.index("FIA"), s.index("FIA") + 3), conference) == "organiser"
    eu = s.index("European Union")
    assert role_between(s, (eu, eu + 14), conference) == "organiser"  # the nearer verb is the FIA's: kept for review
    assert role_between(s, (s.index("Interpol"), s.index("Interpol") + 8), conference) == "organiser"
    s2 = "Europol said Operation Sea Wolf ended."
    assert role_between(s2, (0, 7), (13, 31), "operation") is None  # saying so is no part in an operation
    assert role_between("Europol spoke at the Global Forum.", (0, 7), (21, 33), "forum") == "speaker"
    far = "Europol; many months later, and after much debate in several parliaments, the Global Forum met."
    assert role_between(far, (0, 7), (far.index("Global"), len(far) - 5)) is None


def test_an_incidents_stakeholders_are_responders_reporters_or_refusers():
    s = "Fourteen people were rescued by a fishing vessel and 49 others by the French navy, the coastguard said."
    assert incident_role("The French navy rescued 49 people.", (4, 15)) == "responder"
    assert incident_role(s, (s.index("coastguard"), s.index("coastguard") + 10)) == "reported"
    t = "According to the IOM, 12 people are missing."
    assert incident_role(t, (17, 20)) == "reported"
    assert incident_role("Malta refused to let the boat dock.", (0, 5)) == "refused_assistance"
    assert incident_role("Malta is an island.", (0, 5)) is None

from trafficking_atlas import roster
from trafficking_atlas.roster import RosterFilter


def _table(frames):
    return roster.roster(frames, frames["stakeholders"], frames["relations"]).set_index("stakeholder_id", drop=False)


def test_roster_counts_and_sets(frames):
    t = _table(frames)
    coast = t.loc["coast-agency"]
    assert (coast["initiatives"], coast["incidents"], coast["people"]) == (1, 1, 1)
    assert coast["roles"] == ("has_employed_by", "organiser", "reported")
    assert coast["domains"] == ("migrant_smuggling",)
    assert coast["documents"] == ("doc_a.txt",)
    # A stakeholder with no ties takes its document's domains.
    assert t.loc["harbour-news", "domains"] == ("migrant_smuggling",)


def test_filters_and_text_search(frames):
    t = _table(frames)
    assert list(roster.apply(t, RosterFilter(kinds=("person",)))["stakeholder_id"]) == ["anna-smith"]
    assert list(roster.apply(t, RosterFilter(text="coast"))["stakeholder_id"]) == ["coast-agency"]
    assert list(roster.apply(t, RosterFilter(text="the coast agency"))["stakeholder_id"]) == ["coast-agency"]  # alias
    assert list(roster.apply(t, RosterFilter(roles=("reported",), countries=("Portland State",)))["stakeholder_id"]) == [
        "border-office"
    ]
    assert roster.apply(t, RosterFilter(initiatives=("drug-port-alliance",))).empty


def test_facet_counts_ignore_their_own_filter(frames):
    t = _table(frames)
    f = RosterFilter(kinds=("person",))
    kinds = roster.facet_counts(t, f, "kinds")
    assert kinds == {"law_enforcement": 1, "person": 1, "government": 1, "media": 1}
    roles = roster.facet_counts(t, f, "roles")
    assert roles == {"employed_by": 1, "organiser": 1}


def test_profile_of_a_person_and_of_an_organisation(frames):
    person = roster.profile(frames, "anna-smith")
    assert person["organisation"] == ("coast-agency", "Coast Agency")
    assert set(person["relations"]["Role"]) == {"organiser", "employed by"}
    assert "Anna Smith, its director" in set(person["relations"]["Quote"])
    org = roster.profile(frames, "coast-agency")
    assert list(org["people"]["name"]) == ["Anna Smith"]
    assert "employed by (by)" in set(org["relations"]["Role"])
    conf = org["relations"][org["relations"]["With"] == "Harbour Conference"].iloc[0]
    assert conf["Date"] == "10 May 2021"
    assert roster.profile(frames, "nobody") == {}

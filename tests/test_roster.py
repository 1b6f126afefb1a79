import pandas as pd
import pytest

from scripts import synthetic
from trafficking_atlas import loader, roster, vocab
from trafficking_atlas.roster import RosterFilter

pytestmark = pytest.mark.unit


def _roster(frames) -> roster.Roster:
    return roster.build(frames, frames["stakeholders"], frames["relations"])


def _table(frames):
    return _roster(frames).table.set_index("stakeholder_id", drop=False)


def _values(r: roster.Roster, facet: str, sid: str) -> tuple[str, ...]:
    pairs = r.links[facet]
    return tuple(sorted(pairs.loc[pairs["stakeholder_id"] == sid, "value"]))


@pytest.fixture(scope="module")
def synthetic_frames(tmp_path_factory):
    """5,500 synthetic incidents: 550 stakeholders (three pages of the table) and 16,500 relations."""
    data, seeds = synthetic.write(tmp_path_factory.mktemp("synthetic"), 5_500)
    return loader.load_dataset(data, seeds).frames


def test_roster_counts_and_sets(frames):
    r = _roster(frames)
    t = r.table.set_index("stakeholder_id", drop=False)
    coast = t.loc["coast-agency"]
    assert (coast["initiatives"], coast["incidents"], coast["people"], coast["documents"]) == (1, 1, 1, 1)
    assert coast["relations"] == 3  # organiser, reported, and Anna Smith's employed_by towards it
    assert _values(r, "roles", "coast-agency") == ("has_employed_by", "organiser", "reported")
    assert _values(r, "domains", "coast-agency") == ("migrant_smuggling",)
    assert _values(r, "documents", "coast-agency") == ("doc_a.txt",)
    # A stakeholder with no ties takes its document's domains.
    assert _values(r, "domains", "harbour-news") == ("migrant_smuggling",)
    assert roster.roster(frames, frames["stakeholders"], frames["relations"]).equals(r.table)


def test_filters_and_text_search(frames):
    r = _roster(frames)
    assert list(roster.apply(r, RosterFilter(kinds=("person",)))["stakeholder_id"]) == ["anna-smith"]
    assert list(roster.apply(r, RosterFilter(text="coast"))["stakeholder_id"]) == ["coast-agency"]
    assert list(roster.apply(r, RosterFilter(text="the coast agency"))["stakeholder_id"]) == ["coast-agency"]  # alias
    assert list(roster.apply(r, RosterFilter(roles=("reported",), countries=("Portland State",)))["stakeholder_id"]) == [
        "border-office"
    ]
    assert roster.apply(r, RosterFilter(initiatives=("drug-port-alliance",))).empty


def test_facet_counts_ignore_their_own_filter(frames):
    r = _roster(frames)
    f = RosterFilter(kinds=("person",))
    assert roster.facet_counts(r, f, "kinds") == {"law_enforcement": 1, "person": 1, "government": 1, "media": 1}
    assert roster.facet_counts(r, f, "roles") == {"employed_by": 1, "organiser": 1}
    assert roster.all_facet_counts(r, f) == {facet: roster.facet_counts(r, f, facet) for facet in roster.FACETS}


def test_sets_match_a_per_stakeholder_computation(synthetic_frames):
    """The vectorised pairs equal the sets computed the slow, obvious way, one stakeholder at a time."""
    frames = synthetic_frames
    r = _roster(frames)
    rel = frames["relations"]
    for sid in r.table["stakeholder_id"].iloc[::37]:
        own, inbound = rel[rel["stakeholder_id"] == sid], rel[(rel["target_type"] == "stakeholder") & (rel["target_id"] == sid)]
        roles = set(own["role"]) | {"has_" + x for x in inbound["role"]}
        doc = frames["stakeholders"].set_index("stakeholder_id").at[sid, "document_id"]
        assert _values(r, "roles", sid) == tuple(sorted(roles))
        assert _values(r, "documents", sid) == tuple(sorted({doc} | set(own["document_id"]) | set(inbound["document_id"])))
        assert _values(r, "initiatives", sid) == tuple(sorted(set(own.loc[own["target_type"] == "initiative", "target_id"])))
        row = r.table.set_index("stakeholder_id").loc[sid]
        assert row["relations"] == len(own) + len(inbound)
        assert row["incidents"] == own.loc[own["target_type"] == "incident", "target_id"].nunique()


def test_paging_a_roster_larger_than_a_page(synthetic_frames):
    r = _roster(synthetic_frames)
    n = len(r.table)
    assert n == 550 and roster.PAGE_SIZE == 200
    shown = roster.sort(roster.apply(r, RosterFilter()), "relations")
    assert roster.pages(n) == 3
    pages = [roster.page(shown, k) for k in (1, 2, 3)]
    assert [len(p) for p in pages] == [200, 200, 150]
    assert pd.concat(pages)["stakeholder_id"].tolist() == shown["stakeholder_id"].tolist()  # no row lost or repeated
    assert roster.page(shown, 99).equals(pages[2]) and roster.page(shown, 0).equals(pages[0])  # clamped
    # Most relations first, ties by name.
    counts = pages[0]["relations"].tolist()
    assert counts == sorted(counts, reverse=True) and counts[0] == r.table["relations"].max()
    by_name = roster.sort(r.table, "name")["name"].tolist()
    assert by_name == sorted(by_name)
    # The facet counts are over every stakeholder in view, not over the page shown.
    kinds = roster.all_facet_counts(r, RosterFilter())["kinds"]
    assert sum(kinds.values()) == n


def test_display_is_one_labelled_row_per_stakeholder_in_order(synthetic_frames):
    r = _roster(synthetic_frames)
    rows = roster.page(roster.sort(r.table, "relations"), 2)
    shown = roster.display(rows, r)
    columns = [
        "Name",
        "Kind",
        "Country",
        "Source",
        "Grade",
        "Relations",
        "Initiatives",
        "Incidents",
        "People",
        "Documents",
        "Domains",
    ]
    assert list(shown.columns) == columns
    assert shown["Name"].tolist() == rows["name"].tolist()
    first = rows.iloc[0]["stakeholder_id"]
    domains = _values(r, "domains", first)
    assert domains and shown.iloc[0]["Domains"] == ", ".join(vocab.label(vocab.DOMAINS, d) for d in domains)


def test_top_options_are_bounded_and_keep_the_chosen():
    counts = {f"ini-{i:03d}": i for i in range(1, 1000)}
    top = roster.top_options(counts, chosen=("ini-001", "gone"), limit=5)
    assert list(top)[:5] == ["ini-999", "ini-998", "ini-997", "ini-996", "ini-995"]
    assert top["ini-001"] == 1 and top["gone"] == 0 and len(top) == 7


def test_empty_view(frames):
    r = roster.build(frames, frames["stakeholders"].iloc[0:0], frames["relations"].iloc[0:0])
    assert r.table.empty and list(r.table.columns) == roster.COLUMNS
    assert roster.apply(r, RosterFilter(text="x", roles=("organiser",))).empty
    assert roster.all_facet_counts(r, RosterFilter()) == {facet: {} for facet in roster.FACETS}
    assert roster.pages(0) == 1 and roster.page(r.table, 1).empty
    assert roster.display(r.table, r).empty


def test_profile_of_a_person_and_of_an_organisation(frames):
    person = roster.profile(frames, "anna-smith")
    assert person.organisation == ("coast-agency", "Coast Agency") and "organisation: Coast Agency" in person.line
    assert set(person.relations["Role"]) == {"organiser", "employed by"}
    assert "Anna Smith, its director" in set(person.relations["Quote"])
    org = roster.profile(frames, "coast-agency")
    assert list(org.people["Name"]) == ["Anna Smith"]
    assert "employed by (by)" in set(org.relations["Role"])
    conf = org.relations[org.relations["With"] == "Harbour Conference"].iloc[0]
    assert conf["Date"] == "10 May 2021 (date from outside the documents)"
    assert roster.profile(frames, "nobody") is None


def test_a_relation_from_outside_the_documents_is_marked_in_the_profile(frames):
    rel = frames["relations"]
    first = rel.index[rel["stakeholder_id"] == "anna-smith"][0]
    rel.loc[first, ["basis", "source"]] = ["external", "Fixture Gazette"]
    relations = roster.profile({**frames, "relations": rel}, "anna-smith").relations
    row = relations.loc[relations["relation_id"] == rel.at[first, "relation_id"]].iloc[0]
    assert row["Source"] == "Outside the documents: Fixture Gazette"
    assert "names the event; the relation is not in it" in row["Document"]
    assert set(relations["Source"]) == {"Outside the documents: Fixture Gazette", "Document"}
    assert list(relations.columns).index("Source") < list(relations.columns).index("Quote")
    assert roster.profile({**frames, "relations": rel}, "anna-smith").outside_relations == 1

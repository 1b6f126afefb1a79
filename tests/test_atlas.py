"""The data seam: typed results keyed on the data's version, shared read-only, records addressed by their ids."""

import uuid

import pytest

from tests.conftest import FIXTURE_DATA, FIXTURE_SEEDS
from trafficking_atlas import atlas, roster
from trafficking_atlas.filtering import Filters

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def seam():
    return atlas.open_folders(FIXTURE_DATA, FIXTURE_SEEDS)


def test_results_are_cached_per_version_and_shared_read_only(seam, frames):
    first = seam.casualty_page(Filters())
    again = seam.casualty_page(Filters())
    assert first.total == again.total and first.rows.equals(again.rows)
    first.rows["Figure"] = "changed by a page"  # a page that sets a column cannot alter the cache
    assert not seam.casualty_page(Filters()).rows["Figure"].eq("changed by a page").any()
    # Another version of the data (here: one figure fewer) is another cache entry, never a stale result.
    fewer = atlas.of_frames({**frames, "figures": frames["figures"].iloc[1:]})
    assert fewer.version != seam.version
    assert fewer.casualty_page(Filters()).total == first.total - 1
    assert atlas.open_folders(FIXTURE_DATA, FIXTURE_SEEDS) is seam  # the same files open the same atlas


def test_the_atlas_answers_every_page_with_typed_results(seam):
    f = Filters()
    options = seam.filter_choices().options
    assert seam.counts(f).shown["incidents"] == seam.counts(f).total["incidents"] > 0
    assert seam.casualty_totals(f).dead.incidents >= 1
    layers = seam.map_layers(f, unfiltered=True)
    assert layers.holds("incident:cape-fog-sinking") and not layers.holds("incident:atlantis")
    span = seam.timeline_span(f, options)
    window = seam.timeline_window(f, "both", "route", *span.window())
    assert window.n_marks == len(window.marks) > 0 and not window.aggregated
    assert seam.on_timeline(f, "both", "figure:fog-drowned") and not seam.on_timeline(f, "both", "figure:nope")
    assert seam.figure_detail("fog-drowned").record == "figures:fog-drowned"
    assert seam.roster_page(f, roster.RosterFilter(), "relations", 1).total == seam.counts(f).shown["stakeholders"]
    assert seam.stakeholder_profile("anna-smith").name == "Anna Smith" and seam.stakeholder_profile("nobody") is None
    assert seam.sources_line(["doc_a.txt"]).startswith("Sources: ")


def test_records_are_addressed_by_their_keys_not_their_rows(seam):
    found = seam.document_records(Filters(), "doc_a.txt")
    assert found.total == len(found.records) and found.records["key"].is_unique
    for key in found.records["key"]:
        view = seam.record_view("doc_a.txt", key)
        assert view is not None and view.quote, key
        assert view.span is not None, key  # every quote is found in its document's text
    assert seam.record_view("doc_a.txt", "incidents:nope") is None
    assert seam.record_view("doc_a.txt", "nonsense") is None


def test_a_server_started_again_serves_the_overviews_results_kept_beside_the_snapshot(fixture_dataset, monkeypatch):
    from trafficking_atlas import casualties, snapshot

    version = f"restart-{uuid.uuid4().hex}"
    snapshot.save(fixture_dataset, version)
    first = atlas.Atlas(fixture_dataset, version).casualty_totals(Filters())
    # Another process on the same prepared data (a new Atlas object, Streamlit's memory cache emptied): the totals
    # come from the kept result, not from the casualty rule run again.
    atlas.st.cache_resource.clear()
    monkeypatch.setattr(casualties, "casualty_minimums", lambda *a, **k: pytest.fail("worked out again"))
    again = atlas.Atlas(fixture_dataset, version).casualty_totals(Filters())
    assert again == first and again.dead.incidents >= 1

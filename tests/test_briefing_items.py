"""The briefing's items on a dataset larger than a slide deck should hold: tables stop, the map clusters."""

import pandas as pd
import pytest

from components import briefing_items
from components.page_frame import PageContext
from scripts import synthetic
from trafficking_atlas import atlas, data_exports, filtering

pytestmark = pytest.mark.unit


def _context(a: atlas.Atlas, filters: filtering.Filters | None = None) -> PageContext:
    """What the frame hands the briefing page: the atlas and the filters (every record when none)."""
    options = a.filter_choices().options
    return PageContext(a, filters or options.defaults(), options, "")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    data, seeds = synthetic.write(tmp_path_factory.mktemp("synthetic"), 1000, seed=4)
    return _context(atlas.open_folders(data, seeds))


def test_long_tables_stop_at_the_cap_and_say_where_the_rest_is(big):
    for key in ("casualties", "stakeholders"):
        item = briefing_items.build(key, big)
        assert len(item.table) == briefing_items.TABLE_ROWS
        assert f"The first {briefing_items.TABLE_ROWS:,} of " in item.caption
        assert "data downloads" in item.caption


def test_short_tables_are_whole_and_say_nothing_of_a_cut(frames):
    item = briefing_items.build("casualties", _context(atlas.of_frames(frames)))
    assert 0 < len(item.table) < briefing_items.TABLE_ROWS and "The first" not in item.caption


def test_the_map_item_clusters_many_incidents(big, monkeypatch):
    from trafficking_atlas import geography

    monkeypatch.setattr(geography.incident_points, "__defaults__", (100,))
    monkeypatch.setattr(geography.focused_points, "__defaults__", (None, 100))
    item = briefing_items.build("map", big)
    assert "grid-cell clusters" in item.caption and "1,000 incidents" in item.caption


def test_excel_is_offered_only_while_it_fits(big):
    view = big.atlas.export_frames(big.filters)
    assert data_exports.excel_fits(view)
    assert not data_exports.excel_fits({"relations": view["relations"].iloc[[0] * (data_exports.EXCEL_ROWS + 1)]})


def test_the_timeline_item_draws_totals_when_reports_are_many(big):
    item = briefing_items.build("timeline", big)
    assert "totals by route" in item.caption
    assert sum(len(t.x) for t in item.figure.data if t.type == "bar") > 0
    assert len(item.figure.to_json()) < 600_000


def test_the_network_item_is_capped_and_says_so(tmp_path_factory):
    from trafficking_atlas import network

    data, seeds = synthetic.write(tmp_path_factory.mktemp("bigger"), 6000, seed=4)
    context = _context(atlas.open_folders(data, seeds))
    item = briefing_items.build("network", context)
    nodes = [p for t in item.figure.data if t.x is not None for p in t.x if p is not None]
    assert 0 < len(nodes) and "most connected" in item.caption
    assert context.atlas.counts(context.filters).shown["stakeholders"] > network.MAX_STAKEHOLDERS


def test_a_source_line_names_exactly_the_documents_and_outside_sources_drawn(frames):
    # A non-casualty figure of the Cape Fog sinking from the other document: on no row of the casualty table.
    extra = (
        frames["figures"]
        .iloc[[0]]
        .assign(figure_id="fog-boats", metric="boats", value=2.0, document_id="doc_b.txt", quote="The Drug Port Alliance")
    )
    frames = {**frames, "figures": pd.concat([frames["figures"], extra], ignore_index=True)}
    every = atlas.of_frames(frames)
    item = briefing_items.build("casualties", _context(every))
    drawn = set(item.table["Incident"])
    assert drawn == {"Cape Fog sinking", "Portland crossing deaths"}
    assert list(item.document_ids) == ["doc_a.txt", "doc_b.txt"]  # Portland's figure is doc_b's; the boats are on no row
    assert list(item.outside) == ["Fixture Times"]
    from datetime import date

    only_fog = filtering.apply_filters(frames, filtering.Filters(date_to=date(2021, 12, 31)))
    assert "fog-boats" in set(only_fog["figures"]["figure_id"])  # in view, but on no row of the table
    item = briefing_items.build("casualties", _context(every, filtering.Filters(date_to=date(2021, 12, 31))))
    assert list(item.document_ids) == ["doc_a.txt"]  # not doc_b, whose only figure in view is not a casualty
    line = every.sources_line(item.document_ids, item.outside)
    assert line == "Sources: Harbour News · 4 May 2021. Outside the documents: Fixture Times"

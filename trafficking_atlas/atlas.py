"""Cached access to the dataset for the app: thin cache wrappers over the pure loaders and queries."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from trafficking_atlas import catalog, geography, loader, queries, tables, text_spans, vocab


def data_dir() -> Path:
    """The data folder: `ATLAS_DATA_DIR` when set (tests point it at a broken copy), else `data/`."""
    return Path(os.environ.get("ATLAS_DATA_DIR", catalog.DATA_DIR))


def seeds_dir() -> Path:
    """The seeds folder: `ATLAS_SEEDS_DIR` when set, else `seeds/`."""
    return Path(os.environ.get("ATLAS_SEEDS_DIR", catalog.SEEDS_DIR))


def fingerprint(*folders: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the files, so an edited file is reloaded."""
    out = []
    for folder in folders:
        for p in sorted(Path(folder).glob("*")):
            if p.is_file():
                stat = p.stat()
                out.append((str(p), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def _shallow(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    # Copy-on-write (pandas 3): a shallow copy shares the cached data yet a page that sets a column
    # on it cannot alter the cache. cache_data would unpickle a deep copy on every run instead,
    # which costs seconds at 100,000 incidents.
    return {name: frame.copy(deep=False) for name, frame in frames.items()}


# cache_resource, not cache_data: the frames are shared read-only (see _shallow), not copied per run.
@st.cache_resource(show_spinner="Loading the dataset…", max_entries=4)
def _dataset(data: str, seeds: str, key: tuple) -> loader.Dataset:
    return loader.load_dataset(Path(data), Path(seeds))


def key() -> tuple[str, str, tuple]:
    """The data and seeds folders and their fingerprint: what every cached derivation is keyed on."""
    d, s = data_dir(), seeds_dir()
    return str(d), str(s), fingerprint(d, s)


def dataset() -> loader.Dataset:
    """The validated dataset (reloaded when a file changes)."""
    loaded = _dataset(*key())
    return loader.Dataset(frames=_shallow(loaded.frames), texts=loaded.texts, issues=loaded.issues)


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(data: str, seeds: str, key: tuple, filters: queries.Filters) -> dict[str, pd.DataFrame]:
    return queries.apply_filters(_dataset(data, seeds, key).frames, filters)


def view(filters: queries.Filters) -> dict[str, pd.DataFrame]:
    """Every dataset narrowed by the filters."""
    return _shallow(_view(*key(), filters))


# The sidebar: its stakeholder menu lists the most connected, not every stakeholder of a large dataset.
STAKEHOLDER_MENU = 500


@st.cache_data(show_spinner=False, max_entries=4)
def _stakeholder_menu(data: str, seeds: str, key: tuple, n: int) -> tuple[list[str], dict[str, str]]:
    frames = _dataset(data, seeds, key).frames
    ids = queries.most_connected(frames["stakeholders"], frames["relations"], n)
    names = dict(zip(frames["stakeholders"]["stakeholder_id"].tolist(), frames["stakeholders"]["name"].tolist()))
    return ids, names


def stakeholder_menu(n: int = STAKEHOLDER_MENU) -> tuple[list[str], dict[str, str]]:
    """The n most connected stakeholders' ids, and every stakeholder's name by id."""
    return _stakeholder_menu(*key(), n)


# Overview and tables: what the pages show, derived once per filter set (the browser gets only this).


@st.cache_data(show_spinner=False, max_entries=64)
def _casualty_totals(data: str, seeds: str, key: tuple, filters: queries.Filters) -> dict[str, object]:
    v = _view(data, seeds, key, filters)
    out: dict[str, object] = {}
    for external in (False, True):
        minimums = queries.casualty_minimums(v["figures"], include_external=external)
        for kind in ("dead", "missing"):
            out[f"{kind}{'_all' if external else ''}"] = queries.casualty_total(minimums, kind)
    full = _dataset(data, seeds, key).frames
    documents = queries.casualty_minimums(v["figures"], include_external=False)
    with_outside = queries.casualty_minimums(v["figures"], include_external=True)
    for kind in ("dead", "missing"):
        mine = documents[documents["kind"] == kind]
        out[f"{kind}_parts"] = queries.minimum_notes(mine, v["figures"], v["incidents"], full, "part")
        mine = with_outside[with_outside["kind"] == kind]
        out[f"{kind}_outside"] = queries.minimum_notes(mine, v["figures"], v["incidents"], full, "outside")
    return out


def casualty_totals(filters: queries.Filters) -> dict[str, object]:
    """Dead and missing totals (`queries.CasualtyTotal`) under `queries.CASUALTY_RULE`: `dead`, `missing` from the
    documents, `dead_all`, `missing_all` with outside figures; `dead_parts`, `missing_parts`: the documents'
    minimums that count a group; `dead_outside`, `missing_outside`: the minimums that come from outside figures."""
    return _casualty_totals(*key(), filters)


@st.cache_data(show_spinner=False, max_entries=64)
def _casualty_page(
    data: str, seeds: str, key: tuple, filters: queries.Filters, start: int, rows: int
) -> tuple[int, pd.DataFrame]:
    v, full = _view(data, seeds, key, filters), _dataset(data, seeds, key).frames
    total = len(tables.casualty_rows(v["figures"], v["incidents"]))
    return total, tables.casualty_table(v["figures"], v["incidents"], full, start, rows)


def casualty_page(filters: queries.Filters, start: int = 0, rows: int = tables.PAGE_ROWS) -> tuple[int, pd.DataFrame]:
    """How many casualty figures are in view, and the table of rows `start` to `start + rows`."""
    return _casualty_page(*key(), filters, start, rows)


@st.cache_data(show_spinner=False, max_entries=64)
def _latest_table(data: str, seeds: str, key: tuple, filters: queries.Filters, kind: str, n: int) -> pd.DataFrame:
    v, full = _view(data, seeds, key, filters), _dataset(data, seeds, key).frames
    build = tables.incident_table if kind == "incidents" else tables.initiative_table
    return build(queries.latest(v[kind], full["documents"], n), full)


def latest_table(filters: queries.Filters, kind: str, n: int) -> pd.DataFrame:
    """The n newest `incidents` or `initiatives` in view as a display table."""
    return _latest_table(*key(), filters, kind, n)


# Sources: a document's records and marked names, derived once per document.


@st.cache_data(show_spinner=False, max_entries=64)
def _document_records(data: str, seeds: str, key: tuple, filters: queries.Filters, document_id: str) -> tuple[pd.DataFrame, int]:
    v, full = _view(data, seeds, key, filters), _dataset(data, seeds, key).frames
    names = _record_names(data, seeds, key)
    return queries.records_of_document(v, document_id, names), len(queries.records_of_document(full, document_id, names))


@st.cache_resource(show_spinner=False, max_entries=4)
def _record_names(data: str, seeds: str, key: tuple) -> dict[str, dict[str, str]]:
    return queries.record_names(_dataset(data, seeds, key).frames)


def record_names() -> dict[str, dict[str, str]]:
    """`queries.record_names` of the whole dataset (shared read-only)."""
    return _record_names(*key())


def document_records(filters: queries.Filters, document_id: str) -> tuple[pd.DataFrame, int]:
    """The document's records under the filters, and how many it has in all."""
    return _document_records(*key(), filters, document_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _document_spans(data: str, seeds: str, key: tuple, document_id: str) -> list[text_spans.Span]:
    ds = _dataset(data, seeds, key)
    return text_spans.find_spans(ds.texts.get(document_id, ""), _entity_terms(data, seeds, key))


@st.cache_resource(show_spinner=False, max_entries=4)
def _entity_terms(data: str, seeds: str, key: tuple) -> list[tuple[str, str, str, str]]:
    return text_spans.entity_terms(_dataset(data, seeds, key).frames)


def document_spans(document_id: str) -> list[text_spans.Span]:
    """Where the dataset's stakeholders, initiatives and places are named in the document."""
    return _document_spans(*key(), document_id)


# Route map: the layers are aggregated on the server (clusters above geography.MAP_POINTS incidents).


@st.cache_data(show_spinner=False, max_entries=32)
def _map_layers(
    data: str, seeds: str, key: tuple, filters: queries.Filters, unfiltered: bool, focus: str | None
) -> dict[str, object]:
    return geography.map_layers(_view(data, seeds, key, filters), _dataset(data, seeds, key).frames, unfiltered, focus)


def map_layers(filters: queries.Filters, unfiltered: bool, focus: str | None = None) -> dict[str, object]:
    """What the route map draws for these filters, with the `focus` cluster split (see `geography.map_layers`)."""
    return _map_layers(*key(), filters, unfiltered, focus)


@st.cache_data(show_spinner=False, max_entries=32)
def _cluster_page(
    data: str, seeds: str, key: tuple, filters: queries.Filters, cluster_id: str, start: int, rows: int
) -> tuple[int, pd.DataFrame]:
    v, full = _view(data, seeds, key, filters), _dataset(data, seeds, key).frames
    members = geography.cluster_members(v["incidents"], cluster_id)
    newest = queries.latest(members, full["documents"], len(members))
    return len(members), tables.incident_table(newest.iloc[start : start + rows], full)


def cluster_page(
    filters: queries.Filters, cluster_id: str, start: int = 0, rows: int = tables.PAGE_ROWS
) -> tuple[int, pd.DataFrame]:
    """How many incidents a map cluster holds, and rows `start` to `start + rows` of them, newest first."""
    return _cluster_page(*key(), filters, cluster_id, start, rows)


# --- Casualty timeline --------------------------------------------------------------------------
# Appended as one block (this file is shared), so its import stands here rather than at the top.
from trafficking_atlas import timeline  # noqa: E402


# cache_resource, as `_view`: cache_data would unpickle 200,000 marks (a deep copy) on every run.
@st.cache_resource(show_spinner="Preparing the casualty timeline…", max_entries=4)
def _all_timeline_marks(data: str, seeds: str, key: tuple, metric: str) -> pd.DataFrame:
    frames = _dataset(data, seeds, key).frames
    if metric == "both":
        return timeline.casualty_marks(frames["figures"], frames, metric)
    # One metric's marks are the "both" marks of its figures (renumbered): a fraction of the cost of new marks.
    names = vocab.DEAD_METRICS if metric == "dead" else vocab.MISSING_METRICS
    figures = frames["figures"]
    return timeline.restrict(
        _all_timeline_marks(data, seeds, key, "both"), figures.loc[figures["metric"].isin(names), "figure_id"]
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def _timeline_marks(data: str, seeds: str, key: tuple, filters: queries.Filters, metric: str) -> pd.DataFrame:
    # Every figure's mark is derived once per dataset and metric; the filters only pick which are in view.
    figures = _view(data, seeds, key, filters)["figures"]
    return timeline.restrict(_all_timeline_marks(data, seeds, key, metric), figures["figure_id"])


def timeline_marks(filters: queries.Filters, metric: str) -> pd.DataFrame:
    """`timeline.casualty_marks` of the figures in view (shared read-only, as `view`)."""
    return _timeline_marks(*key(), filters, metric).copy(deep=False)


@st.cache_resource(show_spinner=False, max_entries=8)
def _timeline_responses(data: str, seeds: str, key: tuple, filters: queries.Filters) -> pd.DataFrame:
    return timeline.response_markers(_view(data, seeds, key, filters)["initiatives"], _dataset(data, seeds, key).frames)


def timeline_responses(filters: queries.Filters) -> pd.DataFrame:
    """`timeline.response_markers` of the initiatives in view (shared read-only, as `view`)."""
    return _timeline_responses(*key(), filters).copy(deep=False)


@st.cache_data(show_spinner=False, max_entries=64)
def _timeline_window(
    data: str, seeds: str, key: tuple, filters: queries.Filters, metric: str, group: str, start: pd.Timestamp,
    end: pd.Timestamp, limits: tuple[int, int, int],
) -> dict:  # fmt: skip
    marks, responses = _timeline_marks(data, seeds, key, filters, metric), _timeline_responses(data, seeds, key, filters)
    max_marks, max_responses, max_periods = limits
    return timeline.window_view(
        marks, responses, start, end, group, max_marks=max_marks, max_responses=max_responses, max_periods=max_periods
    )


def timeline_window(
    filters: queries.Filters, metric: str, group: str, start: pd.Timestamp, end: pd.Timestamp, limits: tuple[int, int, int]
) -> dict:
    """`timeline.window_view` of the view in a date window; `limits` = (max marks, max responses, max periods)."""
    return _timeline_window(*key(), filters, metric, group, start, end, limits)


@st.cache_data(show_spinner=False, max_entries=64)
def _timeline_context(data: str, seeds: str, key: tuple, filters: queries.Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    figures, full = _view(data, seeds, key, filters)["figures"], _dataset(data, seeds, key).frames
    return timeline.arrivals_series(figures, full), timeline.crossing_figures(figures, full)


def timeline_context(filters: queries.Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The arrivals series and the documents' crossing figures in view, for the context chart."""
    return _timeline_context(*key(), filters)


# --- Stakeholders page: the roster, its facets and pages, the network and profiles -------------------
# Appended as one block (this file is shared), so its imports stand here rather than at the top.
from trafficking_atlas import network  # noqa: E402
from trafficking_atlas import roster as roster_  # noqa: E402


# cache_resource, as `_view`: the roster and its facet pairs (a million rows at 100,000 incidents) are
# shared read-only rather than unpickled on every run.
@st.cache_resource(show_spinner="Preparing the stakeholder roster…", max_entries=8)
def _roster(data: str, seeds: str, key: tuple, filters: queries.Filters) -> roster_.Roster:
    v = _view(data, seeds, key, filters)
    return roster_.build(_dataset(data, seeds, key).frames, v["stakeholders"], v["relations"])


@st.cache_resource(show_spinner=False, max_entries=4)
def _stakeholder_options(data: str, seeds: str, key: tuple) -> dict[str, object]:
    full = _dataset(data, seeds, key).frames
    roles = queries.ids(full["relations"]["role"])
    return {
        "countries": sorted(queries.ids(full["stakeholders"]["country"])),
        "roles": sorted(roles | {"has_" + r for r in roles}),
        "initiatives": list(full["initiatives"]["initiative_id"]),
        "documents": list(full["documents"]["document_id"]),
        "stakeholders": frozenset(full["stakeholders"]["stakeholder_id"]),
        "initiative_names": dict(zip(full["initiatives"]["initiative_id"], full["initiatives"]["name"])),
        "document_labels": queries.document_labels(full["documents"]),
    }


def stakeholder_options() -> dict[str, object]:
    """Every value of the stakeholder page's facets in the data, every stakeholder id, initiative and document labels."""
    return _stakeholder_options(*key())


@st.cache_resource(show_spinner=False, max_entries=32)
def _roster_shown(
    data: str, seeds: str, key: tuple, filters: queries.Filters, rf: roster_.RosterFilter, sort: str
) -> pd.DataFrame:
    return roster_.sort(roster_.apply(_roster(data, seeds, key, filters), rf), sort)


@st.cache_data(show_spinner=False, max_entries=256)
def _roster_facets(
    data: str, seeds: str, key: tuple, filters: queries.Filters, rf: roster_.RosterFilter, limit: int
) -> dict[str, tuple[dict[str, int], int]]:
    counts = roster_.all_facet_counts(_roster(data, seeds, key, filters), rf)
    return {facet: (roster_.top_options(c, getattr(rf, facet), limit), len(c)) for facet, c in counts.items()}


def roster_facets(
    filters: queries.Filters, rf: roster_.RosterFilter, limit: int = roster_.MAX_OPTIONS
) -> dict[str, tuple[dict[str, int], int]]:
    """For each facet: the counts of its `limit` most frequent options (and the chosen ones), and how many it has."""
    return _roster_facets(*key(), filters, rf, limit)


@st.cache_data(show_spinner=False, max_entries=256)
def _roster_page(
    data: str, seeds: str, key: tuple, filters: queries.Filters, rf: roster_.RosterFilter, sort: str, number: int
) -> tuple[pd.DataFrame, list[str], int]:
    shown = _roster_shown(data, seeds, key, filters, rf, sort)
    rows = roster_.page(shown, number)
    return roster_.display(rows, _roster(data, seeds, key, filters)), list(rows["stakeholder_id"]), len(shown)


def roster_page(
    filters: queries.Filters, rf: roster_.RosterFilter, sort: str, number: int
) -> tuple[pd.DataFrame, list[str], int]:
    """One page of the roster as displayed, its stakeholder ids, and how many stakeholders the page filters leave."""
    return _roster_page(*key(), filters, rf, sort, number)


def roster_csv(filters: queries.Filters, rf: roster_.RosterFilter, sort: str) -> bytes:
    """The whole filtered roster as CSV (made only when downloaded, so not cached)."""
    k = key()
    shown = _roster_shown(*k, filters, rf, sort)
    return roster_.display(shown, _roster(*k, filters)).to_csv(index=False).encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=256)
def _network_focus(
    data: str, seeds: str, key: tuple, filters: queries.Filters, rf: roster_.RosterFilter, selected: str | None
) -> network.Focus:
    shown = _roster_shown(data, seeds, key, filters, rf, "relations")
    return network.focus(_view(data, seeds, key, filters)["relations"], set(shown["stakeholder_id"]), selected)


@st.cache_data(show_spinner="Laying out the network…", max_entries=64)
def _network_layout(
    data: str, seeds: str, key: tuple, filters: queries.Filters, stakeholders: tuple[str, ...], records: tuple[str, ...] | None
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    relations = _view(data, seeds, key, filters)["relations"]
    drawn = network.Focus(stakeholders, None if records is None else frozenset(records), 0, 0)
    g = network.build_graph(_dataset(data, seeds, key).frames, set(stakeholders), relations, drawn.records)
    nodes, edges = network.layout(g)
    return nodes, edges, sorted(queries.ids(network.drawn_relations(relations, drawn)["document_id"]))


def stakeholder_network(
    filters: queries.Filters, rf: roster_.RosterFilter, selected: str | None
) -> tuple[network.Focus, pd.DataFrame, pd.DataFrame, list[str]]:
    """The network of the stakeholders the page filters leave, capped by `network.focus`: the focus, the laid-out
    nodes and edges, and the documents of the relations drawn. The layout is keyed on what is drawn, so choosing
    a stakeholder already drawn does not lay the graph out again."""
    k = key()
    f = _network_focus(*k, filters, rf, selected)
    records = None if f.records is None else tuple(sorted(f.records))
    nodes, edges, documents = _network_layout(*k, filters, f.stakeholders, records)
    return f, nodes, edges, documents


@st.cache_data(show_spinner=False, max_entries=128)
def _stakeholder_profile(data: str, seeds: str, key: tuple, stakeholder_id: str) -> dict[str, object]:
    return roster_.profile(_dataset(data, seeds, key).frames, stakeholder_id)


def stakeholder_profile(stakeholder_id: str) -> dict[str, object]:
    """`roster.profile` of one stakeholder in the full data."""
    return _stakeholder_profile(*key(), stakeholder_id)

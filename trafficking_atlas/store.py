"""Cached access to the dataset for the app: thin cache wrappers over the pure loaders and queries."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from trafficking_atlas import catalog, geography, loader, queries, tables


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


# Overview and tables: what the pages show, derived once per filter set (the browser gets only this).


@st.cache_data(show_spinner=False, max_entries=64)
def _casualty_totals(data: str, seeds: str, key: tuple, filters: queries.Filters) -> dict[str, tuple[float, float, bool]]:
    v = _view(data, seeds, key, filters)
    out = {}
    for external in (False, True):
        ranges = queries.casualty_ranges(v["figures"], v["incidents"], include_external=external, with_text=False)
        for metric in ("dead", "missing"):
            out[f"{metric}{'_all' if external else ''}"] = queries.totals(ranges, metric)
    return out


def casualty_totals(filters: queries.Filters) -> dict[str, tuple[float, float, bool]]:
    """Dead and missing summed over incidents (`dead`, `missing`; `dead_all`, `missing_all` with outside figures)."""
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


# Route map: the layers are aggregated on the server (clusters above geography.MAP_POINTS incidents).


@st.cache_data(show_spinner=False, max_entries=32)
def _map_layers(data: str, seeds: str, key: tuple, filters: queries.Filters, unfiltered: bool) -> dict[str, object]:
    return geography.map_layers(_view(data, seeds, key, filters), _dataset(data, seeds, key).frames, unfiltered)


def map_layers(filters: queries.Filters, unfiltered: bool) -> dict[str, object]:
    """What the route map draws for these filters (see `geography.map_layers`)."""
    return _map_layers(*key(), filters, unfiltered)


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
    return timeline.casualty_marks(frames["figures"], frames, metric)


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

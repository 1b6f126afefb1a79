"""Cached access to the dataset for the app: thin cache wrappers over the pure loaders and queries."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from trafficking_atlas import catalog, loader, queries, tables


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

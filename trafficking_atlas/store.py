"""Cached access to the dataset for the app: thin cache wrappers over the pure loaders and queries."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from trafficking_atlas import catalog, loader, queries


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

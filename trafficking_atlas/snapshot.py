"""A columnar snapshot of a validated `loader.Dataset`, keyed on the data's version: a cold start reads the snapshot
(Parquet, through pyarrow) instead of parsing and validating the CSV files again.

A snapshot is a folder `snapshot-v<FORMAT>-<version>` in `folder()`: one Parquet file per frame, the texts as one
table (document id, text), the issues as one table (the `DataIssue` fields) and a `manifest.json` naming each
frame's columns, dtypes and length, the set-aside counts and the format number. It is written to a temporary folder
and renamed into place, so a reader sees a whole snapshot or none; only the newest `KEEP` are kept. Neither `save`
nor `load` ever raises: a snapshot that cannot be written (a full disk, a read-only folder) or read (absent, partial,
corrupt, another layout) is None, and the app loads the CSV files as it did without one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import re
import shutil
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from trafficking_atlas import catalog, loader

FORMAT = 1  # the layout's number: a snapshot of another format is ignored, never misread
KEEP = 3  # snapshots kept in the folder (the newest written or read)
ENV = "ATLAS_SNAPSHOT_DIR"
MANIFEST = "manifest.json"
PREFIX = f"snapshot-v{FORMAT}-"
STALE_S = 6 * 3600  # an unfinished temporary folder this old is a crashed save's, and is removed
# A string column whose first rows hold few distinct values is marked `repeated` in the manifest, for `categories`.
SAMPLE_ROWS = 100_000
REPEATED_SHARE = 0.1  # at most one distinct value in ten rows: a category saves memory (ids repeated twice do not)

log = logging.getLogger(__name__)  # failures at info: nothing is printed unless logging is configured to show it

ISSUE_SCHEMA = pa.schema(
    [("file", pa.large_string()), ("row", pa.int64()), ("column", pa.large_string()), ("message", pa.large_string()),
     ("line", pa.int64())]
)  # fmt: skip
TEXT_SCHEMA = pa.schema([("document_id", pa.large_string()), ("text", pa.large_string())])


def folder() -> Path:
    """Where snapshots are kept: `ATLAS_SNAPSHOT_DIR` when set, else `.atlas-cache` in the project's root."""
    return Path(os.environ.get(ENV) or catalog.ROOT / ".atlas-cache")


def _name(version: str) -> str:
    safe = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", version) is not None
    return PREFIX + (version if safe else hashlib.sha256(version.encode()).hexdigest()[:32])


# --- Column dtypes, as the manifest records them ----------------------------------------------------------------


def _null_kind(values: pd.Series) -> str:
    nulls = values[values.isna()]
    first = nulls.iloc[0] if len(nulls) else pd.NA
    return "None" if first is None else "nan" if isinstance(first, float) else "NA"


def _spec(series: pd.Series) -> dict:
    """How to give a column read back from Parquet its dtype again."""
    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype):
        spec = {"kind": "string", "storage": dtype.storage, "na": "nan" if dtype.na_value is np.nan else "NA"}
        sample = series.iloc[:SAMPLE_ROWS]
        spec["repeated"] = bool(len(sample)) and sample.nunique(dropna=False) <= REPEATED_SHARE * len(sample)
        return spec
    if pd.api.types.is_object_dtype(dtype):
        return {"kind": "object", "null": _null_kind(series)}
    return {"kind": "dtype", "dtype": str(dtype)}


def _sorted_categories(series: pd.Series) -> pd.Series:
    """A column read dictionary-encoded (`categories`) with its categories sorted, so that sorting by the column sorts
    by its values as with strings, and with "" among them, as `.fillna("")` needs; sorted by pyarrow, not Python."""
    categories = series.cat.categories
    if "" not in categories:
        categories = categories.append(pd.Index([""], dtype=categories.dtype))
    order = pc.array_sort_indices(pa.array(categories.array)).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = series.cat.codes.to_numpy()
    codes = np.where(codes >= 0, rank[np.maximum(codes, 0)], -1)
    values = pd.Categorical.from_codes(codes, categories=categories.take(order), validate=False)
    return pd.Series(values, index=series.index, name=series.name, copy=False)


def _restore(series: pd.Series, spec: dict) -> pd.Series:
    kind = spec["kind"]
    if kind == "string":
        if isinstance(series.dtype, pd.CategoricalDtype):
            return _sorted_categories(series)
        dtype = pd.StringDtype(spec["storage"], na_value=np.nan if spec["na"] == "nan" else pd.NA)
        return series if series.dtype == dtype else series.astype(dtype)
    if kind == "object":
        out = series.astype(object)
        null = {"None": None, "nan": np.nan, "NA": pd.NA}[spec["null"]]
        return out.where(out.notna(), null) if out.isna().any() else out
    dtype = pd.api.types.pandas_dtype(spec["dtype"])
    return series if series.dtype == dtype else series.astype(dtype)


def _matches(series: pd.Series, spec: dict) -> bool:
    kind, dtype = spec["kind"], series.dtype
    if kind == "string":
        if isinstance(dtype, pd.CategoricalDtype):
            return True
        na = np.nan if spec["na"] == "nan" else pd.NA
        return isinstance(dtype, pd.StringDtype) and dtype.storage == spec["storage"] and dtype.na_value is na
    if kind == "object":
        return pd.api.types.is_object_dtype(dtype)
    return str(dtype) == spec["dtype"]


# --- Saving -----------------------------------------------------------------------------------------------------


def _write(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="snappy", write_page_checksum=True)


def _save_frame(frame: pd.DataFrame, path: Path) -> dict:
    index = frame.index
    if not isinstance(index, pd.RangeIndex):
        raise ValueError("only a frame with a RangeIndex is kept in a snapshot")
    if not frame.columns.is_unique:
        raise ValueError("a frame with repeated column names is not kept in a snapshot")
    names = [str(c) for c in frame.columns]
    if names != list(frame.columns):
        raise ValueError("a frame whose column names are not strings is not kept in a snapshot")
    columns = [{"name": c, **_spec(frame[c])} for c in names]
    _write(pa.Table.from_pandas(frame, preserve_index=False), path)
    return {
        "file": path.name,
        "rows": len(frame),
        "index": {"start": index.start, "step": index.step},
        "columns_dtype": str(frame.columns.dtype),
        "columns": columns,
    }


def _issues_table(issues: list[loader.DataIssue]) -> pa.Table:
    return pa.table(
        {
            "file": [str(i.file) for i in issues],
            "row": [None if i.row is None else int(i.row) for i in issues],
            "column": [None if i.column is None else str(i.column) for i in issues],
            "message": [str(i.message) for i in issues],
            "line": [None if i.line is None else int(i.line) for i in issues],
        },
        schema=ISSUE_SCHEMA,
    )


def _snapshots(where: Path) -> list[Path]:
    return [p for p in where.glob("snapshot-v*-*") if p.is_dir()]


def _used(path: Path) -> float:
    try:
        return (path / MANIFEST).stat().st_mtime
    except OSError:
        return 0.0


def _prune(where: Path, keep: Path) -> None:
    """Keep the `KEEP` newest snapshots (`keep` always); remove temporary folders of saves that died long ago."""
    shots = sorted((p for p in _snapshots(where) if p != keep), key=_used, reverse=True)
    for old in shots[max(KEEP - 1, 0) :]:
        shutil.rmtree(old, ignore_errors=True)
    now = time.time()
    for tmp in [*where.glob(".tmp-*"), *where.glob(".trash-*")]:
        with contextlib.suppress(OSError):
            if tmp.name.startswith(".trash-") or now - tmp.stat().st_mtime > STALE_S:
                shutil.rmtree(tmp, ignore_errors=True)


def save(dataset: loader.Dataset, version: str, where: Path | None = None) -> Path | None:
    """Keep the dataset as the snapshot of `version` in `where` (default `folder()`); its folder, or None when it
    could not be written (never an exception: the app then runs without a snapshot)."""
    tmp: Path | None = None
    try:
        where = Path(where) if where is not None else folder()
        where.mkdir(parents=True, exist_ok=True)
        target = where / _name(version)
        tmp = where / f".tmp-{target.name}-{uuid.uuid4().hex[:12]}"
        tmp.mkdir()
        frames = {}
        for i, (name, frame) in enumerate(dataset.frames.items()):
            frames[name] = _save_frame(frame, tmp / f"frame-{i}.parquet")
        texts = pa.table({"document_id": list(dataset.texts), "text": list(dataset.texts.values())}, schema=TEXT_SCHEMA)
        _write(texts, tmp / "texts.parquet")
        _write(_issues_table(dataset.issues), tmp / "issues.parquet")
        manifest = {
            "format": FORMAT,
            "version": version,
            "frames": frames,
            "texts": {"file": "texts.parquet", "count": len(dataset.texts)},
            "issues": {"file": "issues.parquet", "count": len(dataset.issues)},
            "set_aside": {str(k): int(v) for k, v in dataset.set_aside.items()},
            "pandas": pd.__version__,
            "pyarrow": pa.__version__,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        if target.exists():  # an older copy (perhaps one that could not be read): replaced whole
            trash = where / f".trash-{target.name}-{uuid.uuid4().hex[:12]}"
            with contextlib.suppress(OSError):
                os.rename(target, trash)
        try:
            os.rename(tmp, target)
        except OSError:
            if not (target / MANIFEST).exists():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another process saved the same version meanwhile: keep theirs
        tmp = None
        _prune(where, target)
        return target
    except Exception as exc:  # noqa: BLE001 - a snapshot is an optimisation: never the reason the app fails
        log.info("snapshot of %s not saved: %s", version, exc)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        return None


# --- Loading ----------------------------------------------------------------------------------------------------


def _load_frame(path: Path, meta: dict, categories: bool) -> pd.DataFrame:
    specs = meta["columns"]
    names = [c["name"] for c in specs]
    dictionary = [c["name"] for c in specs if categories and c["kind"] == "string" and c.get("repeated")]
    table = pq.read_table(path, read_dictionary=dictionary or None, page_checksum_verification=True)
    if table.column_names != names or table.num_rows != meta["rows"]:
        raise ValueError(f"{path.name} does not hold the columns and rows its manifest names")
    strings = {
        (c["storage"], c["na"]): pd.StringDtype(c["storage"], na_value=np.nan if c["na"] == "nan" else pd.NA)
        for c in specs
        if c["kind"] == "string"
    }
    mapper = None
    if len(strings) == 1:  # the usual case: every string column in pandas 3's one string dtype, read without a copy
        (dtype,) = strings.values()
        mapper = {pa.string(): dtype, pa.large_string(): dtype}.get
    frame = table.to_pandas(types_mapper=mapper, split_blocks=True, self_destruct=True)
    del table
    out = {}
    for spec in specs:
        series = _restore(frame[spec["name"]], spec)
        if not _matches(series, spec):
            raise ValueError(f"{path.name}: column {spec['name']!r} read back as {series.dtype}")
        out[spec["name"]] = series
    start, step = meta["index"]["start"], meta["index"]["step"]
    index = pd.RangeIndex(start, start + step * meta["rows"], step)
    result = pd.DataFrame(out, copy=False) if out else pd.DataFrame(index=index)
    result.index = index
    result.columns = pd.Index(names, dtype=pd.api.types.pandas_dtype(meta["columns_dtype"]))
    return result


def _int(value: object) -> int | None:
    return None if value is None else int(value)


def load(version: str, where: Path | None = None, *, categories: bool = False) -> loader.Dataset | None:
    """The dataset kept as the snapshot of `version`, as `loader.load_dataset` returned it; None when there is none
    or it cannot be read whole (partial, corrupt, another format). Never an exception.

    `categories` (off by default; for measurement): string columns whose values repeat (`document_id`, `quote`,
    `basis`, ...) are read as pandas categoricals, dictionary-encoded, which are smaller but not the loader's dtype.
    """
    try:
        base = Path(where) if where is not None else folder()
        path = base / _name(version)
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("version") != version:
            return None
        frames = {name: _load_frame(path / meta["file"], meta, categories) for name, meta in manifest["frames"].items()}
        texts_table = pq.read_table(path / manifest["texts"]["file"], page_checksum_verification=True)
        if texts_table.schema != TEXT_SCHEMA or texts_table.num_rows != manifest["texts"]["count"]:
            return None
        texts = dict(zip(texts_table.column("document_id").to_pylist(), texts_table.column("text").to_pylist()))
        del texts_table
        table = pq.read_table(path / manifest["issues"]["file"], page_checksum_verification=True)
        if table.schema != ISSUE_SCHEMA or table.num_rows != manifest["issues"]["count"]:
            return None
        cols = {name: table.column(name).to_pylist() for name in ISSUE_SCHEMA.names}
        issues = [
            loader.DataIssue(file, _int(row), column, message, _int(line))
            for file, row, column, message, line in zip(cols["file"], cols["row"], cols["column"], cols["message"],
                                                        cols["line"])
        ]  # fmt: skip
        set_aside = {str(k): int(v) for k, v in manifest["set_aside"].items()}
        if len(texts) != manifest["texts"]["count"]:
            return None
        with contextlib.suppress(OSError):
            os.utime(path / MANIFEST)  # read: among the newest, so pruning keeps it
        return loader.Dataset(frames=frames, texts=texts, issues=issues, set_aside=set_aside)
    except Exception as exc:  # noqa: BLE001 - absent, partial, corrupt or odd: the app loads the files instead
        log.info("snapshot of %s not loaded: %s", version, exc)
        return None


# --- Results kept beside a snapshot -------------------------------------------------------------------------------
# A page-shaped result that depends on the data alone and the call's arguments (the Overview's totals and tables for
# a filter set) is kept in its snapshot's `results/` folder, so a server restarted on prepared data serves them without
# working them out again. The key names the code too (`CODE`): results of an older build are never read.

RESULTS = "results"
MAX_RESULTS = 5000  # results kept per snapshot at most (each filter set a user tries adds a few): then no more


def _code_digest() -> str:
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


CODE = _code_digest()


def _result_path(version: str, key: str, where: Path | None) -> Path:
    base = Path(where) if where is not None else folder()
    name = hashlib.sha256(f"{CODE}\0{key}".encode()).hexdigest()[:32]
    return base / _name(version) / RESULTS / f"{name}.pickle"


def load_result(version: str, key: str, where: Path | None = None) -> tuple[bool, object]:
    """(True, the result) kept for `key` beside the snapshot of `version`, or (False, None). Never an exception."""
    try:
        with open(_result_path(version, key, where), "rb") as fh:
            return True, pickle.load(fh)  # noqa: S301 - the app's own cache folder, written only by `save_result`
    except Exception as exc:  # noqa: BLE001 - absent or unreadable: the result is worked out again
        if not isinstance(exc, FileNotFoundError):
            log.info("result %s of %s not loaded: %s", key, version, exc)
        return False, None


def save_result(version: str, key: str, value: object, where: Path | None = None) -> bool:
    """Keep a result beside the snapshot of `version` (only when that snapshot exists); whether it was kept."""
    tmp: Path | None = None
    try:
        path = _result_path(version, key, where)
        if not (path.parent.parent / MANIFEST).exists():
            return False
        path.parent.mkdir(exist_ok=True)
        if len(os.listdir(path.parent)) >= MAX_RESULTS:
            return False
        tmp = path.with_name(f".tmp-{uuid.uuid4().hex[:12]}")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # whole or not at all, for a reader in another process
        return True
    except Exception as exc:  # noqa: BLE001 - an optimisation: never the reason a page fails
        log.info("result %s of %s not kept: %s", key, version, exc)
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        return False

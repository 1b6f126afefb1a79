"""Loads the catalog's files into validated frames, reporting every bad record by file, row and column."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from trafficking_atlas import catalog, grading, schemas
from trafficking_atlas.presentation import shorten


@dataclass(frozen=True)
class DataIssue:
    """One problem found in a data file."""

    file: str
    row: int | None  # 1-based data row (the header is not counted); None for the whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.row + 1})"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


@dataclass
class Dataset:
    """The validated frames, the seed texts and the issues met while loading them."""

    frames: dict[str, pd.DataFrame]
    texts: dict[str, str]
    issues: list[DataIssue] = field(default_factory=list)

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(name)


def _undecodable_lines(data: bytes) -> list[int]:
    """The 1-based lines of UTF-8 text that hold bytes that are not UTF-8."""
    return [n for n, line in enumerate(data.split(b"\n"), start=1) if "\ufffd" in line.decode("utf-8", errors="replace")]


def read_texts(seeds_dir: Path) -> tuple[dict[str, str], list[DataIssue]]:
    """Every seed document's text by file name; bytes that are not UTF-8 are read as U+FFFD (�), and said so by line,
    so that one bad byte loses only the quotes that contain it, not the document or the app."""
    texts, issues = {}, []
    for p in sorted(Path(seeds_dir).glob("*.txt")):
        data = p.read_bytes()
        try:
            texts[p.name] = data.decode("utf-8")
        except UnicodeDecodeError:
            texts[p.name] = data.decode("utf-8", errors="replace")
            lines = ", ".join(map(str, _undecodable_lines(data)[:5]))
            issues.append(DataIssue(p.name, None, None, f"holds bytes that are not UTF-8 (line {lines}), shown as �; "
                                    "records quoting those lines are left out"))  # fmt: skip
    return texts, issues


def _friendly(check: str, value: object) -> str:
    check = str(check)
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        kind = "a date (YYYY-MM-DD)" if "datetime" in check else "a number"
        if "int" in check:
            kind = "a whole number"
        return f"could not read {value!r} as {kind}"
    if check.startswith("isin"):
        return f"{value!r} is not an allowed value; allowed: {check[5:-1]}"
    if check == "field_uniqueness":
        return f"duplicate id {value!r}"
    if check == "not_nullable":
        return "is empty but a value is required"
    if check.startswith("str_matches"):
        return f"{value!r} does not have the expected form {check[12:-1]}"
    if check.startswith("str_length"):
        return f"{value!r} is too short"
    if check.startswith("greater_than") or check.startswith("less_than") or check.startswith("in_range"):
        return f"{value!r} is out of range ({check})"
    return f"{value!r} fails check {check}"


def read_frame(name: str, path: Path) -> tuple[pd.DataFrame, list[DataIssue], set[str]]:
    """Read and validate one dataset file; bad rows are dropped and reported, never silently. Also the ids the file
    holds, dropped rows' included (so that what refers to one can say it was set aside, not that it does not exist)."""
    file = path.name
    entry = catalog.DATASETS[name]
    if not path.exists():
        return entry.empty_frame(), [DataIssue(file, None, None, "file is missing")], set()
    issues = []
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8", encoding_errors="replace")
    except (pd.errors.ParserError, UnicodeDecodeError, csv.Error, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return entry.empty_frame(), [DataIssue(file, None, None, f"cannot be read as CSV: {first}")], set()
    ids = set(raw[entry.id_column].dropna()) if entry.id_column in raw else set()
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        # One bad byte costs only its row's cell (shown as �), not the file and everything that refers to it.
        bad = raw.apply(lambda col: col.str.contains("\ufffd", regex=False, na=False)).any(axis=1)
        issues += [DataIssue(file, int(i) + 1, None, "holds bytes that are not UTF-8, shown as �; the row is kept")
                   for i in raw.index[bad]]  # fmt: skip
    frame, found = validate(name, raw, file)
    return frame, issues + found, ids


def validate(name: str, raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[DataIssue]]:
    """Validate a dataset's rows as read (every cell a string or empty), whether from its file or from the store;
    bad rows are dropped and reported, never silently."""
    entry = catalog.DATASETS[name]
    schema = entry.schema
    missing = [c for c in entry.columns() if c not in raw.columns]
    if missing:
        msg = f"missing column(s) {', '.join(missing)}; the file is skipped"
        return entry.empty_frame(), [DataIssue(file, None, None, msg)]
    raw = raw.reset_index(drop=True)
    issues: list[DataIssue] = []
    frame = raw
    for _ in range(3):
        try:
            valid = schema.validate(frame, lazy=True)
            return valid.reset_index(drop=True), issues
        except pa.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            rows = cases[cases["index"].notna()]
            if rows.empty:
                msg = "; ".join(sorted({f"{c}: {k}" for c, k in zip(cases["column"], cases["check"])}))
                issues.append(DataIssue(file, None, None, f"does not fit its schema ({msg}); the file is skipped"))
                return entry.empty_frame(), issues
            seen = set()
            for _, case in rows.iterrows():
                key = (int(case["index"]), case["column"])
                if key in seen or str(case["check"]).startswith("dtype("):
                    continue
                seen.add(key)
                issues.append(DataIssue(file, key[0] + 1, case["column"], _friendly(case["check"], case["failure_case"])))
            bad = {int(i) for i in rows["index"]}
            frame = frame.drop(index=[i for i in bad if i in frame.index])
    return entry.empty_frame(), issues + [DataIssue(file, None, None, "could not be validated")]


def _check_quotes(name: str, frame: pd.DataFrame, texts: dict[str, str]) -> tuple[set[int], list[DataIssue]]:
    file = catalog.DATASETS[name].file
    bad, issues = set(), []
    found: dict[tuple[str, str], bool] = {}  # (document, quote) -> in the text; quotes repeat across records
    for i, doc, quote in zip(frame.index, frame["document_id"], frame["quote"]):
        if doc not in texts:
            bad.add(i)
            issues.append(DataIssue(file, i + 1, "document_id", f"document {doc!r} is not in seeds/"))
            continue
        key = (doc, quote)
        if key not in found:
            found[key] = quote in texts[doc]
        if not found[key]:
            bad.add(i)
            short = shorten(quote, 59, keep=57, words=False, mark="...")
            issues.append(DataIssue(file, i + 1, "quote", f"{short!r} is not found verbatim in {doc}"))
    return bad, issues


def _missing(value: object, target: str, set_aside: dict[str, set]) -> str:
    """Why a reference finds no record: its target was set aside for a problem of its own, or does not exist."""
    file = catalog.DATASETS[target].file
    if value in set_aside.get(target, set()):
        return f"{value!r} was set aside in {file} (see its notice), so this record is left out too"
    return f"{value!r} does not exist in {file}"


def _check_references(
    name: str, frame: pd.DataFrame, frames: dict[str, pd.DataFrame], set_aside: dict[str, set] | None = None
) -> tuple[set[int], list[DataIssue], dict[str, list[int]]]:
    """Rows whose reference finds no record: left out where the reference is required, else kept with the reference
    cleared (`cleared`: column -> rows), so that a person keeps their record when their organisation is lost."""
    file = catalog.DATASETS[name].file
    set_aside = set_aside or {}
    columns = catalog.DATASETS[name].schema.to_schema().columns
    bad, issues, cleared = set(), [], {}
    for (source, column), (target, target_col) in schemas.REFERENCES.items():
        # A reference inside the file (a person's organisation, an initiative's parent) is checked too.
        if source != name or (target not in frames and target != name):
            continue
        known = set(frames[target][target_col]) if target != name else set(frame[target_col])
        values = frame[column]
        missing = values.notna() & ~values.isin(known)
        optional = columns[column].nullable if column in columns else False
        for i, value in values[missing].items():
            if optional:
                cleared.setdefault(column, []).append(i)
                issues.append(DataIssue(file, i + 1, column, _missing(value, target, set_aside).replace(
                    ", so this record is left out too", "") + "; the reference is cleared and the record kept"))  # fmt: skip
                continue
            bad.add(i)
            issues.append(DataIssue(file, i + 1, column, _missing(value, target, set_aside)))
    if name == "relations":
        known_targets: dict[str, set] = {}  # built once per target type, not once per row
        for i, target_type, target_id in zip(frame.index, frame["target_type"], frame["target_id"]):
            target = catalog.TARGETS.get(target_type)
            if not target:
                continue
            if target_type not in known_targets:
                known_targets[target_type] = set(frames[target.name][target.id_column])
            if target_id not in known_targets[target_type]:
                bad.add(i)
                issues.append(DataIssue(file, i + 1, "target_id", _missing(target_id, target.name, set_aside)))
    return bad, issues, cleared


@dataclass(frozen=True)
class Additions:
    """Records added to the atlas beyond data/ (the store's reviewed documents), as read: every cell a string or
    empty, per dataset; and the added documents' texts by document id."""

    rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    label: str = "the store"
    grades: pd.DataFrame | None = None  # analysts' grades of documents and records (`grading.GRADE_COLUMNS`)


def load_dataset(
    data_dir: Path = catalog.DATA_DIR, seeds_dir: Path = catalog.SEEDS_DIR, additions: Additions | None = None
) -> Dataset:
    """Load and check every dataset, the store's additions merged in; a bad file or row is reported and left out,
    the rest is kept. An added record is checked as a file's row is: schema, quote in its text, references."""
    seeds, issues = read_texts(seeds_dir)
    texts = seeds | (additions.texts if additions else {})
    frames: dict[str, pd.DataFrame] = {}
    set_aside: dict[str, set] = {}  # ids of records left out for a problem of their own, per dataset
    for name, entry in catalog.DATASETS.items():
        frame, found, read_ids = read_frame(name, Path(data_dir) / entry.file)
        issues += found
        added = additions.rows.get(name) if additions else None
        if added is not None and entry.id_column in added:
            read_ids |= set(added[entry.id_column].dropna())
        if added is not None and len(added):
            extra, found = validate(name, added.astype(object).where(added.notna(), None), f"{additions.label} ({name})")
            issues += found
            if entry.id_column:
                # An added record never replaces one of data/: the curated base layer wins, and says so.
                clash = extra[entry.id_column].isin(set(frame[entry.id_column]))
                issues += [DataIssue(f"{additions.label} ({name})", None, entry.id_column,
                                     f"{ident!r} is already in {entry.file}; the added record is left out")
                           for ident in extra.loc[clash, entry.id_column]]  # fmt: skip
                extra = extra[~clash]
            frame = pd.concat([frame, extra], ignore_index=True) if len(frame) else extra
        bad_q, found_q = _check_quotes(name, frame, texts)
        bad_r, found_r, cleared = _check_references(name, frame, frames, set_aside)
        issues += found_q + found_r
        for column, rows in cleared.items():
            frame.loc[rows, column] = None
        if entry.id_column:
            set_aside[name] = read_ids - set(frame.drop(index=sorted(bad_q | bad_r))[entry.id_column])
        frames[name] = frame.drop(index=sorted(bad_q | bad_r)).reset_index(drop=True)
    frames = grading.graded(frames, additions.grades if additions else None)
    return Dataset(frames=frames, texts=texts, issues=issues)

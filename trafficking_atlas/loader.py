"""Loads the catalog's files into validated frames, reporting every bad record by file, row and column."""

from __future__ import annotations

import csv
import io
import sys
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
    line: int | None = None  # the file's line, when a quoted field spans lines (else the row's number + 1)

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.line or self.row + 1})"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


@dataclass
class Dataset:
    """The validated frames, the seed texts, the issues met while loading them and how many records each file (or the
    store) had set aside."""

    frames: dict[str, pd.DataFrame]
    texts: dict[str, str]
    issues: list[DataIssue] = field(default_factory=list)
    set_aside: dict[str, int] = field(default_factory=dict)

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


MAX_FIELD = 100_000  # characters; a longer cell is a broken row (a lost quote swallowing the file), not a record
csv.field_size_limit(sys.maxsize)  # so that such a row is named and set aside, not the reading of the whole file


def read_rows(data: bytes, file: str) -> tuple[pd.DataFrame | None, list[DataIssue], dict[int, int]]:
    """A CSV file's rows as strings (empty cells as missing), indexed by data row from 0, and the line each row ends
    on. A row with more or fewer cells than the header, or a cell over `MAX_FIELD`, is set aside by itself and named,
    never the whole file. None when the file has no header at all."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    issues: list[DataIssue] = []
    try:
        header = next((r for r in reader if r), None)
        if header is None:
            return None, [DataIssue(file, None, None, "is empty (no header, no records)")], {}
        rows, index, lines, n = [], [], {}, 0
        for cells in reader:
            if not cells:
                continue  # a blank line is not a record
            n += 1
            if len(cells) != len(header):
                issues.append(DataIssue(file, n, None, f"has {len(cells)} cells where the header has {len(header)} "
                                        "(a stray or missing comma, or an unclosed quote); the row is set aside",
                                        reader.line_num))  # fmt: skip
            elif max(map(len, cells)) > MAX_FIELD:
                issues.append(DataIssue(file, n, None, f"has a cell over {MAX_FIELD:,} characters; the row is set aside",
                                        reader.line_num))  # fmt: skip
            else:
                rows.append(cells), index.append(n - 1)
            lines[n - 1] = reader.line_num
    except csv.Error as exc:
        return None, [DataIssue(file, None, None, f"cannot be read as CSV: {exc} (near line {reader.line_num})")], {}
    raw = pd.DataFrame(rows, columns=header, index=index, dtype=object) if rows else pd.DataFrame(columns=header)
    return raw.where(raw != "", None), issues, lines


def _duplicates(raw: pd.DataFrame, id_column: str | None, file: str) -> tuple[pd.DataFrame, list[DataIssue]]:
    """A repeated id keeps its first row; each later copy is set aside and named (pandera's check would drop both)."""
    if not id_column or id_column not in raw:
        return raw, []
    ids = raw[id_column]
    later = ids.notna() & ids.duplicated(keep="first")
    first = {v: i for i, v in reversed(list(ids[ids.notna()].items()))}
    issues = [DataIssue(file, i + 1, id_column, f"duplicate id {v!r} (first at row {first[v] + 1}, which is kept); "
                        "this row is set aside") for i, v in ids[later].items()]  # fmt: skip
    return raw[~later], issues


def read_frame(name: str, path: Path) -> tuple[pd.DataFrame, list[DataIssue], set[str], dict[int, int], int]:
    """Read and validate one dataset file; bad rows are set aside and reported, never silently. Also the ids the file
    holds, set-aside rows' included (so that what refers to one can say it was set aside, not that it does not exist),
    the line each row ends on and how many rows the file holds. The frame's index is the row's number from 0."""
    file = path.name
    entry = catalog.DATASETS[name]
    if not path.exists():
        return entry.empty_frame(), [DataIssue(file, None, None, "file is missing")], set(), {}, 0
    data = path.read_bytes()
    if b"\x00" in data:  # no text file holds a NUL byte: this is a binary file under a data file's name
        return entry.empty_frame(), [DataIssue(file, None, None, "is not a text file; the file is skipped")], set(), {}, 0
    raw, issues, lines = read_rows(data, file)
    if raw is None:
        return entry.empty_frame(), issues, set(), {}, 0
    total = len(lines)
    if total == 0:
        issues.append(DataIssue(file, None, None, "holds no records, only its header"))
    ids = set(raw[entry.id_column].dropna()) if entry.id_column in raw else set()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # One bad byte costs only its row's cell (shown as �), not the file and everything that refers to it.
        bad = raw.apply(lambda col: col.str.contains("\ufffd", regex=False, na=False)).any(axis=1)
        issues += [DataIssue(file, int(i) + 1, None, "holds bytes that are not UTF-8, shown as �; the row is kept")
                   for i in raw.index[bad]]  # fmt: skip
    frame, found = validate(name, raw, file)
    return frame, issues + found, ids, lines, total


def _together(column: str, columns: dict) -> list[str]:
    group = next((g for g in schemas.CLEARED_TOGETHER if column in g), (column,))
    return [c for c in group if c in columns]


def validate(name: str, raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[DataIssue]]:
    """Validate a dataset's rows as read (every cell a string or empty), whether from its file or from the store,
    keeping their index (the row's number from 0). A value that cannot be read in an optional column is cleared (with
    the cells that mean something only with it) and the record kept; a bad required value sets its row aside; a
    missing optional column is read as empty. Every one is reported, never silently."""
    entry = catalog.DATASETS[name]
    schema = entry.schema
    columns = schema.to_schema().columns
    missing = [c for c in entry.columns() if c not in raw.columns]
    required = [c for c in missing if not columns[c].nullable]
    if required:
        msg = f"missing column(s) {', '.join(missing)}; the file is skipped"
        return entry.empty_frame(), [DataIssue(file, None, None, msg)]
    issues: list[DataIssue] = []
    if missing:
        raw = raw.assign(**{c: None for c in missing})
        issues.append(DataIssue(file, None, None, f"has no column {', '.join(missing)}; read as empty in every row"))
    frame, found = _duplicates(raw, entry.id_column, file)
    issues += found
    frame = frame.copy()
    for _ in range(4):
        try:
            valid = schema.validate(frame, lazy=True)
            return valid, issues
        except pa.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            rows = cases[cases["index"].notna()]
            if rows.empty:
                msg = "; ".join(sorted({f"{c}: {k}" for c, k in zip(cases["column"], cases["check"])}))
                issues.append(DataIssue(file, None, None, f"does not fit its schema ({msg}); the file is skipped"))
                return entry.empty_frame(), issues
            seen, bad, cleared = set(), set(), {}
            for _, case in rows.iterrows():
                key = (int(case["index"]), case["column"])
                if key in seen or str(case["check"]).startswith("dtype("):
                    continue
                seen.add(key)
                message = _friendly(case["check"], case["failure_case"])
                column = columns.get(case["column"])
                if column is not None and column.nullable and case["check"] != "not_nullable":
                    group = _together(case["column"], columns)
                    cleared.setdefault(key[0], set()).update(group)
                    others = [c for c in group if c != case["column"]]
                    also = f" (with {', '.join(others)})" if others else ""
                    issues.append(DataIssue(file, key[0] + 1, case["column"],
                                            f"{message}; the value is cleared{also} and the record kept"))  # fmt: skip
                else:
                    bad.add(key[0])
                    issues.append(DataIssue(file, key[0] + 1, case["column"], f"{message}; the row is set aside"))
            for i, group in cleared.items():
                if i in frame.index and i not in bad:
                    frame.loc[i, sorted(group)] = None
            frame = frame.drop(index=[i for i in bad if i in frame.index])
    return entry.empty_frame(), issues + [DataIssue(file, None, None, "could not be validated")]


Origin = list[tuple[str, int, int | None]]  # per record, by position: its file (or the store), row and line


def _at(origin: Origin, i: int, column: str, message: str) -> DataIssue:
    file, row, line = origin[i]
    return DataIssue(file, row, column, message, line)


def dataset_lines(text: str) -> frozenset[str]:
    """An imported dataset's file as its set of lines: a row's quote is whole lines of it (searching a file of a
    million rows for each of its rows would take hours)."""
    return frozenset(text.replace("\r\n", "\n").split("\n"))


def _quoted(quote: str, doc: str, text: str, lines: dict[str, frozenset[str]]) -> bool:
    """Whether the quote is verbatim in its document: a substring of a text, whole lines of a dataset's file."""
    if not doc.endswith(".csv"):
        return quote in text
    if doc not in lines:
        lines[doc] = dataset_lines(text)
    return all(line in lines[doc] for line in quote.replace("\r\n", "\n").split("\n"))


def _check_quotes(frame: pd.DataFrame, texts: dict[str, str], origin: Origin) -> tuple[set[int], list[DataIssue]]:
    bad, issues = set(), []
    lines: dict[str, frozenset[str]] = {}
    found: dict[tuple[str, str], bool] = {}  # (document, quote) -> in the text; quotes repeat across records
    for i, doc, quote in zip(frame.index, frame["document_id"], frame["quote"]):
        if doc not in texts:
            bad.add(i)
            issues.append(_at(origin, i, "document_id", f"document {doc!r} is not in seeds/"))
            continue
        key = (doc, quote)
        if key not in found:
            found[key] = _quoted(quote, doc, texts[doc], lines)
        if not found[key]:
            bad.add(i)
            short = shorten(quote, 59, keep=57, words=False, mark="...")
            issues.append(_at(origin, i, "quote", f"{short!r} is not found verbatim in {doc}"))
    return bad, issues


def _missing(value: object, target: str, set_aside: dict[str, set]) -> str:
    """Why a reference finds no record: its target was set aside for a problem of its own, or does not exist."""
    file = catalog.DATASETS[target].file
    if value in set_aside.get(target, set()):
        return f"{value!r} was set aside in {file} (see its notice), so this record is left out too"
    return f"{value!r} does not exist in {file}"


def _check_references(
    name: str, frame: pd.DataFrame, frames: dict[str, pd.DataFrame], origin: Origin, set_aside: dict[str, set]
) -> tuple[set[int], list[DataIssue], dict[str, list[int]]]:
    """Rows whose reference finds no record: left out where the reference is required, else kept with the reference
    cleared (`cleared`: column -> rows), so that a person keeps their record when their organisation is lost."""
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
                issues.append(_at(origin, i, column, _missing(value, target, set_aside).replace(
                    ", so this record is left out too", "") + "; the reference is cleared and the record kept"))  # fmt: skip
                continue
            bad.add(i)
            issues.append(_at(origin, i, column, _missing(value, target, set_aside)))
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
                issues.append(_at(origin, i, "target_id", _missing(target_id, target.name, set_aside)))
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
    counts: dict[str, int] = {}  # records set aside, per file (or the store)
    for name, entry in catalog.DATASETS.items():
        frame, found, read_ids, lines, total = read_frame(name, Path(data_dir) / entry.file)
        issues += found
        origin: Origin = [(entry.file, i + 1, lines.get(i)) for i in frame.index]
        read = {entry.file: total}
        added = additions.rows.get(name) if additions else None
        if added is not None and entry.id_column in added:
            read_ids |= set(added[entry.id_column].dropna())
        if added is not None and len(added):
            label = f"{additions.label} ({name})"
            raw = added.astype(object).where(added.notna(), None).reset_index(drop=True)
            # Records stored before an optional column was added to the schema lack it: empty, not a problem to say.
            optional = entry.schema.to_schema().columns
            raw = raw.assign(**{c: None for c in entry.columns() if c not in raw and optional[c].nullable})
            extra, found = validate(name, raw, label)
            issues += found
            if entry.id_column:
                # An added record never replaces one of data/: the curated base layer wins, and says so.
                clash = extra[entry.id_column].isin(set(frame[entry.id_column]))
                issues += [DataIssue(label, int(i) + 1, entry.id_column,
                                     f"{ident!r} is already in {entry.file}; the added record is left out")
                           for i, ident in extra.loc[clash, entry.id_column].items()]  # fmt: skip
                extra = extra[~clash]
            origin += [(label, i + 1, None) for i in extra.index]
            read[label] = len(raw)
            frame = pd.concat([frame, extra]) if len(frame) else extra
        frame = frame.reset_index(drop=True)
        bad_q, found_q = _check_quotes(frame, texts, origin)
        bad_r, found_r, cleared = _check_references(name, frame, frames, origin, set_aside)
        issues += found_q + found_r
        for column, rows in cleared.items():
            frame.loc[rows, column] = None
        kept = frame.drop(index=sorted(bad_q | bad_r))
        if entry.id_column:
            set_aside[name] = read_ids - set(kept[entry.id_column])
        for where, n in read.items():
            lost = n - sum(1 for i in kept.index if origin[i][0] == where)
            if lost:
                counts[where] = lost
        frames[name] = kept.reset_index(drop=True)
    frames = grading.graded(frames, additions.grades if additions else None)
    return Dataset(frames=frames, texts=texts, issues=issues, set_aside=counts)


def summary(dataset: Dataset) -> str:
    """One line on what loading set aside: how many records, from which files ('3 records set aside (figures.csv 2,
    relations.csv 1)'), and how many values were cleared in records that were kept."""
    lost = sum(dataset.set_aside.values())
    cleared = sum(1 for i in dataset.issues if i.message.endswith("and the record kept"))
    parts = []
    if lost:
        where = ", ".join(f"{f} {n}" for f, n in sorted(dataset.set_aside.items()))
        parts.append(f"{lost} record{'s' * (lost != 1)} set aside ({where})")
    if cleared:
        parts.append(f"{cleared} value{'s' * (cleared != 1)} cleared in records that are kept")
    return "; ".join(parts) if parts else "No record set aside"

"""The data downloads: display tables as CSV, every dataset as CSV files in a zip or one Excel workbook."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd

from trafficking_atlas import catalog

# A cell a spreadsheet would run as a formula ("=HYPERLINK(…)", "+cmd", "-2+3", "@SUM"), after OWASP's advice on CSV
# injection: such text is written with a leading apostrophe, which spreadsheets show as text and do not run.
FORMULA = r"^[=+\-@\t\r]"


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that a spreadsheet would run as a formula made plain text (numbers untouched)."""
    out = frame.copy(deep=False)
    for col in out.columns:
        values = out[col]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            try:
                risky = values.str.match(FORMULA, na=False).astype(bool)  # non-text cells: False
            except AttributeError:  # a column of no text at all
                continue
            if risky.any():
                out[col] = values.where(~risky, "'" + values.astype(str))
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A display table as a CSV download, formulas made inert (`inert`)."""
    return inert(frame).to_csv(index=False).encode("utf-8")


def data_zip(frames: dict[str, pd.DataFrame]) -> bytes:
    """Every dataset as a CSV (provenance columns included), zipped, formulas made inert."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", inert(_plain(frame)).to_csv(index=False))
    return buffer.getvalue()


def dataset_zip(frames: dict[str, pd.DataFrame], texts: dict[str, str]) -> bytes:
    """The atlas as a dataset in the repository's layout: `data/<file>.csv` with each file's own columns (base and
    added records, withdrawn ones left out) and `seeds/<document id>` with every document's text, so that an
    instance's additions can be reviewed and committed. Its cells are written as they are (it is read back by the
    loader, not opened as a spreadsheet), unlike the other downloads (`inert`). The analysts' grades are assessments,
    not extractions: they go beside, in `grades.csv` (each graded record's current grade and who gave it), never into
    `data/`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, entry in catalog.DATASETS.items():
            frame = frames[name]
            archive.writestr(f"data/{entry.file}", _plain(frame[entry.columns()]).to_csv(index=False))
        for document_id, text in sorted(texts.items()):
            archive.writestr(f"seeds/{document_id}", text)
        graded = grade_rows(frames)
        if len(graded):
            archive.writestr("grades.csv", _plain(graded).to_csv(index=False))
    return buffer.getvalue()


def grade_rows(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every record graded on its own (not only through its document): dataset, id, scale, grade and who gave it."""
    rows = []
    for name, frame in frames.items():
        entry = catalog.DATASETS.get(name)
        if entry is None or entry.id_column is None or "grade" not in frame:
            continue
        own = frame[frame["grade"].notna() & ~frame["grade_note"].fillna("").astype(str).str.startswith("as its document")]
        rows.append(pd.DataFrame({"dataset": name, "record_id": own[entry.id_column], "document_id": own["document_id"],
                                  "scale": own["grade_scale"], "grade": own["grade"], "note": own["grade_note"]}))  # fmt: skip
    columns = ["dataset", "record_id", "document_id", "scale", "grade", "note"]
    return pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)


# Above this many rows in all, a workbook takes minutes to write here (and a sheet tops out at 1,048,576 rows):
# the page offers the CSV files instead.
EXCEL_ROWS = 200_000


def excel_fits(frames: dict[str, pd.DataFrame]) -> bool:
    """Whether the datasets are small enough for the Excel export (see EXCEL_ROWS)."""
    return sum(len(frame) for frame in frames.values()) <= EXCEL_ROWS


def data_excel(frames: dict[str, pd.DataFrame]) -> bytes:
    """Every dataset as a sheet of one Excel workbook, formulas made inert."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            inert(_plain(frame)).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[col] = values.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_float_dtype(values):
            present = values.dropna()
            if (present == present.round()).all():
                out[col] = values.astype("Int64")
        elif values.dtype == object and values.map(lambda v: isinstance(v, (list, tuple, dict))).any():
            # Only object columns can hold lists; string columns are skipped without a per-cell test.
            out[col] = values.map(json.dumps)
    return out

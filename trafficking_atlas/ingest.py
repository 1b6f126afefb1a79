"""Command line: propose a document's records as JSON, writing nothing.

.venv/bin/python -m trafficking_atlas.ingest FILE --published YYYY-MM-DD [--title T] [--outlet O] --json
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from trafficking_atlas import catalog, extraction, loader, review, store


def _records(frame: pd.DataFrame) -> list[dict]:
    # Dates as YYYY-MM-DD and missing values as null, the way the data files write them.
    out = frame.astype(object).where(frame.notna(), None)
    return [{k: (v.date().isoformat() if isinstance(v, pd.Timestamp) else v) for k, v in row.items()}
            for row in out.to_dict("records")]  # fmt: skip


def add(argv: list[str]) -> int:
    """Add a reviewed JSON file (the shape `--json` prints) and its document's text to the store, in one go."""
    parser = argparse.ArgumentParser(prog="python -m trafficking_atlas.ingest add", description=add.__doc__)
    parser.add_argument("reviewed", type=Path, help="the reviewed proposals: one JSON object keyed by dataset")
    parser.add_argument("--text", type=Path, required=True, help="the document's text (UTF-8), as proposed from")
    parser.add_argument("--by", required=True, help="who reviewed the records (kept with them and in the history)")
    args = parser.parse_args(argv)
    try:
        reviewed = json.loads(args.reviewed.read_text(encoding="utf-8"))
        text = args.text.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        parser.error(f"cannot read the files: {exc}")
    unknown = sorted(set(reviewed) - set(catalog.DATASETS)) if isinstance(reviewed, dict) else ["(not an object)"]
    if unknown:
        parser.error(f"unknown dataset(s) in {args.reviewed}: {', '.join(unknown)}")
    accepted = {name: pd.DataFrame(rows) for name, rows in reviewed.items()}
    # A proposal marked `known` names a record the atlas already has: it is a link, not a record to add.
    accepted = {n: f[~f["known"].fillna(False).astype(bool)] if "known" in f else f for n, f in accepted.items()}
    # Each record is checked as data/'s rows are (schema, quote in the text, references) before anything is stored.
    rows = {n: f.drop(columns="known", errors="ignore") for n, f in accepted.items()}
    found = review.problems(rows, text, label=str(args.reviewed))
    if found:
        parser.error("the reviewed records do not check out, nothing was added:\n" + "\n".join(map(str, found)))
    try:
        added = store.add(store.open_store(), text, rows, args.by)
    except store.StoreError as exc:
        parser.error(f"{exc}; nothing was added")
    print(f"added {added} to {store.database_url()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["add"]:
        return add(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m trafficking_atlas.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="a plain-text document (UTF-8)")
    parser.add_argument("--published", required=True, help="publication date, YYYY-MM-DD (relative dates hang on it)")
    parser.add_argument("--title", default="")
    parser.add_argument("--outlet", default="")
    parser.add_argument("--json", action="store_true", help="print the proposals as one JSON object (the default)")
    args = parser.parse_args(argv)
    try:
        published = date.fromisoformat(args.published)
    except ValueError:
        parser.error(f"--published {args.published!r} is not a date (YYYY-MM-DD)")
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        parser.error(f"{args.file} cannot be read as UTF-8 text: {exc}")
    if not text.strip():
        parser.error(f"{args.file} is empty")
    data = loader.load_dataset(catalog.DATA_DIR, catalog.SEEDS_DIR).frames
    proposals = extraction.propose(extraction.Document(text, published, args.title, args.outlet), data)
    json.dump({name: _records(frame) for name, frame in proposals.items() if name in extraction.PROPOSED_DATASETS},
              sys.stdout, ensure_ascii=False, indent=1)  # fmt: skip
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

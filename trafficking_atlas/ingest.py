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

from trafficking_atlas import catalog, extraction, loader


def _records(frame: pd.DataFrame) -> list[dict]:
    # Dates as YYYY-MM-DD and missing values as null, the way the data files write them.
    out = frame.astype(object).where(frame.notna(), None)
    return [{k: (v.date().isoformat() if isinstance(v, pd.Timestamp) else v) for k, v in row.items()}
            for row in out.to_dict("records")]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
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

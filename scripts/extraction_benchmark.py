#!/usr/bin/env python
"""Extraction benchmark: the extractor run on the five seeds, compared with the curated records of data/.

Usage (from the repository root):

    .venv/bin/python scripts/extraction_benchmark.py [--json FILE]

For each seed the extractor sees the atlas without that document's own records (so a name is not found because
the curation already wrote it down as an alias), proposes its records, and is scored against what the curators
drew from it:

- stakeholders and places: a curated record is found when a proposal's name matches its name or an alias
  (rapidfuzz token-set ratio >= 85); precision is the share of proposals that match a curated record;
- figures: a curated figure the document writes (basis text; an inferred one, such as a count of a list, is
  not written) is found when a proposal has its value (and upper end); "invented" counts proposed values that
  the proposal's own sentence does not write;
- dates: each curated incident's and initiative's date that its own quote writes (basis text, or a date the
  quote's words give), right when the first date found there starts on the curated day at the curated precision;
- seconds per document.

Targets: stakeholders and figures >= 90% recall, 0 invented numbers, dates right >= 90%, under 1 s a document.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz
from text_to_num import alpha2digit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trafficking_atlas import catalog, extraction, loader  # noqa: E402
from trafficking_atlas.extract_dates import find_dates  # noqa: E402
from trafficking_atlas.extract_entities import gazetteer  # noqa: E402
from trafficking_atlas.frame_tools import split_list  # noqa: E402

TARGETS = {"stakeholders recall": 0.9, "figures recall": 0.9, "dates right": 0.9}


def _names(frame: pd.DataFrame) -> list[list[str]]:
    return [[n, *split_list(a)] for n, a in zip(frame["name"], frame["aliases"])]


def _matched(curated: list[list[str]], proposed: list[str]) -> tuple[int, int]:
    """How many curated records a proposal names, and how many proposals name a curated record."""
    hit = [any(fuzz.token_set_ratio(p, form) >= 85 for p in proposed for form in forms) for forms in curated]
    used = [any(fuzz.token_set_ratio(p, form) >= 85 for forms in curated for form in forms) for p in proposed]
    return sum(hit), sum(used)


def _written(value: float, sentence: str) -> bool:
    """Whether the sentence writes the number (as digits, or words text2num reads)."""
    words = re.sub(r"\b([A-Za-z]+)-([A-Za-z]+)\b", r"\1 \2", sentence)  # "two-day": text2num reads no hyphens
    numbers = re.findall(r"\d[\d,]*(?:\.\d+)?", alpha2digit(words, "en", threshold=0))
    return any(abs(float(n.replace(",", "")) - value) < 1e-9 for n in numbers if n.replace(",", "").replace(".", "").isdigit())


def score(data: dict[str, pd.DataFrame], texts: dict[str, str]) -> dict:
    """Per document and in all: found, curated, proposed, precision inputs, invented numbers, dates, seconds."""
    totals: dict[str, float] = {}
    per_doc = []
    for doc in data["documents"].itertuples():
        others = {k: f[f["document_id"] != doc.document_id] if "document_id" in f else f for k, f in data.items()}
        g = gazetteer(others["stakeholders"], others["places"])
        t0 = time.perf_counter()
        proposal = extraction.propose(
            extraction.Document(texts[doc.document_id], doc.published.date(), doc.title, doc.outlet), data, g
        )
        seconds = time.perf_counter() - t0
        row = {"document": doc.document_id, "seconds": round(seconds, 3)}
        for dataset in ("stakeholders", "places"):
            mine = data[dataset][(data[dataset]["document_id"] == doc.document_id) & (data[dataset]["basis"] != "external")]
            found, used = _matched(_names(mine), list(proposal[dataset]["name"]))
            row |= {f"{dataset} curated": len(mine), f"{dataset} found": found, f"{dataset} proposed": len(proposal[dataset]),
                    f"{dataset} proposals matching": used}  # fmt: skip
        figs = data["figures"][(data["figures"]["document_id"] == doc.document_id) & (data["figures"]["basis"] == "text")]
        proposed = proposal["figures"]
        values = set(zip(proposed["value"], proposed["value_max"].fillna(-1)))
        found = sum((v, m if pd.notna(m) else -1) in values for v, m in zip(figs["value"], figs["value_max"]))
        curated_values = set(figs["value"])
        row |= {"figures curated": len(figs), "figures found": found, "figures proposed": len(proposed),
                "figures proposals matching": int(proposed["value"].isin(curated_values).sum()),
                "invented numbers": sum(not _written(v, q) for v, q in zip(proposed["value"], proposed["quote"]))}  # fmt: skip
        right = dated = 0
        for dataset in ("incidents", "initiatives"):
            recs = data[dataset][(data[dataset]["document_id"] == doc.document_id) & data[dataset]["date"].notna()]
            recs = recs[recs["date_basis"] != "external"]
            for r in recs.itertuples():
                dates = find_dates(r.quote, doc.published.date())
                if r.date_basis != "text" and not dates:
                    continue  # worked out from elsewhere in the document, not from its own sentence
                dated += 1
                right += bool(dates) and dates[0].start == r.date.date() and dates[0].precision == r.date_precision
        row |= {"dates curated": dated, "dates right": right}
        per_doc.append(row)
        for k, v in row.items():
            if k != "document":
                totals[k] = totals.get(k, 0) + v
    ratio = lambda a, b: totals[a] / totals[b] if totals[b] else float("nan")  # noqa: E731
    summary = {
        "stakeholders recall": ratio("stakeholders found", "stakeholders curated"),
        "stakeholders precision": ratio("stakeholders proposals matching", "stakeholders proposed"),
        "places recall": ratio("places found", "places curated"),
        "places precision": ratio("places proposals matching", "places proposed"),
        "figures recall": ratio("figures found", "figures curated"),
        "figures precision": ratio("figures proposals matching", "figures proposed"),
        "invented numbers": int(totals["invented numbers"]),
        "dates right": ratio("dates right", "dates curated"),
        "seconds per document": totals["seconds"] / len(per_doc),
    }
    return {"documents": per_doc, "summary": summary}


def main() -> int:
    parser = argparse.ArgumentParser(description="Score the extractor against the curated records of data/.")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    dataset = loader.load_dataset(catalog.DATA_DIR, catalog.SEEDS_DIR)
    result = score(dataset.frames, dataset.texts)
    print(pd.DataFrame(result["documents"]).set_index("document").T.to_string())
    print()
    for name, value in result["summary"].items():
        target = TARGETS.get(name)
        verdict = "" if target is None else (" met" if value >= target else f" NOT met (target {target:.0%})")
        if name == "invented numbers":
            verdict = " met" if value == 0 else " NOT met (target 0)"
        if name == "seconds per document":
            verdict = " met" if value < 1 else " NOT met (target < 1 s)"
        shown = f"{value:.0%}" if isinstance(value, float) and name != "seconds per document" else f"{value:.2f}"
        print(f"{name:26s} {shown}{verdict}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

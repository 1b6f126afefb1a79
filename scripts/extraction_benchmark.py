#!/usr/bin/env python
"""Extraction benchmark: the extractor run on the five seeds, compared with the curated records of data/, and on
the article fixtures of tests/fixtures/articles/, compared with their hand-written expectations.

Usage (from the repository root):

    .venv/bin/python scripts/extraction_benchmark.py [--json FILE] [--misses]

**Seeds.** For each seed the extractor sees the atlas without that document's own records (so a name is not found
because the curation already wrote it down as an alias), proposes its records, and is scored against what the
curators drew from it:

- stakeholders, places and initiatives: a curated record is found when a proposal's name matches its name or an
  alias (rapidfuzz token-set ratio >= 85); precision is the share of proposals that match a curated record;
- figures: a curated figure the document writes (basis text; an inferred one, such as a count of a list, is
  not written) is found when a proposal has its value (and upper end); "invented" counts proposed values that
  the proposal's own sentence does not write;
- dates: each curated incident's and initiative's date that its own quote writes (basis text, or a date the
  quote's words give), right when the first date found there starts on the curated day at the curated precision;
- seconds per document.

**Articles.** Each fixture (own-words reports of real, cited events; see tests/fixtures/articles/README.md) is
proposed against the whole atlas and scored against its `expected` records:

- stakeholders, places, initiatives: recall and precision by name, as for the seeds (an expected entry may list
  several forms of one name);
- figures: found when a proposal has the expected value, upper end and metric (one proposal per expectation);
  of those whose value is proposed at all, the share with the right qualifier and, where the text names a reporter,
  the share with the right reporter; precision is the share of proposals whose value is expected; invented
  numbers as for the seeds;
- dates: an expected date is right when the dates read from its sentence include one with its words that starts
  on the expected day at the expected precision ("week": a span of days starting on that Monday);
- seconds per document.

Targets: stakeholders and figures >= 90% recall, 0 invented numbers, dates right >= 90%, under 1 s a document.
`--misses` also prints what each article's expected records were missed for, with their sentences.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz
from text_to_num import alpha2digit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trafficking_atlas import catalog, extraction, loader  # noqa: E402
from trafficking_atlas.extract_dates import DateMatch, event_date, find_dates  # noqa: E402
from trafficking_atlas.extract_entities import gazetteer, sentences  # noqa: E402
from trafficking_atlas.extract_figures import MULTIPLIER_WORDS  # noqa: E402
from trafficking_atlas.frame_tools import split_list  # noqa: E402

ARTICLES_DIR = ROOT / "tests" / "fixtures" / "articles"
TARGETS = {"stakeholders recall": 0.9, "figures recall": 0.9, "dates right": 0.9}
MATCH = 85  # rapidfuzz token-set ratio at which two names are one
SCALES = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "1000000": 1e6, "1000000000": 1e9}


def _names(frame: pd.DataFrame) -> list[list[str]]:
    return [[n, *split_list(a)] for n, a in zip(frame["name"], frame["aliases"])]


def _forms(entry: str | list[str]) -> list[str]:
    """An expected name's forms: the name alone, or the list of forms the text gives it."""
    return [entry] if isinstance(entry, str) else list(entry)


def _same(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(a, b) >= MATCH


def _name_hits(curated: list[list[str]], proposed: list[str]) -> tuple[list[bool], list[bool]]:
    """For each curated record whether a proposal names it, and for each proposal whether it names a curated one."""
    hit = [any(_same(p, form) for p in proposed for form in forms) for forms in curated]
    used = [any(_same(p, form) for forms in curated for form in forms) for p in proposed]
    return hit, used


def _matched(curated: list[list[str]], proposed: list[str]) -> tuple[int, int]:
    """How many curated records a proposal names, and how many proposals name a curated record."""
    hit, used = _name_hits(curated, proposed)
    return sum(hit), sum(used)


def _written(value: float, sentence: str) -> bool:
    """Whether the sentence writes the number (as digits, or words text2num reads; "1.6 million" is 1,600,000).
    "Hundreds" or "thousands" writes no number (text2num would read them as 100 and 1000)."""
    words = re.sub(r"\b([A-Za-z]+)-([A-Za-z]+)\b", r"\1 \2", sentence)  # "two-day": text2num reads no hyphens
    words = re.sub(r"\b(?:hundreds|thousands|millions|billions)\b", "many", words, flags=re.I)
    # A multiplier word ("double as many") writes its factor.
    words = re.sub(rf"\b({'|'.join(MULTIPLIER_WORDS)})\b", lambda m: str(MULTIPLIER_WORDS[m.group(1).lower()]), words, flags=re.I)
    numeric = alpha2digit(words, "en", threshold=0)
    for m in re.finditer(r"(\d[\d,]*(?:\.\d+)?)(?:\s*(million|billion|bn|m|1000000000|1000000)\b)?", numeric, re.I):
        digits = m.group(1).replace(",", "")
        if not digits.replace(".", "").isdigit():
            continue
        n = float(digits)
        scaled = n * SCALES[m.group(2).lower()] if m.group(2) else n
        if abs(n - value) < 1e-9 or abs(scaled - value) < 1e-6:
            return True
    return False


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


# --- the seeds -------------------------------------------------------------------------------------------------


def score(data: dict[str, pd.DataFrame], texts: dict[str, str]) -> dict:
    """Per seed and in all: found, curated, proposed, precision inputs, invented numbers, dates, seconds."""
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
        for dataset in ("stakeholders", "places", "initiatives"):
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
                own = event_date(r.quote, find_dates(r.quote, doc.published.date()))
                if r.date_basis != "text" and own is None:
                    continue  # worked out from elsewhere in the document, not from its own sentence
                dated += 1
                right += own is not None and own.start == r.date.date() and own.precision == r.date_precision
        row |= {"dates curated": dated, "dates right": right}
        per_doc.append(row)
        for k, v in row.items():
            if k != "document":
                totals[k] = totals.get(k, 0) + v
    ratio = lambda a, b: _ratio(totals[a], totals[b])  # noqa: E731
    summary = {
        "stakeholders recall": ratio("stakeholders found", "stakeholders curated"),
        "stakeholders precision": ratio("stakeholders proposals matching", "stakeholders proposed"),
        "places recall": ratio("places found", "places curated"),
        "places precision": ratio("places proposals matching", "places proposed"),
        "initiatives recall": ratio("initiatives found", "initiatives curated"),
        "initiatives precision": ratio("initiatives proposals matching", "initiatives proposed"),
        "figures recall": ratio("figures found", "figures curated"),
        "figures precision": ratio("figures proposals matching", "figures proposed"),
        "invented numbers": int(totals["invented numbers"]),
        "dates right": ratio("dates right", "dates curated"),
        "seconds per document": totals["seconds"] / len(per_doc),
    }
    return {"documents": per_doc, "summary": summary}


# --- the articles ----------------------------------------------------------------------------------------------


def load_articles(folder: Path = ARTICLES_DIR) -> list[dict]:
    """Each fixture's metadata and expectations (its .json) with its text (the .txt of the same name) and id."""
    out = []
    for path in sorted(folder.glob("*.json")):
        meta = json.loads(path.read_text(encoding="utf-8"))
        out.append(meta | {"id": path.stem, "text": path.with_suffix(".txt").read_text(encoding="utf-8")})
    return out


def _same_number(a: float | None, b: float | None) -> bool:
    missing_a = a is None or (isinstance(a, float) and math.isnan(a))
    missing_b = b is None or (isinstance(b, float) and math.isnan(b))
    return missing_a and missing_b or (not missing_a and not missing_b and abs(float(a) - float(b)) < 1e-6)


def _qualifier_right(expected: dict, proposed: dict) -> bool:
    """The qualifier is right when it is the expected one ("between": the range's upper end is proposed too)."""
    if expected.get("qualifier") == "between":
        return _same_number(expected.get("value_max"), proposed.get("value_max"))
    return (expected.get("qualifier") or "exact") == proposed.get("qualifier")


def _reporter_right(expected: dict, proposed: dict, stakeholders: list[str | list[str]], names: dict[str, str]) -> bool:
    """The proposal's reporter (a stakeholder id, named in `names`) is a form of the expected reporter's name."""
    who, got = expected.get("reported_by"), proposed.get("reported_by")
    if not who or not isinstance(got, str) or not got:
        return False
    forms = next((_forms(s) for s in stakeholders if who in _forms(s)), [who])
    return any(_same(form, names.get(got, got.replace("-", " "))) for form in forms)


def match_figures(expected: list[dict], proposed: list[dict]) -> tuple[list[int | None], list[int | None]]:
    """For each expected figure the proposal with its value, upper end and metric, and the proposal with its value
    whatever the rest (the first, where it has one); each proposal serves one expectation. Among proposals of one
    value, one with the expected upper end and one from the sentence that writes the expected words come first."""

    def rank(e: dict, i: int) -> tuple:
        p = proposed[i]
        return (not _same_number(e.get("value_max"), p.get("value_max")), (e.get("words") or "") not in (p.get("quote") or ""), i)

    def candidates(e: dict, used: set[int]) -> list[int]:
        return sorted((i for i, p in enumerate(proposed) if i not in used and _same_number(e["value"], p["value"])),
                      key=lambda i: rank(e, i))  # fmt: skip

    used: set[int] = set()
    full: list[int | None] = []
    for e in expected:
        pick = next((i for i in candidates(e, used) if proposed[i].get("metric") == e.get("metric")
                     and _same_number(e.get("value_max"), proposed[i].get("value_max"))), None)  # fmt: skip
        if pick is not None:
            used.add(pick)
        full.append(pick)
    by_value = list(full)
    for k, e in enumerate(expected):
        if by_value[k] is None:
            pick = next(iter(candidates(e, used)), None)
            if pick is not None:
                used.add(pick)
            by_value[k] = pick
    return full, by_value


def score_figures(expected: list[dict], proposed: list[dict], stakeholders: list, names: dict[str, str]) -> dict:
    """An article's figure counts: expected, found (value and metric), value found, qualifier and reporter right,
    proposed, proposals whose value is expected, invented numbers."""
    full, by_value = match_figures(expected, proposed)
    judged = [(e, proposed[i]) for e, i in zip(expected, by_value) if i is not None]
    reported = [(e, p) for e, p in judged if e.get("reported_by")]
    values = [e["value"] for e in expected]
    return {
        "figures expected": len(expected),
        "figures found": sum(i is not None for i in full),
        "figures value found": len(judged),
        "qualifier right": sum(_qualifier_right(e, p) for e, p in judged),
        "reporters judged": len(reported),
        "reporters right": sum(_reporter_right(e, p, stakeholders, names) for e, p in reported),
        "figures proposed": len(proposed),
        "figures proposals matching": sum(any(_same_number(p["value"], v) for v in values) for p in proposed),
        "invented numbers": sum(not _written(p["value"], p.get("quote") or "") for p in proposed),
    }


def _sentence_with(text: str, words: str) -> str:
    return next((s for _, _, s in sentences(text) if words in s), text)


def _date_right(expected: dict, found: list[DateMatch]) -> bool:
    wanted, words = date.fromisoformat(expected["date"]), expected["words"].lower()
    for m in found:
        if not (m.words.lower() in words or words in m.words.lower()) or m.start != wanted:
            continue
        if expected["precision"] == "week" and m.precision == "day" and m.end > m.start:
            return True
        if m.precision == expected["precision"]:
            return True
    return False


def score_dates(expected: list[dict], text: str, published: date) -> list[tuple[dict, bool, list[DateMatch]]]:
    """Each expected date, whether it is read right from its sentence, and the dates read there."""
    out = []
    for e in expected:
        found = find_dates(_sentence_with(text, e["words"]), published)
        out.append((e, _date_right(e, found), found))
    return out


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()} for r in frame.to_dict("records")]


def score_article(article: dict, proposal: dict[str, pd.DataFrame], seconds: float) -> tuple[dict, dict]:
    """One article's row of counts, and what it missed (names, figures with the proposals for their value, dates)."""
    exp = article["expected"]
    published = date.fromisoformat(article["published"])
    row: dict = {"article": article["id"], "seconds": round(seconds, 3)}
    misses: dict = {}
    for dataset in ("stakeholders", "places", "initiatives"):
        curated = [_forms(s) for s in exp[dataset]]
        names = [str(n) for n in proposal[dataset]["name"]]
        hit, used = _name_hits(curated, names)
        row |= {f"{dataset} expected": len(curated), f"{dataset} found": sum(hit), f"{dataset} proposed": len(names),
                f"{dataset} proposals matching": sum(used)}  # fmt: skip
        misses[dataset] = [forms[0] for forms, h in zip(curated, hit) if not h]
        misses[f"{dataset} not expected"] = [n for n, u in zip(names, used) if not u]
    figures = _records(proposal["figures"])
    names = dict(zip(proposal["stakeholders"]["stakeholder_id"], proposal["stakeholders"]["name"]))
    row |= score_figures(exp["figures"], figures, exp["stakeholders"], names)
    full, by_value = match_figures(exp["figures"], figures)
    misses["figures"] = []
    for e, i, j in zip(exp["figures"], full, by_value):
        p = figures[j] if j is not None else None
        problems = []
        if p is None:
            problems.append("value not proposed")
        else:
            if i is None:
                problems.append(f"metric {p['metric']} (expected {e['metric']})")
            if not _qualifier_right(e, p):
                problems.append(f"qualifier {p['qualifier']} (expected {e.get('qualifier') or 'exact'})")
            if e.get("reported_by") and not _reporter_right(e, p, exp["stakeholders"], names):
                problems.append(f"reporter {p['reported_by']} (expected {e['reported_by']})")
        if problems:
            misses["figures"].append({"words": e.get("words"), "value": e["value"], "problems": problems,
                                      "sentence": _sentence_with(article["text"], e.get("words") or "")})  # fmt: skip
    matched = {i for i in by_value if i is not None}
    misses["figures not expected"] = [
        {"value": p["value"], "metric": p["metric"], "note": p.get("note"), "sentence": p.get("quote")}
        for i, p in enumerate(figures)
        if i not in matched
    ]
    dated = score_dates(exp["dates"], article["text"], published)
    row |= {"dates expected": len(dated), "dates right": sum(r for _, r, _ in dated)}
    misses["dates"] = [{"words": e["words"], "expected": f"{e['date']} ({e['precision']})",
                        "read": [f"{m.words}: {m.start} ({m.precision})" for m in found],
                        "sentence": _sentence_with(article["text"], e["words"])}
                       for e, right, found in dated if not right]  # fmt: skip
    return row, misses


def score_articles(articles: list[dict], data: dict[str, pd.DataFrame]) -> dict:
    """Per article and in all, proposing each against the whole atlas (its gazetteer made once, outside the timing)."""
    g = gazetteer(data["stakeholders"], data["places"])
    rows, misses = [], {}
    for article in articles:
        doc = extraction.Document(article["text"], date.fromisoformat(article["published"]), article["title"], article["outlet"])
        t0 = time.perf_counter()
        proposal = extraction.propose(doc, data, g)
        seconds = time.perf_counter() - t0
        row, missed = score_article(article, proposal, seconds)
        rows.append(row)
        misses[article["id"]] = missed
    return {"documents": rows, "summary": summarise_articles(rows), "misses": misses}


def summarise_articles(rows: list[dict]) -> dict:
    """The articles' measures from their rows of counts."""
    t = {k: sum(r[k] for r in rows) for k in rows[0] if k != "article"} if rows else {}
    r = lambda a, b: _ratio(t.get(a, 0), t.get(b, 0))  # noqa: E731
    return {
        "stakeholders recall": r("stakeholders found", "stakeholders expected"),
        "stakeholders precision": r("stakeholders proposals matching", "stakeholders proposed"),
        "places recall": r("places found", "places expected"),
        "places precision": r("places proposals matching", "places proposed"),
        "initiatives recall": r("initiatives found", "initiatives expected"),
        "initiatives precision": r("initiatives proposals matching", "initiatives proposed"),
        "figures recall": r("figures found", "figures expected"),
        "figures value recall": r("figures value found", "figures expected"),
        "figures precision": r("figures proposals matching", "figures proposed"),
        "qualifier right": r("qualifier right", "figures value found"),
        "reporter right": r("reporters right", "reporters judged"),
        "invented numbers": int(t.get("invented numbers", 0)),
        "dates right": r("dates right", "dates expected"),
        "seconds per document": _ratio(t.get("seconds", 0), len(rows)),
    }


# --- printing --------------------------------------------------------------------------------------------------


def verdict(name: str, value: float) -> str:
    """' met', ' NOT met (target …)' or '' for a measure without a target."""
    if name == "invented numbers":
        return " met" if value == 0 else " NOT met (target 0)"
    if name == "seconds per document":
        return " met" if value < 1 else " NOT met (target < 1 s)"
    target = TARGETS.get(name)
    if target is None:
        return ""
    return " met" if value >= target else f" NOT met (target {target:.0%})"


def summary_lines(summary: dict) -> list[str]:
    lines = []
    for name, value in summary.items():
        if name == "seconds per document":
            shown = f"{value:.2f}"
        elif isinstance(value, float):
            shown = "n/a" if math.isnan(value) else f"{value:.0%}"
        else:
            shown = str(value)
        lines.append(f"{name:26s} {shown}{verdict(name, value)}")
    return lines


def _print_table(rows: list[dict], key: str) -> None:
    print(pd.DataFrame(rows).set_index(key).T.to_string())


def _print_misses(misses: dict) -> None:
    for article, m in misses.items():
        print(f"\n== {article}")
        for dataset in ("stakeholders", "places", "initiatives"):
            if m[dataset]:
                print(f"  {dataset} missed: {'; '.join(m[dataset])}")
            if m[f"{dataset} not expected"]:
                print(f"  {dataset} proposed, not expected: {'; '.join(m[f'{dataset} not expected'])}")
        for f in m["figures"]:
            print(f"  figure '{f['words']}' ({f['value']:g}): {', '.join(f['problems'])}\n      | {f['sentence']}")
        for f in m["figures not expected"]:
            print(f"  figure proposed, not expected: {f['value']:g} {f['metric']} ({f['note']})\n      | {f['sentence']}")
        for d in m["dates"]:
            print(f"  date '{d['words']}' expected {d['expected']}, read {d['read'] or 'nothing'}\n      | {d['sentence']}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Score the extractor against data/ and the article fixtures.")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--misses", action="store_true", help="also print each article's misses with their sentences")
    args = parser.parse_args()
    dataset = loader.load_dataset(catalog.DATA_DIR, catalog.SEEDS_DIR)
    seeds = score(dataset.frames, dataset.texts)
    print("Seeds (against the curated data/)\n")
    _print_table(seeds["documents"], "document")
    print()
    print("\n".join(summary_lines(seeds["summary"])))
    articles = score_articles(load_articles(), dataset.frames)
    print(f"\nArticles ({len(articles['documents'])} fixtures in tests/fixtures/articles/, against their expectations)\n")
    _print_table(articles["documents"], "article")
    print()
    print("\n".join(summary_lines(articles["summary"])))
    if args.misses:
        _print_misses(articles["misses"])
    if args.json:
        args.json.write_text(json.dumps({"seeds": seeds, "articles": articles}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

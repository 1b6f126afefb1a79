"""The extraction benchmark's article fixtures are well-formed and its scoring counts what it says it counts."""

import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from scripts import extraction_benchmark as bench

pytestmark = pytest.mark.unit

ARTICLES = sorted(bench.ARTICLES_DIR.glob("*.json"))
QUALIFIERS = {None, "at_least", "more_than", "up_to", "about", "between", "fewer_than"}
PRECISIONS = {"day", "week", "month", "year"}


def _in(words: str, text: str) -> bool:
    """The words stand in the text as words of their own ("Moldova" is not in "Moldovan police")."""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def _fixture(path: Path) -> tuple[dict, str]:
    return json.loads(path.read_text(encoding="utf-8")), path.with_suffix(".txt").read_text(encoding="utf-8")


def test_there_are_at_least_twelve_articles_each_with_its_text():
    assert len(ARTICLES) >= 12
    for path in ARTICLES:
        assert path.with_suffix(".txt").is_file(), path.name
    assert sorted(p.stem for p in bench.ARTICLES_DIR.glob("*.txt")) == [p.stem for p in ARTICLES]
    assert (bench.ARTICLES_DIR / "README.md").is_file()


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_fixture_json_is_well_formed(path):
    meta, text = _fixture(path)
    assert {"source_url", "written", "published", "published_basis", "title", "outlet", "expected"} <= set(meta)
    assert meta["source_url"].startswith(("http://", "https://"))
    assert meta["written"] == "own words, after the report at source_url"
    date.fromisoformat(meta["published"])
    assert meta["published_basis"] and meta["title"] and meta["outlet"]
    assert 150 <= len(text.split()) <= 500
    assert set(meta["expected"]) == {"figures", "stakeholders", "places", "dates", "initiatives"}


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_expected_figure_is_a_number_its_text_writes(path):
    meta, text = _fixture(path)
    stakeholders = {form for s in meta["expected"]["stakeholders"] for form in bench._forms(s)}
    for f in meta["expected"]["figures"]:
        assert {"value", "value_max", "qualifier", "metric", "reported_by"} <= set(f), f
        assert _in(f["words"], text), f
        assert bench._written(f["value"], f["words"]), f
        if f["value_max"] is not None:
            assert f["value_max"] > f["value"] and bench._written(f["value_max"], f["words"]), f
        assert f["qualifier"] in QUALIFIERS, f
        assert isinstance(f["metric"], str) and f["metric"], f
        assert f["reported_by"] is None or f["reported_by"] in stakeholders, f


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_expected_name_and_date_is_written_in_its_text(path):
    meta, text = _fixture(path)
    expected = meta["expected"]
    for dataset in ("stakeholders", "places", "initiatives"):
        for entry in expected[dataset]:
            for form in bench._forms(entry):
                assert _in(form, text), (dataset, form)
    for d in expected["dates"]:
        assert _in(d["words"], text), d
        date.fromisoformat(d["date"])
        assert d["precision"] in PRECISIONS, d


def test_written_reads_digits_words_hyphens_and_scales():
    assert bench._written(400, "Four hundred migrants")
    assert bench._written(3, "a three-year investigation")
    assert bench._written(1_600_000, "would fetch 1.6 million euros")
    assert bench._written(24684, "24,684 migrants")
    assert not bench._written(5, "Four hundred migrants")
    assert not bench._written(100, "hundreds more kept arriving") and not bench._written(1000, "thousands of arrivals")


def test_names_matching_half_gives_half_recall_and_precision():
    hit, used = bench._name_hits([["Europol"], ["International Organization for Migration", "IOM"]], ["Europol", "Interpol"])
    assert hit == [True, False] and used == [True, False]
    assert bench._name_hits([["International Organization for Migration", "IOM"]], ["IOM"])[0] == [True]


def test_figures_scored_by_value_and_metric_qualifier_and_reporter():
    expected = [
        {"value": 12, "value_max": None, "qualifier": "at_least", "metric": "dead", "reported_by": "the French coastguard",
         "words": "at least 12"},
        {"value": 60, "value_max": None, "qualifier": "more_than", "metric": "rescued", "reported_by": None,
         "words": "more than 60"},
    ]  # fmt: skip
    proposed = [
        {"value": 12.0, "value_max": None, "qualifier": "at_least", "metric": "dead", "reported_by": "french-coastguard",
         "quote": "At least 12 people died, the French coastguard said."},
        {"value": 60.0, "value_max": None, "qualifier": "exact", "metric": "people", "reported_by": None,
         "quote": "More than 60 people were rescued."},
        {"value": 7.0, "value_max": None, "qualifier": "exact", "metric": "boats", "reported_by": None,
         "quote": "Seven boats set off."},
    ]  # fmt: skip
    names = {"french-coastguard": "French coastguard"}
    counts = bench.score_figures(expected, proposed, ["the French coastguard"], names)
    assert counts["figures expected"] == 2 and counts["figures found"] == 1  # 50%: 60 has the wrong metric
    assert counts["figures value found"] == 2 and counts["qualifier right"] == 1
    assert counts["reporters judged"] == 1 and counts["reporters right"] == 1
    assert counts["figures proposed"] == 3 and counts["figures proposals matching"] == 2
    assert counts["invented numbers"] == 0
    rows = [{"article": "a", "seconds": 0.1, **counts, "dates expected": 2, "dates right": 1}]
    summary = bench.summarise_articles(rows)
    assert summary["figures recall"] == 0.5 and summary["qualifier right"] == 0.5 and summary["dates right"] == 0.5
    assert summary["figures precision"] == pytest.approx(2 / 3)
    invented = bench.score_figures(expected, [{**proposed[2], "value": 8.0}], [], {})
    assert invented["invented numbers"] == 1


def test_a_range_is_right_only_with_its_upper_end():
    e = {"value": 3, "value_max": 11, "qualifier": "between", "metric": "duration_years", "reported_by": None}
    assert bench._qualifier_right(e, {"value": 3.0, "value_max": 11.0, "qualifier": "exact"})
    assert not bench._qualifier_right(e, {"value": 3.0, "value_max": None, "qualifier": "exact"})
    full, by_value = bench.match_figures([e], [{"value": 3.0, "value_max": None, "metric": "duration_years"}])
    assert full == [None] and by_value == [0]


def test_dates_scored_on_their_own_words_and_precision():
    text = "The boat sank on Tuesday. Arrivals rose last week."
    expected = [{"words": "on Tuesday", "date": "2024-06-11", "precision": "day"},
                {"words": "last week", "date": "2024-06-10", "precision": "week"}]  # fmt: skip
    scored = bench.score_dates(expected, text, date(2024, 6, 12))  # a Wednesday
    assert [right for _, right, _ in scored] == [True, False]  # "last week" is the week of 3 June: half right
    assert bench.score_dates(expected[1:], text, date(2024, 6, 19))[0][1]


def test_an_article_row_counts_its_proposal():
    article = {"id": "x", "published": "2024-06-12", "text": "Europol said 12 suspects were arrested on Tuesday.",
               "expected": {"figures": [{"value": 12, "value_max": None, "qualifier": None, "metric": "arrested",
                                         "reported_by": "Europol", "words": "12 suspects"}],
                            "stakeholders": ["Europol", "Eurojust"], "places": [], "initiatives": [],
                            "dates": [{"words": "on Tuesday", "date": "2024-06-11", "precision": "day"}]}}  # fmt: skip
    frames = {
        "stakeholders": pd.DataFrame({"stakeholder_id": ["europol"], "name": ["Europol"]}),
        "places": pd.DataFrame({"name": []}),
        "initiatives": pd.DataFrame({"name": []}),
        "figures": pd.DataFrame([{"value": 12.0, "value_max": float("nan"), "qualifier": "exact", "metric": "arrested",
                                  "reported_by": "europol", "quote": article["text"]}]),
    }  # fmt: skip
    row, misses = bench.score_article(article, frames, 0.01)
    assert row["stakeholders found"] == 1 and row["stakeholders expected"] == 2 and misses["stakeholders"] == ["Eurojust"]
    assert row["figures found"] == 1 and row["reporters right"] == 1 and row["dates right"] == 1
    assert misses["figures"] == [] and misses["dates"] == []

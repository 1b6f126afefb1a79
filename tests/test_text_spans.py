import pytest

from trafficking_atlas import text_spans

pytestmark = pytest.mark.unit


def test_entities_found_longest_first_whole_words(fixture_dataset):
    text = fixture_dataset.texts["doc_a.txt"]
    spans = text_spans.find_spans(text, text_spans.entity_terms(fixture_dataset.frames))
    found = {text[s.start : s.end]: s.kind for s in spans}
    assert found["the Coast Agency"] == "stakeholder"
    assert found["Harbour Conference"] == "initiative"
    assert found["Harbourtown"] == "place"
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))  # no overlaps


def test_partial_words_are_not_matched():
    spans = text_spans.find_spans("Harbourtowners", [("Harbourtown", "place", "h", "Harbourtown")])
    assert spans == []


def test_quote_span():
    assert text_spans.quote_span("abc def", "def") == (4, 7)
    assert text_spans.quote_span("abc", "zzz") is None

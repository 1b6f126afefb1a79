import html
import re

import pytest

from components import document_view
from trafficking_atlas import text_spans

pytestmark = pytest.mark.unit


def test_text_is_escaped_and_marked(fixture_dataset):
    text = fixture_dataset.texts["doc_a.txt"]
    spans = text_spans.find_spans(text, text_spans.entity_terms(fixture_dataset.frames))
    quote = "Up to 20 people are missing"
    out = document_view.document_html(text, spans, text_spans.quote_span(text, quote))
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert '<mark class="ent-stakeholder" title="stakeholder: Coast Agency">the Coast Agency</mark>' in out
    assert 'id="atlas-focus"' in out and '<span class="focus" id="atlas-focus">Up to 20 people are missing</span>' in out


def test_focus_across_an_entity_keeps_every_character(fixture_dataset):
    text = fixture_dataset.texts["doc_a.txt"]
    spans = text_spans.find_spans(text, text_spans.entity_terms(fixture_dataset.frames))
    focus = text_spans.quote_span(text, "according to the Coast Agency.")
    out = document_view.document_html(text, spans, focus)
    inner = out.split('<div class="atlas-doc">', 1)[1].removesuffix("</div>")
    assert html.unescape(re.sub(r"<[^>]+>", "", inner)) == text

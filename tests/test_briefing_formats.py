"""A briefing in its formats: deck, PDF and offline HTML, with source lines never cut."""

import io
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pypdf import PdfReader

from components import map_figure
from trafficking_atlas import briefing_formats, chart_render, geography

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def chart():
    return go.Figure(go.Bar(x=["a", "b"], y=[3, 5]))


@pytest.fixture
def briefing(frames, chart):
    items = [
        briefing_formats.BriefingItem("Deaths by incident", "Bars: deaths reported.", figure=chart, document_ids=["doc_a.txt"]),
        briefing_formats.BriefingItem(
            "Incidents", "Every incident.", table=frames["incidents"][["name", "quote"]], document_ids=["doc_a.txt", "doc_b.txt"]
        ),  # fmt: skip
    ]
    return briefing_formats.Briefing("Weekly brief", "domain: Migrant smuggling", items, frames["documents"])


def test_deck_has_title_item_and_closing_slides(briefing):
    prs = Presentation(io.BytesIO(briefing_formats.deck(briefing)))
    slides = list(prs.slides)
    assert len(slides) == 2 + len(briefing.items)
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert "Weekly brief" in texts[0] and "domain: Migrant smuggling" in texts[0]
    assert "Bars: deaths reported." in texts[1] and "Sources: Harbour News · 4 May 2021" in texts[1]
    assert any(shape.shape_type == 13 for shape in slides[1].shapes)  # the chart picture
    assert any(shape.has_table for shape in slides[2].shapes)
    assert "Port Gazette · 2023 — Port alliance" in texts[-1] and "doc_b.txt" not in texts[-1]  # no file names


def test_pdf_has_a_page_per_slide_with_captions(briefing):
    reader = PdfReader(io.BytesIO(briefing_formats.pdf(briefing)))
    assert len(reader.pages) == 2 + len(briefing.items)
    assert "Weekly brief" in reader.pages[0].extract_text()
    page = reader.pages[1].extract_text()
    assert "Bars: deaths reported." in page and "Harbour News" in page


def test_html_briefing_is_self_contained(briefing):
    html = briefing_formats.html_briefing(briefing)
    assert html.count("<section>") == 2 and "Plotly.newPlot" in html
    assert "PlotlyGeoAssets" in html
    assert not re.search(r"""<script[^>]+src=["']https?://""", html)
    assert "Sources: Harbour News · 4 May 2021" in html


def test_long_tables_are_paginated_and_empty_items_say_so(frames):
    long = pd.DataFrame({"name": [f"row {i}" for i in range(23)], "quote": ['say "yes"'] * 23})
    b = briefing_formats.Briefing("Brief", "All records", [
        briefing_formats.BriefingItem("Long", "Every row.", table=long, document_ids=["doc_a.txt"]),
        briefing_formats.BriefingItem("Nothing", "Empty under filters.", table=long.iloc[:0]),
    ], frames["documents"])  # fmt: skip
    slides = list(Presentation(io.BytesIO(briefing_formats.deck(b))).slides)
    assert len(slides) == 2 + 3 + 1
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert "Long (3/3)" in texts[3] and "Rows 21–23 of 23." in texts[3]
    assert briefing_formats.NOTHING in texts[4]
    pdf = PdfReader(io.BytesIO(briefing_formats.pdf(b)))
    assert len(pdf.pages) == 6
    page = pdf.pages[1].extract_text()
    assert 'say "yes"' in page and "&quot;" not in page
    html = briefing_formats.html_briefing(b)
    assert html.count("<tr") == 24 and briefing_formats.NOTHING in html  # the HTML keeps the whole table


def test_html_embeds_the_outlines_its_maps_use(frames):
    paths = geography.route_paths(frames["routes"], frames["route_waypoints"], frames["places"], frames["documents"])
    fig = map_figure.map_figure(paths, paths.iloc[:0].assign(lon=[], lat=[], radius=[], colour=[], name=[], tooltip_body=[]),
                                paths.iloc[:0].assign(lon=[], lat=[], tooltip_title=[]), paths.iloc[:0].assign(lon=[], lat=[]),
                                shown=("routes",))  # fmt: skip
    b = briefing_formats.Briefing(
        "Map", "All", [briefing_formats.BriefingItem("Map", "Routes.", figure=fig)], frames["documents"]
    )
    html = briefing_formats.html_briefing(b)
    assert "'world_50m':" in html and "'world_110m':" not in html


def test_outside_sources_are_named_on_their_slide_and_the_closing_one_and_never_cut(frames, chart):
    long = "; ".join(f"Outside source number {i} with a long name" for i in range(8))
    item = briefing_formats.BriefingItem(
        "Deaths", "Bars.", figure=chart, document_ids=["doc_a.txt"], outside=["Fixture Times", long]
    )
    b = briefing_formats.Briefing("Brief", "All records", [item], frames["documents"])
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in Presentation(
        io.BytesIO(briefing_formats.deck(b))).slides]  # fmt: skip
    assert "Sources: Harbour News · 4 May 2021. Outside the documents: Fixture Times; Outside source number 0" in texts[1]
    assert "Outside the documents: Fixture Times" in texts[-1]
    line = chart_render.sources_line(item.document_ids, b.labels, item.outside)
    block = chart_render.decorate(chart, "Deaths", "All records", line).layout.annotations[-1].text
    assert "number 7 with a long name" in block and block.count("<span style='font-size:12px") > 1  # wrapped, not cut
    assert "&quot;" not in chart_render.decorate(chart, 'The "Calais Group"', "", line).layout.annotations[-1].text

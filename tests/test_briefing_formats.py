"""A briefing in its formats: deck, PDF and offline HTML, with source lines never cut."""

import html as html_lib
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


def test_an_item_holding_a_datasets_figures_states_the_dataset_rule_in_every_format(frames, chart):
    from trafficking_atlas import datasets

    title = "IOM Missing Migrants Project, version 2025-11-30"
    dataset = frames["documents"].iloc[[0]].assign(document_id="mmp.csv", title=title, title_basis="dataset")
    documents = pd.concat([frames["documents"], dataset], ignore_index=True)
    rows = pd.DataFrame({"Incident": [f"Row {i}" for i in range(12)], "Dead": ["at least 1"] * 12})
    items = [
        briefing_formats.BriefingItem("Casualty timeline", "Marks.", figure=chart, document_ids=["doc_a.txt", "mmp.csv"]),
        briefing_formats.BriefingItem(
            "Casualty figures by incident", "Every figure.", table=rows, document_ids=["mmp.csv"], outside=["Fixture Times"]
        ),  # fmt: skip
        briefing_formats.BriefingItem("Documents only", "Bars.", figure=chart, document_ids=["doc_a.txt"]),
    ]
    b = briefing_formats.Briefing("Brief", "All records", items, documents)
    rule = briefing_formats.dataset_rule([title])
    assert rule == f"Imported dataset ({title}), counted apart: {datasets.TOTALS_RULE}."
    assert "never added to the documents' figures" in rule
    assert [b.notes(item) for item in items] == [[rule], [rule], []]

    slides = list(Presentation(io.BytesIO(briefing_formats.deck(b))).slides)
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert [rule in t for t in texts] == [False, True, True, True, False, False]  # the table's two slides both say it
    assert "Outside the documents: Fixture Times" in texts[3]  # a table's later slide keeps its outside sources
    pdf = PdfReader(io.BytesIO(briefing_formats.pdf(b)))
    assert "counted apart" in re.sub(r"\s+", " ", pdf.pages[1].extract_text())
    assert "counted apart" not in pdf.pages[4].extract_text()
    html = briefing_formats.html_briefing(b)
    assert html.count("class='caption dataset-rule'") == 2
    assert html_lib.escape(rule) in html and "documents&#x27; figures" in html  # plain text, escaped


def test_a_dataset_title_is_stated_as_plain_text(frames, chart):
    title = "<b>MMP</b> *v1* [link](http://x)"
    dataset = frames["documents"].iloc[[0]].assign(document_id="mmp.csv", title=title, title_basis="dataset")
    b = briefing_formats.Briefing("Brief", "All", [briefing_formats.BriefingItem("T", "C.", figure=chart, document_ids=[
        "mmp.csv"])], pd.concat([frames["documents"], dataset], ignore_index=True))  # fmt: skip
    html = briefing_formats.html_briefing(b)
    assert "<b>MMP</b>" not in html and html_lib.escape(title) in html
    notice = briefing_formats.dataset_notice([f"{title}: 2 incidents"])
    assert notice.endswith(f"Rule: {briefing_formats.datasets.TOTALS_RULE}.") and title in notice

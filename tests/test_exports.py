"""Exported bytes: valid images, decks, PDFs, HTML and data files with their captions and sources."""

import io
import re
import zipfile

import pandas as pd
import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pypdf import PdfReader

from components import chart_export, map_figure
from trafficking_atlas import exports, geography

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def chart():
    return go.Figure(go.Bar(x=["a", "b"], y=[3, 5]))


@pytest.fixture
def briefing(frames, chart):
    items = [
        exports.BriefingItem("Deaths by incident", "Bars: deaths reported.", figure=chart, document_ids=["doc_a.txt"]),
        exports.BriefingItem(
            "Incidents", "Every incident.", table=frames["incidents"][["name", "quote"]], document_ids=["doc_a.txt", "doc_b.txt"]
        ),  # fmt: skip
    ]
    return exports.Briefing("Weekly brief", "domain: Migrant smuggling", items, frames["documents"])


def test_sources_line_and_decorate(frames, chart):
    line = exports.sources_line(["doc_a.txt", "doc_b.txt"], frames["documents"])
    assert line == "Sources: Harbour News · 4 May 2021; Port Gazette · 2023"
    fig = exports.decorate(chart, "Deaths <b>", "All records", line, caption="Bars: deaths.")
    title = fig.layout.annotations[-1].text
    assert "Deaths &lt;b&gt;" in title and "All records" in title and line in title and "Bars: deaths." in title
    assert fig.layout.margin.t > 100
    assert chart.layout.title.text is None  # the original is untouched


@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-"), ("svg", b"<svg")])
def test_render_formats(chart, fmt, magic):
    data = exports.render(chart, fmt)
    assert data.startswith(magic) or (fmt == "svg" and magic in data[:300])


def test_render_rejects_unknown_format(chart):
    with pytest.raises(ValueError, match="unknown image format"):
        exports.render(chart, "gif")


def test_map_figure_renders_offline(frames):
    paths = geography.route_paths(frames["routes"], frames["route_waypoints"], frames["places"], frames["documents"])
    incidents = geography.incident_points(frames["incidents"], frames["figures"], frames["documents"])
    venues = geography.venue_points(frames["initiatives"], frames["places"], frames["documents"])
    fig = map_figure.map_figure(paths, incidents, venues, geography.port_points(frames["places"], frames["documents"]))
    names = [t.name for t in fig.data]
    assert "Route: Migrant smuggling" in names and "Incident (size: minimum dead or missing, never added)" in names
    assert fig.layout.geo.lonaxis.range[0] < 0.9 < fig.layout.geo.lonaxis.range[1]
    png = exports.render(fig, "png", scale=1)
    assert png.startswith(b"\x89PNG") and len(png) > 20_000  # country outlines drawn from the local topojson


def test_deck_has_title_item_and_closing_slides(briefing):
    prs = Presentation(io.BytesIO(exports.deck(briefing)))
    slides = list(prs.slides)
    assert len(slides) == 2 + len(briefing.items)
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert "Weekly brief" in texts[0] and "domain: Migrant smuggling" in texts[0]
    assert "Bars: deaths reported." in texts[1] and "Sources: Harbour News · 4 May 2021" in texts[1]
    assert any(shape.shape_type == 13 for shape in slides[1].shapes)  # the chart picture
    assert any(shape.has_table for shape in slides[2].shapes)
    assert "Port Gazette · 2023 — Port alliance" in texts[-1] and "doc_b.txt" not in texts[-1]  # no file names


def test_pdf_has_a_page_per_slide_with_captions(briefing):
    reader = PdfReader(io.BytesIO(exports.pdf(briefing)))
    assert len(reader.pages) == 2 + len(briefing.items)
    assert "Weekly brief" in reader.pages[0].extract_text()
    page = reader.pages[1].extract_text()
    assert "Bars: deaths reported." in page and "Harbour News" in page


def test_html_briefing_is_self_contained(briefing):
    html = exports.html_briefing(briefing)
    assert html.count("<section>") == 2 and "Plotly.newPlot" in html
    assert "PlotlyGeoAssets" in html
    assert not re.search(r"""<script[^>]+src=["']https?://""", html)
    assert "Sources: Harbour News · 4 May 2021" in html


def test_data_zip_and_excel_keep_provenance(frames):
    archive = zipfile.ZipFile(io.BytesIO(exports.data_zip({"incidents": frames["incidents"], "figures": frames["figures"]})))
    assert sorted(archive.namelist()) == ["figures.csv", "incidents.csv"]
    incidents = pd.read_csv(archive.open("incidents.csv"))
    assert {"document_id", "quote", "date_basis", "coord_basis"} <= set(incidents.columns)
    assert incidents.loc[0, "date"] == "2021-05-03"
    sheets = pd.read_excel(io.BytesIO(exports.data_excel({"figures": frames["figures"]})), sheet_name=None)
    assert list(sheets) == ["figures"] and "basis" in sheets["figures"].columns


def test_file_stem_and_plotly_config():
    assert chart_export.file_stem("Casualty timeline — all records") == "casualty-timeline-all-records"
    config = chart_export.plotly_config("Stakeholder network")
    assert config["toImageButtonOptions"]["format"] == "svg"
    assert config["toImageButtonOptions"]["filename"] == "stakeholder-network"


def test_long_tables_are_paginated_and_empty_items_say_so(frames):
    long = pd.DataFrame({"name": [f"row {i}" for i in range(23)], "quote": ['say "yes"'] * 23})
    b = exports.Briefing("Brief", "All records", [
        exports.BriefingItem("Long", "Every row.", table=long, document_ids=["doc_a.txt"]),
        exports.BriefingItem("Nothing", "Empty under filters.", table=long.iloc[:0]),
    ], frames["documents"])  # fmt: skip
    slides = list(Presentation(io.BytesIO(exports.deck(b))).slides)
    assert len(slides) == 2 + 3 + 1
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert "Long (3/3)" in texts[3] and "Rows 21–23 of 23." in texts[3]
    assert exports.NOTHING in texts[4]
    pdf = PdfReader(io.BytesIO(exports.pdf(b)))
    assert len(pdf.pages) == 6
    page = pdf.pages[1].extract_text()
    assert 'say "yes"' in page and "&quot;" not in page
    html = exports.html_briefing(b)
    assert html.count("<tr") == 24 and exports.NOTHING in html  # the HTML keeps the whole table


def test_html_embeds_the_outlines_its_maps_use(frames):
    paths = geography.route_paths(frames["routes"], frames["route_waypoints"], frames["places"], frames["documents"])
    fig = map_figure.map_figure(paths, paths.iloc[:0].assign(lon=[], lat=[], radius=[], colour=[], name=[], tooltip_body=[]),
                                paths.iloc[:0].assign(lon=[], lat=[], tooltip_title=[]), paths.iloc[:0].assign(lon=[], lat=[]),
                                shown=("routes",))  # fmt: skip
    b = exports.Briefing("Map", "All", [exports.BriefingItem("Map", "Routes.", figure=fig)], frames["documents"])
    html = exports.html_briefing(b)
    assert "'world_50m':" in html and "'world_110m':" not in html


def test_outside_sources_are_named_on_their_slide_and_the_closing_one_and_never_cut(frames, chart):
    long = "; ".join(f"Outside source number {i} with a long name" for i in range(8))
    item = exports.BriefingItem("Deaths", "Bars.", figure=chart, document_ids=["doc_a.txt"], outside=["Fixture Times", long])
    b = exports.Briefing("Brief", "All records", [item], frames["documents"])
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in Presentation(
        io.BytesIO(exports.deck(b))).slides]  # fmt: skip
    assert "Sources: Harbour News · 4 May 2021. Outside the documents: Fixture Times; Outside source number 0" in texts[1]
    assert "Outside the documents: Fixture Times" in texts[-1]
    line = exports.sources_line(item.document_ids, frames["documents"], item.outside)
    block = exports.decorate(chart, "Deaths", "All records", line).layout.annotations[-1].text
    assert "number 7 with a long name" in block and block.count("<span style='font-size:12px") > 1  # wrapped, not cut
    assert "&quot;" not in exports.decorate(chart, 'The "Calais Group"', "", line).layout.annotations[-1].text

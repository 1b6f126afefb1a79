"""A briefing and its formats: a slide deck (python-pptx), a PDF (one page a slide) and one offline HTML file."""

from __future__ import annotations

import functools
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import plotly.offline
from pptx import Presentation
from pptx.util import Emu, Inches, Pt
from pypdf import PdfWriter

from trafficking_atlas import datasets, formatting, provenance
from trafficking_atlas.chart_render import TOPOJSON_DIR, decorate, plotly_text, render, sources_line
from trafficking_atlas.presentation import INK, shorten


@dataclass
class BriefingItem:
    """One chart or table of a briefing, with its caption and the documents it draws on."""

    title: str
    caption: str
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None
    document_ids: Sequence[str] = field(default_factory=tuple)
    outside: Sequence[str] = field(default_factory=tuple)  # sources outside the documents of what it draws


@dataclass
class Briefing:
    """A briefing's title, the filters it was made under and its items."""

    title: str
    filters: str
    items: list[BriefingItem]
    documents: pd.DataFrame
    made_on: date = field(default_factory=date.today)

    @functools.cached_property
    def labels(self) -> dict[str, str]:
        """Each document's label, for the source lines and the closing slide."""
        return formatting.document_labels(self.documents)

    def document_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for item in self.items:
            seen.update(dict.fromkeys(item.document_ids))
        return list(seen)

    @functools.cached_property
    def _dataset_titles(self) -> dict[str, str]:
        files = datasets.dataset_documents(self.documents)
        return dict(zip(files["document_id"].astype(str), files["title"].astype(str)))

    def datasets_in(self, item: BriefingItem) -> list[str]:
        """The titles of the imported datasets whose rows an item draws or lists (their files are among its
        documents), in title order."""
        return sorted({self._dataset_titles[d] for d in map(str, item.document_ids) if d in self._dataset_titles})

    def notes(self, item: BriefingItem) -> list[str]:
        """What an item's slide states besides its caption, as plain text: the dataset rule when it holds an
        imported dataset's figures (`dataset_rule`)."""
        titles = self.datasets_in(item)
        return [dataset_rule(titles)] if titles else []


def dataset_rule(titles: Sequence[str]) -> str:
    """The rule an imported dataset's figures are counted by (`datasets.TOTALS_RULE`), naming the datasets, as plain
    text for a slide: 'Imported dataset (IOM …, version …), counted apart: each dataset's own rows summed …'."""
    names = "; ".join(titles)
    return f"Imported dataset{'s' if len(titles) != 1 else ''} ({names}), counted apart: {datasets.TOTALS_RULE}."


def dataset_notice(lines: Sequence[str], rule: str = datasets.TOTALS_RULE) -> str:
    """The Briefing pack page's plain-text notice of the imported datasets in view (`Atlas.dataset_totals` lines) and
    their rule, which every slide holding their figures states too."""
    return (
        "Imported datasets in view, counted apart from the documents' figures on every slide that holds them:\n"
        + "\n".join(lines)
        + f"\nRule: {rule}."
    )


ROWS_PER_PAGE = 10


def paginate(item: BriefingItem, rows: int = ROWS_PER_PAGE) -> list[BriefingItem]:
    """A table item split into slides of `rows` rows, each titled with its part and saying which rows it holds."""
    if item.table is None or len(item.table) <= rows:
        return [item]
    total = len(item.table)
    parts = range(0, total, rows)
    return [
        BriefingItem(
            f"{item.title} ({i + 1}/{len(parts)})",
            f"{item.caption} Rows {start + 1}–{min(start + rows, total)} of {total}.",
            table=item.table.iloc[start : start + rows],
            document_ids=item.document_ids,
            outside=item.outside,
        )
        for i, start in enumerate(parts)
    ]


def _pages(b: Briefing) -> list[BriefingItem]:
    return [page for item in b.items for page in paginate(item)]


def _has_points(fig: go.Figure) -> bool:
    for trace in fig.to_dict().get("data", []):
        # `trace.get(key) or []` would ask a numpy array (several points) for its truth value, which raises.
        values = [trace.get(key) for key in ("x", "lon")]
        if any(v is not None for vs in values if vs is not None for v in vs):
            return True
    return False


def _empty(item: BriefingItem) -> bool:
    """Nothing to show: no figure with a plotted point and no table row."""
    if item.figure is not None:
        return not _has_points(item.figure)
    return item.table is None or item.table.empty


NOTHING = "No records match the filters."


def _table_figure(table: pd.DataFrame) -> go.Figure:
    shown = table.astype(str).map(lambda v: shorten(v, 160, keep=157, words=False))
    fig = go.Figure(go.Table(
        header={"values": [f"<b>{plotly_text(c)}</b>" for c in shown.columns], "align": "left",
                "fill_color": "#e5e7eb",
                "line_color": "#d1d5db", "font": {"color": "#111827", "size": 12}},
        cells={"values": [[plotly_text(v) for v in shown[c]] for c in shown.columns], "align": "left", "height": 26,
               "fill_color": "white", "line_color": "#e5e7eb", "font": {"color": "#111827", "size": 11}},
    ))  # fmt: skip
    return fig


def _text_figure(lines: list[tuple[str, int]]) -> go.Figure:
    fig = go.Figure()
    y = 0.82
    for text, size in lines:
        fig.add_annotation(text=text, x=0.05, y=y, xref="paper", yref="paper", xanchor="left", showarrow=False,
                           font={"size": size, "color": "#111827"}, align="left")  # fmt: skip
        y -= 0.06 + size / 400
    fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, plot_bgcolor="white", paper_bgcolor="white")
    return fig


def _document_lines(b: Briefing) -> list[str]:
    docs = b.documents.set_index("document_id")
    labels = b.labels
    out = []
    for d in b.document_ids():
        title = docs.at[d, "title"] if d in docs.index else d
        out.append(f"{labels.get(d, d)} — {title}")
    outside = dict.fromkeys(s for item in b.items for s in item.outside)
    out += [f"{provenance.OUTSIDE}: {s}" for s in outside]
    return out


def _item_figure(b: Briefing, item: BriefingItem) -> go.Figure:
    if _empty(item):
        base = _text_figure([(NOTHING, 24)])
    else:
        base = item.figure if item.figure is not None else _table_figure(item.table)
    return decorate(base, item.title, b.filters, sources_line(item.document_ids, b.labels, item.outside), _caption(b, item))


def _caption(b: Briefing, item: BriefingItem, sep: str = " ") -> str:
    """An item's caption and its notes (the dataset rule), plain text."""
    return sep.join([item.caption, *b.notes(item)])


def deck(b: Briefing) -> bytes:
    """A PowerPoint deck: title slide, one slide per item with caption and sources, a closing slide of sources."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]

    def text(slide, x, y, w, h, body: str, size: int, bold: bool = False) -> None:
        frame = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h)).text_frame
        frame.word_wrap = True
        for i, line in enumerate(body.split("\n")):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text = line
            para.font.size = Pt(size)
            para.font.bold = bold

    title = prs.slides.add_slide(blank)
    text(title, 0.8, 2.2, 11.7, 1.4, b.title, 40, bold=True)
    text(title, 0.8, 3.8, 11.7, 1.5, f"Filters: {b.filters}\nPrepared {b.made_on:%d %B %Y} with Trafficking Atlas", 18)
    for item in _pages(b):
        slide = prs.slides.add_slide(blank)
        notes = b.notes(item)
        text(slide, 0.5, 0.25, 12.3, 0.7, item.title, 26, bold=True)
        if _empty(item):
            text(slide, 0.9, 3.0, 11.5, 1.0, NOTHING, 24)
        elif item.figure is not None:
            png = render(decorate(item.figure, item.title, b.filters, ""), "png", scale=1.5)
            slide.shapes.add_picture(io.BytesIO(png), Inches(0.9), Inches(0.95), height=Inches(5.1 if notes else 5.3))
        elif item.table is not None:
            _pptx_table(slide, item.table)
        if notes:  # the caption, then the dataset rule in smaller type, in the same band above the sources
            text(slide, 0.5, 6.1, 12.3, 0.75, _caption(b, item, "\n"), 11)
        else:
            text(slide, 0.5, 6.3, 12.3, 0.5, item.caption, 14)
        text(slide, 0.5, 6.85, 12.3, 0.5, sources_line(item.document_ids, b.labels, item.outside), 11)
    closing = prs.slides.add_slide(blank)
    text(closing, 0.5, 0.3, 12.3, 0.8, "Documents quoted", 28, bold=True)
    text(closing, 0.5, 1.2, 12.3, 5.8, "\n".join(_document_lines(b)) or "None", 14)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _pptx_table(slide, table: pd.DataFrame) -> None:
    shown = table.astype(str)
    rows, cols = len(shown) + 1, max(len(shown.columns), 1)
    shape = slide.shapes.add_table(rows, cols, Inches(0.5), Inches(1.0), Inches(12.3), Emu(Inches(0.38) * rows))
    for j, column in enumerate(shown.columns):
        shape.table.cell(0, j).text = str(column)
        for i, value in enumerate(shown[column]):
            cell = shape.table.cell(i + 1, j)
            cell.text = shorten(value, 140, keep=137, words=False)
            cell.text_frame.paragraphs[0].font.size = Pt(10)
        shape.table.cell(0, j).text_frame.paragraphs[0].font.size = Pt(11)


def pdf(b: Briefing) -> bytes:
    """The same briefing as a PDF: one page per slide, rendered by kaleido and joined with pypdf."""
    pages = [
        _text_figure([(f"<b>{plotly_text(b.title)}</b>", 40), (plotly_text(f"Filters: {b.filters}"), 18),
                      (f"Prepared {b.made_on:%d %B %Y} with Trafficking Atlas", 16)])
    ]  # fmt: skip
    pages += [_item_figure(b, item) for item in _pages(b)]
    lines = [("<b>Documents quoted</b>", 30)] + [(plotly_text(line), 14) for line in _document_lines(b)]
    pages.append(_text_figure(lines))
    writer = PdfWriter()
    for fig in pages:
        writer.append(io.BytesIO(render(fig, "pdf")))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def html_briefing(b: Briefing) -> str:
    """A single self-contained HTML file: plotly.js and the map outlines inline, so it opens without a network."""
    resolutions = {f"world_{res}m" for item in b.items if item.figure is not None for res in _geo_resolutions(item.figure)}
    topo = ",".join(f"'{name}':" + (TOPOJSON_DIR / f"{name}.json").read_text(encoding="utf-8") for name in sorted(resolutions))
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(b.title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:1200px;margin:2rem auto;color:#111827}"
        "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #e5e7eb;padding:4px 6px;text-align:left;"
        f"vertical-align:top}}.caption{{color:{INK}}}.sources{{color:#6b7280;font-size:12px}}</style>",
        # plotly.js looks here before fetching map outlines from its CDN.
        f"<script>window.PlotlyGeoAssets={{topojson:{{{topo}}}}};</script>",
        f"<script>{plotly.offline.get_plotlyjs()}</script></head><body>",
        f"<h1>{html.escape(b.title)}</h1><p>Filters: {html.escape(b.filters)}<br>Prepared {b.made_on:%d %B %Y}</p>",
    ]
    for i, item in enumerate(b.items):
        parts.append(f"<section><h2>{html.escape(item.title)}</h2>")
        if item.figure is not None:
            parts.append(item.figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{i}",
                                             config={"displaylogo": False}))  # fmt: skip
        if _empty(item):
            parts.append(f"<p><i>{NOTHING}</i></p>")
        elif item.table is not None:
            parts.append(item.table.to_html(index=False, escape=True, border=0))
        parts.append(f"<p class='caption'>{html.escape(item.caption)}</p>")
        parts += [f"<p class='caption dataset-rule'>{html.escape(note)}</p>" for note in b.notes(item)]
        parts.append(f"<p class='sources'>{html.escape(sources_line(item.document_ids, b.labels, item.outside))}</p></section>")
    parts.append("<h2>Documents quoted</h2><ul>")
    parts += [f"<li>{html.escape(line)}</li>" for line in _document_lines(b)]
    parts.append("</ul></body></html>")
    return "".join(parts)


def _geo_resolutions(fig: go.Figure) -> set[int]:
    """The map outline resolutions (110 or 50) a figure's geo subplots ask for; plotly.js defaults to 110."""
    if not any(t.type in ("scattergeo", "choropleth") for t in fig.data):
        return set()
    layout = fig.to_dict().get("layout", {})
    return {int(v.get("resolution", 110)) for k, v in layout.items() if k.startswith("geo")} or {110}

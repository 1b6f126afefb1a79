"""Exports for briefings: server-rendered charts (kaleido), slide decks (python-pptx), PDF, HTML and data files."""

from __future__ import annotations

import copy
import html
import io
import json
import textwrap
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import kaleido
import pandas as pd
import plotly.graph_objects as go
import plotly.offline
from pptx import Presentation
from pptx.util import Emu, Inches, Pt
from pypdf import PdfWriter

from trafficking_atlas import catalog, formatting, provenance

TOPOJSON_DIR = catalog.ROOT / "static" / "topojson"
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "html": "text/html",
    "csv": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
WIDTH, HEIGHT = 1600, 900


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

    def document_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for item in self.items:
            seen.update(dict.fromkeys(item.document_ids))
        return list(seen)


def start_engine() -> None:
    """Start the one headless browser kaleido renders with (about 2.5 s once, then about 0.2 s a chart)."""
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)


def sources_line(document_ids: Sequence[str], documents: pd.DataFrame, outside: Sequence[str] = ()) -> str:
    """'Sources: Dawn · 27 Apr 2024; CoESS · Jan 2024. Outside the documents: UN estimate' for what is drawn."""
    labels = formatting.document_labels(documents)
    names = [labels.get(d, d) for d in document_ids]
    line = "Sources: " + ("; ".join(names) if names else "none")
    return line + (f". {provenance.OUTSIDE}: {'; '.join(outside)}" if outside else "")


def plotly_text(text: str) -> str:
    """Words for plotly's text (a small HTML subset): <, > and & escaped; quotes kept, plotly shows '&quot;' raw."""
    return html.escape(str(text), quote=False)


SOURCE_WRAP, CAPTION_WRAP = 190, 160  # characters a line of the title block holds at the export's width


def decorate(fig: go.Figure, title: str, filters: str, sources: str, caption: str = "") -> go.Figure:
    """A copy of the figure with a title block: title, the active filters, the source line and an optional caption.

    The block sits at the top of the image, above the chart's own margin, so it never collides with legends or
    notes a chart draws beneath its plot.
    """
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    lines = [f"<b>{plotly_text(title)}</b>", f"<span style='font-size:14px'>{plotly_text(filters)}</span>"]
    # Long source lines and captions wrap (an image clips an annotation at its edge: a source cut off is lost).
    if sources:
        for part in textwrap.wrap(f"{sources} · Trafficking Atlas", SOURCE_WRAP):
            lines.append(f"<span style='font-size:12px;color:#4b5563'>{plotly_text(part)}</span>")
    for part in textwrap.wrap(caption, CAPTION_WRAP):
        lines.append(f"<span style='font-size:14px'>{plotly_text(part)}</span>")
    # A chart's own subtitle (a key to its marks) moves into the block, which replaces the chart's title.
    subtitle = out.layout.title.subtitle.text if out.layout.title.subtitle else None
    if subtitle:
        lines += [f"<span style='font-size:12px;color:#374151'>{part}</span>" for part in subtitle.split("<br>")]
    block = 16 + 26 * len(lines)
    top = int(out.layout.margin.t if out.layout.margin.t is not None else 80)
    left = max(int(out.layout.margin.l if out.layout.margin.l is not None else 80), 40)
    out.update_layout(title={"text": "", "subtitle": {"text": ""}}, margin={"t": top + block, "l": left}, paper_bgcolor="white")
    out.add_annotation(
        text="<br>".join(lines), xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="bottom",
        xshift=-(left - 16), yshift=top, showarrow=False, align="left", font={"size": 22, "color": "#111827"},
    )  # fmt: skip
    return out


def render(fig: go.Figure, fmt: str, width: int = WIDTH, height: int = HEIGHT, scale: float = 2.0) -> bytes:
    """The figure as PNG, SVG or PDF bytes, rendered on the server by kaleido with local map outlines."""
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"unknown image format {fmt!r}")
    start_engine()
    opts = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
    return kaleido.calc_fig_sync(fig, opts=opts, topojson=TOPOJSON_DIR.as_uri() + "/")


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
    shown = table.astype(str).map(lambda v: v if len(v) <= 160 else v[:157] + "…")
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
    labels = formatting.document_labels(b.documents)
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
    return decorate(base, item.title, b.filters, sources_line(item.document_ids, b.documents, item.outside), item.caption)


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
        text(slide, 0.5, 0.25, 12.3, 0.7, item.title, 26, bold=True)
        if _empty(item):
            text(slide, 0.9, 3.0, 11.5, 1.0, NOTHING, 24)
        elif item.figure is not None:
            png = render(decorate(item.figure, item.title, b.filters, ""), "png", scale=1.5)
            slide.shapes.add_picture(io.BytesIO(png), Inches(0.9), Inches(0.95), height=Inches(5.3))
        elif item.table is not None:
            _pptx_table(slide, item.table)
        text(slide, 0.5, 6.3, 12.3, 0.5, item.caption, 14)
        text(slide, 0.5, 6.85, 12.3, 0.5, sources_line(item.document_ids, b.documents, item.outside), 11)
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
            cell.text = value if len(value) <= 140 else value[:137] + "…"
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
        "vertical-align:top}.caption{color:#374151}.sources{color:#6b7280;font-size:12px}</style>",
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
        parts.append(
            f"<p class='sources'>{html.escape(sources_line(item.document_ids, b.documents, item.outside))}</p></section>"
        )
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


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A display table as a CSV download."""
    return frame.to_csv(index=False).encode("utf-8")


def data_zip(frames: dict[str, pd.DataFrame]) -> bytes:
    """Every dataset as a CSV (provenance columns included), zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", _plain(frame).to_csv(index=False))
    return buffer.getvalue()


# Above this many rows in all, a workbook takes minutes to write here (and a sheet tops out at 1,048,576 rows):
# the page offers the CSV files instead.
EXCEL_ROWS = 200_000


def excel_fits(frames: dict[str, pd.DataFrame]) -> bool:
    """Whether the datasets are small enough for the Excel export (see EXCEL_ROWS)."""
    return sum(len(frame) for frame in frames.values()) <= EXCEL_ROWS


def data_excel(frames: dict[str, pd.DataFrame]) -> bytes:
    """Every dataset as a sheet of one Excel workbook."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            _plain(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[col] = values.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_float_dtype(values):
            present = values.dropna()
            if (present == present.round()).all():
                out[col] = values.astype("Int64")
        elif values.dtype == object and values.map(lambda v: isinstance(v, (list, tuple, dict))).any():
            # Only object columns can hold lists; string columns are skipped without a per-cell test.
            out[col] = values.map(json.dumps)
    return out

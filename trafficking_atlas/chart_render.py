"""The export engine: charts rendered on the server by kaleido with a title block (title, filters, sources), and
the MIME type of every download."""

from __future__ import annotations

import copy
import html
import logging
import textwrap
import threading
from collections.abc import Mapping, Sequence

import kaleido
import plotly.graph_objects as go
from kaleido.errors import JavascriptError, KaleidoError

from trafficking_atlas import catalog, provenance
from trafficking_atlas.presentation import INK

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


_log = logging.getLogger(__name__)
# One render at a time, and one start: kaleido's sync server takes one task at a time anyway, but hands every
# caller's result back through one shared queue (two sessions rendering at once could get each other's image), and
# its start is not thread-safe (two threads could each open a browser).
_ENGINE = threading.Lock()
restarts = 0  # how often the renderer was found dead and started again in this process


def start_engine() -> None:
    """Start the one headless browser kaleido renders with (about 2.5 s once, then about 0.2 s a chart)."""
    with _ENGINE:
        _start()


def _alive() -> bool:
    """Whether kaleido's sync server is open and its thread still runs (kaleido 1.5's `is_running` only says it was
    opened: a server thread that died would leave every later render waiting for ever)."""
    server = kaleido._global_server
    thread = getattr(server, "_thread", None)
    return server.is_running() and (thread is None or thread.is_alive())


def _start() -> None:
    if not _alive():
        kaleido.stop_sync_server(silence_warnings=True)  # a dead server's remains; nothing when it was never opened
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)


def _restart() -> None:
    global restarts
    restarts += 1
    kaleido.stop_sync_server(silence_warnings=True)
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)


class EngineStopped(RuntimeError):
    """kaleido's server thread ended while a render waited for it."""


def _calc(fig: go.Figure, opts: dict) -> bytes:
    """kaleido.calc_fig_sync, waited for on another thread so that a server thread dying mid-render raises
    instead of blocking for ever (kaleido's own timeout, 90 s a chart, covers a browser that hangs)."""
    box: dict = {}

    def run() -> None:
        try:
            box["data"] = kaleido.calc_fig_sync(fig, opts=opts, topojson=TOPOJSON_DIR.as_uri() + "/")
        except BaseException as exc:  # handed to the caller, whatever it is
            box["error"] = exc

    worker = threading.Thread(target=run, name="chart-render", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.25)
        if worker.is_alive() and not _alive():
            raise EngineStopped("the chart renderer stopped during a render")
    if "error" in box:
        raise box["error"]
    return box["data"]


def sources_line(document_ids: Sequence[str], labels: Mapping[str, str], outside: Sequence[str] = ()) -> str:
    """'Sources: Dawn · 27 Apr 2024; CoESS · Jan 2024. Outside the documents: UN estimate' for what is drawn
    (`labels`: each document's label, `formatting.document_labels`)."""
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
        lines += [f"<span style='font-size:12px;color:{INK}'>{part}</span>" for part in subtitle.split("<br>")]
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
    opts = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
    with _ENGINE:
        _start()
        try:
            return _calc(fig, opts)
        except (KaleidoError, JavascriptError):
            raise  # the figure's own fault: a new browser would fail the same way
        except Exception as exc:  # the browser died (killed, out of memory) or the server stopped: start it again, once
            _log.warning("chart renderer failed (%s: %s); restarting it", type(exc).__name__, exc)
            _restart()
            return _calc(fig, opts)

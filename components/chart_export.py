"""Download buttons that render a chart on the server (PNG, SVG, PDF) with its title, filters and sources."""

from __future__ import annotations

import re
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from trafficking_atlas import chart_render


@st.cache_resource(show_spinner=False)
def engine() -> bool:
    """Keep one kaleido browser alive for the whole server, so an export takes ~0.2 s instead of ~2.5 s."""
    chart_render.start_engine()
    return True


def file_stem(title: str) -> str:
    """A file name from a chart title: 'Casualty timeline — all records' -> 'casualty-timeline-all-records'."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80] or "chart"


def plotly_config(title: str) -> dict:
    """The plotly toolbar's own download: SVG, briefing size, a meaningful file name."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "svg",
            "filename": file_stem(title),
            "width": chart_render.WIDTH,
            "height": chart_render.HEIGHT,
        },
    }


def buttons(fig: go.Figure | Callable[[], go.Figure], title: str, filters: str, sources: str, key: str) -> None:
    """PNG, SVG and PDF downloads of the chart with its title, filters and source line (`Atlas.sources_line`), each
    rendered only when its button is pressed.

    `fig` may be a function that builds the chart, called only then (the map's static twin is not drawn on screen).
    """

    def decorated() -> go.Figure:
        chart = fig() if callable(fig) else fig
        return chart_render.decorate(chart, title, filters, sources)

    cols = st.columns([1, 1, 1, 5])
    for col, fmt in zip(cols, ("png", "svg", "pdf")):

        def make(fmt: str = fmt) -> bytes:
            engine()
            return chart_render.render(decorated(), fmt)

        col.download_button(
            fmt.upper(), data=make, file_name=f"{file_stem(title)}.{fmt}", mime=chart_render.MIME[fmt], key=f"{key}-{fmt}",
            on_click="ignore", icon=":material/download:", help=f"High-resolution {fmt.upper()} with title, filters and sources",
        )  # fmt: skip

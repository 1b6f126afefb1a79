"""Builds the stakeholder network figure (plotly) from laid-out nodes and edges."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from trafficking_atlas import vocab

# Okabe–Ito based palette; records (initiatives, incidents) are drawn as neutral shapes.
KIND_COLOURS = {
    "government": "#0072B2",
    "ministry": "#56B4E9",
    "law_enforcement": "#009E73",
    "intergovernmental": "#E69F00",
    "military": "#4D4D4D",
    "private_sector": "#CC79A7",
    "association": "#F0E442",
    "research": "#8C6BB1",
    "media": "#999999",
    "political_party": "#A6761D",
    "criminal_network": "#D55E00",
    "person": "#332288",
    "initiative": "#FFFFFF",
    "incident": "#B91C1C",
}
SYMBOLS = {"initiative": "square", "incident": "diamond"}
# Layout coordinates span about [-1, 1]: four decimals are far below a pixel and halve what the browser is sent.
ROUND = 4


def network_figure(nodes: pd.DataFrame, edges: pd.DataFrame, title: str, selected: str | None = None) -> go.Figure:
    """Edges as grey lines, one trace per node group (a legend entry each), node size by degree.

    Each node's `customdata` is `[node id]`, so a click maps back to the record.
    """
    fig = go.Figure()
    if len(edges):
        # One trace for every edge, segments separated by gaps (None), built column-wise rather than row by row.
        gap = np.full(len(edges), np.nan)
        xs = np.column_stack([edges["x0"].to_numpy(float), edges["x1"].to_numpy(float), gap]).ravel().round(ROUND)
        ys = np.column_stack([edges["y0"].to_numpy(float), edges["y1"].to_numpy(float), gap]).ravel().round(ROUND)
        fig.add_trace(go.Scatter(x=_gaps(xs), y=_gaps(ys), mode="lines", line={"color": "#c7c7c7", "width": 1},
                                 hoverinfo="skip", showlegend=False, name="relations"))  # fmt: skip
    order = list(KIND_COLOURS)
    # Name every node of a small graph; in a large one, the most connected, so an exported image still reads.
    labelled = set(nodes["node"]) if len(nodes) <= 60 else set(nodes.nlargest(30, "degree")["node"])
    if selected:
        labelled.add(selected)
    for group in (
        sorted(nodes["group"].unique(), key=lambda g: order.index(g) if g in order else len(order)) if len(nodes) else []
    ):
        part = nodes[nodes["group"] == group]
        name = {"initiative": "Initiative", "incident": "Incident"}.get(group) or vocab.label(vocab.STAKEHOLDER_KINDS, group)
        is_sel = part["node"] == selected
        fig.add_trace(go.Scatter(
            x=part["x"].round(ROUND), y=part["y"].round(ROUND), mode="markers+text",
            text=[_short(lbl) if n in labelled else "" for n, lbl in zip(part["node"], part["label"])],
            hovertext=list(part["label"]),
            textposition="top center", textfont={"size": 10, "color": "#374151"},
            marker={
                "size": (9 + 2.2 * part["degree"].clip(upper=12)).tolist(),
                "color": KIND_COLOURS.get(group, "#777777"),
                "symbol": SYMBOLS.get(group, "circle"),
                "line": {"width": [3 if s else 1 for s in is_sel], "color": ["#dc2626" if s else "#374151" for s in is_sel]},
            },
            customdata=part[["node"]].values.tolist(),
            hovertemplate="<b>%{hovertext}</b><br>" + name + "<br>%{customdata[0]}<extra></extra>",
            name=name,
        ))  # fmt: skip
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 16}},
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"},
        plot_bgcolor="white", paper_bgcolor="white", height=640, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.02, "font": {"size": 11}}, clickmode="event+select", dragmode="pan",
    )  # fmt: skip
    return fig


def _short(label: str) -> str:
    return label if len(label) <= 28 else label[:26] + "…"


def _gaps(values: np.ndarray) -> list[float | None]:
    """NaN as None, where plotly breaks the line."""
    return [None if v != v else float(v) for v in values]

"""Builds the stakeholder network figure (plotly) from laid-out nodes and edges."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from trafficking_atlas import vocab
from trafficking_atlas.chart_render import plotly_text
from trafficking_atlas.presentation import INK, OTHER_NODE_COLOUR, SELECTION, STAKEHOLDER_COLOURS, shorten

SYMBOLS = {"initiative": "square", "incident": "diamond"}
# Layout coordinates span about [-2, 2]: four decimals are far below a pixel and halve what the browser is sent.
ROUND = 4
# The plot area assumed when keeping labels apart (the page's chart is about this size, the export larger),
# and the width of a character of the 10 px label font.
PLOT_PX = (1000, 520)
CHAR_PX = 5.6
# A white halo keeps a label legible where it crosses an edge or a marker.
HALO = "1px 1px 1px #fff, -1px -1px 1px #fff, 1px -1px 1px #fff, -1px 1px 1px #fff"


def network_figure(nodes: pd.DataFrame, edges: pd.DataFrame, title: str, selected: str | None = None) -> go.Figure:
    """Edges as grey lines, one trace per node group (a legend entry each), node size by degree.

    Each node's `customdata` is `[node id, degree]`, so a click maps back to the record.
    """
    fig = go.Figure()
    if len(edges):
        # One trace for every edge, segments separated by gaps (None), built column-wise rather than row by row.
        gap = np.full(len(edges), np.nan)
        xs = np.column_stack([edges["x0"].to_numpy(float), edges["x1"].to_numpy(float), gap]).ravel().round(ROUND)
        ys = np.column_stack([edges["y0"].to_numpy(float), edges["y1"].to_numpy(float), gap]).ravel().round(ROUND)
        fig.add_trace(go.Scatter(x=_gaps(xs), y=_gaps(ys), mode="lines", line={"color": "#c7c7c7", "width": 1},
                                 hoverinfo="skip", showlegend=False, name="relations"))  # fmt: skip
    order = list(STAKEHOLDER_COLOURS)
    x_range, y_range = _ranges(nodes)
    labelled = _labelled(nodes, selected, x_range, y_range)
    for group in (
        sorted(nodes["group"].unique(), key=lambda g: order.index(g) if g in order else len(order)) if len(nodes) else []
    ):
        part = nodes[nodes["group"] == group]
        name = {"initiative": "Initiative", "incident": "Incident"}.get(group) or vocab.label(vocab.STAKEHOLDER_KINDS, group)
        is_sel = part["node"] == selected
        fig.add_trace(go.Scatter(
            x=part["x"].round(ROUND), y=part["y"].round(ROUND), mode="markers+text",
            text=[_short(lbl) if n in labelled else "" for n, lbl in zip(part["node"], part["label"])],
            # Plotly reads hover text as HTML: a name is escaped, and an outside stakeholder says so.
            hovertext=[
                plotly_text(str(lbl)) + (" · outside the documents" if pd.notna(out) and bool(out) else "")
                for lbl, out in zip(part["label"], part.get("outside", pd.Series(False, index=part.index)))
            ],
            textposition=[labelled.get(n, "top center") for n in part["node"]],
            textfont={"size": 10, "color": INK, "shadow": HALO},
            marker={
                "size": _size(part["degree"]).tolist(),
                "color": STAKEHOLDER_COLOURS.get(group, OTHER_NODE_COLOUR),
                "symbol": SYMBOLS.get(group, "circle"),
                "line": {"width": [3 if s else 1 for s in is_sel], "color": [SELECTION if s else INK for s in is_sel]},
            },
            customdata=np.column_stack([part["node"], part["degree"]]).tolist(),
            hovertemplate="<b>%{hovertext}</b><br>" + name + " · %{customdata[1]} relation(s) drawn<extra></extra>",
            name=name,
        ))  # fmt: skip
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 16}},
        xaxis={"visible": False, "range": x_range}, yaxis={"visible": False, "range": y_range},
        plot_bgcolor="white", paper_bgcolor="white", height=640, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.02, "font": {"size": 11}}, clickmode="event+select", dragmode="pan",
    )  # fmt: skip
    return fig


def _size(degree: pd.Series) -> pd.Series:
    return 9 + 2.2 * degree.clip(upper=12)


def _ranges(nodes: pd.DataFrame) -> tuple[list[float], list[float]]:
    """Axis ranges around the nodes, with room above for the top row's labels."""
    if nodes.empty:
        return [-1.0, 1.0], [-1.0, 1.0]
    x0, x1, y0, y1 = nodes["x"].min(), nodes["x"].max(), nodes["y"].min(), nodes["y"].max()
    pad_x, pad_y = 0.04 * (x1 - x0 or 1), 0.05 * (y1 - y0 or 1)
    return [round(x0 - pad_x, ROUND), round(x1 + pad_x, ROUND)], [round(y0 - pad_y, ROUND), round(y1 + 2.5 * pad_y, ROUND)]


# The first this many nodes in label order (the selection, then the most connected stakeholders) are named
# even where their label would cross another marker.
MUST_NAME = 12
# Where a label may stand around its marker, in order of preference: plotly's textposition and the label
# box's offset from the marker's centre (in units of the box's half width and height, and the marker's radius).
POSITIONS = {
    "top center": (0, 1, 0, 1),
    "bottom center": (0, -1, 0, -1),
    "middle right": (1, 0, 1, 0),
    "middle left": (-1, 0, -1, 0),
}


def _labelled(nodes: pd.DataFrame, selected: str | None, x_range: list[float], y_range: list[float]) -> dict[str, str]:
    """Where to name each node that gets a label (node -> plotly textposition).

    The selected node first, then stakeholders, then records, most connected first; each label takes the first
    of POSITIONS that keeps clear of every marker and of the labels already placed (plotly does not move
    overlapping text), or is left off: the hover still names the node.
    """
    if nodes.empty:
        return {}
    px_x = PLOT_PX[0] / (x_range[1] - x_range[0])
    px_y = PLOT_PX[1] / (y_range[1] - y_range[0])
    ranked = nodes.assign(
        _other=nodes["node"] != selected, _record=nodes["type"] != "stakeholder", _size=_size(nodes["degree"])
    ).sort_values(["_other", "_record", "degree", "node"], ascending=[True, True, False, True], kind="stable")
    cx = ((ranked["x"] - x_range[0]) * px_x).to_numpy()
    cy = ((ranked["y"] - y_range[0]) * px_y).to_numpy()
    r = (ranked["_size"] / 2).to_numpy()
    markers = [(x - d, y - d, x + d, y + d) for x, y, d in zip(cx, cy, r)]
    labels: list[tuple[float, float, float, float]] = []
    placed: dict[str, str] = {}
    for i, (node, label) in enumerate(zip(ranked["node"], ranked["label"])):
        half_w, half_h = (CHAR_PX * len(_short(str(label))) + 4) / 2, 7.0
        boxes = {}
        for position, (ux, uy, rx, ry) in POSITIONS.items():
            x, y = cx[i] + ux * half_w + rx * (r[i] + 2), cy[i] + uy * half_h + ry * (r[i] + 1)
            box = (x - half_w, y - half_h, x + half_w, y + half_h)
            if box[0] >= 0 and box[1] >= 0 and box[2] <= PLOT_PX[0] and box[3] <= PLOT_PX[1]:
                if not any(_overlap(box, b) for b in labels):
                    boxes[position] = box
        clear = [p for p, box in boxes.items() if not any(_overlap(box, m) for j, m in enumerate(markers) if j != i)]
        # The most connected stakeholders (and the selection) are named even where only a marker is in the way.
        chosen = clear[:1] or (list(boxes)[:1] if i < MUST_NAME else [])
        if chosen:
            labels.append(boxes[chosen[0]])
            placed[node] = chosen[0]
    return placed


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _short(label: str) -> str:
    return shorten(label, 28, keep=26, words=False)


def _gaps(values: np.ndarray) -> list[float | None]:
    """NaN as None, where plotly breaks the line."""
    return [None if v != v else float(v) for v in values]

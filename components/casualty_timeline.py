"""Plotly figures for the casualty timeline, built from the frames of `trafficking_atlas.timeline`.

Pure builders: frames in, `go.Figure` out; nothing here reads Streamlit state.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from trafficking_atlas import casualties, provenance, timeline
from trafficking_atlas.chart_render import plotly_text
from trafficking_atlas.presentation import (
    EXTERNAL_COLOUR,
    GROUP_COLOURS,
    OKABE_ITO,
    RESPONSE_COLOUR,
    RESPONSE_COLOURS,
    shorten,
    wrap,
)

SYMBOLS = {"dead": "circle", "missing": "square"}
CROSSINGS_COLOUR = GROUP_COLOURS[1]  # the documents' crossing figures on the context chart
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 13, "color": "#222222"}
DAY_MS = 86_400_000


def colours(groups: list[str]) -> dict[str, str]:
    """A colour per group, in the order given."""
    return {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(groups)}


def _window(marks: pd.DataFrame, responses: pd.DataFrame, x_range: tuple | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    if x_range is not None:
        return pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])
    ext = timeline.extent(marks, responses)
    if ext is None:
        today = pd.Timestamp.today().normalize()
        return today - pd.Timedelta(days=365), today
    return ext


def mark_x(marks: pd.DataFrame, window: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    """Where each mark is drawn: the middle of its span, reports of one event set side by side around it."""
    width = max((window[1] - window[0]).days, 30)
    step = pd.Timedelta(days=max(width * 0.012, 1.0))
    mid = marks["start"] + (marks["end"] - marks["start"]) / 2
    return mid + (marks["slot"] - (marks["slots"] - 1) / 2) * step


def _rows(frame: pd.DataFrame) -> list[dict]:
    # Rows as dicts, one column converted at a time: iterrows builds a Series per row, and to_dict slices the
    # 30 columns anew on every call (a tenth of a second a chart on the real data).
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


def _hover_mark(row: pd.Series) -> str:
    # Plotly reads hover text as HTML: every word from the data is escaped; only our own tags stay markup.
    quote = shorten(str(row["quote"]), 160, keep=157, words=False)
    e = {k: plotly_text(str(row[k])) for k in ("value_text", "event", "date_text", "precision", "reporter", "basis", "document")}
    return (
        f"<b>{e['value_text']} {plotly_text(str(row['metric']).replace('_', ' '))}</b><br>"
        f"{e['event']}<br>"
        f"Date: {e['date_text']} ({e['precision']})<br>"
        f"Reported by: {e['reporter']}<br>"
        f"Source: {e['basis']}<br>"
        f"Document: {e['document']}<br>"
        f"<i>“{wrap(plotly_text(quote))}”</i>"
    )


def _label(row: pd.Series) -> str:
    ref = " (outside)" if row["external"] else ""
    return plotly_text(f"{row['reporter_short']}{ref}: {row['value_text']}")


def timeline_figure(
    marks: pd.DataFrame,
    responses: pd.DataFrame,
    *,
    group: str = "route",
    cumulative: bool = False,
    log: bool = False,
    x_range: tuple | None = None,
    selected: str | None = None,
    group_order: list[str] | None = None,
    title: str = "Deaths and disappearances as reported, beside the response",
    totals: pd.DataFrame | None = None,
    response_totals: pd.DataFrame | None = None,
    freq: str = "month",
) -> go.Figure:
    """The main timeline: every casualty figure at its date span with its range and reporter, over a response lane.

    Args:
        marks: `timeline.casualty_marks` output.
        responses: `timeline.response_markers` output.
        group: the marks column that colours them (`route`, `region` or `domain`).
        cumulative: draw running totals per group (each event once) and set each report on top of them.
        log: logarithmic people axis.
        x_range: the date window shown; defaults to everything drawn.
        selected: `figure:<id>` or `initiative:<id>` to ring.
        group_order: every group that may be shown, so a group keeps its colour when the window narrows.
        totals: `timeline.aggregate` output: draw these totals per period instead of each mark (too many to read).
        response_totals: `timeline.aggregate_responses` output: count the response lane per period likewise.
        freq: the period of the totals (`day`, `week`, `month` or `year`).

    Every clickable point carries `customdata` = [`figure:<id>`], [`initiative:<id>`] or, on a bar of totals,
    [`period:<first day>:<last day>`].
    """
    window = _window(marks, responses, x_range)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.72, 0.28], vertical_spacing=0.05)
    if totals is not None:
        marks = marks.iloc[0:0]
        top, label_top = _totals_panel(fig, totals, window, freq, cumulative=cumulative, log=log, group_order=group_order)
    else:
        marks, top, label_top = _marks_panel(fig, marks, window, group, cumulative, log, group_order)
    if response_totals is not None:
        _response_totals(fig, response_totals, freq)
    else:
        _response_lane(fig, responses, window)
    if selected:
        _ring(fig, marks, responses if response_totals is None else responses.iloc[0:0], selected)
    subtitle = _subtitle() if totals is None else _totals_subtitle(freq, bool(_dataset_column(totals).any()))
    fig.update_layout(
        title={"text": title, "subtitle": {"text": subtitle}, "x": 0.01, "xanchor": "left"},
        template="plotly_white", font=FONT, height=720, hovermode="closest", clickmode="event+select",
        dragmode="zoom", margin={"l": 90, "r": 30, "t": 110, "b": 40},
        legend={"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top", "font": {"size": 12},
                "groupclick": "toggleitem"},
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
    )  # fmt: skip
    fig.update_xaxes(range=[window[0], window[1]], type="date", showgrid=True, gridcolor="#e5e5e5")
    fig.update_xaxes(title_text="Date", row=2, col=1)
    y_title = "People, running total" if cumulative else "People (as reported)"
    if totals is not None:
        y_title = "People, running total" if cumulative else f"People per {freq}"
    if log:
        fig.update_yaxes(
            type="log",
            title_text=y_title + ", log scale",
            row=1,
            col=1,
            range=[0, max(math.log10(max(top, 10)) * 1.05, label_top)],
        )
    else:
        fig.update_yaxes(title_text=y_title, row=1, col=1, range=[0, max(top * 1.15, label_top) + 1])
    return fig


def _marks_panel(
    fig: go.Figure, marks: pd.DataFrame, window: tuple, group: str, cumulative: bool, log: bool, group_order: list[str] | None
) -> tuple[pd.DataFrame, float, float]:
    """One mark per casualty figure with its period, range and reporter label; returns (marks drawn, top, label top)."""
    marks = marks.copy()
    steps = pd.DataFrame()
    if cumulative and len(marks):
        marks, steps = timeline.cumulative(marks, group)
    else:
        marks["offset"] = 0.0
    floor = 1.0 if log else 0.0
    groups = list(dict.fromkeys(sorted(marks[group]))) if len(marks) else []
    colour = colours(list(dict.fromkeys([*(group_order or []), *groups])))
    if len(marks):
        marks["x"] = mark_x(marks, window)
        marks["y"] = marks["value"] + marks["offset"]
        marks["y_low"] = (marks["low"] + marks["offset"]).clip(lower=floor)
        marks["y_high"] = marks["high"] + marks["offset"]
    top = float((marks["y"].max() if len(marks) else 10) or 10)
    for g in groups:
        sel = marks[marks[group] == g]
        c = colour[g]
        # The period each figure covers, as a bar along the time axis at its stated value.
        xs, ys = [], []
        for r in _rows(sel):
            end = r["end"] + pd.Timedelta(days=1)
            xs += [r["start"], end, None]
            ys += [r["y"], r["y"], None]
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines", line={"color": c, "width": 7}, opacity=0.35, hoverinfo="skip",
                       legendgroup=g, showlegend=False, name=f"{plotly_text(g)} — period covered"),
            row=1, col=1,
        )  # fmt: skip
        # The range a qualifier allows: a solid bar from low to high, a dotted arrow when open-ended.
        closed = sel[~sel["open"]]
        xs, ys = [], []
        for r in _rows(closed):
            if r["y_high"] != r["y_low"]:
                xs += [r["x"], r["x"], None]
                ys += [r["y_low"], r["y_high"], None]
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines", line={"color": c, "width": 2.5}, hoverinfo="skip",
                       legendgroup=g, showlegend=False, name=f"{plotly_text(g)} — range"),
            row=1, col=1,
        )  # fmt: skip
        opened = sel[sel["open"]]
        xs, ys, tips = [], [], []
        for r in _rows(opened):
            head = _open_top(r["y_low"], log)
            xs += [r["x"], r["x"], None]
            ys += [r["y_low"], head, None]
            tips.append((r["x"], head))
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines", line={"color": c, "width": 2.5, "dash": "dot"}, hoverinfo="skip",
                       legendgroup=g, showlegend=False, name=f"{plotly_text(g)} — open-ended"),
            row=1, col=1,
        )  # fmt: skip
        if tips:
            fig.add_trace(
                go.Scatter(x=[t[0] for t in tips], y=[t[1] for t in tips], mode="markers",
                           marker={"symbol": "triangle-up", "size": 11, "color": c}, hoverinfo="skip",
                           legendgroup=g, showlegend=False, name=f"{plotly_text(g)} — and more"),
                row=1, col=1,
            )  # fmt: skip
            top = max(top, max(t[1] for t in tips))
        # The figure itself: filled when the documents give it, hollow when it comes from the reference facts, with a
        # dot when it is an imported dataset's row.
        for (kind, external, row), pts in sel.groupby(["kind", "external", "dataset"], sort=True):
            symbol = SYMBOLS.get(kind, "circle") + ("-open" if external else "-open-dot" if row else "")
            where = "outside the documents" if external else "a dataset's row" if row else "in the documents"
            fig.add_trace(
                go.Scatter(
                    x=pts["x"], y=pts["y"], mode="markers",
                    marker={"symbol": symbol, "size": 13, "color": c, "line": {"width": 2, "color": c}},
                    name=f"{kind}, {where}",
                    legendgroup=g, legendgrouptitle={"text": plotly_text(g)},
                    customdata=[[f"figure:{i}"] for i in pts["figure_id"]],
                    hovertext=[_hover_mark(r) for r in _rows(pts)], hoverinfo="text",
                    meta="casualty",
                ),
                row=1, col=1,
            )  # fmt: skip
        if len(steps):
            top = max(top, _running_lines(fig, steps[steps["group"] == g], "date", g, c, window, floor))
    # Each mark's reporter, stacked above its event's reports (one row per report, in the order they stand)
    # with a thin leader line down to the mark, so neighbouring labels never cover a mark.
    label_top = _label_marks(fig, marks, top, log, floor)
    return marks, top, label_top


# Dead and missing running totals are drawn apart (never added): the dead solid, the missing dotted.
RUNNING_DASH = {("dead", "low"): None, ("dead", "high"): "dash", ("missing", "low"): "dot", ("missing", "high"): "dashdot"}


def _running_lines(fig: go.Figure, steps: pd.DataFrame, x_col: str, g: str, c: str, window: tuple, floor: float) -> float:
    """One group's running totals, a low and a high line per kind; returns the highest value drawn."""
    top = 0.0
    for kind, st_ in steps.sort_values(x_col).groupby("kind", sort=True):
        x = [window[0], *st_[x_col], window[1]]
        for end, dash in (("low", RUNNING_DASH[(kind, "low")]), ("high", RUNNING_DASH[(kind, "high")])):
            values = [0, *st_[f"cum_{end}"], st_[f"cum_{end}"].iloc[-1]]
            label = end + ("+" if end == "high" and st_["open"].any() else "")
            fig.add_trace(
                go.Scatter(x=x, y=[max(v, floor) for v in values], mode="lines", hoverinfo="x+y+name",
                           line={"color": c, "width": 2 if end == "low" else 1.5, "shape": "hv", "dash": dash},
                           name=f"{plotly_text(g)} · {kind}, running total ({label})", legendgroup=g),
                row=1, col=1,
            )  # fmt: skip
        top = max(top, float(st_["cum_high"].max()))
    return top


def _bar_geometry(starts: pd.Series, ends: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each bar's x (its first day), width (its period in milliseconds, drawn from offset 0) and `period_key`."""
    # numpy arrays, not lists: plotly validates a list of lists element by element, which costs more than the rest.
    first, last = starts.dt.strftime("%Y-%m-%d"), ends.dt.strftime("%Y-%m-%d")
    width = ((ends - starts).dt.days + 1) * DAY_MS
    return first.to_numpy(dtype=object), width.to_numpy(dtype="int64"), ("period:" + first + ":" + last).to_numpy(dtype=object)


# An imported dataset's totals per period stand beside the documents' (never stacked on them or summed with them:
# `datasets.TOTALS_RULE`), paler and dotted (dead) or cross-hatched (missing), as its marks are dotted.
DATASET_PATTERNS = {"dead": ".", "missing": "x"}
DATASET_OPACITY = 0.6


def _dataset_column(totals: pd.DataFrame) -> pd.Series:
    """Which totals are an imported dataset's (`timeline.aggregate`'s `dataset`)."""
    if "dataset" not in totals:
        return pd.Series(False, index=totals.index, dtype=bool)
    return totals["dataset"].fillna(False).astype(bool)


def _totals_panel(
    fig: go.Figure,
    totals: pd.DataFrame,
    window: tuple,
    freq: str,
    *,
    cumulative: bool,
    log: bool,
    group_order: list[str] | None,
) -> tuple[float, float]:
    """Totals per period, stacked by group (missing hatched), or running totals per group; returns (top, 0).

    The documents' groups are stacked in the first slot of each kind's half of the period; each imported dataset
    has a slot of its own beside them (its own offset group, so plotly never stacks it on the documents' bars), and
    its own high-end marks."""
    if totals.empty:
        return 10.0, 0.0
    totals = totals.assign(dataset=_dataset_column(totals))
    groups = list(dict.fromkeys(totals["group"]))
    named = [g for g in groups if not str(g).startswith("Other (")]
    order = [g for g in (group_order or []) if g in named]
    # Few groups keep the colours they have on the per-mark chart; many are ranked (largest first) by `aggregate`.
    palette = colours(order) if group_order and len(group_order) <= len(GROUP_COLOURS) and len(order) == len(named) else {}
    ranked = totals.groupby("group")["low"].sum().sort_values(ascending=False, kind="stable").index
    free = iter(c for c in GROUP_COLOURS if c not in palette.values())
    colour = {g: palette.get(g) or (EXTERNAL_COLOUR if str(g).startswith("Other (") else next(free, EXTERNAL_COLOUR))
              for g in ranked}  # fmt: skip
    # The documents' groups first (largest first), then each dataset's, in title order.
    own = totals[~totals["dataset"]]
    datasets = sorted(set(totals.loc[totals["dataset"], "group"]))
    drawn = [(g, False) for g in own.groupby("group")["low"].sum().sort_values(ascending=False, kind="stable").index]
    drawn += [(g, True) for g in datasets]
    floor = 1.0 if log else 0.0
    if cumulative:
        steps = timeline.running_totals(totals)
        top = 10.0
        for g, mine in drawn:
            sel = steps[(steps["group"] == g) & (steps["dataset"] == mine)]
            top = max(top, _running_lines(fig, sel, "period", g, colour[g], window, floor))
        return top, 0.0
    slots = 1 + len(datasets)
    highs: list[tuple[pd.DataFrame, int, str]] = []  # per slot: its totals, its index and its legend group
    for g, mine in drawn:
        slot = 1 + datasets.index(g) if mine else 0
        for kind in ("dead", "missing"):
            sel = totals[(totals["group"] == g) & (totals["dataset"] == mine) & (totals["kind"] == kind)]
            if sel.empty:
                continue
            x, width, keys = _bar_geometry(sel["period"], sel["period_end"])
            # Dead in the first half of the period, missing in the second: stacked by group, never on each other;
            # a dataset's bars beside the documents' in their half.
            half = width // 2
            width = half // slots
            offset = (np.zeros(len(half), dtype="int64") if kind == "dead" else half) + slot * width
            ranges = [casualties.range_text(lo, hi, op) for lo, hi, op in zip(sel["low"], sel["high"], sel["open"])]
            custom = np.column_stack([keys, sel["period_text"].to_numpy(dtype=object), sel["events"].to_numpy(dtype=object),
                                      sel["reports"].to_numpy(dtype=object), np.asarray(ranges, dtype=object),
                                      sel["spanning"].to_numpy(dtype=object)])  # fmt: skip
            pattern = DATASET_PATTERNS[kind] if mine else "/" if kind == "missing" else ""
            apart = " (an imported dataset's rows, counted apart)" if mine else ""
            fig.add_trace(
                go.Bar(
                    x=x, y=sel["low"].clip(lower=floor), width=width, offset=offset,
                    name=f"{plotly_text(g)} — {kind}" + (", counted apart" if mine else ""),
                    legendgroup=g, meta="totals", offsetgroup=f"{'dataset' if mine else 'documents'}-{slot}-{kind}",
                    opacity=DATASET_OPACITY if mine else None,
                    marker={"color": colour[g], "line": {"width": 1 if mine else 0, "color": colour[g]},
                            "pattern": {"shape": pattern, "fgcolor": "white"}},
                    customdata=custom,
                    hovertemplate=(f"<b>%{{customdata[1]}} · {_hover_text(g)} · {kind}</b>{apart}<br>"
                                   "%{customdata[2]} events, %{customdata[3]} reports<br>"
                                   "Reported: %{customdata[4]} (each event's minimum – highest figure, summed)<br>"
                                   "%{customdata[5]} events run past the period<br>Click to narrow the window to this period"
                                   "<extra></extra>"),
                ),
                row=1, col=1,
            )  # fmt: skip
    highs.append((totals[~totals["dataset"]], 0, ""))
    highs += [(totals[totals["dataset"] & (totals["group"] == g)], 1 + i, g) for i, g in enumerate(datasets)]
    top = 0.0
    for part, slot, g in highs:
        if part.empty:
            continue
        # The high end of the reported ranges, so the bars (the low ends) are not read as the only count: over the
        # documents' groups, and for each dataset its own. Per kind, over the slot its bars stand in: dead and
        # missing are never added, nor a dataset's figures to the documents'.
        per = part.groupby(["period", "period_end", "kind"], sort=True)[["low", "high", "open"]].agg(
            {"low": "sum", "high": "sum", "open": "any"}
        ).reset_index()  # fmt: skip
        share = (per["kind"].map({"dead": 0.0, "missing": 0.5}).fillna(0.0) + (slot + 0.5) / (2 * slots)).clip(upper=1.0)
        mid = per["period"] + (per["period_end"] + pd.Timedelta(days=1) - per["period"]) * share
        name = (
            f"Highest figures reported: {plotly_text(g)}, counted apart"
            if g
            else ("Highest figures reported (all the documents' groups)" if datasets else "Highest figures reported (all groups)")
        )
        fig.add_trace(
            go.Scatter(x=mid, y=per["high"].clip(lower=floor), mode="markers", name=name,
                       legendgroup=g or None, showlegend=not g,
                       marker={"symbol": "line-ew-open", "size": 14 if not g else 10, "color": "#222222",
                               "line": {"width": 2}},
                       hovertemplate="High end: %{y:,.0f}" + (f" ({_hover_text(g)})" if g else "") + "<extra></extra>"),
            row=1, col=1,
        )  # fmt: skip
        top = max(top, float(per["high"].max() or 0))
    fig.update_layout(barmode="stack", bargap=0)
    return float(top or 10), 0.0


def _hover_text(text: object) -> str:
    return str(text).replace("<", "&lt;").replace(">", "&gt;")


def _totals_subtitle(freq: str, datasets: bool = False) -> str:
    text = (
        f"Totals per {freq}: too many reports to draw each one. Bars: each event's minimum (dead solid, left; missing<br>"
        "hatched, right; never added), stacked by group; — the highest figures, over all groups. Each event (an<br>"
        "incident, dead or missing) counts once, in the period it starts. Click a bar to see each report."
    )
    if datasets:
        text = text.replace("over all groups", "over the documents' groups") + (
            "<br>An imported dataset's totals stand beside the documents', paler (dead dotted, missing cross-hatched):"
            "<br>counted apart, never stacked on or added to the documents' figures."
        )
    return text


def _response_totals(fig: go.Figure, totals: pd.DataFrame, freq: str) -> None:
    """The response lane as counts of dated initiatives per period: meetings and conferences, and the rest."""
    fig.update_yaxes(title_text=f"Response<br>(initiatives per {freq})", row=2, col=1, showgrid=True, zeroline=False)
    for lane, name in enumerate(timeline.LANES):
        sel = totals[totals["lane"] == lane]
        if sel.empty:
            continue
        x, width, keys = _bar_geometry(sel["period"], sel["period_end"])
        fig.add_trace(
            go.Bar(x=x, y=sel["count"], width=width, offset=0, name=f"{plotly_text(name)} (count)", meta="response_totals",
                   marker={"color": RESPONSE_COLOUR if lane == 0 else RESPONSE_COLOURS[1], "line": {"width": 0}},
                   customdata=np.column_stack([keys, sel["period_text"].to_numpy(dtype=object)]),
                   hovertemplate=f"<b>%{{customdata[1]}}</b><br>%{{y}} {name.lower()}<extra></extra>"),
            row=2, col=1,
        )  # fmt: skip
    fig.update_layout(barmode="stack", bargap=0)


def _label_marks(fig: go.Figure, marks: pd.DataFrame, top: float, log: bool, floor: float) -> float:
    """Add a reporter label per mark above its event's cluster; returns the highest label position (axis units)."""
    if marks.empty:
        return 0.0
    tips = [_open_top(lo, log) if is_open else max(y, hi if pd.notna(hi) else y)
            for y, lo, hi, is_open in zip(marks["y"], marks["y_low"], marks["y_high"], marks["open"])]  # fmt: skip
    cluster_top = pd.Series(tips, index=marks.index).groupby(marks["side"]).transform("max")
    to_axis = (lambda v: math.log10(max(v, floor, 1.0))) if log else (lambda v: v)
    gap = 0.07 * max(to_axis(top), 1.0) if log else 0.075 * top * 1.3
    highest = 0.0
    labels = []
    for r, ctop in zip(_rows(marks), cluster_top):
        label_y = to_axis(ctop) + gap * (int(r["slot"]) + 1)
        highest = max(highest, label_y + gap * 0.6)
        labels.append(go.layout.Annotation(
            x=r["x"], y=to_axis(max(r["y"], floor)), ax=r["x"], ay=label_y, axref="x", ayref="y",
            text=_label(r), showarrow=True, arrowhead=0, arrowwidth=1, arrowcolor="#9a9a9a", standoff=8,
            font={"size": 11, "color": "#222222"}, xanchor="center", xref="x", yref="y",
        ))  # fmt: skip
    # Set at once: add_annotation per mark copies every earlier annotation each time (quadratic).
    fig.layout.annotations = (*fig.layout.annotations, *labels)
    return highest


def _open_top(low: float, log: bool) -> float:
    """Where an open-ended figure's arrow ends: a fixed share above its low end."""
    return low * (1.6 if log else 1.2) + 1


def _subtitle() -> str:
    return (
        "● dead  ■ missing · filled: in the documents, ○ hollow: outside the documents · label: who reported it<br>"
        "Vertical bar: the range a qualifier allows ('up to 75' runs from 0) · dotted arrow ▲: open-ended ('more than 70')"
        " · horizontal band: the period a figure covers"
    )


def _response_lane(fig: go.Figure, responses: pd.DataFrame, window: tuple[pd.Timestamp, pd.Timestamp]) -> None:
    """Initiatives in the lower row: meetings and conferences, then alliances, plans and policies."""
    lanes = list(timeline.LANES)
    fig.update_yaxes(tickvals=[0, 1], ticktext=[lane.replace(", ", ",<br>", 1) for lane in lanes], range=[1.8, -0.8],
                     row=2, col=1, showgrid=False,
                     title_text="Response", zeroline=False)  # fmt: skip
    if responses.empty:
        return
    y = responses["lane"] + responses["slot"] * 0.3
    xs, ys = [], []
    for r, yy in zip(_rows(responses), y):
        if r["end"] > r["start"]:
            xs += [r["start"], r["end"] + pd.Timedelta(days=1), None]
            ys += [yy, yy, None]
    fig.add_trace(
        go.Scatter(x=xs, y=ys, mode="lines", line={"color": RESPONSE_COLOUR, "width": 6}, opacity=0.35,
                   hoverinfo="skip", showlegend=False, name="initiative period"),
        row=2, col=1,
    )  # fmt: skip
    mid = responses["start"] + (responses["end"] - responses["start"]) / 2
    hover = [
        f"<b>{wrap(plotly_text(r['name']))}</b><br>{r['kind'].replace('_', ' ')} · {r['status']} · {r['date_text']}"
        + (f"<br>{plotly_text(r['place'])}" if r["place"] else "")
        + f"<br>{plotly_text(r['domain'])}"
        + (f"<br>{r['recommendations']} recommendations" if r["recommendations"] else "")
        + f"<br>Document: {plotly_text(r['document'])}"
        for r in _rows(responses)
    ]
    # Held meetings and conferences are named on the chart (not a sub-session of one shown), alternating above and
    # below the lane so neighbours do not overwrite each other.
    meetings = set(responses.loc[responses["lane"] == 0, "initiative_id"])
    named = (responses["lane"] == 0) & (responses["status"] == "held") & ~responses["parent_id"].isin(meetings)
    x0, x1 = window
    labels, positions, last = [], [], "bottom"
    for name, is_named, x, slot in zip(responses["name"], named, responses["start"], responses["slot"]):
        labels.append(plotly_text(shorten(name, 34, words=False, trim=True)) if is_named else "")
        frac = (x - x0) / (x1 - x0) if x1 > x0 else 0.5
        side = " right" if frac < 0.2 else " left" if frac > 0.8 else " center"
        vertical = "bottom" if slot > 0 else ("top" if last == "bottom" else "bottom")
        positions.append(vertical + side)
        if is_named:
            last = vertical
    fig.add_trace(
        go.Scatter(
            x=mid, y=y, mode="markers+text", text=labels, textposition=positions, cliponaxis=False,
            textfont={"size": 11, "color": "#333333"},
            marker={"symbol": ["diamond" if lane == 0 else "square" for lane in responses["lane"]], "size": 12,
                    "color": RESPONSE_COLOUR, "line": {"width": 1, "color": "white"}},
            name="Initiatives and meetings (response)", customdata=[[f"initiative:{i}"] for i in responses["initiative_id"]],
            hovertext=hover, hoverinfo="text", meta="response",
        ),
        row=2, col=1,
    )  # fmt: skip
    # Held meetings and conferences also as faint lines through the casualty panel.
    # Set at once, as add_vline per meeting would (same shapes), without copying every earlier shape each time.
    lines = [
        go.layout.Shape(type="line", x0=x, x1=x, y0=0, y1=1, xref="x", yref="y domain",
                        line={"color": "#bbbbbb", "width": 1, "dash": "dot"})
        for x in mid[(responses["lane"] == 0) & (responses["status"] == "held")]
    ]  # fmt: skip
    fig.layout.shapes = (*fig.layout.shapes, *lines)


def _ring(fig: go.Figure, marks: pd.DataFrame, responses: pd.DataFrame, selected: str) -> None:
    kind, _, ident = selected.partition(":")
    if kind == "figure" and len(marks):
        sel = marks[marks["figure_id"] == ident]
        row = 1
        if sel.empty:
            return
        x, y = sel["x"].iloc[0], sel["y"].iloc[0]
    elif kind == "initiative" and len(responses):
        sel = responses[responses["initiative_id"] == ident]
        row = 2
        if sel.empty:
            return
        r = sel.iloc[0]
        x, y = r["start"] + (r["end"] - r["start"]) / 2, r["lane"] + r["slot"] * 0.3
    else:
        return
    fig.add_trace(
        go.Scatter(x=[x], y=[y], mode="markers", hoverinfo="skip", showlegend=False, name="selected",
                   marker={"symbol": "circle-open", "size": 26, "color": "#000000", "line": {"width": 3}}),
        row=row, col=1,
    )  # fmt: skip


def context_figure(
    arrivals: pd.DataFrame,
    crossings: pd.DataFrame,
    *,
    window: tuple | None = None,
    log: bool = False,
    title: str = "Context: Channel small-boat arrivals per year, with the documents' own crossing figures",
) -> go.Figure:
    """Arrivals per year from the reference facts (external, grey bars over the year they count) with the
    documents' crossing figures drawn over the period they cover; `window`, the casualty chart's dates, is shaded."""
    fig = go.Figure()
    if len(arrivals):
        width = [(e - s).days * DAY_MS + DAY_MS for s, e in zip(arrivals["start"], arrivals["end"])]
        mid = arrivals["start"] + (arrivals["end"] - arrivals["start"]) / 2 + pd.Timedelta(hours=12)
        source = arrivals["basis"].str.replace(provenance.OUTSIDE + ": ", "", regex=False).map(plotly_text)
        fig.add_trace(
            go.Bar(
                x=mid, y=arrivals["value"], width=width, name="Small-boat arrivals, outside the documents",
                marker={"color": EXTERNAL_COLOUR, "pattern": {"shape": "/", "fgcolor": "#ffffff", "size": 8}},
                customdata=[[f"figure:{i}"] for i in arrivals["figure_id"]],
                hovertext=[f"<b>{v:,.0f} arrivals</b> in {d}<br>{provenance.OUTSIDE}: {s}" for v, d, s in
                           zip(arrivals["value"], arrivals["date_text"], source)],
                hoverinfo="text", text=[f"{v:,.0f}" for v in arrivals["value"]], textposition="outside",
            )
        )  # fmt: skip
    for _, r in crossings.iterrows():
        end = r["end"] + pd.Timedelta(days=1)
        fig.add_trace(
            go.Scatter(x=[r["start"], end], y=[r["value"], r["value"]], mode="lines", hoverinfo="skip",
                       line={"color": CROSSINGS_COLOUR, "width": 6}, showlegend=False, name="crossings period")
        )  # fmt: skip
        mid = r["start"] + (r["end"] - r["start"]) / 2
        hover = (
            f"<b>{plotly_text(str(r['value_text']))} crossings</b> · {r['date_text']}<br>"
            f"Reported by: {plotly_text(str(r['reporter']))}<br>Source: {plotly_text(str(r['basis']))}<br>"
            f"Document: {plotly_text(str(r['document']))}<br><i>“{wrap(plotly_text(str(r['quote'])))}”</i>"
        )
        if r["open"]:
            fig.add_trace(
                go.Scatter(x=[mid, mid], y=[r["low"], r["low"] * 1.12], mode="lines", hoverinfo="skip",
                           line={"color": CROSSINGS_COLOUR, "width": 2.5, "dash": "dot"}, showlegend=False)
            )  # fmt: skip
        fig.add_trace(
            go.Scatter(
                x=[mid], y=[r["low"] * 1.12 if r["open"] else r["value"]], mode="markers",
                marker={"symbol": "triangle-up" if r["open"] else "circle", "size": 13, "color": CROSSINGS_COLOUR},
                name=f"Crossings in the documents ({r['date_text']})",
                customdata=[[f"figure:{r['figure_id']}"]], hovertext=[hover], hoverinfo="text",
            )
        )  # fmt: skip
        fig.add_annotation(
            x=r["start"], y=r["value"], text=f"Document: {r['value_text']} ({r['date_text']})", showarrow=True,
            arrowhead=0, arrowcolor=CROSSINGS_COLOUR, ax=-40, ay=50, font={"color": CROSSINGS_COLOUR, "size": 12},
            bgcolor="rgba(255,255,255,0.9)", bordercolor=CROSSINGS_COLOUR, borderwidth=1, xanchor="right",
        )  # fmt: skip
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"}, template="plotly_white", font=FONT, height=340,
        margin={"l": 70, "r": 20, "t": 60, "b": 50}, bargap=0.05, hoverlabel={"align": "left", "bgcolor": "white"},
        legend={"orientation": "h", "y": -0.25, "x": 0},
    )  # fmt: skip
    if window is not None:
        fig.add_vrect(x0=pd.Timestamp(window[0]), x1=pd.Timestamp(window[1]), fillcolor=OKABE_ITO["blue"], opacity=0.07,
                      line_width=0, layer="below", annotation_text="casualty chart window",
                      annotation_position="bottom right", annotation_font={"size": 11, "color": OKABE_ITO["blue"]})  # fmt: skip
    fig.update_xaxes(type="date", title_text="Year")
    fig.update_yaxes(title_text="People" + (", log scale" if log else ""), type="log" if log else "linear")
    return fig

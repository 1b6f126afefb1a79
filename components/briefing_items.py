"""The charts and tables a briefing can hold, each built from the filtered view with its caption and sources."""

from __future__ import annotations

import pandas as pd

from components import casualty_timeline, map_figure, stakeholder_network
from trafficking_atlas import exports, geography, network, queries, roster, tables, timeline, vocab

CHARTS = {
    "map": "Route map",
    "timeline": "Casualty timeline",
    "context": "Channel arrivals context",
    "network": "Stakeholder network",
}
TABLES = {
    "casualties": "Casualty figures by incident",
    "incidents": "Incidents",
    "initiatives": "Initiatives",
    "stakeholders": "Stakeholders",
}
ITEMS = {**CHARTS, **TABLES}
# A briefing table stops here (8 slides of 10 rows); the whole table is in the data downloads.
TABLE_ROWS = 80


def _cut(shown: int, total: int) -> str:
    if total <= shown:
        return ""
    return f" The first {shown:,} of {total:,} rows; the whole table is in the Briefing pack page's data downloads."


def _item(title: str, caption: str, *frames: pd.DataFrame, **content: object) -> exports.BriefingItem:
    """A briefing item whose source line names exactly the documents and outside sources of the records drawn."""
    documents, outside = queries.sources_of(*frames)
    return exports.BriefingItem(title, caption, document_ids=documents, outside=outside, **content)


def build(
    key: str,
    view: dict[str, pd.DataFrame],
    full: dict[str, pd.DataFrame],
    marks: pd.DataFrame | None = None,
    responses: pd.DataFrame | None = None,
) -> exports.BriefingItem:
    """One briefing item by its key (see ITEMS); `marks`/`responses` are the timeline's, when already computed."""
    if key == "map":
        layers = geography.map_layers(view, full, unfiltered=False)
        paths, incidents, venues = layers["paths"], layers["incidents"], layers["venues"]
        fig = map_figure.map_figure(paths, incidents, venues, layers["ports"])
        placed = layers["placed"]
        drawn = f"{placed:,} incidents sized by their minimum dead or missing (never added)"
        if layers["clustered"]:
            drawn = f"{placed:,} incidents in {len(incidents):,} grid-cell clusters sized by their count"
        caption = f"{len(paths):,} routes (arrows: direction of travel), {drawn}, {len(venues):,} venues of initiatives."
        return exports.BriefingItem(CHARTS[key], caption, figure=fig, document_ids=layers["documents"], outside=layers["outside"])
    if key == "timeline":
        marks = timeline.casualty_marks(view["figures"], full, "both") if marks is None else marks
        responses = timeline.response_markers(view["initiatives"], full) if responses is None else responses
        lo = min(full["documents"]["published"]).date()
        hi = max(full["documents"]["published_end"].fillna(full["documents"]["published"])).date()
        window = timeline.fit_window(marks, lo, hi)
        start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1]) + pd.Timedelta(hours=23, minutes=59)
        shown = timeline.window_view(marks, responses, start, end, "route")
        fig = casualty_timeline.timeline_figure(
            shown["marks"] if shown["marks"] is not None else marks.iloc[0:0],
            shown["responses"] if shown["responses"] is not None else responses.iloc[0:0],
            group="route", x_range=(start, end), group_order=sorted(marks["route"].unique()) if len(marks) else None,
            totals=shown["totals"], response_totals=shown["response_totals"], freq=shown["freq"],
        )  # fmt: skip
        if shown["totals"] is None:
            caption = (f"{len(marks)} casualty figures at their dates, each labelled with who reported it; bars show "
                       "the span a month or year figure covers; the lane below marks initiatives and meetings.")  # fmt: skip
        else:
            period = timeline.PERIOD_NAMES[shown["freq"]]
            caption = (f"{shown['n_marks']:,} casualty figures of {shown['n_events']:,} events: {period} totals by route "
                       "(lowest figures stacked, highest marked); the lane below counts initiatives and meetings.")  # fmt: skip
        return exports.BriefingItem(CHARTS[key], caption, figure=fig, document_ids=shown["documents"], outside=shown["outside"])
    if key == "context":
        arrivals = timeline.arrivals_series(view["figures"], full)
        crossings = timeline.crossing_figures(view["figures"], full)
        fig = casualty_timeline.context_figure(arrivals, crossings)
        caption = ("Small-boat arrivals per year (UK Home Office via PA Media, outside the documents) with the documents' own "
                   "crossing figures.")  # fmt: skip
        documents, outside = timeline.context_sources(arrivals, crossings)
        return exports.BriefingItem(CHARTS[key], caption, figure=fig, document_ids=documents, outside=outside)
    if key == "network":
        ids = set(view["stakeholders"]["stakeholder_id"])
        graph, focus = network.capped_graph(full, ids, view["relations"])
        nodes, edges = network.layout(graph)
        fig = stakeholder_network.network_figure(nodes, edges, "")
        caption = f"{len(ids):,} stakeholders and the initiatives and incidents they are tied to, coloured by kind."
        if network.describe(focus):
            caption = f"{network.describe(focus)} Coloured by kind."
        drawn = network.drawn_relations(view["relations"], focus)
        return _item(CHARTS[key], caption, drawn, figure=fig)
    if key == "casualties":
        rows = tables.casualty_rows(view["figures"], view["incidents"])
        table = tables.casualty_table(view["figures"], view["incidents"], full, 0, TABLE_ROWS)
        caption = (
            "Every casualty figure with whom it counts, who reported it and where it comes from; none is merged or "
            "dropped." + _cut(len(table), len(rows))
        )
        return _item(TABLES[key], caption, rows.head(TABLE_ROWS), table=table)
    if key == "incidents":
        shown = queries.latest(view["incidents"], full["documents"], 50)
        table = tables.incident_table(shown, full).drop(columns=["Summary"], errors="ignore")
        caption = "Incidents, newest first, with dates at their precision."
        return _item(TABLES[key], caption, shown, table=table)
    if key == "initiatives":
        shown = queries.latest(view["initiatives"], full["documents"], TABLE_ROWS)
        return _item(TABLES[key], "Initiatives, newest first.", shown, table=tables.initiative_table(shown, full))
    if key == "stakeholders":
        t = roster.roster(full, view["stakeholders"], view["relations"])
        table = pd.DataFrame({
            "Name": t["name"], "Kind": t["kind"].map(lambda k: vocab.label(vocab.STAKEHOLDER_KINDS, k)), "Country": t["country"],
            "Source": t["source"],
            "Initiatives": t["initiatives"], "Incidents": t["incidents"],
        }).sort_values(["Initiatives", "Incidents"], ascending=False)  # fmt: skip
        caption = "Stakeholders by the number of initiatives they are tied to." + _cut(TABLE_ROWS, len(table))
        shown = view["stakeholders"][
            view["stakeholders"]["stakeholder_id"].isin(set(t.loc[table.head(TABLE_ROWS).index, "stakeholder_id"]))
        ]
        return _item(TABLES[key], caption, shown, table=table.head(TABLE_ROWS))
    raise KeyError(key)

"""The charts and tables a briefing can hold, each built through the same atlas calls as its page (the same
chart under the same rules, the timeline's window included), with its caption and sources."""

from __future__ import annotations

from components import casualty_timeline, map_figure, page_frame, stakeholder_network
from trafficking_atlas import roster
from trafficking_atlas.briefing_formats import BriefingItem

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
# The items that may draw or list an imported dataset's rows; their slides then state its rule
# (`briefing_formats.Briefing.notes`).
DATASET_ITEMS = ("map", "timeline", "casualties", "incidents")
# A briefing table stops here (8 slides of 10 rows); the whole table is in the data downloads.
TABLE_ROWS = 80


def _cut(shown: int, total: int) -> str:
    if total <= shown:
        return ""
    return f" The first {shown:,} of {total:,} rows; the whole table is in the Briefing pack page's data downloads."


def _table(title: str, caption: str, page: object) -> BriefingItem:
    """A briefing table whose source line names exactly the documents and outside sources of the rows shown."""
    return BriefingItem(title, caption, table=page.rows, document_ids=page.documents, outside=page.outside)


def build(key: str, context: page_frame.PageContext) -> BriefingItem:
    """One briefing item by its key (see ITEMS), as its page draws it under these filters."""
    atlas, filters = context.atlas, context.filters
    if key == "map":
        layers = atlas.map_layers(filters, context.unfiltered)
        fig = map_figure.map_figure(layers.paths, layers.incidents, layers.venues, layers.ports)
        drawn = f"{layers.placed:,} incidents sized by their minimum dead or missing (never added)"
        if layers.clustered:
            drawn = f"{layers.placed:,} incidents in {len(layers.incidents):,} grid-cell clusters sized by their count"
        caption = (f"{len(layers.paths):,} routes (arrows: direction of travel), {drawn}, {len(layers.venues):,} venues of "
                   "initiatives.")  # fmt: skip
        return BriefingItem(CHARTS[key], caption, figure=fig, document_ids=layers.documents, outside=layers.outside)
    if key == "timeline":
        start, end = atlas.timeline_span(filters, context.options).window()
        shown = atlas.timeline_window(filters, "both", "route", start, end)
        fig = casualty_timeline.timeline_figure(
            shown.marks, shown.responses, group="route", x_range=(start, end), group_order=shown.group_order or None,
            totals=shown.totals, response_totals=shown.response_totals, freq=shown.freq,
        )  # fmt: skip
        if not shown.aggregated:
            caption = (f"{shown.n_marks} casualty figures at their dates, each labelled with who reported it; bars show "
                       "the span a month or year figure covers; the lane below marks initiatives and meetings.")  # fmt: skip
        else:
            caption = (f"{shown.n_marks:,} casualty figures of {shown.n_events:,} events: {shown.period} totals by route "
                       "(lowest figures stacked, highest marked); the lane below counts initiatives and meetings.")  # fmt: skip
        return BriefingItem(CHARTS[key], caption, figure=fig, document_ids=shown.documents, outside=shown.outside)
    if key == "context":
        ctx = atlas.timeline_context(filters)
        fig = casualty_timeline.context_figure(ctx.arrivals, ctx.crossings)
        caption = ("Small-boat arrivals per year (UK Home Office via PA Media, outside the documents) with the documents' own "
                   "crossing figures.")  # fmt: skip
        return BriefingItem(CHARTS[key], caption, figure=fig, document_ids=ctx.documents, outside=ctx.outside)
    if key == "network":
        net = atlas.stakeholder_network(filters, roster.RosterFilter())
        fig = stakeholder_network.network_figure(net.nodes, net.edges, "")
        n = atlas.counts(filters).shown["stakeholders"]
        caption = f"{n:,} stakeholders and the initiatives and incidents they are tied to, coloured by kind."
        if net.note:
            caption = f"{net.note} Coloured by kind."
        return BriefingItem(CHARTS[key], caption, figure=fig, document_ids=net.documents)
    if key == "casualties":
        page = atlas.casualty_page(filters, 0, TABLE_ROWS)
        caption = (
            "Every casualty figure with whom it counts, who reported it and where it comes from; none is merged or "
            "dropped." + _cut(len(page.rows), page.total)
        )
        return _table(TABLES[key], caption, page)
    if key == "incidents":
        page = atlas.latest_table(filters, "incidents", 50)
        page = type(page)(page.total, page.rows.drop(columns=["Summary"], errors="ignore"), page.documents, page.outside)
        return _table(TABLES[key], "Incidents, newest first, with dates at their precision.", page)
    if key == "initiatives":
        return _table(TABLES[key], "Initiatives, newest first.", atlas.latest_table(filters, "initiatives", TABLE_ROWS))
    if key == "stakeholders":
        page = atlas.stakeholder_table(filters, TABLE_ROWS)
        caption = "Stakeholders by the number of initiatives they are tied to." + _cut(TABLE_ROWS, page.total)
        return _table(TABLES[key], caption, page)
    raise KeyError(key)

"""The lines under the charts: what each draws, and what a click does."""

from __future__ import annotations

from components import route_map
from trafficking_atlas.atlas import MapLayers, TimelineWindow


def map_caption(layers: MapLayers, shown: tuple[str, ...]) -> str:
    """How many routes, incidents (in how many clusters), venues and ports are drawn, and what a click does."""
    n_points, n_clusters = len(layers.incidents), layers.clusters
    singles = f" and {n_points - n_clusters:,} single points" if n_points > n_clusters else ""
    counts = route_map.counts_line(shown, {
        "routes": route_map.count(len(layers.paths), "route"),
        "incidents": route_map.count(layers.placed, "incident")
        + (f" in {n_clusters:,} clusters{singles}" if layers.clustered else ""),
        "venues": route_map.count(len(layers.venues), "venue"),
        "ports": route_map.count(len(layers.ports), "port"),
    })  # fmt: skip
    if not layers.clustered:
        return f"{counts}. Click a route, an incident or a venue to see its record."
    return (
        f"{counts}. Too many incidents to draw one by one: each circle is a grid cell with its count; click one to list "
        "its incidents, or narrow the filters to see them one by one."
        + (" The zoomed cluster is split into finer cells or single incidents; “Fit to what is shown” joins it again."
           if layers.focused else "")
    )  # fmt: skip


def timeline_caption(shown: TimelineWindow) -> str:
    """How many figures of how many events and how many initiatives are drawn (or counted per period), and what a
    click does."""
    undated = f" ({shown.undated:,} undated initiatives are not on the axis)" if shown.undated else ""
    if not shown.aggregated and shown.response_totals is None:
        events = shown.marks["cluster"].nunique() if len(shown.marks) else 0
        return (
            f"{len(shown.marks)} casualty figures from {events} events · {len(shown.responses)} dated initiatives and "
            f"meetings{undated}. Click a mark or an initiative to see its record. Reports of the same event are set side "
            "by side a little apart; the hover gives each one's reported date."
        )
    return (
        f"{shown.n_marks:,} casualty figures from {shown.n_events:,} events"
        + (f" ({shown.period} totals)" if shown.aggregated else "")
        + f" · {shown.n_responses:,} dated initiatives and meetings"
        + (f" ({shown.period} counts)" if shown.response_totals is not None else "")
        + undated
        + ". Each event counts once, in the period it starts, as the lowest and highest figure its reports give; "
        "click a bar to narrow the window to its period" + ("" if shown.aggregated else ", a mark to see its record") + "."
    )

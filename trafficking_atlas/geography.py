"""Map-ready frames: routes as paths, incidents and venues as points, with their tooltips."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from trafficking_atlas import casualties, formatting, frame_tools, provenance, vocab
from trafficking_atlas.presentation import DATASET_COLOUR, DOMAIN_COLOURS, ELLIPSIS, GREY, INCIDENT_ALPHA, shorten

# Above this many placed incidents the map draws clusters (one point per grid cell), so the browser
# gets at most this many incident points whatever the data size.
MAP_POINTS = 500
# incident_id prefix of a cluster point: cluster:<cell size>:<row>:<column>, and :<file id> for a cluster of an imported
# dataset's rows (clustered apart from the documents' incidents and from other datasets', never summed with them).
CLUSTER = "cluster"
POINT_COLUMNS = [
    "incident_id", "name", "lon", "lat", "radius", "colour", "dead", "missing", "tooltip_title", "tooltip_body",
    "document", "quote", "count",
]  # fmt: skip


def _doc_labels(documents: pd.DataFrame) -> dict[str, str]:
    return formatting.document_labels(documents)


def route_paths(routes: pd.DataFrame, waypoints: pd.DataFrame, places: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per route with its ordered [lon, lat] path, colour and tooltip fields.

    Args:
        routes: route records.
        waypoints: their waypoints (any order).
        places: the gazetteer.
        documents: for the source label.

    Returns:
        Columns `route_id`, `name`, `domain`, `path`, `colour`, `stops`, `stop_ids`, `tooltip_title`,
        `tooltip_body` (the stops, then those placed or known from outside the documents with their sources),
        `document`, `quote`; routes with fewer than two placed waypoints are left out.
    """
    coords = places.set_index("place_id")[["lon", "lat", "name"]]
    docs = _doc_labels(documents)
    # Each route's placed waypoints in order, grouped once (not one filter of every waypoint per route).
    placed = waypoints[frame_tools.member(waypoints["place_id"], coords.index)].sort_values(["route_id", "seq"], kind="stable")
    stops_of = {rid: list(group) for rid, group in placed.groupby("route_id", sort=False)["place_id"]}
    lon, lat, name = (dict(zip(coords.index.tolist(), coords[c].tolist())) for c in ("lon", "lat", "name"))
    # A stop whose place or whose passage comes from outside the documents is named with its source.
    pl = places.set_index("place_id")
    outside_place = {
        p: provenance.source_name(s)
        for p, b, s in zip(pl.index, pl.get("coord_basis", pd.Series(dtype=str)), pl.get("coord_source", pd.Series(dtype=str)))
        if b == "external" and isinstance(s, str)
    }
    outside_stop = {
        (r, p): provenance.source_name(s)
        for r, p, b, s in zip(placed["route_id"], placed["place_id"], placed["basis"], placed["source"])
        if b == "external" and isinstance(s, str)
    }
    rows = []
    for route in routes.to_dict("records"):
        ids = stops_of.get(route["route_id"], [])
        if len(ids) < 2:
            continue
        path = [[float(lon[p]), float(lat[p])] for p in ids]
        stops = " → ".join(name[p] for p in ids)
        outside = {}
        for p in ids:
            source = outside_stop.get((route["route_id"], p)) or outside_place.get(p)
            if source:
                outside.setdefault(source, []).append(name[p])
        notes = "".join(f"\n{provenance.OUTSIDE}: {', '.join(n)} ({s})" for s, n in outside.items())
        rows.append({
            "route_id": route["route_id"],
            "name": route["name"],
            "domain": route["domain"],
            "path": path,
            "colour": DOMAIN_COLOURS.get(route["domain"], GREY),
            "stops": stops,
            "stop_ids": ids,
            "tooltip_title": route["name"],
            "tooltip_body": f"{vocab.label(vocab.DOMAINS, route['domain'])} · {stops}{notes}",
            "document": docs.get(route["document_id"], route["document_id"]),
            "quote": shorten(route["quote"]),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=[
        "route_id", "name", "domain", "path", "colour", "stops", "stop_ids", "tooltip_title", "tooltip_body", "document",
        "quote",
    ])  # fmt: skip


def mercator_y(lat: float) -> float:
    """A latitude's Web Mercator y, in radians of the equator."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def bearing(a: list[float], b: list[float], mercator: bool = True) -> float:
    """Screen angle in degrees (counter-clockwise from east) of the segment a→b, in Web Mercator or in plain lon/lat."""
    if not mercator:
        return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
    return math.degrees(math.atan2(math.degrees(mercator_y(b[1])) - math.degrees(mercator_y(a[1])), b[0] - a[0]))


def route_arrows(paths: pd.DataFrame) -> pd.DataFrame:
    """An arrowhead at the middle of every route segment, turned along the direction of travel."""
    rows = []
    for _, r in paths.iterrows():
        for a, b in zip(r["path"], r["path"][1:]):
            rows.append({
                "route_id": r["route_id"],
                "position": [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2],
                "angle": bearing(a, b),
                "arrow": "▶",
                "colour": r["colour"],
                "tooltip_title": r["tooltip_title"],
                "tooltip_body": r["tooltip_body"],
                "document": r["document"],
                "quote": r["quote"],
            })  # fmt: skip
    return pd.DataFrame(
        rows, columns=["route_id", "position", "angle", "arrow", "colour", "tooltip_title", "tooltip_body", "document", "quote"]
    )


def _reporter_names(stakeholders: pd.DataFrame | None, figures: pd.DataFrame) -> dict[str, str]:
    if stakeholders is None or figures.empty:
        return {}
    sh = stakeholders[frame_tools.member(stakeholders["stakeholder_id"], figures["reported_by"].dropna())]
    return dict(zip(sh["stakeholder_id"].tolist(), sh["name"].tolist()))


def radius(toll: pd.Series | np.ndarray) -> np.ndarray:
    """A circle's radius in pixels for an incident's minimum dead or missing (its area grows with the number)."""
    return 6 + 1.2 * np.sqrt(np.nan_to_num(np.asarray(toll, dtype=float)))


SIZE_LEGEND = (10, 100, 500)  # minimums the map's size legend shows


def incident_points(
    incidents: pd.DataFrame,
    figures: pd.DataFrame,
    documents: pd.DataFrame,
    limit: int = MAP_POINTS,
    *,
    stakeholders: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Incidents with coordinates, sized by the larger of their minimum dead and minimum missing (never added).

    Args:
        incidents, figures, documents: the records in view.
        limit: above this many placed incidents, clusters are returned instead (see `incident_clusters`).
        stakeholders: to name each figure's reporter in the tooltip.

    Returns:
        Columns `incident_id`, `name`, `lon`, `lat`, `radius` (pixels), `colour`, `dead`, `missing`
        (minimum texts, `casualties.CASUALTY_RULE`), `tooltip_title`, `tooltip_body` (every casualty figure on its own
        line with whom it counts and its reporter, outside figures marked), `document`, `quote`, `count` (1 each).
    """
    placed = incidents[incidents["lat"].notna() & incidents["lon"].notna()]
    if len(placed) > limit:
        return incident_clusters(placed, figures, limit)
    mine = figures[frame_tools.member(figures["incident_id"], placed["incident_id"])]
    minimums = casualties.casualty_minimums(mine)
    per = casualties.incident_minimums(minimums)
    # Which report sets each circle's size, so a size taken from an outside figure says so.
    sizing = minimums.dropna(subset=["minimum"]).sort_values("minimum", ascending=False, kind="stable")
    sizing = sizing.drop_duplicates("incident_id").set_index("incident_id")["figure_id"]
    outside = mine.loc[provenance.is_outside(mine)].set_index("figure_id")
    outside_by = formatting.reporters(outside, _reporter_names(stakeholders, outside)) if len(outside) else pd.Series(dtype=str)
    casualty = mine[casualties.casualty_kinds(mine).notna()]
    lines = formatting.figure_texts(casualty, _reporter_names(stakeholders, casualty))
    figure_lines = lines.groupby(casualty["incident_id"], sort=False).agg("\n".join) if len(lines) else pd.Series(dtype=str)
    docs = _doc_labels(documents)
    dates = formatting.date_labels(
        placed["date"], placed["date_end"], placed["date_precision"], placed.get("date_basis")
    ).tolist()
    rows = []
    for inc, date in zip(placed.to_dict("records"), dates):
        iid = inc["incident_id"]
        dead = missing = float("nan")
        if iid in per.index:
            dead, missing = per.at[iid, "dead"], per.at[iid, "missing"]
        toll = np.nanmax([dead, missing, 0.0])
        body = date
        if iid in figure_lines.index:
            body += "\n" + figure_lines[iid]
            if toll:
                body += f"\nCircle: at least {toll:,.0f} dead or missing (the larger minimum; the two are never added)"
                if sizing.get(iid) in outside_by.index:
                    body += f", from outside the documents: {outside_by[sizing[iid]]}"
        rows.append({
            "incident_id": iid,
            "name": inc["name"],
            "lon": float(inc["lon"]),
            "lat": float(inc["lat"]),
            "radius": float(radius([toll])[0]),
            # An imported dataset's row is drawn in the dataset colour, whatever its domain, and says so.
            "colour": (DATASET_COLOUR if inc.get("basis") == "dataset" else DOMAIN_COLOURS.get(inc["domain"], GREY))
            + [INCIDENT_ALPHA],
            "dead": "—" if pd.isna(dead) else f"at least {dead:,.0f}",
            "missing": "—" if pd.isna(missing) else f"at least {missing:,.0f}",
            "tooltip_title": inc["name"],
            "tooltip_body": body,
            "document": (f"Row {inc.get('row_id') or '(no id)'} of the imported dataset " if inc.get("basis") == "dataset"
                         else "Incident reported in ") + docs.get(inc["document_id"], inc["document_id"]),
            "quote": shorten(inc["quote"]),
            "count": 1,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=POINT_COLUMNS)


def _cells(incidents: pd.DataFrame, size: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each incident's grid row and column of `size` degrees, and one non-negative integer code per cell."""
    row = np.floor(incidents["lat"].to_numpy(dtype=float) / size).astype(np.int64)
    col = np.floor(incidents["lon"].to_numpy(dtype=float) / size).astype(np.int64)
    return row, col, (row + 100_000) * 1_000_000 + (col + 100_000)


def cell_keys(incidents: pd.DataFrame, size: float) -> pd.Series:
    """Each incident's grid cell of `size` degrees, as a cluster id."""
    row, col, codes = _cells(incidents, size)
    # The id strings are made once per distinct cell, not once per incident.
    cells, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    names = np.array([f"{CLUSTER}:{size:g}:{row[i]}:{col[i]}" for i in first], dtype=object)
    return pd.Series(names[inverse] if len(cells) else [], index=incidents.index, dtype=object)


def cell_size(incidents: pd.DataFrame, limit: int = MAP_POINTS) -> float:
    """The finest grid (0.25° doubling up to 64°) that puts the incidents in at most `limit` cells."""
    size = 0.25
    while size < 64 and len(np.unique(_cells(incidents, size)[2])) > limit:
        size *= 2
    return size


def cluster_layers(incidents: pd.DataFrame) -> pd.Series:
    """Which cluster layer each incident is in: "" for the documents' incidents, an imported dataset's file id for its
    rows (so a cluster never mixes the two, nor two datasets)."""
    return incidents["document_id"].where(provenance.is_dataset(incidents), "").fillna("").astype(object)


def cluster_keys(incidents: pd.DataFrame, size: float) -> pd.Series:
    """Each incident's cluster id: its grid cell of `size` degrees (`cell_keys`) within its layer (`cluster_layers`)."""
    layer = cluster_layers(incidents)
    return cell_keys(incidents, size) + np.where(layer != "", ":" + layer, "")


def cluster_members(incidents: pd.DataFrame, cluster_id: str) -> pd.DataFrame:
    """The placed incidents inside a cluster's cell and layer (none when the id is not a cluster id)."""
    parts = str(cluster_id).split(":", 4)
    try:
        size = float(parts[1]) if len(parts) in (4, 5) and parts[0] == CLUSTER else 0.0
    except ValueError:
        size = 0.0
    placed = incidents[incidents["lat"].notna() & incidents["lon"].notna()]
    if not size > 0:
        return placed.iloc[0:0]
    return placed[cluster_keys(placed, size) == cluster_id]


def incident_clusters(placed: pd.DataFrame, figures: pd.DataFrame, limit: int = MAP_POINTS) -> pd.DataFrame:
    """Placed incidents grouped in grid cells: one point per cell with its count and the sums of the incidents'
    minimum dead and minimum missing (`casualties.CASUALTY_RULE`)."""
    size = cell_size(placed, limit)
    per = casualties.incident_minimums(casualties.casualty_minimums(figures))
    frame = placed[["incident_id", "name", "domain", "lat", "lon"]].join(per, on="incident_id")
    frame["toll"] = frame["toll"].fillna(0)
    frame["key"] = cluster_keys(placed, size)
    frame = frame.sort_values("toll", ascending=False, kind="stable")
    g = frame.groupby("key", sort=False)
    out = g.agg(
        count=("incident_id", "size"), lat=("lat", "mean"), lon=("lon", "mean"), dead=("dead", "sum"),
        dead_n=("dead", "count"), missing=("missing", "sum"), missing_n=("missing", "count"),
    )  # fmt: skip
    # The three deadliest names per cell: head() on the whole frame, not once per group.
    first3 = frame.groupby("key", sort=False).head(3)
    top = (
        pd.Series([shorten(n, 50) for n in first3["name"]], index=first3.index).groupby(first3["key"], sort=False).agg("; ".join)
    )
    domain = frame.groupby(["key", "domain"], sort=False).size().reset_index(name="n")
    domain = domain.sort_values("n", ascending=False, kind="stable").drop_duplicates("key").set_index("key")["domain"]
    dead = [f"at least {v:,.0f}" if n else "—" for v, n in zip(out["dead"].tolist(), out["dead_n"].tolist())]
    missing = [f"at least {v:,.0f}" if n else "—" for v, n in zip(out["missing"].tolist(), out["missing_n"].tolist())]
    count = out["count"].astype(int)
    layer = [key.split(":", 4)[4] if key.count(":") >= 4 else "" for key in out.index]
    of = [f" (rows of the imported dataset {f}, counted apart)" if f else "" for f in layer]
    return pd.DataFrame({
        "incident_id": out.index,
        "name": [f"{n:,} incidents" for n in count],
        "lon": out["lon"].astype(float).round(4),
        "lat": out["lat"].astype(float).round(4),
        "radius": (6 + 2.5 * np.sqrt(count)).clip(upper=40).round(1),
        "colour": [(DATASET_COLOUR if f else DOMAIN_COLOURS.get(d, GREY)) + [INCIDENT_ALPHA]
                   for d, f in zip(out.index.map(domain), layer)],  # fmt: skip
        "dead": dead,
        "missing": missing,
        "tooltip_title": [f"{n:,} incidents within {size:g}°{o}" for n, o in zip(count, of)],
        "tooltip_body": [
            f"dead {d} · missing {m} (each incident's minimum, added over incidents; dead and missing not added)"
            f"\nLargest: {t}"
            for d, m, t in zip(dead, missing, out.index.map(top))
        ],
        "document": "click for the list",
        "quote": "",
        "count": count,
    }).reset_index(drop=True)[POINT_COLUMNS]  # fmt: skip


def venue_points(initiatives: pd.DataFrame, places: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One point per venue of initiatives (meetings, conferences, alliances launched there); an initiative whose
    record, date or venue comes from outside the documents is marked so in the tooltip."""
    placed = initiatives[initiatives["place_id"].notna()]
    coords = places.set_index("place_id")
    placed = placed[frame_tools.member(placed["place_id"], coords.index)]
    docs = _doc_labels(documents)
    columns = ["place_id", "name", "lon", "lat", "count", "colour", "tooltip_title", "tooltip_body", "document", "quote"]
    if placed.empty:
        return pd.DataFrame(columns=columns)
    # One grouped pass; the first initiative of a venue (in file order) gives its colour and source.
    g = placed.groupby("place_id", sort=True)
    first = g.first()
    count = g.size()
    first4 = placed.groupby("place_id", sort=True).head(4)
    # An initiative, or its date or venue, from outside the documents says so (the Global Alliance's Brussels launch).
    outside = provenance.is_outside(first4) | first4["place_id"].map(coords["basis"] == "external").fillna(False)
    dated = (first4["date_basis"] == "external").fillna(False)
    labels = [
        shorten(n, 70) + (" (outside the documents)" if o else formatting.OUTSIDE_DATE if d else "")
        for n, o, d in zip(first4["name"], outside, dated)
    ]
    names = pd.Series(labels, index=first4.index).groupby(first4["place_id"]).agg("; ".join)
    names = names.reindex(count.index) + np.where(count > 4, " " + ELLIPSIS, "")
    place = coords.loc[first.index]
    return pd.DataFrame({
        "place_id": first.index,
        "name": place["name"].to_numpy(),
        "lon": place["lon"].astype(float).to_numpy(),
        "lat": place["lat"].astype(float).to_numpy(),
        "count": count.to_numpy(),
        "colour": [DOMAIN_COLOURS.get(d, GREY) for d in first["domain"]],
        "tooltip_title": [f"{n} — {c} initiative(s)" for n, c in zip(place["name"], count)],
        "tooltip_body": names.to_numpy(),
        "document": [docs.get(d, d) for d in first["document_id"]],
        "quote": [shorten(q) for q in first["quote"]],
    })[columns].reset_index(drop=True)  # fmt: skip


def port_points(places: pd.DataFrame, documents: pd.DataFrame, only: set[str] | None = None) -> pd.DataFrame:
    """The ports of the gazetteer (named in the documents, or known from outside them and marked so), or only those
    among the place ids in `only`."""
    ports = places[places["kind"] == "port"]
    if only is not None:
        ports = ports[ports["place_id"].isin(only)]
    docs = _doc_labels(documents)
    sources = ports["source"].map(provenance.source_name, na_action="ignore")
    return pd.DataFrame({
        "place_id": ports["place_id"],
        "name": ports["name"],
        "lon": ports["lon"].astype(float),
        "lat": ports["lat"].astype(float),
        "tooltip_title": "Port: " + ports["name"],
        "tooltip_body": provenance.provenance_texts(ports["basis"], sources)
        .str.replace("Document", "Named in the document", regex=False)
        .to_numpy(),
        "document": [
            docs.get(d, d) + (" (its sentence names the event, not the port)" if b == "external" else "")
            for d, b in zip(ports["document_id"], ports["basis"])
        ],
        "quote": ports["quote"].map(shorten),
    })  # fmt: skip


def fit_view(lons: list[float], lats: list[float], width_px: int = 1100, height_px: int = 620) -> dict[str, float]:
    """Centre and zoom (Web Mercator) that fit the given points, with a margin."""
    if not lons:
        return {"latitude": 35.0, "longitude": 15.0, "zoom": 2.0}
    lo_lon, hi_lon = min(lons), max(lons)
    lo_lat, hi_lat = min(lats), max(lats)

    def merc(lat: float) -> float:
        return mercator_y(max(min(lat, 85.0), -85.0))

    span_x = max(hi_lon - lo_lon, 0.5) / 360.0
    span_y = max(merc(hi_lat) - merc(lo_lat), 0.01) / (2 * math.pi)
    zoom = min(math.log2(width_px / 512 / span_x), math.log2(height_px / 512 / span_y)) - 0.4
    centre_y = (merc(hi_lat) + merc(lo_lat)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return {
        "latitude": round(centre_lat, 4),
        "longitude": round((lo_lon + hi_lon) / 2, 4),
        "zoom": round(max(min(zoom, 6.5), 1.0), 2),
    }


def fit_shown(layers: dict[str, object], shown: tuple[str, ...]) -> dict[str, float]:
    """The view that fits the layers switched on (`map_layers`' frames; `shown` names from routes, incidents,
    venues, ports): ports count only when nothing else is on, as they only place the rest."""
    lons: list[float] = []
    lats: list[float] = []
    for name in ("incidents", "venues"):
        if name in shown:
            lons += list(layers[name]["lon"])
            lats += list(layers[name]["lat"])
    if "routes" in shown:
        for path in layers["paths"]["path"]:
            lons += [p[0] for p in path]
            lats += [p[1] for p in path]
    if not lons and "ports" in shown:
        lons, lats = list(layers["ports"]["lon"]), list(layers["ports"]["lat"])
    return fit_view(lons, lats) if lons else layers["fit"]


def focused_points(
    incidents: pd.DataFrame,
    figures: pd.DataFrame,
    documents: pd.DataFrame,
    focus: str | None = None,
    limit: int = MAP_POINTS,
    *,
    stakeholders: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, bool]:
    """`incident_points`, with the incidents of the `focus` cluster split: in finer cells, or one point each.

    The finer cells nest in the focus cell (every cell size is 0.25° times a power of two), so what is drawn
    still adds up to every placed incident once, and the browser gets at most twice `limit` points. Returns the
    points and whether the focus was split (it must be one of the clusters drawn).
    """
    points = incident_points(incidents, figures, documents, limit, stakeholders=stakeholders)
    if not focus or focus not in set(points["incident_id"]):
        return points, False
    inside = cluster_members(incidents, focus)
    finer = incident_points(inside, figures, documents, limit, stakeholders=stakeholders)
    return pd.concat([points[points["incident_id"] != focus], finer], ignore_index=True), True


def map_layers(
    view: dict[str, pd.DataFrame], full: dict[str, pd.DataFrame], unfiltered: bool, focus: str | None = None
) -> dict[str, object]:
    """Everything the route map draws for a view: its layers' frames, the view that fits them, legend and sources.

    Args:
        view: the filtered frames.
        full: the whole dataset (gazetteer, documents).
        unfiltered: whether no filter narrows the view (then every port the documents name is drawn).
        focus: a cluster to split (see `focused_points`), or None.

    Returns:
        `paths`, `arrows`, `incidents` (points or clusters), `venues`, `ports` frames; `clustered` and `focused` (bool);
        `placed` (incidents drawn) and `clusters` (how many of the points are clusters);
        `fit` (latitude, longitude, zoom); `domains` (for the legend); `documents` (ids of what is drawn) and
        `outside` (the outside sources of what is drawn, the circles' figures included).
    """
    paths = route_paths(view["routes"], view["route_waypoints"], full["places"], full["documents"])
    incidents, focused = focused_points(
        view["incidents"], view["figures"], full["documents"], focus, stakeholders=full["stakeholders"]
    )
    venues = venue_points(view["initiatives"], full["places"], full["documents"])
    # Ports are drawn when a shown route passes them or a shown incident or initiative is there.
    tied = frame_tools.ids(view["route_waypoints"]["place_id"], view["incidents"]["place_id"], view["initiatives"]["place_id"])
    ports = port_points(full["places"], full["documents"], only=None if unfiltered else tied)
    clusters = int(incidents["incident_id"].astype(str).str.startswith(CLUSTER + ":").sum())
    fit = fit_view(
        list(incidents["lon"]) + list(venues["lon"]) + [p[0] for path in paths["path"] for p in path],
        list(incidents["lat"]) + list(venues["lat"]) + [p[1] for path in paths["path"] for p in path],
    )
    venue_domains = frame_tools.ids(
        view["initiatives"].loc[frame_tools.member(view["initiatives"]["place_id"], venues["place_id"]), "domain"]
    )
    # A dataset's rows are drawn in the dataset's colour, not their domain's: their domains need no legend entry.
    own = view["incidents"][~provenance.is_dataset(view["incidents"])]
    domains = sorted(frame_tools.ids(paths["domain"], own["domain"]) | venue_domains)
    drawn_figures = view["figures"][frame_tools.member(view["figures"]["incident_id"], view["incidents"]["incident_id"])]
    drawn_figures = drawn_figures[casualties.casualty_kinds(drawn_figures).notna()]
    # The places drawn (waypoints, ports, venues) count too: a point known only from outside names its source.
    drawn_places = full["places"][
        frame_tools.member(full["places"]["place_id"], list(paths["stop_ids"].explode().dropna()) if len(paths) else [])
        | frame_tools.member(full["places"]["place_id"], ports["place_id"])
        | frame_tools.member(full["places"]["place_id"], venues["place_id"])
    ].assign(document_id=None)  # a place's document is not a source of the chart: only its outside coordinates
    documents, outside = provenance.sources_of(
        view["routes"], view["incidents"], view["initiatives"], drawn_figures, drawn_places
    )
    return {
        "paths": paths,
        "arrows": route_arrows(paths),
        "incidents": incidents,
        "venues": venues,
        "ports": ports,
        "clustered": clusters > 0,
        "focused": focused,
        "placed": int(incidents["count"].sum()) if len(incidents) else 0,
        "clusters": clusters,
        "fit": fit,
        "domains": domains,
        "documents": sorted(documents),
        "outside": sorted(outside),
    }


def cluster_view(cluster_id: str) -> dict[str, float]:
    """The map view that fits a cluster's grid cell."""
    _, size, row, col = str(cluster_id).split(":", 4)[:4]
    s, r, c = float(size), int(row), int(col)
    return fit_view([c * s, (c + 1) * s], [r * s, (r + 1) * s])

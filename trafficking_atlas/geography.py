"""Map-ready frames: routes as paths, incidents and venues as points, with their tooltips."""

from __future__ import annotations

import math

import pandas as pd

from trafficking_atlas import queries, vocab

# Colour-blind-safe palette (Okabe–Ito), one colour per trafficking domain.
DOMAIN_COLOURS: dict[str, list[int]] = {
    "human_trafficking": [213, 94, 0],
    "migrant_smuggling": [0, 114, 178],
    "drug_trafficking": [0, 158, 115],
    "wmd_trafficking": [204, 121, 167],
    "organised_crime": [230, 159, 0],
}
GREY = [120, 120, 120]


def shorten(text: object, limit: int = 160) -> str:
    """A quote cut at a word boundary with an ellipsis."""
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _doc_labels(documents: pd.DataFrame) -> dict[str, str]:
    return queries.document_labels(documents)


def route_paths(routes: pd.DataFrame, waypoints: pd.DataFrame, places: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per route with its ordered [lon, lat] path, colour and tooltip fields.

    Args:
        routes: route records.
        waypoints: their waypoints (any order).
        places: the gazetteer.
        documents: for the source label.

    Returns:
        Columns `route_id`, `name`, `domain`, `path`, `colour`, `stops`, `tooltip_title`,
        `tooltip_body`, `document`, `quote`; routes with fewer than two placed waypoints are left out.
    """
    coords = places.set_index("place_id")[["lon", "lat", "name"]]
    docs = _doc_labels(documents)
    rows = []
    for _, route in routes.iterrows():
        wp = waypoints[waypoints["route_id"] == route["route_id"]].sort_values("seq")
        wp = wp[wp["place_id"].isin(coords.index)]
        if len(wp) < 2:
            continue
        path = [[float(coords.at[p, "lon"]), float(coords.at[p, "lat"])] for p in wp["place_id"]]
        stops = " → ".join(coords.at[p, "name"] for p in wp["place_id"])
        rows.append({
            "route_id": route["route_id"],
            "name": route["name"],
            "domain": route["domain"],
            "path": path,
            "colour": DOMAIN_COLOURS.get(route["domain"], GREY),
            "stops": stops,
            "tooltip_title": route["name"],
            "tooltip_body": f"{vocab.label(vocab.DOMAINS, route['domain'])} · {stops}",
            "document": docs.get(route["document_id"], route["document_id"]),
            "quote": shorten(route["quote"]),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=[
        "route_id", "name", "domain", "path", "colour", "stops", "tooltip_title", "tooltip_body", "document", "quote",
    ])  # fmt: skip


def bearing(a: list[float], b: list[float]) -> float:
    """Screen angle in degrees (counter-clockwise from east) of the segment a→b in Web Mercator."""

    def merc(lat: float) -> float:
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    return math.degrees(math.atan2(merc(b[1]) - merc(a[1]), b[0] - a[0]))


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


def incident_points(incidents: pd.DataFrame, figures: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Incidents with coordinates, sized by the highest dead-plus-missing figure any source gives.

    Returns:
        Columns `incident_id`, `name`, `lon`, `lat`, `radius` (pixels), `colour`, `dead`, `missing`
        (range texts), `tooltip_title`, `tooltip_body`, `document`, `quote`.
    """
    ranges = queries.casualty_ranges(figures, incidents)
    ranges = ranges.set_index("incident_id") if not ranges.empty else ranges
    docs = _doc_labels(documents)
    rows = []
    for _, inc in incidents[incidents["lat"].notna() & incidents["lon"].notna()].iterrows():
        dead = missing = "—"
        toll = 0.0
        if len(ranges) and inc["incident_id"] in ranges.index:
            rr = ranges.loc[inc["incident_id"]]
            dead = rr["dead_text"] or "—"
            missing = rr["missing_text"] or "—"
            toll = sum(v for v in (rr["dead_high"], rr["missing_high"]) if pd.notna(v))
        rows.append({
            "incident_id": inc["incident_id"],
            "name": inc["name"],
            "lon": float(inc["lon"]),
            "lat": float(inc["lat"]),
            "radius": 6 + 1.2 * math.sqrt(toll),
            "colour": DOMAIN_COLOURS.get(inc["domain"], GREY) + [170],
            "dead": dead,
            "missing": missing,
            "tooltip_title": inc["name"],
            "tooltip_body": f"{queries.date_label(inc)} · dead {dead} · missing {missing}",
            "document": docs.get(inc["document_id"], inc["document_id"]),
            "quote": shorten(inc["quote"]),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=[
        "incident_id", "name", "lon", "lat", "radius", "colour", "dead", "missing", "tooltip_title", "tooltip_body",
        "document", "quote",
    ])  # fmt: skip


def venue_points(initiatives: pd.DataFrame, places: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One point per venue of initiatives (meetings, conferences, alliances launched there)."""
    placed = initiatives[initiatives["place_id"].notna()]
    coords = places.set_index("place_id")
    docs = _doc_labels(documents)
    rows = []
    for place_id, group in placed.groupby("place_id", sort=True):
        if place_id not in coords.index:
            continue
        place = coords.loc[place_id]
        names = list(group["name"])
        first = group.iloc[0]
        rows.append({
            "place_id": place_id,
            "name": place["name"],
            "lon": float(place["lon"]),
            "lat": float(place["lat"]),
            "initiative_ids": list(group["initiative_id"]),
            "count": len(group),
            "colour": DOMAIN_COLOURS.get(first["domain"], GREY),
            "tooltip_title": f"{place['name']} — {len(group)} initiative(s)",
            "tooltip_body": "; ".join(shorten(n, 70) for n in names[:4]) + (" …" if len(names) > 4 else ""),
            "document": docs.get(first["document_id"], first["document_id"]),
            "quote": shorten(first["quote"]),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=[
        "place_id", "name", "lon", "lat", "initiative_ids", "count", "colour", "tooltip_title", "tooltip_body",
        "document", "quote",
    ])  # fmt: skip


def port_points(places: pd.DataFrame, documents: pd.DataFrame, only: set[str] | None = None) -> pd.DataFrame:
    """The ports the documents name, or only those among the place ids in `only`."""
    ports = places[places["kind"] == "port"]
    if only is not None:
        ports = ports[ports["place_id"].isin(only)]
    docs = _doc_labels(documents)
    return pd.DataFrame({
        "place_id": ports["place_id"],
        "name": ports["name"],
        "lon": ports["lon"].astype(float),
        "lat": ports["lat"].astype(float),
        "tooltip_title": "Port: " + ports["name"],
        "tooltip_body": ports["coord_basis"].map(lambda b: f"coordinates: {b}"),
        "document": ports["document_id"].map(lambda d: docs.get(d, d)),
        "quote": ports["quote"].map(shorten),
    })  # fmt: skip


def fit_view(lons: list[float], lats: list[float], width_px: int = 1100, height_px: int = 620) -> dict[str, float]:
    """Centre and zoom (Web Mercator) that fit the given points, with a margin."""
    if not lons:
        return {"latitude": 35.0, "longitude": 15.0, "zoom": 2.0}
    lo_lon, hi_lon = min(lons), max(lons)
    lo_lat, hi_lat = min(lats), max(lats)

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

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

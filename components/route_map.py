"""Builds the route map's pydeck Deck from map-ready frames; the page renders it."""

from __future__ import annotations

import base64
import html
import json

import pandas as pd
import pydeck as pdk

from trafficking_atlas import geography, vocab
from trafficking_atlas.geography import CLUSTER
from trafficking_atlas.presentation import DATASET_COLOUR, DOMAIN_COLOURS, INK, LAND, SELECTION, rgb

# Natural Earth outlines served by this app (scripts/build-basemap): 1:110m for world and regional views,
# and 1:50m kept to a fifth of its points from DETAIL_ZOOM in (the full 1:50m made a click take 3.7 s). The
# land is filled; borders and coastlines are line segments. Lines, not paths: without a GPU the browser
# compiles each layer type's shaders in software on every load and redraw, and PathLayer's cost 0.4-0.7 s
# where LineLayer's cost ~0.2 s; for the same reason the arrows are icons (IconLayer), not text.
BASEMAP_URL = "app/static/basemap/countries-110m.geojson"
DETAILED_BASEMAP_URL = "app/static/basemap/countries-50m.geojson"
BORDERS_URL = "app/static/basemap/borders-110m.json"
DETAILED_BORDERS_URL = "app/static/basemap/borders-50m.json"
DETAIL_ZOOM = 4.0
# An arrowhead pointing east (angle 0), coloured by the layer (mask). Icons cost ~0.5 s a load here (one more
# shader type, and a redraw when the image arrives); chevrons drawn as line strokes were cheaper but are sized
# in degrees, so they grew into false branches as the analyst zoomed in. Icons keep their size on screen.
ARROW_ICON = (
    "data:image/svg+xml;base64,"
    + base64.b64encode(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32">'
        b'<path d="M5 4 L29 16 L5 28 L11 16 Z" fill="white"/></svg>'
    ).decode()
)
ARROW_MAPPING = {"x": 0, "y": 0, "width": 32, "height": 32, "anchorX": 16, "anchorY": 16, "mask": True}
# The pointer lightens the circle under it: deck.gl's default navy tint is in no legend, and it stays on the
# clicked circle while the pointer rests there, so a clicked incident looked unlike the same one from a link.
HOVER_TINT = [255, 255, 255, 110]
LAYERS = {
    "routes": "Routes",
    "incidents": "Incidents",
    "venues": "Initiative venues",
    "ports": "Ports",
}
TOOLTIP = {
    "html": "<b>{tooltip_title}</b><br/>{tooltip_body}<br/><i>{document}</i><br/>{quote}",
    "style": {"backgroundColor": "#111827", "color": "white", "fontSize": "12px", "maxWidth": "380px", "whiteSpace": "pre-line"},
}
_TEXT_COLUMNS = ("tooltip_title", "tooltip_body", "document", "quote", "name")
# What the browser needs of each layer's rows: geometry, style, the tooltip and the id a click reports.
_TIP = ["tooltip_title", "tooltip_body", "document", "quote"]
_SENT = {
    "routes": ["route_id", "source", "target", "colour", *_TIP],
    "route-arrows": ["position", "angle", "arrow", "colour"],  # not pickable: the route under it answers
    "venues": ["place_id", "lon", "lat", "colour", *_TIP],
    "ports": ["place_id", "lon", "lat", *_TIP],
    "incidents": ["incident_id", "lon", "lat", "radius", "colour", *_TIP],
}


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents it by two spaces, a third of a large map's bytes."""

    def to_json(self) -> str:
        # pydeck's public JSON, re-written compact (its serializer with other options is not public API).
        return json.dumps(json.loads(super().to_json()), sort_keys=True, separators=(",", ":"))


def _safe(frame: pd.DataFrame, layer: str | None = None) -> pd.DataFrame:
    """The layer's columns (see _SENT), the text as plain strings.

    Streamlit's deck component escapes every value it puts into an HTML tooltip (`createTooltip` in its
    DeckGlJsonChart bundle; `tests/test_route_map.py` checks the installed bundle still does), so the words are
    sent as they are: escaping them here too showed "report&#x27;s" in the tooltip."""
    out = frame[[c for c in _SENT[layer] if c in frame]].copy() if layer else frame.copy()
    for col in _TEXT_COLUMNS:
        if col in out:
            out[col] = out[col].map(str)
    if "quote" in out:  # the quotation marks belong to a quote, not to a cluster's empty one
        out["quote"] = out["quote"].map(lambda q: f"“{q}”" if q else "")
    return out


def build_deck(
    paths: pd.DataFrame,
    arrows: pd.DataFrame,
    incidents: pd.DataFrame,
    venues: pd.DataFrame,
    ports: pd.DataFrame,
    view: dict[str, float],
    shown: tuple[str, ...] = tuple(LAYERS),
    online_tiles: bool = False,
    selected: tuple[str, str] | None = None,
) -> pdk.Deck:
    """The route map: an offline country basemap, then the chosen layers, the selection drawn on top.

    Args:
        paths, arrows, incidents, venues, ports: frames from `trafficking_atlas.geography`.
        view: `latitude`, `longitude`, `zoom`.
        shown: which of LAYERS to draw.
        online_tiles: add the CARTO tile basemap (needs internet) under the country outlines.
        selected: (kind, id) of the selected route, incident or venue, drawn highlighted.

    Returns:
        A `pdk.Deck` whose layer ids are the keys of LAYERS plus `basemap`, `borders`, `route-arrows`,
        `incident-counts`, `selection`, `selection-arrows`. The basemap, the counts and the selection sit in
        nested lists (see `flat_layers`): Streamlit fades every object but the clicked one in top-level layers
        only, and the land and the red selection mark must stay at full strength.
    """
    land, borders = basemap_urls(view)
    layers: list = [[
        pdk.Layer(
            "GeoJsonLayer", id="basemap", data=land, stroked=False, filled=True,
            get_fill_color=[*rgb(LAND), 120 if online_tiles else 255], pickable=False,
        ),
        pdk.Layer(
            "LineLayer", id="borders", data=borders, get_source_position="s", get_target_position="t",
            get_color=[175, 175, 175], get_width=1, width_units="'pixels'", pickable=False,
        ),
    ]]  # fmt: skip
    if "routes" in shown and not paths.empty:
        layers.append(pdk.Layer(
            "LineLayer", id="routes", data=_safe(route_segments(paths), "routes"), get_source_position="source",
            get_target_position="target", get_color="colour", get_width=4, width_units="'pixels'", pickable=True,
            auto_highlight=True, highlight_color=[255, 255, 0, 160],
        ))  # fmt: skip
        layers.append(pdk.Layer(
            "IconLayer", id="route-arrows", data=_safe(arrows, "route-arrows"), get_position="position",
            get_icon="'arrow'", icon_atlas=f"'{ARROW_ICON}'", icon_mapping={"arrow": ARROW_MAPPING}, get_angle="angle",
            get_color="colour", get_size=15, size_units="'pixels'", pickable=False,
        ))  # fmt: skip
    if "venues" in shown and not venues.empty:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id="venues", data=_safe(venues, "venues"), get_position=["lon", "lat"], get_radius=9,
            radius_units="'pixels'", stroked=True, filled=True, get_fill_color=[255, 255, 255, 230],
            get_line_color="colour", line_width_min_pixels=3, pickable=True, auto_highlight=True,
            highlight_color=HOVER_TINT,
        ))  # fmt: skip
    if "ports" in shown and not ports.empty:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id="ports", data=_safe(ports, "ports"), get_position=["lon", "lat"], get_radius=5,
            radius_units="'pixels'", stroked=True, get_fill_color=rgb(INK), get_line_color=[255, 255, 255],
            line_width_min_pixels=1.5, pickable=True,
        ))  # fmt: skip
    if "incidents" in shown and not incidents.empty:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id="incidents", data=_safe(incidents, "incidents"), get_position=["lon", "lat"],
            get_radius="radius", radius_units="'pixels'", get_fill_color="colour", stroked=True,
            get_line_color=[255, 255, 255], line_width_min_pixels=1.5, pickable=True, auto_highlight=True,
            highlight_color=HOVER_TINT,
        ))  # fmt: skip
    if "incidents" in shown and incidents["incident_id"].astype(str).str.startswith(CLUSTER + ":").any():
        # A cluster says how many incidents it holds on the map itself, not only in its tooltip.
        clusters = incidents[incidents["incident_id"].astype(str).str.startswith(CLUSTER + ":")]
        counts = pd.DataFrame({
            "position": [[lon, lat] for lon, lat in zip(clusters["lon"], clusters["lat"])],
            "label": [_short_count(n) for n in clusters["count"]],
        })  # fmt: skip
        layers.append([pdk.Layer(
            "TextLayer", id="incident-counts", data=counts, get_position="position", get_text="label", get_size=11,
            size_units="'pixels'", get_color=[17, 24, 39], font_weight=600, pickable=False,
            character_set="'0123456789k.'",
        )])  # fmt: skip
    highlight = _selection_layers(selected, paths, arrows, incidents, venues)
    if highlight:
        layers.append(highlight)
    basemap = {"map_provider": "carto", "map_style": "light"} if online_tiles else {"map_provider": None}
    # With no map_style given, pydeck writes its sentinel and Streamlit draws no tiles; an explicit
    # None would make Streamlit fall back to its online CARTO style.
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
        tooltip=TOOLTIP,
        views=[pdk.View(type="MapView", controller=True)],
        **basemap,
    )


def flat_layers(layers: list) -> list:
    """The layers of a deck (or of its JSON) in drawing order, nested lists opened as deck.gl opens them."""
    return [leaf for item in layers for leaf in (flat_layers(item) if isinstance(item, list) else [item])]


def _short_count(n: int) -> str:
    return str(n) if n < 1000 else f"{n / 1000:.1f}k"


def basemap_for(view: dict[str, float]) -> str:
    """The country outlines a view needs: 1:110m for regional and world views, 1:50m from DETAIL_ZOOM in."""
    return DETAILED_BASEMAP_URL if float(view.get("zoom", 0)) >= DETAIL_ZOOM else BASEMAP_URL


def basemap_urls(view: dict[str, float]) -> tuple[str, str]:
    """The land and the borders (of the same scale) a view needs."""
    land = basemap_for(view)
    return land, {BASEMAP_URL: BORDERS_URL, DETAILED_BASEMAP_URL: DETAILED_BORDERS_URL}[land]


def route_segments(paths: pd.DataFrame) -> pd.DataFrame:
    """One row per leg of every route (source and target points), carrying the route's columns but its path."""
    if paths.empty:
        return paths.drop(columns="path").assign(source=[], target=[])
    legs = paths.assign(leg=paths["path"].map(lambda p: list(zip(p, p[1:])))).explode("leg").dropna(subset=["leg"])
    return (
        legs.drop(columns=["path", "leg"])
        .assign(source=[leg[0] for leg in legs["leg"]], target=[leg[1] for leg in legs["leg"]])
        .reset_index(drop=True)
    )


def _selection_layers(selected, paths, arrows, incidents, venues) -> list[pdk.Layer]:
    """The red mark of the selection: a trace along a route (with its arrowheads again on top, so the way it
    runs still shows), or a ring round an incident or venue."""
    if not selected:
        return []
    kind, ident = selected
    if kind == "route" and not paths.empty:
        rows = paths[paths["route_id"] == ident]
        if len(rows):
            trace = pdk.Layer("LineLayer", id="selection", data=route_segments(rows)[["source", "target"]],
                              get_source_position="source", get_target_position="target", get_color=rgb(SELECTION),
                              get_width=8, width_units="'pixels'", pickable=False)  # fmt: skip
            heads = arrows[arrows["route_id"] == ident] if "route_id" in arrows else arrows.iloc[0:0]
            if heads.empty:
                return [trace]
            return [trace, pdk.Layer(
                "IconLayer", id="selection-arrows", data=heads[["position", "angle"]], get_position="position",
                get_icon="'arrow'", icon_atlas=f"'{ARROW_ICON}'", icon_mapping={"arrow": ARROW_MAPPING}, get_angle="angle",
                get_color=[69, 10, 10], get_size=21, size_units="'pixels'", pickable=False,
            )]  # fmt: skip
    points = {"incident": (incidents, "incident_id"), "venue": (venues, "place_id")}.get(kind)
    if points and not points[0].empty:
        rows = points[0][points[0][points[1]] == ident]
        if len(rows):
            return [pdk.Layer("ScatterplotLayer", id="selection", data=rows[["lon", "lat"]], get_position=["lon", "lat"],
                              get_radius=22, radius_units="'pixels'", filled=False, stroked=True,
                              get_line_color=rgb(SELECTION), line_width_min_pixels=3, pickable=False)]  # fmt: skip
    return []


def count(n: int, noun: str) -> str:
    """'1 route', '2 routes', '1,204 incidents'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def counts_line(shown: tuple[str, ...], counts: dict[str, str]) -> str:
    """What the map draws, layer by layer in LAYERS order, then what is switched off.

    `counts` holds each layer's count in words ('5 routes'); e.g. '5 routes. Switched off: 14 venues, 5 ports'.
    """
    on = [counts[k] for k in LAYERS if k in shown and k in counts]
    off = [counts[k] for k in LAYERS if k not in shown and k in counts]
    return (" · ".join(on) or "No layer switched on") + (f". Switched off: {', '.join(off)}" if off else "")


def size_legend_html() -> str:
    """The incident circles' sizes with the numbers they stand for, drawn at the map's own pixel radii."""
    radii = geography.radius(list(geography.SIZE_LEGEND))
    height = int(2 * radii.max()) + 2
    # CSS circles, not SVG: st.html's sanitiser drops SVG elements.
    circles = "".join(
        f'<span style="display:inline-flex;align-items:center;height:{height}px;margin-right:14px">'
        f'<span style="display:inline-block;width:{2 * r:.0f}px;height:{2 * r:.0f}px;border-radius:50%;'
        f'background:rgba(0,114,178,0.45);border:1px solid #0b3d5c"></span>'
        f'<span style="margin-left:4px">{n:,}</span></span>'
        for n, r in zip(geography.SIZE_LEGEND, radii)
    )
    return f'<span style="display:inline-flex;align-items:center">Dead or missing, at least:&nbsp;{circles}</span>'


# An imported dataset's rows in the legends (the map's and its static twin's): drawn apart and counted apart.
DATASET_APART = "counted apart, never added to the documents' figures"
DATASET_LEGEND = f"imported dataset's row, in this colour whatever its domain: {DATASET_APART}"


def dataset_rows(incidents: pd.DataFrame) -> pd.Series:
    """Which of the drawn incident points are an imported dataset's rows: those drawn in `DATASET_COLOUR`."""
    if incidents.empty or "colour" not in incidents:
        return pd.Series(False, index=incidents.index, dtype=bool)
    return pd.Series([list(c)[:3] == DATASET_COLOUR for c in incidents["colour"]], index=incidents.index, dtype=bool)


def legend_html(domains: list[str], shown: tuple[str, ...], clustered: bool = False, dataset: bool = False) -> str:
    """The map legend: domain colours for routes and incidents, and the symbol of each layer; with `dataset` (an
    imported dataset's rows are drawn, see `dataset_rows`) the dataset colour, said to be counted apart."""
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:12px">'
        f'<span style="width:22px;height:4px;background:rgb{tuple(DOMAIN_COLOURS[d])};margin-right:5px"></span>'
        f"{html.escape(vocab.label(vocab.DOMAINS, d))}</span>"
        for d in domains
        if d in DOMAIN_COLOURS
    )
    symbols = {
        "routes": "▶ route, in the direction of travel",
        "incidents": "● incident, sized by its minimum dead or missing (the larger; never added)",
        "venues": "◯ venue of initiatives",
        "ports": f'<span style="color:{INK}">●</span> port (its tooltip says when it is known from outside the documents)',
    }
    if clustered:
        symbols["incidents"] = "● cluster of incidents in a grid cell, sized by how many, coloured by the most frequent domain"
    items = " · ".join(symbols[k] for k in LAYERS if k in shown)
    if dataset and "incidents" in shown:
        items += f' · <span style="color:rgb{tuple(DATASET_COLOUR)}">●</span> {html.escape(DATASET_LEGEND)}'
    sizes = "" if clustered or "incidents" not in shown else "<br/>" + size_legend_html()
    return f'<div style="font-size:0.85rem;line-height:1.8">{swatches}<br/>{items}{sizes}</div>'

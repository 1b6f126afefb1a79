import json

import pytest

from components import route_map
from trafficking_atlas import geography, presentation

pytestmark = pytest.mark.unit


def _deck(frames, **kwargs):
    paths = geography.route_paths(frames["routes"], frames["route_waypoints"], frames["places"], frames["documents"])
    return route_map.build_deck(
        paths,
        geography.route_arrows(paths),
        geography.incident_points(frames["incidents"], frames["figures"], frames["documents"]),
        geography.venue_points(frames["initiatives"], frames["places"], frames["documents"]),
        geography.port_points(frames["places"], frames["documents"]),
        {"latitude": 45.0, "longitude": 10.0, "zoom": 3.0},
        **kwargs,
    )


def _layers(deck):
    return {layer["id"]: layer for layer in route_map.flat_layers(json.loads(deck.to_json())["layers"])}


def test_all_layers_offline_by_default(frames):
    deck = _deck(frames)
    layers = _layers(deck)
    assert list(layers) == ["basemap", "borders", "routes", "route-arrows", "venues", "ports", "incidents"]
    assert layers["basemap"]["data"] == route_map.BASEMAP_URL  # zoom 3: the light 1:110m outlines
    assert layers["borders"]["data"] == route_map.BORDERS_URL
    # Layer types whose shaders compile quickly in software WebGL (see route_map's comment).
    assert {layer["@@type"] for layer in layers.values()} == {"GeoJsonLayer", "LineLayer", "IconLayer", "ScatterplotLayer"}
    legs = layers["routes"]["data"]
    assert [(leg["source"], leg["target"]) for leg in legs if leg["route_id"] == "fog-route"] == [
        ([1.1, 50.1], [0.9, 49.9])
    ]  # Harbourtown to Cape Fog, one leg
    assert layers["route-arrows"]["iconMapping"]["arrow"]["mask"] is True
    spec = json.loads(deck.to_json())
    assert spec.get("mapProvider") in (None, "")
    assert spec["mapStyle"] == "__MAP_STYLE__"  # pydeck's "no style" sentinel: Streamlit then loads no tiles
    assert layers["incidents"]["radiusUnits"] == "pixels"
    assert {d["incident_id"] for d in layers["incidents"]["data"]} == {"cape-fog-sinking", "portland-crossing"}


def test_layers_can_be_switched_off_and_tiles_on(frames):
    deck = _deck(frames, shown=("incidents",), online_tiles=True)
    assert list(_layers(deck)) == ["basemap", "borders", "incidents"]
    assert json.loads(deck.to_json())["mapProvider"] == "carto"


def test_selection_is_drawn_on_top(frames):
    layers = _layers(_deck(frames, selected=("incident", "cape-fog-sinking")))
    assert list(layers)[-1] == "selection"
    assert layers["selection"]["data"] == [{"lon": 0.9, "lat": 49.9}]
    route = _layers(_deck(frames, selected=("route", "fog-route")))
    assert route["selection"]["@@type"] == "LineLayer"
    assert len(route["selection"]["data"]) == 1
    # The selected route's arrowheads are drawn again over its red trace, so its direction still shows.
    assert list(route)[-2:] == ["selection", "selection-arrows"] and len(route["selection-arrows"]["data"]) == 1
    assert "selection" not in _layers(_deck(frames, selected=("route", "nope")))


def test_only_clickable_layers_are_top_level(frames):
    # Streamlit fades all but the clicked object in top-level layers; the land, the borders and the red
    # selection mark sit in nested lists so a click does not fade them.
    spec = json.loads(_deck(frames, selected=("incident", "cape-fog-sinking")).to_json())["layers"]
    top = [layer["id"] for layer in spec if not isinstance(layer, list)]
    nested = [layer["id"] for item in spec if isinstance(item, list) for layer in item]
    assert top == ["routes", "route-arrows", "venues", "ports", "incidents"]
    assert nested == ["basemap", "borders", "selection"]
    assert route_map.flat_layers([[1, [2]], 3]) == [1, 2, 3]


def test_tooltip_text_is_sent_once_and_streamlit_escapes_it(frames):
    frames["incidents"].loc[0, "name"] = "<img src=x onerror=alert(1)> & O'Brien"
    layers = _layers(_deck(frames))
    names = [d["tooltip_title"] for d in layers["incidents"]["data"]]
    assert "<img src=x onerror=alert(1)> & O'Brien" in names  # escaped once, by Streamlit, not twice
    # The installed Streamlit escapes every value it puts into an HTML tooltip: if an upgrade stops doing so,
    # this fails and `route_map._safe` must escape again.
    import re
    from pathlib import Path

    import streamlit

    bundle = next((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("DeckGlJsonChart*.js")).read_text()
    assert re.search(r"replaceAll\(/\[&<>\"']/g", bundle), "Streamlit's deck tooltip no longer escapes its values"
    assert re.search(r"html=\w+\(\w+,\w+\.html,!0\)", bundle), "Streamlit's deck tooltip no longer escapes its values"


def test_domain_colours_are_the_okabe_ito_palette_and_the_legend_draws_them():
    hexes = {d: "#{:02X}{:02X}{:02X}".format(*c) for d, c in presentation.DOMAIN_COLOURS.items()}
    assert set(hexes.values()) <= set(presentation.OKABE_ITO.values())
    assert len(set(hexes.values())) == len(hexes)  # one colour per domain
    legend = route_map.legend_html(["human_trafficking"], ("routes",))
    assert f"rgb{tuple(presentation.rgb(presentation.OKABE_ITO['vermillion']))}" in legend


def test_legend_lists_domains_and_layers():
    legend = route_map.legend_html(["migrant_smuggling"], ("routes", "incidents"))
    assert "Migrant smuggling" in legend and "direction of travel" in legend and "venue" not in legend


def test_close_views_get_the_detailed_outlines_and_both_files_are_served(frames):
    from pathlib import Path

    assert route_map.basemap_for({"zoom": 2.0}) == route_map.BASEMAP_URL
    assert route_map.basemap_for({"zoom": 6.0}) == route_map.DETAILED_BASEMAP_URL
    root = Path(__file__).resolve().parent.parent
    assert route_map.basemap_urls({"zoom": 6.0}) == (route_map.DETAILED_BASEMAP_URL, route_map.DETAILED_BORDERS_URL)
    for url in (route_map.BASEMAP_URL, route_map.DETAILED_BASEMAP_URL):
        geo = json.loads((root / url.removeprefix("app/")).read_text())
        assert len(geo["features"]) > 170
    for url in (route_map.BORDERS_URL, route_map.DETAILED_BORDERS_URL):
        segments = json.loads((root / url.removeprefix("app/")).read_text())
        assert len(segments) > 7000 and set(segments[0]) == {"s", "t"}


def test_route_segments_split_paths_into_legs():
    import pandas as pd

    paths = pd.DataFrame({"route_id": ["a", "b"], "path": [[[0, 0], [1, 1], [2, 0]], [[5, 5]]], "colour": [[1], [2]]})
    legs = route_map.route_segments(paths)
    assert list(legs["route_id"]) == ["a", "a"]  # a single point has no leg
    assert list(legs["source"]) == [[0, 0], [1, 1]] and list(legs["target"]) == [[1, 1], [2, 0]]
    assert route_map.route_segments(paths.iloc[0:0]).empty


def test_clusters_carry_their_counts_on_the_map_and_no_empty_quote(frames):
    from scripts import synthetic

    big, _ = synthetic.generate(400, seed=3)
    points = geography.incident_points(big["incidents"], big["figures"], big["documents"], limit=30)
    empty = frames["routes"].iloc[0:0]
    paths = geography.route_paths(empty, frames["route_waypoints"].iloc[0:0], frames["places"], frames["documents"])
    deck = route_map.build_deck(
        paths,
        geography.route_arrows(paths),
        points,
        geography.venue_points(frames["initiatives"].iloc[0:0], frames["places"], frames["documents"]),
        frames["places"].iloc[0:0].assign(tooltip_title="", tooltip_body="", document="", quote=""),
        {"latitude": 0, "longitude": 0, "zoom": 2},
    )
    layers = _layers(deck)
    labels = [d["label"] for d in layers["incident-counts"]["data"]]
    assert sorted(labels) == sorted(route_map._short_count(n) for n in points["count"])
    assert all(d["quote"] == "" for d in layers["incidents"]["data"])  # a cluster has no quote, not an empty “”
    assert route_map._short_count(1519) == "1.5k" and route_map._short_count(42) == "42"
    # One incident at a time: no count labels, and quotes keep their quotation marks.
    single = _layers(_deck(frames))
    assert "incident-counts" not in single
    assert all(d["quote"].startswith("“") for d in single["incidents"]["data"])


def test_counts_line_names_what_is_drawn_then_what_is_switched_off():
    counts = {"routes": "5 routes", "incidents": "5 incidents", "venues": "14 venues", "ports": "5 ports"}
    assert route_map.counts_line(tuple(route_map.LAYERS), counts) == "5 routes · 5 incidents · 14 venues · 5 ports"
    assert route_map.counts_line(("routes",), counts) == "5 routes. Switched off: 5 incidents, 14 venues, 5 ports"
    assert route_map.counts_line((), counts).startswith("No layer switched on. Switched off: 5 routes")
    assert (route_map.count(1, "route"), route_map.count(1204, "incident")) == ("1 route", "1,204 incidents")


def test_the_legend_names_the_dataset_colour_only_when_a_dataset_row_is_drawn(frames):
    from components import map_figure

    documents_only = geography.incident_points(frames["incidents"], frames["figures"], frames["documents"])
    assert not route_map.dataset_rows(documents_only).any()
    incidents = frames["incidents"].copy()
    incidents.loc[incidents["incident_id"] == "cape-fog-sinking", "basis"] = "dataset"
    points = geography.incident_points(incidents, frames["figures"], frames["documents"])
    rows = route_map.dataset_rows(points)
    assert list(points.loc[rows, "incident_id"]) == ["cape-fog-sinking"]

    swatch = f"rgb{tuple(presentation.DATASET_COLOUR)}"
    legend = route_map.legend_html(["migrant_smuggling"], ("routes", "incidents"), dataset=bool(rows.any()))
    assert swatch in legend and "counted apart, never added to the documents&#x27; figures" in legend
    for plain in (
        route_map.legend_html(["migrant_smuggling"], ("routes", "incidents")),  # no dataset row drawn
        route_map.legend_html(["migrant_smuggling"], ("routes",), dataset=True),  # the incidents are switched off
    ):
        assert swatch not in plain and "dataset" not in plain

    # The static twin (image and briefing exports) gives the dataset's rows a legend entry of their own.
    paths = geography.route_paths(frames["routes"], frames["route_waypoints"], frames["places"], frames["documents"])
    venues = geography.venue_points(frames["initiatives"], frames["places"], frames["documents"])
    fig = map_figure.map_figure(paths, points, venues, geography.port_points(frames["places"], frames["documents"]))
    traces = {t.name: t for t in fig.data if t.name}
    dataset = next(t for name, t in traces.items() if name.startswith("Imported dataset's row"))
    assert "counted apart" in dataset.name and len(dataset.lon) == 1
    assert len(traces["Incident (size: minimum dead or missing, never added)"].lon) == len(points) - 1
    fig = map_figure.map_figure(paths, documents_only, venues, geography.port_points(frames["places"], frames["documents"]))
    assert not any("dataset" in (t.name or "") for t in fig.data)

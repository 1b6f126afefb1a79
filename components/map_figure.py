"""A static twin of the route map as a plotly geo figure, for image, slide and HTML exports."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components import route_map
from trafficking_atlas import geography, vocab
from trafficking_atlas.chart_render import plotly_text
from trafficking_atlas.presentation import INK, LAND, rgba_css, shorten


def map_figure(paths: pd.DataFrame, incidents: pd.DataFrame, venues: pd.DataFrame, ports: pd.DataFrame,
               shown: tuple[str, ...] = ("routes", "incidents", "venues", "ports")) -> go.Figure:  # fmt: skip
    """Routes as lines with arrowheads, incidents sized by casualties, venues and ports, framed on what is drawn."""
    fig = go.Figure()
    lons: list[float] = []
    lats: list[float] = []
    if "routes" in shown:
        for domain, group in paths.groupby("domain", sort=True):
            xs, ys = [], []
            for path in group["path"]:
                xs += [p[0] for p in path] + [None]
                ys += [p[1] for p in path] + [None]
                lons += [p[0] for p in path]
                lats += [p[1] for p in path]
            colour = rgba_css(group.iloc[0]["colour"])
            fig.add_trace(go.Scattergeo(lon=xs, lat=ys, mode="lines", line={"width": 3, "color": colour},
                                        name=f"Route: {vocab.label(vocab.DOMAINS, domain)}", hoverinfo="skip"))  # fmt: skip
            ends = [(path[-1], path[-2]) for path in group["path"]]
            fig.add_trace(go.Scattergeo(
                lon=[e[0][0] for e in ends], lat=[e[0][1] for e in ends], mode="markers", showlegend=False,
                marker={"symbol": "triangle-up", "size": 12, "color": colour,
                        "angle": [90 - geography.bearing(b, a, mercator=False) for a, b in ends], "angleref": "up"},
                hovertext=[plotly_text(n) for n in group["name"]], hoverinfo="text",
            ))  # fmt: skip
    if "venues" in shown and len(venues):
        lons += list(venues["lon"])
        lats += list(venues["lat"])
        fig.add_trace(go.Scattergeo(lon=venues["lon"], lat=venues["lat"], mode="markers", name="Initiative venue",
                                    marker={"size": 11, "color": "white", "line": {"width": 2.5, "color": INK}},
                                    hovertext=[plotly_text(t) for t in venues["tooltip_title"]], hoverinfo="text"))  # fmt: skip
    if "ports" in shown and len(ports):
        fig.add_trace(go.Scattergeo(lon=ports["lon"], lat=ports["lat"], mode="markers", name="Port",
                                    marker={"size": 7, "color": INK, "symbol": "square"},
                                    hovertext=[plotly_text(n) for n in ports["name"]], hoverinfo="text"))  # fmt: skip
    if "incidents" in shown and len(incidents):
        lons += list(incidents["lon"])
        lats += list(incidents["lat"])
        labels = pd.Series(_labels(incidents), index=incidents.index)
        # An imported dataset's rows are a legend entry of their own, as on the route map: counted apart.
        rows = route_map.dataset_rows(incidents)
        for part, name in (
            (incidents[~rows], "Incident (size: minimum dead or missing, never added)"),
            (incidents[rows], f"Imported dataset's row: {route_map.DATASET_APART}"),
        ):
            if part.empty:
                continue
            fig.add_trace(go.Scattergeo(
                lon=part["lon"], lat=part["lat"], mode="markers+text", name=name,
                marker={"size": (part["radius"] * 1.4).tolist(), "color": [rgba_css(c, 0.7) for c in part["colour"]],
                        "line": {"width": 1, "color": "white"}},
                text=labels[part.index].tolist(), textposition="bottom right",
                textfont={"size": 10}, hoverinfo="text",
                hovertext=[plotly_text(str(t)).replace("\n", "<br>") for t in part["tooltip_body"]],
            ))  # fmt: skip
    geo = {"projection_type": "mercator", "showcountries": True, "countrycolor": "#a3a3a3", "showland": True,
           "landcolor": LAND, "showocean": True, "oceancolor": "#eaf2f8", "resolution": 110, "showframe": False}  # fmt: skip
    if lons:
        pad_lon = max((max(lons) - min(lons)) * 0.08, 2)
        pad_lat = max((max(lats) - min(lats)) * 0.08, 2)
        geo["lonaxis_range"] = [max(min(lons) - pad_lon, -180), min(max(lons) + pad_lon, 180)]
        geo["lataxis_range"] = [max(min(lats) - pad_lat, -80), min(max(lats) + pad_lat, 85)]
        # 1:50m coastlines only for a close view; a world view renders 1:110m much faster, looking the same.
        if max(lons) - min(lons) < 60 and max(lats) - min(lats) < 40:
            geo["resolution"] = 50
    fig.update_geos(**geo)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10}, legend={"orientation": "h", "y": -0.02},
                      paper_bgcolor="white")  # fmt: skip
    return fig


LABELS = 12  # above this many incident points, only the largest are named (labels would cover the map)


def _labels(incidents: pd.DataFrame) -> list[str]:
    # Plotly draws a subset of HTML in text (a link among it, live in a PDF): a name is escaped to read as typed.
    names = [plotly_text(shorten(n, 40, keep=38, words=False, mark="… ")) for n in incidents["name"]]
    if len(incidents) <= LABELS:
        return names
    keep = set(incidents["radius"].astype(float).nlargest(LABELS).index)
    return [n if i in keep else "" for i, n in zip(incidents.index, names)]

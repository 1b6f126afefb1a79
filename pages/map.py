"""Route map: where the trade runs, where it kills, and where states meet to stop it."""

import streamlit as st

from components import (
    captions,
    chart_clicks,
    chart_export,
    map_figure,
    page_frame,
    plain_text,
    record_panel,
    route_map,
    table_pager,
    url_state,
)
from trafficking_atlas import geography, link_state

page = page_frame.current()
atlas, filters = page.atlas, page.filters
SPEC = link_state.MAP

st.title("Route map")
st.caption(f"Showing: **{plain_text.literal(page.showing)}**. Works offline: country outlines are served by this app.")

# The cluster to split first, as it decides what is drawn (and so the view that fits it).
url_state.seed(SPEC, {"focus": "map_focus"})
focus = st.session_state["map_focus"]
url_state.drop_unless("map_focus", str(focus).startswith(geography.CLUSTER + ":"),
                      f"The link's cluster to split {link_state.quoted(focus)} is not a cluster id; every cluster is "
                      "shown whole.")  # fmt: skip
layers = atlas.map_layers(filters, page.unfiltered, st.session_state["map_focus"])
url_state.drop_unless("map_focus", layers.focused, f"The cluster to split {link_state.quoted(focus)} is not on the map "
                      "under these filters; every cluster is shown whole.")  # fmt: skip
url_state.seed(SPEC, {"layers": "map_layers"})
# "Fit to what is shown" frames the layers switched on, not the hidden ones.
fit = layers.fit_shown(st.session_state["map_layers"] or ())
url_state.seed(SPEC, {"tiles": "map_online", "view": "map_view", "sel": "map_sel"}, defaults={"view": fit})

LAYER_IDS = {"routes": ("route", "route_id"), "incidents": ("incident", "incident_id"), "venues": ("venue", "place_id")}


def _clicked(selection: dict) -> list[str]:
    objects = selection.get("objects", {})
    return [f"{LAYER_IDS[k][0]}:{v[0].get(LAYER_IDS[k][1])}" for k, v in sorted(objects.items()) if k in LAYER_IDS and v]


# A click is read before the chart is drawn again, so it updates the controls, the highlight and the panel at once.
clicked = chart_clicks.new_click("map_chart", _clicked)
if clicked:
    st.session_state["map_sel"] = clicked[0]
    st.session_state.pop("map_cluster_page", None)  # a new cluster's list starts at its first page
selected = st.session_state["map_sel"]
url_state.drop_unless("map_sel", layers.holds(selected),
                      f"The selection {link_state.quoted(selected)} is not on the map under these filters; nothing is "
                      "selected.")  # fmt: skip
selected = st.session_state["map_sel"]

controls = st.columns([3, 1.3, 1.2, 1.2])
shown = tuple(controls[0].pills("Layers", list(route_map.LAYERS), key="map_layers", selection_mode="multi",
                                format_func=route_map.LAYERS.get) or ())  # fmt: skip
controls[1].toggle("Street tiles (online)", key="map_online",
                   help="Adds CARTO map tiles; needs internet. Off, the map makes no outside request.")  # fmt: skip


def _fit() -> None:
    st.session_state["map_view"], st.session_state["map_focus"] = fit, None


def _zoom_to(cluster_id: str) -> None:
    # Frame the cluster's cell and split it: its incidents in finer cells, or one by one.
    st.session_state["map_view"], st.session_state["map_focus"] = geography.cluster_view(cluster_id), cluster_id
    st.session_state["map_sel"] = None
    st.session_state.pop("map_cluster_page", None)


def _clear() -> None:
    st.session_state["map_sel"] = None


controls[2].button("Fit to what is shown", on_click=_fit, icon=":material/fit_screen:")
controls[3].button("Clear selection", on_click=_clear, icon=":material/deselect:", disabled=not selected)

deck = route_map.build_deck(
    layers.paths, layers.arrows, layers.incidents, layers.venues, layers.ports, st.session_state["map_view"], shown,
    online_tiles=st.session_state["map_online"], selected=tuple(selected.split(":", 1)) if selected else None,
)  # fmt: skip
st.pydeck_chart(deck, height=600, on_select="rerun", selection_mode="single-object", key="map_chart")
st.html(route_map.legend_html(layers.domains, shown, clustered=layers.clustered,
                              dataset=bool(route_map.dataset_rows(layers.incidents).any())))  # fmt: skip
st.caption(captions.map_caption(layers, shown))
chart_export.buttons(
    lambda: map_figure.map_figure(layers.paths, layers.incidents, layers.venues, layers.ports, shown),
    "Trafficking routes, incidents and venues", page.showing, atlas.sources_line(layers.documents, layers.outside),
    key="map-export",
)  # fmt: skip

if selected:
    kind, _, ident = selected.partition(":")
    st.divider()
    if kind == "incident" and ident.startswith(geography.CLUSTER + ":"):
        total = atlas.cluster_page(filters, ident).total
        st.subheader(f"{total:,} incidents in this cluster")
        st.caption(plain_text.literal(layers.cluster_caption(ident)))  # place names come from the data
        rows = table_pager.pager(total, "map_cluster_page", "cl_page", where="Newest first.")
        table_pager.table(atlas.cluster_page(filters, ident, rows.start).rows)
        st.button("Zoom in and split this cluster", icon=":material/zoom_in:", on_click=_zoom_to, args=(ident,))
    elif kind == "incident" and (d := atlas.incident_detail(ident)):
        record_panel.header(d.header)
        record_panel.section("Figures, each with whom it counts and who reported it", d.figures)
        record_panel.section("Stakeholders tied to it", d.stakeholders)
        record_panel.section("Initiatives in the same document", d.initiatives, only_if_rows=True)
        record_panel.source_link(d.header.document_id, d.header.record)
    elif kind == "route" and (d := atlas.route_detail(ident)):
        record_panel.header(d.header)
        record_panel.section("Waypoints, in order", d.waypoints)
        record_panel.section("Incidents on this route", d.incidents, only_if_rows=True)
        record_panel.source_link(d.header.document_id, d.header.record)
    elif kind == "venue" and (d := atlas.venue_detail(ident)):
        record_panel.header(d.header, quote=False)
        record_panel.section("Initiatives here", d.initiatives)
        record_panel.section("Stakeholders tied to them", d.stakeholders)
        record_panel.source_link(d.header.document_id, d.header.record)

url_state.publish_page(SPEC, {"layers": list(shown), "tiles": st.session_state["map_online"],
                              "view": st.session_state["map_view"], "sel": selected, "focus": st.session_state["map_focus"]},
                       ["map_layers", "map_online", "map_view", "map_sel", "map_focus"])  # fmt: skip

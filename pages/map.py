"""Route map: where the trade runs, where it kills, and where states meet to stop it."""

import pandas as pd
import streamlit as st

from components import chart_export, context, filter_panel, map_figure, plain_text, route_map, tables, url_state
from trafficking_atlas import details, geography, queries, store, vocab

filters, options = context.filters(), context.options()
full = store.dataset().frames

st.title("Route map")
showing = filter_panel.caption(filters, options, full)
st.caption(f"Showing: **{plain_text.literal(showing)}**. Works offline: country outlines are served by this app.")

unfiltered = filters == options.defaults()


def _focus_from_url(values: list[str]) -> str | None:
    if values[0].startswith(geography.CLUSTER + ":"):
        return values[0]
    url_state.notify(f"The link's cluster to split {values[0]!r} is not a cluster id; every cluster is shown whole.")
    return None


url_state.seed("map_focus", "focus", _focus_from_url, None)
layers = store.map_layers(filters, unfiltered, st.session_state["map_focus"])
if st.session_state["map_focus"] and not layers["focused"]:
    url_state.notify(
        f"The cluster to split {st.session_state['map_focus']!r} is not on the map under these filters; "
        "every cluster is shown whole."
    )
    st.session_state["map_focus"] = None
    layers = store.map_layers(filters, unfiltered)
paths, arrows, incidents = layers["paths"], layers["arrows"], layers["incidents"]
venues, shown_ports, fit = layers["venues"], layers["ports"], layers["fit"]


def _layers_from_url(values: list[str]) -> list[str]:
    items = [v for part in values for v in part.split(",") if v]
    if items == ["none"]:
        return []
    picked = [v for v in items if v in route_map.LAYERS]
    unknown = [v for v in items if v not in route_map.LAYERS]
    if unknown:
        fallback = "" if picked else " Showing every layer."
        url_state.notify(f"The link names unknown map layer(s) {', '.join(map(repr, unknown))}; they were ignored.{fallback}")
    return picked or list(route_map.LAYERS)


def _view_from_url(values: list[str]) -> dict[str, float]:
    try:
        lat, lon, zoom = (float(v) for v in values[0].split(","))
        if -85 <= lat <= 85 and -180 <= lon <= 180 and 0 <= zoom <= 20:
            return {"latitude": lat, "longitude": lon, "zoom": zoom}
    except ValueError:
        pass
    url_state.notify(f"The link's map view {values[0]!r} is not 'latitude,longitude,zoom'; the view fits what is shown.")
    return fit


url_state.seed("map_layers", "layers", _layers_from_url, list(route_map.LAYERS))
# "Fit to what is shown" frames the layers switched on, not the hidden ones.
fit = geography.fit_shown(layers, tuple(st.session_state["map_layers"] or ()))
url_state.seed("map_online", "tiles", lambda v: v[0] == "online", False)
url_state.seed("map_view", "view", _view_from_url, fit)
url_state.seed("map_sel", "sel", lambda v: v[0], None)

LAYER_KINDS = {"routes": ("route", "route_id"), "incidents": ("incident", "incident_id"), "venues": ("venue", "place_id")}
# The chart's last selection is in session state before the chart is drawn again, so a click
# updates the controls, the highlight and the detail panel in the same run.
event = st.session_state.get("map_chart")
objects = ((event or {}).get("selection") or {}).get("objects", {})
signature = repr(sorted((k, [o.get(LAYER_KINDS.get(k, ("", "place_id"))[1]) for o in v]) for k, v in objects.items()))
if objects and signature != st.session_state.get("_map_last_event"):
    st.session_state["_map_last_event"] = signature
    for layer, items in objects.items():
        if layer in LAYER_KINDS and items:
            kind, key = LAYER_KINDS[layer]
            st.session_state["map_sel"] = selected = f"{kind}:{items[0][key]}"
            st.session_state.pop("map_cluster_page", None)  # a new cluster's list starts at its first page
            break
elif not objects:
    st.session_state["_map_last_event"] = None

kinds = {"route": set(paths["route_id"]), "incident": set(incidents["incident_id"]), "venue": set(venues["place_id"])}
selected = st.session_state["map_sel"]
if selected:
    kind, _, ident = str(selected).partition(":")
    if ident not in kinds.get(kind, set()):
        url_state.notify(f"The selection {selected!r} is not on the map under these filters; nothing is selected.")
        st.session_state["map_sel"] = selected = None

controls = st.columns([3, 1.3, 1.2, 1.2])
shown = controls[0].pills(
    "Layers", list(route_map.LAYERS), key="map_layers", selection_mode="multi", format_func=route_map.LAYERS.get
)
controls[1].toggle(
    "Street tiles (online)", key="map_online", help="Adds CARTO map tiles; needs internet. Off, the map makes no outside request."
)


def _fit() -> None:
    st.session_state["map_view"] = fit
    st.session_state["map_focus"] = None


def _zoom_to(cluster_id: str) -> None:
    # Frame the cluster's cell and split it: its incidents in finer cells, or one by one.
    st.session_state["map_view"] = geography.cluster_view(cluster_id)
    st.session_state["map_focus"] = cluster_id
    st.session_state["map_sel"] = None
    st.session_state.pop("map_cluster_page", None)


def _clear() -> None:
    st.session_state["map_sel"] = None


controls[2].button("Fit to what is shown", on_click=_fit, icon=":material/fit_screen:")
controls[3].button("Clear selection", on_click=_clear, icon=":material/deselect:", disabled=not selected)

deck = route_map.build_deck(
    paths, arrows, incidents, venues, shown_ports, st.session_state["map_view"], tuple(shown or ()),
    online_tiles=st.session_state["map_online"], selected=tuple(selected.split(":", 1)) if selected else None,
)  # fmt: skip
st.pydeck_chart(deck, height=600, on_select="rerun", selection_mode="single-object", key="map_chart")

st.html(route_map.legend_html(layers["domains"], tuple(shown or ()), clustered=layers["clustered"]))
placed, n_clusters = layers["placed"], layers["clusters"]
singles = f" and {len(incidents) - n_clusters:,} single points" if len(incidents) > n_clusters else ""
counts = route_map.counts_line(tuple(shown or ()), {
    "routes": route_map.count(len(paths), "route"),
    "incidents": route_map.count(placed, "incident") + (f" in {n_clusters:,} clusters{singles}" if layers["clustered"] else ""),
    "venues": route_map.count(len(venues), "venue"),
    "ports": route_map.count(len(shown_ports), "port"),
})  # fmt: skip
if layers["clustered"]:
    st.caption(
        f"{counts}. Too many incidents to draw one by one: each circle is a grid cell with its count; "
        "click one to list its incidents, or narrow the filters to see them one by one."
        + (
            " The zoomed cluster is split into finer cells or single incidents; “Fit to what is shown” joins it again."
            if layers["focused"]
            else ""
        )
    )
else:
    st.caption(f"{counts}. Click a route, an incident or a venue to see its record.")
drawn_docs = layers["documents"]
chart_export.buttons(
    lambda: map_figure.map_figure(paths, incidents, venues, shown_ports, tuple(shown or ())),
    "Trafficking routes, incidents and venues", showing, drawn_docs, full["documents"], key="map-export",
    outside=layers["outside"],
)  # fmt: skip


def _record_header(rec: pd.Series, body: object) -> None:
    """A selected record's name, date and domain, how it is known, its text and its quote."""
    st.subheader(plain_text.literal(rec["name"]))
    st.text(f"{queries.date_label(rec)} · {vocab.label(vocab.DOMAINS, rec['domain'])}")
    st.text("\n".join(details.provenance_lines(rec)))
    if pd.notna(body):
        st.text(body)
    plain_text.quote(rec["quote"])


if selected:
    kind, _, ident = selected.partition(":")
    st.divider()
    # Record details are short lists with long quotes: static tables wrap them and draw at once.
    if kind == "incident" and ident.startswith(geography.CLUSTER + ":"):
        total, _ = store.cluster_page(filters, ident)
        st.subheader(f"{total:,} incidents in this cluster")
        st.caption(incidents.loc[incidents["incident_id"] == ident, "tooltip_body"].iloc[0])
        start = tables.pager(total, "map_cluster_page", "cl_page", where="Newest first.")
        _, members = store.cluster_page(filters, ident, start)
        st.dataframe(members, hide_index=True, width="stretch", column_config=tables.QUOTE_COLUMNS)
        st.button("Zoom in and split this cluster", icon=":material/zoom_in:", on_click=_zoom_to, args=(ident,))
        record = None
    elif kind == "incident":
        d = details.incident_detail(full, ident)
        rec = d["record"]
        _record_header(rec, rec["summary"])
        st.markdown("**Figures, each with whom it counts and who reported it**")
        st.table(d["figures"].drop(columns=["record", "document_id"]), hide_index=True, border="horizontal")
        st.markdown("**Stakeholders tied to it**")
        st.table(d["stakeholders"], hide_index=True, border="horizontal")
        if len(d["initiatives"]):
            st.markdown("**Initiatives in the same document**")
            st.table(d["initiatives"], hide_index=True, border="horizontal")
        record = f"incidents:{ident}"
    elif kind == "route":
        d = details.route_detail(full, ident)
        rec = d["record"]
        _record_header(rec, rec["description"])
        st.markdown("**Waypoints, in order**")
        st.table(d["waypoints"], hide_index=True, border="horizontal")
        if len(d["incidents"]):
            st.markdown("**Incidents on this route**")
            st.table(d["incidents"], hide_index=True, border="horizontal")
        record = f"routes:{ident}"
    else:
        d = details.venue_detail(full, ident)
        rec = d["record"]
        st.subheader(plain_text.literal(rec["name"]))
        st.text(f"{str(rec['kind']).capitalize()} · {rec['country']}")
        st.text("\n".join(details.provenance_lines(rec)))
        st.markdown("**Initiatives here**")
        st.table(d["initiatives"], hide_index=True, border="horizontal")
        st.markdown("**Stakeholders tied to them**")
        st.table(d["stakeholders"], hide_index=True, border="horizontal")
        record = f"places:{ident}"
    if record:
        st.page_link(
            "pages/sources.py", label="Read it in its source document", icon=":material/article:",
            query_params={"source": rec["document_id"], "record": record},
        )  # fmt: skip

v = st.session_state["map_view"]
url_state.publish(
    layers=",".join(shown or ()) or "none",
    tiles="online" if st.session_state["map_online"] else "offline",
    view=f"{v['latitude']:.4f},{v['longitude']:.4f},{v['zoom']:.2f}",
    sel=selected,
    focus=st.session_state["map_focus"],
)
for key in ("map_layers", "map_online", "map_view", "map_sel", "map_focus"):
    url_state.keep(key)

"""Stakeholders: who is involved, in what, and with whom."""

import pandas as pd
import streamlit as st

from components import chart_export, context, filter_panel, stakeholder_network, url_state
from trafficking_atlas import network, queries, roster, store, vocab

filters, options = context.filters(), context.options()
full = store.dataset().frames
view = store.view(filters)

st.title("Stakeholders")
st.caption(f"Showing: **{filter_panel.caption(filters, options, full)}**. Filters below narrow this page only.")

table = roster.roster(full, view["stakeholders"], view["relations"])
names = dict(zip(full["stakeholders"]["stakeholder_id"], full["stakeholders"]["name"]))
ini_names = dict(zip(full["initiatives"]["initiative_id"], full["initiatives"]["name"]))
doc_labels = queries.document_labels(full["documents"])

FACETS = {  # facet -> (URL parameter, label, option labels)
    "kinds": ("sh_kind", "Kind", vocab.STAKEHOLDER_KINDS),
    "countries": ("sh_country", "Country", {}),
    "domains": ("sh_domain", "Trafficking domain", vocab.DOMAINS),
    "roles": ("sh_role", "Role", {}),
    "initiatives": ("sh_initiative", "Initiative", ini_names),
    "documents": ("sh_doc", "Document", doc_labels),
}
all_options = {
    "kinds": list(vocab.STAKEHOLDER_KINDS),
    "countries": sorted(set(full["stakeholders"]["country"])),
    "domains": list(vocab.DOMAINS),
    "roles": sorted(set(full["relations"]["role"]) | {"has_" + r for r in full["relations"]["role"]}),
    "initiatives": list(full["initiatives"]["initiative_id"]),
    "documents": list(full["documents"]["document_id"]),
}


def _from_url(facet: str):
    def parse(values: list[str]) -> list[str]:
        items = [v for part in values for v in part.split(",") if v]
        unknown = [v for v in items if v not in all_options[facet]]
        if unknown:
            url_state.notify(
                f"The link names unknown {FACETS[facet][1].lower()} value(s) {', '.join(map(repr, unknown))}; ignored."
            )
        return [v for v in items if v in all_options[facet]]

    return parse


for facet, (param, _, _) in FACETS.items():
    url_state.seed(f"sh_{facet}", param, _from_url(facet), [])
url_state.seed("sh_text", "q", lambda v: v[0], "")
url_state.seed("sh_sel", "who", lambda v: v[0], None)

current = roster.RosterFilter(text=st.session_state["sh_text"], **{f: tuple(st.session_state[f"sh_{f}"]) for f in FACETS})


def _label(facet: str, counts: dict[str, int]):
    labels = FACETS[facet][2]

    def fmt(value: str) -> str:
        text = labels.get(value) if labels else None
        text = text or value.replace("has_", "").replace("_", " ") + (" (received)" if value.startswith("has_") else "")
        return f"{text} ({counts.get(value, 0)})"

    return fmt


with st.container(border=True):
    cols = st.columns(3)
    for i, facet in enumerate(FACETS):
        counts = roster.facet_counts(table, current, facet)
        choices = [o for o in all_options[facet] if counts.get(o) or o in st.session_state[f"sh_{facet}"]]
        cols[i % 3].multiselect(
            FACETS[facet][1], choices, key=f"sh_{facet}", format_func=_label(facet, counts),
            placeholder="Any", help="The number is how many stakeholders choosing the option would leave.",
        )  # fmt: skip
    st.text_input("Search names and aliases", key="sh_text", placeholder="e.g. Europol, Milsom, Calais")

current = roster.RosterFilter(text=st.session_state["sh_text"], **{f: tuple(st.session_state[f"sh_{f}"]) for f in FACETS})
shown = roster.apply(table, current)
ids = list(shown["stakeholder_id"])
if st.session_state["sh_sel"] and st.session_state["sh_sel"] not in names:
    url_state.notify(f"The link's stakeholder {st.session_state['sh_sel']!r} does not exist; none is selected.")
    st.session_state["sh_sel"] = None


def _pick_row() -> None:
    rows = st.session_state["sh_table"].selection.rows
    if rows:
        st.session_state["sh_sel"] = st.session_state["_sh_ids"][rows[0]]


def _pick_node() -> None:
    points = (st.session_state["sh_graph"].selection or {}).get("points", [])
    for p in points:
        node = (p.get("customdata") or [None])[0]
        if node and str(node).startswith("stakeholder:"):
            st.session_state["sh_sel"] = node.split(":", 1)[1]
            return


st.session_state["_sh_ids"] = ids
tab_table, tab_network = st.tabs([f"Table ({len(shown)})", "Network"])
with tab_table:
    display = pd.DataFrame({
        "Name": shown["name"],
        "Kind": shown["kind"].map(lambda k: vocab.label(vocab.STAKEHOLDER_KINDS, k)),
        "Country": shown["country"],
        "Initiatives": shown["initiatives"],
        "Incidents": shown["incidents"],
        "People": shown["people"],
        "Documents": shown["documents"].map(len),
        "Domains": shown["domains"].map(lambda ds: ", ".join(vocab.label(vocab.DOMAINS, d) for d in ds)),
    })  # fmt: skip
    st.dataframe(
        display, hide_index=True, width="stretch", height=min(420, 38 + 35 * max(len(display), 1)), key="sh_table",
        on_select=_pick_row, selection_mode="single-row",
    )  # fmt: skip
    st.caption("Click a column header to sort; choose a row to open its profile.")
with tab_network:
    graph = network.build_graph(full, set(ids), view["relations"])
    nodes, edges = network.layout(graph)
    sel_node = f"stakeholder:{st.session_state['sh_sel']}" if st.session_state["sh_sel"] else None
    fig = stakeholder_network.network_figure(nodes, edges, f"Stakeholder network — {len(ids)} stakeholders", sel_node)
    st.plotly_chart(fig, key="sh_graph", on_select=_pick_node, selection_mode="points",
                    config=chart_export.plotly_config("stakeholder network"))  # fmt: skip
    chart_export.buttons(fig, "Stakeholder network", filter_panel.caption(filters, options, full),
                         sorted(set(view["relations"]["document_id"])), full["documents"], key="network-export")  # fmt: skip
    NETWORK_HELP = (
        "Stakeholders (circles, coloured by kind) and the initiatives (squares) and incidents (diamonds) they are "
        "tied to. Click a stakeholder to open its profile."
    )
    st.caption(NETWORK_HELP)

chosen = st.session_state["sh_sel"]
if chosen:
    p = roster.profile(full, chosen)
    rec = p["record"]
    st.divider()
    st.subheader(rec["name"])
    line = f"**{p['kind']}** · {rec['country']}"
    if pd.notna(rec.get("role")):
        line += f" · {rec['role']}"
    if p["organisation"]:
        line += f" · organisation: **{p['organisation'][1]}**"
    st.markdown(line)
    if pd.notna(rec.get("description")):
        st.write(rec["description"])
    st.info(rec["quote"], icon=":material/format_quote:")
    if len(p["people"]):
        st.markdown("**People of this organisation**")
        st.dataframe(
            p["people"].rename(columns={"name": "Name", "role": "Role"})[["Name", "Role"]], hide_index=True, width="stretch"
        )
    st.markdown(f"**Relations ({len(p['relations'])})**, each with the sentence that states it")
    st.dataframe(p["relations"][["Role", "With", "Type", "Date", "Document", "Quote"]], hide_index=True, width="stretch")

    def _use_globally(sid: str = chosen) -> None:
        st.session_state[filter_panel.KEYS["stakeholders"]] = [sid]

    cols = st.columns(4)
    cols[0].button("Filter every page to it", on_click=_use_globally, icon=":material/filter_alt:",
                   help="Sets the sidebar's Stakeholder filter; the map, timeline and overview follow it.")  # fmt: skip
    cols[1].page_link("pages/map.py", label="Show on the map", icon=":material/map:", query_params={"actor": chosen})
    cols[2].page_link(
        "pages/timeline.py", label="Show on the timeline", icon=":material/timeline:", query_params={"actor": chosen}
    )
    cols[3].page_link("pages/sources.py", label="Read the source", icon=":material/article:",
                      query_params={"source": rec["document_id"], "record": f"stakeholders:{chosen}"})  # fmt: skip

url_state.publish(
    **{FACETS[f][0]: list(st.session_state[f"sh_{f}"]) for f in FACETS},
    q=st.session_state["sh_text"] or None,
    who=chosen,
)
for key in [f"sh_{f}" for f in FACETS] + ["sh_text", "sh_sel"]:
    url_state.keep(key)

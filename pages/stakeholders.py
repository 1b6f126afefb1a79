"""Stakeholders: who is involved, in what, and with whom."""

import streamlit as st

from components import chart_clicks, chart_export, page_frame, plain_text, record_panel, stakeholder_network, url_state
from trafficking_atlas import link_state, roster

page = page_frame.current()
atlas, filters = page.atlas, page.filters
SPEC = link_state.STAKEHOLDERS
known = atlas.stakeholder_choices()

st.title("Stakeholders")
st.caption(f"Showing: **{plain_text.literal(page.showing)}**. Filters below narrow this page only.")

FACETS = {"kinds": ("sh_kind", "Kind"), "countries": ("sh_country", "Country"),
          "domains": ("sh_domain", "Trafficking domain"), "roles": ("sh_role", "Role"),
          "initiatives": ("sh_initiative", "Initiative"), "documents": ("sh_doc", "Document")}  # fmt: skip
KEYS = {param: f"sh_{facet}" for facet, (param, _) in FACETS.items()} | {"q": "sh_text", "who": "sh_sel",
        "sh_sort": "sh_sort", "sh_page": "sh_page"}  # fmt: skip
url_state.seed(SPEC, KEYS, allowed={param: known.options[facet] for facet, (param, _) in FACETS.items()}
               | {"who": known.stakeholders})  # fmt: skip


def _current() -> roster.RosterFilter:
    return roster.RosterFilter(text=st.session_state["sh_text"], **{f: tuple(st.session_state[f"sh_{f}"]) for f in FACETS})


def _label(facet: str, counts: dict[str, int]):
    labels = known.labels[facet]

    def fmt(value: str) -> str:
        text = labels.get(value) or value.replace("has_", "").replace("_", " ") + (
            " (received)" if value.startswith("has_") else ""
        )
        return f"{text} ({counts.get(value, 0)})"

    return fmt


# The counts follow everything in view; a facet with very many options offers the most frequent ones, so the browser
# is never sent 20,000 initiatives.
facet_counts = atlas.roster_facets(filters, _current())
with st.container(border=True):
    cols = st.columns(3)
    for i, facet in enumerate(FACETS):
        counts, n_options = facet_counts[facet]
        chosen = st.session_state[f"sh_{facet}"]
        hint = "The number is how many stakeholders choosing the option would leave."
        if n_options > roster.MAX_OPTIONS:
            hint += (f" Offered: the {roster.MAX_OPTIONS:,} of {n_options:,} options leaving the most; narrow the other "
                     "filters or search to reach the others.")  # fmt: skip
        cols[i % 3].multiselect(FACETS[facet][1], [o for o in known.options[facet] if counts.get(o) or o in chosen],
                                key=f"sh_{facet}", format_func=_label(facet, counts), placeholder="Any", help=hint)  # fmt: skip
    st.text_input("Search names and aliases", key="sh_text", placeholder="e.g. Europol, Milsom, Calais")

current, sort = _current(), st.session_state["sh_sort"]
# A new filter or order starts the table at its first page (a link's page is kept on opening it).
signature = (filters, current, sort)
if st.session_state.get("_sh_signature", signature) != signature:
    st.session_state["sh_page"] = 1
st.session_state["_sh_signature"] = signature
shown = atlas.roster_page(filters, current, sort, int(st.session_state["sh_page"]))
n_pages = roster.pages(shown.total)
st.session_state["sh_page"] = page_number = min(max(int(st.session_state["sh_page"]), 1), n_pages)


def _pick_row() -> None:
    rows = st.session_state["sh_table"].selection.rows
    if rows:
        st.session_state["sh_sel"] = shown.ids[rows[0]]


def _nodes(selection: dict) -> list[str]:
    nodes = [str((p.get("customdata") or [None])[0]) for p in selection.get("points", [])]
    return [n.split(":", 1)[1] for n in nodes if n.startswith("stakeholder:")][:1]


if clicked := chart_clicks.new_click("sh_graph", _nodes):
    st.session_state["sh_sel"] = clicked[0]
n = shown.total
st.markdown(f"**{n:,}** {'stakeholder matches' if n == 1 else 'stakeholders match'} these filters.")
# Fixed tab labels: a label with a count in it made the tabs be drawn anew on every filter change (~0.07 s).
TABS = {"table": "Table", "network": "Network"}
url_state.seed_tab("sh_tab", SPEC["sh_tab"], TABS)
# Only the open tab is built and sent: the network's layout and chart cost nothing while the table is shown.
tab_table, tab_network = st.tabs(list(TABS.values()), key="sh_tab", on_change="rerun")
with tab_table:
    if tab_table.open:
        controls = st.columns([2, 1, 3], vertical_alignment="bottom")
        controls[0].selectbox("Sort by", list(roster.SORTS), key="sh_sort", format_func=lambda s: roster.SORTS[s][0])
        if n_pages > 1:
            controls[1].number_input(f"Table page (of {n_pages:,})", min_value=1, max_value=n_pages, step=1, key="sh_page")
        controls[2].download_button(
            f"All {n:,} rows (CSV)", data=lambda: atlas.roster_csv(filters, current, sort), file_name="stakeholders.csv",
            mime="text/csv", on_click="ignore", icon=":material/download:", disabled=not n, key="sh_csv",
            help="The whole table with these filters, in this order.",
        )  # fmt: skip
        st.dataframe(shown.rows, hide_index=True, width="stretch", height=min(420, 38 + 35 * max(len(shown.rows), 1)),
                     key="sh_table", on_select=_pick_row, selection_mode="single-row")  # fmt: skip
        if n:
            first = (page_number - 1) * roster.PAGE_SIZE
            st.caption(f"Rows {first + 1:,}–{first + len(shown.rows):,} of {n:,}, by {roster.SORTS[sort][0].lower()}. "
                       "A column header sorts the rows shown; choose a row to open its profile.")  # fmt: skip
        else:
            st.caption("No stakeholder matches: widen the filters or the search.")
with tab_network:
    if tab_network.open and not n:
        st.info("No stakeholder matches these filters, so there is no network to draw.", icon=":material/hub:")
    elif tab_network.open:
        net = atlas.stakeholder_network(filters, current, st.session_state["sh_sel"])
        drawn, total = len(net.focus.stakeholders), net.focus.total_stakeholders
        title = f"Stakeholder network — {n:,} stakeholder{'s' if n != 1 else ''}"
        if drawn < total:
            title = f"Stakeholder network — {drawn} of {total:,} stakeholders"
        if net.note:
            st.caption(net.note)
        sel_node = f"stakeholder:{st.session_state['sh_sel']}" if st.session_state["sh_sel"] else None
        fig = stakeholder_network.network_figure(net.nodes, net.edges, title, sel_node)
        st.plotly_chart(fig, key="sh_graph", on_select="rerun", selection_mode="points",
                        config=chart_export.plotly_config("stakeholder network"))  # fmt: skip
        chart_export.buttons(fig, "Stakeholder network", page.showing, atlas.sources_line(net.documents), key="network-export")
        st.caption("Stakeholders (circles, coloured by kind) and the initiatives (squares) and incidents (diamonds) they "
                   "are tied to. Click a stakeholder to open its profile.")  # fmt: skip
        if sel_node and sel_node in set(net.nodes["node"]):
            # The profile opens below the chart, out of sight: say where it is, next to the ringed node.
            picked = net.nodes.loc[net.nodes["node"] == sel_node, "label"].iloc[0]
            st.info(f"**{plain_text.literal(picked)}** is selected (ringed in red); its profile is below.",
                    icon=":material/arrow_downward:")  # fmt: skip

chosen = st.session_state["sh_sel"]
if chosen and (p := atlas.stakeholder_profile(chosen)):
    st.divider()
    record_panel.profile(p)

values = {param: list(st.session_state[f"sh_{facet}"]) for facet, (param, _) in FACETS.items()}
values |= {"q": st.session_state["sh_text"], "who": chosen, "sh_sort": sort, "sh_page": page_number,
           "sh_tab": url_state.tab_name("sh_tab", TABS)}  # fmt: skip
url_state.publish_page(SPEC, values, [*KEYS.values(), "sh_tab"])

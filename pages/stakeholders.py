"""Stakeholders: who is involved, in what, and with whom."""

import pandas as pd
import streamlit as st

from components import chart_export, context, filter_panel, plain_text, stakeholder_network, url_state
from trafficking_atlas import network, queries, roster, store, vocab

filters, options = context.filters(), context.options()
full = store.dataset().frames
known = store.stakeholder_options()
showing = filter_panel.caption(filters, options, full)

st.title("Stakeholders")
st.caption(f"Showing: **{plain_text.literal(showing)}**. Filters below narrow this page only.")

FACETS = {  # facet -> (URL parameter, label, option labels)
    "kinds": ("sh_kind", "Kind", vocab.STAKEHOLDER_KINDS),
    "countries": ("sh_country", "Country", {}),
    "domains": ("sh_domain", "Trafficking domain", vocab.DOMAINS),
    "roles": ("sh_role", "Role", {}),
    "initiatives": ("sh_initiative", "Initiative", known["initiative_names"]),
    "documents": ("sh_doc", "Document", known["document_labels"]),
}
all_options = {
    "kinds": list(vocab.STAKEHOLDER_KINDS),
    "countries": known["countries"],
    "domains": list(vocab.DOMAINS),
    "roles": known["roles"],
    "initiatives": known["initiatives"],
    "documents": known["documents"],
}


def _from_url(facet: str):
    def parse(values: list[str]) -> list[str]:
        valid = set(all_options[facet])
        items = [v for part in values for v in part.split(",") if v]
        unknown = [v for v in items if v not in valid]
        if unknown:
            url_state.notify(
                f"The link names unknown {FACETS[facet][1].lower()} value(s) {', '.join(map(repr, unknown))}; ignored."
            )
        return [v for v in items if v in valid]

    return parse


def _sort_from_url(values: list[str]) -> str:
    if values[0] in roster.SORTS:
        return values[0]
    url_state.notify(f"The link's table order {values[0]!r} is unknown; the table is sorted by most relations.")
    return "relations"


def _page_from_url(values: list[str]) -> int:
    if values[0].isdigit() and int(values[0]) >= 1:
        return int(values[0])
    url_state.notify(f"The link's table page {values[0]!r} is not a page number; the first page is shown.")
    return 1


for facet, (param, _, _) in FACETS.items():
    url_state.seed(f"sh_{facet}", param, _from_url(facet), [])
url_state.seed("sh_text", "q", lambda v: v[0], "")
url_state.seed("sh_sel", "who", lambda v: v[0], None)
url_state.seed("sh_sort", "sh_sort", _sort_from_url, "relations")
url_state.seed("sh_page", "sh_page", _page_from_url, 1)


def _current() -> roster.RosterFilter:
    return roster.RosterFilter(text=st.session_state["sh_text"], **{f: tuple(st.session_state[f"sh_{f}"]) for f in FACETS})


def _label(facet: str, counts: dict[str, int]):
    labels = FACETS[facet][2]

    def fmt(value: str) -> str:
        text = labels.get(value) if labels else None
        text = text or value.replace("has_", "").replace("_", " ") + (" (received)" if value.startswith("has_") else "")
        return f"{text} ({counts.get(value, 0)})"

    return fmt


# The counts follow everything in view (computed on the server); a facet with very many options offers the
# most frequent ones, so the browser is never sent 20,000 initiatives.
facet_counts = store.roster_facets(filters, _current(), roster.MAX_OPTIONS)
with st.container(border=True):
    cols = st.columns(3)
    for i, facet in enumerate(FACETS):
        counts, n_options = facet_counts[facet]
        chosen = st.session_state[f"sh_{facet}"]
        choices = [o for o in all_options[facet] if counts.get(o) or o in chosen]
        hint = "The number is how many stakeholders choosing the option would leave."
        if n_options > roster.MAX_OPTIONS:
            hint += (
                f" Offered: the {roster.MAX_OPTIONS:,} of {n_options:,} options leaving the most; "
                "narrow the other filters or search to reach the others."
            )
        cols[i % 3].multiselect(
            FACETS[facet][1], choices, key=f"sh_{facet}", format_func=_label(facet, counts), placeholder="Any", help=hint
        )
    st.text_input("Search names and aliases", key="sh_text", placeholder="e.g. Europol, Milsom, Calais")

current = _current()
if st.session_state["sh_sel"] and st.session_state["sh_sel"] not in known["stakeholders"]:
    url_state.notify(f"The link's stakeholder {st.session_state['sh_sel']!r} does not exist; none is selected.")
    st.session_state["sh_sel"] = None

# A new filter or order starts the table at its first page (a link's page is kept on opening it).
signature = (filters, current, st.session_state["sh_sort"])
if st.session_state.get("_sh_signature", signature) != signature:
    st.session_state["sh_page"] = 1
st.session_state["_sh_signature"] = signature
sort = st.session_state["sh_sort"]
rows, row_ids, n_shown = store.roster_page(filters, current, sort, st.session_state["sh_page"])
n_pages = roster.pages(n_shown)
page_number = min(max(int(st.session_state["sh_page"]), 1), n_pages)
st.session_state["sh_page"] = page_number


def _pick_row() -> None:
    selected = st.session_state["sh_table"].selection.rows
    if selected:
        st.session_state["sh_sel"] = st.session_state["_sh_ids"][selected[0]]


def _pick_node() -> None:
    points = (st.session_state["sh_graph"].selection or {}).get("points", [])
    for p in points:
        node = (p.get("customdata") or [None])[0]
        if node and str(node).startswith("stakeholder:"):
            st.session_state["sh_sel"] = node.split(":", 1)[1]
            return


st.session_state["_sh_ids"] = row_ids
st.markdown(f"**{n_shown:,}** {'stakeholder matches' if n_shown == 1 else 'stakeholders match'} these filters.")
# Fixed tab labels: a label that changed with each filter (a count in it) made the tabs and the table
# in them be drawn anew on every filter change (~0.07 s). The network tab is named by "network" in the link.
TABS = {"table": "Table", "network": "Network"}
url_state.seed_tab("sh_tab", "sh_tab", TABS)
# Only the open tab is built and sent: the network's layout and chart cost nothing while the table is shown.
tab_table, tab_network = st.tabs(list(TABS.values()), key="sh_tab", on_change="rerun")
with tab_table:
    if tab_table.open:
        controls = st.columns([2, 1, 3], vertical_alignment="bottom")
        controls[0].selectbox("Sort by", list(roster.SORTS), key="sh_sort", format_func=lambda s: roster.SORTS[s][0])
        if n_pages > 1:
            controls[1].number_input(f"Table page (of {n_pages:,})", min_value=1, max_value=n_pages, step=1, key="sh_page")
        first = (page_number - 1) * roster.PAGE_SIZE
        controls[2].download_button(
            f"All {n_shown:,} rows (CSV)", data=lambda: store.roster_csv(filters, current, sort), file_name="stakeholders.csv",
            mime="text/csv", on_click="ignore", icon=":material/download:", disabled=not n_shown, key="sh_csv",
            help="The whole table with these filters, in this order.",
        )  # fmt: skip
        st.dataframe(
            rows, hide_index=True, width="stretch", height=min(420, 38 + 35 * max(len(rows), 1)), key="sh_table",
            on_select=_pick_row, selection_mode="single-row",
        )  # fmt: skip
        order = roster.SORTS[sort][0].lower()
        if n_shown:
            where = f"Rows {first + 1:,}–{first + len(rows):,} of {n_shown:,}, by {order}"
            st.caption(f"{where}. A column header sorts the rows shown; choose a row to open its profile.")
        else:
            st.caption("No stakeholder matches: widen the filters or the search.")
with tab_network:
    if tab_network.open and not n_shown:
        st.info("No stakeholder matches these filters, so there is no network to draw.", icon=":material/hub:")
    elif tab_network.open:
        focus, nodes, edges, documents = store.stakeholder_network(filters, current, st.session_state["sh_sel"])
        drawn = len(focus.stakeholders)
        title = f"Stakeholder network — {n_shown:,} stakeholder{'s' if n_shown != 1 else ''}"
        if drawn < focus.total_stakeholders:
            title = f"Stakeholder network — {drawn} of {focus.total_stakeholders:,} stakeholders"
        note = network.describe(focus)
        if note:
            st.caption(note)
        sel_node = f"stakeholder:{st.session_state['sh_sel']}" if st.session_state["sh_sel"] else None
        fig = stakeholder_network.network_figure(nodes, edges, title, sel_node)
        st.plotly_chart(fig, key="sh_graph", on_select=_pick_node, selection_mode="points",
                          config=chart_export.plotly_config("stakeholder network"))  # fmt: skip
        chart_export.buttons(fig, "Stakeholder network", showing, documents, full["documents"], key="network-export")
        NETWORK_HELP = (
            "Stakeholders (circles, coloured by kind) and the initiatives (squares) and incidents (diamonds) they are "
            "tied to. Click a stakeholder to open its profile."
        )
        st.caption(NETWORK_HELP)
        if sel_node and sel_node in set(nodes["node"]):
            # The profile opens below the chart, out of sight: say where it is, next to the ringed node.
            picked = nodes.loc[nodes["node"] == sel_node, "label"].iloc[0]
            st.info(
                f"**{plain_text.literal(picked)}** is selected (ringed in red); its profile is below.",
                icon=":material/arrow_downward:",
            )

chosen = st.session_state["sh_sel"]
if chosen:
    p = store.stakeholder_profile(chosen)
    rec = p["record"]
    st.divider()
    st.subheader(plain_text.literal(rec["name"]))
    line = f"{p['kind']} · {roster.country_name(rec['country'])}"
    if pd.notna(rec.get("role")):
        line += f" · {rec['role']}"
    if p["organisation"]:
        line += f" · organisation: {p['organisation'][1]}"
    st.text(line)
    if pd.notna(rec.get("description")):
        st.text(rec["description"])
    if rec["basis"] == "external":
        st.warning(
            plain_text.literal(queries.provenance(rec["basis"], rec["source"])) + ". The sentence below only names "
            "the event it is tied to.",
            icon=":material/public:",
        )
    plain_text.quote(rec["quote"])
    if len(p["people"]):
        st.markdown("**People of this organisation**")
        st.dataframe(
            p["people"].rename(columns={"name": "Name", "role": "Role"})[["Name", "Role"]], hide_index=True, width="stretch"
        )
    outside = int(p["relations"]["Source"].str.startswith(queries.OUTSIDE).sum())
    st.markdown(
        f"**Relations ({len(p['relations'])})**, each with the sentence that states it"
        + (f"; {outside} from outside the documents, with their source" if outside else "")
    )
    st.dataframe(
        p["relations"][["Role", "With", "Source", "Type", "Date", "Document", "Quote"]], hide_index=True, width="stretch"
    )

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
    sh_sort=None if sort == "relations" else sort,
    sh_page=str(page_number) if page_number > 1 else None,
    sh_tab="network" if st.session_state["sh_tab"] == TABS["network"] else None,
)
for key in [f"sh_{f}" for f in FACETS] + ["sh_text", "sh_sel", "sh_sort", "sh_page", "sh_tab"]:
    url_state.keep(key)

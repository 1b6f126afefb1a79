"""Overview: headline numbers and the latest incidents and initiatives, following the filters."""

import streamlit as st

from components import context, filter_panel, plain_text, tables
from trafficking_atlas import queries, store
from trafficking_atlas.tables import document_table

filters, options = context.filters(), context.options()
full = store.dataset().frames
view = store.view(filters)

st.title("Trafficking Atlas")
st.caption(
    f"Human trafficking, migrant smuggling and illicit trafficking in {len(full['documents']):,} source documents, "
    f"with every number traced to its sentence. Showing: **{plain_text.literal(filter_panel.caption(filters, options, full))}**."
)

totals = store.casualty_totals(filters)
cols = st.columns(5)
cols[0].metric("Incidents", f"{len(view['incidents']):,}")
for col, kind, label in ((cols[1], "dead", "Dead"), (cols[2], "missing", "Missing")):
    total, with_outside = totals[kind], totals[kind + "_all"]
    col.metric(
        f"{label}, at least",
        f"{total.minimum:,.0f}" if total.incidents else "—",
        help=f"{queries.CASUALTY_RULE} From the documents only. With figures from outside the documents: "
        f"{with_outside.text()}" + "".join(f"; {line}" for line in totals[f"{kind}_outside"]) + ".",
    )
cols[3].metric("Initiatives", f"{len(view['initiatives']):,}")
cols[4].metric("Stakeholders", f"{len(view['stakeholders']):,}")
st.caption(
    f"{len(view['documents']):,} of {len(full['documents']):,} documents · {len(view['figures']):,} figures · "
    f"{len(view['relations']):,} relations · {len(view['routes']):,} routes"
)

dead, missing = totals["dead"], totals["missing"]
st.text(
    f"Dead: the documents' minimum estimate over {dead.incidents:,} {'incident' if dead.incidents == 1 else 'incidents'}; "
    f"missing: over {missing.incidents:,}. They are never added together; the rule is under the question mark by each "
    "number."
    + "".join(f"\nDead includes {line}: a part of those who died." for line in totals["dead_parts"])
    + "".join(f"\nMissing includes {line}: a part of those missing." for line in totals["missing_parts"])
)

st.subheader("Casualties by incident")
st.caption(
    "Every figure on its own row with whom it counts and who reported it; where sources disagree, none is dropped. "
    "Figures from outside the documents say so in the Source column."
)
total, _ = store.casualty_page(filters, 0)
start = tables.pager(total, "overview_casualty_page", "cas_page")
_, casualties = store.casualty_page(filters, start)
if casualties.empty:
    st.info("No casualty figures match the filters.")
else:
    st.dataframe(casualties, hide_index=True, width="stretch", column_config=tables.QUOTE_COLUMNS)

left, right = st.columns(2)
with left:
    st.subheader("Latest incidents")
    incidents = store.latest_table(filters, "incidents", 10)
    if incidents.empty:
        st.info("No incidents match the filters.")
    else:
        st.dataframe(incidents, hide_index=True, width="stretch", column_config=tables.QUOTE_COLUMNS)
with right:
    st.subheader("Latest initiatives")
    initiatives = store.latest_table(filters, "initiatives", 10)
    if initiatives.empty:
        st.info("No initiatives match the filters.")
    else:
        st.dataframe(initiatives, hide_index=True, width="stretch", column_config=tables.QUOTE_COLUMNS)

st.subheader("Documents")
st.dataframe(document_table(view["documents"]), hide_index=True, width="stretch", column_config=tables.QUOTE_COLUMNS)

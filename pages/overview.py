"""Overview: headline numbers and the latest incidents and initiatives, following the filters."""

import streamlit as st

from components import page_frame, plain_text, table_pager
from trafficking_atlas import casualties, formatting

page = page_frame.current()
atlas, filters = page.atlas, page.filters
counts = atlas.counts(filters)

st.title("Trafficking Atlas")
st.caption(
    f"Human trafficking, migrant smuggling and illicit trafficking in {counts.total['documents']:,} source documents, "
    f"with every number traced to its sentence. Showing: **{plain_text.literal(page.showing)}**."
)

totals = atlas.casualty_totals(filters)
layers = atlas.dataset_totals(filters)
cols = st.columns(5)
cols[0].metric("Incidents", f"{layers.document_incidents:,}",
               help="The documents' incidents; an imported dataset's rows are counted apart, below.")  # fmt: skip
for col, kind, label in ((cols[1], "dead", "Dead"), (cols[2], "missing", "Missing")):
    total, with_outside, _, outside = totals.of(kind)
    col.metric(
        f"{label}, at least",
        f"{total.minimum:,.0f}" if total.incidents else "—",
        help=f"{casualties.CASUALTY_RULE} From the documents only. With figures from outside the documents: "
        f"{with_outside.text()}" + "".join(f"; {line}" for line in outside) + ".",
    )
cols[3].metric("Initiatives", f"{counts.shown['initiatives']:,}")
cols[4].metric("Stakeholders", f"{counts.shown['stakeholders']:,}")
st.caption(
    f"{counts.shown['documents']:,} of {counts.total['documents']:,} documents · "
    + " · ".join(formatting.number_of(counts.shown[d], d[:-1]) for d in ("figures", "relations", "routes"))
)

dead, missing = totals.dead, totals.missing
st.text(
    f"Dead: the documents' minimum estimate over {dead.incidents:,} {'incident' if dead.incidents == 1 else 'incidents'}; "
    f"missing: over {missing.incidents:,}. They are never added together; the rule is under the question mark by each "
    "number."
    + "".join(f"\nDead includes {line}: a part of those who died." for line in totals.dead_parts)
    + "".join(f"\nMissing includes {line}: a part of those missing." for line in totals.missing_parts)
)

if layers.lines:
    st.markdown("**Imported datasets** — counted apart from the documents' figures")
    st.text("\n".join(layers.lines) + f"\nRule: {layers.rule}.")

st.subheader("Casualties by incident")
st.caption(
    "Every figure on its own row with whom it counts and who reported it; where sources disagree, none is dropped. "
    "Figures from outside the documents say so in the Source column."
)
rows = table_pager.pager(atlas.casualty_page(filters).total, "overview_casualty_page", "cas_page")
casualties = atlas.casualty_page(filters, rows.start).rows
if casualties.empty:
    st.info("No casualty figures match the filters.")
else:
    table_pager.table(casualties)

left, right = st.columns(2)
for column, kind, title in ((left, "incidents", "Latest incidents"), (right, "initiatives", "Latest initiatives")):
    with column:
        st.subheader(title)
        latest = atlas.latest_table(filters, kind, 10).rows
        if latest.empty:
            st.info(f"No {kind} match the filters.")
        else:
            table_pager.table(latest)

st.subheader("Documents")
table_pager.table(atlas.documents_table(filters))

"""Sources: read a document with its extracted entities marked, beside every record drawn from it."""

import dataclasses
from functools import partial

import streamlit as st

from components import document_view, grade_form, page_frame, plain_text, table_pager, url_state
from trafficking_atlas import link_state

page = page_frame.current()
atlas, filters = page.atlas, page.filters
SPEC = link_state.SOURCES

st.title("Sources")
docs = atlas.document_choices(filters)
st.caption(
    (f"{docs.matching:,} of the {docs.total:,} source documents {'matches' if docs.matching == 1 else 'match'} the filters"
     if 0 < docs.matching < docs.total
     else f"The {docs.total:,} source documents")
    + f", unedited. Showing: **{plain_text.literal(page.showing)}**. Marked: stakeholders, initiatives and places the "
    "dataset extracted."
)  # fmt: skip
if not docs.ids:
    st.error("No documents could be loaded.")
    st.stop()

first = docs.titles.get(docs.ids[0], docs.ids[0])
wrong = f"is not in the atlas or not under these filters; showing {first}"
spec = {"source": dataclasses.replace(SPEC["source"], default=docs.ids[0], instead=wrong)}
url_state.seed(spec, {"source": "src_doc"}, allowed={"source": docs.ids})
if st.session_state["src_doc"] not in docs.ids:
    st.session_state["src_doc"] = docs.ids[0]


def _new_document() -> None:
    st.session_state["src_table_page"] = 1  # another document's records start at their first page


doc_id = st.selectbox("Document", docs.ids, key="src_doc", format_func=docs.labels.get, on_change=_new_document)
found = atlas.document_records(filters, doc_id)
records = found.records
keys = list(records["key"])
url_state.seed(SPEC, {"record": "src_record"}, allowed={"record": keys})
if st.session_state["src_record"] not in keys:
    st.session_state["src_record"] = None


def _pick_from_table(first: int) -> None:
    rows = st.session_state["src_table"].selection.rows
    if rows:
        st.session_state["src_record"] = keys[first + rows[0]]


st.text(atlas.document_header(doc_id))
graded = st.columns([4, 1], vertical_alignment="center")
graded[0].text(atlas.grade_line("documents", doc_id))
with graded[1]:
    grade_form.render(atlas, "documents", doc_id, doc_id, "document", "src_grade_doc")
left, right = st.columns([3, 2], gap="large")
with right:
    outside = found.outside
    drawn = len(records) - outside
    st.markdown(
        f"**{drawn:,} {'record' if drawn == 1 else 'records'}** drawn from this document"
        + (f", and {outside:,} from outside the documents tied to its sentences" if outside else "")
        + (f" ({found.total - len(records):,} more hidden by the filters)" if found.total > len(records) else "")
    )
    shown = table_pager.pager(len(records), "src_table_page", "src_page")
    page_rows = records.iloc[shown]
    st.dataframe(
        page_rows[["type", "from", "record", "quote"]].set_axis(["Type", "From", "Record", "Sentence"], axis=1),
        hide_index=True, width="stretch", height=420, key="src_table", on_select=partial(_pick_from_table, shown.start),
        selection_mode="single-row",
        column_config={"Sentence": st.column_config.TextColumn("Sentence", width="large"),
                       "From": st.column_config.TextColumn("From", help="Document: the sentence states it. Inferred: "
                       "worked out from the document. Outside the documents: the sentence only names the event; choose "
                       "the record to see its source.")},
    )  # fmt: skip
    # The choice lists this table page's records (and the chosen one), not every record of a large document.
    offered = list(page_rows["key"])
    current = st.session_state["src_record"]
    chosen = st.selectbox(
        "Chosen record",
        [None, *offered, *([current] if current and current not in offered else [])],
        key="src_record",
        format_func=lambda k: "— choose a record to see its quote in place —" if k is None else found.label(k),
    )
    chosen_view = atlas.record_view(doc_id, chosen) if chosen else None
    if chosen_view:
        if chosen_view.outside:
            st.warning(plain_text.literal(chosen_view.source) + ". The sentence below, marked in the text, only names the "
                       "event; it is not this record's source.", icon=":material/public:")  # fmt: skip
            st.text("Sentence that names the event")
        else:
            source = chosen_view.source
            st.text("Quote (the sentence that states it)" if source == "Document" else f"Quote · {source}")
        plain_text.quote(chosen_view.quote)
        st.dataframe(chosen_view.fields, hide_index=True, width="stretch")
        kind, _, ident = chosen.partition(":")
        if kind not in ("places", "route_waypoints"):
            grade_form.render(atlas, kind, ident, doc_id, "record", "src_grade_record")

with left:
    focus = chosen_view.span if chosen_view else None
    st.html(
        document_view.legend_html()
        + document_view.document_html(atlas.document_text(doc_id), atlas.document_spans(doc_id), focus)
    )
    if focus:  # our own one-line script: bring the chosen quote into view (the text itself is escaped)
        st.html(document_view.SCROLL_TO_FOCUS, unsafe_allow_javascript=True)

url_state.publish_page(SPEC, {"source": doc_id, "record": chosen}, ["src_doc", "src_record"])

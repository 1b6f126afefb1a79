"""Sources: read a document with its extracted entities marked, beside every record drawn from it."""

from functools import partial

import pandas as pd
import streamlit as st

from components import context, document_view, plain_text, tables, url_state
from trafficking_atlas import queries, store, text_spans

filters = context.filters()
dataset = store.dataset()
full = dataset.frames
view = store.view(filters)

st.title("Sources")
matching, total = len(view["documents"]), len(full["documents"])
st.caption(
    (f"{matching:,} of the {total:,} source documents {'matches' if matching == 1 else 'match'} the filters"
     if 0 < matching < total
     else f"The {total:,} source documents")
    + ", unedited. Marked: stakeholders, initiatives and places the dataset extracted."
)  # fmt: skip

labels = queries.document_labels(full["documents"])
titles = dict(zip(full["documents"]["document_id"], full["documents"]["title"]))
choices = list(view["documents"]["document_id"]) or list(full["documents"]["document_id"])
if not choices:
    st.error("No documents could be loaded.")
    st.stop()


def _doc_from_url(values: list[str]) -> str:
    if values[0] in choices:
        return values[0]
    url_state.notify(
        f"The link's document {values[0]!r} is not in the atlas or not under these filters; showing "
        f"{titles.get(choices[0], choices[0])}."
    )
    return choices[0]


url_state.seed("src_doc", "source", _doc_from_url, choices[0])
if st.session_state["src_doc"] not in choices:
    st.session_state["src_doc"] = choices[0]


def _new_document() -> None:
    st.session_state["src_table_page"] = 1  # another document's records start at their first page


doc_id = st.selectbox(
    "Document", choices, key="src_doc", format_func=lambda d: f"{titles.get(d, d)} — {labels.get(d, d)}", on_change=_new_document
)
url_state.keep("src_doc")

records, all_count = store.document_records(filters, doc_id)
keys = [f"{t}:{i}" for t, i in zip(records["type"], records["id"])]


def _record_from_url(values: list[str]) -> str | None:
    if values[0] in keys:
        return values[0]
    url_state.notify(f"The link's record {values[0]!r} is not in this document's records; none is selected.")
    return None


url_state.seed("src_record", "record", _record_from_url, None)
if st.session_state["src_record"] not in keys:
    st.session_state["src_record"] = None


def _pick_from_table(first: int) -> None:
    rows = st.session_state["src_table"].selection.rows
    if rows:
        st.session_state["src_record"] = keys[first + rows[0]]


meta = full["documents"].set_index("document_id").loc[doc_id]
published = queries.date_label(meta, "published", "published_end", "published_precision")
st.text(
    f"{meta['title']} · {queries.outlet_name(meta['outlet'])} · {published}"
    + ("" if meta["published_basis"] == "text" else f" (date {meta['published_basis']}: {meta['published_source']})")
)

text = dataset.texts.get(doc_id, "")
left, right = st.columns([3, 2], gap="large")
with right:
    outside = int(records["source"].str.startswith(queries.OUTSIDE).sum())
    drawn = len(records) - outside
    st.markdown(
        f"**{drawn:,} {'record' if drawn == 1 else 'records'}** drawn from this document"
        + (f", and {outside:,} from outside the documents tied to its sentences" if outside else "")
        + (f" ({all_count - len(records):,} more hidden by the filters)" if all_count > len(records) else "")
    )
    first = tables.pager(len(records), "src_table_page", "src_page")
    page_rows = records.iloc[first : first + tables.PAGE_ROWS]
    st.dataframe(
        pd.DataFrame({
            "Type": page_rows["type"].map(queries.RECORD_TYPES),
            "From": page_rows["source"].str.split(":").str[0], "Record": page_rows["record"], "Sentence": page_rows["quote"],
        }),
        hide_index=True,
        width="stretch",
        height=420,
        key="src_table",
        on_select=partial(_pick_from_table, first),
        selection_mode="single-row",
        column_config={"Sentence": st.column_config.TextColumn("Sentence", width="large"),
                       "From": st.column_config.TextColumn("From", help="Document: the sentence states it. Inferred: "
                       "worked out from the document. Outside the documents: the sentence only names the event; choose "
                       "the record to see its source.")},
    )  # fmt: skip
    # The choice lists this table page's records (and the chosen one), not every record of a large document.
    offered = keys[first : first + tables.PAGE_ROWS]
    current = st.session_state["src_record"]
    chosen = st.selectbox(
        "Chosen record",
        [None, *offered, *([current] if current and current not in offered else [])],
        key="src_record",
        format_func=lambda k: (
            "— choose a record to see its quote in place —"
            if k is None
            else f"{queries.RECORD_TYPES.get(k.split(':')[0], '')}: {records.loc[keys.index(k), 'record']}"
        ),
    )
    url_state.keep("src_record")
    focus = None
    if chosen:
        rtype = chosen.split(":", 1)[0]
        row = records.loc[keys.index(chosen)]
        focus = text_spans.quote_span(text, row["quote"])
        if row["source"].startswith(queries.OUTSIDE):
            st.warning(
                plain_text.literal(row["source"]) + ". The sentence below, marked in the text, only names the event; "
                "it is not this record's source.",
                icon=":material/public:",
            )
            st.text("Sentence that names the event")
        else:
            st.text("Quote (the sentence that states it)" if row["source"] == "Document" else f"Quote · {row['source']}")
        plain_text.quote(row["quote"])
        detail = full[rtype].loc[[row["row"]]]
        if not detail.empty:
            st.dataframe(queries.record_fields(detail.iloc[0], store.record_names(), labels), hide_index=True, width="stretch")
    url_state.publish(source=doc_id, record=chosen)

with left:
    spans = store.document_spans(doc_id)
    st.html(document_view.legend_html() + document_view.document_html(text, spans, focus))
    if focus:  # our own one-line script: bring the chosen quote into view (the text itself is escaped)
        st.html(document_view.SCROLL_TO_FOCUS, unsafe_allow_javascript=True)

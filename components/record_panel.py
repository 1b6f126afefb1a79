"""A selected record's detail panel: its header, its tables and a link to read it in its source document."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import plain_text
from trafficking_atlas.details import RecordHeader


def header(h: RecordHeader, quote: bool = True) -> None:
    """The record's name, its line of facts, how it is known, its text and its quote."""
    st.subheader(plain_text.literal(h.title))
    st.text(h.line)
    st.text("\n".join(h.provenance))
    if h.body:
        st.text(h.body)
    if quote:
        plain_text.quote(h.quote)


def section(title: str, table: pd.DataFrame, *, only_if_rows: bool = False) -> None:
    """A short detail table under a bold title (static: it wraps long quotes and draws at once)."""
    if only_if_rows and not len(table):
        return
    st.markdown(f"**{title}**")
    st.table(table, hide_index=True, border="horizontal")


def source_link(document_id: str, record: str) -> None:
    """A link to the Sources page with the record chosen in its document."""
    st.page_link("pages/sources.py", label="Read it in its source document", icon=":material/article:",
                 query_params={"source": document_id, "record": record})  # fmt: skip

"""Tables on a page: readable column settings and a pager that keeps a long table's page in the link."""

from __future__ import annotations

import math

import streamlit as st

from components import url_state
from trafficking_atlas import display_tables
from trafficking_atlas.link_state import Param

QUOTE_COLUMNS = {
    "Quote": st.column_config.TextColumn("Quote", width="large", help="Verbatim passage of the document"),
    "Summary": st.column_config.TextColumn("Summary", width="large"),
    "Document": st.column_config.TextColumn("Document", help="Source document (see the Sources page)"),
}


def pager(total: int, key: str, param: str, rows: int | None = None, where: str = "") -> slice:
    """A page picker for a table of `total` rows, kept in the link as `param`; returns the rows to show.

    Drawn only when the table has more than one page.
    """
    rows = rows or display_tables.PAGE_ROWS
    if total <= rows:
        return slice(0, rows)
    pages = math.ceil(total / rows)
    spec = {param: Param(param, "table page", "page", 1)}
    url_state.seed(spec, {param: key})
    if not 1 <= int(st.session_state[key]) <= pages:
        url_state.notify(f"The link's table page {st.session_state[key]} is past the table's {pages:,} pages; showing the last.")
        st.session_state[key] = min(max(int(st.session_state[key]), 1), pages)
    left, right = st.columns([1, 5], vertical_alignment="bottom")
    page = left.number_input("Table page", min_value=1, max_value=pages, step=1, key=key)
    start = (int(page) - 1) * rows
    right.caption(
        f"Rows {start + 1:,}–{min(start + rows, total):,} of {total:,} ({pages:,} pages of {rows}). "
        f"{where or 'The whole table is in the Briefing pack page’s data downloads.'}"
    )
    url_state.publish_page(spec, {param: int(page)}, [key])
    return slice(start, start + rows)


def table(frame, **kwargs) -> None:
    """A display table with quotes and summaries wide, stretched to the page."""
    st.dataframe(frame, hide_index=True, width="stretch", column_config=QUOTE_COLUMNS, **kwargs)

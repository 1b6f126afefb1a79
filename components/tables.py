"""How tables show on a page: readable column settings and a pager for long tables."""

from __future__ import annotations

import math

import streamlit as st

from trafficking_atlas.tables import PAGE_ROWS

QUOTE_COLUMNS = {
    "Quote": st.column_config.TextColumn("Quote", width="large", help="Verbatim passage of the document"),
    "Summary": st.column_config.TextColumn("Summary", width="large"),
    "Document": st.column_config.TextColumn("Document", help="Source document (see the Sources page)"),
}


def pager(total: int, key: str, rows: int = PAGE_ROWS, where: str = "") -> int:
    """A page picker for a table of `total` rows, shown only when it has more than one page; returns the first row."""
    if total <= rows:
        return 0
    pages = math.ceil(total / rows)
    left, right = st.columns([1, 5], vertical_alignment="bottom")
    page = left.number_input("Table page", min_value=1, max_value=pages, value=1, step=1, key=key)
    start = (int(page) - 1) * rows
    right.caption(
        f"Rows {start + 1:,}–{min(start + rows, total):,} of {total:,} ({pages:,} pages of {rows}). "
        f"{where or 'The whole table is in the Briefing pack page’s CSV and Excel downloads.'}"
    )
    return start

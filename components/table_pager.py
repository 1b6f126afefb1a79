"""How tables show on a page: readable column settings and a pager for long tables."""

from __future__ import annotations

import math

import streamlit as st

from components import url_state
from trafficking_atlas.tables import PAGE_ROWS

QUOTE_COLUMNS = {
    "Quote": st.column_config.TextColumn("Quote", width="large", help="Verbatim passage of the document"),
    "Summary": st.column_config.TextColumn("Summary", width="large"),
    "Document": st.column_config.TextColumn("Document", help="Source document (see the Sources page)"),
}


def _page_number(values: list[str]) -> int:
    try:
        return int(values[0])
    except ValueError:
        url_state.notify(f"The link's table page {values[0]!r} is not a number; showing the first page.")
        return 1


def pager(total: int, key: str, param: str, rows: int = PAGE_ROWS, where: str = "") -> int:
    """A page picker for a table of `total` rows, kept in the link as `param`; returns the first row to show.

    Drawn only when the table has more than one page.
    """
    if total <= rows:
        return 0
    pages = math.ceil(total / rows)
    url_state.seed(key, param, _page_number, 1)
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
    url_state.publish(**{param: str(page) if page > 1 else None})
    url_state.keep(key)
    return start

"""A selected record's detail panel: its header, its tables and a link to read it in its source document."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import filter_panel, plain_text
from trafficking_atlas.details import RecordHeader
from trafficking_atlas.roster import Profile


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


def profile(p: Profile) -> None:
    """A stakeholder's profile: who it is, how it is known, its people, every relation with its sentence, and links to
    filter every page to it, to show it on the map and the timeline, and to read its source."""
    st.subheader(plain_text.literal(p.name))
    st.text(p.line)
    if p.description:
        st.text(p.description)
    if p.outside:
        st.warning(plain_text.literal(p.outside) + ". The sentence below only names the event it is tied to.",
                   icon=":material/public:")  # fmt: skip
    plain_text.quote(p.quote)
    if len(p.people):
        st.markdown("**People of this organisation**")
        st.dataframe(p.people, hide_index=True, width="stretch")
    outside = f"; {p.outside_relations} from outside the documents, with their source" if p.outside_relations else ""
    st.markdown(f"**Relations ({len(p.relations)})**, each with the sentence that states it{outside}")
    st.dataframe(p.relations[["Role", "With", "Source", "Type", "Date", "Document", "Quote"]], hide_index=True, width="stretch")
    sid = p.stakeholder_id
    cols = st.columns(4)
    cols[0].button("Filter every page to it", on_click=filter_panel.only_stakeholder, args=(sid,), icon=":material/filter_alt:",
                   help="Sets the sidebar's Stakeholder filter; the map, timeline and overview follow it.")  # fmt: skip
    cols[1].page_link("pages/map.py", label="Show on the map", icon=":material/map:", query_params={"actor": sid})
    cols[2].page_link("pages/timeline.py", label="Show on the timeline", icon=":material/timeline:",
                      query_params={"actor": sid})  # fmt: skip
    cols[3].page_link("pages/sources.py", label="Read the source", icon=":material/article:",
                      query_params={"source": p.document_id, "record": f"stakeholders:{sid}"})  # fmt: skip

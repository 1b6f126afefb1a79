"""The sidebar's "share this view" box: the full link, with a copy button."""

import streamlit as st


def show(link: str) -> None:
    """The link that reopens exactly this view, in a code box whose copy button puts it on the clipboard."""
    st.markdown("**Share this view**")
    st.code(link, language=None, wrap_lines=True)
    st.caption("Copy the link (button at the box's corner): it reopens this page with these filters and this selection.")

"""Tells the user which data files or rows could not be loaded, while the rest is served."""

import streamlit as st

from components import plain_text
from trafficking_atlas.loader import DataIssue


def show(issues: list[DataIssue], summary: str) -> None:
    """An error banner with one summary line (what was set aside, where) above every data issue, or nothing when
    the data is clean."""
    if not issues:
        return
    files = sorted({i.file for i in issues})
    # File names and the values an issue quotes come from the data: shown as their characters, never as Markdown.
    st.error(
        plain_text.literal(f"{len(issues)} problem(s) in the data files ({', '.join(files)}). {summary}. ")
        + "Everything else is shown.",
        icon=":material/error:",
    )
    with st.expander("What is wrong in the data"):
        st.text("\n".join(f"- {issue}" for issue in issues))

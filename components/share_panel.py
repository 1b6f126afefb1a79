"""The sidebar's "Share this view" button: a popover with the full link and a copy button."""

import streamlit as st


def show(link: str) -> None:
    """The link that reopens exactly this view, in a code box whose copy button puts it on the clipboard.

    The box sits in a popover because Streamlit draws its contents only when opened: a code box always on show
    loaded the syntax highlighter on every page load and redrew it on every rerun (~0.3 s a load in the benchmark).
    """
    with st.popover("Share this view", icon=":material/share:", width="stretch"):
        st.code(link, language=None, wrap_lines=True)
        st.caption(
            "Copy it with the button at the box's top right (it shows when you point at the box): the link reopens "
            "this page with these filters and this selection."
        )

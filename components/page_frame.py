"""What the frame hands to the page it runs: the active filters and their options."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from trafficking_atlas.links import FilterOptions
from trafficking_atlas.queries import Filters


def set(filters: Filters, options: FilterOptions) -> None:  # noqa: A001 - mirrors get()
    """Store this run's filters for the page."""
    st.session_state["_filters"] = filters
    st.session_state["_filter_options"] = options
    st.session_state["_framed"] = True


def start_run() -> None:
    """Mark that this run goes through the frame (cleared first, so a page run alone is detected)."""
    st.session_state["_framed"] = False


def _require_frame() -> None:
    """Rerun through the frame when Streamlit ran a page on its own.

    With a `pages/` folder present, a fresh server runs its very first request in the legacy
    pages-folder mode until `st.navigation` has been called once; a deep link such as `/map`
    as the first request would then run the page without the frame (no filters, no sidebar).
    Clearing the legacy flag and rerunning sends the same URL through `streamlit_app.py`.
    """
    if not st.session_state.get("_framed"):
        PagesManager.uses_pages_directory = False
        st.rerun()


def filters() -> Filters:
    """This run's global filters."""
    _require_frame()
    return st.session_state["_filters"]


def options() -> FilterOptions:
    """What the global filters may hold."""
    _require_frame()
    return st.session_state["_filter_options"]

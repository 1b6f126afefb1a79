"""What the frame hands to the page it runs: the active filters and their options."""

import streamlit as st

from trafficking_atlas.links import FilterOptions
from trafficking_atlas.queries import Filters


def set(filters: Filters, options: FilterOptions) -> None:  # noqa: A001 - mirrors get()
    """Store this run's filters for the page."""
    st.session_state["_filters"] = filters
    st.session_state["_filter_options"] = options


def filters() -> Filters:
    """This run's global filters."""
    return st.session_state["_filters"]


def options() -> FilterOptions:
    """What the global filters may hold."""
    return st.session_state["_filter_options"]

"""What the frame (`streamlit_app.py`) hands to the page it runs: the atlas, the filters, their options and summary;
and the one workaround for Streamlit's first-request pages-folder mode."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from trafficking_atlas.atlas import Atlas
from trafficking_atlas.filtering import Filters
from trafficking_atlas.link_state import FilterOptions

_KEY = "_page_context"


@dataclass(frozen=True)
class PageContext:
    """This run's atlas, global filters, what they may hold, and the filters in words."""

    atlas: Atlas
    filters: Filters
    options: FilterOptions
    showing: str

    @property
    def unfiltered(self) -> bool:
        """Whether no global filter narrows the view."""
        return self.filters == self.options.defaults()


def leave_pages_folder_mode() -> None:
    """Make Streamlit route through `st.navigation` even before its first call.

    With a `pages/` folder beside the main script, Streamlit runs an app's first request in its old multipage mode
    until `st.navigation` has been called once (streamlit/streamlit issue 9992, fixed upstream by PR 10276 only
    for apps without the folder): a deep link such as `/map` as a server's first request runs the page without
    the frame (no filters, no sidebar), and AppTest, which makes a new PagesManager every run, does it on every
    rerun. Streamlit decides it once, on this class flag (`None` until decided); `tests/test_page_frame.py` fails
    if an upgrade renames or drops it.
    """
    PagesManager.uses_pages_directory = False


def start_run() -> None:
    """Mark that this run goes through the frame (cleared first, so a page run alone is detected)."""
    st.session_state.pop(_KEY, None)


def set_context(context: PageContext) -> None:
    """Hand this run's context to the page."""
    st.session_state[_KEY] = context


def current() -> PageContext:
    """This run's context; a page that Streamlit ran without the frame reruns through it."""
    if _KEY not in st.session_state:
        leave_pages_folder_mode()
        st.rerun()
    return st.session_state[_KEY]

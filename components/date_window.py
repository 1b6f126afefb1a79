"""The timeline's date window ("zoom"): it fits the casualty figures unless the link or the analyst sets it, follows
the sidebar's dates, and is kept in the link only when set by hand."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import streamlit as st

from components import url_state
from trafficking_atlas.atlas import TimelineSpan
from trafficking_atlas.link_state import Param

AUTO, WINDOW, SPAN = "tl_auto", "tl_window", "_tl_span"


def resolve(span: TimelineSpan, spec: Mapping[str, Param]) -> tuple[date, date]:
    """This run's window: the link's dates on a first visit, the kept window on a return, else the fit; kept inside
    the sidebar's dates (a window over their whole range follows them)."""
    lo, hi = span.lo, span.hi
    if AUTO not in st.session_state:
        url_state.seed(spec, {"tl_from": "_tl_link_from", "tl_to": "_tl_link_to"})
        start, end = st.session_state.pop("_tl_link_from", None), st.session_state.pop("_tl_link_to", None)
        if start or end:
            st.session_state[AUTO] = False
            st.session_state[WINDOW] = (start or lo, end or hi)
        elif "_keep_" + AUTO in st.session_state:
            st.session_state[AUTO] = st.session_state["_keep_" + AUTO]
            st.session_state[WINDOW] = st.session_state.get("_keep_" + WINDOW, span.fit)
        else:
            st.session_state[AUTO] = True
        st.session_state[SPAN] = (lo, hi)
    if st.session_state[AUTO]:
        w_from, w_to = span.fit
    else:
        w_from, w_to = st.session_state.get(WINDOW, span.fit)
        if st.session_state.get(SPAN) not in (None, (lo, hi)) and (w_from, w_to) == st.session_state[SPAN]:
            w_from, w_to = lo, hi
        w_from, w_to = max(w_from, lo), min(w_to, hi)
        if w_from >= w_to and lo < hi:
            url_state.notify("The link's date window lies outside the filtered dates; the window fits the figures.")
            st.session_state[AUTO] = True
            w_from, w_to = span.fit
    st.session_state[WINDOW] = (w_from, w_to)
    st.session_state[SPAN] = (lo, hi)
    return w_from, w_to


def narrow_to(span: TimelineSpan, first: str, last: str) -> None:
    """Narrow the window to a period clicked on the chart ("YYYY-MM-DD" ends), inside the sidebar's dates."""
    try:
        start, end = max(date.fromisoformat(first), span.lo), min(date.fromisoformat(last), span.hi)
    except ValueError:
        return
    if start <= end:
        st.session_state[AUTO] = False
        st.session_state[WINDOW] = (start, end)


def controls(span: TimelineSpan, slider, fit_button, whole_button) -> tuple[date, date]:
    """The window's slider and its "Fit to figures" and "Whole range" buttons, in the given containers; returns the
    window as set now."""
    lo, hi = span.lo, span.hi

    def manual() -> None:
        st.session_state[AUTO] = False

    def fit() -> None:
        st.session_state[AUTO] = True

    def everything() -> None:
        st.session_state[AUTO] = False
        st.session_state[WINDOW] = (lo, hi)

    if lo < hi:
        slider.slider(
            "Date window (zoom)", min_value=lo, max_value=hi, key=WINDOW, on_change=manual, step=timedelta(days=1),
            format="D MMM YYYY", help="Narrows the chart and the table below; it stays inside the sidebar's date range.",
        )  # fmt: skip
    fit_button.button("Fit to figures", on_click=fit, icon=":material/fit_screen:",
                      disabled=not span.has_figures or st.session_state[AUTO])  # fmt: skip
    whole_button.button("Whole range", on_click=everything, icon=":material/zoom_out_map:")
    return st.session_state[WINDOW]


def link_values() -> dict[str, date | None]:
    """The window as the link keeps it: its dates when set by hand, nothing when it fits the figures."""
    auto = st.session_state[AUTO]
    w_from, w_to = st.session_state[WINDOW]
    return {"tl_from": None if auto else w_from, "tl_to": None if auto else w_to}


KEYS = (AUTO, WINDOW)

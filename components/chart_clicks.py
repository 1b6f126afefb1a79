"""A chart's click, taken once: Streamlit hands the chart's last selection to every rerun until another click."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st


def new_click(chart_key: str, items: Callable[[dict], list]) -> list | None:
    """The clicked items of chart `chart_key` when this run brings a new click, else None.

    `items` picks what was clicked from the chart's selection state (points, objects); the same selection seen on a
    later rerun (a widget changed) is not a new click, and an empty selection forgets the last one, so clicking the
    same thing again after clearing counts."""
    selection = (st.session_state.get(chart_key) or {}).get("selection") or {}
    picked = items(selection)
    signature = repr(picked)
    last = f"_last_click_{chart_key}"
    if not picked:
        st.session_state[last] = None
        return None
    if signature == st.session_state.get(last):
        return None
    st.session_state[last] = signature
    return picked

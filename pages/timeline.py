"""Casualty timeline: every death and disappearance over time, with who reported it, beside the response."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from components import casualty_timeline, chart_export, context, filter_panel, plain_text, tables, url_state
from trafficking_atlas import details, queries, store, timeline, vocab

filters, options = context.filters(), context.options()
full = store.dataset().frames
view = store.view(filters)

st.title("Casualty timeline")
showing = filter_panel.caption(filters, options, full)
st.caption(
    f"Showing: **{plain_text.literal(showing)}**. Every death and disappearance the documents "
    "(and outside sources, marked) report, at the period it covers, with its qualifier and who reported it."
)

# --- Page state from the link -------------------------------------------------------------------


def _choice(name: str, allowed: dict[str, str], default: str):
    def parse(values: list[str]) -> str:
        if values[0] in allowed:
            return values[0]
        url_state.notify(f"The link's {name} {values[0]!r} is not one of {', '.join(allowed)}; showing {default!r}.")
        return default

    return parse


def _flag(name: str):
    def parse(values: list[str]) -> bool:
        if values[0] in ("1", "true", "on", "yes"):
            return True
        if values[0] not in ("0", "false", "off", "no"):
            url_state.notify(f"The link's {name} value {values[0]!r} is not 'on' or 'off'; it is off.")
        return False

    return parse


url_state.seed("tl_metric", "metric", _choice("metric", timeline.METRIC_CHOICES, "both"), "both")
url_state.seed("tl_group", "group", _choice("grouping", timeline.GROUPINGS, "route"), "route")
url_state.seed("tl_cum", "cumulative", _flag("cumulative"), False)
url_state.seed("tl_log", "log", _flag("log"), False)
url_state.seed("tl_sel", "tl_sel", lambda v: v[0], None)

# --- Data ---------------------------------------------------------------------------------------

metric = st.session_state["tl_metric"]
group = st.session_state["tl_group"]
# Derived once per filters and cached: at 100,000 incidents there are 200,000 casualty figures.
all_marks = store.timeline_marks(filters, metric)
all_responses = store.timeline_responses(filters)
lo = filters.date_from or options.min_date
hi = filters.date_to or options.max_date


def _on_timeline(kind: str, ident: str) -> bool:
    if kind == "figure":
        return bool((all_marks["figure_id"] == ident).any())
    return kind == "initiative" and bool((all_responses["initiative_id"] == ident).any())


selected = st.session_state["tl_sel"]
if selected:
    kind, _, ident = str(selected).partition(":")
    if not _on_timeline(kind, ident):
        url_state.notify(f"The selection {selected!r} is not on the timeline under these filters; nothing is selected.")
        st.session_state["tl_sel"] = selected = None


def _picked(points: list[dict]) -> str | None:
    for p in points:
        data = p.get("customdata")
        value = data[0] if isinstance(data, list) and data else data
        if isinstance(value, str) and ":" in value:
            return value
    return None


# A click reaches this run as the chart's widget state, read before the chart is drawn so the ring shows now.
state = st.session_state.get("tl_chart")
points = list(((state or {}).get("selection") or {}).get("points", []))
signature = repr([_picked([p]) for p in points])
if points and signature != st.session_state.get("_tl_last_event"):
    st.session_state["_tl_last_event"] = signature
    picked = _picked(points)
    kind_, _, ident_ = (picked or "").partition(":")
    if kind_ == "period":
        # A bar of totals: narrow the date window to its period (inside the sidebar's dates), where each report shows.
        first, _, last = ident_.partition(":")
        try:
            span = max(date.fromisoformat(first), lo), min(date.fromisoformat(last), hi)
        except ValueError:
            span = None
        if span and span[0] <= span[1]:
            st.session_state["tl_auto"] = False
            st.session_state["tl_window"] = span
    elif _on_timeline(kind_, ident_):
        st.session_state["tl_sel"] = selected = picked
elif not points:
    st.session_state["_tl_last_event"] = None


# --- The date window ("zoom"): fits the casualty figures unless the link or the analyst sets it ---------

fit = timeline.extent(all_marks)
fit_window = timeline.fit_window(all_marks, lo, hi)


def _link_date(param: str) -> date | None:
    values = st.query_params.get_all(param)
    if not values:
        return None
    try:
        return date.fromisoformat(values[0])
    except ValueError:
        url_state.notify(f"The link's {param} {values[0]!r} is not a date (YYYY-MM-DD); the window fits the figures.")
        return None


if "tl_auto" not in st.session_state:
    start, end = _link_date("tl_from"), _link_date("tl_to")
    if start or end:
        st.session_state["tl_auto"] = False
        st.session_state["tl_window"] = (start or lo, end or hi)
    elif "_keep_tl_auto" in st.session_state:
        st.session_state["tl_auto"] = st.session_state["_keep_tl_auto"]
        st.session_state["tl_window"] = st.session_state.get("_keep_tl_window", fit_window)
    else:
        st.session_state["tl_auto"] = True
    st.session_state["_tl_span"] = (lo, hi)

if st.session_state["tl_auto"]:
    w_from, w_to = fit_window
else:
    w_from, w_to = st.session_state.get("tl_window", fit_window)
    # A window over the whole filtered range follows the sidebar's dates; a narrower one is kept inside them.
    if st.session_state.get("_tl_span") not in (None, (lo, hi)) and (w_from, w_to) == st.session_state["_tl_span"]:
        w_from, w_to = lo, hi
    w_from, w_to = max(w_from, lo), min(w_to, hi)
    if w_from >= w_to and lo < hi:
        url_state.notify("The link's date window lies outside the filtered dates; the window fits the figures.")
        st.session_state["tl_auto"] = True
        w_from, w_to = fit_window
st.session_state["tl_window"] = (w_from, w_to)
st.session_state["_tl_span"] = (lo, hi)


def _manual() -> None:
    st.session_state["tl_auto"] = False


def _fit() -> None:
    st.session_state["tl_auto"] = True


def _everything() -> None:
    st.session_state["tl_auto"] = False
    st.session_state["tl_window"] = (lo, hi)


# --- Controls -----------------------------------------------------------------------------------

controls = st.columns([2.2, 2.6, 1, 1])
controls[0].radio(
    "Metric", list(timeline.METRIC_CHOICES), key="tl_metric", horizontal=True, format_func=timeline.METRIC_CHOICES.get
)
controls[1].radio("Colour by", list(timeline.GROUPINGS), key="tl_group", horizontal=True, format_func=timeline.GROUPINGS.get)
controls[2].toggle(
    "Cumulative",
    key="tl_cum",
    help="Running total per group from the window's start. Each event counts once, as the range its reports span.",
)
controls[3].toggle("Log scale", key="tl_log")


def _clear() -> None:
    st.session_state["tl_sel"] = None


window_row = st.columns([4, 1.4, 1.4, 1.5], vertical_alignment="bottom")
if lo < hi:
    window_row[0].slider(
        "Date window (zoom)",
        min_value=lo,
        max_value=hi,
        key="tl_window",
        on_change=_manual,
        step=timedelta(days=1),
        format="D MMM YYYY",
        help="Narrows the chart and the table below; it stays inside the sidebar's date range.",
    )
window_row[1].button(
    "Fit to figures", on_click=_fit, icon=":material/fit_screen:", disabled=fit is None or st.session_state["tl_auto"]
)
window_row[2].button("Whole range", on_click=_everything, icon=":material/zoom_out_map:")
window_row[3].button("Clear selection", on_click=_clear, icon=":material/deselect:", disabled=not selected)

w_from, w_to = st.session_state["tl_window"]
t_from, t_to = pd.Timestamp(w_from), pd.Timestamp(w_to) + pd.Timedelta(hours=23, minutes=59)
limits = (timeline.MAX_MARKS, timeline.MAX_RESPONSES, timeline.MAX_PERIODS)
shown = store.timeline_window(filters, metric, group, t_from, t_to, limits)
# Too many marks in the window to draw (or read) each one: the chart shows totals per period instead.
aggregated = shown["marks"] is None
marks = all_marks.iloc[0:0] if aggregated else shown["marks"]
responses = all_responses.iloc[0:0] if shown["responses"] is None else shown["responses"]
period = timeline.PERIOD_NAMES[shown["freq"]]

# --- The chart ----------------------------------------------------------------------------------

if aggregated:
    st.info(
        f"**{shown['n_marks']:,} reports** of {shown['n_events']:,} events in view — showing {period} totals by "
        f"{timeline.GROUPINGS[group].lower()}; narrow the dates, area or document to see each report (up to "
        f"{timeline.MAX_MARKS} are drawn one by one). Click a bar to narrow the window to its period.",
        icon=":material/stacked_bar_chart:",
    )

fig = casualty_timeline.timeline_figure(
    marks,
    responses,
    group=group,
    cumulative=st.session_state["tl_cum"],
    log=st.session_state["tl_log"],
    x_range=(t_from, t_to),
    selected=selected,
    group_order=sorted(all_marks[group].unique()),
    totals=shown["totals"],
    response_totals=shown["response_totals"],
    freq=shown["freq"],
)
st.plotly_chart(
    fig,
    on_select="rerun",
    selection_mode="points",
    key="tl_chart",
    theme=None,
    config=chart_export.plotly_config("casualty timeline"),
)
plotted_docs = shown["documents"]
chart_export.buttons(
    fig, "Deaths and disappearances as reported, beside the response", showing,
    plotted_docs, full["documents"], key="timeline-export", outside=shown["outside"],
)  # fmt: skip


undated = timeline.undated_initiatives(view["initiatives"])
if not aggregated and shown["response_totals"] is None:
    st.caption(
        f"{len(marks)} casualty figures from {marks['cluster'].nunique() if len(marks) else 0} events · "
        f"{len(responses)} dated initiatives and meetings"
        + (f" ({undated} undated initiatives are not on the axis)" if undated else "")
        + ". Click a mark or an initiative to see its record. Reports of the same event are set side by side a little "
        "apart; the hover gives each one's reported date."
    )
else:
    st.caption(
        f"{shown['n_marks']:,} casualty figures from {shown['n_events']:,} events"
        + (f" ({period} totals)" if aggregated else "")
        + f" · {shown['n_responses']:,} dated initiatives and meetings"
        + (f" ({period} counts)" if shown["response_totals"] is not None else "")
        + (f" ({undated:,} undated initiatives are not on the axis)" if undated else "")
        + ". Each event counts once, in the period it starts, as the lowest and highest figure its reports give; "
        "click a bar to narrow the window to its period" + ("" if aggregated else ", a mark to see its record") + "."
    )
if shown["n_marks"] == 0:
    st.info("No casualty figures in this window and under these filters.")

# --- Detail of the selection --------------------------------------------------------------------

if selected:
    kind, _, ident = selected.partition(":")
    st.divider()
    if kind == "figure":
        row = all_marks[all_marks["figure_id"] == ident].iloc[0]
        rec = full["figures"][full["figures"]["figure_id"] == ident].iloc[0]
        st.subheader(plain_text.literal(f"{row['value_text']} {str(rec['metric']).replace('_', ' ')} — {row['event']}"))
        st.text(f"{row['date_text']} ({row['precision']}) · reported by {row['reporter']} · document: {row['document']}")
        if row["external"]:
            st.warning(
                plain_text.literal(row["basis"]) + ". The sentence below only names the event; it is not the figure's source.",
                icon=":material/public:",
            )
        else:
            st.text(f"Source: {row['basis']}")
        if row["note"]:
            st.text(row["note"])
        plain_text.quote(rec["quote"])
        if row["incident_id"]:
            same = full["figures"][
                (full["figures"]["incident_id"] == row["incident_id"]) & (full["figures"]["figure_id"] != ident)
            ]
        else:
            same = full["figures"].iloc[0:0]
        if len(same):
            st.markdown("**Other figures about the same incident, each with who reported it**")
            st.dataframe(
                details.figures_table(same, full).drop(columns=["record", "document_id"]),
                hide_index=True,
                width="stretch",
                column_config=tables.QUOTE_COLUMNS,
            )
        record, doc_id = f"figures:{ident}", rec["document_id"]
    else:
        rec = full["initiatives"][full["initiatives"]["initiative_id"] == ident].iloc[0]
        st.subheader(plain_text.literal(rec["name"]))
        st.text(
            f"{queries.date_label(rec)} · {str(rec['kind']).replace('_', ' ')} · {rec['status']} · "
            f"{vocab.label(vocab.DOMAINS, rec['domain'])}"
        )
        st.text("\n".join(details.provenance_lines(rec)))
        if pd.notna(rec["focus"]):
            st.text(rec["focus"])
        plain_text.quote(rec["quote"])
        record, doc_id = f"initiatives:{ident}", rec["document_id"]
    st.page_link(
        "pages/sources.py",
        label="Read it in its source document",
        icon=":material/article:",
        query_params={"source": doc_id, "record": record},
    )

# --- Below the chart: its figures, or the Channel context (only the open tab is built) ---------------

TL_TABS = {"figures": "Figures on the chart", "context": "Channel arrivals context"}
url_state.seed_tab("tl_tab", "tl_tab", TL_TABS)
tab_figures, tab_context = st.tabs(list(TL_TABS.values()), key="tl_tab", on_change="rerun")
with tab_figures:
    if tab_figures.open:
        if aggregated:
            st.subheader(f"Totals on the chart ({period})")
            totals_table = timeline.totals_table(shown["totals"])
            first = tables.pager(len(totals_table), "tl_totals_page", "tl_page")
            st.dataframe(totals_table.iloc[first : first + tables.PAGE_ROWS], hide_index=True, width="stretch", key="tl_totals")
            st.caption(
                "One row per period, group and kind. 'Running past the period': events whose reports cover a longer span "
                "(such as a yearly total), counted in the period they start. The records themselves, with their quotes, "
                "download from the Briefing pack."
            )
        else:
            st.subheader("Every figure on the chart")
        if not aggregated and len(marks):
            st.dataframe(
                timeline.table(marks).drop(columns=["record"]),
                hide_index=True,
                width="stretch",
                column_config=tables.QUOTE_COLUMNS,
                key="tl_table",
            )
with tab_context:
    if tab_context.open:
        arrivals, crossings = store.timeline_context(filters)
        if len(arrivals) or len(crossings):
            context_fig = casualty_timeline.context_figure(
                arrivals, crossings, window=(t_from, t_to), log=st.session_state["tl_log"]
            )
            st.plotly_chart(
                context_fig, key="tl_context", theme=None, config=chart_export.plotly_config("channel arrivals context")
            )
            used, sources = timeline.context_sources(arrivals, crossings)
            chart_export.buttons(context_fig, "Channel small-boat arrivals per year, with the documents' crossing figures",
                                 showing, used, full["documents"],
                                 key="context-export", outside=sources)  # fmt: skip
            st.caption(
                "Grey hatched bars: small-boat arrivals per year from outside the documents"
                + (f" ({plain_text.literal('; '.join(sources))})" if sources else "")
                + ". Orange: the documents' own crossing figures over the period they cover. The whole series is shown; "
                "the shaded band is the casualty chart's date window."
            )
        if not (len(arrivals) or len(crossings)):
            st.info("No small-boat arrival or crossing figures under these filters.")

# --- Back into the link -------------------------------------------------------------------------

auto = st.session_state["tl_auto"]
url_state.publish(
    metric=metric,
    group=group,
    cumulative="on" if st.session_state["tl_cum"] else "off",
    log="on" if st.session_state["tl_log"] else "off",
    tl_sel=selected,
    tl_from=None if auto else w_from.isoformat(),
    tl_to=None if auto else w_to.isoformat(),
    tl_tab="context" if st.session_state["tl_tab"] == TL_TABS["context"] else None,
)
for key in ("tl_metric", "tl_group", "tl_cum", "tl_log", "tl_sel", "tl_window", "tl_auto", "tl_tab"):
    url_state.keep(key)

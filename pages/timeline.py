"""Casualty timeline: every death and disappearance over time, with who reported it, beside the response."""

import streamlit as st

from components import (
    captions,
    casualty_timeline,
    chart_clicks,
    chart_export,
    date_window,
    page_frame,
    plain_text,
    record_panel,
    table_pager,
    url_state,
)
from trafficking_atlas import link_state, timeline

page = page_frame.current()
atlas, filters = page.atlas, page.filters
SPEC = link_state.TIMELINE
KEYS = {"metric": "tl_metric", "group": "tl_group", "cumulative": "tl_cum", "log": "tl_log", "tl_sel": "tl_sel"}

st.title("Casualty timeline")
st.caption(
    f"Showing: **{plain_text.literal(page.showing)}**. Every death and disappearance the documents "
    "(and outside sources, marked) report, at the period it covers, with its qualifier and who reported it."
)
url_state.seed(SPEC, KEYS)
metric, group = st.session_state["tl_metric"], st.session_state["tl_group"]
span = atlas.timeline_span(filters, page.options, metric)
url_state.drop_unless("tl_sel", atlas.on_timeline(filters, metric, str(st.session_state["tl_sel"])),
                      f"The selection {link_state.quoted(st.session_state['tl_sel'])} is not on the timeline under these "
                      "filters; nothing is selected.")  # fmt: skip


def _clicked(selection: dict) -> list[str]:
    values = [p.get("customdata") for p in selection.get("points", [])]
    values = [v[0] if isinstance(v, list) and v else v for v in values]
    return [v for v in values if isinstance(v, str) and ":" in v][:1]


# A click reaches this run as the chart's state, read before the chart is drawn so the ring shows now.
clicked = chart_clicks.new_click("tl_chart", _clicked)
if clicked and clicked[0].startswith("period:"):
    # A bar of totals: narrow the date window to its period, where each report shows.
    first, _, last = clicked[0].removeprefix("period:").partition(":")
    date_window.narrow_to(span, first, last)
elif clicked and atlas.on_timeline(filters, metric, clicked[0]):
    st.session_state["tl_sel"] = clicked[0]
selected = st.session_state["tl_sel"]
date_window.resolve(span, SPEC)


def _clear() -> None:
    st.session_state["tl_sel"] = None


controls = st.columns([2.2, 2.6, 1, 1])
controls[0].radio("Metric", list(timeline.METRIC_CHOICES), key="tl_metric", horizontal=True,
                  format_func=timeline.METRIC_CHOICES.get)  # fmt: skip
controls[1].radio("Colour by", list(timeline.GROUPINGS), key="tl_group", horizontal=True, format_func=timeline.GROUPINGS.get)
controls[2].toggle("Cumulative", key="tl_cum",
                   help="Running total per group from the window's start. Each event counts once, as the range its "
                   "reports span.")  # fmt: skip
controls[3].toggle("Log scale", key="tl_log")
row = st.columns([4, 1.4, 1.4, 1.5], vertical_alignment="bottom")
w_from, w_to = date_window.controls(span, row[0], row[1], row[2])
row[3].button("Clear selection", on_click=_clear, icon=":material/deselect:", disabled=not selected)

start, end = span.window(w_from, w_to)
shown = atlas.timeline_window(filters, metric, group, start, end)
if shown.aggregated:
    st.info(
        f"**{shown.n_marks:,} reports** of {shown.n_events:,} events in view — showing {shown.period} totals by "
        f"{timeline.GROUPINGS[group].lower()}; narrow the dates, area or document to see each report (up to "
        f"{timeline.MAX_MARKS} are drawn one by one). Click a bar to narrow the window to its period.",
        icon=":material/stacked_bar_chart:",
    )
fig = casualty_timeline.timeline_figure(
    shown.marks, shown.responses, group=group, cumulative=st.session_state["tl_cum"], log=st.session_state["tl_log"],
    x_range=(start, end), selected=selected, group_order=shown.group_order, totals=shown.totals,
    response_totals=shown.response_totals, freq=shown.freq,
)  # fmt: skip
st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="tl_chart", theme=None,
                config=chart_export.plotly_config("casualty timeline"))  # fmt: skip
chart_export.buttons(fig, "Deaths and disappearances as reported, beside the response", page.showing,
                     atlas.sources_line(shown.documents, shown.outside), key="timeline-export")  # fmt: skip
st.caption(captions.timeline_caption(shown))
if shown.n_marks == 0:
    st.info("No casualty figures in this window and under these filters.")

if selected:
    kind, _, ident = selected.partition(":")
    st.divider()
    if kind == "figure" and (d := atlas.figure_detail(ident)):
        st.subheader(plain_text.literal(d.title))
        st.text(d.line)
        if d.outside:
            st.warning(plain_text.literal(d.outside) + ". The sentence below only names the event; it is not the figure's "
                       "source.", icon=":material/public:")  # fmt: skip
        else:
            st.text(f"Source: {d.basis}")
        if d.note:
            st.text(d.note)
        plain_text.quote(d.quote)
        if len(d.others):
            st.markdown("**Other figures about the same incident, each with who reported it**")
            table_pager.table(d.others)
        record_panel.source_link(d.document_id, d.record)
    elif kind == "initiative" and (h := atlas.initiative_detail(ident)):
        record_panel.header(h)
        record_panel.source_link(h.document_id, h.record)

TABS = {"figures": "Figures on the chart", "context": "Channel arrivals context"}
url_state.seed_tab("tl_tab", SPEC["tl_tab"], TABS)
tab_figures, tab_context = st.tabs(list(TABS.values()), key="tl_tab", on_change="rerun")
with tab_figures:
    if tab_figures.open and shown.aggregated:
        st.subheader(f"Totals on the chart ({shown.period})")
        totals = shown.totals_table()
        rows = table_pager.pager(len(totals), "tl_totals_page", "tl_page")
        st.dataframe(totals.iloc[rows], hide_index=True, width="stretch", key="tl_totals")
        st.caption("One row per period, group and kind. 'Running past the period': events whose reports cover a longer "
                   "span (such as a yearly total), counted in the period they start. The records themselves, with their "
                   "quotes, download from the Briefing pack.")  # fmt: skip
    elif tab_figures.open:
        st.subheader("Every figure on the chart")
        if len(shown.marks):
            table_pager.table(shown.figures_table(), key="tl_table")
with tab_context:
    if tab_context.open:
        context = atlas.timeline_context(filters)
        if context.empty:
            st.info("No small-boat arrival or crossing figures under these filters.")
        else:
            context_fig = casualty_timeline.context_figure(context.arrivals, context.crossings, window=(start, end),
                                                           log=st.session_state["tl_log"])  # fmt: skip
            st.plotly_chart(context_fig, key="tl_context", theme=None,
                            config=chart_export.plotly_config("channel arrivals context"))  # fmt: skip
            chart_export.buttons(context_fig, "Channel small-boat arrivals per year, with the documents' crossing figures",
                                 page.showing, atlas.sources_line(context.documents, context.outside),
                                 key="context-export")  # fmt: skip
            st.caption("Grey hatched bars: small-boat arrivals per year from outside the documents"
                       + (f" ({plain_text.literal('; '.join(context.outside))})" if context.outside else "")
                       + ". Orange: the documents' own crossing figures over the period they cover. The whole series is "
                       "shown; the shaded band is the casualty chart's date window.")  # fmt: skip

values = {"metric": metric, "group": group, "cumulative": st.session_state["tl_cum"], "log": st.session_state["tl_log"],
          "tl_sel": selected, "tl_tab": url_state.tab_name("tl_tab", TABS), **date_window.link_values()}  # fmt: skip
url_state.publish_page(SPEC, values, [*KEYS.values(), "tl_tab", *date_window.KEYS])

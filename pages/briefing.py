"""Briefing: pick charts and tables, download them as a deck, a PDF or one offline HTML file; export the data."""

import streamlit as st

from components import briefing_items, chart_export, context, filter_panel, plain_text, url_state
from trafficking_atlas import exports, queries, store

filters, options = context.filters(), context.options()
full = store.dataset().frames
view = store.view(filters)
summary = filter_panel.caption(filters, options, full)

TITLE_CHARS = 120  # fits a title slide in two lines
st.title("Briefing pack")
st.caption(f"Everything here follows the filters: **{plain_text.literal(summary)}**.")


def _items_from_url(values: list[str]) -> list[str]:
    items = [v for part in values for v in part.split(",") if v and v != "none"]
    unknown = [v for v in items if v not in briefing_items.ITEMS]
    if unknown:
        url_state.notify(f"The link names unknown briefing item(s) {', '.join(map(repr, unknown))}; ignored.")
    return [v for v in items if v in briefing_items.ITEMS]


url_state.seed("br_items", "items", _items_from_url, ["map", "timeline", "network", "casualties"])


def _title_from_url(values: list[str]) -> str:
    if len(values[0]) > TITLE_CHARS:
        url_state.notify(f"The link's title is {len(values[0])} characters; it was cut to {TITLE_CHARS}.")
    return values[0][:TITLE_CHARS]


url_state.seed("br_title", "title", _title_from_url, "Trafficking and the response: briefing")

st.text_input("Title", key="br_title", max_chars=TITLE_CHARS)
st.multiselect("Charts and tables, in this order", list(briefing_items.ITEMS), key="br_items",
               format_func=briefing_items.ITEMS.get)  # fmt: skip
chosen = list(st.session_state["br_items"])
title = st.session_state["br_title"] or "Briefing"


# The download callables run on another thread, after this run: they get everything as values, not from
# session state.
def _briefing(title: str = title, chosen: list[str] = chosen) -> exports.Briefing:
    # The timeline's marks come from the same cache as the timeline page's (computed once per dataset).
    marks, responses = (
        (store.timeline_marks(filters, "both"), store.timeline_responses(filters)) if "timeline" in chosen else (None, None)
    )
    items = [briefing_items.build(key, view, full, marks, responses) for key in chosen]
    return exports.Briefing(title, summary, items, full["documents"])


def _deck() -> bytes:
    chart_export.engine()
    return exports.deck(_briefing())


def _pdf() -> bytes:
    chart_export.engine()
    return exports.pdf(_briefing())


def _html() -> str:
    return exports.html_briefing(_briefing())


stem = chart_export.file_stem(title)
if not chosen:
    st.info("Choose at least one chart or table.")
else:
    st.markdown(f"**{len(chosen)} item(s)** → a title slide, one slide each with caption and sources, and a closing slide "
                "listing every document quoted.")  # fmt: skip
    cols = st.columns(3)
    cols[0].download_button("PowerPoint (.pptx)", data=_deck, file_name=f"{stem}.pptx", mime=exports.MIME["pptx"],
                            on_click="ignore", icon=":material/slideshow:", type="primary", key="br_pptx")  # fmt: skip
    cols[1].download_button("PDF", data=_pdf, file_name=f"{stem}.pdf", mime=exports.MIME["pdf"], on_click="ignore",
                            icon=":material/picture_as_pdf:", key="br_pdf")  # fmt: skip
    cols[2].download_button("Interactive HTML (works offline)", data=_html, file_name=f"{stem}.html",
                            mime=exports.MIME["html"], on_click="ignore", icon=":material/html:", key="br_html")  # fmt: skip

st.subheader("Data")
st.caption("The filtered records with their provenance columns (document, quote, basis and source of every date, "
           "coordinate and figure).")  # fmt: skip
datasets = {name: frame for name, frame in view.items() if name != "places"} | {"places": full["places"]}
counts = ", ".join(f"{queries.RECORD_LABELS.get(name, name)} {len(frame):,}" for name, frame in datasets.items())
st.text(f"Records: {counts}. Each file keeps the data's own columns and ids (data/README.md explains them).")
cols = st.columns(2)
cols[0].download_button("CSV files (.zip)", data=lambda: exports.data_zip(datasets), file_name="trafficking-atlas-data.zip",
                        mime=exports.MIME["csv"], on_click="ignore", icon=":material/table:", key="br_csv")  # fmt: skip
fits = exports.excel_fits(datasets)
cols[1].download_button("Excel workbook", data=lambda: exports.data_excel(datasets), file_name="trafficking-atlas-data.xlsx",
                        mime=exports.MIME["xlsx"], on_click="ignore", icon=":material/grid_on:", key="br_xlsx",
                        disabled=not fits)  # fmt: skip
if not fits:
    cols[1].caption(f"More than {exports.EXCEL_ROWS:,} records: too many for a workbook; use the CSV files, or narrow "
                    "the filters.")  # fmt: skip

url_state.publish(items=",".join(chosen) or "none", title=st.session_state["br_title"])
url_state.keep("br_items")
url_state.keep("br_title")

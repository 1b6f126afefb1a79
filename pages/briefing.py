"""Briefing: pick charts and tables, download them as a deck, a PDF or one offline HTML file; export the data."""

import streamlit as st

from components import briefing_items, chart_export, page_frame, plain_text, url_state
from trafficking_atlas import briefing_formats, chart_render, data_exports, link_state

page = page_frame.current()
atlas, filters = page.atlas, page.filters
SPEC = link_state.BRIEFING

st.title("Briefing pack")
st.caption(f"Everything here follows the filters: **{plain_text.literal(page.showing)}**.")

url_state.seed(SPEC, {"items": "br_items", "title": "br_title"}, allowed={"items": list(briefing_items.ITEMS)})
st.text_input("Title", key="br_title", max_chars=SPEC["title"].limit)
st.multiselect("Charts and tables, in this order", list(briefing_items.ITEMS), key="br_items",
               format_func=briefing_items.ITEMS.get)  # fmt: skip
chosen = list(st.session_state["br_items"])
title = st.session_state["br_title"] or "Briefing"


# The downloads run on another thread, after this run: they get everything as values, not from session state.
def _briefing(title: str = title, chosen: list[str] = chosen) -> briefing_formats.Briefing:
    return atlas.briefing(title, page.showing, [briefing_items.build(key, page) for key in chosen])


def _deck() -> bytes:
    chart_export.engine()
    return briefing_formats.deck(_briefing())


def _pdf() -> bytes:
    chart_export.engine()
    return briefing_formats.pdf(_briefing())


def _html() -> str:
    return briefing_formats.html_briefing(_briefing())


stem = chart_export.file_stem(title)
if not chosen:
    st.info("Choose at least one chart or table.")
else:
    held = atlas.dataset_totals(filters)
    if held.lines and set(chosen) & set(briefing_items.DATASET_ITEMS):
        st.text(briefing_formats.dataset_notice(held.lines, held.rule))  # dataset titles are data: plain text
    st.markdown(f"**{len(chosen)} item(s)** → a title slide, one slide each with caption and sources, and a closing slide "
                "listing every document quoted.")  # fmt: skip
    cols = st.columns(3)
    cols[0].download_button("PowerPoint (.pptx)", data=_deck, file_name=f"{stem}.pptx", mime=chart_render.MIME["pptx"],
                            on_click="ignore", icon=":material/slideshow:", type="primary", key="br_pptx")  # fmt: skip
    cols[1].download_button("PDF", data=_pdf, file_name=f"{stem}.pdf", mime=chart_render.MIME["pdf"], on_click="ignore",
                            icon=":material/picture_as_pdf:", key="br_pdf")  # fmt: skip
    cols[2].download_button("Interactive HTML (works offline)", data=_html, file_name=f"{stem}.html",
                            mime=chart_render.MIME["html"], on_click="ignore", icon=":material/html:", key="br_html")  # fmt: skip

st.subheader("Data")
st.caption("The filtered records with their provenance columns (document, quote, basis and source of every date, "
           "coordinate and figure).")  # fmt: skip
datasets = atlas.export_frames(filters)
st.text(
    f"Records: {atlas.export_counts(filters)}. Each file keeps the data's own columns and ids (data/README.md explains them)."
)
cols = st.columns(2)
cols[0].download_button("CSV files (.zip)", data=lambda: data_exports.data_zip(datasets), file_name="trafficking-atlas-data.zip",
                        mime=chart_render.MIME["csv"], on_click="ignore", icon=":material/table:", key="br_csv")  # fmt: skip
fits = data_exports.excel_fits(datasets)
cols[1].download_button("Excel workbook", data=lambda: data_exports.data_excel(datasets), file_name="trafficking-atlas-data.xlsx",
                        mime=chart_render.MIME["xlsx"], on_click="ignore", icon=":material/grid_on:", key="br_xlsx",
                        disabled=not fits)  # fmt: skip
if not fits:
    cols[1].caption(f"More than {data_exports.EXCEL_ROWS:,} records: too many for a workbook; use the CSV files, or narrow "
                    "the filters.")  # fmt: skip

url_state.publish_page(SPEC, {"items": chosen, "title": st.session_state["br_title"]}, ["br_items", "br_title"])

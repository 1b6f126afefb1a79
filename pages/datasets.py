"""Datasets: import an outside incident dataset (the IOM Missing Migrants Project's CSV, a unit's own records) as a
layer beside the documents, remove it again, and confirm which of its incidents are the documents' own."""

import dataclasses

import streamlit as st

from components import page_frame, plain_text, sign_in, store_history, table_pager
from trafficking_atlas import atlas as atlas_store
from trafficking_atlas import dataset_import
from trafficking_atlas.store import StoreError

page = page_frame.current()
atlas = page.atlas
visitor = sign_in.current()

st.title("Datasets")
st.caption("An outside dataset comes in as a layer beside the documents: its rows are incidents and figures marked "
           "with the dataset, its version and each row's own id, counted apart from the documents' figures and never "
           "added to them. Removing it hides it everywhere; nothing is deleted and no document's record changes.")  # fmt: skip

shown = atlas.datasets_table()
if shown.empty:
    st.info("No dataset has been imported yet.")
else:
    st.dataframe(shown, hide_index=True, width="stretch")

# The roles the mapping step offers; the rest (cause, route, region...) are taken from the header's names.
ROLES = ("row_id", "date", "date_end", "year", "month", "coordinates", "lat", "lon", "place", "dead", "missing",
         "source", "url", "source_quality", "name")  # fmt: skip

if not visitor.may_edit:
    sign_in.read_only_notice("datasets")
else:
    st.subheader("Import a dataset")
    megabytes = -(-dataset_import.MAX_BYTES // 2**20)
    upload = st.file_uploader(f"A CSV file (at most {megabytes} MB)", type=["csv", "txt"], key="ds_upload",
                              max_upload_size=megabytes)  # fmt: skip
    cols = st.columns([2, 1, 1.5])
    name = cols[0].text_input("Dataset", value="IOM Missing Migrants Project", key="ds_name")
    version = cols[1].text_input("Version (its date)", key="ds_version", placeholder="2025-11-30",
                                 help="The date of the download or the version the dataset states.")  # fmt: skip
    publisher = cols[2].text_input("Publisher", value="IOM Missing Migrants Project", key="ds_publisher")
    if upload is not None:
        data = upload.getvalue()
        preview = atlas_store.preview_dataset(data, upload.name)
        for problem in preview.problems:
            st.error(plain_text.literal(f"{upload.name}: {problem}; nothing can be imported."), icon=":material/error:")
        if preview.variant:
            st.caption(plain_text.literal(f"Read as {preview.variant}."))
        with st.expander("Columns: which column is what (proposed from the header; change any)",
                         expanded=bool(preview.needs)):  # fmt: skip
            choices = [None, *preview.columns]
            picked = {}
            grid = st.columns(3)
            for n, role in enumerate(ROLES):
                value = getattr(preview.mapping, role, None)
                picked[role] = grid[n % 3].selectbox(dataset_import.ROLES[role].capitalize(), choices,
                                                     index=choices.index(value) if value in choices else 0,
                                                     key=f"ds_role_{role}", format_func=lambda c: c or "—")  # fmt: skip
        mapping = dataclasses.replace(preview.mapping, **picked)
        missing = dataset_import.mapping_problems(mapping, preview.columns)
        if missing and not preview.problems:
            st.error(plain_text.literal("The file cannot be imported: " + "; ".join(missing) + "."))
        readable = not (preview.problems or missing)
        if readable and not (version.strip() and name.strip()):
            st.caption("Give the dataset's name and version to read it.")
        elif readable:
            converted = atlas.convert_dataset(data, upload.name, name.strip(), version.strip(), mapping, publisher.strip())
            st.text(f"{converted.rows_imported:,} of {converted.rows_read:,} rows can be imported: "
                    f"{len(converted.incidents):,} incidents and {len(converted.figures):,} figures.")  # fmt: skip
            if converted.issues:
                st.warning(f"{len(converted.issues):,} problems; the rows they name are set aside or their values "
                           "cleared, as each says. The good rows are imported.")  # fmt: skip
                st.text("\n".join(str(i) for i in converted.issues[:200]))
            who = sign_in.name_field("Imported by", "ds_who")
            if st.button(f"Import {converted.rows_imported:,} rows", type="primary", icon=":material/upload:",
                         disabled=not (who.strip() and converted.rows_imported)):  # fmt: skip
                st.session_state["ds_result"] = atlas_store.import_dataset(converted, who.strip())
                st.rerun()
    result = st.session_state.get("ds_result")
    if result is not None and result.document_id:
        st.success(plain_text.literal(f"Imported as {result.document_id}: it is on every page now."), icon=":material/check:")
    elif result is not None:
        st.error(plain_text.literal(result.failed or "The rows do not check out; nothing was imported."))
        st.text("\n".join(result.problems))

st.subheader("Is it the same event?")
st.caption("Imported incidents dated within a few days of one of the documents' incidents and placed near it. "
           "Confirm one and the timeline sets the dataset's figures beside the documents' for that event; they stay "
           "separate figures, never added together.")  # fmt: skip
try:
    decided = atlas_store.link_decisions()
except StoreError as exc:
    decided = None
    st.error(plain_text.literal(f"The links cannot be read now: {exc}."))
if decided is not None:
    proposals = atlas.link_proposals(decided)
    if not proposals.keys:
        st.info("No proposal to review.")
    else:
        table_pager.table(proposals.table)
        if visitor.may_edit:
            with st.form("ds_link"):
                n = st.selectbox("Proposal", list(range(len(proposals.keys))),
                                 format_func=lambda i: proposals.labels[i])  # fmt: skip
                who = sign_in.name_field("Decided by", "ds_link_who")
                yes, no = st.columns(2)
                decision = ("confirmed" if yes.form_submit_button("Same event: confirm") else
                            "rejected" if no.form_submit_button("Not the same: reject") else None)  # fmt: skip
            if decision:
                incident, same_as, document = proposals.keys[n]
                problem = ("say who decides" if not who.strip() else
                           atlas_store.decide_link(incident, same_as, document, decision, who.strip()))  # fmt: skip
                st.error(plain_text.literal(problem)) if problem else st.rerun()

store_history.render("")

"""Add a document: paste an article, review what the atlas proposes from it, and add what is right."""

import streamlit as st

from components import document_view, grade_form, page_frame, plain_text, review_editor, sign_in, store_history
from trafficking_atlas import atlas as atlas_store
from trafficking_atlas import extraction, intake, review

page = page_frame.current()
atlas = page.atlas
visitor = sign_in.current()

st.title("Add a document")
st.caption("Paste a news report or statement. The atlas proposes the figures, incidents, stakeholders and places "
           "it finds, each with the sentence it came from; nothing enters the atlas until you press "
           "“Add to the atlas”.")  # fmt: skip


def _read_upload() -> None:
    """Put an uploaded file's text and the metadata it states into the form; its problems are shown, nothing kept."""
    upload = st.session_state.get("add_upload")
    if upload is None:
        return
    read = intake.read_upload(upload.name, upload.getvalue())
    st.session_state["add_intake"] = read
    if read.ok:
        st.session_state["add_text"] = read.text
        meta = read.metadata
        for key, value in (("add_title", meta.title), ("add_outlet", meta.outlet), ("add_author", meta.author),
                           ("add_url", meta.url), ("add_published", meta.published)):  # fmt: skip
            if value:
                st.session_state[key] = value


def _propose() -> None:
    st.session_state.pop("add_result", None)
    st.session_state.pop("add_missed", None)
    st.session_state["add_doc"] = extraction.Document(st.session_state["add_text"].strip(),
                                                      st.session_state["add_published"], st.session_state["add_title"],
                                                      st.session_state["add_outlet"], st.session_state["add_author"] or None,
                                                      st.session_state["add_url"] or None)  # fmt: skip


if not visitor.may_edit:
    who = ""  # a reader changes nothing
    sign_in.read_only_notice("add")
else:
    st.file_uploader(f"Or upload a file ({', '.join(intake.KINDS)}; at most {intake.MAX_BYTES // 1_000_000} MB)",
                     type=[k.lstrip(".") for k in intake.KINDS], key="add_upload", on_change=_read_upload,
                     max_upload_size=-(-intake.MAX_BYTES // 1_000_000))  # fmt: skip
    read = st.session_state.get("add_intake")
    if read is not None:
        for problem in read.problems:
            st.error(plain_text.literal(problem + "; nothing was read."), icon=":material/error:")
        for notice in read.notices:
            st.caption(plain_text.literal(notice))
        if read.ok:
            how = [f"{field}: {h}" for field in ("title", "outlet", "author", "url", "published")
                   if (h := getattr(read.metadata, f"{field}_how"))]  # fmt: skip
            if how:
                st.caption(plain_text.literal("Read from the file: " + "; ".join(how) + ". Check them."))
    text = st.text_area("The document's text", height=220, key="add_text", placeholder="Paste the article's text here")
    cols = st.columns([2, 1.3, 1, 1.3])
    title = cols[0].text_input("Title", key="add_title")
    outlet = cols[1].text_input("Outlet", key="add_outlet")
    published = cols[2].date_input("Published", value=None, key="add_published", format="YYYY-MM-DD",
                                   help="Required: relative dates (“on Tuesday”, “so far this year”) hang on it.")  # fmt: skip
    who = sign_in.name_field("Reviewed by", "add_who", where=cols[3],
                             help="Kept with every record you add, and in the history.")  # fmt: skip
    more = st.columns([1.3, 2])
    author = more[0].text_input("Author", key="add_author")
    url = more[1].text_input("URL", key="add_url")
    scale = atlas.scale
    document_grade = grade_form.pick(scale, "add")
    pasted = intake.read_text(text) if text.strip() else None
    if pasted is not None and not pasted.ok:
        for problem in pasted.problems:
            st.error(plain_text.literal(problem + "."), icon=":material/translate:")

    ready = bool(text.strip()) and published is not None and pasted is not None and pasted.ok
    st.button("Propose records", on_click=_propose, disabled=not ready, type="primary", icon=":material/auto_awesome:")
    if not ready:
        st.caption("Paste a text and give its publication date to read it.")

    doc = st.session_state.get("add_doc")
    if doc is not None and (doc.text != text.strip() or doc.published != published):
        st.info("The text or date changed since the records were proposed: press “Propose records” again.")
    elif doc is not None and (same := atlas.already_in(doc.text)):
        st.error(plain_text.literal(f"This text is already in the atlas, as {same}; nothing will be added."))
    elif doc is not None:
        proposals = review.with_missed(atlas.propose(doc), st.session_state.get("add_missed", []))
        counts = ", ".join(f"{len(proposals[d]):,} {d}" for d in review.REVIEWED)
        st.subheader("Review what the atlas proposes")
        st.caption(f"Proposed: {counts}. Untick what is wrong and correct any field; a name the atlas already has is a "
                   "link to its record and is not added again.")  # fmt: skip
        with st.expander("The document, with the stakeholders, initiatives and places proposed marked", expanded=True):
            marked = document_view.document_html(doc.text, atlas.proposal_spans(doc.text, proposals))
            st.html(document_view.legend_html(with_focus=False) + marked)
        edited = {}
        for dataset in review.REVIEWED:
            table = review.review_table(proposals, dataset)
            if table.empty:
                continue
            st.markdown(f"**{dataset.capitalize()}**")
            edited[dataset] = review_editor.edit(table, dataset, atlas)
        with st.expander("Add a record the atlas missed"):
            dataset = st.selectbox("Record type", list(review.MISSED), key="add_missed_type")
            with st.form("add_missed_form", clear_on_submit=True):
                sentence = st.selectbox("Its sentence (the quote)", review.sentences_of(doc.text))
                fields = {}
                for field in review.MISSED[dataset]:
                    if field == "value":
                        fields[field] = st.number_input("Value (as the sentence writes it)", min_value=0.0, step=1.0)
                    elif field in ("kind", "domain", "qualifier"):
                        fields[field] = st.selectbox(field.capitalize(), review.choices(dataset, field))
                    else:
                        fields[field] = st.text_input(field.capitalize())
                if st.form_submit_button("Add this record to the review"):
                    st.session_state.setdefault("add_missed", []).append((dataset, sentence, fields))
                    st.rerun()
        if st.button("Add to the atlas", type="primary", icon=":material/add_circle:", disabled=not who.strip()):
            records = review.accepted(proposals, edited)
            grades = review.grades_given(records, edited, proposals, document_grade, scale)
            st.session_state["add_result"] = atlas_store.add_document(doc.text, records, who.strip(), grades=grades)
        if not who.strip():
            st.caption("Say who reviewed the records to add them.")

result = st.session_state.get("add_result")
if result is not None and result.document_id:
    st.success(plain_text.literal(f"Added {result.document_id}: it is on every page now."), icon=":material/check:")
    st.page_link("pages/sources.py", label="Read it in Sources", icon=":material/article:",
                 query_params={"source": result.document_id})  # fmt: skip
elif result is not None and result.failed:  # the store could not take them: the form and the review are kept
    st.error(plain_text.literal(result.failed[:1].upper() + result.failed[1:] + "."), icon=":material/error:")
elif result is not None:
    st.error("The records do not check out; nothing was added.", icon=":material/error:")
    st.text("\n".join(result.problems))

st.download_button("Download the atlas as a dataset (.zip)", data=atlas.dataset_archive, icon=":material/download:",
                   file_name="trafficking-atlas-dataset.zip", mime="application/zip",
                   help="data/ and seeds/ as in the repository: the curated base and every added document that is not "
                   "withdrawn, with its records, so they can be reviewed and committed.")  # fmt: skip
store_history.render(who)

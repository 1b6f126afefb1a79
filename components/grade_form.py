"""The form that grades a document or a record on the instance's scale (kept in the store with who and when)."""

from __future__ import annotations

import streamlit as st

from components import plain_text, sign_in
from trafficking_atlas import atlas as atlas_store
from trafficking_atlas.atlas import Atlas
from trafficking_atlas.grading import Scale


def pick(scale: Scale, key: str) -> str | None:
    """A new document's grade, chosen beside its metadata: the code ("B2") when both parts are chosen, else None."""
    cols = st.columns(2)
    letter = cols[0].selectbox(f"Source reliability ({scale.name})", [None, *scale.reliability], key=f"{key}_reliability",
                               format_func=lambda r: "Not graded" if r is None else f"{r} — {scale.reliability[r]}",
                               help="How reliable the source of this document has proved; every record added from it "
                               "carries this grade unless you grade the record itself in its table.")  # fmt: skip
    digit = cols[1].selectbox("Information credibility", [None, *scale.credibility], key=f"{key}_credibility",
                              format_func=lambda c: "Not graded" if c is None else f"{c} — {scale.credibility[c]}")  # fmt: skip
    if bool(letter) != bool(digit):
        st.caption("A grade is a letter and a digit: choose both to grade the document.")
    return f"{letter}{digit}" if letter and digit else None


def render(atlas: Atlas, dataset: str, record_id: str, document_id: str, what: str, key: str) -> None:
    """A "Grade this …" popover: source letter, information digit, why, and who grades."""
    scale = atlas.scale
    now = atlas.grade_of(dataset, record_id) or ""
    letters, digits = list(scale.reliability), list(scale.credibility)
    with st.popover(f"Grade this {what}", icon=":material/verified:"):
        if not sign_in.current().may_edit:
            sign_in.read_only_notice("grade")
            return
        with st.form(f"{key}_form", clear_on_submit=False, border=False):
            st.caption(f"{scale.name}. A new grade supersedes the earlier one, which stays in the history.")
            # Open at the current grade, so that saving without a choice changes nothing.
            letter = st.selectbox("Source reliability", letters, key=f"{key}_letter", index=letters.index(now[0]) if
                                  now[:1] in letters else 0, format_func=lambda r: f"{r} — {scale.reliability[r]}")  # fmt: skip
            digit = st.selectbox("Information credibility", digits, key=f"{key}_digit", index=digits.index(now[1]) if
                                 now[1:2] in digits else 0, format_func=lambda c: f"{c} — {scale.credibility[c]}")  # fmt: skip
            note = st.text_input("Why (optional)", key=f"{key}_note", max_chars=300)
            who = sign_in.name_field("Graded by", f"{key}_who", max_chars=200)
            if st.form_submit_button("Save the grade", type="primary"):
                if not who.strip():
                    st.error("Say who grades it.")
                else:
                    problem = atlas_store.grade_record(dataset, record_id, document_id, letter + digit, who.strip(), note)
                    if problem:
                        st.error(plain_text.literal(f"The grade was not saved: {problem}"))
                    else:
                        st.rerun()

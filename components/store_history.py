"""The Add page's history of the store: every addition, grade, withdrawal and restoration, and the forms that
withdraw a document (with a reason) or restore one. Nothing is deleted."""

from __future__ import annotations

import streamlit as st

from components import plain_text, sign_in
from trafficking_atlas import atlas as atlas_store
from trafficking_atlas.store import StoreError


def _done(problem: str | None, success: str) -> None:
    if problem:
        st.error(plain_text.literal(problem))
    else:
        st.success(success)


def render(who: str) -> None:
    """The history expander (its forms for editors only); `who`, the page's name, is used unless another is typed."""
    with st.expander("History of added documents"):
        try:
            history = atlas_store.store_history()
            added = atlas_store.added_documents()
        except StoreError as exc:  # the page goes on with what it has; the store is read again on the next run
            st.error(plain_text.literal(f"The history cannot be read now: {exc}."), icon=":material/error:")
            return
        if history.empty:
            st.caption("No document has been added yet.")
            return
        st.dataframe(history, hide_index=True, width="stretch")
        if not sign_in.current().may_edit:
            return
        name = sign_in.name_field("Your name (kept with the withdrawal or restoration)", "hist_who", value=who)
        left, right = st.columns(2)
        with left.form("add_withdraw"):
            target = st.selectbox("Withdraw a document (hidden everywhere, nothing deleted)", added.live)
            why = st.text_input("Why")
            if st.form_submit_button("Withdraw", disabled=not added.live):
                _done("say who withdraws it" if not name.strip() else
                      atlas_store.withdraw_document(target, name.strip(), why), "Withdrawn.")  # fmt: skip
        with right.form("add_restore"):
            back = st.selectbox("Restore a withdrawn document", list(added.withdrawn), format_func=added.withdrawn.get)
            if st.form_submit_button("Restore", disabled=not added.withdrawn):
                _done("say who restores it" if not name.strip() else atlas_store.restore_document(back, name.strip()),
                      "Restored: it is on every page again.")  # fmt: skip

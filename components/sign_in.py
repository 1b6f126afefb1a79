"""Sign-in for a hosted instance (`trafficking_atlas/access.py` decides): the screen before it, who is signed in,
and the name kept with a change (the signed-in account, or the one typed where sign-in is off)."""

from __future__ import annotations

import os

import streamlit as st

from components import plain_text
from trafficking_atlas import access


def _secrets() -> dict:
    # No secrets file is an instance without sign-in; an unreadable one reads as none too, which
    # ATLAS_SIGN_IN=required turns into a closed instance.
    return st.secrets.to_dict() if st.secrets.load_if_toml_exists() else {}


def current() -> access.Visitor:
    """Who this run's visitor is and what they may do."""
    return access.visitor(_secrets(), st.user.to_dict(), os.environ.get(access.SETTING, ""))


def gate(visitor: access.Visitor) -> None:
    """Before sign-in, only a title and "Sign in" (the run stops here); after it, the account and "Sign out" in the
    sidebar. Without sign-in, nothing."""
    if visitor.may_read:
        if visitor.sign_in:
            role = "" if visitor.may_edit else " · read only"
            st.sidebar.caption(plain_text.literal(f"Signed in as {visitor.label}{role}"))
            st.sidebar.button("Sign out", key="sign_out", icon=":material/logout:", on_click=st.logout)
        return
    st.title("Trafficking Atlas")
    if visitor.problem:
        st.error(plain_text.literal(f"Sign-in is not set up correctly: {visitor.problem}. Nothing is shown until an "
                                    "administrator fixes it."), icon=":material/lock:")  # fmt: skip
    elif visitor.identity:
        st.warning(plain_text.literal(f"{visitor.label} may not open this atlas: ask an administrator to add you to "
                                      "its readers."), icon=":material/lock:")  # fmt: skip
        st.button("Sign out", key="sign_out", icon=":material/logout:", on_click=st.logout)
    else:
        st.caption("Sign in with your organisation's account to open the atlas.")
        for provider in visitor.providers:
            label = "Sign in" if len(visitor.providers) == 1 else f"Sign in with {(provider or 'your account').title()}"
            if st.button(label, key=f"sign_in_{provider or 'default'}", type="primary", icon=":material/login:"):
                st.login(provider)
    st.stop()


def read_only_notice(action: str) -> None:
    """Where an editor would find the controls to `action`, what a reader is told instead."""
    st.info(access.read_only(action), icon=":material/lock:")


def name_field(label: str, key: str, where=st, **kwargs) -> str:
    """Who makes a change: the signed-in account (shown, not editable), or the name typed where sign-in is off."""
    visitor = current()
    if not visitor.sign_in:
        return where.text_input(label, key=key, **kwargs)
    where.text_input(label, value=visitor.label, key=f"{key}_account", disabled=True, help="Your signed-in account.")
    return visitor.identity or ""

"""Keeps every page's state in the URL so a copied link reopens the same view."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from components import plain_text
from trafficking_atlas import link_state

_PAGE_PARAMS = "_page_params"
_NOTICES = "_link_notices"


def query_params() -> dict[str, list[str]]:
    """The current URL's query parameters, each as the list of its values."""
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def seed(
    spec: Mapping[str, link_state.Param],
    keys: Mapping[str, str],
    defaults: Mapping[str, object] | None = None,
    allowed: Mapping[str, Collection[str]] | None = None,
) -> None:
    """Give each widget (`keys`: parameter name -> widget key) its starting value once: from the link when it holds
    one (corrected with a notice by `link_state.parse_page`), else the value kept from the last visit, else the
    default (`defaults` overrides the spec's, e.g. a map view that fits the data)."""
    todo = {name: key for name, key in keys.items() if key not in st.session_state}
    if not todo:
        return
    values, notices = link_state.parse_page({n: spec[n] for n in todo}, query_params(), allowed)
    for message in notices:
        notify(message)
    for name, key in todo.items():
        if name in values:
            # A corrected value with no fixed fallback takes the page's default (the view that fits the map).
            value = values[name]
            st.session_state[key] = (defaults or {}).get(name) if value is None and defaults and name in defaults else value
        elif f"_keep_{key}" in st.session_state:
            st.session_state[key] = st.session_state[f"_keep_{key}"]
        else:
            st.session_state[key] = (defaults or {}).get(name, spec[name].default)


def seed_tab(key: str, param: link_state.Param, tabs: Mapping[str, str]) -> None:
    """Seed a tab widget from the link: `param` names a key of `tabs`, which maps link names to tab labels."""
    if key not in st.session_state:
        seed({param.name: param}, {param.name: key})
        st.session_state[key] = tabs.get(st.session_state[key], next(iter(tabs.values())))
    if st.session_state[key] not in tabs.values():  # a label that changed since the tab was chosen
        st.session_state[key] = next(iter(tabs.values()))


def tab_name(key: str, tabs: Mapping[str, str]) -> str:
    """The link name of the tab widget's open tab."""
    return next((name for name, label in tabs.items() if label == st.session_state.get(key)), next(iter(tabs)))


def drop_unless(key: str, valid: bool, message: str, empty: object = None) -> None:
    """Reset a widget whose value does not hold under the current data (a selection the filters hid), with a notice."""
    if st.session_state.get(key) not in (None, empty) and not valid:
        notify(message)
        st.session_state[key] = empty


def publish_page(spec: Mapping[str, link_state.Param], values: Mapping[str, object], keys: Sequence[str] = ()) -> None:
    """Write the page's parameters into the link (`link_state.to_page_params`) and keep its widgets' values."""
    publish(**link_state.to_page_params(spec, values))
    for key in keys:
        keep(key)


def keep(key: str) -> None:
    """Remember a widget's value across page switches (Streamlit drops the state of unrendered widgets)."""
    if key in st.session_state:
        st.session_state[f"_keep_{key}"] = st.session_state[key]


def publish(**params: str | list[str] | None) -> None:
    """Add page-specific parameters to the URL written at the end of this run."""
    st.session_state.setdefault(_PAGE_PARAMS, {}).update({k: v for k, v in params.items() if v not in (None, "", [])})


def notify(message: str) -> None:
    """Queue a notice about a corrected link, shown once at the top of the page."""
    st.session_state.setdefault(_NOTICES, []).append(message)


def show_notices() -> None:
    """Show and clear the queued link notices."""
    for message in st.session_state.pop(_NOTICES, []):
        # A notice quotes what the link held: shown as its characters, never as Markdown (a link could carry one).
        st.warning(plain_text.literal(message), icon=":material/link_off:")


def start_run() -> None:
    """Forget the page parameters of the previous run."""
    st.session_state[_PAGE_PARAMS] = {}


def written_global() -> dict[str, list[str]]:
    """The global filter parameters this app last wrote into the URL."""
    return st.session_state.get("_written_global", {})


def write(global_params: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
    """Write the whole state (global filters and this page's parameters) into the URL; return what was written."""
    st.session_state["_written_global"] = {k: v if isinstance(v, list) else [v] for k, v in global_params.items()}
    params = {**global_params, **st.session_state.get(_PAGE_PARAMS, {})}
    current = query_params()
    wanted = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    if current != wanted:
        st.query_params.from_dict(params)
    return params


def share_link(base_url: str | None, page_path: str, params: dict[str, str | list[str]], base_path: str = "") -> str:
    """The full link that reopens this view: the app's address, this page's path and every parameter.

    Args:
        base_url: the address the browser used (`st.context.url`), whatever page path it ends in.
        page_path: this page's url path ("" for the default page).
        params: the query parameters written for this run.
        base_path: the app's own path on its server (`server.baseUrlPath`), kept before the page's.
    """
    parts = urlsplit(base_url or "")
    segments = [s for s in base_path.split("/") if s]
    if page_path:
        segments.append(page_path)
    path = "/" + "/".join(segments)
    query = urlencode({k: v for k, v in params.items()}, doseq=True)
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def check_page(base_url: str | None, page_paths: list[str], base_path: str = "") -> None:
    """Queue a notice, once per address, when the link names a page the atlas does not have (Streamlit then shows
    the Overview without a word)."""
    wrong = link_state.unknown_page(base_url or "", page_paths, base_path)
    if wrong is not None and st.session_state.get("_unknown_page") != base_url:
        st.session_state["_unknown_page"] = base_url
        notify(f"The link's page {link_state.quoted(wrong)} does not exist; showing the Overview.")

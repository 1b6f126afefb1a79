"""The sidebar's global filters, seeded from the URL and written back to it."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import url_state
from trafficking_atlas import grading, link_state, vocab
from trafficking_atlas.atlas import Atlas
from trafficking_atlas.filtering import Filters

KEYS = {
    "domains": "f_domains",
    "areas": "f_areas",
    "kinds": "f_kinds",
    "documents": "f_documents",
    "stakeholders": "f_stakeholders",
    "reliability": "f_reliability",
    "credibility": "f_credibility",
}
DATES = "f_dates"
BOUNDS = "f_dates_bounds"  # the data's span when the range was last set


def _seed(options: link_state.FilterOptions) -> None:
    """Set the filter widgets from the URL on a session's first run, or when a link changed the URL.

    A link followed inside the app (e.g. "show on the map") carries only some filters: those it
    names replace the current ones, the others stay as they were.
    """
    given = {k: v for k, v in url_state.query_params().items() if k in link_state.PARAMS}
    first = DATES not in st.session_state
    bounds = (options.min_date, options.max_date)
    if (
        not first
        and st.session_state.get(BOUNDS) not in (None, bounds)
        and tuple(st.session_state[DATES]) == st.session_state[BOUNDS]
    ):
        # The data's span grew (another analyst added a document): a range left at the whole span follows it.
        st.session_state[DATES] = bounds
    st.session_state[BOUNDS] = bounds
    if not first and (not given or given == url_state.written_global()):
        return
    f, notices = link_state.parse(given, options)
    for message in notices:
        url_state.notify(message)
    if first or "from" in given or "to" in given:
        st.session_state[DATES] = (f.date_from, f.date_to)
    for param, attr in link_state.PARAMS.items():
        if attr in KEYS and (first or param in given):
            st.session_state[KEYS[attr]] = list(getattr(f, attr))


def _reset(options: link_state.FilterOptions) -> None:
    st.session_state[DATES] = (options.min_date, options.max_date)
    for key in KEYS.values():
        st.session_state[key] = []


def render(atlas: Atlas) -> tuple[Filters, link_state.FilterOptions]:
    """Draw the filters in the sidebar and return what they select."""
    choices = atlas.filter_choices()
    options, docs, menu = choices.options, choices.document_labels, choices.stakeholder_menu
    names, regions = choices.stakeholder_names, choices.regions
    _seed(options)
    chosen = [s for s in st.session_state.get(KEYS["stakeholders"], []) if s not in menu]
    capped = len(options.stakeholders) > len(menu)
    with st.sidebar:
        st.markdown("### Filters")
        st.date_input(
            "Date range",
            min_value=options.min_date,
            max_value=options.max_date,
            key=DATES,
            help="Records whose date span overlaps this range. Undated records use their document's publication date.",
        )
        st.multiselect(
            "Trafficking domain",
            options.domains,
            key=KEYS["domains"],
            format_func=lambda d: vocab.label(vocab.DOMAINS, d),
            placeholder="All domains",
        )
        st.multiselect(
            "Country or region",
            options.areas,
            key=KEYS["areas"],
            format_func=lambda a: f"{a} (region)" if a in regions else a,
            placeholder="Everywhere",
        )
        st.multiselect(
            "Stakeholder kind",
            options.kinds,
            key=KEYS["kinds"],
            format_func=lambda k: vocab.label(vocab.STAKEHOLDER_KINDS, k),
            placeholder="All kinds",
            help="Narrows the stakeholders shown and counted.",
        )
        st.multiselect(
            "Stakeholder",
            [*menu, *chosen],
            key=KEYS["stakeholders"],
            format_func=lambda s: names.get(s, s),
            placeholder="Anyone",
            select_all=False,  # "all stakeholders" is no filter, and the menu lists only the most connected
            help="Only what the chosen stakeholders are tied to."
            + (
                f" Lists the {len(menu):,} most connected of {len(options.stakeholders):,}; to choose another, search "
                "for it on the Stakeholders page and press “Filter every page to it”."
                if capped
                else ""
            ),
        )
        st.multiselect(
            "Document",
            options.documents,
            key=KEYS["documents"],
            format_func=lambda d: docs.get(d, d),
            placeholder="All documents",
        )
        scale = grading.SCALES[options.grade_scale]
        st.multiselect(
            "Source reliability",
            options.reliability,
            key=KEYS["reliability"],
            format_func=lambda r: f"{r} — {scale.reliability[r]}",
            placeholder="Any grade, or ungraded",
            help=f"{scale.name}: only records whose source an analyst graded so (a record's own grade, else its "
            "document's); ungraded records are left out while this is set. Choose A and B for “only A–B sources”.",
        )
        st.multiselect(
            "Information credibility",
            options.credibility,
            key=KEYS["credibility"],
            format_func=lambda c: f"{c} — {scale.credibility[c]}",
            placeholder="Any grade, or ungraded",
            help=f"{scale.name}: only records whose information an analyst graded so.",
        )
        st.button("Reset filters", on_click=_reset, args=(options,), icon=":material/restart_alt:")
    picked = st.session_state[DATES]
    start = picked[0] if len(picked) > 0 else options.min_date
    end = picked[1] if len(picked) > 1 else options.max_date
    f = Filters(
        date_from=start if isinstance(start, date) else options.min_date,
        date_to=end if isinstance(end, date) else options.max_date,
        grade_scale=options.grade_scale,
        **{attr: tuple(st.session_state[key]) for attr, key in KEYS.items()},
    )
    return f, options


def only_stakeholder(stakeholder_id: str) -> None:
    """Set the sidebar's Stakeholder filter to one stakeholder (a button's callback: the next run follows it)."""
    st.session_state[KEYS["stakeholders"]] = [stakeholder_id]

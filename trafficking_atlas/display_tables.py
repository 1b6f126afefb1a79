"""Display tables (pure): records joined with their places, reporters and documents, in readable columns."""

from __future__ import annotations

import pandas as pd

from trafficking_atlas import casualties, details, formatting, frame_tools, grading, provenance, records, vocab

# A table on a page shows this many rows at a time; the browser never receives more.
PAGE_ROWS = 250


def _names(frame: pd.DataFrame, id_col: str) -> dict[str, str]:
    # tolist() converts arrow strings in one go; zip over the columns would box them one by one.
    return dict(zip(frame[id_col].tolist(), frame["name"].tolist())) if len(frame) else {}


def _basis(basis: object, source: object) -> str:
    return provenance.provenance(basis, source)


def casualty_rows(figures: pd.DataFrame, incidents: pd.DataFrame, order: pd.Index | None = None) -> pd.DataFrame:
    """The casualty figures of incidents, in the table's order (incident name, then metric).

    `order`: the index of `casualty_rows` of the whole dataset, when `figures` are some of its rows (a filtered view:
    a figure in view has its incident in view, so its place in the order is the same); then it is not sorted again.
    """
    if order is not None:
        return figures.loc[order[order.isin(figures.index)]]
    fig = figures[casualties.casualty_kinds(figures).notna() & figures["incident_id"].notna()]
    if fig.empty:
        return fig
    names = fig["incident_id"].map(incidents.set_index("incident_id")["name"]).fillna(fig["incident_id"])
    order = pd.DataFrame({"name": names, "metric": fig["metric"]}).sort_values(["name", "metric"], kind="stable").index
    return fig.loc[order]


def casualty_table(
    figures: pd.DataFrame,
    incidents: pd.DataFrame,
    full: dict[str, pd.DataFrame],
    start: int = 0,
    rows: int | None = None,
    look: records.Lookups | None = None,
    order: pd.Index | None = None,
) -> pd.DataFrame:
    """Casualty figures of incidents, one row each: whom it counts, who reported it and where it comes from.

    The outside mark stands in the fourth column, so it is seen without scrolling; an outside figure's document
    column says its sentence only names the event. Rows `start` to `start + rows` when paged (`order`: see
    `casualty_rows`).
    """
    fig = casualty_rows(figures, incidents, order)
    if rows is not None:
        fig = fig.iloc[start : start + rows]
    if fig.empty:
        return pd.DataFrame()
    look = look or records.lookups(full)
    out = details.figures_table(fig, full, look).drop(columns=["Note", "record", "document_id"])
    out.insert(0, "Incident", [look.name("incidents", i) for i in fig["incident_id"].tolist()])
    return out


def _minimum_texts(figures: pd.DataFrame, incident_ids: pd.Series) -> dict[tuple[str, str], str]:
    """Each incident's minimum dead and missing from the documents, as the Overview counts them: '350 (Pakistani
    nationals only)'."""
    fig = figures[frame_tools.member(figures["incident_id"], incident_ids)]
    m = casualties.casualty_minimums(fig, include_external=False).dropna(subset=["minimum"])
    if m.empty:
        return {}
    counts = formatting.counts_texts(fig.set_index("figure_id"))
    return {
        (i, k): f"{v:,.0f}" + (f" ({counts.get(f, '')})" if part and counts.get(f) else "")
        for i, k, v, f, part in zip(m["incident_id"], m["kind"], m["minimum"], m["figure_id"], m["part"])
    }


def _dates(frame: pd.DataFrame) -> pd.Series:
    """Each record's date at its precision, marked when it comes from outside the documents."""
    return formatting.date_labels(frame["date"], frame["date_end"], frame["date_precision"], frame["date_basis"])


def _published(documents: pd.DataFrame) -> pd.Series:
    return formatting.date_labels(documents["published"], documents["published_end"], documents["published_precision"])


def _place_names(frame: pd.DataFrame, look: records.Lookups) -> pd.Series:
    places = look.names.get("places", {})
    return frame["place_id"].map(lambda p: places.get(p, "") if isinstance(p, str) else "")


def incident_table(incidents: pd.DataFrame, full: dict[str, pd.DataFrame], look: records.Lookups | None = None) -> pd.DataFrame:
    """Incidents with date at its precision, place, counts and source."""
    look = look or records.lookups(full)
    minimum = _minimum_texts(full["figures"], incidents["incident_id"])
    ids = incidents["incident_id"].tolist()
    return pd.DataFrame({
        "Date": _dates(incidents).tolist(),
        "Incident": incidents["name"].tolist(),
        "Source": provenance.provenance_texts(incidents["basis"], incidents["source"]).tolist(),
        "Grade": grading.grade_texts(incidents).tolist(),
        "Place": _place_names(incidents, look).tolist(),
        "Domain": [vocab.label(vocab.DOMAINS, d) for d in incidents["domain"].tolist()],
        "Dead, at least": [minimum.get((i, "dead"), "") for i in ids],
        "Missing, at least": [minimum.get((i, "missing"), "") for i in ids],
        "Date basis": provenance.provenance_texts(incidents["date_basis"], incidents["date_source"]).tolist(),
        "Summary": incidents["summary"].tolist(),
        "Document": [look.document(d) for d in incidents["document_id"].tolist()],
        "Quote": incidents["quote"].tolist(),
    }) if len(incidents) else pd.DataFrame()  # fmt: skip


def initiative_table(
    initiatives: pd.DataFrame, full: dict[str, pd.DataFrame], look: records.Lookups | None = None
) -> pd.DataFrame:
    """Initiatives with kind, status, date, venue and source; an undated one says which date it is listed by."""
    look = look or records.lookups(full)
    documents = full["documents"]
    published = dict(zip(documents["document_id"].tolist(), _published(documents).tolist()))
    # Listed by its document's date, so say so rather than look out of order.
    when = [w if w != "undated" else f"undated (reported {published.get(d, '?')})"
            for w, d in zip(_dates(initiatives).tolist(), initiatives["document_id"].tolist())]  # fmt: skip
    return pd.DataFrame({
        "Date": when,
        "Initiative": initiatives["name"].tolist(),
        "Source": provenance.provenance_texts(initiatives["basis"], initiatives["source"]).tolist(),
        "Grade": grading.grade_texts(initiatives).tolist(),
        "Kind": initiatives["kind"].astype(str).str.replace("_", " ").tolist(),
        "Status": initiatives["status"].astype(object).where(initiatives["status"].notna(), "").tolist(),
        "Place": _place_names(initiatives, look).tolist(),
        "Date basis": provenance.provenance_texts(initiatives["date_basis"], initiatives["date_source"]).tolist(),
        "Document": [look.document(d) for d in initiatives["document_id"].tolist()],
        "Quote": initiatives["quote"].tolist(),
    }) if len(initiatives) else pd.DataFrame()  # fmt: skip


def document_table(documents: pd.DataFrame) -> pd.DataFrame:
    """Documents with outlet, date and domains."""
    return pd.DataFrame({
        "Title": documents["title"].tolist(),
        "Outlet": [formatting.outlet_name(o) for o in documents["outlet"].tolist()],
        "Grade": grading.grade_texts(documents).tolist(),
        "Published": _published(documents).tolist(),
        "Date basis": provenance.provenance_texts(documents["published_basis"], documents["published_source"]).tolist(),
        "Domains": [", ".join(vocab.label(vocab.DOMAINS, d) for d in frame_tools.split_list(v))
                    for v in documents["domains"].tolist()],
    }) if len(documents) else pd.DataFrame()  # fmt: skip


def timeline_table(marks: pd.DataFrame) -> pd.DataFrame:
    """The plotted figures as a table for analysts: date, event, figure as read, reporter, basis, document, quote."""
    return pd.DataFrame({
        "Date": marks["date_text"],
        "Event": marks["event"],
        "Figure": marks["value_text"],
        "Metric": marks["metric"].astype(str).str.replace("_", " "),
        "Qualifier": marks["qualifier"].map(lambda q: vocab.QUALIFIERS.get(q, "").strip() or "exact"),
        "Reported by": marks["reporter"],
        "Grade": marks["grade"] if "grade" in marks else "ungraded",
        "Basis": marks["basis"],
        "Document": marks["document"],
        "Quote": marks["quote"],
        "record": "figure:" + marks["figure_id"].astype(str),
    }).reset_index(drop=True)  # fmt: skip


def timeline_totals_table(totals: pd.DataFrame) -> pd.DataFrame:
    """The aggregated chart as a table for analysts: period, group, kind, events, reports and the range reported."""
    return pd.DataFrame({
        "Period": totals["period_text"],
        "Group": totals["group"],
        "Kind": totals["kind"],
        "Events": totals["events"].astype(int),
        "Reports": totals["reports"].astype(int),
        "Reported (range)": [casualties.range_text(lo, hi, op) for lo, hi, op in
                             zip(totals["low"], totals["high"], totals["open"])],
        "From outside the documents": totals["external"].astype(int),
        "Running past the period": totals["spanning"].astype(int),
    }).reset_index(drop=True)  # fmt: skip

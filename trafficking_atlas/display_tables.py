"""Display tables (pure): records joined with their places, reporters and documents, in readable columns."""

from __future__ import annotations

import pandas as pd

from trafficking_atlas import casualties, details, formatting, frame_tools, provenance, vocab

# A table on a page shows this many rows at a time; the browser never receives more.
PAGE_ROWS = 250


def _names(frame: pd.DataFrame, id_col: str) -> dict[str, str]:
    # tolist() converts arrow strings in one go; zip over the columns would box them one by one.
    return dict(zip(frame[id_col].tolist(), frame["name"].tolist())) if len(frame) else {}


def _basis(basis: object, source: object) -> str:
    return provenance.provenance(basis, source)


def casualty_rows(figures: pd.DataFrame, incidents: pd.DataFrame) -> pd.DataFrame:
    """The casualty figures of incidents, in the table's order (incident name, then metric)."""
    metrics = vocab.DEAD_METRICS | vocab.MISSING_METRICS
    fig = figures[figures["metric"].isin(metrics) & figures["incident_id"].notna()]
    if fig.empty:
        return fig
    names = fig["incident_id"].map(incidents.set_index("incident_id")["name"]).fillna(fig["incident_id"])
    order = pd.DataFrame({"name": names, "metric": fig["metric"]}).sort_values(["name", "metric"], kind="stable").index
    return fig.loc[order]


def casualty_table(
    figures: pd.DataFrame, incidents: pd.DataFrame, full: dict[str, pd.DataFrame], start: int = 0, rows: int | None = None
) -> pd.DataFrame:
    """Casualty figures of incidents, one row each: whom it counts, who reported it and where it comes from.

    The outside mark stands in the fourth column, so it is seen without scrolling; an outside figure's document
    column says its sentence only names the event. Rows `start` to `start + rows` when paged.
    """
    fig = casualty_rows(figures, incidents)
    if rows is not None:
        fig = fig.iloc[start : start + rows]
    if fig.empty:
        return pd.DataFrame()
    out = details.figures_table(fig, full).drop(columns=["Note", "record", "document_id"])
    out.insert(0, "Incident", fig["incident_id"].map(_names(incidents, "incident_id")).fillna(fig["incident_id"]).tolist())
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


def incident_table(incidents: pd.DataFrame, full: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Incidents with date at its precision, place, counts and source."""
    places = _names(full["places"], "place_id")
    docs = formatting.document_labels(full["documents"])
    minimum = _minimum_texts(full["figures"], incidents["incident_id"])
    rows = []
    for _, r in incidents.iterrows():
        rows.append(
            {
                "Date": formatting.date_label(r),
                "Incident": r["name"],
                "Source": _basis(r["basis"], r["source"]),
                "Place": places.get(r["place_id"], "") if pd.notna(r["place_id"]) else "",
                "Domain": vocab.label(vocab.DOMAINS, r["domain"]),
                "Dead, at least": minimum.get((r["incident_id"], "dead"), ""),
                "Missing, at least": minimum.get((r["incident_id"], "missing"), ""),
                "Date basis": _basis(r["date_basis"], r["date_source"]),
                "Summary": r["summary"],
                "Document": docs.get(r["document_id"], r["document_id"]),
                "Quote": r["quote"],
            }
        )
    return pd.DataFrame(rows)


def initiative_table(initiatives: pd.DataFrame, full: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Initiatives with kind, status, date, venue and source."""
    places = _names(full["places"], "place_id")
    docs = formatting.document_labels(full["documents"])
    published = {
        d: formatting.date_label(r, "published", "published_end", "published_precision")
        for d, r in full["documents"].set_index("document_id").iterrows()
    }
    rows = []
    for _, r in initiatives.iterrows():
        when = formatting.date_label(r)
        if when == "undated":
            # Listed by its document's date, so say so rather than look out of order.
            when = f"undated (reported {published.get(r['document_id'], '?')})"
        rows.append(
            {
                "Date": when,
                "Initiative": r["name"],
                "Source": _basis(r["basis"], r["source"]),
                "Kind": str(r["kind"]).replace("_", " "),
                "Status": "" if pd.isna(r["status"]) else r["status"],
                "Place": places.get(r["place_id"], "") if pd.notna(r["place_id"]) else "",
                "Date basis": _basis(r["date_basis"], r["date_source"]),
                "Document": docs.get(r["document_id"], r["document_id"]),
                "Quote": r["quote"],
            }
        )
    return pd.DataFrame(rows)


def document_table(documents: pd.DataFrame) -> pd.DataFrame:
    """Documents with outlet, date and domains."""
    rows = []
    for _, r in documents.iterrows():
        rows.append(
            {
                "Title": r["title"],
                "Outlet": formatting.outlet_name(r["outlet"]),
                "Published": formatting.date_label(r, "published", "published_end", "published_precision"),
                "Date basis": _basis(r["published_basis"], r["published_source"]),
                "Domains": ", ".join(vocab.label(vocab.DOMAINS, d) for d in frame_tools.split_list(r["domains"])),
            }
        )
    return pd.DataFrame(rows)

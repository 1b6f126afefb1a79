"""Display tables: records joined with their places, reporters and documents, in readable columns."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trafficking_atlas import queries, vocab

QUOTE_COLUMNS = {
    "Quote": st.column_config.TextColumn("Quote", width="large", help="Verbatim passage of the document"),
    "Summary": st.column_config.TextColumn("Summary", width="large"),
    "Document": st.column_config.TextColumn("Document", help="Source document (see the Sources page)"),
}


def _names(frame: pd.DataFrame, id_col: str) -> dict[str, str]:
    return dict(zip(frame[id_col], frame["name"])) if len(frame) else {}


def _basis(basis: object, source: object) -> str:
    if pd.isna(basis) or basis == "text":
        return "document"
    return f"{basis}: {source}" if pd.notna(source) else str(basis)


def casualty_table(figures: pd.DataFrame, incidents: pd.DataFrame, full: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every casualty figure of every incident, with its qualifier, reporter and source."""
    metrics = vocab.DEAD_METRICS | vocab.MISSING_METRICS
    fig = figures[figures["metric"].isin(metrics) & figures["incident_id"].notna()]
    if fig.empty:
        return pd.DataFrame()
    inc = _names(incidents, "incident_id")
    who = _names(full["stakeholders"], "stakeholder_id")
    docs = queries.document_labels(full["documents"])
    ranges = queries.casualty_ranges(figures, incidents).set_index("incident_id")
    rows = []
    for _, r in fig.iterrows():
        rng = ranges.loc[r["incident_id"]] if r["incident_id"] in ranges.index else None
        kind = "dead" if r["metric"] in vocab.DEAD_METRICS else "missing"
        rows.append(
            {
                "Incident": inc.get(r["incident_id"], r["incident_id"]),
                "Metric": str(r["metric"]).replace("_", " "),
                "Figure": queries.describe_value(r),
                "Range over sources": rng[f"{kind}_text"] if rng is not None else "",
                "Reported by": who.get(r["reported_by"], r["reported_by"])
                if pd.notna(r["reported_by"])
                else (r["value_source"] if pd.notna(r["value_source"]) else ""),
                "Basis": _basis(r["value_basis"], r["value_source"]),
                "Document": docs.get(r["document_id"], r["document_id"]),
                "Quote": r["quote"],
            }
        )
    return pd.DataFrame(rows).sort_values(["Incident", "Metric"], kind="stable")


def incident_table(incidents: pd.DataFrame, full: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Incidents with date at its precision, place, counts and source."""
    places = _names(full["places"], "place_id")
    docs = queries.document_labels(full["documents"])
    rows = []
    for _, r in incidents.iterrows():
        rows.append(
            {
                "Date": queries.date_label(r),
                "Incident": r["name"],
                "Place": places.get(r["place_id"], "") if pd.notna(r["place_id"]) else "",
                "Domain": vocab.label(vocab.DOMAINS, r["domain"]),
                "Dead": "" if pd.isna(r["dead"]) else f"{r['dead']:,.0f}",
                "Missing": "" if pd.isna(r["missing"]) else f"{r['missing']:,.0f}",
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
    docs = queries.document_labels(full["documents"])
    published = {
        d: queries.date_label(r, "published", "published_end", "published_precision")
        for d, r in full["documents"].set_index("document_id").iterrows()
    }
    rows = []
    for _, r in initiatives.iterrows():
        when = queries.date_label(r)
        if when == "undated":
            # Listed by its document's date, so say so rather than look out of order.
            when = f"undated (reported {published.get(r['document_id'], '?')})"
        rows.append(
            {
                "Date": when,
                "Initiative": r["name"],
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
                "Outlet": r["outlet"],
                "Published": queries.date_label(r, "published", "published_end", "published_precision"),
                "Date basis": _basis(r["published_basis"], r["published_source"]),
                "Domains": ", ".join(vocab.label(vocab.DOMAINS, d) for d in queries.split_list(r["domains"])),
                "File": r["document_id"],
            }
        )
    return pd.DataFrame(rows)

"""Reviewing a document's proposals before they enter the atlas (pure): the tables an analyst edits, the records
they accept, and the same checks the loader makes of data/'s rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trafficking_atlas import catalog, loader

ACCEPT = "Accept"
# What the review shows and lets the analyst correct, per dataset (the rest of each record is kept as proposed).
EDITABLE: dict[str, list[str]] = {
    "incidents": ["name", "kind", "domain", "date", "date_precision", "dead", "missing"],
    "figures": ["value", "value_max", "qualifier", "metric", "unit", "reported_by"],
    "stakeholders": ["name", "kind", "country", "role"],
    "places": ["name", "kind", "country"],
    "initiatives": ["name", "kind", "status", "domain", "date", "date_precision"],
    "relations": ["stakeholder_id", "role", "target_type", "target_id"],
}
REVIEWED = tuple(EDITABLE)


def review_table(proposals: dict[str, pd.DataFrame], dataset: str) -> pd.DataFrame:
    """One dataset's proposals as the analyst reviews them: accept (new records on by default; a record the atlas
    already has is a link, shown but not added again), the fields to correct, and the sentence it came from."""
    frame = proposals[dataset]
    known = frame["known"].astype(bool) if "known" in frame else pd.Series(False, index=frame.index)
    table = frame[EDITABLE[dataset]].copy()
    table.insert(0, ACCEPT, ~known)
    if "known" in frame:
        table.insert(1, "In the atlas", known)
    table["quote"] = frame["quote"]
    return table.reset_index(drop=True)


def accepted(proposals: dict[str, pd.DataFrame], edited: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The records to add: each reviewed dataset's accepted rows with the analyst's corrections, and the document.

    `edited` holds the review tables as the analyst left them (`review_table`'s columns, same rows)."""
    out = {"documents": proposals["documents"]}
    for dataset in REVIEWED:
        frame = proposals[dataset].reset_index(drop=True)
        table = edited.get(dataset, review_table(proposals, dataset))
        keep = table[ACCEPT].astype(bool)
        if "known" in frame:
            keep &= ~frame["known"].astype(bool)
        fixed = frame.copy()
        for column in EDITABLE[dataset]:
            fixed[column] = table[column].to_numpy()
        out[dataset] = fixed[keep.to_numpy()].drop(columns="known", errors="ignore").reset_index(drop=True)
    # A figure tied to an incident left out is kept, untied.
    kept = set(out["incidents"]["incident_id"])
    figures = out["figures"]
    initiatives = set(out["initiatives"]["initiative_id"])
    out["figures"] = figures.assign(
        incident_id=figures["incident_id"].where(figures["incident_id"].isin(kept), None),
        initiative_id=figures["initiative_id"].where(figures["initiative_id"].isin(initiatives), None),
    )
    # A relation is kept only while both its ends are: accepted here, or already in the atlas.
    known = proposals["stakeholders"]
    known = set(known.loc[known["known"].astype(bool), "stakeholder_id"]) if "known" in known else set()
    linked = {"stakeholder": set(out["stakeholders"]["stakeholder_id"]) | known,
              "incident": kept, "initiative": initiatives}  # fmt: skip
    rel = out["relations"]
    target = pd.Series([t in linked.get(k, set()) for k, t in zip(rel["target_type"], rel["target_id"])], index=rel.index,
                       dtype=bool)  # fmt: skip
    ends = rel["stakeholder_id"].isin(linked["stakeholder"]) & target
    out["relations"] = rel[ends].reset_index(drop=True)
    return out


def _rows(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    # As the data files hold them: every cell a string, or empty.
    out = {}
    for name, frame in frames.items():
        cells = frame.astype(object).where(frame.notna(), None)
        out[name] = cells.map(lambda v: v if v is None else v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp) else str(v))
    return out


def problems(
    records: dict[str, pd.DataFrame], text: str, data_dir: Path = catalog.DATA_DIR, seeds_dir: Path = catalog.SEEDS_DIR,
    label: str = "the review",
) -> list[loader.DataIssue]:  # fmt: skip
    """What is wrong with the records to add, checked as the loader checks data/'s rows (schema, quote found in the
    text, references); empty when they can be added."""
    doc_id = str(records["documents"]["document_id"].iloc[0])
    base = set(loader.load_dataset(data_dir, seeds_dir).issues)
    merged = loader.load_dataset(data_dir, seeds_dir, loader.Additions(_rows(records), {doc_id: text}, label))
    return [i for i in merged.issues if i not in base]

"""Reviewing a document's proposals before they enter the atlas (pure): the tables an analyst edits, the records
they accept, and the same checks the loader makes of data/'s rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trafficking_atlas import catalog, extract_entities, extraction, grading, loader, vocab

ACCEPT = "Accept"
GRADE = "Grade"  # the analyst's grade of a record, where it differs from its document's
SAME_AS = "Same as"  # a proposed stakeholder or place that is one the atlas has: merged into it, not added
MERGEABLE = {"stakeholders": "stakeholder_id", "places": "place_id"}
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


# What an analyst gives of a record the extractor missed, per dataset; the rest is filled as a proposal's would be.
MISSED: dict[str, list[str]] = {
    "figures": ["value", "metric", "qualifier"],
    "stakeholders": ["name", "kind"],
    "incidents": ["name", "kind", "domain"],
    "initiatives": ["name", "kind", "domain"],
}
MISSED_SOURCE = "added by the analyst at review: the extractor missed it"


def with_missed(proposals: dict[str, pd.DataFrame], missed: list[tuple[str, str, dict]]) -> dict[str, pd.DataFrame]:
    """The proposals with the records the analyst added at review, each (dataset, its sentence, its fields): a new
    row in that dataset's own columns, quoting the sentence chosen from the text, so it is reviewed like the rest."""
    out = dict(proposals)
    doc_id = str(proposals["documents"]["document_id"].iloc[0])
    for n, (dataset, sentence, fields) in enumerate(missed, start=1):
        frame = out[dataset]
        name = str(fields.get("name") or f"{fields.get('metric') or 'figure'}-{float(fields.get('value') or 0):g}")
        ident = f"{extraction.slug(name, 60)}-added-{n}"
        row = {c: None for c in frame.columns} | {catalog.DATASETS[dataset].id_column: ident, "basis": "text",
               "source": MISSED_SOURCE, "document_id": doc_id, "quote": sentence} | fields  # fmt: skip
        if dataset == "figures":
            row |= {"unit": row.get("unit") or "people", "counts_scope": "whole", "qualifier": row["qualifier"] or "exact"}
        if dataset == "stakeholders":
            row |= {"aliases": name, "country": "unknown", "known": False}
        if dataset == "incidents":
            row |= {"summary": sentence}
        out[dataset] = pd.concat([frame, pd.DataFrame([row], columns=frame.columns)], ignore_index=True)
    return out


def choices(dataset: str, field: str) -> list[str]:
    """The values a missed record's field may take (its vocabulary)."""
    if field == "domain":
        return list(vocab.DOMAINS)
    if field == "qualifier":
        return list(vocab.QUALIFIERS)
    return {"stakeholders": list(vocab.STAKEHOLDER_KINDS), "incidents": vocab.INCIDENT_KINDS,
            "initiatives": vocab.INITIATIVE_KINDS}[dataset]  # fmt: skip


def sentences_of(text: str) -> list[str]:
    """The text's sentences, as the extractor cuts them (a missed record quotes one)."""
    return [words for _, _, words in extract_entities.sentences(text)]


def review_table(proposals: dict[str, pd.DataFrame], dataset: str) -> pd.DataFrame:
    """One dataset's proposals as the analyst reviews them: accept (new records on by default; a record the atlas
    already has is a link, shown but not added again), the fields to correct, and the sentence it came from."""
    frame = proposals[dataset]
    known = frame["known"].astype(bool) if "known" in frame else pd.Series(False, index=frame.index)
    table = frame[EDITABLE[dataset]].copy()
    table.insert(0, ACCEPT, ~known)
    if "known" in frame:
        table.insert(1, "In the atlas", known)
    if dataset in MERGEABLE:
        table[SAME_AS] = pd.Series(None, index=table.index, dtype=object)
    if dataset != "places":  # places are the gazetteer, not graded
        table[GRADE] = pd.Series(None, index=table.index, dtype=object)
    table["quote"] = frame["quote"]
    return table.reset_index(drop=True)


def accepted(proposals: dict[str, pd.DataFrame], edited: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The records to add: each reviewed dataset's accepted rows with the analyst's corrections, and the document.

    `edited` holds the review tables as the analyst left them (`review_table`'s columns, same rows)."""
    out = {"documents": proposals["documents"]}
    merged: dict[str, dict[str, str]] = {}
    for dataset in REVIEWED:
        frame = proposals[dataset].reset_index(drop=True)
        table = edited.get(dataset, review_table(proposals, dataset))
        keep = table[ACCEPT].astype(bool)
        if "known" in frame:
            keep &= ~frame["known"].astype(bool)
        fixed = frame.copy()
        for column in EDITABLE[dataset]:
            fixed[column] = table[column].to_numpy()
        if dataset in MERGEABLE and SAME_AS in table:
            same = table[SAME_AS].where(table[SAME_AS].notna() & (table[SAME_AS].astype(str) != ""), None)
            merged[dataset] = {old: str(new) for old, new in zip(frame[MERGEABLE[dataset]], same) if new is not None}
            keep &= same.isna().to_numpy()
        out[dataset] = fixed[keep.to_numpy()].drop(columns="known", errors="ignore").reset_index(drop=True)
    out = _merge(out, merged.get("stakeholders", {}), merged.get("places", {}))
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
    known |= set(merged.get("stakeholders", {}).values())
    linked = {"stakeholder": set(out["stakeholders"]["stakeholder_id"]) | known,
              "incident": kept, "initiative": initiatives}  # fmt: skip
    rel = out["relations"]
    target = pd.Series([t in linked.get(k, set()) for k, t in zip(rel["target_type"], rel["target_id"])], index=rel.index,
                       dtype=bool)  # fmt: skip
    ends = rel["stakeholder_id"].isin(linked["stakeholder"]) & target
    out["relations"] = rel[ends].reset_index(drop=True)
    return out


def grades_given(
    accepted_records: dict[str, pd.DataFrame], edited: dict[str, pd.DataFrame], proposals: dict[str, pd.DataFrame],
    document_grade: str | None, scale: grading.Scale,
) -> pd.DataFrame:  # fmt: skip
    """The grades given at review, to store with the records: the document's, and each accepted record's own where
    the analyst gave one (a record left blank carries its document's). GradeError names a grade off the scale."""
    doc_id = str(accepted_records["documents"]["document_id"].iloc[0])
    rows = []
    if document_grade:
        rows.append({"dataset": "documents", "record_id": doc_id, "grade": grading.parse(document_grade, scale)})
    for dataset, table in edited.items():
        if GRADE not in table:
            continue
        id_col = catalog.DATASETS[dataset].id_column
        kept = set(accepted_records.get(dataset, pd.DataFrame({id_col: []}))[id_col])
        ids = proposals[dataset].reset_index(drop=True)[id_col]
        for ident, code in zip(ids, table[GRADE]):
            if ident in kept and code is not None and not pd.isna(code) and str(code).strip():
                rows.append({"dataset": dataset, "record_id": str(ident), "grade": grading.parse(code, scale)})
    frame = pd.DataFrame(rows, columns=["dataset", "record_id", "grade"])
    return frame.assign(scale=scale.key, note=None)


def _merge(out: dict[str, pd.DataFrame], people: dict[str, str], places: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Point every reference to a merged stakeholder or place at the atlas record it was merged into."""
    rel = out["relations"]
    targets = rel["target_id"].where(rel["target_type"] != "stakeholder", rel["target_id"].replace(people))
    out["relations"] = rel.assign(stakeholder_id=rel["stakeholder_id"].replace(people), target_id=targets)
    out["figures"] = out["figures"].assign(reported_by=out["figures"]["reported_by"].replace(people),
                                           place_id=out["figures"]["place_id"].replace(places))  # fmt: skip
    for dataset in ("incidents", "initiatives"):
        out[dataset] = out[dataset].assign(place_id=out[dataset]["place_id"].replace(places))
    sh = out["stakeholders"]
    out["stakeholders"] = sh.assign(organisation_id=sh["organisation_id"].replace(people))
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
    label: str = "the review", existing: loader.Additions | None = None,
) -> list[loader.DataIssue]:  # fmt: skip
    """What is wrong with the records to add, checked as the loader checks data/'s rows (schema, quote found in the
    text, references to data/ and to what the store already holds, `existing`); empty when they can be added."""
    doc_id = str(records["documents"]["document_id"].iloc[0])
    before = existing or loader.Additions({}, {}, label)
    base = set(loader.load_dataset(data_dir, seeds_dir, loader.Additions(before.rows, before.texts, label)).issues)
    new = _rows(records)
    rows = {name: pd.concat([before.rows[name], frame], ignore_index=True) if name in before.rows else frame
            for name, frame in new.items()} | {n: f for n, f in before.rows.items() if n not in new}  # fmt: skip
    merged = loader.load_dataset(data_dir, seeds_dir, loader.Additions(rows, before.texts | {doc_id: text}, label))
    return [i for i in merged.issues if i not in base]

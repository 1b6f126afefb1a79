"""A record addressed by type and id: names by id, a document's records in words, a record's fields in words."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trafficking_atlas import catalog, grading
from trafficking_atlas.formatting import document_labels, figure_texts, plain
from trafficking_atlas.provenance import provenance, provenance_texts


@dataclass(frozen=True)
class Lookups:
    """Names and labels built once per data version: each document's label ('Dawn · 27 Apr 2024') and every named
    record's name by id, per dataset."""

    documents: dict[str, str]
    names: dict[str, dict[str, str]]

    def name(self, dataset: str, ident: object) -> str:
        """A record's name, else its id."""
        return self.names.get(dataset, {}).get(ident, str(ident))

    def document(self, document_id: object) -> str:
        """A document's label, else its id."""
        return self.documents.get(document_id, str(document_id))


def lookups(data: dict[str, pd.DataFrame]) -> Lookups:
    """The `Lookups` of the whole dataset."""
    return Lookups(document_labels(data["documents"]), record_names(data))


def record_names(data: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Every named record's name by id, per dataset (`stakeholders`, `initiatives`, ...)."""
    out = {}
    for entry in catalog.DATASETS.values():
        if entry.named:
            frame = data.get(entry.name)
            out[entry.name] = {} if frame is None else dict(zip(frame[entry.id_column].tolist(), frame["name"].tolist()))
    return out


def waypoint_id(route_id: object, seq: object) -> str:
    """A route stop's id: its route and its number ("channel-crossing-2")."""
    return f"{route_id}-{seq}"


def records_of_document(
    data: dict[str, pd.DataFrame], document_id: str, names: dict[str, dict[str, str]] | None = None
) -> pd.DataFrame:
    """Every record drawn from one document: its dataset, id, a label in words, where it comes from and its quote.
    `names` (from `record_names` of the whole dataset) names the records a label refers to."""
    names = names if names is not None else record_names(data)

    def name(dataset: str, ident: object) -> str:
        return names.get(dataset, {}).get(ident, str(ident))

    def relation(r: dict) -> str:
        target = catalog.TARGETS[r["target_type"]].name if r["target_type"] in catalog.TARGETS else ""
        role = str(r["role"]).replace("_", " ")
        return f"{name('stakeholders', r['stakeholder_id'])} — {role} — {name(target, r['target_id'])}"

    label_of = {
        "incidents": lambda r: r["name"],
        "initiatives": lambda r: r["name"],
        "stakeholders": lambda r: r["name"],
        "places": lambda r: r["name"],
        "routes": lambda r: r["name"],
        "figures": None,
        "relations": relation,
        "route_waypoints": lambda r: f"{name('routes', r['route_id'])}, stop {r['seq']}: {name('places', r['place_id'])}",
    }
    rows = []
    for dataset, make_label in label_of.items():
        frame = data.get(dataset)
        if frame is None or frame.empty:
            continue
        mine = frame[frame["document_id"] == document_id]
        if mine.empty:
            continue
        if dataset == "figures":
            labels = figure_texts(mine, names.get("stakeholders", {})).tolist()
        else:  # plain dicts, not iterrows: a synthetic document holds thousands of records
            labels = [
                make_label(r) + (" · outside the documents" if r.get("basis") == "external" else "")
                for r in mine.to_dict("records")
            ]
        source = provenance_texts(mine["basis"], mine["source"]).tolist()
        if dataset == "route_waypoints":
            idents = [waypoint_id(r, q) for r, q in zip(mine["route_id"].tolist(), mine["seq"].tolist())]
        else:
            idents = mine[catalog.DATASETS[dataset].id_column].tolist()
        for rid, label, src, quote in zip(idents, labels, source, mine["quote"].tolist()):
            rows.append({"type": dataset, "id": rid, "record": label, "source": src, "quote": quote})
    return pd.DataFrame(rows, columns=["type", "id", "record", "source", "quote"])


FIELD_LABELS = {"document_id": "Document", "reported_by": "Reported by", "organisation_id": "Organisation",
                "parent_id": "Part of", "target_id": "Tied to", "target_type": "Tied to (type)", "seq": "Stop",
                "lat": "Latitude", "lon": "Longitude", "value_max": "Value (upper end)", "counts_scope": "Scope of the count",
                "basis": "From", "source": "Source", "date_end": "Date (end)", "period_end": "Period (end)"}  # fmt: skip


def record_fields(
    record: pd.Series, names: dict[str, dict[str, str]], documents: dict[str, str], graded: bool = True
) -> pd.DataFrame:
    """A record's fields in plain words for a detail table: labels instead of column names, names instead of ids;
    a record of a graded type that no analyst has graded says so."""
    rows = []
    if graded and pd.isna(record.get("grade")):
        rows.append({"Field": "Grade", "Value": "ungraded (grade its document on the Sources page)"})
    # The record's own id is the link's business, not the reader's (a named record shows its name).
    own = ["quote", "figure_id", "relation_id", "grade_scale", "grade_note"]
    for column, value in record.drop(labels=own, errors="ignore").dropna().items():
        label = FIELD_LABELS.get(column) or column.removesuffix("_id").replace("_", " ").capitalize()
        if column in catalog.ID_TARGETS:
            value = names.get(catalog.ID_TARGETS[column], {}).get(value, value)
        elif column == "target_id":
            target = catalog.TARGETS.get(record.get("target_type"))
            value = names.get(target.name if target else "", {}).get(value, value)
        elif column == "document_id":
            value = documents.get(value, value)
        elif column == "basis":
            value = provenance(value, record.get("source")).split(":")[0]
        elif column == "grade":
            value = grading.describe(value, record.get("grade_scale")) + f" ({record.get('grade_note')})"
        elif column == "counts_scope":
            value = {"whole": "everyone it concerns", "part": "a group among them"}.get(value, value)
        rows.append({"Field": label, "Value": plain(value).replace("_", " ") if column in ("kind", "role", "metric",
                     "qualifier", "domain", "status", "target_type") else plain(value)})  # fmt: skip
    return pd.DataFrame(rows, columns=["Field", "Value"])

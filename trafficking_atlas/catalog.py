"""The catalog: one entry per dataset (its file, schema, id column and names in words), used everywhere a dataset is
named, and where the data and seeds folders are."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from trafficking_atlas import schemas

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"


@dataclass(frozen=True)
class Entry:
    """A dataset: its name, file, schema, id column (None: a route stop is its route and number), one record in words
    ("Incident"), many in words ("incidents"), how a relation names it as a target, and whether it has a name."""

    name: str
    file: str
    schema: type[schemas.Base]
    id_column: str | None
    record: str
    label: str
    target_type: str | None = None
    named: bool = False

    def columns(self) -> list[str]:
        """The columns the dataset's file must have, in schema order."""
        return list(self.schema.to_schema().columns)

    def empty_frame(self) -> pd.DataFrame:
        """An empty, valid frame of the dataset, used when its file cannot be read."""
        return self.schema.validate(pd.DataFrame({c: pd.Series(dtype=str) for c in self.columns()}))


# Order matters: a dataset is checked after the datasets it refers to.
DATASETS: dict[str, Entry] = {
    e.name: e
    for e in (
        Entry("documents", "documents.csv", schemas.Documents, "document_id", "Document", "documents"),
        Entry("places", "places.csv", schemas.Places, "place_id", "Place", "places", named=True),
        Entry("stakeholders", "stakeholders.csv", schemas.Stakeholders, "stakeholder_id", "Stakeholder", "stakeholders",
              "stakeholder", named=True),
        Entry("initiatives", "initiatives.csv", schemas.Initiatives, "initiative_id", "Initiative", "initiatives",
              "initiative", named=True),
        Entry("incidents", "incidents.csv", schemas.Incidents, "incident_id", "Incident", "incidents", "incident",
              named=True),
        Entry("routes", "routes.csv", schemas.Routes, "route_id", "Route", "routes", named=True),
        Entry("route_waypoints", "route_waypoints.csv", schemas.RouteWaypoints, None, "Waypoint", "route stops"),
        Entry("figures", "figures.csv", schemas.Figures, "figure_id", "Figure", "figures"),
        Entry("relations", "relations.csv", schemas.Relations, "relation_id", "Relation", "relations"),
    )
}  # fmt: skip

# The dataset a relation's `target_type` names ("incident" -> incidents).
TARGETS: dict[str, Entry] = {e.target_type: e for e in DATASETS.values() if e.target_type}
# The dataset each id column names, from the schemas' references (`reported_by` -> stakeholders).
ID_TARGETS: dict[str, str] = {
    column: target for (_, column), (target, _) in schemas.REFERENCES.items() if column != "document_id"
}


def record_key(dataset: str, ident: object) -> str:
    """How a record is addressed in links and on the Sources page: "<dataset>:<id>"."""
    return f"{dataset}:{ident}"


# Each dataset's file name, for code that only reads or writes the files.
FILES: dict[str, str] = {name: e.file for name, e in DATASETS.items()}

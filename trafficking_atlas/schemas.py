"""One pandera schema per record type; the loader checks every file against its schema."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from trafficking_atlas import vocab

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_LIST = r"^[a-z_]+(?:;[a-z_]+)*$"


def _id(**kwargs) -> pa.Field:
    return pa.Field(str_matches=ID_PATTERN, **kwargs)


class Base(pa.DataFrameModel):
    class Config:
        coerce = True
        strict = False


class _Provenance(Base):
    document_id: Series[str]
    quote: Series[str] = pa.Field(str_length={"min_value": 3})


class _Sourced(_Provenance):
    """How the record itself is known: the quote supports it (`text`), it is worked out (`inferred`) or outside."""

    basis: Series[str] = pa.Field(isin=vocab.BASES)
    source: Series[str] = pa.Field(nullable=True)


class _Dated(_Sourced):
    date: Series[pd.Timestamp] = pa.Field(nullable=True)
    date_end: Series[pd.Timestamp] = pa.Field(nullable=True)
    date_precision: Series[str] = pa.Field(isin=vocab.PRECISIONS, nullable=True)
    date_basis: Series[str] = pa.Field(isin=vocab.DATE_BASES, nullable=True)
    date_source: Series[str] = pa.Field(nullable=True)


class Documents(Base):
    document_id: Series[str] = pa.Field(unique=True, str_matches=r"^[\w.-]+\.(?:txt|csv)$")  # .csv: an imported dataset
    title: Series[str]
    title_basis: Series[str] = pa.Field(isin=vocab.TITLE_BASES)
    outlet: Series[str]
    author: Series[str] = pa.Field(nullable=True)
    published: Series[pd.Timestamp] = pa.Field(nullable=True)  # unreadable: the document is kept, undated
    published_end: Series[pd.Timestamp] = pa.Field(nullable=True)
    published_precision: Series[str] = pa.Field(isin=vocab.PRECISIONS)
    published_basis: Series[str] = pa.Field(isin=vocab.DATE_BASES)
    published_source: Series[str] = pa.Field(nullable=True)
    domains: Series[str] = pa.Field(str_matches=DATE_LIST)
    summary: Series[str]
    quote: Series[str] = pa.Field(str_length={"min_value": 3})


class Places(_Sourced):
    place_id: Series[str] = _id(unique=True)
    name: Series[str]
    aliases: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=vocab.PLACE_KINDS)
    country: Series[str]
    region: Series[str] = pa.Field(nullable=True)
    lat: Series[float] = pa.Field(ge=-90, le=90)
    lon: Series[float] = pa.Field(ge=-180, le=180)
    coord_basis: Series[str] = pa.Field(isin=vocab.COORD_BASES)
    coord_source: Series[str] = pa.Field(nullable=True)


class Stakeholders(_Sourced):
    stakeholder_id: Series[str] = _id(unique=True)
    name: Series[str]
    aliases: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=list(vocab.STAKEHOLDER_KINDS))
    country: Series[str]
    role: Series[str] = pa.Field(nullable=True)
    organisation_id: Series[str] = pa.Field(nullable=True)
    description: Series[str] = pa.Field(nullable=True)


class Initiatives(_Dated):
    initiative_id: Series[str] = _id(unique=True)
    name: Series[str]
    aliases: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=vocab.INITIATIVE_KINDS)
    status: Series[str] = pa.Field(isin=vocab.INITIATIVE_STATUSES, nullable=True)
    parent_id: Series[str] = pa.Field(nullable=True)
    place_id: Series[str] = pa.Field(nullable=True)
    domain: Series[str] = pa.Field(isin=list(vocab.DOMAINS))
    focus: Series[str] = pa.Field(nullable=True)


class Incidents(_Dated):
    incident_id: Series[str] = _id(unique=True)
    name: Series[str]
    kind: Series[str] = pa.Field(isin=vocab.INCIDENT_KINDS)
    place_id: Series[str] = pa.Field(nullable=True)
    lat: Series[float] = pa.Field(ge=-90, le=90, nullable=True)
    lon: Series[float] = pa.Field(ge=-180, le=180, nullable=True)
    coord_basis: Series[str] = pa.Field(isin=vocab.COORD_BASES, nullable=True)
    coord_source: Series[str] = pa.Field(nullable=True)
    domain: Series[str] = pa.Field(isin=list(vocab.DOMAINS))
    dead: Series[float] = pa.Field(ge=0, nullable=True)
    missing: Series[float] = pa.Field(ge=0, nullable=True)
    other_counts: Series[str] = pa.Field(nullable=True)
    summary: Series[str]
    # An imported dataset's row: its own id in the dataset, link, source quality and how precise its place is; and the
    # documents' incident an analyst confirmed it describes (`same_as`).
    row_id: Series[str] = pa.Field(nullable=True)
    url: Series[str] = pa.Field(nullable=True)
    source_quality: Series[str] = pa.Field(nullable=True)
    coord_precision: Series[str] = pa.Field(nullable=True)
    # An imported row's country and region of incident as the dataset names them: the area filter's only way to it
    # (a documents' incident is in an area through its gazetteer place).
    country: Series[str] = pa.Field(nullable=True)
    region: Series[str] = pa.Field(nullable=True)
    same_as: Series[str] = pa.Field(nullable=True)


class Figures(_Sourced):
    figure_id: Series[str] = _id(unique=True)
    value: Series[float]
    value_max: Series[float] = pa.Field(nullable=True)
    qualifier: Series[str] = pa.Field(isin=list(vocab.QUALIFIERS))
    metric: Series[str] = pa.Field(str_matches=r"^[a-z_]+$")
    unit: Series[str]
    period_start: Series[pd.Timestamp] = pa.Field(nullable=True)
    period_end: Series[pd.Timestamp] = pa.Field(nullable=True)
    period_precision: Series[str] = pa.Field(isin=vocab.PRECISIONS, nullable=True)
    geography: Series[str] = pa.Field(nullable=True)
    place_id: Series[str] = pa.Field(nullable=True)
    incident_id: Series[str] = pa.Field(nullable=True)
    initiative_id: Series[str] = pa.Field(nullable=True)
    counts: Series[str] = pa.Field(nullable=True)
    counts_scope: Series[str] = pa.Field(isin=vocab.COUNTS_SCOPES, nullable=True)
    reported_by: Series[str] = pa.Field(nullable=True)
    note: Series[str] = pa.Field(nullable=True)


class Relations(_Sourced):
    relation_id: Series[str] = _id(unique=True)
    stakeholder_id: Series[str]
    target_type: Series[str] = pa.Field(isin=vocab.TARGET_TYPES)
    target_id: Series[str]
    role: Series[str] = pa.Field(str_matches=r"^[a-z_]+$")
    note: Series[str] = pa.Field(nullable=True)


class Routes(_Dated):
    """A route; its date is the journey's or the event's it belongs to (blank: its document's date)."""

    route_id: Series[str] = _id(unique=True)
    name: Series[str]
    domain: Series[str] = pa.Field(isin=list(vocab.DOMAINS))
    description: Series[str] = pa.Field(nullable=True)


class RouteWaypoints(_Sourced):
    route_id: Series[str]
    seq: Series[int] = pa.Field(ge=1)
    place_id: Series[str]
    role: Series[str] = pa.Field(isin=vocab.WAYPOINT_ROLES)


# Cells that mean something only together: when one cannot be read and is cleared, the others are cleared with it
# (a longitude without its latitude, a date's precision without the date).
CLEARED_TOGETHER: tuple[tuple[str, ...], ...] = (
    ("lat", "lon", "coord_basis", "coord_source"),
    ("date", "date_end", "date_precision", "date_basis", "date_source"),
    ("published", "published_end"),
    ("period_start", "period_end", "period_precision"),
    ("value", "value_max"),
)

# Foreign keys: (dataset, column) -> (target dataset, target id column).
REFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("places", "document_id"): ("documents", "document_id"),
    ("stakeholders", "document_id"): ("documents", "document_id"),
    ("stakeholders", "organisation_id"): ("stakeholders", "stakeholder_id"),
    ("initiatives", "document_id"): ("documents", "document_id"),
    ("initiatives", "parent_id"): ("initiatives", "initiative_id"),
    ("initiatives", "place_id"): ("places", "place_id"),
    ("incidents", "document_id"): ("documents", "document_id"),
    ("incidents", "place_id"): ("places", "place_id"),
    ("incidents", "same_as"): ("incidents", "incident_id"),
    ("routes", "document_id"): ("documents", "document_id"),
    ("route_waypoints", "document_id"): ("documents", "document_id"),
    ("route_waypoints", "route_id"): ("routes", "route_id"),
    ("route_waypoints", "place_id"): ("places", "place_id"),
    ("figures", "document_id"): ("documents", "document_id"),
    ("figures", "place_id"): ("places", "place_id"),
    ("figures", "incident_id"): ("incidents", "incident_id"),
    ("figures", "initiative_id"): ("initiatives", "initiative_id"),
    ("figures", "reported_by"): ("stakeholders", "stakeholder_id"),
    ("relations", "document_id"): ("documents", "document_id"),
    ("relations", "stakeholder_id"): ("stakeholders", "stakeholder_id"),
}

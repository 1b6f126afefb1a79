"""Everything the dataset holds about one selected record, for detail panels."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd

from trafficking_atlas import formatting, grading, provenance, records, vocab


@dataclass(frozen=True)
class RecordHeader:
    """What a detail panel says first about a record: its name, a line of facts, how it is known, its text, its quote,
    and where to read it (`record` is "<record type>:<id>", as the Sources page addresses it)."""

    title: str
    line: str
    provenance: list[str]
    body: str | None
    quote: str
    document_id: str
    record: str
    outside: str | None = None  # the record's outside source, when it comes from outside the documents


@dataclass(frozen=True)
class IncidentDetail:
    """An incident's header, its figures (every source), the stakeholders tied to it and its document's initiatives."""

    header: RecordHeader
    figures: pd.DataFrame
    stakeholders: pd.DataFrame
    initiatives: pd.DataFrame


@dataclass(frozen=True)
class RouteDetail:
    """A route's header, its waypoints with how each is known, and the incidents on it."""

    header: RecordHeader
    waypoints: pd.DataFrame
    incidents: pd.DataFrame


@dataclass(frozen=True)
class VenueDetail:
    """A venue's header, the initiatives held or launched there and the stakeholders tied to them."""

    header: RecordHeader
    initiatives: pd.DataFrame
    stakeholders: pd.DataFrame = field(default_factory=pd.DataFrame)


def header(record: pd.Series, dataset: str, id_column: str, line: str, body: object = None) -> RecordHeader:
    """A record's detail header (its date and domain, or what `line` says)."""
    outside = provenance.provenance(record.get("basis"), record.get("source")) if record.get("basis") == "external" else None
    return RecordHeader(
        title=str(record["name"]),
        line=line,
        provenance=provenance_lines(record, dataset != "places"),
        body=None if body is None or pd.isna(body) else str(body),
        quote=str(record["quote"]),
        document_id=str(record["document_id"]),
        record=f"{dataset}:{record[id_column]}",
        outside=outside,
    )


def event_line(record: pd.Series) -> str:
    """An incident's or route's date and domain: '14 Jun 2023 · Migrant smuggling'."""
    return f"{formatting.date_label(record)} · {vocab.label(vocab.DOMAINS, record['domain'])}"


def _dates(frame: pd.DataFrame) -> pd.Series:
    """Each record's date at its precision, marked when it comes from outside the documents."""
    return formatting.date_labels(frame["date"], frame["date_end"], frame["date_precision"], frame["date_basis"])


def figures_table(figures: pd.DataFrame, data: dict[str, pd.DataFrame], look: records.Lookups | None = None) -> pd.DataFrame:
    """Figures with their value as read, whom they count, who reported them, where they come from, document and quote."""
    look = look or records.lookups(data)
    outside = provenance.is_outside(figures).tolist()
    # A reference fact is anchored to the document's passage on the same event, which does not state it.
    documents = [look.document(d) + (" (names the event; the figure is not in it)" if ext else "")
                 for d, ext in zip(figures["document_id"].tolist(), outside)]  # fmt: skip
    values = formatting.describe_values(figures) + " " + figures["metric"].astype(str).str.replace("_", " ")
    return pd.DataFrame({
        "Figure": values.tolist(),
        "Counts": formatting.counts_texts(figures).tolist(),
        "Source": provenance.provenance_texts(figures["basis"], figures["source"]).tolist(),
        "Reported by": formatting.reporters(figures, look.names.get("stakeholders", {})).tolist(),
        "Grade": grading.grade_texts(figures).tolist(),
        "Note": figures["note"].astype(object).where(figures["note"].notna(), "").tolist(),
        "Document": documents,
        "Quote": figures["quote"].tolist(),
        "record": ("figures:" + figures["figure_id"].astype(str)).tolist(),
        "document_id": figures["document_id"].tolist(),
    }, columns=["Figure", "Counts", "Source", "Reported by", "Grade", "Note", "Document", "Quote", "record",
                "document_id"])  # fmt: skip


def relations_table(relations: pd.DataFrame, data: dict[str, pd.DataFrame], look: records.Lookups | None = None) -> pd.DataFrame:
    """Relations with the stakeholder's name and kind, the role, where it comes from and the quote."""
    sh = data["stakeholders"].set_index("stakeholder_id")
    docs = (look or records.lookups(data)).documents
    source = provenance.provenance_texts(relations["basis"], relations["source"])
    rows = []
    for r, src, grade in zip(relations.to_dict("records"), source.tolist(), grading.grade_texts(relations).tolist()):
        known = r["stakeholder_id"] in sh.index
        rows.append({
            "Stakeholder": sh.at[r["stakeholder_id"], "name"] if known else r["stakeholder_id"],
            "Kind": vocab.label(vocab.STAKEHOLDER_KINDS, sh.at[r["stakeholder_id"], "kind"]) if known else "",
            "Role": str(r["role"]).replace("_", " "),
            "Source": src,
            "Grade": grade,
            "Document": docs.get(r["document_id"], r["document_id"]),
            "Quote": r["quote"],
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["Stakeholder", "Kind", "Role", "Source", "Grade", "Document", "Quote"])


def coordinates(coord_basis: object, coord_source: object) -> str:
    """How a point's coordinates are known, as shown: a gazetteer's or a reference fact's are from outside the
    documents, a representative point for a vague area is inferred."""
    basis = {"gazetteer": "external", "approximate": "inferred"}.get(coord_basis, coord_basis)
    source = coord_source if isinstance(coord_source, str) else ""
    if coord_basis == "dataset":
        return "as the dataset gives them" + (f" ({source})" if source else "")
    if coord_basis == "gazetteer":
        source = "the standard coordinates of the named place" + (f" ({source})" if source else "")
    return provenance.provenance(basis, source)


def provenance_lines(record: pd.Series, graded: bool = True) -> list[str]:
    """How a record and its dated and placed fields are known, one line each, outside facts named with their source;
    and its grade, where its type is graded."""
    lines = [f"Record: {provenance.provenance(record.get('basis'), record.get('source'))}"]
    if graded:
        lines.append(grading.grade_line(record))
    if record.get("date_basis") == "dataset" and pd.notna(record.get("date")):
        source = record.get("date_source")
        lines.append("Date: as the dataset gives it" + (f" ({source})" if pd.notna(source) and source else ""))
    elif pd.notna(record.get("date")) and record.get("date_basis") not in (None, "text") and pd.notna(record.get("date_basis")):
        lines.append(f"Date: {provenance.provenance(record['date_basis'], record.get('date_source'))}")
    if pd.notna(record.get("coord_basis")):
        lines.append(f"Coordinates: {coordinates(record['coord_basis'], record.get('coord_source'))}")
    return lines


def incident_detail(
    data: dict[str, pd.DataFrame], incident_id: str, look: records.Lookups | None = None
) -> IncidentDetail | None:
    """An incident's record, its figures (every source), the stakeholders tied to it and its document's initiatives."""
    inc = data["incidents"][data["incidents"]["incident_id"] == incident_id]
    if inc.empty:
        return None
    row = inc.iloc[0]
    # A dataset's incidents an analyst confirmed as this one: their figures are listed beside its own, marked.
    same = data["incidents"]["same_as"] if "same_as" in data["incidents"] else pd.Series(dtype=object)
    linked = data["incidents"][(same == incident_id).fillna(False).astype(bool)]
    about = {incident_id, *linked["incident_id"]}
    figures = data["figures"][data["figures"]["incident_id"].isin(about)]
    rel = data["relations"]
    tied = rel[(rel["target_type"] == "incident") & (rel["target_id"] == incident_id)]
    same_doc = data["initiatives"][data["initiatives"]["document_id"] == row["document_id"]]
    top = header(row, "incidents", "incident_id", event_line(row), row["summary"])
    extra = dataset_lines(row, data, linked, look)
    return IncidentDetail(
        header=dataclasses.replace(top, provenance=top.provenance + extra) if extra else top,
        figures=figures_table(figures, data, look).drop(columns=["record", "document_id"]),
        stakeholders=relations_table(tied, data, look),
        initiatives=pd.DataFrame(
            {
                "Initiative": same_doc["name"],
                "Kind": same_doc["kind"].str.replace("_", " "),
                "Status": same_doc["status"].fillna(""),
                "Date": _dates(same_doc),
            }
        ).reset_index(drop=True),  # fmt: skip
    )


def dataset_lines(
    row: pd.Series, data: dict[str, pd.DataFrame], linked: pd.DataFrame, look: records.Lookups | None = None
) -> list[str]:
    """An incident's lines on datasets: where an imported one is in its dataset (row, source quality, link) and the
    documents' incident it was confirmed as; for the documents' incident, the datasets' rows confirmed as it."""
    docs = (look or records.lookups(data)).documents
    lines = []
    if row.get("basis") == "dataset":
        lines.append(f"Dataset: {docs.get(row['document_id'], row['document_id'])} · {datasets_row(row)}")
        if pd.notna(row.get("url")) and row.get("url"):
            lines.append(f"Link given by the dataset: {row['url']}")
        if pd.notna(row.get("same_as")) and row.get("same_as"):
            names = data["incidents"].set_index("incident_id")["name"]
            same = names.get(row["same_as"], row["same_as"])
            lines.append(f"Same event as the documents' incident “{same}” (confirmed by an analyst)")
    for other in linked.to_dict("records"):
        lines.append(f"Also recorded in {docs.get(other['document_id'], other['document_id'])}: {datasets_row(other)} "
                     "(confirmed by an analyst; its figures are listed below, marked as a dataset's row)")  # fmt: skip
    return lines


def datasets_row(incident: pd.Series | dict) -> str:
    """Where an imported incident is in its dataset, in words: 'row 12345 · source quality 3'."""
    get = incident.get
    parts = [f"row {get('row_id')}" if pd.notna(get("row_id")) and get("row_id") else "row (no id of its own)"]
    if pd.notna(get("source_quality")) and get("source_quality"):
        parts.append(f"source quality {get('source_quality')} (as the dataset grades its source)")
    if pd.notna(get("coord_precision")) and get("coord_precision"):
        parts.append(f"place precision: {get('coord_precision')}")
    return " · ".join(parts)


def route_detail(data: dict[str, pd.DataFrame], route_id: str) -> RouteDetail | None:
    """A route's record and its waypoints with how each is known."""
    route = data["routes"][data["routes"]["route_id"] == route_id]
    if route.empty:
        return None
    places = data["places"].set_index("place_id")
    wp = data["route_waypoints"][data["route_waypoints"]["route_id"] == route_id].sort_values("seq")
    stops = pd.DataFrame({
        "#": wp["seq"].astype(int),
        "Place": wp["place_id"].map(lambda p: places.at[p, "name"] if p in places.index else p),
        "Role": wp["role"].str.replace("_", " "),
        "Source": provenance.provenance_texts(wp["basis"], wp["source"]).tolist(),
        "Coordinates": [
            coordinates(places.at[p, "coord_basis"], places.at[p, "coord_source"]) if p in places.index else ""
            for p in wp["place_id"]
        ],
        "Quote": wp["quote"],
    }).reset_index(drop=True)  # fmt: skip
    on_route = data["incidents"][data["incidents"]["place_id"].isin(set(wp["place_id"]))]
    incidents = pd.DataFrame({"Incident": on_route["name"], "Date": _dates(on_route)})
    row = route.iloc[0]
    return RouteDetail(
        header(row, "routes", "route_id", event_line(row), row["description"]), stops, incidents.reset_index(drop=True)
    )


def venue_detail(data: dict[str, pd.DataFrame], place_id: str, look: records.Lookups | None = None) -> VenueDetail | None:
    """A venue, the initiatives held or launched there and the stakeholders tied to them."""
    place = data["places"][data["places"]["place_id"] == place_id]
    if place.empty:
        return None
    ini = data["initiatives"][data["initiatives"]["place_id"] == place_id]
    rel = data["relations"]
    tied = rel[(rel["target_type"] == "initiative") & rel["target_id"].isin(set(ini["initiative_id"]))]
    docs = (look or records.lookups(data)).documents
    table = pd.DataFrame({
        "Date": _dates(ini),
        "Initiative": ini["name"],
        "Kind": ini["kind"].str.replace("_", " "),
        "Status": ini["status"].fillna(""),
        "Document": ini["document_id"].map(lambda d: docs.get(d, d)),
        "Quote": ini["quote"],
    }).reset_index(drop=True)  # fmt: skip
    row = place.iloc[0]
    line = f"{str(row['kind']).capitalize()} · {row['country']}"
    return VenueDetail(header(row, "places", "place_id", line), table, relations_table(tied, data, look))

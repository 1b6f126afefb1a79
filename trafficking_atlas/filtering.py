"""The global filters and what they leave of each dataset (pure `frames -> frames`), and record order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from trafficking_atlas import grading
from trafficking_atlas.frame_tools import ids, member, split_list


@dataclass(frozen=True)
class Filters:
    """The global filters; an empty tuple means no restriction."""

    date_from: date | None = None
    date_to: date | None = None
    domains: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    stakeholders: tuple[str, ...] = field(default=())
    reliability: tuple[str, ...] = ()  # source letters on `grade_scale` ("A", "B": "only A–B sources")
    credibility: tuple[str, ...] = ()  # information digits on `grade_scale`
    grade_scale: str = grading.EUROPOL.key

    def is_dated(self) -> bool:
        return self.date_from is not None or self.date_to is not None


def span(frame: pd.DataFrame, documents: pd.DataFrame, start: str = "date", end: str = "date_end") -> pd.DataFrame:
    """Each record's [start, end] span, falling back to its document's publication span when undated.

    Args:
        frame: records with `document_id` and the two date columns.
        documents: the documents frame.
        start, end: names of the record's date columns.

    Returns:
        A frame indexed like `frame` with columns `start` and `end` (Timestamps, possibly NaT).
    """
    pub = documents.set_index("document_id")
    doc_start = frame["document_id"].map(pub["published"]) if len(pub) else pd.Series(pd.NaT, index=frame.index)
    doc_end = frame["document_id"].map(pub["published_end"].fillna(pub["published"])) if len(pub) else doc_start
    s = frame[start].fillna(doc_start)
    e = frame[end].fillna(frame[start]).fillna(doc_end)
    return pd.DataFrame({"start": pd.to_datetime(s), "end": pd.to_datetime(e)}, index=frame.index)


# The date columns of each dated dataset, as `span` reads them.
SPAN_COLUMNS = {
    "documents": ("published", "published_end"),
    "incidents": ("date", "date_end"),
    "initiatives": ("date", "date_end"),
    "figures": ("period_start", "period_end"),
    "routes": ("date", "date_end"),
}


def record_spans(data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every dated dataset's `span`s: they depend on the data alone, so they are worked out once per data version."""
    return {name: span(data[name], data["documents"], *SPAN_COLUMNS[name]) for name in SPAN_COLUMNS if name in data}


def _spans_of(frame: pd.DataFrame, name: str, data: dict[str, pd.DataFrame], spans: dict | None) -> pd.DataFrame:
    # The spans worked out in advance, narrowed to the frame's rows (a grade filter narrows the data first).
    known = (spans or {}).get(name)
    if known is None:
        return span(frame, data["documents"], *SPAN_COLUMNS[name])
    return known if known.index.equals(frame.index) else known.loc[frame.index]


def _kept(frame: pd.DataFrame, keep: pd.Series) -> pd.DataFrame:
    # Keeping every row returns the frame itself: no copy of a million rows when a filter leaves them all.
    return frame if bool(keep.all()) else frame[keep]


def in_date_range(spans: pd.DataFrame, f: Filters) -> pd.Series:
    """Whether each span overlaps the filter's date range (undated spans pass only an open range)."""
    keep = pd.Series(True, index=spans.index)
    if f.date_from is not None:
        keep &= spans["end"] >= pd.Timestamp(f.date_from)
    if f.date_to is not None:
        keep &= spans["start"] <= pd.Timestamp(f.date_to)
    return keep.fillna(False).astype(bool)


def area_names(places: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The regions and the countries the gazetteer knows, sorted."""
    regions = sorted(set(places.get("region", pd.Series(dtype=str)).dropna()))
    countries = sorted(set(places.loc[places["kind"] == "country", "name"]))
    return regions, countries


def country_regions(places: pd.DataFrame) -> dict[str, str]:
    """Each country's region, from the gazetteer's country records."""
    if "region" not in places:
        return {}
    rows = places[(places["kind"] == "country") & places["region"].notna()]
    return dict(zip(rows["name"], rows["region"]))


def places_in_areas(places: pd.DataFrame, areas: tuple[str, ...]) -> set[str]:
    """Ids of the places inside any of the named countries or regions."""
    if not areas:
        return set(places["place_id"])
    wanted = set(areas)
    region = places["region"] if "region" in places else pd.Series(None, index=places.index)
    mask = member(places["country"], wanted) | region.isin(wanted) | member(places["name"], wanted)
    return set(places.loc[mask, "place_id"])


def countries_in_areas(places: pd.DataFrame, areas: tuple[str, ...]) -> set[str]:
    """Country names inside any of the named countries or regions."""
    regions = country_regions(places)
    return {c for c, r in regions.items() if c in areas or r in areas} | {a for a in areas if a not in regions.values()}


def documents_view(documents: pd.DataFrame, f: Filters, spans: dict | None = None) -> pd.DataFrame:
    """Documents passing the document, domain and date filters."""
    keep = pd.Series(True, index=documents.index)
    if f.documents:
        keep &= member(documents["document_id"], f.documents)
    if f.domains:
        keep &= documents["domains"].map(lambda d: bool(set(split_list(d)) & set(f.domains)))
    if f.is_dated():
        keep &= in_date_range(_spans_of(documents, "documents", {"documents": documents}, spans), f)
    return _kept(documents, keep)


def _tied_to(relations: pd.DataFrame, target_type: str, stakeholders: tuple[str, ...]) -> set[str]:
    rows = relations[(relations["target_type"] == target_type) & member(relations["stakeholder_id"], stakeholders)]
    return set(rows["target_id"])


def events_view(
    frame: pd.DataFrame, kind: str, data: dict[str, pd.DataFrame], f: Filters, spans: dict | None = None
) -> pd.DataFrame:
    """Incidents or initiatives (kind `incident` / `initiative`) passing every filter."""
    keep = pd.Series(True, index=frame.index)
    if f.documents:
        keep &= member(frame["document_id"], f.documents)
    if f.domains:
        keep &= member(frame["domain"], f.domains)
    if f.is_dated():
        keep &= in_date_range(_spans_of(frame, f"{kind}s", data, spans), f)
    if f.areas:
        keep &= member(frame["place_id"], places_in_areas(data["places"], f.areas)) | named_in_areas(frame, data, f.areas)
    if f.stakeholders:
        keep &= member(frame[f"{kind}_id"], _tied_to(data["relations"], kind, f.stakeholders))
    return _kept(frame, keep)


def named_in_areas(frame: pd.DataFrame, data: dict[str, pd.DataFrame], areas: tuple[str, ...]) -> pd.Series:
    """Whether each record without a gazetteer place (an imported dataset's row) is in one of the areas by the country
    or region its dataset names (a region's countries from the gazetteer; names compared without case)."""
    unplaced = frame["place_id"].isna()
    if not unplaced.any() or not ({"country", "region"} & set(frame.columns)):
        return pd.Series(False, index=frame.index)
    wanted = {a.casefold() for a in (set(areas) | countries_in_areas(data["places"], areas))}
    found = pd.Series(False, index=frame.index)
    for column in ("country", "region"):
        if column in frame:
            found |= member(frame[column].str.casefold(), wanted)
    return unplaced & found


def figures_view(
    data: dict[str, pd.DataFrame], incidents: pd.DataFrame, initiatives: pd.DataFrame, f: Filters, spans: dict | None = None
) -> pd.DataFrame:
    """Figures passing every filter; a figure about an incident or initiative follows that record."""
    fig = data["figures"]
    keep = pd.Series(True, index=fig.index)
    tied_inc = fig["incident_id"].notna()
    tied_ini = fig["initiative_id"].notna()
    free = ~tied_inc & ~tied_ini
    keep &= ~tied_inc | member(fig["incident_id"], incidents["incident_id"])
    keep &= ~tied_ini | member(fig["initiative_id"], initiatives["initiative_id"])
    if f.documents:
        keep &= member(fig["document_id"], f.documents)
    if f.domains:
        docs = documents_view(data["documents"], Filters(domains=f.domains))
        keep &= ~free | member(fig["document_id"], docs["document_id"])
    if f.is_dated():
        keep &= in_date_range(_spans_of(fig, "figures", data, spans), f)
    if f.areas:
        keep &= ~free | member(fig["place_id"], places_in_areas(data["places"], f.areas))
    if f.stakeholders:
        keep &= ~free | member(fig["reported_by"], f.stakeholders)
    return _kept(fig, keep)


def stakeholders_view(
    data: dict[str, pd.DataFrame],
    incidents: pd.DataFrame,
    initiatives: pd.DataFrame,
    documents: pd.DataFrame,
    f: Filters,
) -> pd.DataFrame:
    """Stakeholders of the chosen kinds tied to at least one record that passes the other filters."""
    sh, rel = data["stakeholders"], data["relations"]
    keep = pd.Series(True, index=sh.index)
    if f.kinds:
        keep &= member(sh["kind"], f.kinds)
    events = ids(incidents.get("incident_id", pd.Series(dtype=str)), initiatives.get("initiative_id", pd.Series(dtype=str)))
    tied = ids(
        rel.loc[member(rel["target_id"], events) & member(rel["target_type"], ["incident", "initiative"]), "stakeholder_id"]
    )
    if f.documents or f.domains or f.is_dated():
        named = ids(sh.loc[member(sh["document_id"], documents["document_id"]), "stakeholder_id"])
        named |= ids(rel.loc[member(rel["document_id"], documents["document_id"]), "stakeholder_id"])
        keep &= member(sh["stakeholder_id"], tied | (named if not f.areas and not f.stakeholders else set()))
    if f.areas:
        countries = countries_in_areas(data["places"], f.areas)
        keep &= member(sh["country"], countries) | member(sh["stakeholder_id"], tied)
    if f.stakeholders:
        chosen = set(f.stakeholders)
        linked = ids(rel.loc[member(rel["stakeholder_id"], chosen) & (rel["target_type"] == "stakeholder"), "target_id"])
        linked |= ids(rel.loc[member(rel["target_id"], chosen) & (rel["target_type"] == "stakeholder"), "stakeholder_id"])
        keep &= member(sh["stakeholder_id"], chosen | linked | tied)
    return _kept(sh, keep)


def routes_view(
    data: dict[str, pd.DataFrame],
    f: Filters,
    incidents: pd.DataFrame | None = None,
    initiatives: pd.DataFrame | None = None,
    spans: dict | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Routes (and their waypoints) passing the filters; under a stakeholder filter, only routes through their events' places."""
    routes, wp = data["routes"], data["route_waypoints"]
    keep = pd.Series(True, index=routes.index)
    if f.documents:
        keep &= member(routes["document_id"], f.documents)
    if f.domains:
        keep &= member(routes["domain"], f.domains)
    if f.areas:
        inside = places_in_areas(data["places"], f.areas)
        keep &= member(routes["route_id"], set(wp.loc[member(wp["place_id"], inside), "route_id"]))
    if f.is_dated():
        # A route takes its journey's or event's own date; only an undated one falls back to its document's.
        keep &= in_date_range(_spans_of(routes, "routes", data, spans), f)
    if f.stakeholders:
        places = set()
        for frame in (incidents, initiatives):
            if frame is not None:
                places |= set(frame["place_id"].dropna())
        keep &= member(routes["route_id"], set(wp.loc[member(wp["place_id"], places), "route_id"]))
    kept = routes[keep]
    return kept, wp[member(wp["route_id"], kept["route_id"])].sort_values(["route_id", "seq"])


def apply_filters(data: dict[str, pd.DataFrame], f: Filters, spans: dict | None = None) -> dict[str, pd.DataFrame]:
    """Every dataset narrowed by the global filters (`spans`: `record_spans(data)`, when worked out already)."""
    if f.reliability or f.credibility:
        data = grading.narrow(data, f.grade_scale, f.reliability, f.credibility)
    documents = documents_view(data["documents"], f, spans)
    incidents = events_view(data["incidents"], "incident", data, f, spans)
    initiatives = events_view(data["initiatives"], "initiative", data, f, spans)
    figures = figures_view(data, incidents, initiatives, f, spans)
    stakeholders = stakeholders_view(data, incidents, initiatives, documents, f)
    rel = data["relations"]
    targets = {
        "stakeholder": stakeholders["stakeholder_id"],
        "incident": incidents["incident_id"],
        "initiative": initiatives["initiative_id"],
    }
    target_kept = pd.Series(False, index=rel.index)
    for kind, wanted in targets.items():
        target_kept |= (rel["target_type"] == kind) & member(rel["target_id"], wanted)
    rel_keep = member(rel["stakeholder_id"], targets["stakeholder"]) & target_kept
    routes, waypoints = routes_view(data, f, incidents, initiatives, spans)
    if f.areas or f.stakeholders:
        # Only the documents that still contribute a record make sense under a place or actor filter.
        used = ids(incidents["document_id"], initiatives["document_id"], figures["document_id"])
        used |= ids(stakeholders["document_id"], routes["document_id"])
        documents = documents[member(documents["document_id"], used)]
    return {
        "documents": documents,
        "places": data["places"],
        "incidents": incidents,
        "initiatives": initiatives,
        "figures": figures,
        "stakeholders": stakeholders,
        "relations": _kept(rel, rel_keep),
        "routes": routes,
        "route_waypoints": waypoints,
    }


def most_connected(stakeholders: pd.DataFrame, relations: pd.DataFrame, n: int) -> list[str]:
    """Ids of the n stakeholders with the most relations (either end), most first; ties by name."""
    counts = pd.concat([relations["stakeholder_id"], relations.loc[relations["target_type"] == "stakeholder", "target_id"]])
    counts = counts.value_counts()
    ranked = pd.DataFrame({"id": stakeholders["stakeholder_id"], "name": stakeholders["name"]})
    ranked["n"] = ranked["id"].map(counts).fillna(0)
    return ranked.sort_values(["n", "name"], ascending=[False, True], kind="stable")["id"].head(n).tolist()


def latest(frame: pd.DataFrame, documents: pd.DataFrame, n: int = 5, spans: pd.DataFrame | None = None) -> pd.DataFrame:
    """The n most recent records by their own date (or their document's), newest first (`spans`: the dataset's
    `record_spans`, when worked out already)."""
    if frame.empty:
        return frame
    known = span(frame, documents) if spans is None else spans["start"].loc[frame.index].to_frame()
    # The n first of a stable sort: nlargest would give the same rows, but not in the same order among equal dates.
    order = known["start"].sort_values(ascending=False, na_position="last", kind="stable").index
    return frame.loc[order[:n]]

"""Pure queries over the dataset's frames: filtering, casualty ranges, latest records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from trafficking_atlas import vocab


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

    def is_dated(self) -> bool:
        return self.date_from is not None or self.date_to is not None


def member(series: pd.Series, values: object) -> pd.Series:
    """`series.isin(values)`, fast for many string values: pandas turns each value into an arrow scalar in Python."""
    if not isinstance(series.array, pd.arrays.ArrowStringArray):
        return series.isin(values)
    arrow_type = pa.array(series.array).type
    if isinstance(values, (pd.Series, pd.Index)) and isinstance(values.array, pd.arrays.ArrowStringArray):
        wanted = pa.array(values.array).drop_null().cast(arrow_type)
    else:
        wanted = pa.array([v for v in values if isinstance(v, str)], type=arrow_type)
    found = pc.is_in(pa.array(series.array), value_set=wanted).fill_null(False)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=series.index, dtype=bool)


def ids(*columns: pd.Series) -> set:
    """The distinct non-empty values of the columns, as one set (faster than set() over arrow strings)."""
    out: set = set()
    for column in columns:
        out.update(pd.Series(column).dropna().unique().tolist())
    return out


def split_list(value: object) -> list[str]:
    """Split a ';'-separated cell into its items."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return []
    return [v.strip() for v in str(value).split(";") if v.strip()]


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


def documents_view(documents: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Documents passing the document, domain and date filters."""
    keep = pd.Series(True, index=documents.index)
    if f.documents:
        keep &= member(documents["document_id"], f.documents)
    if f.domains:
        keep &= documents["domains"].map(lambda d: bool(set(split_list(d)) & set(f.domains)))
    if f.is_dated():
        spans = span(documents, documents, "published", "published_end")
        keep &= in_date_range(spans, f)
    return documents[keep]


def _tied_to(relations: pd.DataFrame, target_type: str, stakeholders: tuple[str, ...]) -> set[str]:
    rows = relations[(relations["target_type"] == target_type) & member(relations["stakeholder_id"], stakeholders)]
    return set(rows["target_id"])


def events_view(frame: pd.DataFrame, kind: str, data: dict[str, pd.DataFrame], f: Filters) -> pd.DataFrame:
    """Incidents or initiatives (kind `incident` / `initiative`) passing every filter."""
    keep = pd.Series(True, index=frame.index)
    if f.documents:
        keep &= member(frame["document_id"], f.documents)
    if f.domains:
        keep &= member(frame["domain"], f.domains)
    if f.is_dated():
        keep &= in_date_range(span(frame, data["documents"]), f)
    if f.areas:
        keep &= member(frame["place_id"], places_in_areas(data["places"], f.areas))
    if f.stakeholders:
        keep &= member(frame[f"{kind}_id"], _tied_to(data["relations"], kind, f.stakeholders))
    return frame[keep]


def figures_view(data: dict[str, pd.DataFrame], incidents: pd.DataFrame, initiatives: pd.DataFrame, f: Filters) -> pd.DataFrame:
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
        keep &= in_date_range(span(fig, data["documents"], "period_start", "period_end"), f)
    if f.areas:
        keep &= ~free | member(fig["place_id"], places_in_areas(data["places"], f.areas))
    if f.stakeholders:
        keep &= ~free | member(fig["reported_by"], f.stakeholders)
    return fig[keep]


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
    return sh[keep]


def routes_view(
    data: dict[str, pd.DataFrame],
    f: Filters,
    incidents: pd.DataFrame | None = None,
    initiatives: pd.DataFrame | None = None,
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
        docs = documents_view(data["documents"], Filters(date_from=f.date_from, date_to=f.date_to))
        keep &= member(routes["document_id"], docs["document_id"])
    if f.stakeholders:
        places = set()
        for frame in (incidents, initiatives):
            if frame is not None:
                places |= set(frame["place_id"].dropna())
        keep &= member(routes["route_id"], set(wp.loc[member(wp["place_id"], places), "route_id"]))
    kept = routes[keep]
    return kept, wp[member(wp["route_id"], kept["route_id"])].sort_values(["route_id", "seq"])


def apply_filters(data: dict[str, pd.DataFrame], f: Filters) -> dict[str, pd.DataFrame]:
    """Every dataset narrowed by the global filters."""
    documents = documents_view(data["documents"], f)
    incidents = events_view(data["incidents"], "incident", data, f)
    initiatives = events_view(data["initiatives"], "initiative", data, f)
    figures = figures_view(data, incidents, initiatives, f)
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
    routes, waypoints = routes_view(data, f, incidents, initiatives)
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
        "relations": rel[rel_keep],
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


def bounds(figure: pd.Series) -> tuple[float, float | None]:
    """The low and high end a figure allows (high None when open-ended)."""
    value = float(figure["value"])
    high = figure.get("value_max")
    q = figure["qualifier"]
    if q == "up_to":
        return 0.0, value
    if q == "more_than":
        return value + 1, None
    if q == "at_least":
        return value, None
    if q == "fewer_than":
        return 0.0, value - 1
    if pd.notna(high):
        return value, float(high)
    return value, value


def describe_value(figure: pd.Series | dict) -> str:
    """A figure as an analyst reads it: 'more than 70', '4–5', 'about 750'."""

    def fmt(v: float) -> str:
        if figure.get("unit") == "year":
            return f"{v:.0f}"
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"

    text = fmt(figure["value"])
    if pd.notna(figure.get("value_max")):
        text += f"–{fmt(figure['value_max'])}"
    return vocab.QUALIFIERS.get(figure["qualifier"], "") + text


def casualty_ranges(
    figures: pd.DataFrame, incidents: pd.DataFrame, include_external: bool = True, with_text: bool = True
) -> pd.DataFrame:
    """Per incident, the dead and missing as the range the reported figures span.

    Args:
        figures: figure records (any metrics; only casualty metrics are used).
        incidents: incident records, to name the rows.
        include_external: whether figures from the reference facts count.
        with_text: whether to write the `<m>_text` columns (the slow part, skipped for totals).

    Returns:
        One row per incident with a casualty figure: `incident_id`, `name`, and for `dead` and
        `missing`: `<m>_low`, `<m>_high` (NaN when unbounded), `<m>_open` (a figure has no
        upper end), `<m>_reports` (how many figures), `<m>_text` ('70–75', '350', '500+').
    """
    fig = figures[figures["incident_id"].notna()]
    if not include_external:
        fig = fig[fig["basis"] == "text"]
    if fig.empty:
        return pd.DataFrame()
    # Vectorised per incident (in order of first appearance): the same numbers the per-figure `bounds` give.
    # Group on integer codes: grouping arrow strings factorizes them again for every aggregate.
    codes, order = pd.factorize(fig["incident_id"])
    codes = pd.Series(codes, index=fig.index)
    slots = range(len(order))
    out = pd.DataFrame({"incident_id": order})
    value = fig["value"].astype(float)
    value_max = fig["value_max"].astype(float) if "value_max" in fig else pd.Series(float("nan"), index=fig.index)
    low = value.where(value_max.isna() | (value <= value_max), value_max)
    high = value.where(value_max.isna() | (value >= value_max), value_max)
    opened = member(fig["qualifier"], ["more_than", "at_least"])
    for metric, names in (("dead", vocab.DEAD_METRICS), ("missing", vocab.MISSING_METRICS)):
        sel = member(fig["metric"], names)
        keys = codes[sel]
        reports = keys.value_counts().reindex(slots, fill_value=0).to_numpy()
        lows = low[sel].groupby(keys).min().reindex(slots).to_numpy(dtype=float)
        highs = high[sel].groupby(keys).max().reindex(slots).to_numpy(dtype=float)
        opens = opened[sel].groupby(keys).any().reindex(slots, fill_value=False).to_numpy(dtype=bool)
        out[f"{metric}_reports"] = reports.astype("int64")
        out[f"{metric}_low"] = lows
        out[f"{metric}_high"] = highs
        out[f"{metric}_open"] = opens
        if with_text:
            out[f"{metric}_text"] = [
                range_text(lo, hi, op) if n else ""
                for lo, hi, op, n in zip(lows.tolist(), highs.tolist(), opens.tolist(), reports)
            ]
    out = out[(out["dead_reports"] > 0) | (out["missing_reports"] > 0)]
    names = incidents.set_index("incident_id")["name"] if len(incidents) else pd.Series(dtype=str)
    out.insert(1, "name", out["incident_id"].map(names))
    return out.reset_index(drop=True)


def range_text(low: float, high: float, open_ended: bool = False) -> str:
    """'70–75', '350', '500+' or '300–500+'."""
    if pd.isna(low):
        return "—"
    text = f"{low:,.0f}" if low == high else f"{low:,.0f}–{high:,.0f}"
    return text + ("+" if open_ended else "")


def totals(ranges: pd.DataFrame, metric: str) -> tuple[float, float, bool]:
    """Sum of the low ends and of the high ends over incidents, and whether any is open-ended."""
    if ranges.empty or f"{metric}_low" not in ranges:
        return 0.0, 0.0, False
    sel = ranges[ranges[f"{metric}_reports"] > 0]
    return float(sel[f"{metric}_low"].sum()), float(sel[f"{metric}_high"].sum()), bool(sel[f"{metric}_open"].any())


def latest(frame: pd.DataFrame, documents: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The n most recent records by their own date (or their document's), newest first."""
    if frame.empty:
        return frame
    spans = span(frame, documents)
    order = spans["start"].sort_values(ascending=False, na_position="last").index
    return frame.loc[order].head(n)


def date_label(row: pd.Series, start: str = "date", end: str = "date_end", precision: str = "date_precision") -> str:
    """A date shown at its precision: '14 Jun 2023', 'Jun 2023', '2024', '10–12 Sep 2004'."""
    s, e, p = row.get(start), row.get(end), row.get(precision)
    if pd.isna(s):
        return "undated"
    s = pd.Timestamp(s)
    if p == "year":
        return str(s.year) if pd.isna(e) or pd.Timestamp(e).year == s.year else f"{s.year}–{pd.Timestamp(e).year}"
    if p == "month":
        if pd.isna(e) or (pd.Timestamp(e).year, pd.Timestamp(e).month) == (s.year, s.month):
            return s.strftime("%b %Y")
        return f"{s.strftime('%b %Y')} – {pd.Timestamp(e).strftime('%b %Y')}"
    if pd.isna(e) or pd.Timestamp(e) == s:
        return f"{s.day} {s.strftime('%b %Y')}"
    e = pd.Timestamp(e)
    if (e.year, e.month) == (s.year, s.month):
        return f"{s.day}–{e.day} {s.strftime('%b %Y')}"
    return f"{s.day} {s.strftime('%b %Y')} – {e.day} {e.strftime('%b %Y')}"


def outlet_name(outlet: object) -> str:
    """A document's outlet as shown: the data's 'unknown' reads 'Outlet not named'."""
    return "Outlet not named" if pd.isna(outlet) or str(outlet).lower() in ("", "unknown") else str(outlet)


def document_labels(documents: pd.DataFrame) -> dict[str, str]:
    """Short labels for documents: 'Dawn · 27 Apr 2024'."""
    out = {}
    for _, row in documents.iterrows():
        when = date_label(row, "published", "published_end", "published_precision")
        out[row["document_id"]] = f"{outlet_name(row['outlet'])} · {when}"
    return out


def records_of_document(data: dict[str, pd.DataFrame], document_id: str) -> pd.DataFrame:
    """Every record drawn from one document: its type, id, a readable label, its quote and its row in its frame."""
    rows = []
    label_of = {
        "incidents": lambda r: r["name"],
        "initiatives": lambda r: r["name"],
        "stakeholders": lambda r: r["name"],
        "places": lambda r: r["name"],
        "routes": lambda r: r["name"],
        "figures": lambda r: f"{describe_value(r)} {r['unit']} — {str(r['metric']).replace('_', ' ')}",
        "relations": lambda r: f"{r['stakeholder_id']} → {str(r['role']).replace('_', ' ')} → {r['target_id']}",
        "route_waypoints": lambda r: f"{r['route_id']} #{r['seq']}: {r['place_id']}",
    }
    id_of = {
        "incidents": "incident_id",
        "initiatives": "initiative_id",
        "stakeholders": "stakeholder_id",
        "places": "place_id",
        "routes": "route_id",
        "figures": "figure_id",
        "relations": "relation_id",
    }
    for dataset, make_label in label_of.items():
        frame = data.get(dataset)
        if frame is None or frame.empty:
            continue
        mine = frame[frame["document_id"] == document_id]
        # Plain dicts, not iterrows: a synthetic document holds thousands of records.
        for index, row in zip(mine.index, mine.to_dict("records")):
            rid = row[id_of[dataset]] if dataset in id_of else f"{row['route_id']}-{row['seq']}"
            rows.append({"type": dataset, "id": rid, "record": make_label(row), "quote": row["quote"], "row": index})
    return pd.DataFrame(rows, columns=["type", "id", "record", "quote", "row"])


def plain(value: object) -> str:
    """A cell as a person writes it: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)

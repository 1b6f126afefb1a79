"""Pure queries over the dataset's frames: filtering, casualty ranges, latest records."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
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


# Up to this many values, a rule's text is made value by value: finding the distinct ones costs more (a scalar call).
SHORT = 16


def _each_unique(values: object, func) -> np.ndarray:
    """`func` of each value, applied once per distinct value (missing included)."""
    values = np.asarray(values, dtype=object)
    if len(values) <= SHORT:
        return np.asarray([func(v) for v in values.tolist()], dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    mapped = np.asarray([func(u) for u in uniques] or [None], dtype=object)
    return mapped[codes] if len(codes) else np.asarray([], dtype=object)


def per_unique(values: pd.Series, func) -> pd.Series:
    """`func` applied once per distinct value (missing included) and spread back; for few distinct values."""
    return pd.Series(_each_unique(values, func), index=values.index, dtype=object)


def one_row(record: pd.Series | dict, columns: list[str]) -> dict[str, list]:
    """One record (a row or a dict) as one-value columns: what a rule's vectorised form takes for its scalar call."""
    return {c: [record[c]] for c in columns if c in record}


def _column(frame: pd.DataFrame | dict, column: str, dtype: object = object, default: object = None) -> np.ndarray:
    """A column of a frame (or of `one_row`) as an array; `default` throughout when the frame has no such column."""
    if column in frame:
        return np.asarray(frame[column], dtype=dtype)
    n = len(frame) if isinstance(frame, pd.DataFrame) else len(next(iter(frame.values()), []))
    return np.full(n, default, dtype=dtype)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


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
        # A route takes its journey's or event's own date; only an undated one falls back to its document's.
        keep &= in_date_range(span(routes, data["documents"]), f)
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


FIGURE_COLUMNS = ["value", "value_max", "qualifier", "unit"]  # what a figure's value text and bounds read


def _bounds(figures: pd.DataFrame | dict) -> tuple[np.ndarray, np.ndarray]:
    """The low and high end each figure allows: 'up to 75' 0–75, 'more than 70' 71 up (high NaN when open-ended)."""
    value = _column(figures, "value", float)
    value_max = _column(figures, "value_max", float, np.nan)
    q = _column(figures, "qualifier")
    low = np.select([q == "up_to", q == "more_than", q == "fewer_than"], [0.0, value + 1, 0.0], default=value)
    high = np.select(
        [q == "up_to", (q == "more_than") | (q == "at_least"), q == "fewer_than", ~np.isnan(value_max)],
        [value, np.nan, value - 1, value_max],
        default=value,
    )
    return low.astype(float), high.astype(float)


def figure_bounds(figures: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """`_bounds` of every figure, as columns."""
    low, high = _bounds(figures)
    return pd.Series(low, index=figures.index, dtype=float), pd.Series(high, index=figures.index, dtype=float)


def bounds(figure: pd.Series | dict) -> tuple[float, float | None]:
    """`_bounds` of one figure (high None when open-ended)."""
    low, high = (float(b[0]) for b in _bounds(one_row(figure, FIGURE_COLUMNS)))
    return low, None if np.isnan(high) else high


def _numbers(values: np.ndarray, year: np.ndarray) -> np.ndarray:
    """Numbers as text: '1,204', '4.5', and a year without its thousands comma ('2023')."""
    general = _each_unique(values, lambda v: f"{v:,.0f}" if float(v).is_integer() else f"{v:,}")
    return np.where(year, _each_unique(values, lambda v: f"{v:.0f}"), general)


def _describe(figures: pd.DataFrame | dict) -> np.ndarray:
    """Each figure as an analyst reads it: 'more than 70', '4–5', 'about 750'."""
    value, value_max = _column(figures, "value", float), _column(figures, "value_max", float, np.nan)
    year = _column(figures, "unit") == "year"
    text = _numbers(value, year)
    text = np.where(np.isnan(value_max), text, text + "–" + _numbers(value_max, year))
    qualifier = _each_unique(_column(figures, "qualifier"), lambda q: vocab.QUALIFIERS.get(q, ""))
    return qualifier + text


def describe_values(figures: pd.DataFrame) -> pd.Series:
    """`_describe` of every figure, as a column."""
    return pd.Series(_describe(figures), index=figures.index, dtype=str)


def describe_value(figure: pd.Series | dict) -> str:
    """`_describe` of one figure."""
    return str(_describe(one_row(figure, FIGURE_COLUMNS))[0])


CASUALTY_RULE = (
    "Minimum estimates, as the Missing Migrants Project publishes them. For each incident: of the reports that count "
    "the same people, the lowest (ACLED's most conservative figure); where reports count different groups (Pakistani "
    "nationals only, everyone on board), the largest group's minimum, never their sum. A report giving only an upper "
    "bound ('up to 75') sets no minimum. Incidents are then added. Dead and missing are never added together: reports "
    "often count the same people."
)
MINIMUM_COLUMNS = ["incident_id", "kind", "reports", "minimum", "figure_id", "part"]


def figure_minimums(figures: pd.DataFrame) -> pd.Series:
    """The least number each figure allows: '350' 350, 'more than 70' 71, '4-5' 4, 'up to 75' none (NaN)."""
    value = figures["value"].astype(float)
    low = np.fmin(value, figures["value_max"].astype(float)) if "value_max" in figures else value
    low = low.where(figures["qualifier"] != "more_than", value + 1)
    return low.where(~member(figures["qualifier"], ["up_to", "fewer_than"]))


def counts_part(figures: pd.DataFrame) -> pd.Series:
    """Whether each figure counts only a group among the people its event concerns ('Pakistani nationals only')."""
    scope = figures["counts_scope"] if "counts_scope" in figures else pd.Series(None, index=figures.index)
    return (scope == "part").fillna(False).astype(bool)


def casualty_kinds(figures: pd.DataFrame) -> pd.Series:
    """`dead`, `missing` or None for each figure's metric (`vocab.CASUALTY_KINDS`)."""
    kind = pd.Series(None, index=figures.index, dtype=object)
    for name, metrics in vocab.CASUALTY_KINDS.items():
        kind[member(figures["metric"], metrics)] = name
    return kind


def casualty_minimums(figures: pd.DataFrame, include_external: bool = True) -> pd.DataFrame:
    """Per incident and kind (dead or missing), the minimum its reports support under `CASUALTY_RULE`.

    Args:
        figures: figure records (any metrics; only casualty figures of incidents are used).
        include_external: whether figures from outside the documents count.

    Returns:
        `MINIMUM_COLUMNS`: `reports` (how many figures of that kind), `minimum` (NaN when every report gives only
        an upper bound), `figure_id` (the figure that gives the minimum) and `part` (it counts only a group).
    """
    fig = figures[figures["incident_id"].notna()]
    if not include_external:
        fig = fig[fig["basis"] != "external"]
    kind = casualty_kinds(fig)
    fig, kind = fig[kind.notna()], kind[kind.notna()]
    if fig.empty:
        return pd.DataFrame(columns=MINIMUM_COLUMNS)
    part = counts_part(fig)
    counts = fig["counts"].fillna("").astype(str).str.lower() if "counts" in fig else ""
    frame = pd.DataFrame({
        "incident_id": fig["incident_id"], "kind": kind, "population": ("part: " + counts).where(part, "whole"),
        "minimum": figure_minimums(fig), "figure_id": fig["figure_id"], "part": part,
    })  # fmt: skip
    reports = frame.groupby(["incident_id", "kind"], sort=False).size().rename("reports").reset_index()
    stated = frame[frame["minimum"].notna()]
    # The lowest report of each group of people, then the largest of those groups (a whole count before a part).
    lowest = stated.sort_values("minimum", kind="stable").drop_duplicates(["incident_id", "kind", "population"])
    largest = lowest.sort_values(["minimum", "part"], ascending=[False, True], kind="stable")
    largest = largest.drop_duplicates(["incident_id", "kind"])
    out = reports.merge(largest[["incident_id", "kind", "minimum", "figure_id", "part"]], on=["incident_id", "kind"], how="left")
    out["part"] = out["part"].fillna(False).astype(bool)
    return out[MINIMUM_COLUMNS]


@dataclass(frozen=True)
class CasualtyTotal:
    """A sum of incidents' minimums (see `CASUALTY_RULE`)."""

    minimum: float  # the sum of the incidents' minimums
    incidents: int  # incidents with a minimum
    unbounded: int  # incidents whose reports of this kind give only an upper bound
    parts: int  # incidents whose minimum counts only a group of the people

    def text(self) -> str:
        """'at least 421', or '—' when no report gives a minimum."""
        return f"at least {self.minimum:,.0f}" if self.incidents else "—"


def casualty_total(minimums: pd.DataFrame, kind: str) -> CasualtyTotal:
    """The total of one kind (dead or missing) over the incidents of `casualty_minimums`."""
    sel = minimums[minimums["kind"] == kind]
    stated = sel[sel["minimum"].notna()]
    return CasualtyTotal(float(stated["minimum"].sum()), len(stated), len(sel) - len(stated), int(stated["part"].sum()))


def incident_minimums(minimums: pd.DataFrame) -> pd.DataFrame:
    """Per incident: `dead`, `missing` (NaN when none) and `toll`, the larger of the two (they are never added)."""
    wide = minimums.pivot_table(index="incident_id", columns="kind", values="minimum", aggfunc="first")
    wide = wide.reindex(columns=["dead", "missing"])
    wide["toll"] = wide[["dead", "missing"]].max(axis=1)
    return wide


OUTSIDE = "Outside the documents"


def provenance_texts(basis: pd.Series, source: pd.Series) -> pd.Series:
    """How each record (or field) is known, as shown: 'Document', 'Inferred: how', 'Outside the documents: source'."""
    source = source.astype(object).where(source.notna(), "")
    src = source.astype(str).str.strip()
    base = basis.astype(object).where(basis.notna(), "text").astype(str)
    out = pd.Series("Document", index=basis.index, dtype=object)
    inferred = base == "inferred"
    out[inferred] = ("Inferred: " + src[inferred]).str.rstrip(": ")
    outside = ~base.isin(["text", "inferred"])
    out[outside] = (OUTSIDE + ": " + src[outside]).str.rstrip(": ")
    return out


def provenance(basis: object, source: object) -> str:
    """`provenance_texts` of one record."""
    return provenance_texts(pd.Series([basis]), pd.Series([source])).iloc[0]


def is_outside(frame: pd.DataFrame) -> pd.Series:
    """Whether each record comes from outside the documents (its quote only names the event or entity)."""
    return (frame["basis"] == "external").fillna(False).astype(bool) if "basis" in frame else pd.Series(False, frame.index)


def source_name(source: object) -> str:
    """An outside source as a source line names it: the sources alone, without what the data says of them.

    Drops remarks after ': ', bracketed remarks (starting in lower case, or long: '(distress call about 09:00 …)',
    '(adopted 18 Oct 2023)') and trailing clauses in lower case ('; approximate coordinates'); keeps short proper
    brackets ('(Hansard)', '(DG HOME)', '(14 Jun 2023)')."""
    text = str(source).split(": ")[0]
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):  # balanced brackets, nested ones included
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                inner = text[start + 1 : i]
                keep = inner[:1].isupper() or inner[:1].isdigit()
                out.append(text[start : i + 1] if keep and len(inner) < 40 else "")
        elif depth == 0:
            out.append(ch)
    text = re.sub(r"\s+", " ", "".join(out)).strip()
    parts = [p.strip() for p in text.split(";") if p.strip()[:1].isupper() or p.strip()[:1].isdigit()]
    return "; ".join(parts) or text


def short_source(source: object) -> str:
    """An outside source as a chart label names its reporter: 'Hellenic Coast Guard', 'UN estimate', 'The Times'."""
    text = "" if source is None or (not isinstance(source, str) and pd.isna(source)) else str(source)
    cut = len(text)
    for sep in (",", " (", " as reported", " figures", ";"):
        i = text.find(sep)
        if 0 < i < cut:
            cut = i
    return text[:cut].strip() or text


def sources_of(*frames: pd.DataFrame) -> tuple[list[str], list[str]]:
    """What a chart or table drawn from these records cites: the documents of the records the documents state,
    and the outside sources of what is drawn from outside them: whole records (whose document only names the
    event), and dates and coordinates taken from outside (the Nave Andromeda's boarding position, a meeting's day)."""
    documents: dict[str, None] = {}
    outside: dict[str, None] = {}
    for frame in frames:
        if frame is None or frame.empty or "document_id" not in frame:
            continue
        ext = is_outside(frame)
        documents.update(dict.fromkeys(frame.loc[~ext, "document_id"].dropna().astype(str).tolist()))
        for basis, source in (("basis", "source"), ("date_basis", "date_source"), ("coord_basis", "coord_source")):
            if basis in frame and source in frame:
                taken = frame.loc[(frame[basis] == "external").fillna(False).astype(bool), source].dropna()
                outside.update(dict.fromkeys(source_name(s) for s in taken.astype(str).tolist()))
    return list(documents), list(outside)


def counts_texts(figures: pd.DataFrame) -> pd.Series:
    """Whom each figure counts, as shown after it: 'Pakistani nationals only', 'people on board', ''."""
    counts = figures["counts"].astype(object).where(figures["counts"].notna(), "") if "counts" in figures else ""
    counts = pd.Series(counts, index=figures.index).astype(str)
    return counts.where(~counts_part(figures) | (counts == ""), counts + " only")


def reporters(figures: pd.DataFrame, names: dict[str, str], fallback: pd.Series | str = "", short: bool = False) -> pd.Series:
    """Who reported each figure: its stakeholder, else an outside figure's source (`short`: `short_source`), else `fallback`."""
    # An inferred figure's source says how it was worked out, not who said it: only an outside one's names a reporter.
    by = figures["reported_by"].fillna("").astype(str)
    named = by.map(names)
    named = named.where(named.notna(), by)
    source = figures["source"] if "source" in figures else pd.Series(None, index=figures.index, dtype=object)
    source = source.fillna("").astype(str).where(is_outside(figures), "")
    if short:
        source = per_unique(source, short_source)
    return named.where(by != "", source.where(source != "", fallback)).astype(str)


def figure_texts(figures: pd.DataFrame, names: dict[str, str]) -> pd.Series:
    """Each figure as one line with whom it counts and who reported it, outside figures marked:
    '350 dead (Pakistani nationals only) · Dawn', 'more than 500 presumed dead · Hellenic Coast Guard · outside the
    documents'."""
    out = []
    counts = counts_texts(figures)
    outside, part, who = is_outside(figures), counts_part(figures), reporters(figures, names)
    values, metrics = describe_values(figures), figures["metric"].astype(str).str.replace("_", " ")
    for value, metric, whom, ext, only, by in zip(values, metrics, counts, outside, part, who):
        text = f"{value} {metric}"
        if only and whom:
            text += f" ({whom})"
        text += f" · {by}" if by else " · stated by the article"
        out.append(text + (" · outside the documents" if ext else ""))
    return pd.Series(out, index=figures.index, dtype=object)


def range_text(low: float, high: float, open_ended: bool = False) -> str:
    """'70–75', '350', '500+' or '300–500+'."""
    if pd.isna(low):
        return "—"
    text = f"{low:,.0f}" if low == high else f"{low:,.0f}–{high:,.0f}"
    return text + ("+" if open_ended else "")


def minimum_notes(
    minimums: pd.DataFrame,
    figures: pd.DataFrame,
    incidents: pd.DataFrame,
    full: dict[str, pd.DataFrame],
    which: str = "part",
    n: int = 5,
) -> list[str]:
    """The first n incident minimums that count only a group of the people (`which="part"`) or come from outside
    the documents (`"outside"`), as lines: 'Capsizing …: 350 dead (Pakistani nationals only) · Dawn', so a total
    that holds them says so."""
    chosen = minimums.dropna(subset=["figure_id"])
    fig = figures[member(figures["figure_id"], chosen["figure_id"])]
    keep = counts_part(fig) if which == "part" else is_outside(fig)
    fig = fig[keep].head(n)
    if fig.empty:
        return []
    sh = full["stakeholders"]
    sh = sh[member(sh["stakeholder_id"], fig["reported_by"].dropna())]
    texts = figure_texts(fig, dict(zip(sh["stakeholder_id"].tolist(), sh["name"].tolist())))
    names = dict(zip(incidents["incident_id"].tolist(), incidents["name"].tolist()))
    return [f"{names.get(i, i)}: {t}" for i, t in zip(fig["incident_id"].tolist(), texts.tolist())]


def latest(frame: pd.DataFrame, documents: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The n most recent records by their own date (or their document's), newest first."""
    if frame.empty:
        return frame
    spans = span(frame, documents)
    order = spans["start"].sort_values(ascending=False, na_position="last").index
    return frame.loc[order].head(n)


OUTSIDE_DATE = " (date from outside the documents)"
MONTHS = np.array(calendar.month_abbr, dtype=object)  # what strftime's %b gives, in the same locale


def _instants(values: object) -> np.ndarray:
    """Dates (a column, or a list of Timestamps and None) as datetime64[ns], NaT where missing."""
    if isinstance(values, (pd.Series, pd.Index)):
        return np.asarray(pd.to_datetime(values), dtype="datetime64[ns]")
    return np.array(values, dtype="datetime64[ns]")


def _date_parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each day's day ('14'), month ('Jun 2023') and year ('2023') as text, '' for NaT; formatted once per distinct day."""
    if len(days) <= SHORT:
        codes, uniques = np.arange(len(days)), days
    else:
        codes, uniques = pd.factorize(days.view(np.int64))
        uniques = uniques.view("datetime64[D]")
    years = (uniques.astype("datetime64[Y]").astype(np.int64) + 1970).tolist()
    months = (uniques.astype("datetime64[M]").astype(np.int64) % 12 + 1).tolist()
    day = ((uniques - uniques.astype("datetime64[M]")).astype(np.int64) + 1).tolist()
    texts = [
        np.array([str(d) for d in day], dtype=object),
        np.array([f"{MONTHS[m]} {y}" for m, y in zip(months, years)], dtype=object),
        np.array([str(y) for y in years], dtype=object),
    ]
    for text in texts:
        text[np.isnat(uniques)] = ""
    return tuple(text[codes] for text in texts)


def _date_labels(start: object, end: object, precision: object, basis: object = None) -> np.ndarray:
    """Dates at their precision, marked from outside by `basis`: '14 Jun 2023', 'Jun 2023', '2024', '10–12 Sep 2004'."""
    s, e = _instants(start), _instants(end)
    p = np.asarray(precision, dtype=object)
    s_day, e_day = s.astype("datetime64[D]"), e.astype("datetime64[D]")
    (sd, sm, sy), (ed, em, ey) = _date_parts(s_day), _date_parts(e_day)
    no_end = np.isnat(e)
    same_year = s_day.astype("datetime64[Y]") == e_day.astype("datetime64[Y]")
    same_month = s_day.astype("datetime64[M]") == e_day.astype("datetime64[M]")
    year = np.where(no_end | same_year, sy, sy + "–" + ey)
    month = np.where(no_end | same_month, sm, sm + " – " + em)
    across = sd + " " + sm + " – " + ed + " " + em
    day = np.where(no_end | (s == e), sd + " " + sm, np.where(same_month, sd + "–" + ed + " " + sm, across))
    out = np.where(p == "year", year, np.where(p == "month", month, day))
    out = np.where(np.isnat(s), "undated", out)
    if basis is not None:
        out = out + np.where((np.asarray(basis, dtype=object) == "external") & ~np.isnat(s), OUTSIDE_DATE, "")
    return out


def date_labels(start: pd.Series, end: pd.Series, precision: pd.Series, basis: pd.Series | None = None) -> pd.Series:
    """`_date_labels` of whole columns."""
    return pd.Series(_date_labels(start, end, precision, basis), index=start.index, dtype=str)


def date_label(
    row: pd.Series | dict,
    start: str = "date",
    end: str = "date_end",
    precision: str = "date_precision",
    basis: str = "date_basis",
) -> str:
    """`_date_labels` of one record (a row or a dict); its date is marked when `basis` says it comes from outside."""
    values = [row.get(column) for column in (start, end, precision, basis)]
    return str(_date_labels(*([None if _missing(v) else v] for v in values))[0])


def outlet_name(outlet: object) -> str:
    """A document's outlet as shown: the data's 'unknown' reads 'Outlet not named'."""
    return "Outlet not named" if pd.isna(outlet) or str(outlet).lower() in ("", "unknown") else str(outlet)


def document_labels(documents: pd.DataFrame) -> dict[str, str]:
    """Short labels for documents: 'Dawn · 27 Apr 2024'."""
    # A document's date is never marked as from outside: its publication is what the label names it by.
    when = date_labels(documents["published"], documents["published_end"], documents["published_precision"])
    outlets = [outlet_name(o) for o in documents["outlet"].tolist()]
    return {d: f"{o} · {w}" for d, o, w in zip(documents["document_id"].tolist(), outlets, when.tolist())}


NAMED = {"stakeholders": "stakeholder_id", "initiatives": "initiative_id", "incidents": "incident_id",
         "places": "place_id", "routes": "route_id"}  # fmt: skip
# Which record type an id column names, for showing its name instead of the id.
ID_TARGETS = {"stakeholder_id": "stakeholders", "organisation_id": "stakeholders", "reported_by": "stakeholders",
              "initiative_id": "initiatives", "parent_id": "initiatives", "incident_id": "incidents",
              "place_id": "places", "route_id": "routes"}  # fmt: skip
RECORD_LABELS = {"documents": "documents", "incidents": "incidents", "initiatives": "initiatives",
                 "stakeholders": "stakeholders", "places": "places", "routes": "routes", "figures": "figures",
                 "relations": "relations", "route_waypoints": "route stops"}  # fmt: skip
TARGET_NAMES = {"stakeholder": "stakeholders", "initiative": "initiatives", "incident": "incidents"}
RECORD_TYPES = {"incidents": "Incident", "initiatives": "Initiative", "stakeholders": "Stakeholder", "places": "Place",
                "routes": "Route", "figures": "Figure", "relations": "Relation", "route_waypoints": "Waypoint"}  # fmt: skip


def record_names(data: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Every named record's name by id, per record type (`stakeholders`, `initiatives`, ...)."""
    out = {}
    for dataset, id_col in NAMED.items():
        frame = data.get(dataset)
        out[dataset] = {} if frame is None else dict(zip(frame[id_col].tolist(), frame["name"].tolist()))
    return out


def records_of_document(
    data: dict[str, pd.DataFrame], document_id: str, names: dict[str, dict[str, str]] | None = None
) -> pd.DataFrame:
    """Every record drawn from one document: its type, id, a label in words, where it comes from, its quote and
    its row in its frame. `names` (from `record_names` of the whole dataset) names the records a label refers to."""
    names = names if names is not None else record_names(data)

    def name(dataset: str, ident: object) -> str:
        return names.get(dataset, {}).get(ident, str(ident))

    def relation(r: dict) -> str:
        target = TARGET_NAMES.get(r["target_type"], "")
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
            idents = [f"{r}-{q}" for r, q in zip(mine["route_id"].tolist(), mine["seq"].tolist())]
        else:
            idents = mine[ID_COLUMNS[dataset]].tolist()
        for index, rid, label, src, quote in zip(mine.index, idents, labels, source, mine["quote"].tolist()):
            rows.append({"type": dataset, "id": rid, "record": label, "source": src, "quote": quote, "row": index})
    return pd.DataFrame(rows, columns=["type", "id", "record", "source", "quote", "row"])


ID_COLUMNS = {**NAMED, "figures": "figure_id", "relations": "relation_id"}
FIELD_LABELS = {"document_id": "Document", "reported_by": "Reported by", "organisation_id": "Organisation",
                "parent_id": "Part of", "target_id": "Tied to", "target_type": "Tied to (type)", "seq": "Stop",
                "lat": "Latitude", "lon": "Longitude", "value_max": "Value (upper end)", "counts_scope": "Scope of the count",
                "basis": "From", "source": "Source", "date_end": "Date (end)", "period_end": "Period (end)"}  # fmt: skip


def record_fields(record: pd.Series, names: dict[str, dict[str, str]], documents: dict[str, str]) -> pd.DataFrame:
    """A record's fields in plain words for a detail table: labels instead of column names, names instead of ids."""
    rows = []
    # The record's own id is the link's business, not the reader's (a named record shows its name).
    own = ["quote", "figure_id", "relation_id"]
    for column, value in record.drop(labels=own, errors="ignore").dropna().items():
        label = FIELD_LABELS.get(column) or column.removesuffix("_id").replace("_", " ").capitalize()
        if column in ID_TARGETS:
            value = names.get(ID_TARGETS[column], {}).get(value, value)
        elif column == "target_id":
            value = names.get(TARGET_NAMES.get(record.get("target_type"), ""), {}).get(value, value)
        elif column == "document_id":
            value = documents.get(value, value)
        elif column == "basis":
            value = provenance(value, record.get("source")).split(":")[0]
        elif column == "counts_scope":
            value = {"whole": "everyone it concerns", "part": "a group among them"}.get(value, value)
        rows.append({"Field": label, "Value": plain(value).replace("_", " ") if column in ("kind", "role", "metric",
                     "qualifier", "domain", "status", "target_type") else plain(value)})  # fmt: skip
    return pd.DataFrame(rows, columns=["Field", "Value"])


def plain(value: object) -> str:
    """A cell as a person writes it: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)

"""Pure transforms behind the casualty timeline: casualty marks, response markers and the arrivals context.

Every function takes data frames and returns a data frame; nothing here draws or touches Streamlit.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from trafficking_atlas import queries, vocab

METRIC_CHOICES: dict[str, str] = {"both": "Dead and missing", "dead": "Dead", "missing": "Missing"}
GROUPINGS: dict[str, str] = {"route": "Route", "region": "Region", "domain": "Trafficking domain"}
NO_ROUTE = "No mapped route"
NO_REGION = "Unplaced"

# Response markers: initiatives that are events (a meeting) in the first lane, the rest in the second.
EVENT_KINDS = {"conference", "workshop", "meeting", "forum"}
LANES = ("Meetings & conferences", "Alliances, plans, policies & operations")

MARK_COLUMNS = [
    "figure_id", "incident_id", "event", "kind", "metric", "value", "value_max", "qualifier", "value_text",
    "low", "high", "open", "start", "end", "precision", "date_text", "reporter", "reporter_short", "external",
    "basis", "document_id", "document", "quote", "note", "route", "region", "domain", "cluster", "slot", "slots",
]  # fmt: skip


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def period(start: object, end: object, precision: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The [start, end] a date stands for at its precision: a month or a year without an end covers all of it."""
    s = pd.Timestamp(start)
    if pd.notna(end) and _text(end):
        return s, pd.Timestamp(end)
    if precision == "year":
        return s, pd.Timestamp(year=s.year, month=12, day=31)
    if precision == "month":
        return s, s + pd.offsets.MonthEnd(0)
    return s, s


def date_text(start: pd.Timestamp, end: pd.Timestamp, precision: object) -> str:
    """A span in words at its precision; a partial month or year ('so far this year') shows its days."""
    p = precision if _text(precision) else "day"
    whole = (p == "year" and (end.month, end.day) == (12, 31)) or (p == "month" and end == end + pd.offsets.MonthEnd(0))
    if p != "day" and not whole:
        p = "day"
    row = pd.Series({"s": start, "e": pd.NaT if end == start else end, "p": p})
    return queries.date_label(row, "s", "e", "p")


def casualty_kind(metric: str) -> str | None:
    """'dead', 'missing' or None for a metric that does not count people killed or lost."""
    if metric in vocab.DEAD_METRICS:
        return "dead"
    if metric in vocab.MISSING_METRICS:
        return "missing"
    return None


def short_source(source: str) -> str:
    """The outside source's name without the publication detail: 'Hellenic Coast Guard', 'UN estimate'."""
    text = _text(source)
    cut = len(text)
    for sep in (",", " (", " as reported", " figures", ";"):
        i = text.find(sep)
        if 0 < i < cut:
            cut = i
    return text[:cut].strip() or text


def _reporters(figures: pd.DataFrame, data: dict[str, pd.DataFrame]) -> tuple[list[str], list[str]]:
    """Who reported each figure, in full and short: the stakeholder, else the outside source, else the outlet."""
    names = dict(zip(data["stakeholders"]["stakeholder_id"], data["stakeholders"]["name"]))
    outlets = dict(zip(data["documents"]["document_id"], data["documents"]["outlet"]))
    full, short = [], []
    for _, f in figures.iterrows():
        if _text(f["reported_by"]):
            name = names.get(f["reported_by"], f["reported_by"])
            full.append(name)
            short.append(name)
        elif _text(f["value_source"]):
            full.append(f["value_source"])
            short.append(short_source(f["value_source"]))
        else:
            outlet = _text(outlets.get(f["document_id"]))
            name = outlet if outlet and outlet != "unknown" else "the document"
            full.append(name)
            short.append(name)
    return full, short


def _group_keys(
    place_ids: pd.Series, domains: pd.Series, data: dict[str, pd.DataFrame]
) -> tuple[list[str], list[str], list[str]]:
    """Route, region and domain label for each record's place and domain."""
    places = data["places"].set_index("place_id")
    routes = dict(zip(data["routes"]["route_id"], data["routes"]["name"]))
    wp = data["route_waypoints"].sort_values(["route_id", "seq"])
    route_of: dict[str, str] = {}
    for route_id, place_id in zip(wp["route_id"], wp["place_id"]):
        route_of.setdefault(place_id, routes.get(route_id, route_id))
    route, region, domain = [], [], []
    for place_id, dom in zip(place_ids, domains):
        pid = _text(place_id)
        route.append(route_of.get(pid, NO_ROUTE))
        reg = places.at[pid, "region"] if pid in places.index and "region" in places else None
        region.append(_text(reg) or NO_REGION)
        domain.append(vocab.label(vocab.DOMAINS, dom) if _text(dom) else "Unspecified")
    return route, region, domain


def _first_domain(docs: pd.DataFrame, document_id: str) -> str:
    domains = queries.split_list(docs.at[document_id, "domains"]) if document_id in docs.index else []
    return domains[0] if domains else ""


def casualty_marks(figures: pd.DataFrame, data: dict[str, pd.DataFrame], metric: str = "both") -> pd.DataFrame:
    """One row per casualty figure (dead, drowned, presumed dead, perished, missing), ready to draw.

    Args:
        figures: the figure records to show (already filtered).
        data: lookup frames (`incidents`, `documents`, `stakeholders`, `places`, `routes`, `route_waypoints`);
            the full dataset, so a figure keeps its incident's date and place whatever the filters.
        metric: `both`, `dead` or `missing`.

    Returns:
        `MARK_COLUMNS`: the figure's span `start`/`end` at its precision (its own period, else its incident's
        date, else its document's), `low`/`high` from its qualifier (`high` NaN and `open` True when
        open-ended), its reporter, basis and quote, grouping keys (`route`, `region`, `domain`), and its
        place among the reports of the same event (`cluster`, `slot` of `slots`, ordered by value) so the
        chart can set disagreeing figures side by side. Sorted by date.
    """
    kinds = figures["metric"].map(casualty_kind)
    wanted = {"dead", "missing"} if metric == "both" else {metric}
    fig = figures[kinds.isin(wanted)].copy()
    if fig.empty:
        return pd.DataFrame(columns=MARK_COLUMNS)
    inc = data["incidents"].set_index("incident_id")
    docs = data["documents"].set_index("document_id")
    labels = queries.document_labels(data["documents"])
    rows = []
    for _, f in fig.iterrows():
        iid = _text(f["incident_id"])
        known = iid in inc.index
        if pd.notna(f["period_start"]):
            start, end, precision = f["period_start"], f["period_end"], f["period_precision"]
        elif known and pd.notna(inc.at[iid, "date"]):
            start, end, precision = inc.at[iid, "date"], inc.at[iid, "date_end"], inc.at[iid, "date_precision"]
        elif f["document_id"] in docs.index:
            d = docs.loc[f["document_id"]]
            start, end, precision = d["published"], d["published_end"], d["published_precision"]
        else:
            continue
        s, e = period(start, end, precision)
        low, high = queries.bounds(f)
        external = f["value_basis"] != "text"
        rows.append({
            "figure_id": f["figure_id"],
            "incident_id": iid or None,
            "event": inc.at[iid, "name"] if known else (_text(f["geography"]) or _text(f["note"]) or f["figure_id"]),
            "kind": casualty_kind(f["metric"]),
            "metric": f["metric"],
            "value": float(f["value"]),
            "value_max": f["value_max"],
            "qualifier": f["qualifier"],
            "value_text": queries.describe_value(f),
            "low": low,
            "high": float("nan") if high is None else high,
            "open": high is None,
            "start": s,
            "end": e,
            "precision": precision if _text(precision) else "day",
            "date_text": date_text(s, e, precision),
            "external": external,
            "basis": f"external: {f['value_source']}" if external else "document",
            "document_id": f["document_id"],
            "document": labels.get(f["document_id"], f["document_id"]),
            "quote": f["quote"],
            "note": _text(f["note"]),
            "place_id": _text(f["place_id"]) or (_text(inc.at[iid, "place_id"]) if known else ""),
            "domain_id": inc.at[iid, "domain"] if known else _first_domain(docs, f["document_id"]),
        })  # fmt: skip
    out = pd.DataFrame(rows)
    if out.empty:
        return pd.DataFrame(columns=MARK_COLUMNS)
    full, short = _reporters(fig.set_index("figure_id").loc[out["figure_id"]].reset_index(), data)
    out["reporter"], out["reporter_short"] = full, short
    out["route"], out["region"], out["domain"] = _group_keys(out["place_id"], out["domain_id"], data)
    # Reports of the same event (its incident, else the same period) form a cluster, ordered by value.
    out["cluster"] = [
        iid if iid else f"{s:%Y-%m-%d}/{e:%Y-%m-%d}" for iid, s, e in zip(out["incident_id"], out["start"], out["end"])
    ]
    out["_first"] = out.groupby("cluster")["start"].transform("min")
    out = out.sort_values(["_first", "cluster", "value", "figure_id"]).reset_index(drop=True)
    out["slot"] = out.groupby("cluster").cumcount()
    out["slots"] = out.groupby("cluster")["figure_id"].transform("count")
    return out[MARK_COLUMNS]


def stated_range(marks: pd.DataFrame) -> tuple[float, float, bool]:
    """The range the stated numbers of some reports span (as the overview counts them) and whether one is open."""
    points = list(marks["value"]) + [float(v) for v in marks["value_max"] if pd.notna(v)]
    return float(min(points)), float(max(points)), bool(marks["open"].any())


def cumulative(marks: pd.DataFrame, group: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Running totals per group over time, counting each event once.

    Each event (an incident and a kind, dead or missing) adds the range its reports span: the lowest and
    the highest stated number. The marks get an `offset` (the group's running low total before their event)
    so each report is drawn on top of what came before.

    Returns:
        (marks with `offset`, steps): steps has `group`, `date`, `cum_low`, `cum_high`, `open`, `event`.
    """
    marks = marks.copy()
    marks["offset"] = 0.0
    steps = []
    for key, sel in marks.groupby(group, sort=True):
        total_low = total_high = 0.0
        open_ended = False
        events = sel.groupby(["cluster", "kind"], sort=False)
        order = sorted(events.groups, key=lambda k: events.get_group(k)["start"].min())
        for ev in order:
            rows = events.get_group(ev)
            low, high, is_open = stated_range(rows)
            marks.loc[rows.index, "offset"] = total_low
            total_low += low
            total_high += high
            open_ended |= is_open
            steps.append({
                "group": key, "date": rows["start"].min(), "cum_low": total_low, "cum_high": total_high,
                "open": open_ended, "event": f"{rows['event'].iloc[0]} ({ev[1]})",
            })  # fmt: skip
    return marks, pd.DataFrame(steps, columns=["group", "date", "cum_low", "cum_high", "open", "event"])


def response_markers(initiatives: pd.DataFrame, data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Dated initiatives as markers for the response lane; recommendations are counted on their meeting.

    Returns:
        `initiative_id`, `name`, `kind`, `status`, `start`, `end`, `date_text`, `lane` (0 meetings and
        conferences, 1 the rest), `lane_name`, `place`, `domain`, `recommendations` (how many of the shown
        recommendations it made), `parent_id`, `document_id`, `document`, `quote`, `slot` (order among markers on the
        same day and lane), sorted by date. Undated initiatives are left out: they have no place on a time axis.
    """
    cols = ["initiative_id", "name", "kind", "status", "start", "end", "date_text", "lane", "lane_name", "place",
            "domain", "recommendations", "parent_id", "document_id", "document", "quote", "slot"]  # fmt: skip
    recs = initiatives[initiatives["kind"] == "recommendation"]
    made = recs["parent_id"].value_counts().to_dict()
    ini = initiatives[(initiatives["kind"] != "recommendation") & initiatives["date"].notna()]
    if ini.empty:
        return pd.DataFrame(columns=cols)
    places = dict(zip(data["places"]["place_id"], data["places"]["name"]))
    labels = queries.document_labels(data["documents"])
    rows = []
    for _, r in ini.iterrows():
        s, e = period(r["date"], r["date_end"], r["date_precision"])
        lane = 0 if r["kind"] in EVENT_KINDS else 1
        rows.append({
            "initiative_id": r["initiative_id"], "name": r["name"], "kind": r["kind"],
            "status": _text(r["status"]), "start": s, "end": e, "date_text": queries.date_label(r),
            "lane": lane, "lane_name": LANES[lane], "place": places.get(_text(r["place_id"]), ""),
            "domain": vocab.label(vocab.DOMAINS, r["domain"]), "recommendations": int(made.get(r["initiative_id"], 0)),
            "parent_id": _text(r["parent_id"]) or None,
            "document_id": r["document_id"], "document": labels.get(r["document_id"], r["document_id"]),
            "quote": r["quote"],
        })  # fmt: skip
    out = pd.DataFrame(rows).sort_values(["start", "lane", "name"]).reset_index(drop=True)
    out["slot"] = out.groupby(["start", "lane"]).cumcount()
    return out[cols]


def undated_initiatives(initiatives: pd.DataFrame) -> int:
    """How many initiatives (other than recommendations) have no date to place them on the axis."""
    return int(((initiatives["kind"] != "recommendation") & initiatives["date"].isna()).sum())


def _yearly(figures: pd.DataFrame, metric: str, data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    cols = ["figure_id", "value", "value_text", "low", "high", "open", "start", "end", "date_text", "reporter",
            "external", "basis", "document_id", "document", "quote", "note"]  # fmt: skip
    fig = figures[(figures["metric"] == metric) & figures["period_start"].notna()]
    if fig.empty:
        return pd.DataFrame(columns=cols)
    labels = queries.document_labels(data["documents"])
    full, _ = _reporters(fig, data)
    rows = []
    for (_, f), reporter in zip(fig.iterrows(), full):
        s, e = period(f["period_start"], f["period_end"], f["period_precision"])
        low, high = queries.bounds(f)
        external = f["value_basis"] != "text"
        rows.append({
            "figure_id": f["figure_id"], "value": float(f["value"]), "value_text": queries.describe_value(f),
            "low": low, "high": float("nan") if high is None else high, "open": high is None, "start": s, "end": e,
            "date_text": date_text(s, e, f["period_precision"]),
            "reporter": reporter, "external": external,
            "basis": f"external: {f['value_source']}" if external else "document",
            "document_id": f["document_id"], "document": labels.get(f["document_id"], f["document_id"]),
            "quote": f["quote"], "note": _text(f["note"]),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=cols).sort_values("start").reset_index(drop=True)


def arrivals_series(figures: pd.DataFrame, data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Channel small-boat arrivals per period (the reference facts' series), one row per figure."""
    return _yearly(figures, "small_boat_arrivals", data)


def crossing_figures(figures: pd.DataFrame, data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The documents' own figures for crossings, to set against the arrivals series."""
    return _yearly(figures, "crossings", data)


def extent(*frames: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The earliest start and latest end over frames with `start`/`end`, or None when all are empty."""
    starts = [f["start"].min() for f in frames if len(f)]
    ends = [f["end"].max() for f in frames if len(f)]
    if not starts:
        return None
    return min(starts), max(ends)


def fit_window(marks: pd.DataFrame, lo: date, hi: date) -> tuple[date, date]:
    """The date window that frames the casualty figures with some margin, inside [lo, hi] (all of it if none)."""
    fit = extent(marks)
    if fit is None:
        return lo, hi
    pad = max(pd.Timedelta(days=120), (fit[1] - fit[0]) * 0.15)
    return max(lo, (fit[0] - pad).date()), min(hi, (fit[1] + pad).date())


def table(marks: pd.DataFrame) -> pd.DataFrame:
    """The plotted figures as a table for analysts: date, event, figure as read, reporter, basis, document, quote."""
    return pd.DataFrame({
        "Date": marks["date_text"],
        "Event": marks["event"],
        "Figure": marks["value_text"],
        "Metric": marks["metric"].astype(str).str.replace("_", " "),
        "Qualifier": marks["qualifier"].map(lambda q: vocab.QUALIFIERS.get(q, "").strip() or "exact"),
        "Reported by": marks["reporter"],
        "Basis": marks["basis"],
        "Document": marks["document"],
        "Quote": marks["quote"],
        "record": "figure:" + marks["figure_id"].astype(str),
    }).reset_index(drop=True)  # fmt: skip


def in_window(frame: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
    """Rows whose [start, end] span overlaps the window."""
    keep = pd.Series(True, index=frame.index)
    if start is not None:
        keep &= frame["end"] >= pd.Timestamp(start)
    if end is not None:
        keep &= frame["start"] <= pd.Timestamp(end)
    return frame[keep]

"""Pure transforms behind the casualty timeline: casualty marks, response markers and the arrivals context.

Every function takes data frames and returns a data frame; nothing here draws or touches Streamlit.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from trafficking_atlas import casualties, formatting, frame_tools, grading, provenance, vocab

METRIC_CHOICES: dict[str, str] = {"both": "Dead and missing", "dead": "Dead", "missing": "Missing"}
GROUPINGS: dict[str, str] = {"route": "Route", "region": "Region", "domain": "Trafficking domain"}
DATASET_GROUP = "Dataset: "  # the group of an imported dataset's figures, before its title
NO_ROUTE = "No mapped route"
NO_REGION = "Unplaced"

# Response markers: initiatives that are events (a meeting) in the first lane, the rest in the second.
EVENT_KINDS = {"conference", "workshop", "meeting", "forum"}
LANES = ("Meetings & conferences", "Alliances, plans, policies & operations")

# Beyond this many casualty figures (or dated initiatives) in the window, the chart draws totals per period
# instead of one labelled mark each: a few hundred labelled marks are already unreadable, and each costs the
# browser a hover text and a label.
MAX_MARKS = 150
MAX_RESPONSES = 200
# The finest period (day, week, month, year) that cuts the window into at most this many bars.
MAX_PERIODS = 160
# Groups drawn with their own colour in the totals; the rest are summed as "Other".
MAX_GROUPS = 8
PERIOD_NAMES = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}

MARK_COLUMNS = [
    "figure_id", "incident_id", "event", "kind", "metric", "value", "value_max", "qualifier", "value_text",
    "low", "high", "open", "start", "end", "precision", "date_text", "reporter", "reporter_short", "external",
    "basis", "document_id", "document", "quote", "note", "route", "region", "domain", "cluster", "slot", "slots",
    "counts", "counts_scope", "grade", "dataset", "side",
]  # fmt: skip


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def period(start: object, end: object, precision: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    """`spans` of one date: a month or a year without an end covers all of it."""
    s, e = spans(pd.Series([start]), pd.Series([end]), pd.Series([precision], dtype=object))
    return s.iloc[0], e.iloc[0]


def date_text(start: pd.Timestamp, end: pd.Timestamp, precision: object) -> str:
    """`date_texts` of one span."""
    return date_texts(pd.Series([start]), pd.Series([end]), pd.Series([precision], dtype=object)).iloc[0]


def _texts(values: pd.Series) -> pd.Series:
    """Cells as text, '' where missing (the vectorised `_text`)."""
    return values.astype(object).fillna("").astype(str)


def _lookup(keys: pd.Series, table: pd.DataFrame) -> tuple[np.ndarray, pd.Series]:
    """Each key's row position in `table` (indexed by id) and whether it is there; one hash lookup for every column."""
    pos = table.index.get_indexer(keys)
    return pos, pd.Series(pos >= 0, index=keys.index)


def _take(table: pd.DataFrame, column: str, pos: np.ndarray, index: pd.Index) -> pd.Series:
    """`table[column]` at the positions of `_lookup`, missing where the key was not found."""
    values = table[column].iloc[np.where(pos >= 0, pos, 0)] if len(table) else pd.Series([None] * len(pos))
    return pd.Series(values.to_numpy(), index=index, dtype=table[column].dtype if len(table) else object).where(pos >= 0)


def _nullable(texts: pd.Series) -> pd.Series:
    """Text cells with None for '', typed as pandas infers a column of them (object when all are None)."""
    return pd.Series(texts.astype(object).where(texts != "", None).tolist(), index=texts.index)


def spans(start: pd.Series, end: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The [start, end] each date stands for at its precision: a month or a year without an end covers all of it."""
    s = pd.to_datetime(start)
    e = pd.to_datetime(end)
    p = precision.astype(object)
    filled = s.where(p != "year", s + pd.offsets.YearEnd(0))
    filled = filled.where(p != "month", s + pd.offsets.MonthEnd(0))
    return s, e.where(e.notna(), filled)


def date_texts(start: pd.Series, end: pd.Series, precision: pd.Series) -> pd.Series:
    """Spans in words at their precision; a partial month or year ('so far this year') shows its days."""
    s, e = pd.to_datetime(start), pd.to_datetime(end)
    p = precision.astype(object).where(_texts(precision) != "", "day")
    whole = ((p == "year") & e.dt.is_year_end) | ((p == "month") & e.dt.is_month_end)
    p = p.where((p == "day") | whole, "day")
    return formatting.date_labels(s, e.where(e != s), p)


def _reporters(figures: pd.DataFrame, data: dict[str, pd.DataFrame]) -> tuple[pd.Series, pd.Series]:
    """`formatting.reporters` of each figure, in full and short, else the document's outlet."""
    sh = data["stakeholders"].drop_duplicates("stakeholder_id")
    names = dict(zip(sh["stakeholder_id"].tolist(), sh["name"].tolist()))
    docs = data["documents"].drop_duplicates("document_id")
    outlets = _texts(pd.Series(docs["outlet"].to_numpy(), index=docs["document_id"].to_numpy()))
    outlet = figures["document_id"].map(outlets).fillna("")
    fallback = outlet.where((outlet != "") & (outlet != "unknown"), "the document")
    return formatting.reporters(figures, names, fallback), formatting.reporters(figures, names, fallback, short=True)


def _group_keys(
    place_ids: pd.Series, domains: pd.Series, data: dict[str, pd.DataFrame]
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Route, region and domain label for each record's place and domain."""
    places = data["places"].drop_duplicates("place_id").set_index("place_id")
    routes = dict(zip(data["routes"]["route_id"], data["routes"]["name"]))
    wp = data["route_waypoints"].sort_values(["route_id", "seq"])
    route_of: dict[str, str] = {}
    for route_id, place_id in zip(wp["route_id"], wp["place_id"]):  # a few hundred waypoints at most
        route_of.setdefault(place_id, routes.get(route_id, route_id))
    pid = _texts(place_ids)
    route = pid.map(route_of).astype(object).fillna(NO_ROUTE)
    region = _texts(pid.map(places["region"])) if "region" in places else pd.Series("", index=pid.index)
    region = region.where(region != "", NO_REGION)
    domain = frame_tools.per_unique(domains, lambda d: vocab.label(vocab.DOMAINS, d) if _text(d) else "Unspecified")
    return route.astype(str), region.astype(str), domain.astype(str)


def _first_domains(docs: pd.DataFrame) -> pd.Series:
    """Each document's first domain ('' when it names none), by document id."""
    first = [next(iter(frame_tools.split_list(v)), "") for v in docs["domains"]] if len(docs) else []
    return pd.Series(first, index=docs.index, dtype=object)


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
    if figures.empty or "metric" not in figures:
        return pd.DataFrame(columns=MARK_COLUMNS)
    kinds = casualties.casualty_kinds(figures).fillna("").astype(str)
    wanted = {"dead", "missing"} if metric == "both" else {metric}
    fig = figures[kinds.isin(wanted)]
    if fig.empty:
        return pd.DataFrame(columns=MARK_COLUMNS)
    inc = data["incidents"].drop_duplicates("incident_id").set_index("incident_id")
    docs = data["documents"].drop_duplicates("document_id").set_index("document_id")
    at_inc, known = _lookup(fig["incident_id"], inc)
    at_doc, doc_known = _lookup(fig["document_id"], docs)
    # A figure's date: its own period, else its incident's date, else its document's publication.
    own = fig["period_start"].notna()
    by_incident = ~own & known & _take(inc, "date", at_inc, fig.index).notna()
    keep = own | by_incident | doc_known
    if not keep.all():
        fig, own, by_incident, known = fig[keep], own[keep], by_incident[keep], known[keep]
        at_inc, at_doc = at_inc[keep.to_numpy()], at_doc[keep.to_numpy()]
    if fig.empty:
        return pd.DataFrame(columns=MARK_COLUMNS)

    def pick(own_col: str, inc_col: str, doc_col: str) -> pd.Series:
        from_doc = _take(docs, doc_col, at_doc, fig.index)
        return fig[own_col].where(own, _take(inc, inc_col, at_inc, fig.index).where(by_incident, from_doc))

    precision = pick("period_precision", "date_precision", "published_precision").astype(object)
    s, e = spans(
        pick("period_start", "date", "published").astype("datetime64[ns]"),
        pick("period_end", "date_end", "published_end").astype("datetime64[ns]"),
        precision,
    )
    iid = _texts(fig["incident_id"])
    low, high = casualties.figure_bounds(fig)
    external = fig["basis"] == "external"
    fallback_event = _texts(fig["geography"])
    note = _texts(fig["note"])
    fallback_event = fallback_event.where(fallback_event != "", note.where(note != "", fig["figure_id"].astype(str)))
    labels = formatting.document_labels(data["documents"])
    value_texts = formatting.describe_values(fig)
    value_texts = value_texts.where(~casualties.counts_part(fig), value_texts + " (" + formatting.counts_texts(fig) + ")")
    place = _texts(fig["place_id"])
    inc_place = _texts(_take(inc, "place_id", at_inc, fig.index))
    first_domain = _first_domains(docs)
    doc_domain = pd.Series(first_domain.to_numpy()[np.where(at_doc >= 0, at_doc, 0)], index=fig.index).where(at_doc >= 0, "")
    out = pd.DataFrame({
        "figure_id": fig["figure_id"],
        "incident_id": _nullable(iid),
        "event": _take(inc, "name", at_inc, fig.index).where(known, fallback_event),
        "kind": kinds[fig.index],
        "metric": fig["metric"],
        "value": fig["value"].astype(float),
        "value_max": fig["value_max"],
        "qualifier": fig["qualifier"],
        # A figure that counts a group ("Pakistani nationals only") says so wherever its number is shown.
        "value_text": value_texts,
        "low": low,
        "high": high,
        "open": high.isna(),
        "start": s,
        "end": e,
        "precision": precision.where(_texts(precision) != "", "day").astype(str),
        "date_text": date_texts(s, e, precision),
        "external": external,
        "basis": provenance.provenance_texts(fig["basis"], fig["source"]),
        "document_id": fig["document_id"],
        "document": fig["document_id"].map(labels).fillna(fig["document_id"]),
        "quote": fig["quote"],
        "note": note,
        "place_id": place.where(place != "", inc_place),
        "domain_id": _take(inc, "domain", at_inc, fig.index).where(known, doc_domain),
        "counts": fig["counts"] if "counts" in fig else None,
        "counts_scope": fig["counts_scope"] if "counts_scope" in fig else None,
        "grade": grading.grade_texts(fig),
    }).reset_index(drop=True)  # fmt: skip
    out["reporter"], out["reporter_short"] = (r.to_numpy() for r in _reporters(fig, data))
    route, region, domain = _group_keys(out["place_id"], out["domain_id"], data)
    out["route"], out["region"], out["domain"] = route, region, domain
    # An imported dataset's figures are a group of their own under every grouping, never summed into the documents'.
    dataset = provenance.is_dataset(fig).to_numpy()
    out["dataset"] = dataset
    if dataset.any():
        titles = _texts(out.loc[dataset, "document_id"].map(docs["title"]))
        for column in ("route", "region", "domain"):
            out.loc[dataset, column] = DATASET_GROUP + titles
    # Reports of the same event (its incident, else the same period) form a cluster, ordered by value.
    no_incident = out["incident_id"].isna()
    out["cluster"] = out["incident_id"].astype(object)
    if no_incident.any():
        dated = out[no_incident]
        out.loc[no_incident, "cluster"] = dated["start"].dt.strftime("%Y-%m-%d") + "/" + dated["end"].dt.strftime("%Y-%m-%d")
    out["cluster"] = out["cluster"].astype(str)
    out["side"] = out["cluster"]
    if dataset.any() and "same_as" in inc:
        # A dataset's incident an analyst confirmed as one of the documents' is drawn beside that incident's reports
        # (`side`), under its name, but stays an event of its own (`cluster`), so its figures are never merged in.
        same = _texts(_take(inc, "same_as", at_inc, fig.index)).to_numpy()
        linked = dataset & (same != "")
        out.loc[linked, "side"] = same[linked]
        out.loc[linked, "event"] = pd.Series(same[linked]).map(inc["name"]).fillna(out.loc[linked, "event"]).to_numpy()
    if dataset.any():
        # A dataset's event is its own, whatever it shares with the documents' (a period, a linked incident).
        out.loc[dataset, "cluster"] = out.loc[dataset, "side"] + "|" + out.loc[dataset, "document_id"].astype(str)
    return _side_by_side(out)


def _side_by_side(marks: pd.DataFrame) -> pd.DataFrame:
    """The marks in date order, each event's reports numbered side by side (`slot` of `slots`): the documents'
    by value, then a dataset's beside them."""
    out = marks.assign(_first=marks.groupby("side")["start"].transform("min"))
    out = out.sort_values(["_first", "side", "dataset", "value", "figure_id"]).reset_index(drop=True)
    out["slot"] = out.groupby("side").cumcount()
    out["slots"] = out.groupby("side")["figure_id"].transform("count")
    return out[MARK_COLUMNS]


def cumulative(marks: pd.DataFrame, group: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Running totals per group and kind (dead, missing: never added together) over time, counting each event once.

    Each event (an incident and a kind) adds its minimum under `casualties.CASUALTY_RULE` to the low total and its
    highest stated number to the high one. The marks get an `offset` (their group's and kind's running low total
    before their event) so each report is drawn on top of what came before.

    Returns:
        (marks with `offset`, steps): steps has `group`, `kind`, `date`, `cum_low`, `cum_high`, `open`, `event`.
    """
    marks = marks.copy()
    marks["offset"] = 0.0
    steps = []
    ev = events(marks, group).set_index(["cluster", "kind"])
    for (key, kind), sel in marks.groupby([group, "kind"], sort=True):
        total_low = total_high = 0.0
        open_ended = False
        by_event = sel.groupby("cluster", sort=False)
        order = sorted(by_event.groups, key=lambda k: by_event.get_group(k)["start"].min())
        for cluster in order:
            rows = by_event.get_group(cluster)
            e = ev.loc[(cluster, kind)]
            marks.loc[rows.index, "offset"] = total_low
            total_low += float(e["low"])
            total_high += float(e["high"])
            open_ended |= bool(e["open"])
            steps.append({
                "group": key, "kind": kind, "date": rows["start"].min(), "cum_low": total_low, "cum_high": total_high,
                "open": open_ended, "event": f"{rows['event'].iloc[0]} ({kind})",
            })  # fmt: skip
    return marks, pd.DataFrame(steps, columns=["group", "kind", "date", "cum_low", "cum_high", "open", "event"])


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
    if initiatives.empty:
        return pd.DataFrame(columns=cols)
    recs = initiatives[initiatives["kind"] == "recommendation"]
    made = recs["parent_id"].value_counts()
    ini = initiatives[(initiatives["kind"] != "recommendation") & initiatives["date"].notna()]
    if ini.empty:
        return pd.DataFrame(columns=cols)
    places = data["places"].drop_duplicates("place_id").set_index("place_id")["name"]
    labels = formatting.document_labels(data["documents"])
    s, e = spans(ini["date"], ini["date_end"], ini["date_precision"])
    lane = pd.Series(np.where(ini["kind"].isin(EVENT_KINDS), 0, 1), index=ini.index)
    parent = _texts(ini["parent_id"])
    out = pd.DataFrame({
        "initiative_id": ini["initiative_id"], "name": ini["name"], "kind": ini["kind"],
        "status": _texts(ini["status"]), "start": s, "end": e,
        "date_text": formatting.date_labels(ini["date"], ini["date_end"], ini["date_precision"], ini["date_basis"]),
        "lane": lane, "lane_name": lane.map(dict(enumerate(LANES))),
        "place": _texts(_texts(ini["place_id"]).map(places)),
        "domain": frame_tools.per_unique(ini["domain"], lambda d: vocab.label(vocab.DOMAINS, d)).astype(str),
        "recommendations": ini["initiative_id"].map(made).fillna(0).astype(int),
        "parent_id": _nullable(parent),
        "document_id": ini["document_id"], "document": ini["document_id"].map(labels).fillna(ini["document_id"]),
        "quote": ini["quote"],
    })  # fmt: skip
    out = out.sort_values(["start", "lane", "name"]).reset_index(drop=True)
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
    labels = formatting.document_labels(data["documents"])
    full, _ = _reporters(fig, data)
    start, end = spans(fig["period_start"], fig["period_end"], fig["period_precision"])
    low, high = casualties.figure_bounds(fig)
    out = pd.DataFrame({
        "figure_id": fig["figure_id"], "value": fig["value"].astype(float), "value_text": formatting.describe_values(fig),
        "low": low, "high": high, "open": high.isna(), "start": start, "end": end,
        "date_text": date_texts(start, end, fig["period_precision"]),
        "reporter": full, "external": fig["basis"] == "external",
        "basis": provenance.provenance_texts(fig["basis"], fig["source"]).astype(str),
        "document_id": fig["document_id"], "document": fig["document_id"].map(labels).fillna(fig["document_id"]),
        "quote": fig["quote"], "note": _texts(fig["note"]),
    })  # fmt: skip
    return out[cols].sort_values("start").reset_index(drop=True)


def arrivals_series(figures: pd.DataFrame, data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Channel small-boat arrivals per period (the reference facts' series), one row per figure."""
    return _yearly(figures, "small_boat_arrivals", data)


def crossing_figures(figures: pd.DataFrame, data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The documents' own figures for crossings, to set against the arrivals series."""
    return _yearly(figures, "crossings", data)


def context_sources(arrivals: pd.DataFrame, crossings: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The documents and the outside sources the context chart draws on (the arrivals series is outside)."""
    frames = [f[~f["external"].astype(bool)] for f in (arrivals, crossings) if len(f)]
    documents = sorted(set().union(*(set(f["document_id"]) for f in frames))) if frames else []
    outside = [f[f["external"].astype(bool)]["basis"] for f in (arrivals, crossings) if len(f)]
    sources = sorted(set().union(*(set(b.str.removeprefix(provenance.OUTSIDE + ": ")) for b in outside))) if outside else []
    return documents, sources


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


def in_window(frame: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
    """Rows whose [start, end] span overlaps the window."""
    keep = pd.Series(True, index=frame.index)
    if start is not None:
        keep &= frame["end"] >= pd.Timestamp(start)
    if end is not None:
        keep &= frame["start"] <= pd.Timestamp(end)
    return frame[keep]


def restrict(marks: pd.DataFrame, figure_ids: pd.Series) -> pd.DataFrame:
    """The marks of these figures only, their reports renumbered side by side, as `casualty_marks` would give them."""
    keep = frame_tools.member(marks["figure_id"], pd.Series(figure_ids)).to_numpy()
    if keep.all():
        return marks
    # Each event's reports are consecutive rows (slot 0 first). When every event is kept whole or dropped
    # whole, as under most filters, the kept rows already stand in order with their numbers.
    first = np.arange(len(marks)) - marks["slot"].to_numpy(dtype="int64")
    if (keep == keep[first]).all():
        return marks[keep].reset_index(drop=True)[MARK_COLUMNS]
    return _side_by_side(marks[keep])


def period_freq(start: pd.Timestamp, end: pd.Timestamp, max_periods: int = MAX_PERIODS) -> str:
    """The finest of day, week, month and year that cuts [start, end] into at most `max_periods` periods."""
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days + 1
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if days <= max_periods:
        return "day"
    if days / 7 <= max_periods:
        return "week"
    return "month" if months <= max_periods else "year"


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """The first day of the day, week (from Monday), month or year each date falls in."""
    d = pd.to_datetime(dates).dt.normalize()
    if freq == "week":
        return d - pd.to_timedelta(d.dt.day_of_week, unit="D")
    if freq == "month":
        return d.dt.to_period("M").dt.start_time
    if freq == "year":
        return d.dt.to_period("Y").dt.start_time
    return d


def period_end(starts: pd.Series, freq: str) -> pd.Series:
    """The last day of the periods beginning at `starts`."""
    if freq == "week":
        return starts + pd.Timedelta(days=6)
    if freq == "month":
        return starts + pd.offsets.MonthEnd(0)
    if freq == "year":
        return starts + pd.offsets.YearEnd(0)
    return starts


def period_labels(starts: pd.Series, freq: str) -> pd.Series:
    """A period in words: '3 May 2021', 'week of 3 May 2021', 'May 2021', '2021'."""
    precision = pd.Series("year" if freq == "year" else "month" if freq == "month" else "day", index=starts.index)
    text = formatting.date_labels(starts, pd.Series(pd.NaT, index=starts.index), precision)
    return "week of " + text if freq == "week" else text


AGGREGATE_COLUMNS = ["period", "period_end", "period_text", "group", "kind", "events", "reports", "external", "low",
                     "high", "open", "spanning", "dataset"]  # fmt: skip


def event_minimums(marks: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """Each event's minimum under `casualties.CASUALTY_RULE` (0 when every report gives only an upper bound)."""
    m = casualties.casualty_minimums(marks.assign(incident_id=marks["cluster"], basis="text"))
    low = m.set_index(["incident_id", "kind"])["minimum"]
    keys = pd.MultiIndex.from_arrays([events["cluster"], events["kind"]])
    return pd.Series(low.reindex(keys).to_numpy(dtype=float), index=events.index).fillna(0.0)


def events(marks: pd.DataFrame, group: str) -> pd.DataFrame:
    """Each event (a cluster of reports and a kind, dead or missing) once, as the range its reports state.

    Returns:
        `cluster`, `kind`, `start` (its earliest report), `end` (its latest report's end), `group` (its first
        report's), `low` (its minimum under `casualties.CASUALTY_RULE`, as the overview counts it), `high` (the highest
        stated number), `open` (a report is open-ended), `reports`, `external` (reports from the reference facts),
        `dataset` (an imported dataset's event: its clusters are never the documents', see `casualty_marks`).
    """
    columns = ["cluster", "kind", "start", "end", "group", "low", "high", "open", "reports", "external", "dataset"]
    if marks.empty:
        return pd.DataFrame(columns=columns)
    dataset = marks["dataset"] if "dataset" in marks else pd.Series(False, index=marks.index)
    stated = pd.DataFrame({
        "cluster": marks["cluster"], "kind": marks["kind"], "start": marks["start"], "end": marks["end"],
        "group": marks[group], "open": marks["open"].astype(bool), "external": marks["external"].astype(int),
        "low": np.fmin(marks["value"].astype(float), marks["value_max"].astype(float)),
        "high": np.fmax(marks["value"].astype(float), marks["value_max"].astype(float)),
        "dataset": dataset.fillna(False).astype(bool),
    })  # fmt: skip
    out = stated.groupby(["cluster", "kind"], sort=False).agg(
        start=("start", "min"), end=("end", "max"), group=("group", "first"), high=("high", "max"),
        open=("open", "any"), reports=("start", "size"), external=("external", "sum"), dataset=("dataset", "any"),
    ).reset_index()  # fmt: skip
    out["low"] = event_minimums(marks, out)
    return out[columns]


def aggregate(marks: pd.DataFrame, group: str, freq: str, max_groups: int = MAX_GROUPS) -> pd.DataFrame:
    """Totals per period, group and kind of the casualty figures, each event counted once, in the period it starts.

    Args:
        marks: `casualty_marks` output (the figures in view).
        group: the marks column to split the totals by (`route`, `region` or `domain`).
        freq: `day`, `week`, `month` or `year` (see `period_freq`).
        max_groups: the documents' groups kept apart, the largest by their low total; the rest are summed as
            "Other (n groups)". An imported dataset's group (`DATASET_GROUP` and its title) is always kept apart,
            never summed into "Other" nor into any of the documents' groups (`datasets.TOTALS_RULE`).

    Returns:
        `AGGREGATE_COLUMNS`: `low`/`high` the sums of each event's minimum and highest stated number (`open`: some
        event has an open-ended report, so `high` is a floor), `events`, `reports`, `external` (reports from the
        reference facts), `spanning` (events whose reports run past the end of the period, such as a yearly total
        in a monthly view: they are counted where they start), `dataset` (the totals of an imported dataset's rows,
        to be drawn apart from the documents'). Sorted by period, group and kind.
    """
    ev = events(marks, group)
    if ev.empty:
        return pd.DataFrame(columns=AGGREGATE_COLUMNS)
    own = ~ev["dataset"]
    ranked = ev[own].groupby("group")["low"].sum().sort_values(ascending=False, kind="stable")
    if len(ranked) > max_groups:
        kept = set(ranked.index[: max_groups - 1])
        folded = own & ~ev["group"].isin(kept)
        ev["group"] = ev["group"].where(~folded, f"Other ({len(ranked) - len(kept)} groups)")
    ev["period"] = period_start(ev["start"], freq)
    ev["spanning"] = ev["end"] > period_end(ev["period"], freq)
    # `dataset` is a key: a dataset's events are summed only with that dataset's, whatever their group is called.
    out = ev.groupby(["period", "group", "kind", "dataset"], sort=True).agg(
        events=("cluster", "size"), reports=("reports", "sum"), external=("external", "sum"), low=("low", "sum"),
        high=("high", "sum"), open=("open", "any"), spanning=("spanning", "sum"),
    ).reset_index()  # fmt: skip
    out["period_end"] = period_end(out["period"], freq)
    out["period_text"] = period_labels(out["period"], freq)
    return out[AGGREGATE_COLUMNS]


def running_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """Per group and kind (dead and missing apart, never added), the running total over periods of the low and high
    ends, as `cumulative`; an imported dataset's totals (`dataset`) run on their own."""
    cols = ["group", "kind", "period", "period_text", "cum_low", "cum_high", "open", "dataset"]
    if totals.empty:
        return pd.DataFrame(columns=cols)
    totals = totals if "dataset" in totals else totals.assign(dataset=False)
    per = totals.groupby(["group", "dataset", "kind", "period", "period_text"], sort=True)[["low", "high", "open"]].agg(
        {"low": "sum", "high": "sum", "open": "any"}
    ).reset_index()  # fmt: skip
    keys = ["group", "dataset", "kind"]
    per["cum_low"] = per.groupby(keys)["low"].cumsum()
    per["cum_high"] = per.groupby(keys)["high"].cumsum()
    per["open"] = per.groupby(keys)["open"].cummax()
    return per[cols]


def aggregate_responses(responses: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Dated initiatives counted per period and lane (each in the period it starts); `held` counts held meetings."""
    cols = ["period", "period_end", "period_text", "lane", "lane_name", "count", "held"]
    if responses.empty:
        return pd.DataFrame(columns=cols)
    r = pd.DataFrame({
        "period": period_start(responses["start"], freq), "lane": responses["lane"].astype(int),
        "held": ((responses["lane"] == 0) & (responses["status"] == "held")).astype(int),
    })  # fmt: skip
    out = r.groupby(["period", "lane"], sort=True).agg(count=("held", "size"), held=("held", "sum")).reset_index()
    out["period_end"] = period_end(out["period"], freq)
    out["period_text"] = period_labels(out["period"], freq)
    out["lane_name"] = out["lane"].map(dict(enumerate(LANES)))
    return out[cols]


def window_view(
    all_marks: pd.DataFrame,
    all_responses: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    group: str,
    *,
    max_marks: int = MAX_MARKS,
    max_responses: int = MAX_RESPONSES,
    max_periods: int = MAX_PERIODS,
) -> dict:
    """What the chart draws in a date window: each mark when few, else totals per period (likewise the response lane).

    Returns:
        a dict: `n_marks`, `n_events`, `n_responses`, `documents` (ids of the documents drawn from), `outside`
        (the outside sources of the figures drawn), `freq` (the
        period of any totals), `marks` (`casualty_marks` rows in the window, or None when aggregated), `totals`
        (`aggregate` output, or None when each mark is drawn), `responses` / `response_totals` likewise.
    """
    marks = in_window(all_marks, start, end)
    responses = in_window(all_responses, start, end)
    freq = period_freq(pd.Timestamp(start), pd.Timestamp(end), max_periods)
    many_marks, many_responses = len(marks) > max_marks, len(responses) > max_responses
    # A figure from outside the documents cites its source, not the document whose sentence names its event.
    ext = marks["external"].astype(bool) if len(marks) else pd.Series(False, index=marks.index)
    docs = pd.unique(pd.concat([marks.loc[~ext, "document_id"], responses.get("document_id", pd.Series(dtype=object))]))
    outside = sorted(set(marks.loc[ext, "basis"].str.removeprefix(provenance.OUTSIDE + ": ")))
    return {
        "n_marks": len(marks),
        "n_events": int(marks["cluster"].nunique()) if len(marks) else 0,
        "n_responses": len(responses),
        "documents": sorted(str(d) for d in docs),
        "outside": outside,
        "freq": freq,
        "marks": None if many_marks else marks,
        "totals": aggregate(marks, group, freq) if many_marks else None,
        "responses": None if many_responses else responses,
        "response_totals": aggregate_responses(responses, freq) if many_responses else None,
    }

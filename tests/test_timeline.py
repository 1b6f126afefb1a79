"""Unit tests of the casualty timeline: the transforms' spans, ranges and labels, and the figures' traces."""

import numpy as np
import pandas as pd
import pytest

from components import casualty_timeline
from scripts import synthetic
from trafficking_atlas import casualties, formatting, loader, provenance, timeline

pytestmark = pytest.mark.unit


@pytest.fixture
def marks(frames):
    return timeline.casualty_marks(frames["figures"], frames)


def _by_id(marks):
    return marks.set_index("figure_id")


def test_every_casualty_figure_is_a_mark_with_its_reporter(marks):
    m = _by_id(marks)
    assert set(m.index) == {"fog-drowned", "fog-missing", "fog-dead-external", "portland-died", "fog-dead-nationals"}
    assert m.at["fog-drowned", "reporter"] == "Harbour News"
    assert m.at["fog-missing", "reporter"] == "Coast Agency"
    assert m.at["fog-dead-external", "reporter"] == "Fixture Times"  # no stakeholder: the outside source
    assert m.at["fog-dead-external", "external"] and not m.at["fog-drowned", "external"]
    assert m.at["fog-dead-external", "basis"] == "Outside the documents: Fixture Times"
    assert m.at["fog-dead-nationals", "value_text"] == "9 (Harbourland nationals only)"  # a part says it is one
    assert m.at["fog-missing", "kind"] == "missing" and m.at["fog-drowned", "kind"] == "dead"


def test_spans_follow_the_precision(marks):
    m = _by_id(marks)
    assert m.at["fog-drowned", "start"] == m.at["fog-drowned", "end"] == pd.Timestamp("2021-05-03")
    assert m.at["fog-drowned", "date_text"] == "3 May 2021"
    # A figure for a year is drawn over the year, not at a made-up day.
    assert (m.at["portland-died", "start"], m.at["portland-died", "end"]) == (
        pd.Timestamp("2023-01-01"),
        pd.Timestamp("2023-12-31"),
    )
    assert m.at["portland-died", "precision"] == "year" and m.at["portland-died", "date_text"] == "2023"


def test_period_fills_a_missing_end_and_a_partial_year_shows_its_days():
    assert timeline.period("2023-06-01", None, "month") == (pd.Timestamp("2023-06-01"), pd.Timestamp("2023-06-30"))
    assert timeline.period("2024-01-01", None, "year")[1] == pd.Timestamp("2024-12-31")
    partial = timeline.date_text(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-10"), "year")
    assert partial == "1 Jan 2024 – 10 Dec 2024"


def test_figure_without_its_own_period_takes_its_incidents_dates(frames):
    frames["figures"].loc[frames["figures"]["figure_id"] == "portland-died", "period_start"] = pd.NaT
    m = _by_id(timeline.casualty_marks(frames["figures"], frames))
    assert m.at["portland-died", "start"] == pd.Timestamp("2023-01-01")
    assert m.at["portland-died", "end"] == pd.Timestamp("2023-12-31")


def test_qualifiers_give_ranges_and_open_ends(marks):
    m = _by_id(marks)
    assert (m.at["fog-missing", "low"], m.at["fog-missing", "high"]) == (0.0, 20.0)  # up to 20
    assert m.at["portland-died", "open"] and pd.isna(m.at["portland-died", "high"])  # more than 15
    assert m.at["portland-died", "low"] == 16.0
    assert m.at["fog-drowned", "low"] == m.at["fog-drowned", "high"] == 12.0
    assert m.at["fog-missing", "value_text"] == "up to 20" and m.at["portland-died", "value_text"] == "more than 15"


def test_reports_of_one_event_stand_side_by_side(marks):
    fog = marks[marks["incident_id"] == "cape-fog-sinking"]
    assert list(fog["slot"]) == [0, 1, 2, 3] and set(fog["slots"]) == {4}
    assert list(fog["value"]) == sorted(fog["value"])
    x = casualty_timeline.mark_x(marks, (pd.Timestamp("2021-01-01"), pd.Timestamp("2023-12-31")))
    assert x[fog.index].is_unique


def test_grouping_keys(marks):
    m = _by_id(marks)
    assert m.at["fog-drowned", "route"] == "Harbourtown to Cape Fog"
    assert m.at["portland-died", "route"] == timeline.NO_ROUTE
    assert m.at["fog-drowned", "region"] == "Europe" and m.at["portland-died", "region"] == "Asia"
    assert set(marks["domain"]) == {"Migrant smuggling"}


def test_metric_choice(frames):
    dead = timeline.casualty_marks(frames["figures"], frames, "dead")
    missing = timeline.casualty_marks(frames["figures"], frames, "missing")
    assert set(dead["figure_id"]) == {"fog-drowned", "fog-dead-external", "portland-died", "fog-dead-nationals"}
    assert list(missing["figure_id"]) == ["fog-missing"]
    empty = timeline.casualty_marks(frames["figures"].iloc[0:0], frames)
    assert empty.empty and list(empty.columns) == timeline.MARK_COLUMNS


def test_cumulative_counts_each_event_once(marks):
    shifted, steps = timeline.cumulative(marks, "region")
    europe = steps[steps["group"] == "Europe"].set_index("kind")
    # Cape Fog: dead reported as 12, about 14 and 9 nationals (one event: its minimum 12, highest 14); missing up
    # to 20 (no minimum). Dead and missing run apart, never added.
    assert (europe.at["dead", "cum_low"], europe.at["dead", "cum_high"]) == (12.0, 14.0)
    assert (europe.at["missing", "cum_low"], europe.at["missing", "cum_high"]) == (0.0, 20.0)
    assert _by_id(shifted).at["fog-missing", "offset"] == 0.0
    asia = steps[steps["group"] == "Asia"].iloc[0]
    assert asia["cum_low"] == 16.0 and asia["open"]  # more than 15


def test_response_markers(frames):
    r = timeline.response_markers(frames["initiatives"], frames)
    assert list(r["initiative_id"]) == ["harbour-conference"]  # the alliance has no date
    row = r.iloc[0]
    assert (
        row["lane"] == 0 and row["place"] == "Harbourtown" and row["date_text"] == "10 May 2021 (date from outside the documents)"
    )
    assert timeline.undated_initiatives(frames["initiatives"]) == 1


def test_arrivals_and_crossings(frames):
    extra = frames["figures"].iloc[[0, 0]].copy()
    extra["figure_id"] = ["arrivals-2022", "crossings-2022"]
    extra["metric"] = ["small_boat_arrivals", "crossings"]
    extra["value"] = [1000, 900]
    extra["qualifier"] = ["exact", "more_than"]
    extra["period_start"] = pd.Timestamp("2022-01-01")
    extra["period_end"] = pd.Timestamp("2022-12-31")
    extra["period_precision"] = "year"
    extra["basis"] = ["external", "text"]
    extra["source"] = ["Fixture Office", None]
    figures = pd.concat([frames["figures"], extra], ignore_index=True)
    arrivals = timeline.arrivals_series(figures, frames)
    crossings = timeline.crossing_figures(figures, frames)
    assert list(arrivals["figure_id"]) == ["arrivals-2022"] and arrivals.iloc[0]["external"]
    assert crossings.iloc[0]["open"] and crossings.iloc[0]["low"] == 901
    fig = casualty_timeline.context_figure(arrivals, crossings, window=(pd.Timestamp("2021-01-01"), pd.Timestamp("2023-12-31")))
    bar = fig.data[0]
    assert bar.type == "bar" and "outside the documents" in bar.name and list(bar.y) == [1000]
    assert bar.width[0] == 365 * casualty_timeline.DAY_MS  # the bar covers the year it counts
    doc = [t for t in fig.data if t.customdata is not None and t.type == "scatter"][0]
    assert doc.customdata[0][0] == "figure:crossings-2022" and doc.marker.symbol == "triangle-up"


def test_in_window(marks):
    kept = timeline.in_window(marks, pd.Timestamp("2023-06-01"), pd.Timestamp("2023-06-30"))
    assert list(kept["figure_id"]) == ["portland-died"]  # its year overlaps June


def _casualty_traces(fig):
    return [t for t in fig.data if t.meta == "casualty"]


def test_timeline_figure_traces(frames, marks):
    responses = timeline.response_markers(frames["initiatives"], frames)
    window = (pd.Timestamp("2021-01-01"), pd.Timestamp("2023-12-31"))
    fig = casualty_timeline.timeline_figure(marks, responses, x_range=window)
    points = {c[0] for t in _casualty_traces(fig) for c in t.customdata}
    assert points == {f"figure:{i}" for i in marks["figure_id"]}
    # External figures are drawn hollow, document figures filled; missing as squares.
    symbols = {t.name: t.marker.symbol for t in _casualty_traces(fig)}
    assert "circle-open" in symbols.values() and "circle" in symbols.values() and "square" in symbols.values()
    # Every mark is labelled with its reporter and value.
    texts = {a.text for a in fig.layout.annotations}
    assert {"Coast Agency: up to 20", "Fixture Times (outside): about 14", "Border Office: more than 15"} <= texts
    # The up-to range runs from 0 to 20; the open-ended figure gets a dotted arrow.
    ranges = [t for t in fig.data if t.name and t.name.endswith("— range")]
    assert any(list(t.y[:2]) == [0.0, 20.0] for t in ranges if len(t.y) >= 2)
    opened = [t for t in fig.data if t.name and t.name.endswith("— open-ended") and len(t.y)]
    assert opened and opened[0].line.dash == "dot" and opened[0].y[0] == 16.0
    # The year-long figure's period bar spans the whole year.
    spans = [t for t in fig.data if t.name and t.name.endswith("— period covered")]
    xs = [x for t in spans for x in t.x if x is not None]
    assert pd.Timestamp("2023-01-01") in xs and pd.Timestamp("2024-01-01") in xs
    # The response row carries the conference, clickable by id.
    response = [t for t in fig.data if t.meta == "response"][0]
    assert response.customdata[0][0] == "initiative:harbour-conference"
    assert "Harbour Conference" in response.hovertext[0]
    assert tuple(pd.Timestamp(v) for v in fig.layout.xaxis.range) == window
    assert fig.layout.title.text and fig.layout.yaxis.title.text == "People (as reported)"


def test_timeline_figure_hover_shows_qualifier_reporter_document_and_quote(frames, marks):
    fig = casualty_timeline.timeline_figure(marks, timeline.response_markers(frames["initiatives"], frames))
    hovers = [h for t in _casualty_traces(fig) for h in t.hovertext]
    missing = next(h for h in hovers if "up to 20" in h)
    assert "Coast Agency" in missing and "Harbour News" in missing and "Up to 20 people" in missing


def test_timeline_figure_log_cumulative_and_selection(frames, marks):
    responses = timeline.response_markers(frames["initiatives"], frames)
    fig = casualty_timeline.timeline_figure(marks, responses, log=True, cumulative=True, selected="figure:fog-missing")
    assert fig.layout.yaxis.type == "log"
    totals = [t for t in fig.data if t.name and "running total" in t.name]
    assert totals and all(min(t.y) >= 1 for t in totals)  # nothing at 0 on a log axis
    ring = [t for t in fig.data if t.name == "selected"]
    assert len(ring) == 1 and ring[0].y[0] == 20  # missing run apart from the dead: never on top of them


def test_colours_are_stable_and_colour_blind_safe(marks):
    assert casualty_timeline.colours(["a", "b"]) == {"a": "#0072B2", "b": "#D55E00"}
    fig = casualty_timeline.timeline_figure(marks[marks["region"] == "Asia"], pd.DataFrame(), group="region",
                                            group_order=["Asia", "Europe"])  # fmt: skip
    assert {t.marker.color for t in _casualty_traces(fig)} == {"#0072B2"}


def test_empty_frames_still_draw():
    empty = timeline.casualty_marks(pd.DataFrame(columns=["metric"]), {})
    fig = casualty_timeline.timeline_figure(empty, pd.DataFrame())
    assert _casualty_traces(fig) == []


# --- Scale: vectorised transforms and the totals drawn when there are too many marks -----------------


@pytest.fixture(scope="module")
def synthetic_frames(tmp_path_factory):
    """A small synthetic dataset (120 incidents, 240 casualty figures over ten years), loaded as the app loads it."""
    data, seeds = synthetic.write(tmp_path_factory.mktemp("synthetic"), 120, seed=3)
    return loader.load_dataset(data, seeds).frames


def test_vectorised_dates_match_the_scalar_ones():
    rng = np.random.default_rng(1)
    start = pd.Series(pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 1500, 500), unit="D"))
    end = (start + pd.to_timedelta(rng.integers(0, 800, 500), unit="D")).where(rng.random(500) < 0.6)
    precision = pd.Series(rng.choice(["day", "month", "year", None], 500), dtype=object)
    s, e = timeline.spans(start, end, precision)
    assert [timeline.period(a, b, p) for a, b, p in zip(start, end, precision)] == list(zip(s, e))
    assert list(timeline.date_texts(s, e, precision)) == [timeline.date_text(a, b, p) for a, b, p in zip(s, e, precision)]
    rows = pd.DataFrame({"date": start, "date_end": end, "date_precision": precision})
    assert list(formatting.date_labels(start, end, precision)) == [formatting.date_label(r) for _, r in rows.iterrows()]


def test_period_and_date_text_are_one_row_calls_of_spans_and_date_texts():
    # Open-ended month and year, a partial year ('so far this year'), a missing or empty end, no precision.
    start = pd.Series(pd.to_datetime(["2023-06-01", "2024-01-01", "2024-01-01", "2023-06-14", "2023-06-14", "2004-09-10"]))
    end = pd.Series([None, None, "2024-12-10", "", float("nan"), "2004-09-12"], dtype=object)
    precision = pd.Series(["month", "year", "year", "day", None, ""], dtype=object)
    s, e = timeline.spans(start, pd.to_datetime(end), precision)
    assert [timeline.period(a, b, p) for a, b, p in zip(start, end, precision)] == list(zip(s, e))
    assert list(e[:2]) == [pd.Timestamp("2023-06-30"), pd.Timestamp("2024-12-31")]
    texts = timeline.date_texts(s, e, precision)
    assert list(texts) == [timeline.date_text(a, b, p) for a, b, p in zip(s, e, precision)]
    assert list(texts) == ["Jun 2023", "2024", "1 Jan 2024 – 10 Dec 2024", "14 Jun 2023", "14 Jun 2023", "10–12 Sep 2004"]


def test_reporters_of_the_marks_are_the_queries_rule(frames):
    marks = timeline.casualty_marks(frames["figures"], frames).set_index("figure_id")
    figures = frames["figures"].set_index("figure_id").loc[marks.index]
    names = dict(zip(frames["stakeholders"]["stakeholder_id"], frames["stakeholders"]["name"]))
    stated = formatting.reporters(figures, names)
    # Without a stakeholder or an outside source, the chart names the document's outlet instead.
    assert ((marks["reporter"] == stated) | (stated == "")).all()
    short = formatting.reporters(figures, names, short=True)
    assert ((marks["reporter_short"] == short) | (short == "")).all()
    outside = provenance.is_outside(figures) & figures["reported_by"].isna()
    assert (marks.loc[outside, "reporter_short"] == figures.loc[outside, "source"].map(provenance.short_source)).all()


def test_casualty_marks_on_synthetic_data_agree_with_the_per_figure_rules(synthetic_frames):
    figures = synthetic_frames["figures"]
    marks = timeline.casualty_marks(figures, synthetic_frames)
    assert len(marks) == 240 and set(marks["kind"]) == {"dead", "missing"}  # the arrivals series is not a casualty
    rows = figures.set_index("figure_id").loc[marks["figure_id"]].reset_index()
    for (_, f), (_, m) in zip(rows.iterrows(), marks.iterrows()):
        low, high = casualties.bounds(f)
        assert (m["low"], m["open"]) == (low, high is None) and (high is None or m["high"] == high)
        assert m["value_text"] == formatting.describe_value(f)
        assert m["date_text"] == timeline.date_text(m["start"], m["end"], m["precision"])
    assert list(marks.groupby("cluster")["slots"].first().unique()) == [2]  # a dead and a missing report each


def test_restrict_gives_what_casualty_marks_gives_on_the_subset(synthetic_frames):
    figures = synthetic_frames["figures"]
    every = timeline.casualty_marks(figures, synthetic_frames)
    subset = figures.iloc[::3]
    expected = timeline.casualty_marks(subset, synthetic_frames)
    pd.testing.assert_frame_equal(timeline.restrict(every, subset["figure_id"]), expected)
    assert timeline.restrict(every, figures["figure_id"]) is every  # nothing to drop: no copy
    # Whole events kept (every report of some incidents, as a domain filter keeps them): the same marks.
    incidents = figures["incident_id"].dropna().unique()[::2]
    whole = figures[figures["incident_id"].isin(incidents)]
    assert 0 < len(whole) < len(figures)
    expected = timeline.casualty_marks(whole, synthetic_frames)
    pd.testing.assert_frame_equal(timeline.restrict(every, whole["figure_id"]), expected)


def test_aggregate_counts_each_event_once_as_its_stated_range(marks):
    totals = timeline.aggregate(marks, "region", "year")
    t = totals.set_index(["period_text", "kind"])
    # Cape Fog: dead reported as 12 and about 14 (one event, 12–14); missing up to 20; Portland: more than 15.
    assert (t.at[("2021", "dead"), "low"], t.at[("2021", "dead"), "high"]) == (12.0, 14.0)
    assert t.at[("2021", "dead"), "events"] == 1 and t.at[("2021", "dead"), "reports"] == 3
    assert t.at[("2021", "dead"), "external"] == 1  # the reference facts' 'about 14'
    assert t.at[("2021", "missing"), "low"] == 0.0  # 'up to 20' sets no minimum
    assert t.at[("2023", "dead"), "open"] and t.at[("2023", "dead"), "low"] == 16.0
    assert list(totals.columns) == timeline.AGGREGATE_COLUMNS
    # The same totals as the cumulative chart's running totals.
    _, steps = timeline.cumulative(marks, "region")
    assert totals["low"].sum() == steps.groupby(["group", "kind"])["cum_low"].max().sum()
    # A yearly figure in a monthly view is counted in the month it starts, and flagged as running past it.
    monthly = timeline.aggregate(marks, "region", "month").set_index(["period_text", "kind"])
    assert monthly.at[("Jan 2023", "dead"), "spanning"] == 1 and monthly.at[("May 2021", "dead"), "spanning"] == 0
    assert monthly.at[("Jan 2023", "dead"), "period_end"] == pd.Timestamp("2023-01-31")


def test_aggregate_edge_cases(marks, synthetic_frames):
    empty = timeline.aggregate(marks.iloc[0:0], "route", "month")
    assert empty.empty and list(empty.columns) == timeline.AGGREGATE_COLUMNS
    assert timeline.running_totals(empty).empty
    one = timeline.aggregate(marks[marks["incident_id"] == "cape-fog-sinking"], "route", "month")
    assert set(one["period_text"]) == {"May 2021"} and len(one) == 2  # one period: dead and missing
    every = timeline.casualty_marks(synthetic_frames["figures"], synthetic_frames)
    many = timeline.aggregate(every, "route", "year", max_groups=3)
    assert many["group"].nunique() == 3 and many["group"].str.startswith("Other (").any()
    assert many["low"].sum() == timeline.aggregate(every, "route", "year")["low"].sum()  # nothing lost in "Other"
    assert many["events"].sum() == 240  # each incident's dead and its missing


def test_period_freq_and_labels():
    start = pd.Timestamp("2021-05-03")
    assert timeline.period_freq(start, start + pd.Timedelta(days=20)) == "day"
    assert timeline.period_freq(start, start + pd.Timedelta(days=400)) == "week"
    assert timeline.period_freq(start, start + pd.Timedelta(days=3650)) == "month"
    assert timeline.period_freq(start, start + pd.Timedelta(days=3650), max_periods=60) == "year"
    dates = pd.Series([pd.Timestamp("2021-05-05")])
    assert timeline.period_start(dates, "week")[0] == pd.Timestamp("2021-05-03")  # a Monday
    assert list(timeline.period_labels(timeline.period_start(dates, "week"), "week")) == ["week of 3 May 2021"]
    assert list(timeline.period_labels(timeline.period_start(dates, "month"), "month")) == ["May 2021"]


def test_window_view_switches_to_totals_above_the_threshold(frames, marks, synthetic_frames):
    responses = timeline.response_markers(frames["initiatives"], frames)
    window = (pd.Timestamp("2021-01-01"), pd.Timestamp("2023-12-31"))
    each = timeline.window_view(marks, responses, *window, "route")
    assert each["totals"] is None and len(each["marks"]) == 5 and each["response_totals"] is None
    assert each["outside"] == ["Fixture Times"] and each["documents"] == ["doc_a.txt", "doc_b.txt"]
    few = timeline.window_view(marks, responses, *window, "route", max_marks=3, max_responses=0)
    assert few["marks"] is None and few["totals"]["events"].sum() == 3 and few["n_marks"] == 5
    assert few["response_totals"]["count"].sum() == 1 and few["freq"] == "week"
    assert few["documents"] == ["doc_a.txt", "doc_b.txt"]
    # Just at the threshold every mark is still drawn.
    every = timeline.casualty_marks(synthetic_frames["figures"], synthetic_frames)
    ini = timeline.response_markers(synthetic_frames["initiatives"], synthetic_frames)
    span = timeline.extent(every)
    assert timeline.window_view(every, ini, *span, "route", max_marks=240)["marks"] is not None
    assert timeline.window_view(every, ini, *span, "route", max_marks=239)["marks"] is None


def test_totals_figure_draws_bars_per_period_clickable_to_narrow(synthetic_frames):
    every = timeline.casualty_marks(synthetic_frames["figures"], synthetic_frames)
    responses = timeline.response_markers(synthetic_frames["initiatives"], synthetic_frames)
    window = timeline.extent(every, responses)
    view = timeline.window_view(every, responses, *window, "route", max_marks=10, max_responses=10)
    fig = casualty_timeline.timeline_figure(
        every.iloc[0:0], responses.iloc[0:0], x_range=window, totals=view["totals"],
        response_totals=view["response_totals"], freq=view["freq"], group_order=sorted(every["route"].unique()),
    )  # fmt: skip
    assert _casualty_traces(fig) == [] and not fig.layout.annotations  # no per-mark labels
    bars = [t for t in fig.data if t.meta == "totals"]
    assert bars and sum(sum(t.y) for t in bars) == view["totals"]["low"].sum()
    first, last = bars[0].customdata[0][0].split(":")[1:]
    assert pd.Timestamp(last) == timeline.period_end(pd.Series([pd.Timestamp(first)]), view["freq"])[0]
    assert {t.meta for t in fig.data if t.type == "bar"} == {"totals", "response_totals"}
    assert fig.layout.yaxis.title.text == f"People per {view['freq']}"
    cumulative = casualty_timeline.timeline_figure(every.iloc[0:0], responses, x_range=window, totals=view["totals"],
                                                   cumulative=True, freq=view["freq"])  # fmt: skip
    assert any("running total" in (t.name or "") for t in cumulative.data)


def test_totals_figure_stays_small_whatever_the_data_size(synthetic_frames):
    every = timeline.casualty_marks(synthetic_frames["figures"], synthetic_frames)
    window = (pd.Timestamp("2013-06-01"), pd.Timestamp("2026-06-01"))  # ten years and margins: monthly bars
    sizes = []
    for n in (60, 240):
        marks = every.iloc[:n]
        view = timeline.window_view(marks, pd.DataFrame(columns=["start", "end"]), *window, "route", max_marks=10)
        fig = casualty_timeline.timeline_figure(marks.iloc[0:0], pd.DataFrame(), x_range=window, totals=view["totals"],
                                                freq=view["freq"])  # fmt: skip
        sizes.append(len(fig.to_json()))
    assert max(sizes) < 300_000  # bounded by periods × groups × kinds, not by the number of reports


def test_aggregate_responses_counts_each_dated_initiative(synthetic_frames):
    responses = timeline.response_markers(synthetic_frames["initiatives"], synthetic_frames)
    counts = timeline.aggregate_responses(responses, "year")
    assert counts["count"].sum() == len(responses) and set(counts["lane"]) <= {0, 1}
    assert timeline.aggregate_responses(responses.iloc[0:0], "year").empty


DATASET_TITLE = "Test dataset, version 1"


def _with_a_dataset(frames):
    """The fixture with an imported dataset's row on the Cape Fog sinking's day and place: 30 dead, 5 missing."""
    doc = frames["documents"].iloc[[0]].assign(document_id="ds.csv", title=DATASET_TITLE, title_basis="dataset")
    inc = frames["incidents"].iloc[[0]].assign(incident_id="ds-1", name="Row 1", basis="dataset", document_id="ds.csv",
                                               date=pd.Timestamp("2021-05-04"), row_id="1", same_as=None)  # fmt: skip
    base = frames["figures"].set_index("figure_id").loc[["fog-drowned"]].reset_index()
    figs = pd.concat(
        [
            base.assign(figure_id="ds-1-dead", value=30.0, metric="dead"),
            base.assign(figure_id="ds-1-missing", value=5.0, metric="missing"),
        ]
    ).assign(incident_id="ds-1", basis="dataset", document_id="ds.csv", period_start=pd.Timestamp("2021-05-04"))
    return {**frames, "documents": pd.concat([frames["documents"], doc], ignore_index=True),
            "incidents": pd.concat([frames["incidents"], inc], ignore_index=True),
            "figures": pd.concat([frames["figures"], figs], ignore_index=True)}  # fmt: skip


def test_a_datasets_totals_are_their_own_group_never_summed_with_the_documents(frames, marks):
    data = _with_a_dataset(frames)
    both = timeline.casualty_marks(data["figures"], data)
    group = timeline.DATASET_GROUP + DATASET_TITLE
    for grouping in timeline.GROUPINGS:
        totals = timeline.aggregate(both, grouping, "year")
        mine = totals[totals["dataset"]]
        assert set(mine["group"]) == {group}
        assert mine.set_index("kind")["low"].to_dict() == {"dead": 30.0, "missing": 5.0}
        # The documents' totals are exactly what they are without the dataset.
        own = totals[~totals["dataset"]].drop(columns="dataset").reset_index(drop=True)
        pd.testing.assert_frame_equal(own, timeline.aggregate(marks, grouping, "year").drop(columns="dataset"))
    # Many groups: the documents' smaller ones are summed as "Other", never the dataset's.
    few = timeline.aggregate(both, "route", "year", max_groups=1)
    assert set(few.loc[few["dataset"], "group"]) == {group}
    other = few[few["group"].str.startswith("Other (")]
    assert len(other) and not other["dataset"].any()
    assert other["low"].sum() == timeline.aggregate(marks, "route", "year")["low"].sum()
    steps = timeline.running_totals(few)
    assert steps.loc[steps["dataset"], "cum_low"].max() == 30.0


def test_the_totals_chart_draws_a_dataset_beside_the_documents_never_stacked_on_them(frames, marks, monkeypatch):
    data = _with_a_dataset(frames)
    both = timeline.casualty_marks(data["figures"], data)
    window = (pd.Timestamp("2021-01-01"), pd.Timestamp("2023-12-31"))
    monkeypatch.setattr(timeline, "MAX_MARKS", 3)  # the threshold lowered, as the atlas passes it
    view = timeline.window_view(both, pd.DataFrame(columns=["start", "end"]), *window, "route",
                                max_marks=timeline.MAX_MARKS)  # fmt: skip
    assert view["marks"] is None and view["totals"]["dataset"].any()
    fig = casualty_timeline.timeline_figure(both.iloc[0:0], pd.DataFrame(), x_range=window, totals=view["totals"],
                                            freq=view["freq"], group_order=sorted(both["route"].unique()))  # fmt: skip
    bars = [t for t in fig.data if t.meta == "totals"]
    group = timeline.DATASET_GROUP + DATASET_TITLE
    theirs = [t for t in bars if t.legendgroup == group]
    ours = [t for t in bars if t.legendgroup != group]
    assert {t.name for t in theirs} == {f"{group} — dead, counted apart", f"{group} — missing, counted apart"}
    # Its own offset groups: plotly stacks bars only within an offset group, so never on the documents' bars.
    assert not {t.offsetgroup for t in theirs} & {t.offsetgroup for t in ours}
    # Likewise the documents' missing are never stacked on their dead (plotly stacked them, offsets apart, before).
    kinds = {k: {t.offsetgroup for t in ours if t.name.endswith(f" — {k}")} for k in ("dead", "missing")}
    assert kinds["dead"] and kinds["missing"] and not kinds["dead"] & kinds["missing"]
    assert sum(sum(t.y) for t in theirs) == 35.0
    assert sum(sum(t.y) for t in ours) == timeline.aggregate(marks, "route", view["freq"])["low"].sum()
    # Beside the documents' bars of the same period and kind, not over them; paler and patterned.
    for t in theirs:
        kind = t.name.split(" — ")[1].split(",")[0]
        same = [o for o in ours if o.name.endswith(f" — {kind}") and set(o.x) & set(t.x)]
        assert same and all(int(t.offset[0]) >= int(o.offset[0]) + int(o.width[0]) for o in same)
        assert t.opacity == casualty_timeline.DATASET_OPACITY
        assert t.marker.pattern.shape == casualty_timeline.DATASET_PATTERNS[kind]
    # The documents' highest figures leave the dataset's out; the dataset has its own.
    highs = {t.name: t for t in fig.data if str(t.name).startswith("Highest figures")}
    documents = highs["Highest figures reported (all the documents' groups)"]
    expected = timeline.aggregate(marks, "route", view["freq"]).groupby(["period", "kind"])["high"].sum()
    assert sorted(documents.y) == sorted(expected.tolist())
    assert sorted(highs[f"Highest figures reported: {group}, counted apart"].y) == [5.0, 30.0]
    assert "counted apart" in fig.layout.title.subtitle.text
    # Without a dataset the chart is as it was: one slot per kind, no dataset key.
    plain = timeline.window_view(marks, pd.DataFrame(columns=["start", "end"]), *window, "route", max_marks=3)
    fig = casualty_timeline.timeline_figure(marks.iloc[0:0], pd.DataFrame(), x_range=window, totals=plain["totals"],
                                            freq=plain["freq"])  # fmt: skip
    assert "counted apart" not in fig.layout.title.subtitle.text
    assert any(t.name == "Highest figures reported (all groups)" for t in fig.data)

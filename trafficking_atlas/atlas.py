"""The atlas: the one data seam. Pages and the briefing ask it for page-shaped, typed results; it is the only code
that touches the loaded frames. Its first backend is the CSV files in `data/`; each result is cached once, keyed on
the data's version and the call's arguments, and shared read-only between sessions."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from trafficking_atlas import (
    briefing_formats,
    casualties,
    catalog,
    chart_render,
    data_exports,
    dataset_import,
    datasets,
    details,
    display_tables,
    filtering,
    formatting,
    frame_tools,
    geography,
    grading,
    loader,
    network,
    provenance,
    records,
    roster,
    snapshot,
    store,
    text_spans,
    timeline,
    vocab,
)
from trafficking_atlas.filtering import Filters
from trafficking_atlas.link_state import FilterOptions, filter_options, summary

if TYPE_CHECKING:  # the extractor's modules (spaCy, dateparser) are read only when a document is added
    from trafficking_atlas import extract_entities, extraction

# --- Opening the data, and the one cache -----------------------------------------------------------------


def data_dir() -> Path:
    """The data folder: `ATLAS_DATA_DIR` when set (tests point it at a broken copy), else `data/`."""
    return Path(os.environ.get("ATLAS_DATA_DIR", catalog.DATA_DIR))


def seeds_dir() -> Path:
    """The seeds folder: `ATLAS_SEEDS_DIR` when set, else `seeds/`."""
    return Path(os.environ.get("ATLAS_SEEDS_DIR", catalog.SEEDS_DIR))


def fingerprint(*folders: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the files, so an edited file is reloaded."""
    out = []
    for folder in folders:
        for p in sorted(Path(folder).glob("*")):
            if p.is_file():
                stat = p.stat()
                out.append((str(p), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def _detach(value: object) -> object:
    # Copy-on-write (pandas 3): a shallow copy shares the cached data, yet a page that sets a column on it cannot
    # alter the cache. Pickling a deep copy per run instead (st.cache_data) costs seconds at 100,000 incidents.
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    if isinstance(value, tuple):
        # A tuple of strings (100,000 stakeholder ids) holds nothing to detach: returned as it is, not walked.
        return value if not value or isinstance(value[0], str) else tuple(_detach(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.init}
        detached = {name: _detach(v) for name, v in fields.items()}
        changed = {name: v for name, v in detached.items() if v is not fields[name]}
        # Unchanged (no frame inside): the cached object itself, so what it worked out once (a digest) is kept.
        return dataclasses.replace(value, **changed) if changed else value
    return value


def _tunables() -> tuple:
    # The limits an operator or a test may tune (read when called, not when defined) are part of every key.
    return (timeline.MAX_MARKS, timeline.MAX_RESPONSES, timeline.MAX_PERIODS, roster.MAX_OPTIONS, geography.MAP_POINTS,
            display_tables.PAGE_ROWS, STAKEHOLDER_MENU)  # fmt: skip


def _argument_key(value: object) -> str:
    # What names an argument across processes: its repr (filters, numbers, strings), the options by their digest.
    return value.digest if isinstance(value, FilterOptions) else repr(value)


def cached(max_entries: int = 64, spinner: str | bool = False, persist: bool = False) -> Callable:
    """The atlas's one cache: a method's result kept per data version, tunables and arguments, shared read-only.

    `persist`: the result is also kept beside the data's snapshot (`snapshot.save_result`), so that a server started
    again on prepared data serves it at once (for the small, page-shaped results of the first page a user opens).
    """

    def decorate(method: Callable) -> Callable:
        if persist:
            compute = method

            @functools.wraps(compute)
            def method(self: Atlas, *args: object, **kwargs: object) -> object:
                key = repr((compute.__qualname__, _tunables(), [_argument_key(a) for a in args],
                            sorted((k, _argument_key(v)) for k, v in kwargs.items())))  # fmt: skip
                found, value = snapshot.load_result(self.version, key)
                if not found:
                    value = compute(self, *args, **kwargs)
                    snapshot.save_result(self.version, key, value)
                return value

        keep = st.cache_resource(
            show_spinner=spinner,
            max_entries=max_entries,
            hash_funcs={f"{__name__}.Atlas": lambda a: (a.version, _tunables()), FilterOptions: lambda o: o.digest},
        )(method)

        @functools.wraps(method)
        def call(self: Atlas, *args: object, **kwargs: object) -> object:
            return _detach(keep(self, *args, **kwargs))

        return call

    return decorate


@st.cache_resource(show_spinner=False, max_entries=4)
def engine(url: str) -> sa.Engine:
    """The store's engine, its schema migrated once per server (`store.open_store`)."""
    return store.open_store(url)


# Per store, the revision and the added documents last read: served, with a notice, while the store cannot be read.
_last_read: dict[str, tuple[int, loader.Additions]] = {}


def _store_state(url: str | None) -> tuple[str | None, int, str | None]:
    """The store's url, revision and, when it cannot be read now, why: then the revision last read (its documents
    are served as they were read) or -1 (the base layer is served without them)."""
    if url is None:
        return None, 0, None
    try:
        kept = engine(url)
        revision = store.revision(kept)
        if _last_read.get(url, (None,))[0] != revision:
            _last_read[url] = (revision, store.additions(kept))
        return url, revision, None
    except (store.StoreError, sa.exc.SQLAlchemyError) as exc:
        last = _last_read.get(url)
        return url, last[0] if last else -1, str(exc).splitlines()[0]


@st.cache_resource(show_spinner="Loading the dataset…", max_entries=4)
def _open(data: str, seeds: str, files: tuple, url: str | None, revision: int, problem: str | None, scale: str) -> Atlas:
    version = hashlib.sha256(repr((data, seeds, files, url, revision, problem, scale)).encode()).hexdigest()[:16]
    last = _last_read.get(url) if url and revision >= 0 else None
    # Validated once per version: a later server start reads the columnar snapshot instead of the files and store.
    dataset = None if problem else snapshot.load(version)
    if dataset is None:
        dataset = loader.load_dataset(Path(data), Path(seeds), last[1] if last else None)
        if not problem:
            snapshot.save(dataset, version)
    if problem:
        shown = ("the documents added are shown as last read, later changes are not" if last else
                 "added documents are not shown")  # fmt: skip
        dataset.issues.append(loader.DataIssue("the store", None, None, f"cannot be read ({problem}); {shown}"))
    return Atlas(dataset, version, grading.SCALES[scale])


def open_folders(data: Path, seeds: Path, url: str | None = None) -> Atlas:
    """The atlas over a data and a seeds folder and (when `url` names one) the store, as they are now: reopened
    when a file changes or the store does."""
    scale, problem = grading.instance_scale()
    opened = _open(str(data), str(seeds), fingerprint(data, seeds), *_store_state(url), scale.key)
    if problem and not any(i.message == problem for i in opened.issues):
        opened.issues.append(loader.DataIssue("the settings", None, None, problem))
    return opened


def current() -> Atlas:
    """The atlas over the app's data and seeds folders (`data_dir`, `seeds_dir`) and its store (`store.database_url`)."""
    return open_folders(data_dir(), seeds_dir(), store.database_url())


def of_frames(frames: dict[str, pd.DataFrame], texts: dict[str, str] | None = None) -> Atlas:
    """An atlas over frames already loaded (a test's edited copy), with a version of its own."""
    return Atlas(loader.Dataset(frames, texts or {}, []), f"frames-{uuid.uuid4().hex}")


# --- What the pages get -----------------------------------------------------------------------------------

# The sidebar's stakeholder menu lists the most connected, not every stakeholder of a large dataset.
STAKEHOLDER_MENU = 500


@dataclass(frozen=True)
class FilterChoices:
    """What the sidebar's filters offer: the options, document labels, the stakeholder menu and names, regions."""

    options: FilterOptions
    document_labels: dict[str, str]
    stakeholder_menu: list[str]
    stakeholder_names: dict[str, str]
    regions: frozenset[str]


@dataclass(frozen=True)
class RecordCounts:
    """How many records of each type the filters leave (`shown`) and the atlas holds (`total`)."""

    shown: dict[str, int]
    total: dict[str, int]


@dataclass(frozen=True)
class CasualtyTotals:
    """Dead and missing under `casualties.CASUALTY_RULE`: from the documents (`dead`, `missing`), with outside figures
    (`dead_all`, `missing_all`), the documents' minimums that count only a group (`*_parts`) and the minimums that
    come from outside figures (`*_outside`), as lines."""

    dead: casualties.CasualtyTotal
    missing: casualties.CasualtyTotal
    dead_all: casualties.CasualtyTotal
    missing_all: casualties.CasualtyTotal
    dead_parts: tuple[str, ...]
    missing_parts: tuple[str, ...]
    dead_outside: tuple[str, ...]
    missing_outside: tuple[str, ...]

    def of(self, kind: str) -> tuple[casualties.CasualtyTotal, casualties.CasualtyTotal, tuple[str, ...], tuple[str, ...]]:
        """A kind's (`dead` or `missing`) total, total with outside figures, part lines and outside lines."""
        return getattr(self, kind), getattr(self, f"{kind}_all"), getattr(self, f"{kind}_parts"), getattr(self, f"{kind}_outside")


@dataclass(frozen=True)
class DatasetTotals:
    """Per imported dataset in view, one line of its incidents, dead and missing; and the rule they are counted by."""

    lines: tuple[str, ...]
    rule: str
    document_incidents: int  # the incidents in view that are the documents' own, not a dataset's rows


@dataclass(frozen=True)
class LinkProposals:
    """Proposed links for review: the table, a label and (incident, same_as, dataset document) for each row."""

    table: pd.DataFrame
    labels: list[str]
    keys: list[tuple[str, str, str]]


@dataclass(frozen=True)
class TablePage:
    """Rows of a display table, how many rows the whole table has, and the documents and outside sources of the
    records shown (for a source line)."""

    total: int
    rows: pd.DataFrame
    documents: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapLayers:
    """Everything the route map draws (see `geography.map_layers`): its layers' frames, whether incidents are
    clustered or a cluster is split, how many incidents are placed and how many points are clusters, the view that
    fits them, the domains of the legend, and the documents and outside sources of what is drawn."""

    paths: pd.DataFrame
    arrows: pd.DataFrame
    incidents: pd.DataFrame
    venues: pd.DataFrame
    ports: pd.DataFrame
    clustered: bool
    focused: bool
    placed: int
    clusters: int
    fit: dict[str, float]
    domains: list[str]
    documents: list[str]
    outside: list[str]

    def fit_shown(self, shown: Sequence[str]) -> dict[str, float]:
        """The view that frames the layers switched on."""
        return geography.fit_shown({f.name: getattr(self, f.name) for f in dataclasses.fields(self)}, tuple(shown))

    def holds(self, selection: str | None) -> bool:
        """Whether a selection ("route:<id>", "incident:<id>", "venue:<place id>") is drawn."""
        kind, _, ident = str(selection).partition(":")
        column = {"route": (self.paths, "route_id"), "incident": (self.incidents, "incident_id"),
                  "venue": (self.venues, "place_id")}.get(kind)  # fmt: skip
        return column is not None and bool((column[0][column[1]] == ident).any())

    def cluster_caption(self, cluster_id: str) -> str:
        """What a cluster's circle says of it."""
        rows = self.incidents.loc[self.incidents["incident_id"] == cluster_id, "tooltip_body"]
        return str(rows.iloc[0]) if len(rows) else ""


@dataclass(frozen=True)
class TimelineWindow:
    """What the casualty chart draws in a date window (see `timeline.window_view`): each mark when few, else totals
    per period; the table below the chart; the groups in colour order; the documents and outside sources drawn."""

    start: pd.Timestamp
    end: pd.Timestamp
    n_marks: int
    n_events: int
    n_responses: int
    documents: list[str]
    outside: list[str]
    freq: str
    marks: pd.DataFrame  # empty when aggregated
    totals: pd.DataFrame | None
    responses: pd.DataFrame  # empty when counted per period
    response_totals: pd.DataFrame | None
    group_order: list[str]
    undated: int  # undated initiatives under the filters (not on the axis)

    @property
    def aggregated(self) -> bool:
        return self.totals is not None

    @property
    def period(self) -> str:
        return timeline.PERIOD_NAMES[self.freq]

    def figures_table(self) -> pd.DataFrame:
        """The figures drawn, one row each, for the table under the chart."""
        return display_tables.timeline_table(self.marks).drop(columns=["record"])

    def totals_table(self) -> pd.DataFrame:
        """The totals drawn, one row per period, group and kind."""
        return display_tables.timeline_totals_table(self.totals) if self.totals is not None else pd.DataFrame()


@dataclass(frozen=True)
class TimelineSpan:
    """The timeline's date window rule, shared by the page and the briefing: the sidebar's dates (`lo`, `hi`), the
    window that fits the casualty figures in them (`fit`, padded), and whether there are figures to fit."""

    lo: date
    hi: date
    fit: tuple[date, date]
    has_figures: bool

    def window(self, start: date | None = None, end: date | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
        """A window (the fit when not given) as the chart's timestamps, its last day included."""
        first, last = (start, end) if start and end else self.fit
        return pd.Timestamp(first), pd.Timestamp(last) + pd.Timedelta(hours=23, minutes=59)


@dataclass(frozen=True)
class FigureDetail:
    """A casualty figure selected on the timeline: its heading, when and by whom, its outside source or basis, note,
    quote, the other figures about the same incident, and where to read it."""

    title: str
    line: str
    outside: str | None
    basis: str
    note: str
    quote: str
    others: pd.DataFrame
    document_id: str
    record: str


@dataclass(frozen=True)
class TimelineContext:
    """The Channel context chart's data: small-boat arrivals per year (outside the documents) and the documents'
    crossing figures, with what the chart cites."""

    arrivals: pd.DataFrame
    crossings: pd.DataFrame
    documents: list[str]
    outside: list[str]

    @property
    def empty(self) -> bool:
        return not (len(self.arrivals) or len(self.crossings))


@dataclass(frozen=True)
class StakeholderChoices:
    """Every value the stakeholder page's facets can hold, with the labels of initiatives and documents."""

    options: dict[str, list[str]]
    labels: dict[str, dict[str, str]]
    stakeholders: frozenset[str]


@dataclass(frozen=True)
class RosterPage:
    """One page of the roster as displayed, its stakeholder ids, and how many stakeholders the page filters leave."""

    rows: pd.DataFrame
    ids: list[str]
    total: int


@dataclass(frozen=True)
class NetworkView:
    """The stakeholder network as drawn: its focus (what was capped), laid-out nodes and edges, the documents of
    the relations drawn."""

    focus: network.Focus
    nodes: pd.DataFrame
    edges: pd.DataFrame
    documents: list[str]

    @property
    def note(self) -> str | None:
        return network.describe(self.focus)


@dataclass(frozen=True)
class DocumentChoices:
    """The documents the Sources page offers (those under the filters, else all), their labels, and counts."""

    ids: list[str]
    labels: dict[str, str]
    titles: dict[str, str]
    matching: int
    total: int


@dataclass(frozen=True)
class DocumentRecords:
    """A document's records under the filters (`records`: key "<type>:<id>", type, from, record, quote, source) and
    how many it has in all."""

    records: pd.DataFrame
    total: int

    @property
    def outside(self) -> int:
        return int(self.records["source"].str.startswith(provenance.OUTSIDE).sum())

    def label(self, key: str) -> str:
        """A record's choice label: 'Incident: Capsizing off Pylos'."""
        row = self.records.loc[self.records["key"] == key]
        return f"{row['type'].iloc[0]}: {row['record'].iloc[0]}" if len(row) else key


@dataclass(frozen=True)
class RecordView:
    """A record chosen on the Sources page: where it comes from, its quote, its fields in words and the span of its
    quote in the document's text."""

    source: str
    quote: str
    fields: pd.DataFrame
    span: tuple[int, int] | None

    @property
    def outside(self) -> bool:
        return self.source.startswith(provenance.OUTSIDE)


class Atlas:
    """One version of the atlas's data, asked for what each page shows. Records are addressed by their ids."""

    def __init__(self, dataset: loader.Dataset, version: str, scale: grading.Scale = grading.EUROPOL) -> None:
        self._frames = dataset.frames
        self._texts = dataset.texts
        self.issues = dataset.issues
        self.set_aside = loader.summary(dataset)  # one line: how many records loading set aside, and where
        self.version = version
        self.scale = scale  # the instance's grading scale (`ATLAS_GRADING`)

    # --- Shared derivations (private: the pages get page-shaped results) -----------------------------------

    @cached(max_entries=64)
    def _view(self, filters: Filters) -> dict[str, pd.DataFrame]:
        return filtering.apply_filters(self._frames, filters, self._spans())

    @cached(max_entries=4)
    def _spans(self) -> dict[str, pd.DataFrame]:
        # Each record's date span depends on the data alone: worked out once per version, not at every filter.
        return filtering.record_spans(self._frames)

    @cached(max_entries=4)
    def _lookups(self) -> records.Lookups:
        # Document labels and record names, built once per data version and passed to whatever shows them.
        return records.lookups(self._frames)

    def _record(self, dataset: str, ident: str) -> pd.Series | None:
        frame = self._frames.get(dataset)
        if frame is None:
            return None
        if dataset == "route_waypoints":
            route, _, seq = ident.rpartition("-")  # records.waypoint_id
            rows = frame[(frame["route_id"] == route) & (frame["seq"].astype(str) == seq)]
        else:
            rows = frame[frame[catalog.DATASETS[dataset].id_column] == ident]
        return rows.iloc[0] if len(rows) else None

    # --- The frame: filters, their summary, data problems --------------------------------------------------

    @cached(max_entries=4, persist=True)  # the Overview's: served at once after a restart
    def filter_choices(self) -> FilterChoices:
        """What the sidebar's filters offer; its stakeholder menu lists the `STAKEHOLDER_MENU` most connected."""
        f = self._frames
        regions, _ = filtering.area_names(f["places"])
        return FilterChoices(
            options=filter_options(f, self.scale),
            document_labels=self._lookups().documents,
            stakeholder_menu=filtering.most_connected(f["stakeholders"], f["relations"], STAKEHOLDER_MENU),
            stakeholder_names=self._lookups().names["stakeholders"],
            regions=frozenset(regions),
        )

    @cached(max_entries=64, persist=True)  # the Overview's: served at once after a restart
    def filters_summary(self, filters: Filters, options: FilterOptions) -> str:
        """The active filters in words, for captions and exports."""
        labels = {"domains": vocab.DOMAINS, "kinds": vocab.STAKEHOLDER_KINDS, "documents": self._lookups().documents,
                  "stakeholders": self._lookups().names["stakeholders"]}  # fmt: skip
        return summary(filters, options, labels)

    @cached(max_entries=64, persist=True)  # the Overview's: served at once after a restart
    def counts(self, filters: Filters) -> RecordCounts:
        """How many records of each type are in view and in the atlas."""
        v = self._view(filters)
        return RecordCounts({k: len(f) for k, f in v.items()}, {k: len(f) for k, f in self._frames.items()})

    def sources_line(self, document_ids: Sequence[str], outside: Sequence[str] = ()) -> str:
        """The source line of a chart or table drawn from these documents and outside sources."""
        return chart_render.sources_line(list(document_ids), self._lookups().documents, outside)

    # --- Overview ---------------------------------------------------------------------------------------------

    @cached(max_entries=64, persist=True)  # the Overview's: served at once after a restart
    def casualty_totals(self, filters: Filters) -> CasualtyTotals:
        """Dead and missing totals under the casualty rule, from the documents and with outside figures; an imported
        dataset's rows are never in them (see `dataset_totals`)."""
        v = self._view(filters)
        rows = provenance.is_dataset(v["figures"])
        own = v["figures"][~rows] if rows.any() else v["figures"]  # no copy of every figure when none is a dataset's
        documents = casualties.casualty_minimums(own, include_external=False)
        # Without an outside figure among them, the minimums with outside figures are the documents' own.
        with_outside = casualties.casualty_minimums(own) if provenance.is_outside(own).any() else documents
        out: dict[str, object] = {}
        for kind in ("dead", "missing"):
            out[kind] = casualties.casualty_total(documents, kind)
            out[f"{kind}_all"] = casualties.casualty_total(with_outside, kind)
            mine = documents[documents["kind"] == kind]
            out[f"{kind}_parts"] = tuple(formatting.minimum_notes(mine, v["figures"], v["incidents"], self._frames, "part"))
            mine = with_outside[with_outside["kind"] == kind]
            out[f"{kind}_outside"] = tuple(formatting.minimum_notes(mine, v["figures"], v["incidents"], self._frames, "outside"))
        return CasualtyTotals(**out)

    @cached(max_entries=64, persist=True)  # the Overview's: served at once after a restart
    def dataset_totals(self, filters: Filters) -> DatasetTotals:
        """Dead and missing per imported dataset in view, each counted apart (`datasets.TOTALS_RULE`)."""
        v = self._view(filters)
        t = datasets.totals(v["figures"], self._frames["documents"])
        lines = tuple(
            f"{title}: {incidents:,} incident{'s' * (incidents != 1)}, "
            + " · ".join(f"at least {n:,.0f} {kind}" for kind, n in (("dead", dead), ("missing", missing)) if pd.notna(n))
            for title, incidents, dead, missing in zip(t["title"], t["incidents"], t["dead"], t["missing"])
        )
        own = int((~provenance.is_dataset(v["incidents"])).sum())
        return DatasetTotals(lines, datasets.TOTALS_RULE, own)

    @cached(max_entries=2, spinner="Reading the dataset…")
    def convert_dataset(self, data: bytes, file_name: str, name: str, version: str, mapping: object,
                        publisher: str = "") -> dataset_import.Converted:  # fmt: skip
        """An uploaded dataset's rows as the atlas's records, with every problem by row and column (nothing stored)."""
        return dataset_import.convert(data, file_name, name, version, mapping, publisher)

    @cached(max_entries=8)
    def link_proposals(self, decided: tuple[tuple[str, str, str], ...]) -> LinkProposals:
        """The imported incidents that may be the documents' own (`datasets.propose_links`), not yet decided
        (`decided`: incident, same_as, decision, oldest first)."""
        decisions = pd.DataFrame(list(decided), columns=["incident_id", "same_as", "decision"])
        found = datasets.propose_links(self._frames["incidents"], self._frames["places"], decisions)
        table = datasets.link_table(found, self._frames["incidents"], self._frames["documents"])
        labels = [f"{a} = {b}" for a, b in zip(table["Dataset incident"], table["Documents' incident"])]
        keys = list(zip(found["incident_id"], found["same_as"], found["document_id"]))
        return LinkProposals(table, labels, keys)

    @cached(max_entries=4)
    def datasets_table(self) -> pd.DataFrame:
        """The imported datasets in the atlas: title, file id, incidents and figures."""
        docs = datasets.dataset_documents(self._frames["documents"])
        inc, fig = self._frames["incidents"]["document_id"].value_counts(), self._frames["figures"]["document_id"].value_counts()
        return pd.DataFrame({"Dataset": docs["title"], "File": docs["document_id"],
                             "Incidents": docs["document_id"].map(inc).fillna(0).astype(int),
                             "Figures": docs["document_id"].map(fig).fillna(0).astype(int)}).reset_index(drop=True)  # fmt: skip

    @cached(max_entries=64, persist=True)  # the Overview's: served at once after a restart
    def casualty_page(self, filters: Filters, start: int = 0, rows: int | None = None) -> TablePage:
        """The casualty figures in view, rows `start` to `start + rows` (a table page) as a display table."""
        v, rows = self._view(filters), rows or display_tables.PAGE_ROWS
        order = self._casualty_order()
        figures = display_tables.casualty_rows(v["figures"], v["incidents"], order)
        table = display_tables.casualty_table(v["figures"], v["incidents"], self._frames, start, rows, self._lookups(), order)
        documents, outside = provenance.sources_of(figures.iloc[start : start + rows])
        return TablePage(len(figures), table, tuple(documents), tuple(outside))

    @cached(max_entries=4)
    def _casualty_order(self) -> pd.Index:
        # The casualty table's order (a sort of every figure by its incident's name) is the data's: sorted once.
        return display_tables.casualty_rows(self._frames["figures"], self._frames["incidents"]).index

    @cached(max_entries=64, persist=True)  # the Overview's: served at once after a restart
    def latest_table(self, filters: Filters, kind: str, n: int) -> TablePage:
        """The n newest `incidents` or `initiatives` in view as a display table."""
        v = self._view(filters)
        shown = filtering.latest(v[kind], self._frames["documents"], n, self._spans().get(kind))
        build = display_tables.incident_table if kind == "incidents" else display_tables.initiative_table
        documents, outside = provenance.sources_of(shown)
        return TablePage(len(v[kind]), build(shown, self._frames, self._lookups()), tuple(documents), tuple(outside))

    @cached(max_entries=64, persist=True)  # the Overview's: served at once after a restart
    def documents_table(self, filters: Filters) -> pd.DataFrame:
        """The documents in view as a display table."""
        return display_tables.document_table(self._view(filters)["documents"])

    @cached(max_entries=64)
    def stakeholder_table(self, filters: Filters, n: int) -> TablePage:
        """The stakeholders in view by the number of initiatives they are tied to, the first n."""
        v = self._view(filters)
        t = roster.roster(self._frames, v["stakeholders"], v["relations"])
        table = pd.DataFrame({
            "Name": t["name"], "Kind": t["kind"].map(lambda k: vocab.label(vocab.STAKEHOLDER_KINDS, k)),
            "Country": t["country"], "Source": t["source"], "Initiatives": t["initiatives"], "Incidents": t["incidents"],
        }).sort_values(["Initiatives", "Incidents"], ascending=False)  # fmt: skip
        shown = v["stakeholders"][
            frame_tools.member(v["stakeholders"]["stakeholder_id"], t.loc[table.head(n).index, "stakeholder_id"])
        ]
        documents, outside = provenance.sources_of(shown)
        return TablePage(len(table), table.head(n), tuple(documents), tuple(outside))

    @cached(max_entries=16)
    def export_frames(self, filters: Filters) -> dict[str, pd.DataFrame]:
        """The filtered records with their own columns and ids, for the data downloads (every place: the gazetteer)."""
        return {name: frame for name, frame in self._view(filters).items() if name != "places"} | {
            "places": self._frames["places"]
        }

    def dataset_archive(self) -> bytes:
        """The whole atlas, base and additions, as a zip in `data/` and `seeds/` layout."""
        return data_exports.dataset_zip(self._frames, self._texts)

    def export_counts(self, filters: Filters) -> str:
        """How many records of each dataset the data downloads hold, in words."""
        frames = self.export_frames(filters)
        return ", ".join(f"{catalog.DATASETS[name].label} {len(frame):,}" for name, frame in frames.items())

    def briefing(self, title: str, filters_text: str, items: list[briefing_formats.BriefingItem]) -> briefing_formats.Briefing:
        """A briefing of these items, its closing slide listing the documents they quote."""
        return briefing_formats.Briefing(title, filters_text, items, self._frames["documents"])

    # --- Route map --------------------------------------------------------------------------------------------

    @cached(max_entries=32)
    def map_layers(self, filters: Filters, unfiltered: bool, focus: str | None = None) -> MapLayers:
        """What the route map draws, with the `focus` cluster split (see `geography.map_layers`)."""
        return MapLayers(**geography.map_layers(self._view(filters), self._frames, unfiltered, focus))

    @cached(max_entries=32)
    def cluster_page(self, filters: Filters, cluster_id: str, start: int = 0, rows: int | None = None) -> TablePage:
        """How many incidents a map cluster holds, and rows `start` to `start + rows` of them, newest first."""
        members = geography.cluster_members(self._view(filters)["incidents"], cluster_id)
        rows = rows or display_tables.PAGE_ROWS
        newest = filtering.latest(members, self._frames["documents"], len(members)).iloc[start : start + rows]
        return TablePage(len(members), display_tables.incident_table(newest, self._frames, self._lookups()))

    @cached(max_entries=128)
    def incident_detail(self, incident_id: str) -> details.IncidentDetail | None:
        """An incident's detail panel."""
        return details.incident_detail(self._frames, incident_id, self._lookups())

    @cached(max_entries=128)
    def route_detail(self, route_id: str) -> details.RouteDetail | None:
        """A route's detail panel."""
        return details.route_detail(self._frames, route_id)

    @cached(max_entries=128)
    def venue_detail(self, place_id: str) -> details.VenueDetail | None:
        """A venue's detail panel."""
        return details.venue_detail(self._frames, place_id, self._lookups())

    # --- Casualty timeline ------------------------------------------------------------------------------------

    @cached(max_entries=4, spinner="Preparing the casualty timeline…")
    def _all_marks(self, metric: str) -> pd.DataFrame:
        frames = self._frames
        if metric == "both":
            return timeline.casualty_marks(frames["figures"], frames, metric)
        # One metric's marks are the "both" marks of its figures (renumbered): a fraction of the cost of new marks.
        names = vocab.CASUALTY_KINDS[metric]
        figures = frames["figures"]
        return timeline.restrict(self._all_marks("both"), figures.loc[figures["metric"].isin(names), "figure_id"])

    @cached(max_entries=8)
    def _marks(self, filters: Filters, metric: str) -> pd.DataFrame:
        # Every figure's mark is derived once per dataset and metric; the filters only pick which are in view.
        return timeline.restrict(self._all_marks(metric), self._view(filters)["figures"]["figure_id"])

    @cached(max_entries=8)
    def _responses(self, filters: Filters) -> pd.DataFrame:
        return timeline.response_markers(self._view(filters)["initiatives"], self._frames)

    @cached(max_entries=64)
    def timeline_span(self, filters: Filters, options: FilterOptions, metric: str = "both") -> TimelineSpan:
        """The timeline's window rule under these filters: the sidebar's dates and the window fitting the figures."""
        lo, hi = filters.date_from or options.min_date, filters.date_to or options.max_date
        marks = self._marks(filters, metric)
        return TimelineSpan(lo, hi, timeline.fit_window(marks, lo, hi), timeline.extent(marks) is not None)

    @cached(max_entries=64)
    def timeline_window(
        self, filters: Filters, metric: str, group: str, start: pd.Timestamp, end: pd.Timestamp
    ) -> TimelineWindow:
        """What the casualty chart draws in a date window: each report when few, else totals per period."""
        marks, responses = self._marks(filters, metric), self._responses(filters)
        shown = timeline.window_view(marks, responses, start, end, group, max_marks=timeline.MAX_MARKS,
                                     max_responses=timeline.MAX_RESPONSES, max_periods=timeline.MAX_PERIODS)  # fmt: skip
        return TimelineWindow(
            start=start, end=end, n_marks=shown["n_marks"], n_events=shown["n_events"], n_responses=shown["n_responses"],
            documents=shown["documents"], outside=shown["outside"], freq=shown["freq"],
            marks=marks.iloc[0:0] if shown["marks"] is None else shown["marks"], totals=shown["totals"],
            responses=responses.iloc[0:0] if shown["responses"] is None else shown["responses"],
            response_totals=shown["response_totals"], group_order=sorted(marks[group].unique()) if len(marks) else [],
            undated=timeline.undated_initiatives(self._view(filters)["initiatives"]),
        )  # fmt: skip

    @cached(max_entries=64)
    def on_timeline(self, filters: Filters, metric: str, selection: str) -> bool:
        """Whether a selection ("figure:<id>", "initiative:<id>") is on the timeline under these filters."""
        kind, _, ident = str(selection).partition(":")
        if kind == "figure":
            return bool((self._marks(filters, metric)["figure_id"] == ident).any())
        return kind == "initiative" and bool((self._responses(filters)["initiative_id"] == ident).any())

    @cached(max_entries=128)
    def figure_detail(self, figure_id: str) -> FigureDetail | None:
        """A casualty figure's detail panel, as the timeline shows it."""
        marks = self._all_marks("both")
        figures = self._frames["figures"]
        rows, recs = marks[marks["figure_id"] == figure_id], figures[figures["figure_id"] == figure_id]
        if rows.empty or recs.empty:
            return None
        row, rec = rows.iloc[0], recs.iloc[0]
        same = figures.iloc[0:0]
        if row["incident_id"]:
            same = figures[(figures["incident_id"] == row["incident_id"]) & (figures["figure_id"] != figure_id)]
        return FigureDetail(
            title=f"{row['value_text']} {str(rec['metric']).replace('_', ' ')} — {row['event']}",
            line=f"{row['date_text']} ({row['precision']}) · reported by {row['reporter']} · document: {row['document']}",
            outside=str(row["basis"]) if row["external"] else None,
            basis=str(row["basis"]),
            note=str(row["note"] or ""),
            quote=str(rec["quote"]),
            others=details.figures_table(same, self._frames, self._lookups()).drop(columns=["record", "document_id"]),
            document_id=str(rec["document_id"]),
            record=f"figures:{figure_id}",
        )

    @cached(max_entries=128)
    def initiative_detail(self, initiative_id: str) -> details.RecordHeader | None:
        """An initiative's detail header: date, kind, status and domain, how it is known, its focus and quote."""
        rec = self._record("initiatives", initiative_id)
        if rec is None:
            return None
        line = (f"{formatting.date_label(rec)} · {str(rec['kind']).replace('_', ' ')} · {rec['status']} · "
                f"{vocab.label(vocab.DOMAINS, rec['domain'])}")  # fmt: skip
        return details.header(rec, "initiatives", "initiative_id", line, rec["focus"])

    @cached(max_entries=64)
    def timeline_context(self, filters: Filters) -> TimelineContext:
        """The arrivals series and the documents' crossing figures in view, for the context chart."""
        figures = self._view(filters)["figures"]
        arrivals, crossings = timeline.arrivals_series(figures, self._frames), timeline.crossing_figures(figures, self._frames)
        documents, outside = timeline.context_sources(arrivals, crossings)
        return TimelineContext(arrivals, crossings, list(documents), list(outside))

    # --- Stakeholders -----------------------------------------------------------------------------------------

    @cached(max_entries=8, spinner="Preparing the stakeholder roster…")
    def _roster(self, filters: Filters) -> roster.Roster:
        v = self._view(filters)
        return roster.build(self._frames, v["stakeholders"], v["relations"])

    @cached(max_entries=32)
    def _roster_shown(self, filters: Filters, rf: roster.RosterFilter, sort: str) -> pd.DataFrame:
        return roster.sort(roster.apply(self._roster(filters), rf), sort)

    @cached(max_entries=4)
    def stakeholder_choices(self) -> StakeholderChoices:
        """Every value of the stakeholder page's facets in the data, every stakeholder id, initiative and document labels."""
        f = self._frames
        roles = frame_tools.ids(f["relations"]["role"])
        options = {
            "kinds": list(vocab.STAKEHOLDER_KINDS),
            "countries": sorted(frame_tools.ids(f["stakeholders"]["country"])),
            "domains": list(vocab.DOMAINS),
            "roles": sorted(roles | {"has_" + r for r in roles}),
            "initiatives": list(f["initiatives"]["initiative_id"]),
            "documents": list(f["documents"]["document_id"]),
        }
        labels = {"kinds": vocab.STAKEHOLDER_KINDS, "countries": {}, "domains": vocab.DOMAINS, "roles": {},
                  "initiatives": self._lookups().names["initiatives"], "documents": self._lookups().documents}  # fmt: skip
        return StakeholderChoices(options, labels, frozenset(f["stakeholders"]["stakeholder_id"]))

    @cached(max_entries=256)
    def roster_facets(self, filters: Filters, rf: roster.RosterFilter) -> dict[str, tuple[dict[str, int], int]]:
        """For each facet: the counts of its `roster.MAX_OPTIONS` most frequent options (and the chosen ones), and how
        many it has."""
        counts = roster.all_facet_counts(self._roster(filters), rf)
        return {facet: (roster.top_options(c, getattr(rf, facet), roster.MAX_OPTIONS), len(c)) for facet, c in counts.items()}

    @cached(max_entries=256)
    def roster_page(self, filters: Filters, rf: roster.RosterFilter, sort: str, number: int) -> RosterPage:
        """One page of the roster as displayed (a page past the end shows the last)."""
        shown = self._roster_shown(filters, rf, sort)
        number = min(max(number, 1), roster.pages(len(shown)))
        rows = roster.page(shown, number)
        return RosterPage(roster.display(rows, self._roster(filters)), list(rows["stakeholder_id"]), len(shown))

    def roster_csv(self, filters: Filters, rf: roster.RosterFilter, sort: str) -> bytes:
        """The whole filtered roster as CSV (made only when downloaded, so not cached)."""
        shown = self._roster_shown(filters, rf, sort)
        return data_exports.csv_bytes(roster.display(shown, self._roster(filters)))

    @cached(max_entries=256)
    def _network_focus(self, filters: Filters, rf: roster.RosterFilter, selected: str | None) -> network.Focus:
        shown = self._roster_shown(filters, rf, "relations")
        return network.focus(self._view(filters)["relations"], set(shown["stakeholder_id"]), selected)

    @cached(max_entries=64, spinner="Laying out the network…")
    def _network_layout(
        self, filters: Filters, stakeholders: tuple[str, ...], records: tuple[str, ...] | None
    ) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
        relations = self._view(filters)["relations"]
        drawn = network.Focus(stakeholders, None if records is None else frozenset(records), 0, 0)
        g = network.build_graph(self._frames, set(stakeholders), relations, drawn.records)
        nodes, edges = network.layout(g)
        return nodes, edges, sorted(frame_tools.ids(network.drawn_relations(relations, drawn)["document_id"]))

    def stakeholder_network(self, filters: Filters, rf: roster.RosterFilter, selected: str | None = None) -> NetworkView:
        """The network of the stakeholders the page filters leave, capped by `network.focus`. The layout is keyed on
        what is drawn, so choosing a stakeholder already drawn does not lay the graph out again."""
        f = self._network_focus(filters, rf, selected)
        records = None if f.records is None else tuple(sorted(f.records))
        nodes, edges, documents = self._network_layout(filters, f.stakeholders, records)
        return NetworkView(f, nodes, edges, documents)

    @cached(max_entries=128)
    def stakeholder_profile(self, stakeholder_id: str) -> roster.Profile | None:
        """A stakeholder's profile in the whole atlas."""
        return roster.profile(self._frames, stakeholder_id, self._lookups().documents)

    # --- Adding a document ---------------------------------------------------------------------------------

    @cached(max_entries=4)
    def _gazetteer(self) -> extract_entities.Gazetteer:
        from trafficking_atlas import extract_entities  # spaCy: loaded by the first document added, not at start

        return extract_entities.gazetteer(self._frames["stakeholders"], self._frames["places"])

    @cached(max_entries=16, spinner="Reading the document…")
    def propose(self, doc: extraction.Document) -> dict[str, pd.DataFrame]:
        """A new document's proposed records (nothing is stored), linked to this atlas's own where it knows them."""
        from trafficking_atlas import extraction

        return extraction.propose(doc, self._frames, self._gazetteer())

    def record_ids(self, dataset: str) -> list[str]:
        """The ids of a dataset's records, sorted (what a proposal can be merged into)."""
        return sorted(self._frames[dataset][catalog.DATASETS[dataset].id_column].astype(str))

    def already_in(self, text: str) -> str | None:
        """The document id of an atlas document with exactly this text, if any."""
        return next((d for d, t in self._texts.items() if t == text), None)

    # --- Sources ----------------------------------------------------------------------------------------------

    @cached(max_entries=64)
    def document_choices(self, filters: Filters) -> DocumentChoices:
        """The documents under the filters (all of them when none is), with their labels."""
        docs, view = self._frames["documents"], self._view(filters)["documents"]
        ids = list(view["document_id"]) or list(docs["document_id"])
        titles = dict(zip(docs["document_id"], docs["title"]))
        labels = {d: f"{titles.get(d, d)} — {self._lookups().documents.get(d, d)}" for d in ids}
        return DocumentChoices(ids, labels, titles, len(view), len(docs))

    @cached(max_entries=64)
    def document_header(self, document_id: str) -> str:
        """A document's title, outlet and publication date, with how the date is known."""
        meta = self._record("documents", document_id)
        if meta is None:
            return ""
        published = formatting.date_label(meta, "published", "published_end", "published_precision")
        line = f"{meta['title']} · {formatting.outlet_name(meta['outlet'])} · {published}"
        if meta["published_basis"] != "text":
            line += f" (date {meta['published_basis']}: {meta['published_source']})"
        return line

    def grade_of(self, dataset: str, ident: str) -> str | None:
        """A document's or record's current grade ("B2"), or None."""
        record = self._record(dataset, ident)
        return None if record is None or pd.isna(record.get("grade")) else str(record["grade"])

    @cached(max_entries=256)
    def grade_line(self, dataset: str, ident: str) -> str:
        """A document's or record's grade in words, with who gave it, or that no analyst has graded it."""
        record = self._record(dataset, ident)
        return grading.grade_line(record if record is not None else pd.Series(dtype=object), self.scale)

    def document_text(self, document_id: str) -> str:
        """A document's text as it is in `seeds/`."""
        return self._texts.get(document_id, "")

    @cached(max_entries=64)
    def document_records(self, filters: Filters, document_id: str) -> DocumentRecords:
        """The document's records under the filters, each addressed by its key "<record type>:<id>"."""
        names = self._lookups().names
        found = records.records_of_document(self._view(filters), document_id, names)
        total = len(records.records_of_document(self._frames, document_id, names))
        table = pd.DataFrame({
            "key": found["type"] + ":" + found["id"].astype(str),
            "type": found["type"].map({name: e.record for name, e in catalog.DATASETS.items()}),
            "from": found["source"].str.split(":").str[0],
            "record": found["record"], "quote": found["quote"], "source": found["source"],
        })  # fmt: skip
        return DocumentRecords(table, total)

    @cached(max_entries=256)
    def record_view(self, document_id: str, key: str) -> RecordView | None:
        """A record of the document by its key "<record type>:<id>": its source, quote, fields and quote's span."""
        dataset, _, ident = key.partition(":")
        record = self._record(dataset, ident) if dataset in catalog.DATASETS else None
        if record is None:
            return None
        source = provenance.provenance(record.get("basis"), record.get("source"))
        fields = records.record_fields(record, self._lookups().names, self._lookups().documents, dataset != "places")
        span = text_spans.quote_span(self.document_text(document_id), str(record["quote"]))
        return RecordView(source, str(record["quote"]), fields, span)

    @cached(max_entries=64)
    def proposal_spans(self, text: str, proposals: dict[str, pd.DataFrame]) -> list[text_spans.Span]:
        """Where a new document names the stakeholders, initiatives and places proposed from it."""
        return text_spans.find_spans(text, text_spans.entity_terms(proposals))

    def document_spans(self, document_id: str) -> list[text_spans.Span]:
        """Where the atlas's stakeholders, initiatives and places are named in the document."""
        return text_spans.find_spans(self.document_text(document_id), self._entity_terms())

    @cached(max_entries=4)
    def _entity_terms(self) -> list[tuple[str, str, str, str]]:
        return text_spans.entity_terms(self._frames)


@dataclass(frozen=True)
class Added:
    """What adding a document did: its id when stored, else every problem that kept it out (nothing was written)."""

    document_id: str | None
    problems: tuple[str, ...]
    failed: str | None = None  # why the store could not take it (unreachable, disk full, added meanwhile by another)


def add_document(
    text: str, records: dict[str, pd.DataFrame], who: str, url: str | None = None, grades: pd.DataFrame | None = None
) -> Added:
    """Check the reviewed records as data/'s rows are checked and, when sound, store them with their document (and
    the grades given at review) in one transaction; the next `current()` shows them on every page (the store's
    revision is in the atlas's version)."""
    from trafficking_atlas import review  # with the extractor's modules, read when a document is first added

    try:
        kept = engine(url or store.database_url())
        found = review.problems(records, text, data_dir(), seeds_dir(), existing=store.additions(kept))
        if found:
            return Added(None, tuple(str(p) for p in found))
        return Added(store.add(kept, text, records, who, grades), ())
    except (store.StoreError, sa.exc.SQLAlchemyError) as exc:
        return Added(None, (), str(exc).splitlines()[0] + "; nothing was added")


def import_dataset(converted: dataset_import.Converted, who: str, url: str | None = None) -> Added:
    """Store an imported dataset's good rows with its file, checked as the loader checks every record; the next
    `current()` shows them as a layer on every page. Removed again by `withdraw_document` (nothing is deleted)."""
    if not converted.rows_imported:
        return Added(None, ("no row of the file can be imported",))
    doc_id = str(converted.document["document_id"])
    records = {"documents": pd.DataFrame([converted.document], dtype=object), "incidents": converted.incidents,
               "figures": converted.figures}  # fmt: skip
    found = [i for name, frame in records.items() for i in loader.validate(name, frame.reset_index(drop=True), doc_id)[1]]
    if found:
        return Added(None, tuple(str(i) for i in found[:50]))
    try:
        return Added(store.add(engine(url or store.database_url()), converted.text, records, who, action="imported"), ())
    except (store.StoreError, sa.exc.SQLAlchemyError) as exc:
        return Added(None, (), str(exc).splitlines()[0] + "; nothing was imported")


def preview_dataset(data: bytes, file_name: str) -> dataset_import.Preview:
    """An uploaded dataset's columns, first rows, format and proposed mapping, or why it cannot be imported."""
    return dataset_import.sniff(data, file_name)


def link_decisions(url: str | None = None) -> tuple[tuple[str, str, str], ...]:
    """Every decision on a proposed link (incident, same_as, decision), oldest first."""
    t = store.links_table(engine(url or store.database_url()))
    return tuple(zip(t["incident_id"], t["same_as"], t["decision"]))


def decide_link(incident_id: str, same_as: str, document_id: str, decision: str, who: str,
                url: str | None = None) -> str | None:  # fmt: skip
    """Confirm or reject that an imported incident is the documents' `same_as`; the reason it could not be, else None."""
    try:
        store.decide_link(engine(url or store.database_url()), incident_id, same_as, document_id, decision, who)
    except (store.StoreError, sa.exc.SQLAlchemyError) as exc:
        return str(exc).splitlines()[0]
    return None


def withdraw_document(document_id: str, who: str, why: str, url: str | None = None) -> str | None:
    """Withdraw an added document (hidden everywhere, nothing deleted); the reason it could not be, else None."""
    try:
        store.withdraw(engine(url or store.database_url()), document_id, who, why)
    except (store.StoreError, sa.exc.SQLAlchemyError) as exc:
        return str(exc).splitlines()[0]
    return None


def grade_record(dataset: str, record_id: str, document_id: str, code: str, who: str, note: str = "",
                 url: str | None = None) -> str | None:  # fmt: skip
    """Grade a document or record on the instance's scale (kept with who and when; an earlier grade is superseded,
    not overwritten); the reason it could not be, else None."""
    scale, _ = grading.instance_scale()
    try:
        checked = grading.parse(code, scale)
        store.grade(engine(url or store.database_url()), dataset, record_id, document_id, scale.key, checked, who,
                    note.strip() or None)  # fmt: skip
    except (grading.GradeError, store.StoreError, sa.exc.SQLAlchemyError) as exc:
        return str(exc).splitlines()[0]
    return None


def restore_document(document_id: str, who: str, url: str | None = None) -> str | None:
    """Bring a withdrawn document and its records back everywhere; the reason it could not be, else None."""
    try:
        store.restore(engine(url or store.database_url()), document_id, who)
    except (store.StoreError, sa.exc.SQLAlchemyError) as exc:
        return str(exc).splitlines()[0]
    return None


@dataclass(frozen=True)
class AddedDocuments:
    """The store's documents: those in the atlas, and the withdrawn ones with who withdrew them, when and why."""

    live: list[str]
    withdrawn: dict[str, str]


def added_documents(url: str | None = None) -> AddedDocuments:
    """The documents added to the store, live and withdrawn."""
    docs = store.documents_table(engine(url or store.database_url()))
    gone = docs[docs["withdrawn_at"].notna()]
    when = pd.to_datetime(gone["withdrawn_at"], utc=True)
    why = {d: f"{d} — withdrawn by {b} on {a:%Y-%m-%d}: {w}"
           for d, b, a, w in zip(gone["document_id"], gone["withdrawn_by"], when, gone["withdrawn_why"])}  # fmt: skip
    return AddedDocuments(list(docs.loc[docs["withdrawn_at"].isna(), "document_id"]), why)


def store_history(url: str | None = None) -> pd.DataFrame:
    """Every addition, withdrawal and restoration in the store, newest first."""
    return store.history_table(engine(url or store.database_url()))

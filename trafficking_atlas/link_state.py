"""A link's state as query parameters and back: the global filters and each page's own parameters, read by one
validator that corrects what a hand-edited link gets wrong and says so."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote, urlsplit

import pandas as pd

from trafficking_atlas import filtering, grading, roster, timeline, vocab
from trafficking_atlas.filtering import Filters

PARAMS = {
    "from": "date_from",
    "to": "date_to",
    "domain": "domains",
    "area": "areas",
    "kind": "kinds",
    "doc": "documents",
    "actor": "stakeholders",
    "reliability": "reliability",
    "credibility": "credibility",
}


@dataclass(frozen=True)
class FilterOptions:
    """What each global filter may hold, taken from the loaded data."""

    min_date: date
    max_date: date
    domains: tuple[str, ...]
    areas: tuple[str, ...]
    kinds: tuple[str, ...]
    documents: tuple[str, ...]
    stakeholders: tuple[str, ...]
    reliability: tuple[str, ...] = tuple(grading.EUROPOL.reliability)
    credibility: tuple[str, ...] = tuple(grading.EUROPOL.credibility)
    grade_scale: str = grading.EUROPOL.key

    def defaults(self) -> Filters:
        return Filters(date_from=self.min_date, date_to=self.max_date, grade_scale=self.grade_scale)

    @functools.cached_property
    def digest(self) -> str:
        """A short hash of every option, worked out once: a cache key without hashing 100,000 stakeholder ids a call."""
        return hashlib.sha256(repr(dataclasses.astuple(self)).encode()).hexdigest()


def filter_options(data: Mapping[str, pd.DataFrame], scale: grading.Scale = grading.EUROPOL) -> FilterOptions:
    """The filter options the data supports."""
    starts = [data["documents"]["published"], data["incidents"]["date"], data["initiatives"]["date"]]
    ends = [data["documents"]["published_end"], data["incidents"]["date_end"], data["initiatives"]["date_end"]]
    all_dates = pd.concat([pd.to_datetime(s) for s in starts + ends]).dropna()
    if all_dates.empty:
        today = date.today()
        lo, hi = date(today.year, 1, 1), today
    else:
        lo, hi = all_dates.min().date(), all_dates.max().date()
        lo = date(lo.year, 1, 1)
        hi = date(hi.year, 12, 31)
    regions, countries = filtering.area_names(data["places"])
    return FilterOptions(
        min_date=lo,
        max_date=hi,
        domains=tuple(vocab.DOMAINS),
        areas=tuple(regions + countries),
        kinds=tuple(vocab.STAKEHOLDER_KINDS),
        documents=tuple(data["documents"]["document_id"]),
        stakeholders=tuple(data["stakeholders"]["stakeholder_id"]),
        reliability=tuple(scale.reliability),
        credibility=tuple(scale.credibility),
        grade_scale=scale.key,
    )


def _values(params: Mapping[str, object], key: str) -> list[str]:
    raw = params.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, Sequence) else [str(raw)]
    out: list[str] = []
    for item in items:
        out += [v for v in str(item).split(",") if v != ""]
    return out


def _date(text: str, name: str, fallback: date, notices: list[str]) -> date:
    value, notice = read(Param(name, f"{name} date", "date", fallback, instead=f"showing {fallback.isoformat()} instead"), [text])
    if notice:
        notices.append(notice)
    return value


def parse(params: Mapping[str, object], options: FilterOptions) -> tuple[Filters, list[str]]:
    """Filters from query parameters, with a notice for every value that had to be corrected.

    Args:
        params: query parameters; a value may be a string, a comma-separated string or a list.
        options: what each filter may hold.

    Returns:
        The filters (unknown values dropped, dates clamped into the data's range) and notices.
    """
    notices: list[str] = []
    start = options.min_date
    end = options.max_date
    if _values(params, "from"):
        start = _date(_values(params, "from")[0], "start", options.min_date, notices)
    if _values(params, "to"):
        end = _date(_values(params, "to")[0], "end", options.max_date, notices)
    if start > end:
        notices.append(f"The link's dates were in the wrong order; showing {end} to {start}.")
        start, end = end, start
    if end < options.min_date or start > options.max_date:
        # Clamping both ends to one side of the data would leave an empty one-day window.
        notices.append(
            f"The link's dates {start} to {end} lie outside the data ({options.min_date} to {options.max_date}); "
            "showing every date instead."
        )
        start, end = options.min_date, options.max_date
    if start < options.min_date or start > options.max_date:
        clamped = min(max(start, options.min_date), options.max_date)
        notices.append(
            f"The link's start date {start} is outside the data ({options.min_date} to {options.max_date}); using {clamped}."
        )
        start = clamped
    if end > options.max_date or end < options.min_date:
        clamped = min(max(end, options.min_date), options.max_date)
        notices.append(
            f"The link's end date {end} is outside the data ({options.min_date} to {options.max_date}); using {clamped}."
        )
        end = clamped
    chosen: dict[str, tuple[str, ...]] = {}
    for key, attr in PARAMS.items():
        if attr.startswith("date"):
            continue
        given = _values(params, key)
        if attr == "reliability":
            given = [v.upper() for v in given]  # a source letter in either case ("a,b")
        value, notice = read(Param(key, key, "choices", (), allowed=getattr(options, attr)), given)
        if notice:
            notices.append(notice)
        chosen[attr] = tuple(value)
    return Filters(date_from=start, date_to=end, grade_scale=options.grade_scale, **chosen), notices


def to_params(f: Filters) -> dict[str, str | list[str]]:
    """Query parameters that reopen exactly these filters (dates always written, lists when set)."""
    out: dict[str, str | list[str]] = {}
    for key, attr in PARAMS.items():
        value = getattr(f, attr)
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif value:
            out[key] = list(value)
    return out


def summary(f: Filters, options: FilterOptions, labels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """One line saying which filters are active, for captions and exports."""
    labels = labels or {}
    parts = []
    if f.date_from and f.date_to and (f.date_from, f.date_to) != (options.min_date, options.max_date):
        parts.append(f"{f.date_from:%d %b %Y} – {f.date_to:%d %b %Y}")
    for attr, name in (
        ("domains", "domain"),
        ("areas", "area"),
        ("kinds", "kind"),
        ("documents", "document"),
        ("stakeholders", "stakeholder"),
        ("reliability", "source graded"),
        ("credibility", "information graded"),
    ):
        values = getattr(f, attr)
        if values:
            shown = [labels.get(attr, {}).get(v, v) for v in values]
            parts.append(f"{name}: {', '.join(shown)}")
    return "; ".join(parts) if parts else "All records"


def unknown_page(url: str, page_paths: Sequence[str], base_path: str = "") -> str | None:
    """The page a link's address names when the atlas has no such page, else None.

    Args:
        url: the address the browser used.
        page_paths: every page's url path ("" is the default page).
        base_path: the app's own path on its server (`server.baseUrlPath`), which is not a page.
    """
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    base = [s for s in base_path.split("/") if s]
    if segments[: len(base)] == base:
        segments = segments[len(base) :]
    if not segments or (len(segments) == 1 and segments[0] in page_paths):
        return None
    return "/".join(segments)


# --- Each page's own parameters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One page parameter of a link: its name, what it holds in words (for notices), how it is read and written.

    Kinds: `choice` (one of `allowed`), `choices` (a comma-separated list of `allowed`; "none" is the empty list),
    `flag` (on/off, or the two words `allowed` gives, off first), `date` (YYYY-MM-DD), `text` (at most `limit`
    characters), `id` (any value, or one of the values the page passes as allowed), `page` (a page number from 1),
    `view` (a map view "latitude,longitude,zoom").
    """

    name: str
    what: str
    kind: str
    default: object = None
    allowed: tuple[str, ...] | None = None
    instead: str = ""  # what the page shows instead of a wrong value, in words
    limit: int | None = None
    always: bool = False  # written even at its default, so a reader of the link sees the choice


def quoted(value: object, limit: int = 60) -> str:
    """A link's value as a notice quotes it: in quotes, a long one cut with its length said (a 10 kB value is named,
    not repeated)."""
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit]) + f"… ({len(text):,} characters)"


def _quoted_list(values: Sequence[str], most: int = 5) -> str:
    shown = ", ".join(quoted(v) for v in list(dict.fromkeys(values))[:most])
    more = len(dict.fromkeys(values)) - most
    return shown + (f" and {more:,} more" if more > 0 else "")


def _items(values: Sequence[str]) -> list[str]:
    return [v for part in values for v in str(part).split(",") if v]


def read(p: Param, values: Sequence[str], allowed: Collection[str] | None = None) -> tuple[object, str | None]:
    """A parameter's value from the link's values for it, and a notice when the link's value had to be corrected.

    `allowed` narrows an `id` or `choices` parameter to what the data holds now (a document under the filters)."""
    raw = str(values[0]) if values else ""
    valid = allowed if allowed is not None else p.allowed
    instead = p.instead or f"showing {p.default!r}"
    if p.kind == "choice":
        if raw in (valid or ()):
            return raw, None
        return p.default, f"The link's {p.what} {quoted(raw)} is not one of {', '.join(map(repr, valid or ()))}; {instead}."
    if p.kind == "choices":
        items = _items(values)
        if items == ["none"]:
            return [], None
        known = [v for v in dict.fromkeys(items) if v in (valid or ())]
        unknown = [v for v in items if v not in (valid or ())]
        if not unknown:
            return known, None
        fallback = f" {p.instead}" if p.instead and not known else ""
        value = known or list(p.default or [])
        return value, f"The link names unknown {p.what} value(s) {_quoted_list(unknown)}; they were ignored.{fallback}"
    if p.kind == "flag":
        off, on = p.allowed or ("off", "on")
        if raw in (on, *(() if p.allowed else ("1", "true", "yes"))):
            return True, None
        if raw in (off, *(() if p.allowed else ("0", "false", "no"))):
            return False, None
        return False, f"The link's {p.what} value {quoted(raw)} is not {on!r} or {off!r}; {p.instead or 'it is off'}."
    if p.kind == "date":
        try:
            return date.fromisoformat(raw.strip()), None
        except ValueError:
            return p.default, f"The link's {p.what} {quoted(raw)} is not a date (YYYY-MM-DD); {instead}."
    if p.kind == "text":
        if p.limit is not None and len(raw) > p.limit:
            return raw[: p.limit], f"The link's {p.what} is {len(raw)} characters; it was cut to {p.limit}."
        return raw, None
    if p.kind == "id":
        if valid is None or raw in valid:
            return raw, None
        return p.default, f"The link's {p.what} {quoted(raw)} {instead}."
    if p.kind == "page":
        # isascii: str.isdigit also accepts superscript digits, which int() refuses; and int() refuses more than
        # 4,300 digits, where no table has a page.
        if raw.isascii() and raw.isdigit() and len(raw) <= 12 and int(raw) >= 1:
            return int(raw), None
        return 1, f"The link's {p.what} {quoted(raw)} is not a number; showing the first page."
    if p.kind == "view":
        try:
            lat, lon, zoom = (float(v) for v in raw.split(","))
            if -85 <= lat <= 85 and -180 <= lon <= 180 and 0 <= zoom <= 20:
                return {"latitude": lat, "longitude": lon, "zoom": zoom}, None
        except ValueError:
            pass
        return p.default, f"The link's {p.what} {quoted(raw)} is not 'latitude,longitude,zoom'; {instead}."
    raise ValueError(f"unknown parameter kind {p.kind!r}")


def parse_page(
    spec: Mapping[str, Param], query: Mapping[str, Sequence[str]], allowed: Mapping[str, Collection[str]] | None = None
) -> tuple[dict[str, object], list[str]]:
    """The values of the page's parameters the link holds (absent ones are left out), and a notice for each value
    that had to be corrected."""
    allowed = allowed or {}
    out: dict[str, object] = {}
    notices: list[str] = []
    for name, p in spec.items():
        values = [str(v) for v in query.get(name, [])]
        if not values:
            continue
        out[name], notice = read(p, values, allowed.get(name))
        if notice:
            notices.append(notice)
    return out, notices


def write(p: Param, value: object) -> str | None:
    """A parameter's value as the link writes it (None: left out of the link)."""
    if value is None or (value == p.default and not p.always):
        return None
    if p.kind == "choices":
        return ",".join(value) or "none"
    if p.kind == "flag":
        off, on = p.allowed or ("off", "on")
        return on if value else off
    if p.kind == "date":
        return value.isoformat()
    if p.kind == "view":
        return f"{value['latitude']:.4f},{value['longitude']:.4f},{value['zoom']:.2f}"
    return str(value) or None


def to_page_params(spec: Mapping[str, Param], values: Mapping[str, object]) -> dict[str, str | None]:
    """The page parameters that reopen these values."""
    return {name: write(p, values[name]) for name, p in spec.items() if name in values}


def page_spec(*params: Param) -> dict[str, Param]:
    """A page's parameters by name."""
    return {p.name: p for p in params}


# --- The pages' parameters (a page passes what only the data can tell, such as the documents under the filters) ---

MAP_LAYERS = ("routes", "incidents", "venues", "ports")
MAP = page_spec(
    Param("layers", "map layer", "choices", list(MAP_LAYERS), MAP_LAYERS, instead="Showing every layer.", always=True),
    Param("tiles", "map tiles", "flag", False, ("offline", "online"), instead="the map makes no outside request",
          always=True),
    Param("view", "map view", "view", None, instead="the view fits what is shown", always=True),
    Param("sel", "selection", "id"),
    Param("focus", "cluster to split", "id", instead="is not a cluster id; every cluster is shown whole"),
)  # fmt: skip
TIMELINE = page_spec(
    Param("metric", "metric", "choice", "both", tuple(timeline.METRIC_CHOICES), always=True),
    Param("group", "grouping", "choice", "route", tuple(timeline.GROUPINGS), always=True),
    Param("cumulative", "cumulative", "flag", False, always=True),
    Param("log", "log", "flag", False, always=True),
    Param("tl_sel", "selection", "id"),
    Param("tl_from", "window start", "date", instead="the window fits the figures"),
    Param("tl_to", "window end", "date", instead="the window fits the figures"),
    Param("tl_tab", "tab", "choice", "figures", ("figures", "context"), instead="showing the figures"),
)
STAKEHOLDERS = page_spec(
    *(Param(name, what, "choices", []) for name, what in (("sh_kind", "kind"), ("sh_country", "country"),
      ("sh_domain", "trafficking domain"), ("sh_role", "role"), ("sh_initiative", "initiative"), ("sh_doc", "document"))),
    Param("q", "search", "text", "", limit=200),
    Param("who", "stakeholder", "id", instead="does not exist; none is selected"),
    Param("sh_sort", "table order", "choice", "relations", tuple(roster.SORTS),
          instead="the table is sorted by most relations"),
    Param("sh_page", "table page", "page", 1),
    Param("sh_tab", "tab", "choice", "table", ("table", "network"), instead="showing the table"),
)  # fmt: skip
SOURCES = page_spec(
    Param("source", "document", "id", instead="is not in the atlas or not under these filters; showing the first"),
    Param("record", "record", "id", instead="is not in this document's records; none is selected"),
)
BRIEFING = page_spec(
    Param(
        "items",
        "briefing item",
        "choices",
        ["map", "timeline", "network", "casualties"],
        always=True,
        instead="Showing the usual items.",
    ),
    Param("title", "title", "text", "Trafficking and the response: briefing", limit=120, always=True),
)

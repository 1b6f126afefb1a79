"""The global filters as URL query parameters, and back, correcting what a hand-edited link gets wrong."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote, urlsplit

import pandas as pd

from trafficking_atlas import queries, vocab
from trafficking_atlas.queries import Filters

PARAMS = {
    "from": "date_from",
    "to": "date_to",
    "domain": "domains",
    "area": "areas",
    "kind": "kinds",
    "doc": "documents",
    "actor": "stakeholders",
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

    def defaults(self) -> Filters:
        return Filters(date_from=self.min_date, date_to=self.max_date)


def filter_options(data: Mapping[str, pd.DataFrame]) -> FilterOptions:
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
    regions, countries = queries.area_names(data["places"])
    return FilterOptions(
        min_date=lo,
        max_date=hi,
        domains=tuple(vocab.DOMAINS),
        areas=tuple(regions + countries),
        kinds=tuple(vocab.STAKEHOLDER_KINDS),
        documents=tuple(data["documents"]["document_id"]),
        stakeholders=tuple(data["stakeholders"]["stakeholder_id"]),
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
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        notices.append(f"The link's {name} date {text!r} is not a date (YYYY-MM-DD); showing {fallback.isoformat()} instead.")
        return fallback


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
        allowed = getattr(options, attr)
        values = _values(params, key)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            notices.append(f"The link names unknown {key} value(s) {', '.join(map(repr, unknown))}; they were ignored.")
        chosen[attr] = tuple(dict.fromkeys(v for v in values if v in allowed))
    return Filters(date_from=start, date_to=end, **chosen), notices


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

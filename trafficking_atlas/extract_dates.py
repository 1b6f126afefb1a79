"""Dates a sentence writes, absolute or relative, resolved against the document's publication date.

Each comes with its precision (day, month, year), its span, and how it was read: an absolute date the text
states ("14 June 2023") has basis `text`; one worked out from the publication date ("on Tuesday", "last week",
"so far this year") has basis `inferred` and says how.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser

MONTH_NAMES = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
} | {"sept": 9}  # fmt: skip
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|" \
        r"Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"  # fmt: skip
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
YEAR = r"(?:19|20)\d{2}"


@dataclass(frozen=True)
class DateMatch:
    """A date a sentence writes: its first and last day, precision, basis (`text` or `inferred`), how, and words."""

    start: date
    end: date
    precision: str
    basis: str
    how: str
    words: str


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _absolute(words: str) -> date | None:
    parsed = dateparser.parse(words, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False})
    return parsed.date() if parsed else None


RULES: list[tuple[str, str]] = [  # (pattern, kind), tried in this order; a span taken is not read again
    # Days of one month: "from 10-12 September", "10 to 12 June 2024".
    (rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|\u2013|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+{YEAR})?", "day_range"),
    (rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+{YEAR}\b", "day"),
    (rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{YEAR}\b", "day"),
    (rf"\b(?:the\s+)?(?:end|close)\s+of\s+{YEAR}\b", "end_of_year"),
    (rf"\b(?:the\s+)?(?:start|beginning)\s+of\s+{YEAR}\b", "start_of_year"),
    # A span of months: "between January and March this year", "from January to March 2023".
    (rf"\b(?:between|from)\s+{MONTH}\s+(?:and|to|until)\s+{MONTH}(?:\s+(?:{YEAR}|this\s+year|last\s+year))?", "month_range"),
    (rf"\b{MONTH}\s+{YEAR}\b", "month"),
    (rf"\b(?:in|since|during|of|from|by|the|until|before|after)\s+{YEAR}\b", "year"),
    (
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?!,?\s+{YEAR})|\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s+{YEAR})",
        "day_month",
    ),
    (
        r"\b(?:so far|earlier|later)\s+this\s+year\b|\bthis\s+year\b|\bsince\s+the\s+(?:start|beginning)\s+of\s+"
        r"(?:the|this)\s+year\b|\byear\s+to\s+date\b",
        "this_year",
    ),
    (r"\blast\s+year\b", "last_year"),
    (r"\b(?:earlier\s+)?this\s+month\b", "this_month"),
    (r"\blast\s+month\b", "last_month"),
    (r"\b(?:in|over|during)\s+the\s+(?:past|last)\s+(?:week|seven\s+days|7\s+days)\b", "past_week"),
    (r"\blast\s+week\b", "last_week"),
    (r"\b(?:(?:over|at|during)\s+the|last|this\s+past)\s+weekend\b", "weekend"),
    (rf"\blast\s+{MONTH}(?!\s+\d)", "last_month_named"),
    (r"\bthis\s+week\b", "this_week"),
    (r"\byesterday\b", "yesterday"),
    (r"\btoday\b", "today"),
    (r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:days?|weeks?|months?|years?)\s+ago\b", "ago"),
    # A weekday names the latest such day by publication ("on Saturday", "late Sunday", "Tuesday's raid"); a feast
    # day or a sale ("Good Friday", "Black Friday") is no date.
    (rf"\b(?:(?:on|last|this\s+past)\s+)?(?<!Good )(?<!Black )(?<!Cyber ){WEEKDAY}\b", "weekday"),
    # "overnight" in the news is the night before publication, unless a day is named ("overnight on Saturday").
    (rf"\bovernight\b(?!\s+(?:on\s+|into\s+|to\s+)?{WEEKDAY})", "overnight"),
    (rf"\b(?:in|on|since|during|by|from)\s+(?:early\s+|late\s+|mid-)?{MONTH}\b(?!\s+\d)", "bare_month"),
    (rf"(?<![\d,.])\b{YEAR}\b(?![\d,])", "year"),
]
COMPILED = [(re.compile(p, re.I), kind) for p, kind in RULES]
# A date the sentence looks ahead to ("would present … in May", "which holds a session on Thursday", "next week"):
# a weekday or month without a year is then the next one on or after publication, not the latest before it.
AHEAD = re.compile(
    r"\b(?:will|shall|would|next|upcoming|(?:is|are)\s+(?:due|set|expected|scheduled|planned|to)\b|plans?\s+to|"
    r"intends?\s+to|holds|meets|convenes)\b[^,;:.]*$",
    re.I,
)
FORWARD = {"weekday", "bare_month", "day_month"}


def _ahead(kind: str, words: str, published: date) -> DateMatch | None:
    """A weekday, month or day the sentence looks ahead to: the next one on or after publication."""
    how = f"'{words}' in a document published {published.isoformat()}, looking ahead"
    if kind == "weekday":
        d = published + timedelta(days=(WEEKDAYS[words.split()[-1].lower()] - published.weekday()) % 7)
        return DateMatch(d, d, "day", "inferred", f"{how}: the {words.split()[-1]} on or after it, {d.isoformat()}", words)
    if kind == "bare_month":
        month = MONTH_NAMES[re.search(MONTH, words, re.I).group(0).lower().rstrip(".")]
        y = published.year if month >= published.month else published.year + 1
        return DateMatch(date(y, month, 1), _month_end(y, month), "month", "inferred",
                         f"{how}: the next {calendar.month_name[month]}, {y}", words)  # fmt: skip
    day = re.sub(r"(\d)(st|nd|rd|th)", r"\1", words).replace(" of ", " ")
    d = _absolute(f"{day} {published.year}")
    if d is not None and d < published:
        d = _absolute(f"{day} {published.year + 1}")
    return DateMatch(d, d, "day", "inferred", f"{how}: the next {words}, {d.isoformat()}", words) if d else None


def _resolve(kind: str, words: str, published: date) -> DateMatch | None:
    pub = published.isoformat()
    if kind == "month_range":
        first, last = (MONTH_NAMES[w.lower().rstrip(".")] for w in re.findall(MONTH, words, re.I)[:2])
        stated = re.search(YEAR, words)
        y = int(stated.group(0)) if stated else published.year - 1 if re.search(r"last\s+year", words, re.I) else (
            published.year if date(published.year, last, 1) <= published else published.year - 1)  # fmt: skip
        if last < first:
            return None
        how = "" if stated else f"'{words}' in a document published {pub}: {calendar.month_name[first]} to " \
                                f"{calendar.month_name[last]} {y}"  # fmt: skip
        return DateMatch(date(y, first, 1), _month_end(y, last), "month", "text" if stated else "inferred", how, words)
    if kind == "day":
        d = _absolute(re.sub(r"(\d)(st|nd|rd|th)", r"\1", words).replace(" of ", " "))
        return DateMatch(d, d, "day", "text", "", words) if d else None
    year = int(re.search(YEAR, words).group(0)) if re.search(YEAR, words) else published.year
    if kind == "end_of_year":
        return DateMatch(date(year, 12, 1), date(year, 12, 31), "month", "inferred", f"'{words}' read as December {year}", words)
    if kind == "start_of_year":
        return DateMatch(date(year, 1, 1), date(year, 1, 31), "month", "inferred", f"'{words}' read as January {year}", words)
    if kind == "month":
        month = MONTH_NAMES[re.match(r"[A-Za-z]+", words).group(0).lower()]
        return DateMatch(date(year, month, 1), _month_end(year, month), "month", "text", "", words)
    if kind == "year":
        return DateMatch(date(year, 1, 1), date(year, 12, 31), "year", "text", "", words)
    how = f"'{words}' in a document published {pub}"
    if kind == "this_year":
        return DateMatch(date(published.year, 1, 1), published, "year", "inferred", f"{how}: from 1 January to then", words)
    if kind == "last_year":
        y = published.year - 1
        return DateMatch(date(y, 1, 1), date(y, 12, 31), "year", "inferred", f"{how}: the year before", words)
    if kind == "this_month":
        return DateMatch(published.replace(day=1), published, "month", "inferred", f"{how}: its month", words)
    if kind == "last_month":
        last = published.replace(day=1) - timedelta(days=1)
        return DateMatch(last.replace(day=1), last, "month", "inferred", f"{how}: the month before", words)
    if kind == "past_week":
        return DateMatch(published - timedelta(days=7), published, "day", "inferred", f"{how}: the seven days to then", words)
    if kind == "weekend":
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        end = min(saturday + timedelta(days=1), published)
        return DateMatch(saturday, end, "day", "inferred", f"{how}: the weekend of {saturday.isoformat()}", words)
    if kind == "last_month_named":
        month = MONTH_NAMES[re.search(MONTH, words, re.I).group(0).lower().rstrip(".")]
        y = published.year if month < published.month else published.year - 1
        return DateMatch(date(y, month, 1), _month_end(y, month), "month", "inferred",
                         f"{how}: the latest {calendar.month_name[month]} before then, {y}", words)  # fmt: skip
    if kind in ("last_week", "this_week"):
        monday = published - timedelta(days=published.weekday()) - timedelta(days=7 if kind == "last_week" else 0)
        end = min(monday + timedelta(days=6), published)
        return DateMatch(monday, end, "day", "inferred", f"{how}: the week of {monday.isoformat()}", words)
    if kind in ("yesterday", "today"):
        d = published - timedelta(days=1 if kind == "yesterday" else 0)
        return DateMatch(d, d, "day", "inferred", f"{how}: {d.isoformat()}", words)
    if kind == "day_range":
        first, last = (int(n) for n in re.findall(r"\d{1,2}(?=\D)", words)[:2])
        month = MONTH_NAMES[re.search(MONTH, words, re.I).group(0).lower().rstrip(".")]
        stated = re.search(YEAR, words)
        y = (
            int(stated.group(0))
            if stated
            else published.year
            if date(published.year, month, 1) <= published
            else published.year - 1
        )
        if not 1 <= first < last <= calendar.monthrange(y, month)[1]:
            return None
        how = "" if stated else f"{how}: the latest {calendar.month_name[month]} by then, {y}"
        return DateMatch(date(y, month, first), date(y, month, last), "day", "text" if stated else "inferred", how, words)
    if kind == "day_month":
        # A day and month without a year: the latest such day by publication ("on 18 June" in July's paper).
        day = re.sub(r"(\d)(st|nd|rd|th)", r"\1", words).replace(" of ", " ")
        d = _absolute(f"{day} {published.year}")
        if d is not None and d > published:
            d = _absolute(f"{day} {published.year - 1}")
        return DateMatch(d, d, "day", "inferred", f"{how}: the latest {words} by then, {d.isoformat()}", words) if d else None
    if kind == "ago":
        base = datetime(published.year, published.month, published.day)
        parsed = dateparser.parse(words, languages=["en"], settings={"RELATIVE_BASE": base})
        if parsed is None:
            return None
        d, unit = parsed.date(), re.search(r"day|week|month|year", words).group(0)
        precision = {"day": "day", "week": "day", "month": "month", "year": "year"}[unit]
        start = d if precision == "day" else d.replace(day=1) if precision == "month" else date(d.year, 1, 1)
        end = d if precision == "day" else _month_end(d.year, d.month) if precision == "month" else date(d.year, 12, 31)
        return DateMatch(start, end, precision, "inferred", f"{how}: {d.isoformat()}", words)
    if kind == "overnight":
        night = published - timedelta(days=1)
        return DateMatch(night, published, "day", "inferred", f"{how}: the night before it, from {night.isoformat()}", words)
    if kind == "weekday":
        wanted = WEEKDAYS[words.split()[-1].lower()]
        # The latest such day on or before publication ("on Tuesday" in Wednesday's paper is the day before).
        back = (published.weekday() - wanted) % 7
        if words.lower().startswith("last") and back == 0:
            back = 7
        d = published - timedelta(days=back)
        return DateMatch(d, d, "day", "inferred", f"{how}: the {words.split()[-1]} on or before it, {d.isoformat()}", words)
    if kind == "bare_month":
        month = MONTH_NAMES[re.search(MONTH, words, re.I).group(0).lower().rstrip(".")]
        y = published.year if month <= published.month else published.year - 1
        return DateMatch(date(y, month, 1), _month_end(y, month), "month", "inferred",
                         f"{how}: the latest {calendar.month_name[month]} by then, {y}", words)  # fmt: skip
    return None


def find_dates(sentence: str, published: date) -> list[DateMatch]:
    """Every date the sentence writes, in the order they stand, resolved against the publication date."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, DateMatch]] = []
    for pattern, kind in COMPILED:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            words = re.sub(r"(?<=[a-z]{4})\.$", "", m.group(0).strip())  # a full stop after a month ends the sentence
            ahead = kind in FORWARD and not words.lower().startswith("last") and AHEAD.search(sentence[: m.start()])
            match = _ahead(kind, words, published) if ahead else _resolve(kind, words, published)
            if match is not None:
                taken.append((m.start(), m.end()))
                found.append((m.start(), match))
    return [m for _, m in sorted(found, key=lambda x: x[0])]


# "A prior to B in 2005": the date is B's and only bounds A. A date after "prior to", "before", "ahead of" or
# "until" in its clause is not the own date of what the words before it report; with no words before it (the
# sentence is about B), it is.
LIMIT = re.compile(r"\w[^,;:]*?\b(?:prior\s+to|before|ahead\s+of|until|in\s+the\s+run-up\s+to)\b[^,;:]*$", re.I)


def event_date(sentence: str, dates: list[DateMatch]) -> DateMatch | None:
    """The date of what the sentence reports: its first date that is not a bound on it (see LIMIT)."""
    for m in dates:
        at = sentence.find(m.words)
        lead = re.match(r"(?:(?:until|before)\s+)?", m.words, re.I).group(0)  # "until 2025" is read with its word
        if at < 0 or not LIMIT.search(sentence[:at] + lead):
            return m
    return None

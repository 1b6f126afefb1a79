"""Records in words: figures as read ('more than 70 dead · Dawn'), dates at their precision, outlets, document
labels, whom a figure counts, who reported it, and notes on what a total holds."""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd

from trafficking_atlas import vocab
from trafficking_atlas.casualties import FIGURE_COLUMNS, counts_part
from trafficking_atlas.frame_tools import SHORT, column_of, each_unique, is_missing, member, one_row, per_unique
from trafficking_atlas.provenance import is_dataset, is_outside, short_source


def _numbers(values: np.ndarray, year: np.ndarray) -> np.ndarray:
    """Numbers as text: '1,204', '4.5', and a year without its thousands comma ('2023')."""
    general = each_unique(values, lambda v: f"{v:,.0f}" if float(v).is_integer() else f"{v:,}")
    return np.where(year, each_unique(values, lambda v: f"{v:.0f}"), general)


def _describe(figures: pd.DataFrame | dict) -> np.ndarray:
    """Each figure as an analyst reads it: 'more than 70', '4–5', 'about 750'."""
    value, value_max = column_of(figures, "value", float), column_of(figures, "value_max", float, np.nan)
    year = column_of(figures, "unit") == "year"
    text = _numbers(value, year)
    text = np.where(np.isnan(value_max), text, text + "–" + _numbers(value_max, year))
    qualifier = each_unique(column_of(figures, "qualifier"), lambda q: vocab.QUALIFIERS.get(q, ""))
    return qualifier + text


def describe_values(figures: pd.DataFrame) -> pd.Series:
    """`_describe` of every figure, as a column."""
    return pd.Series(_describe(figures), index=figures.index, dtype=str)


def describe_value(figure: pd.Series | dict) -> str:
    """`_describe` of one figure."""
    return str(_describe(one_row(figure, FIGURE_COLUMNS))[0])


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
    dataset = is_dataset(figures)
    values, metrics = describe_values(figures), figures["metric"].astype(str).str.replace("_", " ")
    for value, metric, whom, ext, only, by, row in zip(values, metrics, counts, outside, part, who, dataset):
        text = f"{value} {metric}"
        if only and whom:
            text += f" ({whom})"
        text += f" · {by}" if by else " · a row of the imported dataset" if row else " · stated by the article"
        out.append(text + (" · outside the documents" if ext else ""))
    return pd.Series(out, index=figures.index, dtype=object)


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
    return str(_date_labels(*([None if is_missing(v) else v] for v in values))[0])


def outlet_name(outlet: object) -> str:
    """A document's outlet as shown: the data's 'unknown' reads 'Outlet not named'."""
    return "Outlet not named" if pd.isna(outlet) or str(outlet).lower() in ("", "unknown") else str(outlet)


def document_labels(documents: pd.DataFrame) -> dict[str, str]:
    """Short labels for documents: 'Dawn · 27 Apr 2024'."""
    # A document's date is never marked as from outside: its publication is what the label names it by.
    when = date_labels(documents["published"], documents["published_end"], documents["published_precision"])
    outlets = [outlet_name(o) for o in documents["outlet"].tolist()]
    return {d: f"{o} · {w}" for d, o, w in zip(documents["document_id"].tolist(), outlets, when.tolist())}


def plain(value: object) -> str:
    """A cell as a person writes it: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)


def number_of(n: int, noun: str) -> str:
    """A count with its noun: "1 figure", "2 figures", "1,200 routes"."""
    return f"{n:,} {noun if n == 1 else noun + 's'}"

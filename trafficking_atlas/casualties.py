"""The casualty rule: each figure's bounds and minimum, each incident's minimum dead and missing, and their totals."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from trafficking_atlas import vocab
from trafficking_atlas.frame_tools import column_of, member, one_row

FIGURE_COLUMNS = ["value", "value_max", "qualifier", "unit"]  # what a figure's value text and bounds read


def _bounds(figures: pd.DataFrame | dict) -> tuple[np.ndarray, np.ndarray]:
    """The low and high end each figure allows: 'up to 75' 0–75, 'more than 70' 71 up (high NaN when open-ended)."""
    value = column_of(figures, "value", float)
    value_max = column_of(figures, "value_max", float, np.nan)
    q = column_of(figures, "qualifier")
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


# Of each incident's reports of a kind: the lowest of each group of people (ties: the first report), then the
# largest of those groups, a whole count before a part (ties: the first report). DuckDB groups the two million
# figures of a million incidents in a fraction of what pandas' sorts and de-duplications take.
_MINIMUMS_SQL = """
WITH f AS (
    SELECT *, CASE WHEN part THEN 'part: ' || lower(coalesce(counts, '')) ELSE 'whole' END AS population
    FROM figures WHERE kind IS NOT NULL
), lowest AS (
    SELECT * FROM f WHERE minimum IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY incident_id, kind, population ORDER BY minimum, ord) = 1
), largest AS (
    SELECT * FROM lowest
    QUALIFY row_number() OVER (PARTITION BY incident_id, kind ORDER BY minimum DESC, part, ord) = 1
), reports AS (
    SELECT incident_id, kind, count(*) AS reports, min(ord) AS first FROM f GROUP BY incident_id, kind
)
SELECT r.incident_id, r.kind, r.reports, l.minimum, l.figure_id, coalesce(l.part, false) AS part
FROM reports r LEFT JOIN largest l USING (incident_id, kind)
ORDER BY r.first
"""


def _arrow(series: pd.Series) -> pa.Array:
    # pandas' arrow-backed strings are handed over without a copy; other columns as their strings.
    if isinstance(series.array, pd.arrays.ArrowStringArray):
        return pa.array(series.array).cast(pa.large_string())
    values = series.to_numpy(dtype=object)
    return pa.array(values.astype(str), mask=pd.isna(values), type=pa.large_string())


def casualty_minimums(figures: pd.DataFrame, include_external: bool = True) -> pd.DataFrame:
    """Per incident and kind (dead or missing), the minimum its reports support under `CASUALTY_RULE`.

    Args:
        figures: figure records (any metrics; only casualty figures of incidents are used).
        include_external: whether figures from outside the documents count.

    Returns:
        `MINIMUM_COLUMNS`, incidents in the order of their first figure: `reports` (how many figures of that kind),
        `minimum` (NaN when every report gives only an upper bound), `figure_id` (the figure that gives the minimum)
        and `part` (it counts only a group).
    """
    used = figures["incident_id"].notna().to_numpy(copy=True)
    if not include_external:
        used &= (figures["basis"] != "external").to_numpy()
    kind = casualty_kinds(figures).to_numpy(dtype=object, copy=True)
    kind[~used] = None
    if not pd.notna(kind).any():
        return pd.DataFrame(columns=MINIMUM_COLUMNS)
    counts = figures["counts"] if "counts" in figures else pd.Series(None, index=figures.index, dtype=object)
    table = pa.table({
        "ord": np.arange(len(figures)), "incident_id": _arrow(figures["incident_id"]),
        "kind": pa.array(kind, type=pa.large_string(), from_pandas=True),
        "minimum": pa.array(figure_minimums(figures).to_numpy(float), from_pandas=True),
        "figure_id": _arrow(figures["figure_id"]), "part": pa.array(counts_part(figures).to_numpy(bool)),
        "counts": _arrow(counts),
    })  # fmt: skip
    with duckdb.connect() as con:
        con.register("figures", table)
        out = con.sql(_MINIMUMS_SQL).to_arrow_table()
    strings = figures["incident_id"].dtype
    frame = out.to_pandas(types_mapper={pa.large_string(): strings}.get if isinstance(strings, pd.StringDtype) else None)
    frame["kind"] = frame["kind"].astype(object)
    frame["incident_id"] = frame["incident_id"].astype(strings)
    frame["figure_id"] = frame["figure_id"].astype(figures["figure_id"].dtype)
    return frame.astype({"reports": "int64", "minimum": float, "part": bool})[MINIMUM_COLUMNS]


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


def range_text(low: float, high: float, open_ended: bool = False) -> str:
    """'70–75', '350', '500+' or '300–500+'."""
    if pd.isna(low):
        return "—"
    text = f"{low:,.0f}" if low == high else f"{low:,.0f}–{high:,.0f}"
    return text + ("+" if open_ended else "")

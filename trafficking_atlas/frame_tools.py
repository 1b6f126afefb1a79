"""Column tools every module uses: fast membership, distinct values, per-distinct-value rules and one-row calls."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


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


def each_unique(values: object, func) -> np.ndarray:
    """`func` of each value, applied once per distinct value (missing included)."""
    values = np.asarray(values, dtype=object)
    if len(values) <= SHORT:
        return np.asarray([func(v) for v in values.tolist()], dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    mapped = np.asarray([func(u) for u in uniques] or [None], dtype=object)
    return mapped[codes] if len(codes) else np.asarray([], dtype=object)


def per_unique(values: pd.Series, func) -> pd.Series:
    """`func` applied once per distinct value (missing included) and spread back; for few distinct values."""
    return pd.Series(each_unique(values, func), index=values.index, dtype=object)


def one_row(record: pd.Series | dict, columns: list[str]) -> dict[str, list]:
    """One record (a row or a dict) as one-value columns: what a rule's vectorised form takes for its scalar call."""
    return {c: [record[c]] for c in columns if c in record}


def column_of(frame: pd.DataFrame | dict, column: str, dtype: object = object, default: object = None) -> np.ndarray:
    """A column of a frame (or of `one_row`) as an array; `default` throughout when the frame has no such column."""
    if column in frame:
        return np.asarray(frame[column], dtype=dtype)
    n = len(frame) if isinstance(frame, pd.DataFrame) else len(next(iter(frame.values()), []))
    return np.full(n, default, dtype=dtype)


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


def split_list(value: object) -> list[str]:
    """Split a ';'-separated cell into its items."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return []
    return [v.strip() for v in str(value).split(";") if v.strip()]

"""Column tools: membership, distinct values, per-distinct-value rules."""

import pandas as pd
import pytest

from trafficking_atlas import frame_tools

pytestmark = pytest.mark.unit


def test_member_matches_isin_for_arrow_strings_sets_and_other_dtypes():
    s = pd.Series(["a", "b", None, "c"], index=[5, 6, 7, 8])
    assert frame_tools.member(s, {"a", "c"}).tolist() == [True, False, False, True]
    assert frame_tools.member(s, pd.Series(["b", None, "z"])).tolist() == [False, True, False, False]
    assert frame_tools.member(s, []).tolist() == [False] * 4
    assert list(frame_tools.member(s, ["a"]).index) == [5, 6, 7, 8]
    assert frame_tools.member(pd.Series([1, 2, 3]), {2}).tolist() == [False, True, False]


def test_ids_unites_distinct_values_without_missing_ones():
    assert frame_tools.ids(pd.Series(["a", None, "a"]), pd.Series(["b"]), pd.Series([], dtype=str)) == {"a", "b"}

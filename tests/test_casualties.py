"""The casualty rule: figure bounds and minimums, incident minimums, totals."""

import pandas as pd
import pytest

from tests.conftest import EDGE_FIGURES
from trafficking_atlas import casualties, formatting, vocab

pytestmark = pytest.mark.unit


def test_casualty_minimums_follow_the_rule(frames):
    m = casualties.casualty_minimums(frames["figures"]).set_index(["incident_id", "kind"])
    fog = m.loc[("cape-fog-sinking", "dead")]
    # 12 drowned (document) and about 14 (outside) count the same people: the lower; 9 nationals are a part.
    assert (fog["minimum"], fog["figure_id"], fog["reports"], fog["part"]) == (12, "fog-drowned", 3, False)
    # 'up to 20' is an upper bound only: reported, but no minimum.
    assert m.loc[("cape-fog-sinking", "missing"), "reports"] == 1 and pd.isna(m.loc[("cape-fog-sinking", "missing"), "minimum"])
    assert m.loc[("portland-crossing", "dead"), "minimum"] == 16  # more than 15
    total = casualties.casualty_total(casualties.casualty_minimums(frames["figures"], include_external=False), "dead")
    assert (total.minimum, total.incidents, total.text()) == (28, 2, "at least 28")
    missing = casualties.casualty_total(casualties.casualty_minimums(frames["figures"]), "missing")
    assert (missing.incidents, missing.unbounded, missing.text()) == (0, 1, "—")


def test_a_part_count_is_a_minimum_when_it_is_the_largest_but_is_never_added(frames):
    fig = frames["figures"]
    fig = fig.assign(value=fig["value"].where(fig["figure_id"] != "fog-dead-nationals", 30.0))
    fog = casualties.casualty_minimums(fig).set_index(["incident_id", "kind"]).loc[("cape-fog-sinking", "dead")]
    assert (fog["minimum"], fog["figure_id"], fog["part"]) == (30, "fog-dead-nationals", True)
    notes = formatting.minimum_notes(casualties.casualty_minimums(fig), fig, frames["incidents"], frames, "part")
    outside = formatting.minimum_notes(
        casualties.casualty_minimums(frames["figures"]), frames["figures"], frames["incidents"], frames, "outside"
    )
    assert outside == []  # the outside "about 14" is not the minimum of its people: the documents' 12 is
    assert notes == ["Cape Fog sinking: 30 dead (Harbourland nationals only) · Harbour News"]


@pytest.mark.parametrize(
    "qualifier,value,value_max,text,bounds",
    [
        ("exact", 12, None, "12", (12, 12)),
        ("up_to", 75, None, "up to 75", (0, 75)),
        ("more_than", 70, None, "more than 70", (71, None)),
        ("about", 750, None, "about 750", (750, 750)),
        ("exact", 4, 5, "4–5", (4, 5)),
    ],
)
def test_describe_value_and_bounds(qualifier, value, value_max, text, bounds):
    fig = pd.Series({"value": value, "value_max": value_max if value_max else float("nan"), "qualifier": qualifier})
    assert formatting.describe_value(fig) == text
    assert casualties.bounds(fig) == bounds


def test_bounds_is_a_one_row_call_of_figure_bounds():
    low, high = casualties.figure_bounds(EDGE_FIGURES)
    expected = [(lo, None if pd.isna(hi) else hi) for lo, hi in zip(low, high)]
    assert [casualties.bounds(f) for _, f in EDGE_FIGURES.iterrows()] == expected
    assert [casualties.bounds(f) for f in EDGE_FIGURES.drop(columns="value_max").to_dict("records")][:4] == [
        (12, 12), (4, 4), (71, None), (0, 75),
    ]  # fmt: skip
    assert expected[5] == (300, None) and expected[4] == (0, 9)


def test_casualty_kinds_follow_the_one_vocabulary():
    metrics = pd.DataFrame({"metric": ["dead", "drowned", "presumed_dead", "perished", "missing", "injured", None]})
    kinds = [k if isinstance(k, str) else None for k in casualties.casualty_kinds(metrics)]
    expected = [next((k for k, ms in vocab.CASUALTY_KINDS.items() if m in ms), None) for m in metrics["metric"]]
    assert kinds == expected == ["dead", "dead", "dead", "dead", "missing", None, None]

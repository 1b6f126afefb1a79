"""The synthetic data generator behind the benchmark and the at-scale tests: schema, validity, sizes, determinism."""

import pandas as pd
import pytest

from scripts import synthetic
from trafficking_atlas import catalog, loader

pytestmark = pytest.mark.unit


def test_generate_has_every_dataset_in_its_schema_order():
    frames, texts = synthetic.generate(300, seed=1)
    assert list(frames) == list(catalog.DATASETS)
    for name, frame in frames.items():
        assert list(frame.columns) == catalog.DATASETS[name].columns(), name
        assert len(frame) > 0, name
    for name, frame in frames.items():
        for _, row in frame.head(50).iterrows():
            assert row["quote"] in texts[row["document_id"]], (name, row["quote"])


def test_generated_data_loads_with_zero_issues(tmp_path):
    data, seeds = synthetic.write(tmp_path, 500, seed=3)
    dataset = loader.load_dataset(data, seeds)
    assert dataset.issues == []
    frames, _ = synthetic.generate(500, seed=3)
    for name, frame in frames.items():
        assert len(dataset.frames[name]) == len(frame), name  # nothing was dropped
    assert dataset.incidents["domain"].nunique() == 5
    assert (dataset.places["kind"] == "country").sum() >= 10


def test_sizes_scale_with_the_number_of_incidents():
    small, large = synthetic.generate(1000, 0)[0], synthetic.generate(10_000, 0)[0]
    assert len(large["incidents"]) == 10_000
    assert len(large["figures"]) >= 2 * 10_000
    assert len(large["stakeholders"]) == 1000 and len(large["initiatives"]) == 2000
    assert len(large["relations"]) == 3 * 10_000
    for name in ("incidents", "figures", "stakeholders", "initiatives", "relations"):
        assert len(large[name]) > 5 * len(small[name]), name
    assert synthetic.sizes(1_000_000)["routes"] == 200 and synthetic.sizes(1_000_000)["places"] <= 400


def test_generate_is_deterministic():
    a, b = synthetic.generate(200, 5)[0], synthetic.generate(200, 5)[0]
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])

"""AppTest on a synthetic dataset larger than a table page: pages page their tables instead of sending every row."""

import pytest

from tests.apptest import app
from trafficking_atlas import synthetic
from trafficking_atlas.tables import PAGE_ROWS


@pytest.fixture(scope="module")
def synthetic_dirs(tmp_path_factory):
    return synthetic.write(tmp_path_factory.mktemp("synthetic"), 300, seed=5)


@pytest.fixture
def big(app_env, monkeypatch, synthetic_dirs):
    data, seeds = synthetic_dirs
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(seeds))


def _casualties(at):
    return next(df.value for df in at.dataframe if "Range over sources" in df.value.columns)


def test_overview_sends_one_page_of_the_casualty_table_and_pages_on(big):
    at = app()
    at.run()
    assert not at.exception
    assert at.metric[0].value == "300"
    first = _casualties(at)
    assert len(first) == PAGE_ROWS
    caption = next(c.value for c in at.caption if c.value.startswith("Rows 1–"))
    total = int(caption.split(" of ")[1].split(" ")[0].replace(",", ""))
    assert total > PAGE_ROWS
    at.number_input(key="overview_casualty_page").set_value(2).run()
    second = _casualties(at)
    assert len(second) == min(total - PAGE_ROWS, PAGE_ROWS)
    assert any(c.value.startswith(f"Rows {PAGE_ROWS + 1}–") for c in at.caption)

"""Shared fixtures: the tiny fixture dataset and copies of it to break."""

import shutil
from pathlib import Path

import pytest

from trafficking_atlas import loader

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_DATA = FIXTURES / "data"
FIXTURE_SEEDS = FIXTURES / "seeds"


@pytest.fixture(scope="session")
def fixture_dataset() -> loader.Dataset:
    return loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS)


@pytest.fixture
def frames(fixture_dataset):
    return {k: v.copy() for k, v in fixture_dataset.frames.items()}


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the fixture data folder, to break by hand."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target

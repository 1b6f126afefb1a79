"""Shared fixtures: the tiny fixture dataset and copies of it to break."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from trafficking_atlas import loader

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_DATA = FIXTURES / "data"
FIXTURE_SEEDS = FIXTURES / "seeds"

# Figures for the one-rule tests (bounds, value texts), a few at the edges: a range, open-ended, up to, fewer than,
# a missing upper end, a year, a fraction, an odd qualifier.
EDGE_FIGURES = pd.DataFrame({
    "value": [12.0, 4.0, 70.0, 75.0, 10.0, 300.0, 2023.0, 4.5, 1204.0, 9.0],
    "value_max": [float("nan"), 5.0, float("nan"), float("nan"), float("nan"), 500.0, 2024.0, float("nan"), float("nan"),
                  12.0],
    "qualifier": ["exact", "about", "more_than", "up_to", "fewer_than", "at_least", "exact", "about", "exact", "odd"],
    "unit": ["people", "people", "people", "people", "people", None, "year", "people", "people", "people"],
})  # fmt: skip


@pytest.fixture(scope="session", autouse=True)
def snapshot_folder(tmp_path_factory):
    """Snapshots and the results kept beside them go to a folder of the test session's, never the project's."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path_factory.mktemp("snapshots")))
        yield


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


@pytest.fixture(scope="session")
def app_store(tmp_path_factory) -> str:
    """One empty store for the AppTests (migrated once), never the app's own file."""
    return f"sqlite:///{tmp_path_factory.mktemp('store')}/store.sqlite3"


@pytest.fixture
def app_env(monkeypatch, app_store):
    """AppTest on the fixture dataset, run the way the server runs it.

    AppTest makes a new PagesManager before every run, and with a `pages/` folder present each would run the
    legacy pages-folder path instead of our `st.navigation` frame: the frame's own workaround
    (`page_frame.leave_pages_folder_mode`) is applied as each is made, as the server applies it once.
    """
    from streamlit.runtime.pages_manager import PagesManager

    from components import page_frame

    monkeypatch.setenv("ATLAS_DATA_DIR", str(FIXTURE_DATA))
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(FIXTURE_SEEDS))
    monkeypatch.setenv("ATLAS_DATABASE_URL", app_store)
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        page_frame.leave_pages_folder_mode()

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def use_dataset(app_env, monkeypatch):
    """Serve AppTest another data and seeds folder (e.g. a synthetic dataset) instead of the fixture dataset."""

    def use(data: Path, seeds: Path) -> None:
        monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
        monkeypatch.setenv("ATLAS_SEEDS_DIR", str(seeds))

    return use


@pytest.fixture(scope="session")
def server():
    """The dashboard on the real data, started once for every browser test."""
    from tests.browser import ARTIFACTS, streamlit_server

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's headless chromium driven by Playwright (never a downloaded browser)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page; `page.external_requests` lists requests that left the machine."""
    context = browser.new_context(viewport={"width": 1500, "height": 2400}, accept_downloads=True)
    external: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else external.append(r.url))
    page = context.new_page()
    page.external_requests = external
    yield page
    context.close()

"""The one workaround for Streamlit's first-request pages-folder mode: fails loudly when an upgrade changes it."""

from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager

from components import page_frame

pytestmark = pytest.mark.unit

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


@pytest.fixture
def undecided(monkeypatch):
    """Streamlit's flag as a fresh server has it: not yet decided."""
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)


@pytest.mark.usefixtures("undecided")
def test_streamlit_still_decides_the_legacy_mode_on_the_flag_the_workaround_clears():
    # streamlit/streamlit issue 9992: with a pages/ folder beside the main script, a fresh PagesManager turns the
    # legacy mode on. If this fails, Streamlit changed how it decides: revisit page_frame.leave_pages_folder_mode.
    assert (APP.parent / "pages").is_dir()
    PagesManager(str(APP))
    assert PagesManager.uses_pages_directory is True
    page_frame.leave_pages_folder_mode()
    assert PagesManager.uses_pages_directory is False
    PagesManager(str(APP))  # once decided, a new manager keeps it
    assert PagesManager.uses_pages_directory is False


def test_the_workaround_is_applied_in_one_place_only():
    root = APP.parent
    users = [p for p in (*root.glob("*.py"), *root.glob("pages/*.py"), *root.glob("components/*.py"),
                         *root.glob("trafficking_atlas/*.py")) if "uses_pages_directory" in p.read_text()]  # fmt: skip
    assert users == [root / "components" / "page_frame.py"]

"""AppTest of the Briefing pack page: its items and title from the link, and its downloads."""

import pytest

from components import plain_text
from tests.apptest import open_page
from trafficking_atlas import data_exports

pytestmark = [pytest.mark.app, pytest.mark.usefixtures("app_env")]


def _notices(at) -> str:
    return " ".join(plain_text.unescape(w.value) for w in at.warning) + " ".join(i.value for i in at.info)


def test_items_and_title_come_from_the_link():
    at = open_page("pages/briefing.py", items="network,casualties", title="Channel crossings, 2024")
    assert not at.exception
    assert at.multiselect(key="br_items").value == ["network", "casualties"]
    assert at.text_input(key="br_title").value == "Channel crossings, 2024"
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:3] == ["PowerPoint (.pptx)", "PDF", "Interactive HTML (works offline)"]
    assert at.query_params["items"] == "network,casualties"


def test_a_bad_link_is_corrected_and_says_so():
    at = open_page("pages/briefing.py", items="map,chart9", title="x" * 300)
    assert not at.exception
    assert at.multiselect(key="br_items").value == ["map"]
    assert len(at.text_input(key="br_title").value) == 120
    notices = _notices(at)
    assert "'chart9'" in notices and "cut to 120" in notices


def test_no_items_asks_for_one_and_offers_no_deck():
    at = open_page("pages/briefing.py", items="none")
    assert not at.exception
    assert any("Choose at least one" in i.value for i in at.info)
    assert [b.proto.label for b in at.get("download_button")] == ["CSV files (.zip)", "Excel workbook"]


def test_excel_is_disabled_with_a_reason_when_the_data_is_too_large(monkeypatch):
    monkeypatch.setattr(data_exports, "EXCEL_ROWS", 10)
    at = open_page("pages/briefing.py")
    [excel] = [b for b in at.get("download_button") if b.proto.label == "Excel workbook"]
    assert excel.proto.disabled
    assert any("too many for a workbook" in c.value for c in at.caption)

"""The chart download buttons' file names and the plotly toolbar's own download."""

import pytest

from components import chart_export

pytestmark = pytest.mark.unit


def test_file_stem_and_plotly_config():
    assert chart_export.file_stem("Casualty timeline — all records") == "casualty-timeline-all-records"
    config = chart_export.plotly_config("Stakeholder network")
    assert config["toImageButtonOptions"]["format"] == "svg"
    assert config["toImageButtonOptions"]["filename"] == "stakeholder-network"

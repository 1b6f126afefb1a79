"""Where a record comes from, and what a chart drawn from records cites."""

import pandas as pd
import pytest

from trafficking_atlas import provenance

pytestmark = pytest.mark.unit


def test_provenance_marks_outside_records():
    basis = pd.Series(["text", "inferred", "external", None])
    source = pd.Series([None, "from 'last week'", "UN estimate", None])
    assert list(provenance.provenance_texts(basis, source)) == [
        "Document", "Inferred: from 'last week'", "Outside the documents: UN estimate", "Document",
    ]  # fmt: skip
    assert provenance.provenance("external", None) == "Outside the documents"


def test_sources_of_name_outside_sources_not_the_documents_that_only_name_the_event(frames):
    docs, outside = provenance.sources_of(frames["figures"][frames["figures"]["incident_id"] == "cape-fog-sinking"])
    assert docs == ["doc_a.txt"] and outside == ["Fixture Times"]
    only_outside = frames["figures"][frames["figures"]["figure_id"] == "fog-dead-external"]
    assert provenance.sources_of(only_outside) == ([], ["Fixture Times"])


def test_an_extracted_record_says_so_and_who_reviewed_it():
    from trafficking_atlas.provenance import provenance

    said = provenance("extracted", "proposed by the atlas's extractor from its sentence; reviewed by ana on 2026-12-02")
    assert said.startswith("Extracted: ") and "reviewed by ana" in said

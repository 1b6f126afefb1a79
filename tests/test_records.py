"""Records addressed by type and id: names, a document's records, fields in words."""

import pytest

from trafficking_atlas import records

pytestmark = pytest.mark.unit


def test_records_of_document_lists_every_type(frames):
    found = records.records_of_document(frames, "doc_a.txt")
    assert {"incidents", "figures", "stakeholders", "initiatives", "relations", "places", "routes"} <= set(found["type"])
    assert len(found) == sum(int((f["document_id"] == "doc_a.txt").sum()) for k, f in frames.items() if k != "documents")

import pytest

from trafficking_atlas import details

pytestmark = pytest.mark.unit


def test_incident_detail_has_every_source(frames):
    d = details.incident_detail(frames, "cape-fog-sinking")
    assert d.header.title == "Cape Fog sinking" and d.header.record == "incidents:cape-fog-sinking"
    assert d.header.provenance[0].startswith("Record: ") and d.header.body
    assert set(d.figures["Figure"]) == {"12 drowned", "up to 20 missing", "about 14 dead", "9 dead"}
    reporters = dict(zip(d.figures["Figure"], d.figures["Reported by"]))
    assert reporters["up to 20 missing"] == "Coast Agency"
    assert reporters["about 14 dead"] == "Fixture Times"
    # A reference fact says it is from outside the documents, and that its document only names the event.
    row = d.figures.set_index("Figure").loc["about 14 dead"]
    assert row["Source"] == "Outside the documents: Fixture Times" and "the figure is not in it" in row["Document"]
    assert d.figures.set_index("Figure").at["12 drowned", "Source"] == "Document"
    assert d.figures.set_index("Figure").at["9 dead", "Counts"] == "Harbourland nationals only"
    assert list(d.stakeholders["Stakeholder"]) == ["Coast Agency"]
    assert list(d.initiatives["Initiative"]) == ["Harbour Conference"]
    assert details.incident_detail(frames, "nope") is None


def test_route_and_venue_detail(frames):
    r = details.route_detail(frames, "fog-route")
    assert list(r.waypoints["Place"]) == ["Harbourtown", "Cape Fog"]
    assert list(r.incidents["Incident"]) == ["Cape Fog sinking"]
    v = details.venue_detail(frames, "harbourtown")
    assert list(v.initiatives["Initiative"]) == ["Harbour Conference"]
    assert set(v.stakeholders["Stakeholder"]) == {"Coast Agency", "Anna Smith"}
    assert r.header.record == "routes:fog-route" and v.header.record == "places:harbourtown"
    assert details.route_detail(frames, "nope") is None and details.venue_detail(frames, "nope") is None

from trafficking_atlas import details


def test_incident_detail_has_every_source(frames):
    d = details.incident_detail(frames, "cape-fog-sinking")
    assert d["record"]["name"] == "Cape Fog sinking"
    assert set(d["figures"]["Figure"]) == {"12 people", "up to 20 people", "about 14 people"}
    reporters = dict(zip(d["figures"]["Figure"], d["figures"]["Reported by"]))
    assert reporters["up to 20 people"] == "Coast Agency"
    assert reporters["about 14 people"] == "Fixture Times"
    # A reference fact says it is from outside the documents, and that its document only names the event.
    row = d["figures"].set_index("Figure").loc["about 14 people"]
    assert row["Basis"] == "outside the documents" and "the figure is not in it" in row["Document"]
    assert d["figures"].set_index("Figure").at["12 people", "Basis"] == "the document"
    assert list(d["stakeholders"]["Stakeholder"]) == ["Coast Agency"]
    assert list(d["initiatives"]["Initiative"]) == ["Harbour Conference"]
    assert details.incident_detail(frames, "nope") == {}


def test_route_and_venue_detail(frames):
    r = details.route_detail(frames, "fog-route")
    assert list(r["waypoints"]["Place"]) == ["Harbourtown", "Cape Fog"]
    assert list(r["incidents"]["Incident"]) == ["Cape Fog sinking"]
    v = details.venue_detail(frames, "harbourtown")
    assert list(v["initiatives"]["Initiative"]) == ["Harbour Conference"]
    assert set(v["stakeholders"]["Stakeholder"]) == {"Coast Agency", "Anna Smith"}

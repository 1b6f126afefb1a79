import pandas as pd
import pytest

from trafficking_atlas import casualties, geography, presentation

pytestmark = pytest.mark.unit


def test_route_paths_follow_waypoint_order(frames):
    paths = geography.route_paths(frames["routes"], frames["route_waypoints"].iloc[::-1], frames["places"], frames["documents"])
    [route] = paths.to_dict("records")
    assert route["path"] == [[1.1, 50.1], [0.9, 49.9]]  # Harbourtown first, then Cape Fog
    assert route["stops"] == "Harbourtown → Cape Fog"
    assert route["colour"] == presentation.DOMAIN_COLOURS["migrant_smuggling"] == presentation.rgb("#0072B2")
    assert route["document"] == "Harbour News · 4 May 2021"


def test_route_with_one_placed_waypoint_is_left_out(frames):
    wp = frames["route_waypoints"].iloc[:1]
    assert geography.route_paths(frames["routes"], wp, frames["places"], frames["documents"]).empty


def test_arrows_point_along_the_route(frames):
    paths = geography.route_paths(frames["routes"], frames["route_waypoints"], frames["places"], frames["documents"])
    [arrow] = geography.route_arrows(paths).to_dict("records")
    assert arrow["position"] == pytest.approx([1.0, 50.0])
    assert -180 < arrow["angle"] < -90  # south-west
    assert geography.bearing([0, 0], [1, 0]) == pytest.approx(0)
    assert geography.bearing([0, 0], [0, 1]) == pytest.approx(90)


def test_one_bearing_in_mercator_or_in_plain_degrees():
    # North of the equator Mercator stretches latitude: the same step north turns the arrow further from east.
    assert geography.bearing([0, 60], [1, 61]) > geography.bearing([0, 60], [1, 61], mercator=False) == pytest.approx(45)
    assert geography.bearing([0, 0], [-1, 0], mercator=False) == pytest.approx(180)
    assert geography.mercator_y(0) == pytest.approx(0)


def test_incident_points_sized_by_the_minimum_never_a_sum(frames):
    points = geography.incident_points(
        frames["incidents"], frames["figures"], frames["documents"], stakeholders=frames["stakeholders"]
    ).set_index("incident_id")
    fog = points.loc["cape-fog-sinking"]
    # 12 drowned and about 14 dead count the same people: the lowest; 9 nationals are a part of them: not added;
    # up to 20 missing sets no minimum, and dead and missing are never added.
    assert fog["dead"] == "at least 12" and fog["missing"] == "—"
    assert fog["radius"] == pytest.approx(6 + 1.2 * 12**0.5)
    assert points.loc["portland-crossing", "dead"] == "at least 16"
    lines = fog["tooltip_body"].split("\n")
    # Each figure on its own line with its own reporter; the outside one is marked; a part says it is one.
    assert "12 drowned · Harbour News" in lines
    assert "up to 20 missing · Coast Agency" in lines
    assert "about 14 dead · Fixture Times · outside the documents" in lines
    assert "9 dead (Harbourland nationals only) · Harbour News" in lines
    assert fog["document"] == "Incident reported in Harbour News · 4 May 2021"


def test_venues_group_initiatives_by_place(frames):
    venues = geography.venue_points(frames["initiatives"], frames["places"], frames["documents"]).set_index("place_id")
    assert venues.loc["harbourtown", "count"] == 1 and "initiative_ids" not in venues
    assert venues.loc["portville", "count"] == 1


def test_ports(frames):
    ports = geography.port_points(frames["places"], frames["documents"])
    assert list(ports["place_id"]) == ["portville"]
    assert geography.port_points(frames["places"], frames["documents"], only={"harbourtown"}).empty
    assert list(geography.port_points(frames["places"], frames["documents"], only={"portville"})["place_id"]) == ["portville"]


def test_fit_view_contains_the_points():
    view = geography.fit_view([-5.0, 30.0], [35.0, 55.0])
    assert -5 < view["longitude"] < 30 and 35 < view["latitude"] < 55
    assert 2 < view["zoom"] < 6
    assert geography.fit_view([], []) == {"latitude": 35.0, "longitude": 15.0, "zoom": 2.0}


def test_shorten():
    assert presentation.shorten("a" * 10, 20) == "a" * 10
    text = presentation.shorten("word " * 50, 30)
    assert len(text) <= 30 and text.endswith("…") and text == "word " * 4 + "word…"
    assert presentation.shorten(None) == presentation.shorten(float("nan")) == ""
    assert geography.shorten is presentation.shorten


@pytest.mark.parametrize(
    "text,kwargs,expected",
    [
        ("Harbour Conference on Smuggling", {"limit": 20, "words": False, "trim": True}, "Harbour Conference…"),
        ("Harbour Conference on Smuggling", {"limit": 12, "keep": 10, "words": False}, "Harbour Co…"),
        ("Harbour Conference on Smuggling", {"limit": 20, "keep": 18, "words": False, "mark": "… "}, "Harbour Conference… "),
        ("Harbour Conference on Smuggling", {"limit": 25}, "Harbour Conference on…"),
        ("Harbour Conference", {"limit": 18, "words": False}, "Harbour Conference"),
    ],
)
def test_one_shorten_for_every_cut(text, kwargs, expected):
    # The timeline's meeting labels, the network's node labels, the static map's names and the tooltips' quotes.
    assert presentation.shorten(text, **kwargs) == expected


@pytest.fixture(scope="module")
def synthetic_frames():
    from scripts import synthetic

    frames, _ = synthetic.generate(600, seed=2)
    return frames


def test_many_incidents_are_drawn_as_at_most_limit_clusters_that_add_up(synthetic_frames):
    inc, fig, docs = synthetic_frames["incidents"], synthetic_frames["figures"], synthetic_frames["documents"]
    points = geography.incident_points(inc, fig, docs, limit=50)
    assert 0 < len(points) <= 50
    assert points["incident_id"].str.startswith("cluster:").all()
    placed = inc[inc["lat"].notna() & inc["lon"].notna()]
    assert points["count"].sum() == len(placed)
    # A cluster's members are exactly the incidents of its cell, and its dead sums their minimums.
    biggest = points.sort_values("count").iloc[-1]
    members = geography.cluster_members(inc, biggest["incident_id"])
    assert len(members) == biggest["count"]
    assert biggest["name"] == f"{biggest['count']:,} incidents"
    minimums = casualties.casualty_minimums(fig[fig["incident_id"].isin(members["incident_id"])])
    assert biggest["dead"] == casualties.casualty_total(minimums, "dead").text()
    view = geography.cluster_view(biggest["incident_id"])
    assert abs(view["latitude"] - members["lat"].mean()) < 64 and view["zoom"] >= 1


def test_few_incidents_stay_one_point_each(synthetic_frames, frames):
    inc = synthetic_frames["incidents"].head(40)
    points = geography.incident_points(inc, synthetic_frames["figures"], synthetic_frames["documents"], limit=50)
    assert len(points) == 40 and (points["count"] == 1).all()
    assert not points["incident_id"].str.startswith("cluster:").any()


def test_cluster_ids_that_do_not_parse_have_no_members(frames):
    for bad in ("cluster:x:1:2", "cluster:1:2", "incident-1", ""):
        assert geography.cluster_members(frames["incidents"], bad).empty


def test_map_layers_bundle_what_the_page_draws(frames):
    layers = geography.map_layers(frames, frames, unfiltered=True)
    assert not layers["clustered"] and len(layers["incidents"]) == 2
    assert set(layers["documents"]) <= set(frames["documents"]["document_id"])
    assert "migrant_smuggling" in layers["domains"] and 1 <= layers["fit"]["zoom"] <= 6.5


def test_a_focused_cluster_is_split_and_everything_still_adds_up(synthetic_frames):
    inc, fig, docs = synthetic_frames["incidents"], synthetic_frames["figures"], synthetic_frames["documents"]
    points = geography.incident_points(inc, fig, docs, limit=20)
    biggest = points.sort_values("count").iloc[-1]["incident_id"]
    split, applied = geography.focused_points(inc, fig, docs, biggest, limit=20)
    assert applied and biggest not in set(split["incident_id"])
    assert split["count"].sum() == points["count"].sum()  # every placed incident drawn once
    inner = split[~split["incident_id"].isin(points["incident_id"])]
    assert len(inner) > 1 and len(split) <= 2 * 20
    assert set(geography.cluster_members(inc, biggest)["incident_id"]) >= set(
        i for i in inner["incident_id"] if not i.startswith("cluster:")
    )
    same, applied = geography.focused_points(inc, fig, docs, "cluster:8:999:999", limit=20)
    assert not applied and same.equals(points)


def test_fit_shown_frames_only_the_layers_switched_on(frames):
    layers = geography.map_layers(frames, frames, unfiltered=True)
    every = geography.fit_shown(layers, ("routes", "incidents", "venues", "ports"))
    assert every == layers["fit"]
    routes = geography.fit_shown(layers, ("routes",))
    lons = [p[0] for path in layers["paths"]["path"] for p in path]
    lats = [p[1] for path in layers["paths"]["path"] for p in path]
    assert routes == geography.fit_view(lons, lats) != every
    ports = geography.fit_shown(layers, ("ports",))
    assert ports == geography.fit_view(list(layers["ports"]["lon"]), list(layers["ports"]["lat"]))
    assert geography.fit_shown(layers, ()) == layers["fit"]  # nothing on: the view of everything


def test_a_venue_marks_an_initiative_whose_record_date_or_venue_is_from_outside(frames):
    ini = frames["initiatives"]
    assert ini.loc[ini["initiative_id"] == "harbour-conference", "date_basis"].iloc[0] == "external"
    venues = geography.venue_points(ini, frames["places"], frames["documents"]).set_index("place_id")
    assert venues.at["harbourtown", "tooltip_body"] == "Harbour Conference (date from outside the documents)"
    ini = ini.assign(basis="external")
    venues = geography.venue_points(ini, frames["places"], frames["documents"]).set_index("place_id")
    assert venues.at["harbourtown", "tooltip_body"] == "Harbour Conference (outside the documents)"


def test_an_imported_datasets_rows_are_clustered_apart_and_never_summed_with_the_documents(synthetic_frames):
    inc, fig, docs = synthetic_frames["incidents"], synthetic_frames["figures"], synthetic_frames["documents"]
    # The same incidents twice: once the documents', once as rows of an imported dataset (its own ids and file).
    rows = inc.assign(incident_id="ds-" + inc["incident_id"], document_id="mmp-test.csv", basis="dataset")
    rows_fig = fig[fig["incident_id"].notna()].assign(
        incident_id=lambda f: "ds-" + f["incident_id"], figure_id=lambda f: "ds-" + f["figure_id"], basis="dataset"
    )
    both, both_fig = pd.concat([inc, rows], ignore_index=True), pd.concat([fig, rows_fig], ignore_index=True)
    alone = geography.incident_points(inc, fig, docs, limit=50)
    points = geography.incident_points(both, both_fig, docs, limit=50)
    apart = points[points["incident_id"].str.endswith(":mmp-test.csv")]
    own = points[~points["incident_id"].str.endswith(":mmp-test.csv")]
    # The documents' clusters are what they were without the dataset: nothing of its rows added in.
    assert sorted(own["dead"]) == sorted(alone["dead"]) and own["count"].sum() == alone["count"].sum()
    assert apart["count"].sum() == alone["count"].sum()
    assert all(c[:3] == list(geography.DATASET_COLOUR) for c in apart["colour"])
    assert apart["tooltip_title"].str.contains("imported dataset mmp-test.csv, counted apart").all()
    biggest = apart.sort_values("count").iloc[-1]
    members = geography.cluster_members(both, biggest["incident_id"])
    assert len(members) == biggest["count"] and (members["document_id"] == "mmp-test.csv").all()
    assert geography.cluster_view(biggest["incident_id"])["zoom"] >= 1

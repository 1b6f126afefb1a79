import pytest

from components import stakeholder_network
from scripts import synthetic
from trafficking_atlas import loader, network, presentation

pytestmark = pytest.mark.unit


def test_graph_ties_stakeholders_to_records(frames):
    g = network.build_graph(frames, {"coast-agency", "anna-smith"}, frames["relations"])
    assert set(g.nodes) == {
        "stakeholder:coast-agency", "stakeholder:anna-smith", "initiative:harbour-conference", "incident:cape-fog-sinking",
    }  # fmt: skip
    assert g.edges["stakeholder:anna-smith", "stakeholder:coast-agency"]["roles"] == ["employed_by"]
    assert g.nodes["initiative:harbour-conference"]["label"] == "Harbour Conference"


def test_relations_to_stakeholders_outside_the_set_are_dropped(frames):
    g = network.build_graph(frames, {"anna-smith"}, frames["relations"])
    assert "stakeholder:coast-agency" not in g


def test_layout_is_deterministic_and_figure_has_a_trace_per_group(frames):
    g = network.build_graph(frames, set(frames["stakeholders"]["stakeholder_id"]), frames["relations"])
    nodes, edges = network.layout(g)
    again, _ = network.layout(g)
    assert nodes[["x", "y"]].round(6).equals(again[["x", "y"]].round(6))
    assert len(edges) == len(frames["relations"])
    fig = stakeholder_network.network_figure(nodes, edges, "Network", selected="stakeholder:anna-smith")
    names = [t.name for t in fig.data]
    assert names[0] == "relations"
    assert {"Law enforcement", "Person", "Government", "Media", "Initiative", "Incident"} <= set(names)
    person = next(t for t in fig.data if t.name == "Person")
    assert person.customdata[0][0] == "stakeholder:anna-smith"
    assert person.marker.line.color[0] == "#dc2626" == presentation.SELECTION
    assert person.marker.color == presentation.STAKEHOLDER_COLOURS["person"]


def test_empty_graph():
    import networkx as nx

    nodes, edges = network.layout(nx.Graph())
    assert nodes.empty and edges.empty
    assert len(stakeholder_network.network_figure(nodes, edges, "x").data) == 0


@pytest.fixture(scope="module")
def synthetic_frames(tmp_path_factory):
    """5,500 synthetic incidents: 550 stakeholders and 16,500 relations, a network of thousands of nodes."""
    data, seeds = synthetic.write(tmp_path_factory.mktemp("synthetic"), 5_500)
    return loader.load_dataset(data, seeds).frames


def test_caps_stay_below_networkx_scipy_threshold():
    # From 500 nodes networkx's spring_layout needs scipy (not a dependency of the dashboard).
    assert network.MAX_STAKEHOLDERS < network.MAX_NODES < 500


def test_a_network_that_fits_is_drawn_whole_and_unchanged(frames):
    ids = set(frames["stakeholders"]["stakeholder_id"])
    g, f = network.capped_graph(frames, ids, frames["relations"], selected="anna-smith")
    assert not f.capped and f.records is None and network.describe(f) is None
    whole = network.build_graph(frames, ids, frames["relations"])
    assert list(g.nodes(data=True)) == list(whole.nodes(data=True))
    assert list(g.edges(data=True)) == list(whole.edges(data=True))


def test_small_caps_keep_the_most_connected_and_the_shared_records(frames):
    ids = set(frames["stakeholders"]["stakeholder_id"])
    ranking = network.relation_counts(frames["relations"], ids)
    assert list(ranking.index[:2]) == ["coast-agency", "anna-smith"]  # 3 and 2 relations
    f = network.focus(frames["relations"], ids, max_stakeholders=2, max_nodes=3)
    assert f.stakeholders == ("anna-smith", "coast-agency") and f.total_stakeholders == 4
    assert f.records == {"initiative:harbour-conference"}  # tied to both, so it goes first
    assert f.total_records > 1 and not f.selected_added
    text = network.describe(f)
    assert text.startswith("Showing the 2 most connected of 4 stakeholders in view") and "search or filter" in text
    g = network.build_graph(frames, set(f.stakeholders), frames["relations"], f.records)
    assert set(g.nodes) == {"stakeholder:anna-smith", "stakeholder:coast-agency", "initiative:harbour-conference"}


def test_large_network_is_capped_and_laid_out_without_scipy(synthetic_frames):
    frames = synthetic_frames
    ids = set(frames["stakeholders"]["stakeholder_id"])
    assert len(ids) > 500
    whole = network.build_graph(frames, ids, frames["relations"])
    assert whole.number_of_nodes() >= 500  # drawn whole, spring_layout would need scipy (and take seconds)
    g, f = network.capped_graph(frames, ids, frames["relations"])
    assert len(f.stakeholders) == network.MAX_STAKEHOLDERS and g.number_of_nodes() <= network.MAX_NODES
    assert set(f.stakeholders) == set(network.relation_counts(frames["relations"], ids).index[: network.MAX_STAKEHOLDERS])
    assert f.total_stakeholders == len(ids) and f.total_records > len(f.records)
    assert network.describe(f).startswith(f"Showing the 80 most connected of {len(ids):,} stakeholders in view")
    nodes, edges = network.layout(g)
    assert len(nodes) == g.number_of_nodes() and len(edges) == g.number_of_edges()
    drawn = network.drawn_relations(frames["relations"], f)
    assert set(drawn["stakeholder_id"]) <= set(f.stakeholders)
    fig = stakeholder_network.network_figure(nodes, edges, "Network")
    assert fig.data[0].x.count(None) == len(edges)  # one segment per edge


def test_selected_stakeholder_outside_the_top_is_drawn_with_its_neighbours(synthetic_frames):
    frames = synthetic_frames
    ids = set(frames["stakeholders"]["stakeholder_id"])
    ranking = network.relation_counts(frames["relations"], ids)
    low = ranking.index[-1]
    f = network.focus(frames["relations"], ids, selected=low)
    rel = frames["relations"]
    neighbours = set(rel.loc[(rel["stakeholder_id"] == low) & (rel["target_type"] == "stakeholder"), "target_id"])
    neighbours |= set(rel.loc[(rel["target_id"] == low) & (rel["target_type"] == "stakeholder"), "stakeholder_id"])
    assert low not in set(ranking.index[: network.MAX_STAKEHOLDERS]) and neighbours
    assert {low} | (neighbours & ids) <= set(f.stakeholders)
    assert len(f.stakeholders) == network.MAX_STAKEHOLDERS and f.selected_added
    assert "selected stakeholder" in network.describe(f)
    own = rel[(rel["stakeholder_id"] == low) & (rel["target_type"] != "stakeholder")]
    assert set(own["target_type"] + ":" + own["target_id"]) <= f.records  # its own records come first
    g = network.build_graph(frames, set(f.stakeholders), rel, f.records)
    assert g.number_of_nodes() <= network.MAX_NODES and f"stakeholder:{low}" in g
    assert all(f"stakeholder:{n}" in g for n in neighbours & ids)
    # A selection outside the view changes nothing.
    assert network.focus(rel, ids, selected="nobody") == network.focus(rel, ids)


def test_empty_view_has_an_empty_network(frames):
    f = network.focus(frames["relations"], set(), selected="anna-smith")
    assert f.stakeholders == () and f.total_stakeholders == 0 and not f.capped and network.describe(f) is None
    g = network.build_graph(frames, set(), frames["relations"], f.records)
    assert g.number_of_nodes() == 0


def test_small_parts_sit_in_a_row_under_the_main_part():
    import networkx as nx

    g = nx.star_graph(12)  # the main part: a hub and 12 leaves
    g = nx.relabel_nodes(g, {i: f"stakeholder:s{i:02d}" for i in g.nodes})
    g.add_edge("stakeholder:pair-a", "initiative:pair-b")
    g.add_node("stakeholder:alone")
    for n in g.nodes:
        g.nodes[n].update(label=n, group="government", type=n.split(":")[0], ref=n)
    for a, b in g.edges:
        g.edges[a, b]["roles"] = ["member"]
    nodes, _ = network.layout(g)
    pos = nodes.set_index("node")
    main = pos.loc[[n for n in pos.index if n.startswith("stakeholder:s")]]
    assert main["x"].min() == pytest.approx(-network.ASPECT, abs=0.05) and main["x"].max() == pytest.approx(
        network.ASPECT, abs=0.05
    )
    assert main["y"].min() >= -1.0001 and main["y"].max() <= 1.0001
    small = pos.loc[["stakeholder:pair-a", "initiative:pair-b", "stakeholder:alone"]]
    assert (small["y"] < -1).all()  # below the main part, not drifting to its edges
    assert pos.at["stakeholder:alone", "x"] > pos.at["stakeholder:pair-a", "x"]  # larger parts first, left to right


def test_labels_never_overlap_and_the_hubs_and_selection_are_named(frames, synthetic_frames):
    for data in (frames, synthetic_frames):
        g, _ = network.capped_graph(data, set(data["stakeholders"]["stakeholder_id"]), data["relations"])
        nodes, edges = network.layout(g)
        selected = nodes.loc[nodes["degree"].idxmin(), "node"]
        fig = stakeholder_network.network_figure(nodes, edges, "Network", selected=selected)
        named = {c[0]: (t, p) for tr in fig.data[1:] for c, t, p in zip(tr.customdata, tr.text, tr.textposition) if t}
        assert selected in named
        hubs = nodes[nodes["type"] == "stakeholder"].nlargest(3, "degree")["node"]
        assert set(hubs) <= set(named)
        x_range, y_range = fig.layout.xaxis.range, fig.layout.yaxis.range
        sx = stakeholder_network.PLOT_PX[0] / (x_range[1] - x_range[0])
        sy = stakeholder_network.PLOT_PX[1] / (y_range[1] - y_range[0])
        pos = nodes.set_index("node")
        boxes = []
        for node, (text, position) in named.items():
            half_w, half_h = (stakeholder_network.CHAR_PX * len(text) + 4) / 2, 7
            radius = stakeholder_network._size(pos.loc[[node], "degree"]).iloc[0] / 2
            ux, uy, rx, ry = stakeholder_network.POSITIONS[position]
            x = (pos.at[node, "x"] - x_range[0]) * sx + ux * half_w + rx * (radius + 2)
            y = (pos.at[node, "y"] - y_range[0]) * sy + uy * half_h + ry * (radius + 1)
            boxes.append((x - half_w, y - half_h, x + half_w, y + half_h))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
        assert len(named) >= min(20, len(nodes) // 4)
        # The hover names the node and its kind, not its internal id.
        assert "customdata[0]" not in fig.data[1].hovertemplate


def test_without_a_dominant_part_every_part_gets_its_own_cell():
    import networkx as nx

    g = nx.Graph()
    for hub, leaves in (("a", 5), ("b", 4), ("c", 3), ("d", 2), ("e", 1)):
        for i in range(leaves):
            g.add_edge(f"stakeholder:{hub}", f"initiative:{hub}{i}", roles=["member"])
    for n in g.nodes:
        g.nodes[n].update(label=n, group="person", type=n.split(":")[0], ref=n)
    nodes, _ = network.layout(g)
    nodes["part"] = nodes["node"].str.extract(r":([a-e])")[0]
    boxes = nodes.groupby("part").agg(x0=("x", "min"), x1=("x", "max"), y0=("y", "min"), y1=("y", "max"))
    for a, b in [(a, b) for a in boxes.index for b in boxes.index if a < b]:
        ra, rb = boxes.loc[a], boxes.loc[b]
        assert ra.x1 < rb.x0 or rb.x1 < ra.x0 or ra.y1 < rb.y0 or rb.y1 < ra.y0, (a, b)  # the parts never overlap
    width = nodes["x"].max() - nodes["x"].min()
    assert boxes.loc["a", "x1"] - boxes.loc["a", "x0"] < 0.6 * width  # the largest part does not take the chart

from components import stakeholder_network
from trafficking_atlas import network


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
    assert person.marker.line.color[0] == "#dc2626"


def test_empty_graph():
    import networkx as nx

    nodes, edges = network.layout(nx.Graph())
    assert nodes.empty and edges.empty
    assert len(stakeholder_network.network_figure(nodes, edges, "x").data) == 0

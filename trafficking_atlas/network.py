"""The stakeholder network: stakeholders and the initiatives and incidents they are tied to, laid out by networkx."""

from __future__ import annotations

import networkx as nx
import pandas as pd


def build_graph(data: dict[str, pd.DataFrame], stakeholder_ids: set[str], relations: pd.DataFrame) -> nx.Graph:
    """An undirected graph of the given stakeholders, their relations and the records those relations reach."""
    sh = data["stakeholders"].set_index("stakeholder_id")
    names = {
        "initiative": dict(zip(data["initiatives"]["initiative_id"], data["initiatives"]["name"])),
        "incident": dict(zip(data["incidents"]["incident_id"], data["incidents"]["name"])),
    }
    g = nx.Graph()
    for sid in sorted(stakeholder_ids):
        if sid in sh.index:
            g.add_node(f"stakeholder:{sid}", label=sh.at[sid, "name"], group=sh.at[sid, "kind"], type="stakeholder", ref=sid)
    for _, r in relations.iterrows():
        if r["stakeholder_id"] not in stakeholder_ids:
            continue
        target = f"{r['target_type']}:{r['target_id']}"
        if r["target_type"] == "stakeholder":
            if r["target_id"] not in stakeholder_ids:
                continue
        elif target not in g:
            label = names.get(r["target_type"], {}).get(r["target_id"], r["target_id"])
            g.add_node(target, label=label, group=r["target_type"], type=r["target_type"], ref=r["target_id"])
        source = f"stakeholder:{r['stakeholder_id']}"
        roles = g.edges[source, target]["roles"] + [r["role"]] if g.has_edge(source, target) else [r["role"]]
        g.add_edge(source, target, roles=roles)
    return g


def layout(g: nx.Graph, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node and edge frames with spring-layout positions (deterministic for a given graph and seed).

    Returns:
        nodes: `node`, `label`, `group`, `type`, `ref`, `degree`, `x`, `y`;
        edges: `source`, `target`, `roles`, `x0`, `y0`, `x1`, `y1`.
    """
    if g.number_of_nodes() == 0:
        return (
            pd.DataFrame(columns=["node", "label", "group", "type", "ref", "degree", "x", "y"]),
            pd.DataFrame(columns=["source", "target", "roles", "x0", "y0", "x1", "y1"]),
        )
    k = 1.6 / max(g.number_of_nodes(), 1) ** 0.5
    pos = nx.spring_layout(g, seed=seed, k=k, iterations=80)
    nodes = pd.DataFrame([
        {"node": n, **attrs, "degree": g.degree[n], "x": float(pos[n][0]), "y": float(pos[n][1])}
        for n, attrs in g.nodes(data=True)
    ])  # fmt: skip
    edges = pd.DataFrame([
        {"source": a, "target": b, "roles": ", ".join(sorted(set(attrs["roles"]))).replace("_", " "),
         "x0": float(pos[a][0]), "y0": float(pos[a][1]), "x1": float(pos[b][0]), "y1": float(pos[b][1])}
        for a, b, attrs in g.edges(data=True)
    ])  # fmt: skip
    return nodes, edges

"""The stakeholder network: stakeholders and the initiatives and incidents they are tied to, laid out by networkx."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

from trafficking_atlas import frame_tools

# The network draws at most this many stakeholders (the most connected in view): a hairball of 1,000 hubs
# reads as nothing, and the real data (74 stakeholders) stays below it, drawn whole.
MAX_STAKEHOLDERS = 80
# ...and at most this many nodes in all, stakeholders and records. It must stay below 500: from 500 nodes
# networkx's spring_layout switches to a sparse solver that needs scipy (not a dependency), and takes seconds.
MAX_NODES = 300

# The chart is wider than tall: the main part is spread over this width (its height is 2), and the small
# parts (pairs, a record with its one stakeholder) sit in rows under it, so they no longer drift to the
# edges and squeeze the main part into the middle.
ASPECT = 1.7
CELL = 0.42
# Spring length, as a multiple of 1/sqrt(nodes): longer than networkx's default spreads the hubs apart.
SPRING_K = 4.0


@dataclass(frozen=True)
class Focus:
    """Which part of the network to draw.

    `stakeholders` are the ids drawn; `records` the record nodes drawn (`"initiative:<id>"`, `"incident:<id>"`),
    or None for every record the drawn stakeholders reach. The totals are those of the whole network in view.
    """

    stakeholders: tuple[str, ...]
    records: frozenset[str] | None
    total_stakeholders: int
    total_records: int
    selected_added: bool = False

    @property
    def capped(self) -> bool:
        return len(self.stakeholders) < self.total_stakeholders or self.records is not None


def _drawable(relations: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """The relations the graph of `ids` draws: from one of them, to a record or to another of them."""
    rel = relations[frame_tools.member(relations["stakeholder_id"], ids)]
    to_sh = rel["target_type"] == "stakeholder"
    return rel[~to_sh | frame_tools.member(rel["target_id"], ids)]


def _ranking(rel: pd.DataFrame, ids: pd.Series) -> pd.Series:
    inbound = rel.loc[rel["target_type"] == "stakeholder", "target_id"]
    counts = pd.concat([rel["stakeholder_id"], inbound]).value_counts()
    frame = pd.DataFrame({"sid": ids.to_numpy(), "n": ids.map(counts).fillna(0).astype(int).to_numpy()})
    frame = frame.sort_values(["n", "sid"], ascending=[False, True], kind="stable")
    return pd.Series(frame["n"].to_numpy(), index=frame["sid"].to_numpy(), name="relations")


def relation_counts(relations: pd.DataFrame, stakeholder_ids: set[str] | list[str]) -> pd.Series:
    """Each stakeholder's number of relations in the network of `stakeholder_ids` (either direction), most first.

    Ties are ordered by id, so the ranking is deterministic.
    """
    ids = pd.Series(sorted(stakeholder_ids), dtype="str")
    return _ranking(_drawable(relations, ids), ids)


def focus(
    relations: pd.DataFrame,
    stakeholder_ids: set[str] | list[str],
    selected: str | None = None,
    max_stakeholders: int = MAX_STAKEHOLDERS,
    max_nodes: int = MAX_NODES,
) -> Focus:
    """The part of the network of `stakeholder_ids` to draw: all of it when it fits, else the most connected.

    When it does not fit: the selected stakeholder (if in view) and the stakeholders it is tied to come first,
    then the others by relation count, up to `max_stakeholders`; then the records tied to the selected one,
    then those shared by most drawn stakeholders, up to `max_nodes` nodes in all.
    """
    ids = pd.Series(sorted(stakeholder_ids), dtype="str")
    rel = _drawable(relations, ids)
    records = rel[rel["target_type"] != "stakeholder"]
    record_nodes = records["target_type"] + ":" + records["target_id"]
    total_records = int(record_nodes.nunique())
    if len(ids) <= max_stakeholders and len(ids) + total_records <= max_nodes:
        return Focus(tuple(ids), None, len(ids), total_records)
    ranking = _ranking(rel, ids)
    chosen: dict[str, None] = {}  # insertion-ordered set
    if selected in ranking.index:
        to_sh = rel[rel["target_type"] == "stakeholder"]
        ties = set(to_sh.loc[to_sh["stakeholder_id"] == selected, "target_id"])
        ties |= set(to_sh.loc[to_sh["target_id"] == selected, "stakeholder_id"])
        chosen[selected] = None
        for sid in ranking.index:
            if sid in ties and len(chosen) < max_stakeholders:
                chosen[sid] = None
    for sid in ranking.index:
        if len(chosen) >= max_stakeholders:
            break
        chosen[sid] = None
    drawn = tuple(sorted(chosen))
    selected_added = set(drawn) != set(ranking.index[:max_stakeholders])
    mine = frame_tools.member(records["stakeholder_id"], pd.Series(drawn, dtype="str"))
    pairs = pd.DataFrame({"node": record_nodes[mine], "sid": records.loc[mine, "stakeholder_id"]}).drop_duplicates()
    budget = max_nodes - len(drawn)
    kept = None
    if pairs["node"].nunique() > budget:
        score = pairs.groupby("node").size().rename("shared").rename_axis("node").reset_index()
        score["selected"] = score["node"].isin(set(pairs.loc[pairs["sid"] == selected, "node"]))
        score = score.sort_values(["selected", "shared", "node"], ascending=[False, False, True], kind="stable")
        kept = frozenset(score["node"].iloc[:budget])
    return Focus(drawn, kept, len(ids), total_records, selected_added)


def describe(f: Focus) -> str | None:
    """What the capped network leaves out, for a caption under it; None when it shows everything."""
    if not f.capped:
        return None
    n, total = len(f.stakeholders), f.total_stakeholders
    if f.selected_added:
        text = f"Showing the selected stakeholder, those tied to it and the most connected others ({n:,} of {total:,} in view)"
    elif n == total:
        text = f"Showing all {n:,} stakeholders in view"
    else:
        text = f"Showing the {n:,} most connected of {total:,} stakeholders in view"
    if f.records is not None:
        text += f", and {len(f.records):,} of their {f.total_records:,} initiatives and incidents (those shared by most)"
    return text + "; search or filter to see others."


def drawn_relations(relations: pd.DataFrame, f: Focus) -> pd.DataFrame:
    """The relations the focused graph draws (for its sources line)."""
    ids = pd.Series(f.stakeholders, dtype="str")
    rel = _drawable(relations, ids)
    if f.records is None:
        return rel
    is_record = rel["target_type"] != "stakeholder"
    nodes = rel["target_type"] + ":" + rel["target_id"]
    return rel[~is_record | frame_tools.member(nodes, list(f.records))]


def build_graph(
    data: dict[str, pd.DataFrame],
    stakeholder_ids: set[str],
    relations: pd.DataFrame,
    records: frozenset[str] | set[str] | None = None,
) -> nx.Graph:
    """An undirected graph of the given stakeholders, their relations and the records those relations reach.

    `records`, when given, limits the record nodes (`"<type>:<id>"`) to those.
    """
    ids = set(stakeholder_ids)
    rel = relations[frame_tools.member(relations["stakeholder_id"], ids)]
    sh = data["stakeholders"]
    sh = sh[frame_tools.member(sh["stakeholder_id"], ids)].set_index("stakeholder_id")
    names = {}  # only the records these relations reach, not every name of the dataset
    for kind, frame, column in (
        ("initiative", data["initiatives"], "initiative_id"),
        ("incident", data["incidents"], "incident_id"),
    ):
        wanted = rel.loc[rel["target_type"] == kind, "target_id"]
        part = frame[frame_tools.member(frame[column], wanted)]
        names[kind] = dict(zip(part[column], part["name"]))
    g = nx.Graph()
    for sid in sorted(ids):
        if sid in sh.index:
            g.add_node(f"stakeholder:{sid}", label=sh.at[sid, "name"], group=sh.at[sid, "kind"], type="stakeholder", ref=sid,
                       outside=bool(sh.at[sid, "basis"] == "external") if "basis" in sh else False)  # fmt: skip
    for source_id, target_type, target_id, role in zip(rel["stakeholder_id"], rel["target_type"], rel["target_id"], rel["role"]):
        target = f"{target_type}:{target_id}"
        if target_type == "stakeholder":
            if target_id not in ids:
                continue
        elif records is not None and target not in records:
            continue
        elif target not in g:
            label = names.get(target_type, {}).get(target_id, target_id)
            g.add_node(target, label=label, group=target_type, type=target_type, ref=target_id, outside=False)
        source = f"stakeholder:{source_id}"
        roles = g.edges[source, target]["roles"] + [role] if g.has_edge(source, target) else [role]
        g.add_edge(source, target, roles=roles)
    return g


def capped_graph(
    data: dict[str, pd.DataFrame], stakeholder_ids: set[str], relations: pd.DataFrame, selected: str | None = None
) -> tuple[nx.Graph, Focus]:
    """The graph `build_graph` draws, limited by `focus` (at most `MAX_NODES` nodes), and the focus."""
    f = focus(relations, stakeholder_ids, selected)
    return build_graph(data, set(f.stakeholders), relations, f.records), f


def layout(g: nx.Graph, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node and edge frames with spring-layout positions (deterministic for a given graph and seed).

    When one connected part holds most nodes it fills x in [-ASPECT, ASPECT] and y in [-1, 1], and each smaller
    part is laid out on its own in a cell of a row below, the larger first; otherwise every part gets a cell
    sized by its node count (see `_shelves`).

    Returns:
        nodes: `node`, `label`, `group`, `type`, `ref`, `outside` (a stakeholder known from outside the documents),
        `degree`, `x`, `y`;
        edges: `source`, `target`, `roles`, `x0`, `y0`, `x1`, `y1`.
    """
    if g.number_of_nodes() == 0:
        return (
            pd.DataFrame(columns=["node", "label", "group", "type", "ref", "outside", "degree", "x", "y"]),
            pd.DataFrame(columns=["source", "target", "roles", "x0", "y0", "x1", "y1"]),
        )
    parts = sorted(nx.connected_components(g), key=lambda part: (-len(part), min(part)))
    pos = _main_and_rows(g, parts, seed) if 2 * len(parts[0]) >= g.number_of_nodes() else _shelves(g, parts, seed)
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


def _main_and_rows(g: nx.Graph, parts: list[set], seed: int) -> dict[str, tuple[float, float]]:
    """One part holds most nodes: it fills x in [-ASPECT, ASPECT] and y in [-1, 1], the others in rows below."""
    pos = {n: (x * ASPECT, y) for n, (x, y) in _spring(g.subgraph(parts[0]), seed, 1.0).items()}
    per_row = max(int(2 * ASPECT / CELL), 1)
    for i, part in enumerate(parts[1:]):
        row, col = divmod(i, per_row)
        cx, cy = -ASPECT + CELL * (col + 0.5), -1 - CELL * (row + 0.9)
        for n, (x, y) in _spring(g.subgraph(part), seed, CELL * 0.32).items():
            pos[n] = (cx + x, cy + y)
    return pos


def _shelves(g: nx.Graph, parts: list[set], seed: int) -> dict[str, tuple[float, float]]:
    """No part holds most nodes: each gets a square cell sized by the root of its node count, laid in rows
    (largest first) about ASPECT times wider than tall."""
    sides = [len(part) ** 0.5 for part in parts]
    width = max(max(sides), (sum(side * side for side in sides) * ASPECT) ** 0.5)
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part, side in zip(parts, sides):
        if x > 0 and x + side > width + 1e-9:
            x, y, row_height = 0.0, y - row_height, 0.0
        for n, (px, py) in _spring(g.subgraph(part), seed, side * 0.38).items():
            pos[n] = (x + side / 2 + px, y - side / 2 + py)
        x, row_height = x + side, max(row_height, side)
    return pos


def _spring(g: nx.Graph, seed: int, scale: float) -> dict[str, tuple[float, float]]:
    """Spring-layout positions within [-scale, scale], the node order fixed so the result is deterministic."""
    if g.number_of_nodes() == 1:
        return {next(iter(g.nodes)): (0.0, 0.0)}
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(g.nodes))
    ordered.add_edges_from(sorted(tuple(sorted(e)) for e in g.edges))
    k = SPRING_K / g.number_of_nodes() ** 0.5
    return {
        n: (float(x), float(y)) for n, (x, y) in nx.spring_layout(ordered, seed=seed, k=k, iterations=80, scale=scale).items()
    }

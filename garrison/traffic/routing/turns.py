"""Turn restrictions: the graph the engines search, with restricted junctions split by way in.

OpenStreetMap ``type=restriction`` relations with a via NODE are honoured (a via WAY is rare in
a city and skipped on import). Each restricted junction is split: one copy per arc that enters
it, carrying only the turns allowed after that arc; the original node keeps every way out but
no way in, so a trip may still start there. Elsewhere the searched graph is the road graph
itself (same node and arc numbers), so nothing pays for restrictions it does not have.

A restriction's to-way should start or end at the via node, as the OSM wiki asks; where it runs
through, ``no_*`` forbids both directions onto it and ``only_*`` allows both. ``no_u_turn`` with
the same from and to way forbids only turning back along the arc just driven.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from garrison.traffic.routing.graph import Graph, IntArray

# (OSM restriction value such as "no_left_turn", from way, via OSM node, to way)
Restriction = tuple[str, int, int, int]

KINDS = {
    "no_left_turn": "no",
    "no_right_turn": "no",
    "no_straight_on": "no",
    "no_u_turn": "no",
    "no_entry": "no",
    "no_exit": "no",
    "only_left_turn": "only",
    "only_right_turn": "only",
    "only_straight_on": "only",
    "only_u_turn": "only",
}


@dataclass
class SearchGraph:
    """The graph searched: ``graph`` itself or its expansion round restricted junctions.

    ``arc_origin`` maps a searched arc to the road arc it stands for and ``node_origin`` a
    searched node to its road node; copies of a node are numbered after the road nodes.
    """

    graph: Graph
    arc_origin: IntArray
    node_origin: IntArray
    head_of: IntArray  # road arc → the searched node one arrives at along it
    _tails: dict[int, list[int]] = field(default_factory=dict)  # road arc → extra searched tails
    _copies: dict[int, list[int]] = field(default_factory=dict)  # road node → its copies
    restricted: int = 0  # junctions split

    @property
    def split(self) -> bool:
        return self.restricted > 0

    def tails(self, arc: int) -> list[int]:
        """Searched nodes from which road ``arc`` may be taken."""
        return [int(self.graph.tail[arc]), *self._tails.get(arc, ())]

    def at(self, node: int) -> list[int]:
        """Searched nodes that stand for road ``node`` (to end a trip there)."""
        return [node, *self._copies.get(node, ())]


def identity(graph: Graph) -> SearchGraph:
    arcs = np.arange(graph.arc_count, dtype=np.int64)
    nodes = np.arange(graph.node_count, dtype=np.int64)
    return SearchGraph(graph, arcs, nodes, graph.head)


def expand(graph: Graph, restrictions: Sequence[Restriction]) -> SearchGraph:
    """The searched graph honouring ``restrictions`` (unknown ways or nodes are ignored)."""
    if not restrictions or graph.arc_count == 0:
        return identity(graph)
    node_of = {int(osm): i for i, osm in enumerate(graph.node_osm.tolist())}
    rules: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for value, from_way, via, to_way in restrictions:
        node = node_of.get(int(via))
        if node is not None and value in KINDS:
            rules[node].append((value, int(from_way), int(to_way)))
    tail, head, way = graph.tail.tolist(), graph.head.tolist(), graph.way.tolist()
    arcs_in: dict[int, list[int]] = defaultdict(list)
    arcs_out: dict[int, list[int]] = defaultdict(list)
    for arc, (t, h) in enumerate(zip(tail, head, strict=True)):
        if h in rules:
            arcs_in[h].append(arc)
        if t in rules:
            arcs_out[t].append(arc)
    n = graph.node_count
    copy_of: dict[int, int] = {}  # road arc into a restricted node → that node's copy
    copies: dict[int, list[int]] = defaultdict(list)
    node_origin = list(range(n))
    for node in rules:
        for arc in arcs_in[node]:
            copy_of[arc] = len(node_origin)
            copies[node].append(len(node_origin))
            node_origin.append(node)
    head_of = np.array([copy_of.get(arc, h) for arc, h in enumerate(head)], dtype=np.int64)
    extra_tails: dict[int, list[int]] = defaultdict(list)
    for node, node_rules in rules.items():
        for into in arcs_in[node]:
            for out in arcs_out[node]:
                if _allowed(into, out, node_rules, tail, head, way):
                    extra_tails[out].append(copy_of[into])
    new_tail = list(tail)
    new_head = head_of.tolist()
    origin = list(range(graph.arc_count))
    for out, froms in extra_tails.items():
        for copy in froms:
            new_tail.append(copy)
            new_head.append(int(head_of[out]))
            origin.append(out)
    arc_origin = np.array(origin, dtype=np.int64)
    node_o = np.array(node_origin, dtype=np.int64)
    searched = Graph(
        node_osm=graph.node_osm[node_o],
        lat=graph.lat[node_o],
        lon=graph.lon[node_o],
        tail=np.array(new_tail, dtype=np.int64),
        head=np.array(new_head, dtype=np.int64),
        length_m=graph.length_m[arc_origin],
        time_ms=graph.time_ms[arc_origin],
        way=graph.way[arc_origin],
        road=graph.road[arc_origin],
        road_classes=graph.road_classes,
        road_names=graph.road_names,
    )
    return SearchGraph(
        searched, arc_origin, node_o, head_of, dict(extra_tails), dict(copies), len(rules)
    )


def _allowed(
    into: int,
    out: int,
    rules: list[tuple[str, int, int]],
    tail: list[int],
    head: list[int],
    way: list[int],
) -> bool:
    from_way = way[into]
    for value, rule_from, rule_to in rules:
        if rule_from != from_way:
            continue
        onto = way[out] == rule_to
        if rule_to == from_way:
            # The same way in and out: a u-turn rule is about turning back along it, any other
            # about going on along it.
            turning_back = head[out] == tail[into]
            onto = onto and turning_back == value.endswith("u_turn")
        kind = KINDS[value]
        if kind == "no" and onto:
            return False
        if kind == "only" and not onto:
            return False
    return True

"""A tiny hand-made road network in OSM XML, written by the tests that need it.

7 ═══ 8 ═══ 9        ═ primary (two-way), │ residential / tertiary, ↑ one-way
│     │     ↑        4-5-6 service; 4-8 residential closed to cars (not drivable);
4 ─── 5 ─── 6        5-10 footway (not drivable); 11-12 a service road cut off from the rest.
│     │     ↑
1 ═══ 2 ═══ 3        node (r, c) sits at lat 21.020 + r/1000, lon 105.840 + c/1000.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

WAYS: list[tuple[int, list[int], dict[str, str]]] = [
    (100, [1, 2, 3], {"highway": "primary", "name": "Main A", "maxspeed": "50"}),
    (101, [7, 8, 9], {"highway": "primary", "name": "Main B"}),
    (102, [1, 4, 7], {"highway": "residential", "name": "Left"}),
    (103, [3, 6, 9], {"highway": "residential", "name": "Right", "oneway": "yes"}),
    (104, [2, 5, 8], {"highway": "tertiary", "name": "Middle", "lanes": "2"}),
    (105, [4, 5, 6], {"highway": "service"}),
    (106, [5, 10], {"highway": "footway"}),
    (107, [11, 12], {"highway": "service", "name": "Island"}),
    (108, [4, 8], {"highway": "residential", "motor_vehicle": "no"}),
]


def node_position(node: int) -> tuple[float, float]:
    """(lat, lon) of a grid node; nodes 10–12 lie outside the grid."""
    if node <= 9:
        r, c = divmod(node - 1, 3)
        return 21.020 + r / 1000, 105.840 + c / 1000
    return {10: (21.0215, 105.8415), 11: (21.030, 105.850), 12: (21.031, 105.850)}[node]


# A turn restriction relation: (id, tags, [(member type "way" | "node", ref, role)]).
Relation = tuple[int, dict[str, str], list[tuple[str, int, str]]]


def osm_xml(
    ways: list[tuple[int, list[int], dict[str, str]]] = WAYS, relations: Sequence[Relation] = ()
) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for node in range(1, 13):
        lat, lon = node_position(node)
        lines.append(f'  <node id="{node}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"/>')
    for way_id, nodes, tags in ways:
        lines.append(f'  <way id="{way_id}" version="1">')
        lines.extend(f'    <nd ref="{n}"/>' for n in nodes)
        lines.extend(f'    <tag k="{k}" v="{v}"/>' for k, v in tags.items())
        lines.append("  </way>")
    for relation_id, tags, members in relations:
        lines.append(f'  <relation id="{relation_id}" version="1">')
        lines.extend(
            f'    <member type="{kind}" ref="{ref}" role="{role}"/>' for kind, ref, role in members
        )
        lines.extend(f'    <tag k="{k}" v="{v}"/>' for k, v in tags.items())
        lines.append("  </relation>")
    lines.append("</osm>")
    return "\n".join(lines) + "\n"


def write_osm(
    directory: Path,
    name: str = "grid.osm",
    ways: list[tuple[int, list[int], dict[str, str]]] = WAYS,
    relations: Sequence[Relation] = (),
) -> Path:
    path = directory / name
    path.write_text(osm_xml(ways, relations), encoding="utf-8")
    return path

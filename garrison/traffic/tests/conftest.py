from __future__ import annotations

from pathlib import Path

import pytest

from garrison.events.models import Event
from garrison.traffic.models import RoadNetwork
from garrison.traffic.routing.services import import_network
from garrison.traffic.tests.fixtures import write_osm


@pytest.fixture
def grid_osm(tmp_path: Path) -> Path:
    return write_osm(tmp_path)


@pytest.fixture
def grid_network(event: Event, grid_osm: Path) -> RoadNetwork:
    return import_network(event, grid_osm)

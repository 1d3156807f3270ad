"""``garrison place_teams``: files in, chosen candidates and objective out; bad files named."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

DATA = Path(__file__).parent / "data"
SF = ["--demand", str(DATA / "sf_demand.csv"), "--candidates", str(DATA / "sf_candidates.csv")]


def run(*args: str) -> str:
    out = StringIO()
    call_command("place_teams", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_chosen_candidates_and_the_objective() -> None:
    out = run(
        *SF,
        "--costs",
        str(DATA / "sf_costs.csv"),
        "--model",
        "max-cover",
        "--teams",
        "4",
        "--target",
        "5000",
    )
    assert "chosen (4): Store_2, Store_11, Store_12, Store_15" in out
    assert "objective: 875247" in out
    assert "optimal: yes" in out


def test_it_keeps_locked_positions() -> None:
    out = run(
        *SF,
        "--costs",
        str(DATA / "sf_costs.csv"),
        "--model",
        "set-cover",
        "--target",
        "5000",
        "--lock",
        "Store_1",
    )
    assert "Store_1," in out


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_it_reads_geojson_points(tmp_path: Path) -> None:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [105.8, 21.0 + i / 100]},
            "properties": {"id": f"d{i}", "weight": i + 1},
        }
        for i in range(3)
    ]
    demand = write(
        tmp_path, "d.geojson", json.dumps({"type": "FeatureCollection", "features": features})
    )
    candidates = write(tmp_path, "c.csv", "id\nX\nY\n")
    costs = write(
        tmp_path,
        "m.csv",
        "demand_id,candidate_id,cost\nd0,X,10\nd1,X,10\nd2,X,99\nd0,Y,99\nd1,Y,99\nd2,Y,5\n",
    )
    out = run(
        "--demand",
        demand,
        "--candidates",
        candidates,
        "--costs",
        costs,
        "--model",
        "p-median",
        "--teams",
        "1",
    )
    assert "chosen (1): Y" in out  # 1·99 + 2·99 + 3·5 = 312 < X's 1·10 + 2·10 + 3·99 = 327


@pytest.mark.parametrize(
    ("demand", "costs", "message"),
    [
        ("id,weight\na,1\na,2\n", "demand_id,candidate_id,cost\na,X,1\n", "appears twice"),
        ("id,weight\na,heavy\n", "demand_id,candidate_id,cost\na,X,1\n", "is not a number"),
        ("id,weight\na,-1\n", "demand_id,candidate_id,cost\na,X,1\n", "zero or more"),
        ("name,weight\na,1\n", "from,to,seconds\na,X,-3\n", "negative cost"),
        ("id,weight\na,1\n", "a,b,c\na,X,1\n", "demand_id, candidate_id and cost"),
        ("weight\n1\n", "demand_id,candidate_id,cost\na,X,1\n", "no “id” column"),
        ('{"type": "Feature"}', "demand_id,candidate_id,cost\na,X,1\n", "FeatureCollection"),
        ("{not json", "demand_id,candidate_id,cost\na,X,1\n", "not valid JSON"),
        ("id,weight\na,1\n", "demand_id,candidate_id,cost\nzz,X,1\n", "unknown demand ids"),
        ("id,weight\na,1\n", "demand_id,candidate_id,cost\na,X,600\n", "No candidate reaches"),
    ],
)
def test_it_names_what_is_wrong_with_a_file(
    tmp_path: Path, demand: str, costs: str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run(
            "--demand",
            write(tmp_path, "d.csv", demand),
            "--candidates",
            write(tmp_path, "c.csv", "id\nX\n"),
            "--costs",
            write(tmp_path, "m.csv", costs),
            "--model",
            "set-cover",
            "--target",
            "60",
        )


def test_it_refuses_more_teams_than_candidates_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot be placed on 16 candidate"):
        run(*SF, "--costs", str(DATA / "sf_costs.csv"), "--model", "p-median", "--teams", "17")
    with pytest.raises(CommandError, match="no such file"):
        run(*SF, "--costs", str(tmp_path / "none.csv"), "--model", "p-median", "--teams", "2")

"""The solver's behaviour on small hand-made instances: locks, backup, refusals, the curve."""

from __future__ import annotations

import math

import pytest

from garrison.coverage.refusals import as_domain_error
from garrison.coverage.solver import (
    Model,
    Problem,
    Refusal,
    coverage_curve,
    coverage_without,
    solve,
)

# Three demand points on a line, candidates at each; travel times in seconds.
LINE = Problem(
    demand={"a": 10.0, "b": 1.0, "c": 5.0},
    candidates=["A", "B", "C"],
    costs={
        "a": {"A": 0, "B": 100, "C": 200},
        "b": {"A": 100, "B": 0, "C": 100},
        "c": {"A": 200, "B": 100, "C": 0},
    },
)


def test_set_covering_picks_the_least_teams() -> None:
    assert solve(LINE, Model.SET_COVER, target=100).chosen == ["B"]
    assert len(solve(LINE, Model.SET_COVER, target=50).chosen) == 3


def test_maximal_covering_prefers_the_heavier_demand() -> None:
    placement = solve(LINE, Model.MAX_COVER, teams=1, target=50)
    assert placement.chosen == ["A"]
    assert placement.covered_share == pytest.approx(10 / 16)


def test_p_median_and_p_center_differ_where_they_should() -> None:
    assert solve(LINE, Model.P_MEDIAN, teams=1).chosen == ["A"]  # 0 + 100 + 5·200 < B's 1500
    center = solve(LINE, Model.P_CENTER, teams=1)
    assert center.chosen == ["B"] and center.objective == 100


def test_locked_positions_stay() -> None:
    placement = solve(LINE, Model.MAX_COVER, teams=2, target=50, locked=["B"])
    assert placement.chosen == ["A", "B"]
    assert solve(LINE, Model.P_CENTER, teams=2, locked=["C"]).chosen[-1] == "C"


def test_backup_adds_second_cover_without_more_teams() -> None:
    placement = solve(LINE, Model.SET_COVER, target=100, backup=True)
    assert len(placement.chosen) == 1
    two = solve(LINE, Model.MAX_COVER, teams=2, target=100, backup=True)
    assert two.covered_share == 1.0
    assert two.chosen == ["A", "B"]  # a and b reached by both (weight 11); B, C would give 6
    assert two.backup_weight == 11.0


@pytest.mark.parametrize(
    ("model", "kwargs", "code"),
    [
        (Model.MAX_COVER, {"teams": 4, "target": 10}, "too_many_teams"),
        (Model.P_MEDIAN, {"teams": 0}, "too_few_teams"),
        (Model.MAX_COVER, {"teams": 1}, "no_target"),
        (Model.P_CENTER, {}, "no_teams"),
        (Model.MAX_COVER, {"teams": 1, "target": 10, "locked": ["Z"]}, "unknown_locked"),
        (Model.MAX_COVER, {"teams": 1, "target": 10, "locked": ["A", "B"]}, "too_many_locked"),
    ],
)
def test_it_refuses_impossible_requests_by_name(
    model: Model, kwargs: dict[str, object], code: str
) -> None:
    with pytest.raises(Refusal) as caught:
        solve(LINE, model, **kwargs)  # type: ignore[arg-type]
    assert caught.value.code == code
    error = as_domain_error(caught.value)
    assert error.code == code and error.status == 400 and str(error.message)


def test_it_refuses_an_unreachable_demand_point() -> None:
    island = Problem({"a": 1.0, "island": 1.0}, ["A"], {"a": {"A": 0}, "island": {"A": math.inf}})
    for model, kwargs in [
        (Model.SET_COVER, {"target": 60.0}),
        (Model.P_MEDIAN, {"teams": 1}),
        (Model.P_CENTER, {"teams": 1}),
    ]:
        with pytest.raises(Refusal) as caught:
            solve(island, model, **kwargs)  # type: ignore[arg-type]
        assert caught.value.code == "unreachable"
        assert caught.value.params["demand"] == "island"
    # Maximal covering simply leaves it uncovered.
    assert solve(island, Model.MAX_COVER, teams=1, target=60).covered_share == 0.5


def test_the_curve_rises_and_the_loss_of_a_dispatched_team_is_measured() -> None:
    curve = coverage_curve(LINE, 50, up_to=5)
    assert [round(p.covered_share, 4) for p in curve] == [0.625, 0.9375, 1.0]
    chosen = curve[1].chosen
    assert chosen == ["A", "C"]
    assert coverage_without(LINE, chosen, 50, "C") == pytest.approx(10 / 16)
    assert coverage_without(LINE, chosen, 50, "B") == pytest.approx(15 / 16)

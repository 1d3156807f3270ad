"""Runs of the optimiser: started from the UI in a background thread, or from the command line.

One machine: a thread per run and a RosterRun row the roster page polls (htmx) for progress.
The thread writes progress from its own connection while the solver works in another thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership, User
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.forces.live_events import ROSTER_SOLVED
from garrison.forces.models import Assignment, RosterRun, RunStatus
from garrison.forces.roles import PLANNERS
from garrison.forces.roster.greedy import first_roster
from garrison.forces.roster.problem import Problem, precheck
from garrison.forces.roster.services import rules_for
from garrison.forces.roster.services.data import build_problem
from garrison.forces.roster.solver import Progress, Solution, candidates, evaluate, solve

PROGRESS_EVERY = 1.0  # seconds between progress writes


def start_run(membership: Membership, *, background: bool = True) -> RosterRun:
    """Queue a run for the event; with ``background`` a thread starts it after commit."""
    require_role(membership, PLANNERS)
    event = membership.event
    if RosterRun.objects.filter(
        event=event, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).exists():
        raise DomainError("already_running", _("The roster is already being solved."), status=409)
    limit = rules_for(event).time_limit_seconds
    with transaction.atomic():
        run = RosterRun.objects.create(
            event=event, started_by=membership.user, time_limit_seconds=limit
        )
        record(
            Actor.of_user(membership.user),
            "forces.roster.run_started",
            run,
            event_id=event.pk,
            after={"time_limit_seconds": limit},
        )
        if background:
            transaction.on_commit(lambda: _thread(run.pk))
    return run


def queue_run(event: Event, time_limit_seconds: int) -> RosterRun:
    """Queue a run started from the command line: no one started it, ``execute_run`` solves it."""
    return RosterRun.objects.create(event=event, time_limit_seconds=time_limit_seconds)


def _thread(run_id: int) -> None:
    def work() -> None:
        close_old_connections()
        try:
            execute_run(run_id)
        finally:
            connection.close()

    threading.Thread(target=work, name=f"roster-run-{run_id}", daemon=True).start()


def execute_run(
    run_id: int, *, log: Callable[[str], None] | None = None, workers: int | None = None
) -> RosterRun:
    """Pre-check, solve and save the roster of the run's event; the run row records it all."""
    run = RosterRun.objects.select_related("event", "started_by").get(pk=run_id)
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    event = run.event
    try:
        problem = build_problem(event)
        shortages = precheck(problem)
        progress = Progress()
        result: list[Solution] = []
        solver = threading.Thread(
            target=lambda: result.append(
                solve(problem, run.time_limit_seconds, progress, workers=workers, log=log)
            ),
            daemon=True,
        )
        solver.start()
        while solver.is_alive():
            solver.join(PROGRESS_EVERY)
            with progress.lock:
                run.solutions, run.objective, run.bound = (
                    progress.solutions,
                    progress.objective,
                    progress.bound,
                )
            run.elapsed_seconds = progress.elapsed
            run.save(update_fields=["solutions", "objective", "bound", "elapsed_seconds"])
        if not result:
            raise RuntimeError("the solver stopped without an answer")
        return _finish(run, problem, result[0], [s.as_dict() for s in shortages])
    except Exception:
        run.status = RunStatus.FAILED
        run.finished = timezone.now()
        run.save(update_fields=["status", "finished"])
        raise


FIRST_ROSTER = "FIRST_ROSTER"  # solver_status of a run that kept the quick rule-checked roster


def first_run(event: Event, user: User | None) -> RosterRun:
    """Build and save the quick rule-checked first roster, without the optimiser.

    It takes well under a second on the demo (the optimiser needs its time limit): each shift is
    placed only where ``rules.check`` accepts it, so it keeps every hard rule; it is fair only
    in the greedy sense (least worked first). The run row reports it like a solved one.
    """
    started = time.monotonic()
    problem = build_problem(event)
    shortages = precheck(problem)
    shifts = first_roster(problem, candidates(problem))
    needed, covered, missing = evaluate(problem, shifts)
    solution = Solution(
        status=FIRST_ROSTER,
        objective=None,
        bound=None,
        elapsed=time.monotonic() - started,
        shifts=shifts,
        needed=needed,
        covered=covered,
        gaps={key: head + sum(quals) for key, (head, quals) in missing.items()},
    )
    run = RosterRun.objects.create(
        event=event, started_by=user, time_limit_seconds=1, status=RunStatus.RUNNING, solutions=1
    )
    return _finish(run, problem, solution, [s.as_dict() for s in shortages])


def _finish(
    run: RosterRun, problem: Problem, solution: Solution, report: list[dict[str, object]]
) -> RosterRun:
    event: Event = run.event
    horizon = problem.horizon
    labels = {p.id: p.label for p in problem.posts}
    # Gaps the roster still has, merged per post into spans, after those the pre-check found.
    spans: dict[int, list[list[int]]] = {}
    for post_id, slot in sorted(solution.gaps):
        runs = spans.setdefault(post_id, [])
        if runs and runs[-1][1] == slot:
            runs[-1][1] = slot + 1
        else:
            runs.append([slot, slot + 1])
    for post_id, runs in spans.items():
        for start, end in runs:
            span = f"{horizon.label(start)}–{horizon.at(end).astimezone(horizon.tz):%H:%M}"
            report.append(
                {
                    "post": post_id,
                    "from": start,
                    "to": end,
                    "text": _("%(post)s, %(span)s: not covered in the roster found")
                    % {"post": labels.get(post_id, ""), "span": span},
                }
            )
    with transaction.atomic():
        written = save_solution(event, problem, solution) if solution.shifts else 0
        run.status = RunStatus.DONE if not solution.gaps else RunStatus.INFEASIBLE
        run.solver_status = solution.status
        run.objective, run.bound = solution.objective, solution.bound
        run.elapsed_seconds = solution.elapsed
        run.coverage = solution.coverage
        run.report = report
        run.finished = timezone.now()
        run.save()
        user: User | None = run.started_by
        actor = Actor.of_user(user) if user is not None else Actor(label="solve_roster")
        record(
            actor,
            "forces.roster.solved",
            run,
            event_id=event.pk,
            after={
                "status": run.status,
                "solver_status": run.solver_status,
                "coverage": run.coverage,
                "objective": run.objective,
                "bound": run.bound,
                "assignments": written,
            },
        )
        ROSTER_SOLVED.emit(event, {"run": run.pk, "status": run.status})
    return run


def save_solution(event: Event, problem: Problem, solution: Solution) -> int:
    """Replace the event's unpinned assignments with the solution's shifts; pins stay as they are.

    Returns how many assignments were written. The caller audits inside the same transaction.
    """
    horizon = problem.horizon
    pinned: set[tuple[int, int]] = {
        (p.member_id, t) for p in problem.pins for t in range(p.start, p.end)
    }
    rows = []
    for member_id, shifts in solution.shifts.items():
        for shift in shifts:
            # The pinned hours are rows already; write only the solver's own part of a shift.
            free = [t for t in range(shift.start, shift.end) if (member_id, t) not in pinned]
            for start, end in _runs(free):
                rows.append(
                    Assignment(
                        event=event,
                        post_id=shift.post_id,
                        member_id=member_id,
                        starts_at=horizon.at(start),
                        ends_at=horizon.at(end),
                    )
                )
    with transaction.atomic():
        Assignment.objects.filter(event=event, pinned=False).delete()
        Assignment.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _runs(slots: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for t in slots:
        if runs and runs[-1][1] == t:
            runs[-1] = (runs[-1][0], t + 1)
        else:
            runs.append((t, t + 1))
    return runs


def wait(run: RosterRun, timeout: float) -> RosterRun:
    """Poll until the run is over (for the command line and tests of the background path)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.active:
            break
        time.sleep(0.2)
    return run

"""Runs of the optimiser: started from the UI onto the task queue, or from the command line.

A RosterRun row is the progress the roster page polls (htmx). ``start_run`` writes it and puts
its task on the queue in the same transaction (garrison.core.services.queue); a ``garrison
worker`` process claims the row and solves, writing progress to the row from its own connection
while the solver works in another thread. The command line solves in its own process
(``execute_run``).

A run is solved to the end once. The worker claims the row (queued → running) before it starts,
so a second delivery of the task finds it taken; each later write names the solve it belongs to
(``attempts``), and saving the roster first checks, under the row's lock, that the run is still
this solve's: a solve that was given up on saves nothing. If the worker dies mid-solve, the sweep
(``recover_lost``) queues the run again — a re-run replaces the draft roster as the first would
have, pins untouched — or, once ``MAX_ATTEMPTS`` solves have died, marks it failed with the
reason. ``expire_stale`` fails a solve whose heartbeat stopped for ``STALE_AFTER`` (no worker
left to sweep, or one stuck), so the page never shows "running" forever.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership, User
from garrison.audit.services import Actor, record
from garrison.core.db import serialise_on
from garrison.core.errors import DomainError
from garrison.core.services import queue
from garrison.events.models import Event
from garrison.forces.live_events import ROSTER_SOLVED
from garrison.forces.models import Assignment, RosterRun, RunStatus
from garrison.forces.roles import PLANNERS
from garrison.forces.roster.greedy import first_roster
from garrison.forces.roster.problem import Problem, precheck
from garrison.forces.roster.services import rules_for
from garrison.forces.roster.services.data import build_problem
from garrison.forces.roster.solver import Progress, Solution, candidates, evaluate, solve

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 1.0  # seconds between progress writes
STALE_AFTER = dt.timedelta(minutes=2)
MAX_ATTEMPTS = 2  # a run whose solve died twice with its worker is not tried a third time
ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)


def expire_stale(event: Event) -> int:
    """Mark the event's solves whose heartbeat stopped as failed; how many were."""
    now = timezone.now()
    stale = RosterRun.objects.filter(
        event=event, status=RunStatus.RUNNING, heartbeat__lt=now - STALE_AFTER
    )
    # Every poll of the roster page comes here: a read first keeps SQLite's write lock free.
    if not stale.exists():
        return 0
    return stale.update(status=RunStatus.FAILED, error="interrupted", finished=now)


def start_run(membership: Membership, *, background: bool = True) -> RosterRun:
    """Queue a run for the event; with ``background`` its task goes on the queue with the row.

    One run at a time per event: another is refused with ``already_running`` (409), also when
    two requests come at once.
    """
    require_role(membership, PLANNERS)
    event = membership.event
    limit = rules_for(event).time_limit_seconds
    with transaction.atomic():
        # A double click: the second request waits here for the first one's commit, then finds
        # its run (PostgreSQL; SQLite's IMMEDIATE transactions take turns anyway).
        serialise_on(f"roster_runs:{event.pk}")
        expire_stale(event)
        if RosterRun.objects.filter(event=event, status__in=ACTIVE).exists():
            raise DomainError(
                "already_running", _("The roster is already being solved."), status=409
            )
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
            run.task_id = _enqueue(run.pk)
    return run


def queue_run(event: Event, time_limit_seconds: int) -> RosterRun:
    """Queue a run started from the command line: no one started it, ``execute_run`` solves it."""
    return RosterRun.objects.create(event=event, time_limit_seconds=time_limit_seconds)


def _enqueue(run_id: int) -> str:
    def refused() -> None:  # only a backend other than the database's refuses after the commit
        RosterRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.FAILED, error="queue_unavailable", finished=timezone.now()
        )

    task_id = queue.enqueue(solve_run, run_id, on_failure=refused)
    if task_id:
        RosterRun.objects.filter(pk=run_id).update(task_id=task_id)
    return task_id


@task(takes_context=True)
def solve_run(context: TaskContext, run_id: int) -> None:
    """The queue's task: a worker solves the run ``run_id``."""
    execute_run(run_id, worker=queue.worker_of(context))


class _TakenAway(Exception):  # not an error: the run's row went to another solve
    """The row no longer belongs to this solve: the sweep gave it to another or failed it."""


def execute_run(
    run_id: int,
    *,
    log: Callable[[str], None] | None = None,
    workers: int | None = None,
    worker: str = "",
) -> RosterRun:
    """Pre-check, solve and save the roster of the run's event; the run row records it all.

    A run that is not queued (already taken, or expired as stale) is left alone. ``workers``:
    the solver's threads; ``worker``: the queue's worker running it.
    """
    rows = RosterRun.objects.filter(pk=run_id)
    if not rows.filter(status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING,
        heartbeat=timezone.now(),
        worker=worker,
        attempts=F("attempts") + 1,
    ):
        return RosterRun.objects.get(pk=run_id)
    run = RosterRun.objects.select_related("event", "started_by").get(pk=run_id)
    mine = rows.filter(status=RunStatus.RUNNING, attempts=run.attempts)

    def write(**fields: object) -> None:
        if not mine.update(heartbeat=timezone.now(), **fields):
            raise _TakenAway

    event = run.event
    try:
        problem = build_problem(event)
        shortages = precheck(problem)
        write()
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
            write(
                solutions=run.solutions,
                objective=run.objective,
                bound=run.bound,
                elapsed_seconds=run.elapsed_seconds,
            )
        if not result:
            raise RuntimeError("the solver stopped without an answer")
        return _finish(run, problem, result[0], [s.as_dict() for s in shortages])
    except _TakenAway:
        logger.warning("roster run %s: solve %s was given up on; it stops", run_id, run.attempts)
    except Exception:
        mine.update(status=RunStatus.FAILED, error="error", finished=timezone.now())
        raise
    return RosterRun.objects.get(pk=run_id)


def recover_lost() -> int:
    """The sweep (garrison.core.services.queue.on_sweep); how many runs it recovered.

    A run whose worker is lost is queued again, or failed ("interrupted") once ``MAX_ATTEMPTS``
    solves have died. A queued run whose task the queue finished without solving it (the worker
    could not even start it) is failed ("error").
    """
    now = timezone.now()
    running = list(
        RosterRun.objects.filter(status=RunStatus.RUNNING)
        .exclude(worker="")
        .values_list("pk", "worker", "attempts")
    )
    lost = queue.lost_workers(worker for _, worker, _ in running)
    recovered = 0
    for pk, worker, attempts in running:
        if worker not in lost:
            continue
        with transaction.atomic():
            rows = RosterRun.objects.filter(pk=pk, status=RunStatus.RUNNING, attempts=attempts)
            if attempts >= MAX_ATTEMPTS:
                recovered += rows.update(status=RunStatus.FAILED, error="interrupted", finished=now)
            elif rows.update(status=RunStatus.QUEUED, worker="", heartbeat=now):
                logger.warning("roster run %s: worker %s lost; queued again", pk, worker)
                _enqueue(pk)
                recovered += 1
    queued = dict(
        RosterRun.objects.filter(status=RunStatus.QUEUED)
        .exclude(task_id="")
        .values_list("task_id", "pk")
    )
    for task_id in queue.finished_tasks(queued):
        recovered += RosterRun.objects.filter(
            pk=queued[task_id], status=RunStatus.QUEUED, task_id=task_id
        ).update(status=RunStatus.FAILED, error="error", finished=now)
    return recovered


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
        # Still this solve's run? Locked until the commit, so the sweep cannot give it away
        # between this look and the saving (PostgreSQL; SQLite's writers take turns anyway).
        if not (
            RosterRun.objects.select_for_update()
            .filter(pk=run.pk, status=RunStatus.RUNNING, attempts=run.attempts)
            .exists()
        ):
            raise _TakenAway
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

"""Tasks of an agreed plan: how their status may change, and when the work as a whole counts as done."""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class TaskStatus(StrEnum):
    """Where a task stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"


# A task may be reopened (done → in progress) while the matter is still being carried out: a supervisor's
# concern or a resident's complaint can show that a step is not finished after all.
_MOVES: dict[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.PLANNED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED, TaskStatus.DONE}),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.DONE, TaskStatus.BLOCKED, TaskStatus.PLANNED}),
    TaskStatus.BLOCKED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.PLANNED}),
    TaskStatus.DONE: frozenset({TaskStatus.IN_PROGRESS}),
}


def may_move(*, from_status: TaskStatus, to_status: TaskStatus) -> bool:
    """Whether a task may go from one status to the other."""
    return to_status in _MOVES[from_status]


class NotReady(StrEnum):
    """Why the work cannot be declared done yet."""

    NO_TASKS = "no_tasks"
    TASKS_OPEN = "tasks_open"
    CONCERNS_OPEN = "concerns_open"


@dataclass(frozen=True, kw_only=True)
class Readiness:
    """Whether the work is done: every task finished and every concern of the supervision committee answered."""

    tasks: int
    tasks_not_done: int
    open_concerns: int

    @property
    def reasons(self) -> tuple[NotReady, ...]:
        """What still stands in the way, in the order a page lists it."""
        found: list[NotReady] = []
        if self.tasks == 0:
            found.append(NotReady.NO_TASKS)
        if self.tasks_not_done:
            found.append(NotReady.TASKS_OPEN)
        if self.open_concerns:
            found.append(NotReady.CONCERNS_OPEN)
        return tuple(found)

    @property
    def is_ready(self) -> bool:
        """Nothing stands in the way."""
        return not self.reasons


def work_readiness(*, task_statuses: Sequence[TaskStatus], open_concerns: int) -> Readiness:
    """Count what stands between the plan and "work done"."""
    return Readiness(
        tasks=len(task_statuses),
        tasks_not_done=sum(1 for status in task_statuses if status is not TaskStatus.DONE),
        open_concerns=open_concerns,
    )

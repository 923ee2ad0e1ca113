"""What implementation adds to the front pages and the ledgers: tasks and concerns awaiting people, the community's
work in progress, and the ledger sheets of tasks, funds and expenses.

The web registries are reached by dotted path so that this lower layer does not import the top one.
"""

from typing import Any

from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_lazy

from yishi.implementation import queries
from yishi.matters.events import register_kind
from yishi.matters.models import Matter, MatterStatus
from yishi.matters.permissions import communities_where
from yishi.matters.steps import IMPLEMENT, StepLink, register_steps
from yishi.people.domain.roles import Capability

SHOWN = 10


def awaiting(user: Any) -> list[Any]:
    """Task owners: their open tasks; staff: decided matters without tasks and concerns to answer;
    the supervision committee: the concerns still open in its communities."""
    if not user.is_authenticated:
        return []
    item = import_string("yishi.web.awaiting.AwaitingItem")
    items: list[Any] = [
        item(
            title=gettext("%(task)s (%(matter)s)") % {"task": task.title, "matter": task.matter.title},
            url=task.get_absolute_url(),
            kind=gettext_lazy("My task"),
            due=gettext("due by %(day)s") % {"day": task.due_on.isoformat()},
        )
        for task in queries.my_open_tasks(user.person_id)[:SHOWN]
    ]
    planners = communities_where(user, Capability.MANAGE_TASKS)
    for matter in queries.matters_to_plan(planners)[:SHOWN]:
        items.append(
            item(
                title=gettext("Plan the tasks of “%(title)s”") % {"title": matter.title},
                url=reverse("implementation:matter", args=[matter.pk]),
                kind=gettext_lazy("Carry out"),
            )
        )
    answerers = communities_where(user, Capability.MANAGE_TASKS) | communities_where(user, Capability.RECORD_EXPENSE)
    supervised = communities_where(user, Capability.SUPERVISE)
    supervised_ids = set(supervised.values_list("pk", flat=True))
    for concern in queries.open_concerns_in(answerers | supervised)[: SHOWN * 2]:
        is_supervisor = concern.community_id in supervised_ids
        items.append(
            item(
                title=gettext("Concern on “%(target)s”: %(text)s")
                % {"target": concern.target_label, "text": concern.text[:60]},
                url=concern.get_absolute_url(),
                kind=gettext_lazy("Open concern") if is_supervisor else gettext_lazy("Concern to answer"),
            )
        )
    return items


def community_section(community: Any) -> list[Any]:
    """Matters the community is carrying out now, with their tasks done."""
    section = import_string("yishi.web.public_sections.PublicSection")
    matters = list(
        Matter.objects.filter(community=community, status=MatterStatus.IMPLEMENTING).order_by("-updated_at")[:5]
    )
    if not matters:
        return []
    return [section(template_name="implementation/_public_section.html", context={"matters": matters}, order=30)]


def matter_steps(matter: Matter, user: Any) -> list[StepLink]:
    """The page of the matter's work, for the matter's page, once the matter is being carried out."""
    if matter.status not in queries.SHOWN_STATUSES:
        return []
    if matter.status != MatterStatus.IMPLEMENTING and not queries.has_work(matter):
        return []
    return [
        StepLink(
            step=IMPLEMENT,
            title=gettext_lazy("Carrying out: tasks, progress, funds and expenses"),
            url=reverse("implementation:matter", args=[matter.pk]),
            order=40,
        )
    ]


def register() -> None:
    """Register the providers, the timeline kinds and the ledger sheets (called from AppConfig.ready)."""
    from yishi.disclosure import ledgers
    from yishi.implementation import sheets

    import_string("yishi.web.awaiting.register")(awaiting)
    import_string("yishi.web.public_sections.register")(community_section)
    register_steps(matter_steps)
    register_kind("implementation.task_added", gettext_lazy("Task planned"))
    register_kind("implementation.progress", gettext_lazy("Progress on a task"))
    register_kind("implementation.concern", gettext_lazy("The supervision committee raised a concern"))
    register_kind("implementation.accounts", gettext_lazy("Accounts published"))
    register_kind("implementation.work_done", gettext_lazy("Work done, implementation result published"))
    ledgers.register(gettext_lazy("Implementation tasks"), sheets.tasks_sheet, order=60)
    ledgers.register(gettext_lazy("Funds"), sheets.funds_sheet, order=61)
    ledgers.register(gettext_lazy("Expenses"), sheets.expenses_sheet, order=62)

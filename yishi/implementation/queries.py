"""Reads of the implementation step, shared by pages, the API, the front-page hooks and the ledgers."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from yishi.implementation.domain import budget as budget_rules
from yishi.implementation.domain.budget import FundPosition, total
from yishi.implementation.domain.money import tenths
from yishi.implementation.domain.tasks import TaskStatus as TaskStatusName
from yishi.implementation.domain.tasks import work_readiness
from yishi.implementation.models import (
    AccountsPublication,
    BudgetLine,
    Completion,
    Concern,
    Contribution,
    ContributionKind,
    ContributionStage,
    Expense,
    Fund,
    FundKind,
    ProgressUpdate,
    Task,
    TaskStatus,
)
from yishi.matters.models import Matter, MatterStatus
from yishi.matters.permissions import Access, communities_where
from yishi.people.domain.roles import Capability
from yishi.people.models import Person, RoleAssignment
from yishi.people.permissions import today
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place

# Statuses in which a matter has (or had) an implementation page worth showing.
SHOWN_STATUSES = (
    MatterStatus.IMPLEMENTING,
    MatterStatus.EVALUATING,
    MatterStatus.CLOSED,
    MatterStatus.REOPENED,
)


def exact_sum(queryset: QuerySet[Any], field: str) -> Decimal:
    """The exact sum of a money or hours column, added in Python: SQLite sums decimals as binary floats (NUM-4)."""
    return total(value for value in queryset.values_list(field, flat=True) if value is not None)


def fund_position(fund: Fund) -> budget_rules.FundPosition:
    """What the fund was granted, has collected, has allocated to budget lines and has spent."""
    received = Contribution.objects.filter(fund=fund, kind=ContributionKind.MONEY, stage=ContributionStage.RECEIVED)
    return budget_rules.FundPosition(
        granted=fund.granted_amount,
        collected=exact_sum(received, "amount"),
        allocated=exact_sum(BudgetLine.objects.filter(fund=fund), "amount"),
        spent=exact_sum(Expense.objects.filter(budget_line__fund=fund), "amount"),
    )


def spent_on_line(line: BudgetLine) -> Decimal:
    """The exact sum already spent on a budget line."""
    return exact_sum(Expense.objects.filter(budget_line=line), "amount")


def readiness(matter: Matter) -> Any:
    """What still stands between the matter's plan and "work done"."""
    statuses = [
        TaskStatusName(status) for status in Task.objects.filter(matter=matter).values_list("status", flat=True)
    ]
    open_concerns = Concern.objects.filter(matter=matter, answered_at__isnull=True).count()
    return work_readiness(task_statuses=statuses, open_concerns=open_concerns)


def work_figures(matter: Matter) -> dict[str, str]:
    """The totals the implementation result publishes: budget, spending, money given, volunteer hours."""
    totals = contribution_totals(matter)
    return {
        "budget": str(exact_sum(BudgetLine.objects.filter(matter=matter), "amount")),
        "spent": str(exact_sum(Expense.objects.filter(matter=matter), "amount")),
        "money_given": str(totals.money),
        "volunteer_hours": str(totals.hours),
        "contributors": str(totals.contributors),
        "tasks": str(Task.objects.filter(matter=matter).count()),
    }


def get_matter(matter_id: int) -> Matter | None:
    return Matter.objects.select_related("community", "place", "place__parent", "category").filter(pk=matter_id).first()


def has_work(matter: Matter) -> bool:
    """Whether the matter was ever carried out here: a task, a budget line or a completion."""
    return (
        Task.objects.filter(matter=matter).exists()
        or BudgetLine.objects.filter(matter=matter).exists()
        or Completion.objects.filter(matter=matter).exists()
    )


def get_task(task_id: int) -> Task | None:
    return (
        Task.objects.select_related("matter__community", "matter__place", "owner_person", "community")
        .filter(pk=task_id)
        .first()
    )


@dataclass(frozen=True, kw_only=True)
class LineRow:
    line: BudgetLine
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.line.amount - self.spent


@dataclass(frozen=True, kw_only=True)
class ContributionTotals:
    hours: Decimal
    money: Decimal
    materials: int
    pledged_hours: Decimal
    pledged_money: Decimal
    contributors: int


@dataclass(frozen=True, kw_only=True)
class MatterWork:
    """Everything the implementation page of a matter shows."""

    matter: Matter
    tasks: list[Task]
    lines: list[LineRow]
    expenses: list[Expense]
    contributions: list[Contribution]
    totals: ContributionTotals
    concerns: list[Concern]
    accounts: list[AccountsPublication]
    completions: list[Completion]
    readiness: Any
    budget_total: Decimal = field(default=Decimal("0.00"))
    spent_total: Decimal = field(default=Decimal("0.00"))

    @property
    def open_concerns(self) -> list[Concern]:
        return [concern for concern in self.concerns if concern.is_open]


def contribution_totals(matter: Matter) -> ContributionTotals:
    """Hours, money and materials given and pledged, and how many residents gave."""
    rows = Contribution.objects.filter(matter=matter)
    given = rows.filter(stage=ContributionStage.RECEIVED)
    pledged = rows.filter(stage=ContributionStage.PLEDGED)
    return ContributionTotals(
        hours=tenths(exact_sum(given.filter(kind=ContributionKind.LABOUR), "hours")),
        money=exact_sum(given.filter(kind=ContributionKind.MONEY), "amount"),
        materials=given.filter(kind=ContributionKind.MATERIALS).count(),
        pledged_hours=tenths(exact_sum(pledged.filter(kind=ContributionKind.LABOUR), "hours")),
        pledged_money=exact_sum(pledged.filter(kind=ContributionKind.MONEY), "amount"),
        contributors=given.values("person_id").distinct().count(),
    )


def get_matter_work(matter: Matter) -> MatterWork:
    """Tasks with their progress and photos, budget lines with what remains, expenses, contributions, concerns."""
    tasks = list(
        Task.objects.filter(matter=matter)
        .select_related("owner_person")
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=ProgressUpdate.objects.prefetch_related("photos").order_by("-created_at", "-id"),
            )
        )
        .order_by("position", "pk")
    )
    lines = [
        LineRow(line=line, spent=total(expense.amount for expense in line.expenses.all()))
        for line in BudgetLine.objects.filter(matter=matter)
        .select_related("fund")
        .prefetch_related("expenses")
        .order_by("pk")
    ]
    expenses = list(
        Expense.objects.filter(matter=matter)
        .select_related("budget_line__fund", "task")
        .prefetch_related("receipts")
        .order_by("spent_on", "pk")
    )
    concerns = list(
        Concern.objects.filter(matter=matter).select_related("task", "expense").order_by("answered_at", "-raised_at")
    )
    return MatterWork(
        matter=matter,
        tasks=tasks,
        lines=lines,
        expenses=expenses,
        contributions=list(
            Contribution.objects.filter(matter=matter).select_related("person", "fund", "task").order_by("-pledged_at")
        ),
        totals=contribution_totals(matter),
        concerns=concerns,
        accounts=list(
            AccountsPublication.objects.filter(matter=matter).select_related("notice").order_by("-period_end")
        ),
        completions=list(Completion.objects.filter(matter=matter).select_related("notice").order_by("-completed_at")),
        readiness=readiness(matter),
        budget_total=total(row.line.amount for row in lines),
        spent_total=total(expense.amount for expense in expenses),
    )


def list_funds(community: Place) -> list[tuple[Fund, FundPosition]]:
    """The community's funds with their money."""
    return [
        (fund, fund_position(fund))
        for fund in Fund.objects.filter(community=community).select_related("decision").order_by("name", "pk")
    ]


def collecting_funds(community: Place) -> list[Fund]:
    """Residents' contributions funds that may collect money (their assembly decided)."""
    return list(
        Fund.objects.filter(community=community, kind=FundKind.RESIDENTS, decision__isnull=False).order_by("name")
    )


def line_remaining(line: BudgetLine) -> Decimal:
    return line.amount - spent_on_line(line)


def task_owner_choices(community: Place, *, limit: int = 300) -> list[Person]:
    """People who hold a role in the community (staff, building leaders, volunteers…), to own a task."""
    low, high = subtree_bounds(community.path)
    day = today()
    person_ids = (
        RoleAssignment.objects.filter(
            Q(place__path__gte=low, place__path__lt=high) | Q(place_id__in=community.ancestor_ids()),
            starts_on__lte=day,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .values("person_id")
    )
    return list(Person.objects.filter(pk__in=person_ids, is_active=True).order_by("name", "pk")[:limit])


def list_matters_in_work(user: Any, *, limit: int = 100) -> list[Matter]:
    """Matters being carried out (or evaluated) in the communities where the user manages tasks or supervises."""
    communities: list[Place] = []
    for capability in (Capability.MANAGE_TASKS, Capability.RECORD_EXPENSE, Capability.SUPERVISE):
        communities.extend(communities_where(user, capability))
    if not communities:
        return []
    return list(
        Matter.objects.filter(
            community__in={place.pk for place in communities},
            status__in=(MatterStatus.IMPLEMENTING, MatterStatus.EVALUATING),
        )
        .select_related("community", "place")
        .annotate(
            task_count=Count("implementation_tasks", distinct=True),
            open_concerns=Count(
                "implementation_concerns",
                filter=Q(implementation_concerns__answered_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("status", "-updated_at")[:limit]
    )


def my_open_tasks(person_id: int | None) -> QuerySet[Task]:
    """Tasks the person is responsible for that are not done, on matters still being carried out."""
    if person_id is None:
        return Task.objects.none()
    return (
        Task.objects.filter(owner_person_id=person_id, matter__status=MatterStatus.IMPLEMENTING)
        .exclude(status=TaskStatus.DONE)
        .select_related("matter")
        .order_by("due_on", "pk")
    )


def open_concerns_in(communities: QuerySet[Place]) -> QuerySet[Concern]:
    """Unanswered concerns in the given communities, oldest first."""
    return (
        Concern.objects.filter(community__in=communities, answered_at__isnull=True)
        .select_related("matter", "task", "expense")
        .order_by("raised_at", "pk")
    )


def matters_to_plan(communities: QuerySet[Place]) -> QuerySet[Matter]:
    """Decided matters being carried out that have no task yet."""
    return (
        Matter.objects.filter(community__in=communities, status=MatterStatus.IMPLEMENTING)
        .annotate(task_count=Count("implementation_tasks"))
        .filter(task_count=0)
        .order_by("updated_at", "pk")
    )


def volunteer_hours(community: Place, start: datetime.date, end: datetime.date) -> Decimal:
    """Volunteer hours given to the community's matters in a period (both days included), for the index."""
    low, high = _day_bounds(start, end)
    given = Contribution.objects.filter(
        community=community,
        kind=ContributionKind.LABOUR,
        stage=ContributionStage.RECEIVED,
        received_at__gte=low,
        received_at__lt=high,
    )
    return tenths(exact_sum(given, "hours"))


def _day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    # Days are Asia/Shanghai days: a gift at 23:30 local time belongs to that day, not the next UTC day.
    zone = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return low, high


def tasks_in_period(community: Place, start: datetime.date, end: datetime.date) -> QuerySet[Task]:
    """Tasks of the community's matters that ran during the period (started by its end, due after its start)."""
    return (
        Task.objects.filter(community=community, starts_on__lte=end, due_on__gte=start)
        .select_related("matter", "owner_person")
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.filter(stage=ContributionStage.RECEIVED, kind=ContributionKind.LABOUR),
                to_attr="labour_given",
            )
        )
        .order_by("matter_id", "position", "pk")
    )


def expenses_in_period(community: Place, start: datetime.date, end: datetime.date) -> QuerySet[Expense]:
    return (
        Expense.objects.filter(community=community, spent_on__gte=start, spent_on__lte=end)
        .select_related("matter", "budget_line__fund", "recorded_by__person")
        .prefetch_related("receipts")
        .order_by("spent_on", "pk")
    )


def funds_of(community: Place, end: datetime.date) -> list[tuple[Fund, FundPosition]]:
    """The community's funds that existed by the end of the period, with their money."""
    _low, high = _day_bounds(end, end)
    return [
        (fund, fund_position(fund))
        for fund in Fund.objects.filter(community=community, created_at__lt=high).select_related("decision")
    ]


def may_see_in_full(user: Any, matter: Matter) -> bool:
    """Staff of the matter, its supervisors and the proposer see names of contributors, receipts and concerns."""
    return Access(user).sees_in_full(matter)

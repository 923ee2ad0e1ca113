"""The implementation step in the JSON API: read a matter's work; plan tasks, record progress, pledge, manage funds,
budget lines and expenses, flag and answer concerns, publish the accounts and declare the work done.

Reading a matter's work is public (as on the page) and shows no names of contributors; writes need a session or a
bearer token and go through the same actions as the pages. Amounts are strings of yuan ("1200.50"), never floats.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from yishi.audit.actions import Actor
from yishi.audit.errors import NotFound
from yishi.audit.models import Channel
from yishi.decisions.models import Vote
from yishi.implementation import actions, queries
from yishi.implementation.models import BudgetLine, Concern, Contribution, Expense, Fund, Task
from yishi.matters.models import Matter
from yishi.people.models import Person
from yishi.places.models import Place

router = Router(tags=["implementation"])


def _actor(request: HttpRequest, role: str = "") -> Actor:
    return Actor(user=request.user, acting_role=role, channel=Channel.API)  # type: ignore[arg-type]


def _matter(matter_id: int) -> Matter:
    matter = queries.get_matter(matter_id)
    if matter is None or matter.status not in queries.SHOWN_STATUSES:
        raise NotFound()
    return matter


def _reader(request: HttpRequest) -> Any:
    """Anyone may read; a bearer token, when sent, must be valid and identifies the reader."""
    from yishi.api import TokenAuth

    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return TokenAuth().authenticate(request, header.removeprefix("Bearer ").strip())
    return request.user


class TaskOut(Schema):
    id: int
    title: str
    description: str
    owner: str
    starts_on: datetime.date
    due_on: datetime.date
    status: str
    status_label: str
    progress_updates: int


class LineOut(Schema):
    id: int
    item: str
    fund: str
    amount: str
    spent: str
    remaining: str


class ExpenseOut(Schema):
    id: int
    budget_line_id: int
    description: str
    payee: str
    amount: str
    spent_on: datetime.date


class ConcernOut(Schema):
    id: int
    target: str
    text: str
    raised_at: datetime.datetime
    answer: str
    answered_at: datetime.datetime | None


class ContributionTotalsOut(Schema):
    hours: str
    money: str
    materials: int
    pledged_hours: str
    pledged_money: str
    contributors: int


class WorkOut(Schema):
    matter_id: int
    title: str
    status: str
    tasks: list[TaskOut]
    budget_lines: list[LineOut]
    expenses: list[ExpenseOut]
    contributions: ContributionTotalsOut
    budget_total: str
    spent_total: str
    ready_for_work_done: bool
    concerns: list[ConcernOut] | None


def _task_out(task: Task) -> dict[str, Any]:
    return {
        "id": task.pk,
        "title": task.title,
        "description": task.description,
        "owner": task.owner_label,
        "starts_on": task.starts_on,
        "due_on": task.due_on,
        "status": task.status,
        "status_label": str(task.get_status_display()),
        "progress_updates": len(task.progress.all()),
    }


def _expense_out(expense: Expense) -> dict[str, Any]:
    return {
        "id": expense.pk,
        "budget_line_id": expense.budget_line_id,
        "description": expense.description,
        "payee": expense.payee,
        "amount": str(expense.amount),
        "spent_on": expense.spent_on,
    }


def _concern_out(concern: Concern) -> dict[str, Any]:
    return {
        "id": concern.pk,
        "target": concern.target_label,
        "text": concern.text,
        "raised_at": concern.raised_at,
        "answer": concern.answer,
        "answered_at": concern.answered_at,
    }


@router.get("/matters/{matter_id}", response=WorkOut, auth=None, summary="A matter's work")
def get_work(request: HttpRequest, matter_id: int) -> dict[str, Any]:
    """Tasks, budget lines with what remains, expenses and contribution totals; concerns for the matter's staff."""
    matter = _matter(matter_id)
    work = queries.get_matter_work(matter)
    reader = _reader(request)
    full = reader is not None and queries.may_see_in_full(reader, matter)
    totals = work.totals
    return {
        "matter_id": matter.pk,
        "title": matter.title,
        "status": matter.status,
        "tasks": [_task_out(task) for task in work.tasks],
        "budget_lines": [
            {
                "id": row.line.pk,
                "item": row.line.item,
                "fund": row.line.fund.name,
                "amount": str(row.line.amount),
                "spent": str(row.spent),
                "remaining": str(row.remaining),
            }
            for row in work.lines
        ],
        "expenses": [_expense_out(expense) for expense in work.expenses],
        "contributions": {
            "hours": str(totals.hours),
            "money": str(totals.money),
            "materials": totals.materials,
            "pledged_hours": str(totals.pledged_hours),
            "pledged_money": str(totals.pledged_money),
            "contributors": totals.contributors,
        },
        "budget_total": str(work.budget_total),
        "spent_total": str(work.spent_total),
        "ready_for_work_done": work.readiness.is_ready,
        "concerns": [_concern_out(concern) for concern in work.concerns] if full else None,
    }


class TaskIn(Schema):
    title: str
    description: str = ""
    owner_person_id: int | None = None
    owner_body: str = ""
    starts_on: datetime.date
    due_on: datetime.date


@router.post("/matters/{matter_id}/tasks", response={201: TaskOut}, summary="Add a task")
def add_task(request: HttpRequest, matter_id: int, payload: TaskIn) -> tuple[int, dict[str, Any]]:
    owner = Person.objects.filter(pk=payload.owner_person_id).first() if payload.owner_person_id else None
    if payload.owner_person_id and owner is None:
        raise NotFound()
    task = actions.add_task(
        actor=_actor(request, "staff"),
        matter=_matter(matter_id),
        draft=actions.TaskDraft(
            title=payload.title,
            description=payload.description,
            starts_on=payload.starts_on,
            due_on=payload.due_on,
            owner_person=owner,
            owner_body=payload.owner_body,
        ),
    )
    return 201, _task_out(task)


class StatusIn(Schema):
    status: str


@router.post("/tasks/{task_id}/status", response=TaskOut, summary="Change a task's status")
def set_status(request: HttpRequest, task_id: int, payload: StatusIn) -> dict[str, Any]:
    task = actions.set_task_status(
        actor=_actor(request, "staff"), task=get_object_or_404(Task, pk=task_id), status=payload.status
    )
    return _task_out(task)


class ProgressIn(Schema):
    text: str
    status: str = ""


class ProgressOut(Schema):
    id: int
    task_id: int
    text: str
    status_after: str
    created_at: datetime.datetime


@router.post("/tasks/{task_id}/progress", response={201: ProgressOut}, summary="Record progress (no photos)")
def add_progress(request: HttpRequest, task_id: int, payload: ProgressIn) -> tuple[int, dict[str, Any]]:
    update = actions.add_progress(
        actor=_actor(request, "staff"),
        task=get_object_or_404(Task, pk=task_id),
        text=payload.text,
        status=payload.status,
    )
    return 201, {
        "id": update.pk,
        "task_id": update.task_id,
        "text": update.text,
        "status_after": update.status_after,
        "created_at": update.created_at,
    }


class ContributionIn(Schema):
    kind: str
    hours: str | None = None
    amount: str | None = None
    fund_id: int | None = None
    material_description: str = ""
    quantity: str | None = None
    unit: str = ""
    task_id: int | None = None
    note: str = ""
    voluntary: bool = False


class AssistedContributionIn(ContributionIn):
    person_id: int
    received: bool = False
    reference: str = ""


class ContributionOut(Schema):
    id: int
    kind: str
    stage: str
    figure: str
    channel: str


def _contribution_draft(payload: ContributionIn) -> actions.ContributionDraft:
    return actions.ContributionDraft(
        kind=payload.kind,
        hours=payload.hours,
        amount=payload.amount,
        fund=Fund.objects.select_related("community", "decision").filter(pk=payload.fund_id).first()
        if payload.fund_id
        else None,
        material_description=payload.material_description,
        quantity=payload.quantity,
        unit=payload.unit,
        task=Task.objects.filter(pk=payload.task_id).first() if payload.task_id else None,
        note=payload.note,
    )


def _contribution_out(item: Contribution) -> dict[str, Any]:
    return {"id": item.pk, "kind": item.kind, "stage": item.stage, "figure": item.figure, "channel": item.channel}


@router.post("/matters/{matter_id}/pledges", response={201: ContributionOut}, summary="Pledge as a resident")
def pledge(request: HttpRequest, matter_id: int, payload: ContributionIn) -> tuple[int, dict[str, Any]]:
    item = actions.pledge(
        actor=_actor(request, "resident"),
        matter=_matter(matter_id),
        draft=_contribution_draft(payload),
        voluntary=payload.voluntary,
    )
    return 201, _contribution_out(item)


@router.post(
    "/matters/{matter_id}/contributions", response={201: ContributionOut}, summary="Record a contribution (assisted)"
)
def record_contribution(
    request: HttpRequest, matter_id: int, payload: AssistedContributionIn
) -> tuple[int, dict[str, Any]]:
    item = actions.record_contribution(
        actor=Actor(user=request.user, acting_role="staff", channel=Channel.ASSISTED),  # type: ignore[arg-type]
        matter=_matter(matter_id),
        person=get_object_or_404(Person, pk=payload.person_id),
        draft=_contribution_draft(payload),
        voluntary=payload.voluntary,
        received=payload.received,
        reference=payload.reference,
    )
    return 201, _contribution_out(item)


@router.post("/contributions/{contribution_id}/receive", response=ContributionOut, summary="Mark a pledge as given")
def receive(request: HttpRequest, contribution_id: int) -> dict[str, Any]:
    item = actions.receive_contribution(
        actor=_actor(request, "staff"), contribution=get_object_or_404(Contribution, pk=contribution_id)
    )
    return _contribution_out(item)


class FundIn(Schema):
    community_id: int
    kind: str
    name: str
    granted_amount: str = "0"
    source_note: str = ""
    decision_vote_id: int | None = None


class FundOut(Schema):
    id: int
    name: str
    kind: str
    granted: str
    collected: str
    allocated: str
    spent: str
    available: str
    decision_vote_id: int | None


def _fund_out(fund: Fund) -> dict[str, Any]:
    position = queries.fund_position(fund)
    return {
        "id": fund.pk,
        "name": fund.name,
        "kind": fund.kind,
        "granted": str(position.granted),
        "collected": str(position.collected),
        "allocated": str(position.allocated),
        "spent": str(position.spent),
        "available": str(position.available),
        "decision_vote_id": fund.decision_id,
    }


@router.post("/funds", response={201: FundOut}, summary="Register a fund")
def create_fund(request: HttpRequest, payload: FundIn) -> tuple[int, dict[str, Any]]:
    fund = actions.create_fund(
        actor=_actor(request, "staff"),
        community=get_object_or_404(Place, pk=payload.community_id),
        kind=payload.kind,
        name=payload.name,
        granted_amount=payload.granted_amount,
        source_note=payload.source_note,
        decision=get_object_or_404(Vote, pk=payload.decision_vote_id) if payload.decision_vote_id else None,
    )
    return 201, _fund_out(fund)


@router.get("/communities/{community_id}/funds", response=list[FundOut], summary="A community's funds")
def list_funds(request: HttpRequest, community_id: int) -> list[dict[str, Any]]:
    community = get_object_or_404(Place, pk=community_id)
    return [_fund_out(fund) for fund, _position in queries.list_funds(community)]


class DecisionIn(Schema):
    decision_vote_id: int


@router.post("/funds/{fund_id}/decision", response=FundOut, summary="Link the assembly decision (JW-11)")
def link_decision(request: HttpRequest, fund_id: int, payload: DecisionIn) -> dict[str, Any]:
    fund = actions.link_fund_decision(
        actor=_actor(request, "staff"),
        fund=get_object_or_404(Fund, pk=fund_id),
        decision=get_object_or_404(Vote, pk=payload.decision_vote_id),
    )
    return _fund_out(fund)


class LineIn(Schema):
    fund_id: int
    item: str
    amount: str


@router.post("/matters/{matter_id}/budget-lines", response={201: LineOut}, summary="Add a budget line")
def add_line(request: HttpRequest, matter_id: int, payload: LineIn) -> tuple[int, dict[str, Any]]:
    line = actions.add_budget_line(
        actor=_actor(request, "staff"),
        matter=_matter(matter_id),
        fund=get_object_or_404(Fund, pk=payload.fund_id),
        item=payload.item,
        amount=payload.amount,
    )
    return 201, {
        "id": line.pk,
        "item": line.item,
        "fund": line.fund.name,
        "amount": str(line.amount),
        "spent": "0.00",
        "remaining": str(line.amount),
    }


class ExpenseIn(Schema):
    budget_line_id: int
    amount: str
    description: str
    spent_on: datetime.date
    payee: str = ""
    task_id: int | None = None


@router.post("/expenses", response={201: ExpenseOut}, summary="Record an expense (receipts on the page)")
def record_expense(request: HttpRequest, payload: ExpenseIn) -> tuple[int, dict[str, Any]]:
    expense = actions.record_expense(
        actor=_actor(request, "staff"),
        budget_line=get_object_or_404(BudgetLine, pk=payload.budget_line_id),
        amount=payload.amount,
        description=payload.description,
        spent_on=payload.spent_on,
        payee=payload.payee,
        task=Task.objects.filter(pk=payload.task_id).first() if payload.task_id else None,
    )
    return 201, _expense_out(expense)


class ConcernIn(Schema):
    text: str
    task_id: int | None = None
    expense_id: int | None = None


@router.post("/concerns", response={201: ConcernOut}, summary="Flag a concern (supervision committee)")
def flag_concern(request: HttpRequest, payload: ConcernIn) -> tuple[int, dict[str, Any]]:
    concern = actions.flag_concern(
        actor=_actor(request, "supervision_member"),
        text=payload.text,
        task=get_object_or_404(Task, pk=payload.task_id) if payload.task_id else None,
        expense=get_object_or_404(Expense, pk=payload.expense_id) if payload.expense_id else None,
    )
    return 201, _concern_out(concern)


class AnswerIn(Schema):
    answer: str


@router.post("/concerns/{concern_id}/answer", response=ConcernOut, summary="Answer a concern")
def answer_concern(request: HttpRequest, concern_id: int, payload: AnswerIn) -> dict[str, Any]:
    concern = actions.answer_concern(
        actor=_actor(request, "staff"),
        concern=get_object_or_404(Concern.objects.select_related("task", "expense"), pk=concern_id),
        answer=payload.answer,
    )
    return _concern_out(concern)


class PeriodIn(Schema):
    start: datetime.date
    end: datetime.date


class PublishedOut(Schema):
    notice_id: int
    notice_url: str
    income: str | None = None
    spending: str | None = None


@router.post("/matters/{matter_id}/accounts", response={201: PublishedOut}, summary="Publish the accounts")
def publish_accounts(request: HttpRequest, matter_id: int, payload: PeriodIn) -> tuple[int, dict[str, Any]]:
    publication = actions.publish_accounts(
        actor=_actor(request, "staff"), matter=_matter(matter_id), start=payload.start, end=payload.end
    )
    return 201, {
        "notice_id": publication.notice_id,
        "notice_url": publication.notice.get_absolute_url(),
        "income": str(publication.income),
        "spending": str(publication.spending),
    }


class DoneIn(Schema):
    summary: str


@router.post("/matters/{matter_id}/work-done", response={201: PublishedOut}, summary="Declare the work done")
def work_done(request: HttpRequest, matter_id: int, payload: DoneIn) -> tuple[int, dict[str, Any]]:
    completion = actions.complete_work(
        actor=_actor(request, "staff"), matter=_matter(matter_id), summary=payload.summary
    )
    return 201, {"notice_id": completion.notice_id, "notice_url": completion.notice.get_absolute_url()}

"""Writes of the implementation step (民事民办). Each checks permission and the matter's state, calls the domain,
saves, appends the audit record and, where residents should hear of it, a step on the matter's timeline.

Who may do what (yishi.people.domain.roles):
- MANAGE_TASKS (two committees, social workers) plans tasks, records progress and declares the work done; the
  person responsible for a task may record its progress and status too;
- RECORD_EXPENSE (two-committee members, party secretary) manages funds and budget lines, spends, receives money
  and publishes the accounts;
- SUPERVISE (the supervision committee, street and district officers) flags concerns, which staff answer;
- residents pledge online; RECORD_FOR_RESIDENT staff record a pledge or gift for a resident (assisted).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit, snapshot
from yishi.audit.errors import ActionError, NotFound, NotPermitted
from yishi.audit.models import Channel
from yishi.decisions.models import Result, Vote, VoteStatus
from yishi.disclosure.actions import publish_for
from yishi.disclosure.models import NoticeKind
from yishi.implementation.domain import budget as budget_rules
from yishi.implementation.domain import funds as fund_rules
from yishi.implementation.domain.money import AmountError, AmountProblem, parse_hours, parse_money, parse_quantity
from yishi.implementation.domain.tasks import NotReady, may_move
from yishi.implementation.domain.tasks import TaskStatus as TaskStatusName
from yishi.implementation.models import (
    AccountsPublication,
    BudgetLine,
    Completion,
    Concern,
    Contribution,
    ContributionChannel,
    ContributionKind,
    ContributionStage,
    Expense,
    Fund,
    FundKind,
    ProgressPhoto,
    ProgressUpdate,
    Receipt,
    Task,
    TaskStatus,
)
from yishi.implementation.queries import fund_position, readiness, spent_on_line, work_figures
from yishi.matters.actions import advance_matter
from yishi.matters.events import record_event
from yishi.matters.images import SanitisedImage, sanitise_image
from yishi.matters.models import Matter, MatterStatus
from yishi.people.domain.roles import Capability
from yishi.people.models import Person
from yishi.people.permissions import can, require
from yishi.places.models import Place, PlaceKind

TITLE_MAX = 100
TEXT_MAX = 2000
NOTE_MAX = 200
MAX_PHOTOS = 6
# An accounts period longer than a year is not "prompt" publication (JW-11 及时公布; CW-26 monthly or quarterly).
ACCOUNTS_PERIOD_MAX_DAYS = 366

_TASK_AUDITED = ("title", "description", "owner_person", "owner_body", "starts_on", "due_on", "status")
_FUND_AUDITED = ("community", "kind", "name", "source_note", "granted_amount", "decision")

AMOUNT_MESSAGES = {
    AmountProblem.INVALID: _("Write the %(what)s as a number, such as 1200.50."),
    AmountProblem.NOT_POSITIVE: _("The %(what)s must be more than zero."),
    AmountProblem.NEGATIVE: _("The %(what)s cannot be negative."),
    AmountProblem.PRECISION: _("The %(what)s has too many decimal places."),
    AmountProblem.TOO_LARGE: _("The %(what)s is implausibly large."),
}


def _amount(parse: Any, raw: object, *, what: str, field: str) -> Decimal:
    try:
        value: Decimal = parse(raw)
    except AmountError as error:
        raise ActionError(
            AMOUNT_MESSAGES[error.problem] % {"what": what}, code=f"{field}_{error.problem}", field=field
        ) from error
    return value


def money(raw: object, *, field: str = "amount") -> Decimal:
    """A positive sum of yuan from a form or the API, or a translated refusal."""
    return _amount(parse_money, raw, what=gettext("amount"), field=field)


def _text(raw: str, *, field: str, limit: int, required: bool, empty_message: str) -> str:
    text = raw.strip()
    if required and not text:
        raise ActionError(empty_message, code=f"{field}_empty", field=field)
    if len(text) > limit:
        raise ActionError(
            gettext("This text is longer than %(limit)s characters.") % {"limit": limit},
            code=f"{field}_long",
            field=field,
        )
    return text


# --- access ---------------------------------------------------------------------------------------------


def _user(actor: Actor) -> Any:
    if actor.user is None or not actor.user.is_authenticated:
        raise NotPermitted(_("Sign in first."))
    return actor.user


def _may(actor: Actor, capability: Capability, place: Place) -> bool:
    return actor.user is not None and can(actor.user, capability, place)  # type: ignore[arg-type]


def _require(actor: Actor, capability: Capability, place: Place) -> None:
    require(_user(actor), capability, place)


def _locked_matter(matter: Matter) -> Matter:
    fresh = (
        Matter.objects.select_for_update(of=("self",)).select_related("community", "place").filter(pk=matter.pk).first()
    )
    if fresh is None:
        raise NotFound(_("This matter no longer exists."))
    return fresh


def _require_implementing(matter: Matter) -> None:
    if matter.status != MatterStatus.IMPLEMENTING:
        raise ActionError(
            _("This matter is not being carried out now (its status is “%(status)s”).")
            % {"status": matter.get_status_display()},
            code="matter_not_implementing",
        )


def is_task_owner(actor: Actor, task: Task) -> bool:
    """The person responsible for the task acts on it as themselves."""
    user = actor.user
    return user is not None and user.person_id is not None and task.owner_person_id == user.person_id


def _require_task_hand(actor: Actor, task: Task) -> None:
    """Staff who manage tasks, or the task's responsible person."""
    _user(actor)
    if not (is_task_owner(actor, task) or _may(actor, Capability.MANAGE_TASKS, task.matter.place)):
        raise NotPermitted()


def _publisher(actor: Actor, place: Place) -> Actor:
    # The step's own permission was checked; staff who may also publish sign the notice, otherwise the workflow
    # publishes it as the system (disclosure's documented use of Actor.system()).
    if _may(actor, Capability.PUBLISH_NOTICE, place):
        return actor
    return Actor.system()


# --- photos ---------------------------------------------------------------------------------------------


def _clean_photos(photos: Sequence[IO[bytes] | bytes], *, field: str) -> list[SanitisedImage]:
    if len(photos) > MAX_PHOTOS:
        raise ActionError(
            gettext("At most %(limit)s photos at a time.") % {"limit": MAX_PHOTOS},
            code="too_many_photos",
            field=field,
        )
    return [sanitise_image(photo, field=field) for photo in photos]


def _store(rows: Iterable[tuple[Any, SanitisedImage]]) -> list[Any]:
    stored: list[Any] = []
    try:
        for row, image in rows:
            row.content_type = image.content_type
            row.width = image.width
            row.height = image.height
            row.size_bytes = len(image.content)
            row.image.save(image.file_name, ContentFile(image.content), save=False)
            stored.append(row)
            row.save()
    except Exception:
        _delete_files(stored)
        raise
    return stored


def _delete_files(rows: Iterable[Any]) -> None:
    # The rows roll back with the transaction; the files on disk must go too ("nothing written").
    for row in rows:
        row.image.delete(save=False)


# --- tasks ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TaskDraft:
    """A step of the plan as staff write it down."""

    title: str
    description: str
    starts_on: datetime.date | None
    due_on: datetime.date | None
    owner_person: Person | None = None
    owner_body: str = ""


def _clean_task(draft: TaskDraft, *, community: Place) -> tuple[str, str, str, datetime.date, datetime.date]:
    title = " ".join(draft.title.split())
    if not title:
        raise ActionError(_("Give the task a short title."), code="task_title_empty", field="title")
    if len(title) > TITLE_MAX:
        raise ActionError(
            _("The title is longer than %(limit)s characters.") % {"limit": TITLE_MAX},
            code="task_title_long",
            field="title",
        )
    description = _text(draft.description, field="description", limit=TEXT_MAX, required=False, empty_message="")
    body = " ".join(draft.owner_body.split())
    if len(body) > 100:
        raise ActionError(_("Name the body in at most 100 characters."), code="task_body_long", field="owner_body")
    if draft.owner_person is None and not body:
        raise ActionError(
            _("Say who carries the task out: a person, a body (such as the property company), or both."),
            code="task_owner_missing",
            field="owner_body",
        )
    if draft.owner_person is not None and not draft.owner_person.is_active:
        raise ActionError(_("This person is no longer active."), code="task_owner_inactive", field="owner_person")
    if draft.starts_on is None:
        raise ActionError(_("Give the day the task starts."), code="task_start_missing", field="starts_on")
    if draft.due_on is None:
        raise ActionError(_("Give the day the task is due."), code="task_due_missing", field="due_on")
    if draft.due_on < draft.starts_on:
        raise ActionError(_("The task cannot be due before it starts."), code="task_due_before_start", field="due_on")
    return title, description, body, draft.starts_on, draft.due_on


@transaction.atomic
def add_task(*, actor: Actor, matter: Matter, draft: TaskDraft) -> Task:
    """Staff turn the decided plan into a task with its owner and dates."""
    matter = _locked_matter(matter)
    _require(actor, Capability.MANAGE_TASKS, matter.place)
    _require_implementing(matter)
    title, description, body, starts_on, due_on = _clean_task(draft, community=matter.community)
    position = Task.objects.filter(matter=matter).count() + 1
    task = Task.objects.create(
        matter=matter,
        community=matter.community,
        title=title,
        description=description,
        owner_person=draft.owner_person,
        owner_body=body,
        starts_on=starts_on,
        due_on=due_on,
        position=position,
        created_by=actor.user,
    )
    record_audit(
        actor=actor, verb="task.add", target=task, place=matter.place, changes=diff({}, snapshot(task, _TASK_AUDITED))
    )
    record_event(
        matter=matter,
        kind="implementation.task_added",
        actor=actor,
        title=title,
        url=task.get_absolute_url(),
        data={"task_id": task.pk, "due_on": due_on.isoformat()},
        sms=False,
    )
    return task


def _locked_task(task: Task) -> Task:
    fresh = Task.objects.select_for_update(of=("self",)).select_related("matter__place", "matter__community")
    found = fresh.filter(pk=task.pk).first()
    if found is None:
        raise NotFound(_("This task no longer exists."))
    return found


def _move_task(task: Task, status: str) -> None:
    if status not in TaskStatus.values:
        raise ActionError(_("Choose a status from the list."), code="task_status_unknown", field="status")
    if status == task.status:
        return
    if not may_move(from_status=TaskStatusName(task.status), to_status=TaskStatusName(status)):
        raise ActionError(
            _("A task cannot go from “%(from)s” to “%(to)s”.")
            % {"from": task.get_status_display(), "to": TaskStatus(status).label},
            code="task_move_not_allowed",
            field="status",
        )
    task.status = status
    task.completed_at = timezone.now() if status == TaskStatus.DONE else None
    task.save(update_fields=["status", "completed_at", "updated_at"])


@transaction.atomic
def set_task_status(*, actor: Actor, task: Task, status: str) -> Task:
    """Staff or the responsible person move a task along (planned, in progress, done, blocked)."""
    task = _locked_task(task)
    _require_task_hand(actor, task)
    matter = _locked_matter(task.matter)
    _require_implementing(matter)
    before = snapshot(task, _TASK_AUDITED)
    _move_task(task, status)
    changes = diff(before, snapshot(task, _TASK_AUDITED))
    if changes:
        record_audit(actor=actor, verb="task.status", target=task, place=matter.place, changes=changes)
    return task


@transaction.atomic
def add_progress(
    *,
    actor: Actor,
    task: Task,
    text: str,
    status: str = "",
    photos: Sequence[IO[bytes] | bytes] = (),
) -> ProgressUpdate:
    """Record what was done on a task, with photos (sanitised) and optionally its new status; residents see it."""
    task = _locked_task(task)
    _require_task_hand(actor, task)
    matter = _locked_matter(task.matter)
    _require_implementing(matter)
    text = _text(text, field="text", limit=TEXT_MAX, required=True, empty_message=gettext("Say what was done."))
    images = _clean_photos(photos, field="photos")
    before = snapshot(task, _TASK_AUDITED)
    if status:
        _move_task(task, status)
    update = ProgressUpdate.objects.create(
        task=task,
        text=text,
        status_after=task.status if status else "",
        channel=actor.channel,
        recorded_by=actor.user,
        author_name=actor.name[:100],
    )
    stored = _store((ProgressPhoto(update=update), image) for image in images)
    try:
        record_audit(
            actor=actor,
            verb="task.progress",
            target=task,
            place=matter.place,
            changes={**diff(before, snapshot(task, _TASK_AUDITED)), "photos": [0, len(stored)]},
            note=text[:200],
        )
        record_event(
            matter=matter,
            kind="implementation.progress",
            actor=actor,
            title=task.title,
            text=text,
            url=task.get_absolute_url(),
            data={"task_id": task.pk, "photos": len(stored)},
            sms=False,
        )
    except Exception:
        _delete_files(stored)
        raise
    return update


# --- funds, budget lines, expenses ------------------------------------------------------------------------


def _check_decision(vote: Vote, community: Place) -> None:
    result = Result.objects.filter(vote=vote).first()
    counted = vote.status in (VoteStatus.COUNTED, VoteStatus.PUBLISHED) and result is not None
    if vote.community_id != community.pk:
        raise ActionError(
            _("The decision must be one of this community's own votes."),
            code="fund_decision_elsewhere",
            field="decision",
        )
    if not fund_rules.decision_authorises(
        basis=vote.basis,
        is_rural=community.is_rural,
        counted=counted,
        valid=bool(result and result.valid),
        passed=bool(result and result.passed),
    ):
        if community.is_rural:
            message = _(
                "Raising money from villagers needs a counted and passed resolution of the villagers' assembly "
                "(or of the representatives it authorised)."
            )
        else:
            message = _(
                "Raising money from residents needs a counted and passed decision of the residents' assembly "
                "(居民会议), under Art. 16 of the Residents' Committees Organic Law."
            )
        raise ActionError(message, code="fund_decision_not_authorising", field="decision")


@transaction.atomic
def create_fund(
    *,
    actor: Actor,
    community: Place,
    kind: str,
    name: str,
    granted_amount: object = "0",
    source_note: str = "",
    decision: Vote | None = None,
) -> Fund:
    """Staff register a fund of the community: a grant, the self-governance fund, a foundation, a reward, or
    residents' contributions (which may collect money only with their assembly's decision, JW-11)."""
    if community.kind != PlaceKind.COMMUNITY:
        raise ActionError(_("Funds belong to a community."), code="fund_not_community", field="community")
    _require(actor, Capability.RECORD_EXPENSE, community)
    if kind not in FundKind.values:
        raise ActionError(_("Choose the kind of fund."), code="fund_kind_unknown", field="kind")
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise ActionError(_("Name the fund (at most 100 characters)."), code="fund_name", field="name")
    if Fund.objects.filter(community=community, name=name).exists():
        raise ActionError(_("The community already has a fund of this name."), code="fund_name_taken", field="name")
    note = _text(source_note, field="source_note", limit=NOTE_MAX, required=False, empty_message="")
    is_residents = fund_rules.collects_from_residents(fund_rules.FundKind(kind))
    granted = budget_rules.total([])
    if str(granted_amount or "").strip() not in ("", "0", "0.00"):
        if is_residents:
            raise ActionError(
                _("A residents' contributions fund holds only what residents give; it has no granted amount."),
                code="fund_residents_granted",
                field="granted_amount",
            )
        granted = _amount(
            lambda raw: parse_money(raw, allow_zero=True),
            granted_amount,
            what=gettext("amount granted"),
            field="granted_amount",
        )
    if decision is not None:
        _check_decision(decision, community)
    fund = Fund.objects.create(
        community=community,
        kind=kind,
        name=name,
        source_note=note,
        granted_amount=granted,
        decision=decision,
        created_by=actor.user,
    )
    record_audit(
        actor=actor, verb="fund.create", target=fund, place=community, changes=diff({}, snapshot(fund, _FUND_AUDITED))
    )
    return fund


@transaction.atomic
def link_fund_decision(*, actor: Actor, fund: Fund, decision: Vote) -> Fund:
    """Link the assembly decision that allows a residents' contributions fund to collect money (JW-11)."""
    fund = Fund.objects.select_for_update(of=("self",)).select_related("community").get(pk=fund.pk)
    _require(actor, Capability.RECORD_EXPENSE, fund.community)
    if fund.kind != FundKind.RESIDENTS:
        raise ActionError(
            _("Only a residents' contributions fund needs an assembly decision."),
            code="fund_decision_not_needed",
            field="decision",
        )
    _check_decision(decision, fund.community)
    before = snapshot(fund, _FUND_AUDITED)
    fund.decision = decision
    fund.save(update_fields=["decision"])
    record_audit(
        actor=actor,
        verb="fund.link_decision",
        target=fund,
        place=fund.community,
        changes=diff(before, snapshot(fund, _FUND_AUDITED)),
    )
    return fund


def _require_may_collect(fund: Fund) -> None:
    if fund.kind != FundKind.RESIDENTS:
        raise ActionError(
            _("Money from residents goes into a residents' contributions fund."),
            code="contribution_fund_kind",
            field="fund",
        )
    if fund.decision is None:
        raise ActionError(
            _(
                "This fund cannot collect money yet: raising money from residents needs a passed decision of "
                "their assembly first (Art. 16 of the Residents' Committees Organic Law)."
            ),
            code="fund_not_authorised",
            field="fund",
        )
    _check_decision(fund.decision, fund.community)


@transaction.atomic
def add_budget_line(*, actor: Actor, matter: Matter, fund: Fund, item: str, amount: object) -> BudgetLine:
    """Allocate part of a fund to the matter's work; never more than the fund still has unallocated."""
    matter = _locked_matter(matter)
    _require(actor, Capability.RECORD_EXPENSE, matter.place)
    _require_implementing(matter)
    fund = Fund.objects.select_for_update(of=("self",)).get(pk=fund.pk)
    if fund.community_id != matter.community_id:
        raise ActionError(_("Choose a fund of the matter's community."), code="budget_fund_elsewhere", field="fund")
    item = " ".join(item.split())
    if not item or len(item) > 100:
        raise ActionError(_("Name the budget line (at most 100 characters)."), code="budget_item", field="item")
    value = money(amount)
    position = fund_position(fund)
    if not position.fits(value):
        raise ActionError(
            gettext(
                "The fund “%(fund)s” has ¥%(available)s left to allocate (¥%(granted)s granted, ¥%(collected)s "
                "collected, ¥%(allocated)s already allocated); ¥%(amount)s is ¥%(excess)s too much."
            )
            % {
                "fund": fund.name,
                "available": position.available,
                "granted": position.granted,
                "collected": position.collected,
                "allocated": position.allocated,
                "amount": value,
                "excess": value - position.available,
            },
            code="budget_over_fund",
            field="amount",
        )
    line = BudgetLine.objects.create(matter=matter, fund=fund, item=item, amount=value, created_by=actor.user)
    record_audit(
        actor=actor,
        verb="budget.add",
        target=line,
        place=matter.place,
        changes={"fund": [None, fund.pk], "item": [None, item], "amount": [None, str(value)]},
    )
    return line


@transaction.atomic
def record_expense(
    *,
    actor: Actor,
    budget_line: BudgetLine,
    amount: object,
    description: str,
    spent_on: datetime.date | None,
    payee: str = "",
    task: Task | None = None,
    receipts: Sequence[IO[bytes] | bytes] = (),
) -> Expense:
    """Record money spent on a budget line, with receipt photos; an expense over what the line holds is refused."""
    # The budget line is locked first: two expenses recorded at once cannot both take its last yuan.
    line = BudgetLine.objects.select_for_update(of=("self",)).select_related("fund").filter(pk=budget_line.pk).first()
    if line is None:
        raise NotFound(_("This budget line no longer exists."))
    matter = _locked_matter(line.matter)
    _require(actor, Capability.RECORD_EXPENSE, matter.place)
    _require_implementing(matter)
    value = money(amount)
    description = _text(
        description, field="description", limit=200, required=True, empty_message=gettext("Say what was paid for.")
    )
    payee = _text(payee, field="payee", limit=100, required=False, empty_message="")
    if spent_on is None:
        raise ActionError(_("Give the day it was paid."), code="expense_date_missing", field="spent_on")
    if spent_on > timezone.localdate():
        raise ActionError(_("An expense cannot be paid in the future."), code="expense_date_future", field="spent_on")
    if task is not None and task.matter_id != matter.pk:
        raise ActionError(_("Choose a task of this matter."), code="expense_task_elsewhere", field="task")
    check = budget_rules.check_spending(budget=line.amount, spent=spent_on_line(line), amount=value)
    if not check.fits:
        raise ActionError(
            gettext(
                "This expense of ¥%(amount)s is over the budget line “%(item)s”: ¥%(budget)s budgeted, "
                "¥%(spent)s already spent, ¥%(remaining)s remaining — ¥%(excess)s too much."
            )
            % {
                "amount": check.amount,
                "item": line.item,
                "budget": check.budget,
                "spent": check.spent,
                "remaining": check.remaining,
                "excess": check.excess,
            },
            code="expense_over_budget",
            field="amount",
        )
    images = _clean_photos(receipts, field="receipts")
    expense = Expense.objects.create(
        budget_line=line,
        matter=matter,
        community=matter.community,
        task=task,
        description=description,
        payee=payee,
        amount=value,
        spent_on=spent_on,
        channel=actor.channel,
        recorded_by=actor.user,
    )
    stored = _store((Receipt(expense=expense), image) for image in images)
    try:
        record_audit(
            actor=actor,
            verb="expense.record",
            target=expense,
            place=matter.place,
            changes={
                "budget_line": [None, line.pk],
                "amount": [None, str(value)],
                "spent_on": [None, spent_on.isoformat()],
                "remaining": [str(check.remaining), str(check.remaining - value)],
                "receipts": [0, len(stored)],
            },
        )
    except Exception:
        _delete_files(stored)
        raise
    return expense


# --- contributions ----------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ContributionDraft:
    """What a resident offers: hours of labour, a sum of money into a fund, or materials."""

    kind: str
    hours: object = None
    amount: object = None
    fund: Fund | None = None
    material_description: str = ""
    quantity: object = None
    unit: str = ""
    task: Task | None = None
    note: str = ""


def _clean_contribution(draft: ContributionDraft, *, matter: Matter) -> dict[str, Any]:
    if draft.kind not in ContributionKind.values:
        raise ActionError(_("Choose labour, money or materials."), code="contribution_kind_unknown", field="kind")
    if draft.task is not None and draft.task.matter_id != matter.pk:
        raise ActionError(_("Choose a task of this matter."), code="contribution_task_elsewhere", field="task")
    values: dict[str, Any] = {
        "kind": draft.kind,
        "task": draft.task,
        "note": _text(draft.note, field="note", limit=NOTE_MAX, required=False, empty_message=""),
    }
    if draft.kind == ContributionKind.LABOUR:
        values["hours"] = _amount(parse_hours, draft.hours, what=gettext("number of hours"), field="hours")
    elif draft.kind == ContributionKind.MONEY:
        values["amount"] = money(draft.amount)
        if draft.fund is None:
            raise ActionError(_("Choose the fund the money goes into."), code="contribution_fund_missing", field="fund")
        # The stored fund decides (its decision may have been linked since the caller read it).
        fund = Fund.objects.select_related("community", "decision").get(pk=draft.fund.pk)
        if fund.community_id != matter.community_id:
            raise ActionError(
                _("Choose a fund of the matter's community."), code="contribution_fund_elsewhere", field="fund"
            )
        _require_may_collect(fund)
        values["fund"] = fund
    else:
        description = " ".join(draft.material_description.split())
        if not description or len(description) > 100:
            raise ActionError(
                _("Say which materials (at most 100 characters)."),
                code="contribution_materials_empty",
                field="material_description",
            )
        values["material_description"] = description
        values["quantity"] = _amount(parse_quantity, draft.quantity, what=gettext("quantity"), field="quantity")
        values["unit"] = " ".join(draft.unit.split())[:20]
    return values


def _lives_in(person: Person, community: Place) -> bool:
    return person.home is not None and person.home.path.startswith(community.path)


def _save_contribution(
    *, actor: Actor, matter: Matter, person: Person, values: dict[str, Any], stage: str, reference: str
) -> Contribution:
    now = timezone.now()
    contribution = Contribution.objects.create(
        matter=matter,
        community=matter.community,
        person=person,
        stage=stage,
        channel=actor.channel if actor.channel in ContributionChannel.values else ContributionChannel.ONLINE,
        reference=reference.strip()[:100],
        recorded_by=actor.user,
        pledged_at=now,
        received_at=now if stage == ContributionStage.RECEIVED else None,
        **values,
    )
    record_audit(
        actor=actor,
        verb=f"contribution.{stage}",
        target=contribution,
        place=matter.place,
        changes={
            "person": [None, person.pk],
            "kind": [None, contribution.kind],
            "figure": [None, contribution.figure],
            "stage": [None, stage],
        },
    )
    return contribution


@transaction.atomic
def pledge(*, actor: Actor, matter: Matter, draft: ContributionDraft, voluntary: bool) -> Contribution:
    """A resident of the community pledges labour, money or materials to the work, of their own free will."""
    user = _user(actor)
    person = Person.objects.select_related("home").filter(pk=user.person_id).first() if user.person_id else None
    matter = _locked_matter(matter)
    if person is None or not _lives_in(person, matter.community):
        raise NotPermitted(_("Only residents of the community can pledge to its work."), code="pledge_not_resident")
    _require_implementing(matter)
    if not voluntary:
        # JW-11: "根据自愿原则" — a contribution is never a levy.
        raise ActionError(
            _("A contribution is voluntary: tick the box to say you give of your own free will."),
            code="contribution_not_voluntary",
            field="voluntary",
        )
    values = _clean_contribution(draft, matter=matter)
    return _save_contribution(
        actor=actor, matter=matter, person=person, values=values, stage=ContributionStage.PLEDGED, reference=""
    )


@transaction.atomic
def record_contribution(
    *,
    actor: Actor,
    matter: Matter,
    person: Person,
    draft: ContributionDraft,
    voluntary: bool,
    received: bool = False,
    reference: str = "",
) -> Contribution:
    """Staff record a resident's pledge, or a gift already made (volunteer hours worked on a task, money handed
    over, materials delivered), for a resident without a phone or from a paper list (assisted)."""
    matter = _locked_matter(matter)
    _require(actor, Capability.RECORD_FOR_RESIDENT, matter.place)
    if received and draft.kind == ContributionKind.MONEY:
        _require(actor, Capability.RECORD_EXPENSE, matter.place)
    _require_implementing(matter)
    person = Person.objects.select_related("home").get(pk=person.pk)
    if not _lives_in(person, matter.community):
        raise ActionError(
            _("This resident does not live in the matter's community."), code="contribution_person_elsewhere"
        )
    if not voluntary:
        raise ActionError(
            _("A contribution is voluntary: confirm that the resident gives of their own free will."),
            code="contribution_not_voluntary",
            field="voluntary",
        )
    values = _clean_contribution(draft, matter=matter)
    assisted = (
        actor
        if actor.channel != Channel.ONLINE
        else Actor(user=actor.user, acting_role=actor.acting_role or "staff", channel=Channel.ASSISTED)
    )
    stage = ContributionStage.RECEIVED if received else ContributionStage.PLEDGED
    return _save_contribution(
        actor=assisted, matter=matter, person=person, values=values, stage=stage, reference=reference
    )


@transaction.atomic
def receive_contribution(*, actor: Actor, contribution: Contribution) -> Contribution:
    """Staff confirm that a pledge was given: the hours worked, the money handed over, the materials delivered."""
    contribution = (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("matter__place", "matter__community", "fund__community")
        .get(pk=contribution.pk)
    )
    matter = contribution.matter
    capability = Capability.RECORD_EXPENSE if contribution.kind == ContributionKind.MONEY else Capability.MANAGE_TASKS
    _require(actor, capability, matter.place)
    if contribution.stage != ContributionStage.PLEDGED:
        raise ActionError(_("This contribution was already given."), code="contribution_already_received")
    if contribution.fund is not None:
        _require_may_collect(contribution.fund)
    contribution.stage = ContributionStage.RECEIVED
    contribution.received_at = timezone.now()
    contribution.save(update_fields=["stage", "received_at"])
    record_audit(
        actor=actor,
        verb="contribution.receive",
        target=contribution,
        place=matter.place,
        changes={"stage": [ContributionStage.PLEDGED, ContributionStage.RECEIVED]},
    )
    return contribution


# --- supervision ------------------------------------------------------------------------------------------


@transaction.atomic
def flag_concern(*, actor: Actor, text: str, task: Task | None = None, expense: Expense | None = None) -> Concern:
    """The supervision committee flags a concern on a task or an expense; staff must answer it."""
    if (task is None) == (expense is None):
        raise ActionError(_("Choose one task or one expense."), code="concern_target", field="target")
    matter_id = task.matter_id if task is not None else expense.matter_id  # type: ignore[union-attr]
    matter = _locked_matter(Matter(pk=matter_id))
    _require(actor, Capability.SUPERVISE, matter.place)
    if matter.status not in (MatterStatus.IMPLEMENTING, MatterStatus.EVALUATING):
        raise ActionError(
            _("Concerns are raised while the work is carried out or evaluated."), code="concern_matter_state"
        )
    text = _text(text, field="text", limit=TEXT_MAX, required=True, empty_message=gettext("Write what concerns you."))
    concern = Concern.objects.create(
        matter=matter,
        community=matter.community,
        task=task,
        expense=expense,
        text=text,
        raised_by=actor.user,
        raised_by_name=actor.name[:100],
    )
    record_audit(
        actor=actor,
        verb="concern.flag",
        target=concern,
        place=matter.place,
        changes={"task": [None, task.pk if task else None], "expense": [None, expense.pk if expense else None]},
        note=text[:200],
    )
    record_event(
        matter=matter,
        kind="implementation.concern",
        actor=actor,
        title=concern.target_label[:150],
        url=concern.get_absolute_url(),
        public=False,
        notify_followers=False,
        data={"concern_id": concern.pk},
    )
    return concern


def may_answer(actor: Actor, concern: Concern) -> bool:
    """Staff who manage the tasks answer concerns about tasks; those who spend answer concerns about expenses."""
    capability = Capability.MANAGE_TASKS if concern.task_id is not None else Capability.RECORD_EXPENSE
    return _may(actor, capability, concern.matter.place)


@transaction.atomic
def answer_concern(*, actor: Actor, concern: Concern, answer: str) -> Concern:
    """Staff answer a concern of the supervision committee; the answer is kept with it."""
    concern = Concern.objects.select_for_update(of=("self",)).select_related("matter__place").get(pk=concern.pk)
    _user(actor)
    if not may_answer(actor, concern):
        raise NotPermitted()
    if not concern.is_open:
        raise ActionError(_("This concern was already answered."), code="concern_already_answered")
    answer = _text(answer, field="answer", limit=TEXT_MAX, required=True, empty_message=gettext("Write the answer."))
    concern.answer = answer
    concern.answered_by = actor.user
    concern.answered_by_name = actor.name[:100]
    concern.answered_at = timezone.now()
    concern.save(update_fields=["answer", "answered_by", "answered_by_name", "answered_at"])
    record_audit(
        actor=actor,
        verb="concern.answer",
        target=concern,
        place=concern.matter.place,
        changes={"answered_at": [None, concern.answered_at.isoformat()]},
        note=answer[:200],
    )
    return concern


# --- accounts and completion ------------------------------------------------------------------------------


def _accounts_rows(matter: Matter, start: datetime.date, end: datetime.date) -> list[dict[str, str]]:
    """Income (money given by residents) as positive rows, expenses as negative rows, by date."""
    # Sorted by day, income before spending on the same day, then in the order they were recorded.
    rows: list[tuple[datetime.date, int, int, dict[str, str]]] = []
    received = Contribution.objects.filter(
        matter=matter, kind=ContributionKind.MONEY, stage=ContributionStage.RECEIVED
    ).select_related("fund")
    for contribution in received:
        day = timezone.localdate(contribution.received_at) if contribution.received_at else None
        if day is None or not start <= day <= end:
            continue
        item = gettext("Residents' contribution into %(fund)s") % {
            "fund": contribution.fund.name if contribution.fund else ""
        }
        rows.append(
            (day, 0, contribution.pk, {"item": item, "amount": str(contribution.amount), "date": day.isoformat()})
        )
    expenses = Expense.objects.filter(matter=matter, spent_on__gte=start, spent_on__lte=end).select_related(
        "budget_line"
    )
    for expense in expenses:
        item = f"{expense.budget_line.item}: {expense.description}"[:200]
        rows.append(
            (
                expense.spent_on,
                1,
                expense.pk,
                {"item": item, "amount": str(-expense.amount), "date": expense.spent_on.isoformat()},
            )
        )
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    return [row for _day, _order, _pk, row in rows]


@transaction.atomic
def publish_accounts(*, actor: Actor, matter: Matter, start: datetime.date, end: datetime.date) -> AccountsPublication:
    """Publish the income and spending of the matter's work for a period on the community's board (JW-11)."""
    matter = _locked_matter(matter)
    _require(actor, Capability.RECORD_EXPENSE, matter.place)
    if matter.status not in (MatterStatus.IMPLEMENTING, MatterStatus.EVALUATING, MatterStatus.CLOSED):
        raise ActionError(_("Accounts are published once the work has started."), code="accounts_matter_state")
    if end < start:
        raise ActionError(_("The period ends before it starts."), code="accounts_period_reversed", field="end")
    if end > timezone.localdate():
        raise ActionError(_("The period cannot end in the future."), code="accounts_period_future", field="end")
    if (end - start).days >= ACCOUNTS_PERIOD_MAX_DAYS:
        raise ActionError(
            _("Publish the accounts at least once a year; choose a shorter period."),
            code="accounts_period_long",
            field="start",
        )
    if AccountsPublication.objects.filter(matter=matter, period_start=start, period_end=end).exists():
        raise ActionError(
            _("The accounts of this period are already published; publish a correction on the board instead."),
            code="accounts_already_published",
        )
    rows = _accounts_rows(matter, start, end)
    if not rows:
        raise ActionError(
            _("Nothing was received or spent in this period."), code="accounts_period_empty", field="start"
        )
    income = budget_rules.total(Decimal(row["amount"]) for row in rows if not row["amount"].startswith("-"))
    spending = -budget_rules.total(Decimal(row["amount"]) for row in rows if row["amount"].startswith("-"))
    with translation.override("zh-hans"):
        title = gettext("Accounts of “%(title)s”, %(start)s to %(end)s") % {
            "title": matter.title,
            "start": start.isoformat(),
            "end": end.isoformat(),
        }
        body = gettext("Income ¥%(income)s; spending ¥%(spending)s. Every item is listed below.") % {
            "income": income,
            "spending": spending,
        }
        notice = publish_for(
            actor=_publisher(actor, matter.place),
            community=matter.community,
            place=matter.place,
            kind=NoticeKind.ACCOUNTS,
            title=title[:200],
            body=body,
            source=matter,
            rows=rows,
        )
    publication = AccountsPublication.objects.create(
        matter=matter,
        period_start=start,
        period_end=end,
        income=income,
        spending=spending,
        notice=notice,
        published_by=actor.user,
    )
    record_audit(
        actor=actor,
        verb="accounts.publish",
        target=publication,
        place=matter.place,
        changes={"notice": [None, notice.pk], "income": [None, str(income)], "spending": [None, str(spending)]},
    )
    record_event(
        matter=matter,
        kind="implementation.accounts",
        actor=actor,
        title=f"{start.isoformat()} – {end.isoformat()}",
        url=notice.get_absolute_url(),
        notice=notice,
        sms=False,
    )
    return publication


def _not_ready_error(state: Any) -> ActionError:
    first = state.reasons[0]
    if first is NotReady.NO_TASKS:
        return ActionError(_("Add the tasks of the plan first."), code="work_no_tasks")
    if first is NotReady.TASKS_OPEN:
        return ActionError(
            gettext("%(count)s task(s) are not done yet.") % {"count": state.tasks_not_done}, code="work_tasks_open"
        )
    return ActionError(
        gettext("%(count)s concern(s) of the supervision committee must be answered first.")
        % {"count": state.open_concerns},
        code="work_concerns_open",
    )


@transaction.atomic
def complete_work(*, actor: Actor, matter: Matter, summary: str) -> Completion:
    """Declare the work done: every task done and every concern answered; the implementation result is published
    (实施结果公开) and the matter goes to the residents' evaluation."""
    matter = _locked_matter(matter)
    _require(actor, Capability.MANAGE_TASKS, matter.place)
    _require_implementing(matter)
    summary = _text(
        summary, field="summary", limit=TEXT_MAX, required=True, empty_message=gettext("Say what was achieved.")
    )
    state = readiness(matter)
    if not state.is_ready:
        raise _not_ready_error(state)
    figures = work_figures(matter)
    tasks = list(Task.objects.filter(matter=matter).select_related("owner_person").order_by("position", "pk"))
    with translation.override("zh-hans"):
        lines = [summary, "", gettext("Tasks carried out:")]
        lines += [f"- {task.title}（{task.owner_body or gettext('residents')}）" for task in tasks]
        lines += [
            "",
            gettext(
                "Budget ¥%(budget)s, spent ¥%(spent)s; residents gave ¥%(money_given)s and "
                "%(volunteer_hours)s hours of volunteer work (%(contributors)s residents)."
            )
            % figures,
            gettext("The residents served are now asked whether they are satisfied."),
        ]
        title = gettext("Implementation result: %(title)s") % {"title": matter.title}
        notice = publish_for(
            actor=_publisher(actor, matter.place),
            community=matter.community,
            place=matter.place,
            kind=NoticeKind.IMPLEMENTATION_RESULT,
            title=title[:200],
            body="\n".join(lines),
            source=matter,
        )
    completion = Completion.objects.create(
        matter=matter, summary=summary, notice=notice, figures=figures, completed_by=actor.user
    )
    record_audit(
        actor=actor,
        verb="work.complete",
        target=completion,
        place=matter.place,
        changes={"notice": [None, notice.pk], **{key: [None, value] for key, value in figures.items()}},
    )
    advance_matter(
        actor=actor,
        matter=matter,
        to_status=MatterStatus.EVALUATING,
        capability=Capability.MANAGE_TASKS,
        kind="implementation.work_done",
        title=summary[:150],
        text=summary,
        url=notice.get_absolute_url(),
        notice=notice,
    )
    return completion

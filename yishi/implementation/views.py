"""Pages of the implementation step: a matter's work (tasks, progress, pledges, budget, expenses, concerns), the
staff forms, the residents' pledge form and the supervision committee's concerns. Thin: parse, call one action or
query, render; an ActionError becomes a form error (400/403), never a 500."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError
from yishi.audit.models import Channel
from yishi.decisions.models import Vote, VoteStatus
from yishi.implementation import actions, queries
from yishi.implementation.forms import (
    AccountsForm,
    AnswerForm,
    AssistedContributionForm,
    BudgetLineForm,
    CompletionForm,
    ConcernForm,
    ExpenseForm,
    FundForm,
    LinkDecisionForm,
    PledgeForm,
    ProgressForm,
    TaskForm,
    TaskStatusForm,
)
from yishi.implementation.models import (
    BudgetLine,
    Concern,
    Contribution,
    Expense,
    Fund,
    FundKind,
    ProgressPhoto,
    Receipt,
    Task,
)
from yishi.matters.models import Matter, MatterStatus
from yishi.matters.permissions import Access
from yishi.people.domain.roles import Capability
from yishi.people.models import Person
from yishi.people.permissions import scope_filter
from yishi.people.queries import list_residents


def _actor(request: HttpRequest, role: str = "", channel: str = Channel.ONLINE) -> Actor:
    return Actor(user=request.user, acting_role=role, channel=channel)  # type: ignore[arg-type]


def _form_error(form: Any, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _matter(matter_id: int) -> Matter:
    matter = queries.get_matter(matter_id)
    if matter is None or matter.status not in queries.SHOWN_STATUSES:
        raise Http404
    return matter


def _require(request: HttpRequest, capability: Capability, matter: Matter) -> Access:
    access = Access(request.user)
    if not access.can(capability, matter.place):
        raise PermissionDenied
    return access


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _task_choices(matter: Matter) -> list[tuple[int, str]]:
    return list(Task.objects.filter(matter=matter).order_by("position", "pk").values_list("pk", "title"))


def index(request: HttpRequest) -> HttpResponse:
    """Matters being carried out where the user works or supervises, and the user's own tasks."""
    context: dict[str, Any] = {"matters": [], "my_tasks": []}
    if request.user.is_authenticated:
        context["matters"] = queries.list_matters_in_work(request.user)
        context["my_tasks"] = list(queries.my_open_tasks(request.user.person_id)[:50])  # type: ignore[union-attr]
    return render(request, "implementation/index.html", context)


def matter_page(request: HttpRequest, matter_id: int) -> HttpResponse:
    """A matter's work in public view: tasks and progress, pledges, budget and expenses; names, receipts and
    concerns for its staff, its supervisors and its proposer."""
    matter = _matter(matter_id)
    access = Access(request.user)
    person = request.user.person if request.user.is_authenticated and request.user.person_id else None  # type: ignore[union-attr]
    implementing = matter.status == MatterStatus.IMPLEMENTING
    lives_here = person is not None and person.home is not None and person.home.path.startswith(matter.community.path)
    context = {
        "matter": matter,
        "work": queries.get_matter_work(matter),
        "full": access.sees_in_full(matter),
        "implementing": implementing,
        "may_manage": access.can(Capability.MANAGE_TASKS, matter.place),
        "may_spend": access.can(Capability.RECORD_EXPENSE, matter.place),
        "may_supervise": access.can(Capability.SUPERVISE, matter.place),
        "may_record": access.can(Capability.RECORD_FOR_RESIDENT, matter.place),
        "may_pledge": implementing and lives_here,
    }
    return render(request, "implementation/matter.html", context)


@login_required
def task_new(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Staff add a task of the decided plan."""
    matter = _matter(matter_id)
    _require(request, Capability.MANAGE_TASKS, matter)
    people = [(person.pk, person.name) for person in queries.task_owner_choices(matter.community)]
    form = TaskForm(request.POST or None, people=people)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            owner_id = form.cleaned_data.get("owner_person")
            try:
                actions.add_task(
                    actor=_actor(request, "staff"),
                    matter=matter,
                    draft=actions.TaskDraft(
                        title=form.cleaned_data["title"],
                        description=form.cleaned_data.get("description") or "",
                        starts_on=form.cleaned_data["starts_on"],
                        due_on=form.cleaned_data["due_on"],
                        owner_person=Person.objects.filter(pk=owner_id).first() if owner_id else None,
                        owner_body=form.cleaned_data.get("owner_body") or "",
                    ),
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The task was added to the plan."))
                return HttpResponseRedirect(reverse("implementation:matter", args=[matter.pk]))
    return render(request, "implementation/task_form.html", {"matter": matter, "form": form}, status=status)


def _task(task_id: int) -> Task:
    task = queries.get_task(task_id)
    if task is None or task.matter.status not in queries.SHOWN_STATUSES:
        raise Http404
    return task


def task_page(request: HttpRequest, task_id: int) -> HttpResponse:
    """A task with its progress; its hands record progress here, the supervision committee flags concerns."""
    task = _task(task_id)
    access = Access(request.user)
    actor = _actor(request, "staff")
    is_hand = request.user.is_authenticated and (
        actions.is_task_owner(actor, task) or access.can(Capability.MANAGE_TASKS, task.matter.place)
    )
    implementing = task.matter.status == MatterStatus.IMPLEMENTING
    form = ProgressForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not (is_hand and implementing):
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                actions.add_progress(
                    actor=actor,
                    task=task,
                    text=form.cleaned_data["text"],
                    status=form.cleaned_data.get("status") or "",
                    photos=request.FILES.getlist("photos"),
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The progress was recorded."))
                return HttpResponseRedirect(task.get_absolute_url())
    context = {
        "task": task,
        "matter": task.matter,
        "progress": list(task.progress.prefetch_related("photos").order_by("-created_at", "-id")),
        "concerns": list(task.concerns.order_by("-raised_at")) if access.sees_in_full(task.matter) else [],
        "form": form,
        "status_form": TaskStatusForm(initial={"status": task.status}),
        "may_record_progress": is_hand and implementing,
        "may_supervise": access.can(Capability.SUPERVISE, task.matter.place),
    }
    return render(request, "implementation/task.html", context, status=status)


@login_required
@require_POST
def task_status(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task(task_id)
    form = TaskStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose a status from the list."))
        return HttpResponseRedirect(task.get_absolute_url())
    try:
        actions.set_task_status(actor=_actor(request, "staff"), task=task, status=form.cleaned_data["status"])
    except ActionError as error:
        context = {"message": error.message, "back_url": task.get_absolute_url()}
        return render(request, "implementation/refused.html", context, status=error.status)
    messages.success(request, gettext("The task's status was changed."))
    return HttpResponseRedirect(task.get_absolute_url())


def progress_photo(request: HttpRequest, photo_id: int) -> FileResponse:
    """A progress photo: public, like the progress it shows (re-encoded without metadata)."""
    photo = get_object_or_404(ProgressPhoto.objects.select_related("update__task__matter"), pk=photo_id)
    if photo.update.task.matter.status not in queries.SHOWN_STATUSES:
        raise Http404
    return FileResponse(photo.image.open("rb"), content_type=photo.content_type)


@login_required
def receipt(request: HttpRequest, receipt_id: int) -> FileResponse:
    """A receipt photo, for the matter's staff, supervisors and proposer."""
    item = get_object_or_404(Receipt.objects.select_related("expense__matter__place"), pk=receipt_id)
    if not Access(request.user).sees_in_full(item.expense.matter):
        raise PermissionDenied
    return FileResponse(item.image.open("rb"), content_type=item.content_type)


def _pledge_choices(matter: Matter) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    funds = [(fund.pk, fund.name) for fund in queries.collecting_funds(matter.community)]
    return funds, _task_choices(matter)


def _draft(form: PledgeForm) -> actions.ContributionDraft:
    data = form.cleaned_data
    fund_id, task_id = data.get("fund"), data.get("task")
    return actions.ContributionDraft(
        kind=data["kind"],
        hours=data.get("hours") or None,
        amount=data.get("amount") or None,
        fund=Fund.objects.select_related("community", "decision").filter(pk=fund_id).first() if fund_id else None,
        material_description=data.get("material_description") or "",
        quantity=data.get("quantity") or None,
        unit=data.get("unit") or "",
        task=Task.objects.filter(pk=task_id).first() if task_id else None,
        note=data.get("note") or "",
    )


@login_required
def pledge(request: HttpRequest, matter_id: int) -> HttpResponse:
    """A resident pledges labour, money or materials to the work (voluntarily)."""
    matter = _matter(matter_id)
    funds, tasks = _pledge_choices(matter)
    form = PledgeForm(request.POST or None, funds=funds, tasks=tasks)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.pledge(
                    actor=_actor(request, "resident"),
                    matter=matter,
                    draft=_draft(form),
                    voluntary=bool(form.cleaned_data.get("voluntary")),
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("Thank you. Your pledge was recorded."))
                return HttpResponseRedirect(reverse("implementation:matter", args=[matter.pk]))
    return render(request, "implementation/pledge.html", {"matter": matter, "form": form}, status=status)


@login_required
def record_contribution(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Staff record a pledge or a gift for a resident without a phone, or from a paper list (assisted)."""
    matter = _matter(matter_id)
    _require(request, Capability.RECORD_FOR_RESIDENT, matter)
    funds, tasks = _pledge_choices(matter)
    search = (request.GET.get("q") or "").strip()[:50]
    residents: list[Person] = []
    if search:
        scope = scope_filter(request.user, Capability.RECORD_FOR_RESIDENT, field="home__path")  # type: ignore[arg-type]
        residents = list(list_residents(within=matter.community, scope=scope, search=search)[:20])
    chosen_id = _int(request.POST.get("person") or request.GET.get("person"))
    chosen = Person.objects.select_related("home").filter(pk=chosen_id).first() if chosen_id else None
    form = AssistedContributionForm(
        request.POST or None, funds=funds, tasks=tasks, initial={"person": chosen.pk if chosen else None}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and chosen is not None:
            try:
                actions.record_contribution(
                    actor=_actor(request, "staff", form.cleaned_data["channel"]),
                    matter=matter,
                    person=chosen,
                    draft=_draft(form),
                    voluntary=bool(form.cleaned_data.get("voluntary")),
                    received=bool(form.cleaned_data.get("received")),
                    reference=form.cleaned_data.get("reference") or "",
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The contribution was recorded for the resident."))
                return HttpResponseRedirect(reverse("implementation:matter", args=[matter.pk]))
        elif chosen is None:
            form.add_error(None, gettext("Find and choose the resident first."))
    context = {"matter": matter, "form": form, "search": search, "residents": residents, "chosen": chosen}
    return render(request, "implementation/contribution_record.html", context, status=status)


@login_required
@require_POST
def receive_contribution(request: HttpRequest, contribution_id: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution.objects.select_related("matter"), pk=contribution_id)
    try:
        actions.receive_contribution(actor=_actor(request, "staff"), contribution=contribution)
    except ActionError as error:
        back = reverse("implementation:matter", args=[contribution.matter_id])
        context = {"message": error.message, "back_url": back}
        return render(request, "implementation/refused.html", context, status=error.status)
    messages.success(request, gettext("The contribution was marked as given."))
    return HttpResponseRedirect(reverse("implementation:matter", args=[contribution.matter_id]) + "#contributions")


def _decision_choices(matter: Matter) -> list[tuple[int, str]]:
    votes = Vote.objects.filter(
        community=matter.community, status__in=(VoteStatus.COUNTED, VoteStatus.PUBLISHED), result__passed=True
    ).order_by("-counted_at")[:50]
    return [(vote.pk, f"{vote.title} ({vote.get_basis_display()})") for vote in votes]


@login_required
def budget(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Staff who spend: the community's funds, a new fund, the assembly decision of a residents' fund, and the
    matter's budget lines."""
    matter = _matter(matter_id)
    _require(request, Capability.RECORD_EXPENSE, matter)
    funds = queries.list_funds(matter.community)
    fund_choices = [(fund.pk, f"{fund.name} (¥{position.available})") for fund, position in funds]
    decisions = _decision_choices(matter)
    residents_funds = [(fund.pk, fund.name) for fund, _position in funds if fund.kind == FundKind.RESIDENTS]
    which = request.POST.get("form") if request.method == "POST" else None
    line_form = BudgetLineForm(request.POST if which == "line" else None, funds=fund_choices)
    fund_form = FundForm(request.POST if which == "fund" else None, decisions=decisions)
    link_form = LinkDecisionForm(request.POST if which == "link" else None, funds=residents_funds, decisions=decisions)
    status = 200
    if which:
        status = 400
        actor = _actor(request, "staff")
        try:
            if which == "line" and line_form.is_valid():
                fund = get_object_or_404(Fund, pk=line_form.cleaned_data["fund"])
                actions.add_budget_line(
                    actor=actor,
                    matter=matter,
                    fund=fund,
                    item=line_form.cleaned_data["item"],
                    amount=line_form.cleaned_data["amount"],
                )
                messages.success(request, gettext("The budget line was added."))
                return HttpResponseRedirect(reverse("implementation:budget", args=[matter.pk]))
            if which == "fund" and fund_form.is_valid():
                decision_id = fund_form.cleaned_data.get("decision")
                actions.create_fund(
                    actor=actor,
                    community=matter.community,
                    kind=fund_form.cleaned_data["kind"],
                    name=fund_form.cleaned_data["name"],
                    granted_amount=fund_form.cleaned_data.get("granted_amount") or "0",
                    source_note=fund_form.cleaned_data.get("source_note") or "",
                    decision=Vote.objects.filter(pk=decision_id).first() if decision_id else None,
                )
                messages.success(request, gettext("The fund was registered."))
                return HttpResponseRedirect(reverse("implementation:budget", args=[matter.pk]))
            if which == "link" and link_form.is_valid():
                actions.link_fund_decision(
                    actor=actor,
                    fund=get_object_or_404(Fund, pk=link_form.cleaned_data["fund"]),
                    decision=get_object_or_404(Vote, pk=link_form.cleaned_data["decision"]),
                )
                messages.success(request, gettext("The fund may now collect residents' contributions."))
                return HttpResponseRedirect(reverse("implementation:budget", args=[matter.pk]))
        except ActionError as error:
            form = {"line": line_form, "fund": fund_form, "link": link_form}[which]
            _form_error(form, error)
            status = error.status
    context = {
        "matter": matter,
        "funds": funds,
        "lines": queries.get_matter_work(matter).lines,
        "line_form": line_form,
        "fund_form": fund_form,
        "link_form": link_form,
        "has_residents_funds": bool(residents_funds) and bool(decisions),
    }
    return render(request, "implementation/budget.html", context, status=status)


@login_required
def expense_new(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Staff who spend record an expense with its receipts; one over the budget line is refused with the figures."""
    matter = _matter(matter_id)
    _require(request, Capability.RECORD_EXPENSE, matter)
    lines = [
        (row.line.pk, f"{row.line.item} · {row.line.fund.name} (¥{row.remaining})")
        for row in queries.get_matter_work(matter).lines
    ]
    form = ExpenseForm(request.POST or None, lines=lines, tasks=_task_choices(matter))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            task_id = form.cleaned_data.get("task")
            try:
                actions.record_expense(
                    actor=_actor(request, "staff"),
                    budget_line=get_object_or_404(BudgetLine, pk=form.cleaned_data["budget_line"], matter=matter),
                    amount=form.cleaned_data["amount"],
                    description=form.cleaned_data["description"],
                    spent_on=form.cleaned_data["spent_on"],
                    payee=form.cleaned_data.get("payee") or "",
                    task=Task.objects.filter(pk=task_id).first() if task_id else None,
                    receipts=request.FILES.getlist("receipts"),
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The expense was recorded."))
                return HttpResponseRedirect(reverse("implementation:matter", args=[matter.pk]) + "#expenses")
    return render(
        request, "implementation/expense_form.html", {"matter": matter, "form": form, "lines": lines}, status=status
    )


@login_required
def concern_new(request: HttpRequest, matter_id: int) -> HttpResponse:
    """The supervision committee flags a concern on a task or an expense of the matter."""
    matter = _matter(matter_id)
    _require(request, Capability.SUPERVISE, matter)
    task_id = _int(request.GET.get("task") or request.POST.get("task"))
    expense_id = _int(request.GET.get("expense") or request.POST.get("expense"))
    task = Task.objects.filter(pk=task_id, matter=matter).first() if task_id else None
    expense = Expense.objects.filter(pk=expense_id, matter=matter).first() if expense_id else None
    if (task is None) == (expense is None):
        raise Http404
    form = ConcernForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                concern = actions.flag_concern(
                    actor=_actor(request, "supervision_member"),
                    text=form.cleaned_data["text"],
                    task=task,
                    expense=expense,
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The concern was raised; staff must answer it."))
                return HttpResponseRedirect(concern.get_absolute_url())
    context = {"matter": matter, "form": form, "task": task, "expense": expense}
    return render(request, "implementation/concern_form.html", context, status=status)


@login_required
def concern_page(request: HttpRequest, concern_id: int) -> HttpResponse:
    """A concern and its answer; staff answer it here."""
    concern = get_object_or_404(
        Concern.objects.select_related("matter__place", "matter__community", "task", "expense"), pk=concern_id
    )
    access = Access(request.user)
    if not access.sees_in_full(concern.matter):
        raise PermissionDenied
    actor = _actor(request, "staff")
    may_answer = concern.is_open and actions.may_answer(actor, concern)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                actions.answer_concern(actor=actor, concern=concern, answer=form.cleaned_data["answer"])
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The answer was recorded."))
                return HttpResponseRedirect(concern.get_absolute_url())
    context = {"concern": concern, "matter": concern.matter, "form": form, "may_answer": may_answer}
    return render(request, "implementation/concern.html", context, status=status)


@login_required
def accounts(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Staff who spend publish the accounts of a period on the community's board."""
    matter = _matter(matter_id)
    _require(request, Capability.RECORD_EXPENSE, matter)
    form = AccountsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                publication = actions.publish_accounts(
                    actor=_actor(request, "staff"),
                    matter=matter,
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The accounts were published on the community's board."))
                return HttpResponseRedirect(publication.notice.get_absolute_url())
    published = queries.get_matter_work(matter).accounts
    context = {"matter": matter, "form": form, "published": published}
    return render(request, "implementation/accounts.html", context, status=status)


@login_required
def done(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Staff declare the work done: the implementation result is published and residents evaluate it."""
    matter = _matter(matter_id)
    _require(request, Capability.MANAGE_TASKS, matter)
    form = CompletionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                completion = actions.complete_work(
                    actor=_actor(request, "staff"), matter=matter, summary=form.cleaned_data["summary"]
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(
                    request,
                    gettext("The work is done: the implementation result was published and residents can evaluate it."),
                )
                return HttpResponseRedirect(completion.notice.get_absolute_url())
    context = {"matter": matter, "form": form, "readiness": queries.readiness(matter)}
    return render(request, "implementation/done.html", context, status=status)

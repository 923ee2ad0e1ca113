"""Pages of the designation programme: programmes, case material, expert review and site visits, the ranking and the
shortlist, the published list, and the public case library. Thin: parse, call one action or query, render; a refusal
comes back on the page (400/403) with its translated message, next to the field it concerns."""

import datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotFound, NotPermitted
from yishi.disclosure.models import Notice
from yishi.evaluation import designation_actions as actions
from yishi.evaluation import designation_queries as queries
from yishi.evaluation.designation_models import (
    CaseAttachment,
    CaseTheme,
    DesignationKind,
    Programme,
    ProgrammeStage,
    Submission,
)
from yishi.evaluation.domain.designation import ASSIGNING, REVIEWING, SUBMITTING, WITHDRAWING
from yishi.evaluation.domain.framework import Unit
from yishi.evaluation.index_framework import measurement_from_data
from yishi.evaluation.index_views import show_figures, show_value
from yishi.people.domain.roles import Capability, Role
from yishi.people.models import RoleAssignment
from yishi.people.permissions import can, places_where, today
from yishi.places.models import Place, PlaceKind

# --- helpers --------------------------------------------------------------------------------------------------


def _lang() -> str:
    return get_language() or "zh-hans"


def _actor(request: HttpRequest, role: str = "") -> Actor:
    return Actor(user=request.user, acting_role=role)  # type: ignore[arg-type]


def _can(request: HttpRequest, capability: Capability, place: Place) -> bool:
    return can(request.user, capability, place)  # type: ignore[arg-type]


def _refused(request: HttpRequest, error: ActionError) -> HttpResponse:
    return render(request, "evaluation/index_refused.html", {"message": error.message}, status=error.status)


def _programme(programme_id: int) -> Programme:
    programme = queries.get_programme(programme_id)
    if programme is None:
        raise NotFound()
    return programme


def _submission(submission_id: int) -> Submission:
    submission = queries.get_submission(submission_id)
    if submission is None:
        raise NotFound()
    return submission


def _form_error(form: forms.Form, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _text(data: dict[str, str] | None) -> str:
    if not data:
        return ""
    return data["zh_hans"] if _lang().startswith("zh") else data["en"]


def snapshot_view(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The indicator snapshot stored with a case, as rows a person reads."""
    dimensions = [
        {"name": _text(item["name"]), "points": item["points"] or gettext("no data")}
        for item in snapshot.get("dimensions", [])
    ]
    indicators = []
    for item in snapshot.get("indicators", []):
        measurement = measurement_from_data(item.get("measurement"))
        indicators.append(
            {
                "name": _text(item["name"]),
                "value": show_value(Unit(item["unit"]), measurement),
                "figures": show_figures(measurement),
                "points": item["points"] or gettext("no data"),
            }
        )
    return {
        "year": snapshot.get("year"),
        "framework_version": snapshot.get("framework_version", ""),
        "total": snapshot.get("total") or gettext("no data"),
        "households": snapshot.get("households", 0),
        "dimensions": dimensions,
        "indicators": indicators,
        "members": [
            {"name": item["name"], "total": item["total"] or gettext("no data")} for item in snapshot.get("members", [])
        ],
    }


def _reach(request: HttpRequest, capability: Capability) -> list[str]:
    """The paths under which the user holds `capability` today (every place, for an administrator)."""
    if request.user.is_superuser:
        return [""]
    return list(places_where(request.user, capability).values_list("path", flat=True))  # type: ignore[arg-type]


def _may_manage(request: HttpRequest, programme: Programme) -> bool:
    return _can(request, Capability.MANAGE_PROGRAMME, programme.district)


def _may_see_case(request: HttpRequest, submission: Submission) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    return (
        _may_manage(request, submission.programme)
        or _can(request, Capability.SUBMIT_CASE, submission.unit)
        or submission.assignments.filter(expert_id=user.pk).exists()
    )


def _notices_of(programme: Programme) -> list[Notice]:
    from django.contrib.contenttypes.models import ContentType

    return list(
        Notice.objects.filter(
            source_content_type=ContentType.objects.get_for_model(Programme), source_object_id=programme.pk
        )
        .select_related("community")
        .order_by("community__path", "pk")
    )


# --- programmes -----------------------------------------------------------------------------------------------


@login_required
def programmes(request: HttpRequest) -> HttpResponse:
    """Every programme with its stage; what the signed-in person may do: create, submit, review."""
    districts = [
        place
        for place in places_where(request.user, Capability.MANAGE_PROGRAMME).order_by("path")  # type: ignore[arg-type]
        if place.kind == PlaceKind.DISTRICT
    ]
    context = {
        "programmes": list(queries.list_programmes()[:50]),
        "districts": districts,
        "assignments": list(queries.assignments_of(request.user)[:50]),
    }
    return render(request, "evaluation/designation_programmes.html", context)


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    rules = forms.CharField(
        label=_("Rules"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Who may apply, what the material must show, how it is reviewed."),
    )
    indicator_year = forms.IntegerField(
        label=_("Year of the indicators"),
        min_value=2000,
        max_value=2100,
        help_text=_("Each case carries the unit's index of this year, attached when it is submitted."),
    )
    submissions_open_on = forms.DateField(
        label=_("Submissions open on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    submissions_close_on = forms.DateField(
        label=_("Submissions close on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    review_ends_on = forms.DateField(
        label=_("Review ends on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    publication_on = forms.DateField(
        label=_("List published by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    threshold = forms.CharField(
        label=_("Threshold (points, 0–100)"), max_length=10, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    base_quota = forms.IntegerField(label=_("Places for bases"), min_value=0, max_value=500)
    station_quota = forms.IntegerField(label=_("Places for stations"), min_value=0, max_value=500)
    minimum_reviews = forms.IntegerField(label=_("Reviews needed per case"), min_value=1, max_value=50, initial=3)
    trim_from = forms.IntegerField(
        label=_("Drop the highest and lowest score from this many reviews (empty: never)"),
        min_value=3,
        max_value=50,
        required=False,
        initial=5,
    )


@login_required
def programme_new(request: HttpRequest, district_id: int) -> HttpResponse:
    """A district officer creates a programme with its rules and timetable."""
    district = Place.objects.filter(pk=district_id, kind=PlaceKind.DISTRICT).first()
    if district is None:
        return _refused(request, NotFound())
    if not _can(request, Capability.MANAGE_PROGRAMME, district):
        return _refused(request, NotPermitted())
    status = 200
    if request.method == "POST":
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                programme = actions.create_programme(
                    actor=_actor(request, Role.DISTRICT_OFFICER),
                    district=district,
                    draft=actions.ProgrammeDraft(
                        year=data["year"],
                        title=data["title"],
                        rules=data["rules"],
                        indicator_year=data["indicator_year"],
                        submissions_open_on=data["submissions_open_on"],
                        submissions_close_on=data["submissions_close_on"],
                        review_ends_on=data["review_ends_on"],
                        publication_on=data["publication_on"],
                        threshold=data["threshold"],
                        base_quota=data["base_quota"],
                        station_quota=data["station_quota"],
                        minimum_reviews=data["minimum_reviews"],
                        trim_from=data["trim_from"],
                    ),
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The programme was created. Open it for submissions when ready."))
                return HttpResponseRedirect(programme.get_absolute_url())
        else:
            status = 400
    else:
        year = timezone.localdate().year
        start = timezone.localdate()
        form = ProgrammeForm(
            initial={
                "year": year,
                "indicator_year": year - 1,
                "submissions_open_on": start,
                "submissions_close_on": start + datetime.timedelta(days=30),
                "review_ends_on": start + datetime.timedelta(days=60),
                "publication_on": start + datetime.timedelta(days=75),
                "threshold": "80",
                "base_quota": 3,
                "station_quota": 10,
            }
        )
    context = {"district": district, "form": form}
    return render(request, "evaluation/designation_programme_new.html", context, status=status)


def programme(request: HttpRequest, programme_id: int) -> HttpResponse:
    """A programme: rules, timetable, stage; the cases the reader may see; the steps they may take."""
    try:
        item = _programme(programme_id)
    except ActionError as error:
        return _refused(request, error)
    manager = _may_manage(request, item)
    submissions = list(queries.list_submissions(item)) if request.user.is_authenticated else []
    user_id = request.user.pk
    # The places where the reader submits cases, read once: asking per row would cost a query per case.
    reach = [] if manager or not submissions else _reach(request, Capability.SUBMIT_CASE)
    visible = [
        submission
        for submission in submissions
        if manager
        or any(submission.unit.path.startswith(path) for path in reach)
        or any(assignment.expert_id == user_id for assignment in submission.assignments.all())
    ]
    framework = queries.programme_framework(item)
    context = {
        "programme": item,
        "manager": manager,
        "submissions": visible,
        "may_submit": item.stage in SUBMITTING and bool(_submittable_units(request, item)),
        "published": item.stage == ProgrammeStage.PUBLISHED,
        "ranking_open": manager and item.stage not in (ProgrammeStage.DRAFT, ProgrammeStage.OPEN),
        "dimensions": [dimension.name.in_language(_lang()) for dimension in framework.dimensions],
    }
    return render(request, "evaluation/designation_programme.html", context)


@login_required
@require_POST
def programme_step(request: HttpRequest, programme_id: int, step: str) -> HttpResponse:
    """Open or close submissions, approve, return or publish the shortlist."""
    try:
        item = _programme(programme_id)
        actor = _actor(request, Role.DISTRICT_OFFICER)
        note = request.POST.get("note", "")
        if step == "open":
            actions.open_submissions(actor=actor, programme=item)
            done = gettext("The programme is open for submissions.")
        elif step == "close":
            actions.close_submissions(actor=actor, programme=item)
            done = gettext("Submissions are closed; the expert review has begun.")
        elif step == "approve":
            actions.approve_shortlist(actor=actor, programme=item, note=note)
            done = gettext("The shortlist is approved. Publish it when ready.")
        elif step == "return":
            actions.return_shortlist(actor=actor, programme=item, note=note)
            done = gettext("The proposal was sent back to review.")
        elif step == "publish":
            actions.publish_designations(actor=actor, programme=item)
            done = gettext("The list is published on the boards, with its printable PDF.")
        else:
            raise NotFound()
    except ActionError as error:
        if step in ("approve", "return") and error.field == "note":
            message = str(error.message)
            return _render_ranking(request, _programme(programme_id), note_error=message, status=error.status)
        return _refused(request, error)
    messages.success(request, done)
    target = "evaluation:programme_list" if step == "publish" else "evaluation:programme"
    if step in ("approve", "return"):
        target = "evaluation:programme_ranking"
    return HttpResponseRedirect(reverse(target, args=[item.pk]))


# --- submitting a case ----------------------------------------------------------------------------------------


def _submittable_units(request: HttpRequest, item: Programme) -> list[Place]:
    """The communities and streets of the district where the user may submit: where they hold SUBMIT_CASE."""
    if not request.user.is_authenticated:
        return []
    roots = places_where(request.user, Capability.SUBMIT_CASE)  # type: ignore[arg-type]
    units: dict[int, Place] = {}
    for root in roots:
        if not root.path.startswith(item.district.path) and not item.district.path.startswith(root.path):
            continue
        top = root if root.path.startswith(item.district.path) else item.district
        for place in Place.objects.within(top).filter(kind__in=(PlaceKind.COMMUNITY, PlaceKind.STREET)):
            units[place.pk] = place
    return sorted(units.values(), key=lambda place: place.path)


class CaseForm(forms.Form):
    unit = forms.ChoiceField(label=pgettext_lazy("designation", "Unit"))
    kind = forms.ChoiceField(label=_("Applies to be"), choices=DesignationKind.choices, widget=forms.RadioSelect)
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", "—"), *CaseTheme.choices])
    title = forms.CharField(label=_("Title of the case"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: shown in the case library's list."),
    )
    body = forms.CharField(
        label=_("The case"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("What the problem was, who took part, how it was discussed and decided, what changed."),
    )

    def __init__(self, *args: Any, units: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(str(place.pk), place.name) for place in units]  # type: ignore[attr-defined]


@login_required
def submit(request: HttpRequest, programme_id: int) -> HttpResponse:
    """A community's committee or a street office submits its case with attachments."""
    try:
        item = _programme(programme_id)
    except ActionError as error:
        return _refused(request, error)
    units = _submittable_units(request, item)
    if not units:
        return _refused(request, NotPermitted())
    status = 200
    attachment_errors: list[str] = []
    if request.method == "POST":
        form = CaseForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            unit = next(place for place in units if str(place.pk) == data["unit"])
            try:
                submission = actions.submit_case(
                    actor=_actor(request),
                    programme=item,
                    unit=unit,
                    draft=actions.CaseDraft(
                        kind=data["kind"],
                        theme=data["theme"],
                        title=data["title"],
                        summary=data["summary"],
                        body=data["body"],
                    ),
                    attachments=request.FILES.getlist("attachments"),
                )
            except ActionError as error:
                if error.field == "attachments":
                    attachment_errors.append(str(error.message))
                else:
                    _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("Your case was submitted with the unit's indicators attached."))
                return HttpResponseRedirect(submission.get_absolute_url())
        else:
            status = 400
    else:
        default_kind = DesignationKind.BASE if units[0].kind == PlaceKind.STREET else DesignationKind.STATION
        form = CaseForm(units=units, initial={"kind": default_kind})
    context = {"programme": item, "form": form, "attachment_errors": attachment_errors}
    return render(request, "evaluation/designation_submit.html", context, status=status)


# --- a case ---------------------------------------------------------------------------------------------------


class AssignForm(forms.Form):
    experts = forms.MultipleChoiceField(label=_("Experts"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experts"].choices = choices  # type: ignore[attr-defined]


def _experts_for(unit: Place) -> list[User]:
    """Users holding an expert role today at the unit or a place above it."""
    ancestors = [unit.path[: index + 1] for index, char in enumerate(unit.path) if char == "/"]
    day = today()
    person_ids = (
        RoleAssignment.objects.filter(role=Role.EXPERT, place__path__in=ancestors, starts_on__lte=day)
        .exclude(ends_on__lt=day)
        .values("person_id")
    )
    return list(User.objects.filter(person_id__in=person_ids, is_active=True).select_related("person").order_by("pk"))


def _expert_choices(submission: Submission) -> list[tuple[str, str]]:
    choices = []
    for expert in _experts_for(submission.unit):
        label = expert.display_name
        if queries.conflicting_ties(expert, submission.unit):
            label = gettext("%(name)s (tied to this unit)") % {"name": label}
        choices.append((str(expert.pk), label))
    return choices


def _case_context(request: HttpRequest, submission: Submission) -> dict[str, Any]:
    item = submission.programme
    manager = _may_manage(request, item)
    reviews = queries.reviews_of(submission)
    mine = [review for review in reviews if review.expert_id == request.user.pk]
    framework = queries.programme_framework(item)
    names = {dimension.code: dimension.name.in_language(_lang()) for dimension in framework.dimensions}
    return {
        "case": submission,
        "programme": item,
        "manager": manager,
        "submitter": _can(request, Capability.SUBMIT_CASE, submission.unit),
        "assigned": submission.assignments.filter(expert_id=request.user.pk).exists(),
        "assignments": list(submission.assignments.order_by("assigned_at", "pk")),
        "reviews": reviews if manager else mine,
        "dimension_names": names,
        "visits": list(submission.site_visits.order_by("visited_on", "pk")),
        "attachments": list(submission.attachments.order_by("pk")),
        "snapshot": snapshot_view(submission.snapshot),
        "may_withdraw": submission.is_active and item.stage in WITHDRAWING,
        "may_assign": manager and submission.is_active and item.stage in ASSIGNING,
        "may_review": submission.is_active and item.stage in REVIEWING,
        "may_visit": submission.is_active and item.stage in ASSIGNING,
    }


def case(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A case with its material, attachments and indicators; reviews, visits and steps for those who handle it."""
    try:
        submission = _submission(submission_id)
    except ActionError as error:
        return _refused(request, error)
    if not _may_see_case(request, submission):
        if queries.is_in_library(submission):
            return HttpResponseRedirect(reverse("evaluation:library_case", args=[submission.pk]))
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"{reverse('accounts:sign_in')}?next={request.path}")
        return _refused(request, NotPermitted())
    context = _case_context(request, submission)
    status = 200
    if request.method == "POST":
        return _case_post(request, submission, context)
    if context["may_assign"]:
        context["assign_form"] = AssignForm(choices=_expert_choices(submission))
    return render(request, "evaluation/designation_case.html", context, status=status)


def _case_post(request: HttpRequest, submission: Submission, context: dict[str, Any]) -> HttpResponse:
    what = request.POST.get("action", "")
    try:
        if what == "withdraw":
            actions.withdraw_case(actor=_actor(request), submission=submission, reason=request.POST.get("reason", ""))
            messages.success(request, gettext("The case was withdrawn."))
            return HttpResponseRedirect(submission.programme.get_absolute_url())
        if what != "assign":
            raise NotFound()
    except ActionError as error:
        return _refused(request, error)
    form = AssignForm(request.POST, choices=_expert_choices(submission))
    status = 400
    if form.is_valid():
        experts = list(User.objects.filter(pk__in=[int(pk) for pk in form.cleaned_data["experts"]]).order_by("pk"))
        try:
            actions.assign_experts(actor=_actor(request, Role.DISTRICT_OFFICER), submission=submission, experts=experts)
        except ActionError as error:
            _form_error(form, error)
            status = error.status
        else:
            messages.success(request, gettext("The experts were assigned."))
            return HttpResponseRedirect(submission.get_absolute_url())
    context["assign_form"] = form
    return render(request, "evaluation/designation_case.html", context, status=status)


def case_attachment(request: HttpRequest, submission_id: int, attachment_id: int) -> FileResponse:
    """An attachment: for those who handle the case, and for everyone once the case is in the library."""
    item = CaseAttachment.objects.select_related("submission").filter(pk=attachment_id).first()
    if item is None or item.submission_id != submission_id:
        raise Http404
    submission = _submission(submission_id)
    public = queries.is_in_library(submission)
    if not public and not _may_see_case(request, submission):
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=item.content_type)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- expert review and site visits ----------------------------------------------------------------------------


def _review_form(framework: Any, data: Any = None, initial: dict[str, Any] | None = None) -> forms.Form:
    form = forms.Form(data, initial=initial)
    for dimension in framework.dimensions:
        form.fields[f"dimension_{dimension.code}"] = forms.CharField(
            label=gettext("%(name)s (weight %(weight)s, 0–100)")
            % {"name": dimension.name.in_language(_lang()), "weight": dimension.weight},
            max_length=10,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        )
    form.fields["comment"] = forms.CharField(
        label=_("Comments (optional)"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    return form


@login_required
def review(request: HttpRequest, submission_id: int) -> HttpResponse:
    """An assigned expert scores the case on each dimension of the programme's framework."""
    try:
        submission = _submission(submission_id)
        actions.check_reviewer(actor=_actor(request, Role.EXPERT), submission=submission)
    except ActionError as error:
        return _refused(request, error)
    framework = queries.programme_framework(submission.programme)
    status = 200
    if request.method == "POST":
        form = _review_form(framework, request.POST)
        if form.is_valid():
            try:
                actions.score_case(
                    actor=_actor(request, Role.EXPERT),
                    submission=submission,
                    scores={
                        dimension.code: form.cleaned_data[f"dimension_{dimension.code}"]
                        for dimension in framework.dimensions
                    },
                    comment=form.cleaned_data["comment"],
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("Your review was recorded."))
                return HttpResponseRedirect(submission.get_absolute_url())
        else:
            status = 400
    else:
        existing = submission.reviews.filter(expert_id=request.user.pk).prefetch_related("marks").first()
        initial: dict[str, Any] = {}
        if existing is not None:
            initial = {f"dimension_{mark.dimension_code}": mark.score for mark in existing.marks.all()}
            initial["comment"] = existing.comment
        form = _review_form(framework, initial=initial)
    definitions = [
        (dimension.name.in_language(_lang()), [i.name.in_language(_lang()) for i in dimension.indicators])
        for dimension in framework.dimensions
    ]
    context = {
        "case": submission,
        "form": form,
        "definitions": definitions,
        "snapshot": snapshot_view(submission.snapshot),
        "open": submission.programme.stage in REVIEWING,
    }
    return render(request, "evaluation/designation_review.html", context, status=status)


class VisitForm(forms.Form):
    visited_on = forms.DateField(
        label=_("Visited on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    visitors = forms.CharField(label=_("Who went"), max_length=300)
    findings = forms.CharField(label=_("Findings"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))


@login_required
def visit(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Record a site visit to the unit (an assigned expert or a programme officer)."""
    try:
        submission = _submission(submission_id)
        if not _may_manage(request, submission.programme):
            actions.check_reviewer(actor=_actor(request, Role.EXPERT), submission=submission)
    except ActionError as error:
        return _refused(request, error)
    status = 200
    if request.method == "POST":
        form = VisitForm(request.POST)
        if form.is_valid():
            try:
                actions.record_site_visit(actor=_actor(request), submission=submission, **form.cleaned_data)
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The site visit was recorded."))
                return HttpResponseRedirect(submission.get_absolute_url())
        else:
            status = 400
    else:
        form = VisitForm(initial={"visited_on": timezone.localdate(), "visitors": request.user.display_name})  # type: ignore[union-attr]
    return render(request, "evaluation/designation_visit.html", {"case": submission, "form": form}, status=status)


# --- ranking, shortlist and the published list ----------------------------------------------------------------


def _ranking_rows(programme: Programme) -> list[dict[str, Any]]:
    """Each kind's ranking with the figures behind each rank: every score, counted or dropped, and the mean."""
    kinds = []
    for ranking in queries.programme_ranking(programme):
        proposed = {entry.unit_id for entry in ranking.shortlist.proposed}
        tied = {entry.unit_id for entry in ranking.shortlist.tied_at_cutoff}
        below = {entry.unit_id for entry in ranking.shortlist.below_threshold}
        rows = []
        for entry in ranking.ranking.entries:
            aggregate = entry.figures
            submission = ranking.submissions[entry.unit_id]
            if entry.unit_id in proposed:
                verdict = pgettext("shortlist", "Proposed")
            elif entry.unit_id in tied:
                verdict = gettext("Tied at the last place: the committee chooses")
            elif entry.unit_id in below:
                verdict = gettext("Below the threshold")
            else:
                verdict = gettext("Beyond the places")
            rows.append(
                {
                    "rank": entry.rank,
                    "case": submission,
                    "points": entry.total,
                    "counted": ", ".join(str(score.score) for score in aggregate.counted),
                    "dropped": ", ".join(str(score.score) for score in aggregate.dropped) or "—",
                    "reviews": len(aggregate.counted) + len(aggregate.dropped),
                    "verdict": verdict,
                    "is_tied": entry.unit_id in tied,
                    "is_proposed": entry.unit_id in proposed,
                }
            )
        kinds.append(
            {
                "kind": ranking.kind,
                "label": ranking.label,
                "quota": ranking.quota,
                "rows": rows,
                "seats_for_tied": ranking.shortlist.seats_for_tied,
                "short_of_reviews": ranking.short_of_reviews,
            }
        )
    return kinds


@login_required
def ranking(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The ranking by the experts' scores, the shortlist the rule proposes, and the steps to approve and publish."""
    try:
        item = _programme(programme_id)
        if not _may_manage(request, item):
            raise NotPermitted()
    except ActionError as error:
        return _refused(request, error)
    if request.method != "POST":
        return _render_ranking(request, item)
    try:
        actions.propose_shortlist(
            actor=_actor(request, Role.DISTRICT_OFFICER),
            programme=item,
            tie_choices=[int(pk) for pk in request.POST.getlist("tie_choices") if pk.isdigit()],
            note=request.POST.get("note", ""),
        )
    except ActionError as error:
        if error.status == 403:
            return _refused(request, error)
        return _render_ranking(request, item, propose_error=str(error.message), status=error.status)
    messages.success(request, gettext("The shortlist is proposed. It is published after approval."))
    return HttpResponseRedirect(reverse("evaluation:programme_ranking", args=[item.pk]))


def _render_ranking(
    request: HttpRequest, item: Programme, *, propose_error: str = "", note_error: str = "", status: int = 200
) -> HttpResponse:
    item.refresh_from_db()
    context = {
        "programme": item,
        "kinds": _ranking_rows(item),
        "designations": list(queries.list_designations(item)),
        "propose_error": propose_error,
        "note_error": note_error,
        "may_propose": item.stage in (ProgrammeStage.REVIEW, ProgrammeStage.SHORTLISTED),
        "approval": queries.approval_check(request.user, item) if item.stage == ProgrammeStage.SHORTLISTED else None,
    }
    return render(request, "evaluation/designation_ranking.html", context, status=status)


def programme_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The published list (public): designated bases and stations, with the notices and their PDFs."""
    try:
        item = _programme(programme_id)
    except ActionError as error:
        return _refused(request, error)
    if item.stage != ProgrammeStage.PUBLISHED:
        return _refused(request, NotFound(gettext("The list of this programme has not been published yet.")))
    designations = list(queries.list_designations(item))
    context = {
        "programme": item,
        "bases": [d for d in designations if d.kind == DesignationKind.BASE],
        "stations": [d for d in designations if d.kind == DesignationKind.STATION],
        "notices": _notices_of(item),
    }
    return render(request, "evaluation/designation_list.html", context)


# --- the case library (public) ---------------------------------------------------------------------------------


LIBRARY_PAGE_SIZE = 20


class LibraryForm(forms.Form):
    q = forms.CharField(label=_("Search the cases"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("All themes")), *CaseTheme.choices])
    kind = forms.ChoiceField(
        label=_("Designated as"), required=False, choices=[("", _("Bases and stations")), *DesignationKind.choices]
    )


def library(request: HttpRequest) -> HttpResponse:
    """Published cases, searchable by theme and text, for communities to learn from; htmx gets the results only."""
    form = LibraryForm(request.GET)
    text = theme = kind = ""
    if form.is_valid():
        text, theme, kind = form.cleaned_data["q"], form.cleaned_data["theme"], form.cleaned_data["kind"]
    page = Paginator(queries.library(text=text, theme=theme, kind=kind), LIBRARY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # The page links carry the search and the filters, so that paging through the results keeps them.
    kept = urlencode({name: value for name, value in (("q", text), ("theme", theme), ("kind", kind)) if value})
    context = {
        "form": form,
        "page": page,
        "cases": list(page.object_list),
        "count": page.paginator.count,
        "searched": bool(text or theme or kind),
        "query": kept,
    }
    if request.headers.get("HX-Request"):
        return render(request, "evaluation/designation_library_results.html", context)
    return render(request, "evaluation/designation_library.html", context)


def library_case(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A published case with its indicators and attachments (public)."""
    submission = queries.library_case(submission_id)
    if submission is None:
        return _refused(request, NotFound())
    context = {
        "case": submission,
        "designation": submission.designation,
        "snapshot": snapshot_view(submission.snapshot),
        "attachments": list(submission.attachments.order_by("pk")),
        "visits": list(submission.site_visits.order_by("visited_on", "pk")),
    }
    return render(request, "evaluation/designation_library_case.html", context)

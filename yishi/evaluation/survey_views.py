"""Pages of the satisfaction survey (民事民评): the resident's survey page (large and simple, for a phone), the
supervision committee's opening and closing, staff entering an answer given on paper or at a visit, and the public
result. Also what the surveys add to "what awaits me". Thin: parse, call one action or query, render."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError
from yishi.evaluation import surveys
from yishi.evaluation.models import ResponseChannel, SatisfactionRating, Survey, SurveyAudience, SurveyStatus
from yishi.matters.events import register_kind
from yishi.matters.models import Matter
from yishi.matters.permissions import Access
from yishi.matters.steps import EVALUATE, StepLink, register_steps
from yishi.people.models import Person
from yishi.places.models import Place, PlaceKind

SHOWN = 10

# --- forms (they only parse; the actions check and refuse) -------------------------------------------------


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Are you satisfied?"), choices=SatisfactionRating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 500 characters."),
    )


class AssistedRatingForm(RatingForm):
    person = forms.IntegerField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label=_("How the resident answered"),
        choices=[(value, label) for value, label in ResponseChannel.choices if value != ResponseChannel.ONLINE],
    )
    reference = forms.CharField(
        label=_("Paper form or visit reference"), required=False, max_length=200, help_text=_("Such as a form number.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].label = _("The resident's answer")


class OpenForm(forms.Form):
    audience = forms.ChoiceField(label=_("Who is asked"), choices=SurveyAudience.choices, widget=forms.RadioSelect)
    served_place = forms.TypedChoiceField(
        label=_("Residents living within"), required=False, coerce=int, empty_value=None
    )
    chosen = forms.CharField(
        label=_("Names of the people to ask"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One name per line, for a list chosen by the committee."),
    )
    include_participants = forms.BooleanField(
        label=_("Also ask those who took part in the deliberation"), required=False, initial=True
    )

    def __init__(self, *args: Any, places: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["served_place"].choices = places  # type: ignore[attr-defined]


# --- helpers ---------------------------------------------------------------------------------------------


def _actor(request: HttpRequest, role: str = "") -> Actor:
    return Actor(user=request.user, acting_role=role)  # type: ignore[arg-type]


def _form_error(form: Any, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _survey(survey_id: int) -> Survey:
    survey = surveys.get_survey(survey_id)
    if survey is None:
        raise Http404
    return survey


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _place_choices(matter: Matter) -> list[tuple[int, str]]:
    places = Place.objects.within(matter.community).filter(
        kind__in=[PlaceKind.COMMUNITY, PlaceKind.COMPOUND, PlaceKind.BUILDING]
    )
    names = {place.pk: place for place in places}
    choices = []
    for place in sorted(names.values(), key=lambda item: item.path):
        parent = names.get(place.parent_id) if place.kind == PlaceKind.BUILDING and place.parent_id else None
        choices.append((place.pk, f"{parent.name} {place.name}" if parent else place.name))
    return choices


def _chosen_people(matter: Matter, text: str) -> list[Person]:
    """Residents of the matter's community named one per line; an unknown or ambiguous name is refused."""
    people: list[Person] = []
    problems: list[str] = []
    residents = surveys.residents_within(matter.community)
    for line in text.splitlines():
        name = " ".join(line.split())
        if not name:
            continue
        found = list(residents.filter(name=name).select_related("home")[:2])
        if len(found) == 1:
            people.append(found[0])
        else:
            problems.append(name)
    if problems:
        raise ActionError(
            gettext("No single resident of the community has this name: %(names)s.")
            % {"names": "、".join(problems[:5])},
            code="survey_chosen_unknown",
            field="chosen",
        )
    if not people:
        raise ActionError(gettext("Name at least one person to ask."), code="survey_chosen_empty", field="chosen")
    return people


# --- pages -----------------------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Surveys the resident is asked to answer; for the supervision committee, matters to evaluate and surveys."""
    communities = surveys.survey_communities(request.user)
    context = {
        "to_answer": list(surveys.surveys_to_answer(request.user.person_id)[:50]),  # type: ignore[union-attr]
        "to_evaluate": list(surveys.matters_to_evaluate(communities)[:50]),
        "open_surveys": list(surveys.open_surveys_in(communities)[:50]),
        "closed_surveys": surveys.closed_surveys_in(communities),
    }
    return render(request, "evaluation/survey_index.html", context)


@login_required
def open_survey(request: HttpRequest, matter_id: int) -> HttpResponse:
    """The supervision committee opens the satisfaction survey of a matter whose work is done."""
    matter = Matter.objects.select_related("place", "community").filter(pk=matter_id).first()
    if matter is None:
        raise Http404
    if not surveys.may_open(request.user, matter):
        raise PermissionDenied
    form = OpenForm(
        request.POST or None,
        places=_place_choices(matter),
        initial={"audience": SurveyAudience.PLACE, "served_place": matter.place_id, "include_participants": True},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                audience = data["audience"]
                chosen = _chosen_people(matter, data.get("chosen") or "") if audience == SurveyAudience.CHOSEN else []
                place_id = data.get("served_place")
                survey = surveys.open_evaluation(
                    actor=_actor(request, "supervision_member"),
                    matter=matter,
                    audience=audience,
                    served_place=Place.objects.filter(pk=place_id).first() if place_id else None,
                    chosen=chosen,
                    include_participants=bool(data.get("include_participants")),
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(
                    request,
                    gettext("The survey is open: %(count)s people are asked.") % {"count": survey.invitee_count},
                )
                return HttpResponseRedirect(survey.get_absolute_url())
    context = {"matter": matter, "form": form, "is_evaluating": matter.status in surveys.EVALUABLE_STATUSES}
    return render(request, "evaluation/survey_open.html", context, status=status)


def survey_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The survey as a resident sees it on a phone: three big choices and a comment, once."""
    survey = _survey(survey_id)
    user = request.user
    person_id = user.person_id if user.is_authenticated else None  # type: ignore[union-attr]
    invited = surveys.is_invited(survey, person_id)
    answer = surveys.response_of(survey, person_id)
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not user.is_authenticated:
            return HttpResponseRedirect(reverse("accounts:sign_in") + f"?next={survey.get_absolute_url()}")
        status = 400
        if form.is_valid():
            try:
                surveys.respond(
                    actor=_actor(request, "resident"),
                    survey=survey,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data.get("comment") or "",
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("Thank you. Your answer was recorded."))
                return HttpResponseRedirect(survey.get_absolute_url())
    context = {
        "survey": survey,
        "matter": survey.matter,
        "form": form,
        "invited": invited,
        "answer": answer,
        "may_manage": surveys.may_open(user, survey.matter),
        "may_record": surveys.may_record_for(user, survey),
        "answered": surveys.list_responses(survey).count() if survey.is_open else survey.responses,
    }
    return render(request, "evaluation/survey_page.html", context, status=status)


@login_required
def assisted(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Staff enter an answer given on paper, at a visit or by telephone, for a resident without a phone."""
    survey = _survey(survey_id)
    if not surveys.may_record_for(request.user, survey):
        raise PermissionDenied
    search = (request.GET.get("q") or "").strip()[:50]
    found = surveys.find_invitees(survey, search)
    chosen_id = _int(request.POST.get("person") or request.GET.get("person"))
    chosen = Person.objects.select_related("home").filter(pk=chosen_id).first() if chosen_id else None
    form = AssistedRatingForm(request.POST or None, initial={"person": chosen.pk if chosen else None})
    status = 200
    if request.method == "POST":
        status = 400
        if chosen is None:
            form.add_error(None, gettext("Find and choose the resident first."))
        elif form.is_valid():
            try:
                surveys.record_response(
                    actor=_actor(request, "staff"),
                    survey=survey,
                    person=chosen,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data.get("comment") or "",
                    channel=form.cleaned_data["channel"],
                    reference=form.cleaned_data.get("reference") or "",
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The answer of %(name)s was recorded.") % {"name": chosen.name})
                return HttpResponseRedirect(reverse("evaluation:survey_assisted", args=[survey.pk]))
    context = {
        "survey": survey,
        "matter": survey.matter,
        "form": form,
        "search": search,
        "found": found,
        "chosen": chosen,
    }
    return render(request, "evaluation/survey_assisted.html", context, status=status)


@login_required
@require_POST
def close(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The supervision committee closes the survey; the matter is closed or reopened and the result published."""
    survey = _survey(survey_id)
    try:
        surveys.close_evaluation(actor=_actor(request, "supervision_member"), survey=survey)
    except ActionError as error:
        context = {"survey": survey, "matter": survey.matter, "message": error.message}
        return render(request, "evaluation/survey_refused.html", context, status=error.status)
    messages.success(request, gettext("The survey is closed and its result published."))
    return HttpResponseRedirect(reverse("evaluation:survey_result", args=[survey.pk]))


def result(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The survey's result with its figures, for everyone; comments (without names) for the matter's staff."""
    survey = _survey(survey_id)
    if survey.is_open and not surveys.may_open(request.user, survey.matter):
        raise Http404
    outcome = surveys.result_of(survey)
    full = Access(request.user).sees_in_full(survey.matter)
    context = {
        "survey": survey,
        "matter": survey.matter,
        "result": outcome,
        "lines": surveys.result_lines(survey, outcome),
        "percent": surveys.share_percent(outcome.share),
        "comments": [item for item in surveys.list_responses(survey) if item.comment] if full else [],
        "referrals": surveys.referral_ratings(survey.matter),
    }
    return render(request, "evaluation/survey_result.html", context)


# --- "what awaits me" ------------------------------------------------------------------------------------


def awaiting(user: Any) -> list[Any]:
    """Residents: surveys to answer; the supervision committee: matters to evaluate and open surveys."""
    if not user.is_authenticated:
        return []
    item = import_string("yishi.web.awaiting.AwaitingItem")
    items: list[Any] = [
        item(
            title=gettext("Are you satisfied with “%(title)s”?") % {"title": survey.matter.title},
            url=survey.get_absolute_url(),
            kind=gettext_lazy("Survey to answer"),
        )
        for survey in surveys.surveys_to_answer(user.person_id)[:SHOWN]
    ]
    communities = surveys.survey_communities(user)
    for matter in surveys.matters_to_evaluate(communities)[:SHOWN]:
        items.append(
            item(
                title=gettext("Open the satisfaction survey of “%(title)s”") % {"title": matter.title},
                url=reverse("evaluation:survey_open", args=[matter.pk]),
                kind=gettext_lazy("Evaluation"),
            )
        )
    for survey in surveys.open_surveys_in(communities)[:SHOWN]:
        answered = survey.answered  # type: ignore[attr-defined]
        items.append(
            item(
                title=gettext("Survey of “%(title)s”: %(answered)s of %(asked)s answered")
                % {"title": survey.matter.title, "answered": answered, "asked": survey.invitee_count},
                url=survey.get_absolute_url(),
                kind=gettext_lazy("Evaluation"),
            )
        )
    return items


def matter_steps(matter: Matter, user: Any) -> list[StepLink]:
    """The matter's satisfaction surveys, for the matter's page: an open one to answer, a closed one's result."""
    return [
        StepLink(
            step=EVALUATE,
            title=gettext_lazy("Satisfaction surveys"),
            url=survey.get_absolute_url()
            if survey.status == SurveyStatus.OPEN
            else reverse("evaluation:survey_result", args=[survey.pk]),
            note=survey.get_status_display(),
            order=50,
        )
        for survey in Survey.objects.filter(matter=matter).order_by("pk")
    ]


def register_hooks() -> None:
    """Register "what awaits me", the links of the matter's page and the timeline kinds (called from
    AppConfig.ready)."""
    import_string("yishi.web.awaiting.register")(awaiting)
    register_steps(matter_steps)
    register_kind("evaluation.survey_opened", gettext_lazy("Satisfaction survey opened"))
    register_kind("evaluation.survey_closed", gettext_lazy("Satisfaction survey closed"))

"""Pages of a meeting's record: minutes, the outcome with its dissent, submission and the party organisation's
review, and the review queue."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yishi.audit.errors import ActionError
from yishi.deliberation import actions, links, queries
from yishi.deliberation.domain import meetings as meeting_rules
from yishi.deliberation.forms import (
    DissentForm,
    MinutesForm,
    OutcomeForm,
    ReviewForm,
)
from yishi.deliberation.models import (
    AgendaItem,
    MeetingStatus,
    Outcome,
    OutcomeStatus,
)
from yishi.deliberation.permissions import Access
from yishi.deliberation.views.common import (
    actor_for,
    form_error,
    meeting_or_404,
    person_or_none,
)
from yishi.deliberation.views.meetings import agenda_choices, meeting_refusal, people_choices
from yishi.matters.permissions import communities_where
from yishi.people.domain.roles import Capability


@login_required
@require_POST
def minutes_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_or_404(meeting_id)
    form = MinutesForm(request.POST, people=people_choices(meeting), agenda=agenda_choices(meeting), prefix="minutes")
    if not form.is_valid():
        return meeting_refusal(
            request,
            meeting,
            ActionError(gettext("Check the minutes entry."), code="minutes_invalid"),
            minutes_form=form,
        )
    item = AgendaItem.objects.filter(pk=form.cleaned_data.get("agenda_item") or 0, meeting=meeting).first()
    try:
        actions.add_minutes_entry(
            actor=actor_for(request, "committee_member"),
            meeting=meeting,
            summary=form.cleaned_data["summary"],
            speaker=person_or_none(form.cleaned_data.get("speaker")),
            speaker_name=form.cleaned_data.get("speaker_name") or "",
            agenda_item=item,
        )
    except ActionError as error:
        form_error(form, error)
        return meeting_refusal(request, meeting, error, minutes_form=form)
    messages.success(request, gettext("Added to the minutes."))
    return HttpResponseRedirect(meeting.get_absolute_url() + "#minutes")


@login_required
@require_POST
def outcome_new(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_or_404(meeting_id)
    agenda = agenda_choices(meeting)
    form = OutcomeForm(request.POST, agenda=agenda if agenda else None, prefix="outcome")
    if not form.is_valid():
        return meeting_refusal(
            request, meeting, ActionError(gettext("Check the outcome."), code="outcome_invalid"), outcome_form=form
        )
    item = AgendaItem.objects.filter(pk=form.cleaned_data.get("agenda_item") or 0, meeting=meeting).first()
    try:
        outcome = actions.record_outcome(
            actor=actor_for(request, "committee_member"),
            meeting=meeting,
            text=form.cleaned_data["text"],
            route=form.cleaned_data["route"],
            vote_required=bool(form.cleaned_data.get("vote_required")),
            agenda_item=item,
        )
    except ActionError as error:
        form_error(form, error)
        return meeting_refusal(request, meeting, error, outcome_form=form)
    messages.success(request, gettext("The outcome is recorded. Record any dissent, then submit it for review."))
    return HttpResponseRedirect(outcome.get_absolute_url())


def _outcome(outcome_id: int) -> Outcome:
    outcome = queries.get_outcome(outcome_id)
    if outcome is None:
        raise Http404
    return outcome


def _outcome_context(request: HttpRequest, outcome: Outcome, **extra: Any) -> dict[str, Any]:
    meeting = outcome.meeting
    access = Access(request.user)
    full = access.sees_meeting_in_full(meeting)
    may_chair = access.may_chair(meeting)
    revisable = outcome.status_name in meeting_rules.REVISABLE
    context: dict[str, Any] = {
        "outcome": outcome,
        "meeting": meeting,
        "full": full,
        "may_chair": may_chair,
        "revisable": revisable,
        "may_submit": may_chair and revisable and meeting.status == MeetingStatus.ENDED,
        "may_review": access.may_review(meeting) and outcome.status == OutcomeStatus.SUBMITTED,
        # Staff are led on to the vote; residents follow the matter's page, which links the vote once it exists.
        "decision_link": links.decision_link(outcome.matter)
        if outcome.matter is not None
        and outcome.status == OutcomeStatus.APPROVED
        and outcome.route == "decision"
        and access.is_meeting_staff(meeting)
        else None,
    }
    if may_chair and revisable:
        context.setdefault("dissent_form", DissentForm(people=people_choices(meeting)))
    if context["may_review"]:
        context.setdefault("review_form", ReviewForm())
    context.update(extra)
    return context


def outcome(request: HttpRequest, outcome_id: int) -> HttpResponse:
    """An outcome with its dissent and review history. Once approved anyone may read it (without names)."""
    outcome = _outcome(outcome_id)
    access = Access(request.user)
    if outcome.status != OutcomeStatus.APPROVED and not access.sees_meeting_in_full(outcome.meeting):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return render(request, "deliberation/outcome.html", _outcome_context(request, outcome))


def _outcome_refusal(request: HttpRequest, outcome: Outcome, error: ActionError, **extra: Any) -> HttpResponse:
    messages.error(request, str(error.message))
    return render(
        request,
        "deliberation/outcome.html",
        _outcome_context(request, _outcome(outcome.pk), **extra),
        status=error.status,
    )


@login_required
def outcome_edit(request: HttpRequest, outcome_id: int) -> HttpResponse:
    """Change a draft outcome or revise one the party organisation sent back."""
    outcome = _outcome(outcome_id)
    if not Access(request.user).may_chair(outcome.meeting):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if form.is_valid():
            try:
                actions.revise_outcome(
                    actor=actor_for(request, "committee_member"),
                    outcome=outcome,
                    text=form.cleaned_data["text"],
                    route=form.cleaned_data["route"],
                    vote_required=bool(form.cleaned_data.get("vote_required")),
                )
            except ActionError as error:
                form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The outcome is saved."))
                return HttpResponseRedirect(outcome.get_absolute_url())
        else:
            status = 400
    else:
        form = OutcomeForm(
            initial={"text": outcome.text, "route": outcome.route, "vote_required": outcome.vote_required}
        )
    reviews = list(outcome.reviews.all())
    return render(
        request,
        "deliberation/outcome_form.html",
        {"outcome": outcome, "form": form, "last_review": reviews[-1] if reviews else None},
        status=status,
    )


@login_required
@require_POST
def dissent_add(request: HttpRequest, outcome_id: int) -> HttpResponse:
    outcome = _outcome(outcome_id)
    form = DissentForm(request.POST, people=people_choices(outcome.meeting))
    if not form.is_valid():
        return _outcome_refusal(
            request, outcome, ActionError(gettext("Check the dissent."), code="dissent_invalid"), dissent_form=form
        )
    try:
        actions.record_dissent(
            actor=actor_for(request, "committee_member"),
            outcome=outcome,
            text=form.cleaned_data["text"],
            person=person_or_none(form.cleaned_data.get("person")),
            name=form.cleaned_data.get("name") or "",
        )
    except ActionError as error:
        form_error(form, error)
        return _outcome_refusal(request, outcome, error, dissent_form=form)
    messages.success(request, gettext("The dissent is recorded with the outcome."))
    return HttpResponseRedirect(outcome.get_absolute_url() + "#dissent")


@login_required
@require_POST
def outcome_submit(request: HttpRequest, outcome_id: int) -> HttpResponse:
    outcome = _outcome(outcome_id)
    try:
        actions.submit_outcome(actor=actor_for(request, "committee_member"), outcome=outcome)
    except ActionError as error:
        return _outcome_refusal(request, outcome, error)
    messages.success(request, gettext("Submitted to the community party organisation for review."))
    return HttpResponseRedirect(outcome.get_absolute_url())


@login_required
@require_POST
def outcome_review(request: HttpRequest, outcome_id: int) -> HttpResponse:
    outcome = _outcome(outcome_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _outcome_refusal(
            request,
            outcome,
            ActionError(gettext("Choose to approve or to send back."), code="review_invalid"),
            review_form=form,
        )
    approve = form.cleaned_data["decision"] == "approve"
    try:
        actions.review_outcome(
            actor=actor_for(request, "party_secretary"),
            outcome=outcome,
            approve=approve,
            reasons=form.cleaned_data.get("reasons") or "",
        )
    except ActionError as error:
        form_error(form, error)
        return _outcome_refusal(request, outcome, error, review_form=form)
    if approve:
        messages.success(request, gettext("Approved. The outcome is published on the public board."))
    else:
        messages.success(request, gettext("Sent back with your reasons."))
    return HttpResponseRedirect(outcome.get_absolute_url())


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    """The party secretary's queue: outcomes awaiting review."""
    communities = communities_where(request.user, Capability.REVIEW_OUTCOME)
    if not communities.exists():
        raise PermissionDenied
    page = Paginator(queries.review_queue(communities), 20).get_page(request.GET.get("page"))
    return render(request, "deliberation/reviews.html", {"page": page, "query": ""})

"""Pages of meetings: where deliberation lives, a community's meetings, preparing and editing one, its page and
steps, seats, the sign-in QR code and attendance, and a participant's own sign-in."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yishi.audit.errors import ActionError
from yishi.deliberation import actions, queries
from yishi.deliberation.domain import meetings as meeting_rules
from yishi.deliberation.domain import seats as seat_rules
from yishi.deliberation.forms import (
    AgendaItemForm,
    CancelForm,
    MeetingForm,
    MinutesForm,
    OutcomeForm,
    SeatForm,
)
from yishi.deliberation.models import (
    AgendaItem,
    Meeting,
    OutcomeStatus,
    Seat,
    SeatCategory,
)
from yishi.deliberation.permissions import Access
from yishi.deliberation.signin import check_token, make_token
from yishi.deliberation.views.common import (
    actor_for,
    community_or_404,
    form_error,
    language,
    meeting_or_404,
    person_or_none,
    role_labels,
    to_int,
)
from yishi.disclosure.qr import qr_svg
from yishi.matters.domain.triage import DELIBERATED_CLASSES
from yishi.matters.models import Matter
from yishi.matters.permissions import communities_where
from yishi.people.domain.roles import Capability, roles_granting
from yishi.people.models import RoleAssignment
from yishi.people.permissions import places_where, today
from yishi.places.models import Place, PlaceKind


def index(request: HttpRequest) -> HttpResponse:
    """Where deliberation lives: my invitations, the communities I convene in, outcomes to review, every
    community's meetings."""
    context: dict[str, Any] = {
        "communities": Place.objects.of_kind(PlaceKind.COMMUNITY).select_related("parent").order_by("path")[:200]
    }
    if request.user.is_authenticated:
        chair_communities = list(communities_where(request.user, Capability.CHAIR_MEETING)[:50])
        review_communities = communities_where(request.user, Capability.REVIEW_OUTCOME)
        context.update(
            reported=list(
                queries.reported_posts(places_where(request.user, Capability.MODERATE_DISCUSSION))[:50]  # type: ignore[arg-type]
            ),
            chair_communities=chair_communities,
            to_review=queries.review_queue(review_communities).count(),
            invitations=list(queries.my_invitations(request.user.person_id)[:20])  # type: ignore[union-attr]
            if request.user.person_id  # type: ignore[union-attr]
            else [],
        )
    return render(request, "deliberation/index.html", context)


def meetings(request: HttpRequest, community_id: int) -> HttpResponse:
    """A community's meetings: upcoming, held, or all. Anyone may read the list (it names no one)."""
    community = community_or_404(community_id)
    status_filter = request.GET.get("show", queries.UPCOMING_FILTER)
    if status_filter not in (queries.UPCOMING_FILTER, queries.PAST_FILTER, queries.ALL_FILTER):
        status_filter = queries.UPCOMING_FILTER
    page = Paginator(queries.list_meetings(community=community, status_filter=status_filter), 20).get_page(
        request.GET.get("page")
    )
    access = Access(request.user)
    context = {
        "community": community,
        "page": page,
        "show": status_filter,
        "may_create": bool(_chair_places(access, community)),
        "query": f"show={status_filter}",
    }
    return render(request, "deliberation/meetings.html", context)


def _chair_places(access: Access, community: Place) -> list[Place]:
    """The community and its compounds where the user may convene a meeting."""
    if not access.is_authenticated:
        return []
    places = [community, *Place.objects.filter(parent=community, kind=PlaceKind.COMPOUND).order_by("name")]
    return [place for place in places if access.can(Capability.CHAIR_MEETING, place)]


def _chair_choices(community: Place) -> list[tuple[int, str]]:
    day = today()
    assignments = (
        RoleAssignment.objects.filter(
            place=community,
            role__in=[str(role) for role in roles_granting(Capability.CHAIR_MEETING)],
            starts_on__lte=day,
            person__is_active=True,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("person")
        .order_by("person__name", "person_id")
    )
    labels = role_labels()
    seen: dict[int, str] = {}
    for item in assignments:
        seen.setdefault(item.person_id, f"{item.person.name}（{labels.get(item.role, item.role)}）")
    return list(seen.items())


def _matter_choices(community: Place) -> list[tuple[int, str]]:
    matters = (
        Matter.objects.filter(
            community=community,
            triage_class__in=[str(item) for item in DELIBERATED_CLASSES],
            status__in=sorted(str(status) for status in actions.AGENDA_STATUSES),
        )
        .select_related("place")
        .order_by("-created_at", "-id")[:100]
    )
    return [(matter.pk, f"{matter.title}（{matter.place.name} · {matter.get_status_display()}）") for matter in matters]


def _facts(form: MeetingForm, *, places: dict[int, Place]) -> actions.MeetingFacts:
    data = form.cleaned_data
    place = places.get(data.get("place") or 0)
    if place is None:
        raise ActionError(gettext("Choose where the meeting is held."), code="meeting_place_missing", field="place")
    return actions.MeetingFacts(
        place=place,
        kind=data.get("kind") or "",
        title=data.get("title") or "",
        starts_at=data.get("starts_at"),
        ends_at=data.get("ends_at"),
        is_dialogue=bool(data.get("is_dialogue")),
        purpose=data.get("purpose") or "",
        venue=data.get("venue") or "",
        location=data.get("location") or "",
        scheduling=data.get("scheduling") or "",
        seat_template=data.get("seat_template") or "",
        chair=person_or_none(data.get("chair")),
    )


@login_required
def new_meeting(request: HttpRequest, community_id: int) -> HttpResponse:
    """Staff prepare a meeting: its kind, place, time, agenda and chair; seats come next."""
    community = community_or_404(community_id)
    access = Access(request.user)
    places = _chair_places(access, community)
    if not places:
        raise PermissionDenied
    kwargs: dict[str, Any] = {
        "places": [(place.pk, place.name) for place in places],
        "chairs": _chair_choices(community),
        "matters": _matter_choices(community),
    }
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST, **kwargs)
        if form.is_valid():
            chosen = list(Matter.objects.filter(pk__in=form.cleaned_data.get("matters") or []))
            try:
                meeting = actions.create_meeting(
                    actor=actor_for(request, "committee_member"),
                    facts=_facts(form, places={place.pk: place for place in places}),
                    matters=chosen,
                )
            except ActionError as error:
                form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The meeting is prepared. Now seat the participants."))
                return HttpResponseRedirect(reverse("deliberation:seats", args=[meeting.pk]))
        else:
            status = 400
    else:
        initial: dict[str, Any] = {"place": places[0].pk, "kind": "deliberation"}
        matter_id = to_int(request.GET.get("matter"))
        if matter_id is not None:
            matter = Matter.objects.filter(pk=matter_id, community=community).select_related("place").first()
            if matter is not None:
                initial["matters"] = [matter.pk]
                initial["title"] = matter.title
                compound = matter.place.ancestor_of_kind(PlaceKind.COMPOUND)
                if compound is not None and compound in places:
                    initial["place"] = compound.pk
        form = MeetingForm(initial=initial, **kwargs)
    return render(
        request,
        "deliberation/meeting_form.html",
        {"form": form, "community": community, "meeting": None},
        status=status,
    )


@login_required
def edit_meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Change a meeting before it opens, and its agenda."""
    meeting = meeting_or_404(meeting_id)
    access = Access(request.user)
    if not access.may_chair(meeting):
        raise PermissionDenied
    community = meeting.community
    places = _chair_places(access, community)
    if meeting.place not in places:
        places.append(meeting.place)
    kwargs: dict[str, Any] = {
        "places": [(place.pk, place.name) for place in places],
        "chairs": _chair_choices(community),
        "matters": [],
        "with_matters": False,
    }
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                actions.update_meeting(
                    actor=actor_for(request, "committee_member"),
                    meeting=meeting,
                    facts=_facts(form, places={place.pk: place for place in places}),
                )
            except ActionError as error:
                form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The meeting is saved."))
                return HttpResponseRedirect(meeting.get_absolute_url())
        else:
            status = 400
    else:
        form = MeetingForm(
            initial={
                "place": meeting.place_id,
                "kind": meeting.kind,
                "is_dialogue": meeting.is_dialogue,
                "title": meeting.title,
                "purpose": meeting.purpose,
                "scheduling": meeting.scheduling,
                "venue": meeting.venue,
                "location": meeting.location,
                "starts_at": timezone.localtime(meeting.starts_at),
                "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
                "seat_template": meeting.seat_template,
                "chair": meeting.chair_id,
            },
            **kwargs,
        )
    agenda = list(meeting.agenda_items.select_related("matter").order_by("position", "id"))
    on_agenda = {item.matter_id for item in agenda}
    addable = [(pk, label) for pk, label in _matter_choices(community) if pk not in on_agenda]
    return render(
        request,
        "deliberation/meeting_form.html",
        {
            "form": form,
            "community": community,
            "meeting": meeting,
            "agenda": agenda,
            "addable_matters": addable,
            "agenda_form": AgendaItemForm(prefix="agenda"),
            "editable": meeting.status_name in meeting_rules.EDITABLE,
        },
        status=status,
    )


@login_required
@require_POST
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_or_404(meeting_id)
    matter = Matter.objects.filter(pk=to_int(request.POST.get("matter")) or 0).select_related("place").first()
    title = request.POST.get("agenda-title", "") if matter is None else ""
    try:
        actions.add_agenda_item(
            actor=actor_for(request, "committee_member"),
            meeting=meeting,
            matter=matter,
            title=title,
            note=request.POST.get("agenda-note", "") if matter is None else "",
        )
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("Added to the agenda."))
    return HttpResponseRedirect(reverse("deliberation:edit", args=[meeting.pk]))


@login_required
@require_POST
def agenda_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_id)
    try:
        actions.remove_agenda_item(actor=actor_for(request, "committee_member"), item=item)
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("Taken off the agenda."))
    return HttpResponseRedirect(reverse("deliberation:edit", args=[item.meeting_id]))


def people_choices(meeting: Meeting) -> list[tuple[int, str]]:
    return [(person.pk, person.name) for person in queries.participants(meeting)]


def agenda_choices(meeting: Meeting) -> list[tuple[int, str]]:
    return [(item.pk, item.title) for item in meeting.agenda_items.order_by("position", "id")]


def meeting_context(request: HttpRequest, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    access = Access(request.user)
    full = access.sees_meeting_in_full(meeting)
    may_chair = access.may_chair(meeting)
    status = meeting.status_name
    context: dict[str, Any] = {
        "meeting": meeting,
        "full": full,
        "may_chair": may_chair,
        "may_assist": access.may_assist_sign_in(meeting),
        "may_review": access.may_review(meeting),
        "editable": status in meeting_rules.EDITABLE,
        "sign_in_open": status in meeting_rules.SIGN_IN_OPEN,
        "minutes_open": status in meeting_rules.MINUTES_OPEN,
        "may_convene": status is meeting_rules.MeetingStatus.PLANNED,
        "may_open": status is meeting_rules.MeetingStatus.CONVENED
        or (status is meeting_rules.MeetingStatus.PLANNED and meeting.scheduling == "ad_hoc"),
        "may_end": status is meeting_rules.MeetingStatus.IN_SESSION,
        "may_cancel": status in (meeting_rules.MeetingStatus.PLANNED, meeting_rules.MeetingStatus.CONVENED),
        "warning_labels": [
            str(SeatCategory(code).label) for code in meeting.seat_warnings if code in SeatCategory.values
        ],
    }
    if full:
        context["page"] = queries.get_meeting_page(meeting, language=language())
        context["agenda"] = context["page"].agenda
        context["my_seat"] = (
            Seat.objects.filter(meeting=meeting, person_id=access.person_id).first() if access.person_id else None
        )
    else:
        context["agenda"] = list(meeting.agenda_items.select_related("matter").order_by("position", "id"))
        context["public_outcomes"] = list(
            meeting.outcomes.filter(status=OutcomeStatus.APPROVED).select_related("agenda_item", "notice")
        )
    if may_chair and status in meeting_rules.MINUTES_OPEN:
        people, agenda = people_choices(meeting), agenda_choices(meeting)
        context.setdefault("minutes_form", MinutesForm(people=people, agenda=agenda, prefix="minutes"))
        recorded = set(meeting.outcomes.values_list("agenda_item_id", flat=True))
        open_items = [(pk, title) for pk, title in agenda if pk not in recorded]
        if open_items or (not agenda and None not in recorded):
            context.setdefault(
                "outcome_form",
                OutcomeForm(
                    agenda=open_items if agenda else None,
                    prefix="outcome",
                    initial={"agenda_item": open_items[0][0]} if open_items else None,
                ),
            )
    context.update(extra)
    return context


def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting's page: facts and agenda for anyone; seats, attendance, minutes, outcome and dissent with names
    for staff and participants."""
    meeting = meeting_or_404(meeting_id)
    return render(request, "deliberation/meeting.html", meeting_context(request, meeting))


def meeting_refusal(request: HttpRequest, meeting: Meeting, error: ActionError, **extra: Any) -> HttpResponse:
    messages.error(request, str(error.message))
    fresh = meeting_or_404(meeting.pk)
    return render(request, "deliberation/meeting.html", meeting_context(request, fresh, **extra), status=error.status)


def _meeting_step(request: HttpRequest, meeting_id: int, step: Any, done: str) -> HttpResponse:
    meeting = meeting_or_404(meeting_id)
    try:
        step(actor=actor_for(request, "committee_member"), meeting=meeting)
    except ActionError as error:
        return meeting_refusal(request, meeting, error)
    messages.success(request, done)
    return HttpResponseRedirect(meeting.get_absolute_url())


@login_required
@require_POST
def convene(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _meeting_step(
        request,
        meeting_id,
        actions.convene_meeting,
        gettext("The invitations are sent, in the app and by text message."),
    )


@login_required
@require_POST
def open_session(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _meeting_step(request, meeting_id, actions.open_meeting, gettext("The meeting is open: sign-in has begun."))


@login_required
@require_POST
def end_session(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _meeting_step(
        request, meeting_id, actions.end_meeting, gettext("The meeting has ended. Submit its outcome for review.")
    )


@login_required
def cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_or_404(meeting_id)
    if not Access(request.user).may_chair(meeting):
        raise PermissionDenied
    status = 200
    form = CancelForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.cancel_meeting(
                    actor=actor_for(request, "committee_member"), meeting=meeting, reason=form.cleaned_data["reason"]
                )
            except ActionError as error:
                form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The meeting is cancelled; the invited were told."))
                return HttpResponseRedirect(meeting.get_absolute_url())
        else:
            status = 400
    return render(request, "deliberation/cancel.html", {"meeting": meeting, "form": form}, status=status)


@login_required
def seats(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Seat people from the template's suggestions, add stakeholders, and check every template seat is filled."""
    meeting = meeting_or_404(meeting_id)
    access = Access(request.user)
    if not access.may_chair(meeting):
        raise PermissionDenied
    template = seat_rules.get_template(meeting.seat_template)
    current = language()
    categories = [
        (category.value, str(template.seat_label(category).in_language(current)))
        for category in seat_rules.categories_of(template)
    ]
    status = 200
    form = SeatForm(categories=categories)
    if request.method == "POST":
        form = SeatForm(request.POST, categories=categories)
        if form.is_valid():
            person = person_or_none(form.cleaned_data["person"])
            try:
                if person is None:
                    raise ActionError(
                        gettext("Choose a person from the list."), code="seat_person_missing", field="person"
                    )
                actions.add_seat(
                    actor=actor_for(request, "committee_member"),
                    meeting=meeting,
                    person=person,
                    category=form.cleaned_data["category"],
                    note=form.cleaned_data.get("note") or "",
                )
            except ActionError as error:
                messages.error(request, str(error.message))
                status = error.status
            else:
                messages.success(request, gettext("%(name)s is seated.") % {"name": person.name})
                return HttpResponseRedirect(reverse("deliberation:seats", args=[meeting.pk]) + "#seated")
        else:
            messages.error(request, gettext("Choose a person and a seat."))
            status = 400
    search = request.GET.get("q", "")[:50]
    context = {
        "meeting": meeting,
        "page": queries.get_meeting_page(meeting, language=current),
        "suggestions": queries.suggest_people(meeting, language=current, role_labels=role_labels()),
        "stakeholders": queries.stakeholder_candidates(meeting, search=search),
        "found": queries.search_people(community=meeting.community, search=search) if search else [],
        "search": search,
        "categories": categories,
        "form": form,
        "changeable": meeting.status_name in meeting_rules.SEATS_CHANGEABLE,
        "stakeholder_category": SeatCategory.STAKEHOLDERS.value,
    }
    return render(request, "deliberation/seats.html", context, status=status)


@login_required
@require_POST
def seat_remove(request: HttpRequest, seat_id: int) -> HttpResponse:
    seat = get_object_or_404(Seat.objects.select_related("meeting", "person"), pk=seat_id)
    try:
        actions.remove_seat(actor=actor_for(request, "committee_member"), seat=seat)
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("The seat is removed."))
    return HttpResponseRedirect(reverse("deliberation:seats", args=[seat.meeting_id]) + "#seated")


@login_required
def sign_in_code(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting's sign-in QR code for participants' phones, and staff signing people in at the door."""
    meeting = meeting_or_404(meeting_id)
    access = Access(request.user)
    if not access.may_assist_sign_in(meeting):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("renew"):
        try:
            meeting = actions.renew_sign_in_code(actor=actor_for(request, "committee_member"), meeting=meeting)
        except ActionError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, gettext("A new code is shown; the old one no longer works."))
        return HttpResponseRedirect(reverse("deliberation:sign_in_code", args=[meeting.pk]))
    token = make_token(meeting)
    url = request.build_absolute_uri(reverse("deliberation:sign_in", args=[meeting.pk, token]))
    context = {
        "meeting": meeting,
        "page": queries.get_meeting_page(meeting, language=language()),
        "open": meeting.status_name in meeting_rules.SIGN_IN_OPEN,
        "sign_in_url": url,
        "qr": qr_svg(url, label=gettext("Sign-in code of this meeting: scan it with your phone")),
        "may_renew": access.may_chair(meeting),
    }
    return render(request, "deliberation/sign_in_code.html", context)


@login_required
@require_POST
def assisted_sign_in(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_or_404(meeting_id)
    person = person_or_none(to_int(request.POST.get("person")))
    try:
        if person is None:
            raise ActionError(gettext("Choose a person from the list."), code="sign_in_person_missing")
        result = actions.sign_in_for(actor=actor_for(request, "committee_member"), meeting=meeting, person=person)
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        if result.created:
            messages.success(request, gettext("%(name)s is signed in.") % {"name": person.name})
        else:
            messages.info(request, gettext("%(name)s was already signed in.") % {"name": person.name})
    return HttpResponseRedirect(reverse("deliberation:sign_in_code", args=[meeting.pk]) + "#attendance")


def sign_in(request: HttpRequest, meeting_id: int, token: str) -> HttpResponse:
    """A participant's own sign-in: opened from the QR code on their phone, confirmed with one tap."""
    meeting = meeting_or_404(meeting_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    status = 200
    done = None
    error_message = ""
    if request.method == "POST":
        try:
            result = actions.sign_in_with_code(actor=actor_for(request, "participant"), meeting=meeting, token=token)
        except ActionError as error:
            error_message = str(error.message)
            status = error.status
        else:
            done = result
    else:
        try:
            check_token(meeting, token)
            if meeting.status_name not in meeting_rules.SIGN_IN_OPEN:
                raise ActionError(
                    gettext("Sign-in is not open for this meeting (%(status)s).")
                    % {"status": meeting.get_status_display()},
                    code="meeting_status",
                )
        except ActionError as error:
            error_message = str(error.message)
            status = error.status
    person = request.user.person if request.user.person_id else None  # type: ignore[union-attr]
    seat = Seat.objects.filter(meeting=meeting, person=person).first() if person is not None else None
    return render(
        request,
        "deliberation/sign_in.html",
        {"meeting": meeting, "done": done, "error_message": error_message, "person": person, "seat": seat},
        status=status,
    )

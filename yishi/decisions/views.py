"""Pages of votes: staff create, open, enter ballots, run the meeting, close, count and publish; residents vote
on their phone; everyone reads the roll and the explained result. Thin: parse, call one action or query, render."""

import datetime
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError
from yishi.audit.models import Channel
from yishi.decisions import actions, queries, texts
from yishi.decisions.domain.basis import BASIS_INFO, MEETING_BASES, VoteBasis
from yishi.decisions.domain.explain import Status
from yishi.decisions.domain.village import FourTwoStep as StepName
from yishi.decisions.errors import current_language
from yishi.decisions.forms import (
    AuthorityForm,
    BallotForm,
    BasisForm,
    EnterBallotForm,
    FourTwoStepForm,
    HandsForm,
    PublishForm,
    RollSourceForm,
    VoteForm,
)
from yishi.decisions.models import (
    Attendance,
    Basis,
    FourTwoSequence,
    FourTwoStep,
    OptionKind,
    RollEntry,
    ShowOfHands,
    Vote,
    VoteStatus,
)
from yishi.matters.models import Matter
from yishi.people.acting import actor_for
from yishi.people.domain.roles import Capability
from yishi.people.models import Person
from yishi.people.permissions import places_where
from yishi.places.models import Place, PlaceKind

ROLL_PAGE_SIZE = 100
SEARCH_SHOWN = 30
_FLAGGED = {Status.UNCONFIRMED: "unconfirmed", Status.CONFIRMED_LOCAL: "local", Status.CUSTOM: "configurable"}


def _user(request: HttpRequest) -> Any:
    """The signed-in user (or anonymous) for the permission helpers, which take any user-like object."""
    return request.user


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _form_error(form: Any, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _vote(request: HttpRequest, vote_id: int) -> Vote:
    """A vote as the viewer may see it: drafts only to the staff who run it."""
    vote = queries.get_vote(vote_id)
    if vote is None:
        raise Http404
    if vote.status == VoteStatus.DRAFT and not (
        queries.can_manage(request.user, vote) or queries.can_record(request.user, vote)
    ):
        raise Http404
    return vote


def _staff_actor(
    request: HttpRequest, capability: Capability, vote: Vote | None = None, place: Place | None = None
) -> Actor:
    return actor_for(request.user, capability, vote.place if vote is not None else place)


def _basis_info(basis: str) -> dict[str, Any]:
    info = BASIS_INFO[VoteBasis(basis)]
    language = current_language()
    return {
        "value": basis,
        "label": Basis(basis).label,
        "name": info.name.get(language),
        "rule": info.rule.get(language),
        "citation": info.citation.text.get(language),
        "settings": [
            {
                "label": note.label.get(language),
                "citation": note.citation.text.get(language),
                "flag": _FLAGGED.get(note.citation.status, ""),
            }
            for note in info.settings
        ],
    }


# --- lists ------------------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """Votes I may vote in, votes I run, and every community's published results."""
    context: dict[str, Any] = {"staff_votes": [], "my_votes": [], "sequences": []}
    if request.user.is_authenticated:
        person_id = request.user.person_id  # type: ignore[union-attr]
        context["my_votes"] = queries.list_my_votes(person_id, limit=20)
        context["staff_votes"] = list(queries.list_staff_votes(request.user)[:50])
        context["may_create"] = places_where(_user(request), Capability.MANAGE_VOTE).exists()
        context["sequences"] = list(queries.list_sequences(request.user)[:20])
        context["village_matters"] = queries.village_matters_without_sequence(request.user)
    context["published"] = list(
        Vote.objects.filter(status=VoteStatus.PUBLISHED)
        .select_related("community", "result")
        .order_by("-published_at")[:20]
    )
    return render(request, "decisions/index.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """My votes: where I am on the roll (or hold an authority), open first."""
    my_votes = queries.list_my_votes(request.user.person_id, limit=100)  # type: ignore[union-attr]
    return render(request, "decisions/mine.html", {"my_votes": my_votes})


# --- creating and editing ----------------------------------------------------------------------------------


def _place_choices(user: Any, basis: str | None = None) -> list[tuple[int, str]]:
    kinds = [PlaceKind.COMMUNITY, PlaceKind.COMPOUND, PlaceKind.BUILDING]
    choices: list[tuple[int, str]] = []
    seen: set[int] = set()
    for root in places_where(user, Capability.MANAGE_VOTE).order_by("path")[:20]:
        for place in Place.objects.within(root).filter(kind__in=kinds).select_related("parent").order_by("path")[:500]:
            if place.pk in seen:
                continue
            seen.add(place.pk)
            if basis is not None and not actions.place_fits(basis, place):
                continue
            prefix = "" if place.kind == PlaceKind.COMMUNITY else ("· " if place.kind == PlaceKind.COMPOUND else "·· ")
            choices.append((place.pk, f"{prefix}{place.name}"))
    return choices


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """Step one: choose the basis in plain words, each with the rule that applies and what may be configured."""
    if not places_where(_user(request), Capability.MANAGE_VOTE).exists():
        raise PermissionDenied
    matter = _matter(request)
    suggestion = None
    if matter is not None:
        suggestion = queries.suggest_for_matter(matter, owners_matter=request.GET.get("owners_matter") or None)
    if request.method == "POST":
        form = BasisForm(request.POST)
        if form.is_valid():
            target = reverse("decisions:new_details", args=[form.cleaned_data["basis"]])
            return HttpResponseRedirect(target + (f"?matter={matter.pk}" if matter else ""))
        status = 400
    else:
        form = BasisForm(initial={"basis": suggestion.basis.value if suggestion else None})
        status = 200
    language = current_language()
    context = {
        "form": form,
        "bases": [_basis_info(value) for value in Basis.values],
        "matter": matter,
        "suggestion": suggestion,
        "suggestion_reason": suggestion.reason.get(language) if suggestion else "",
    }
    return render(request, "decisions/new.html", context, status=status)


def _matter(request: HttpRequest) -> Matter | None:
    matter_id = _int(request.GET.get("matter") or request.POST.get("matter"))
    if matter_id is None:
        return None
    return Matter.objects.select_related("place", "community", "compound").filter(pk=matter_id).first()


def _vote_form_initial(matter: Matter | None) -> dict[str, Any]:
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial: dict[str, Any] = {
        "opens_at": now,
        "closes_at": now + datetime.timedelta(days=7),
        "secrecy": "named",
        "spoiled_counts_as_participating": True,
        "quorum_inclusive": True,
        "threshold": "1/2",
        "online_electorate": "adults",
    }
    if matter is not None:
        initial.update(title=matter.title[:100], place=matter.place.pk)
    return initial


@login_required
def new_details(request: HttpRequest, basis: str) -> HttpResponse:
    """Step two: the question, the place, the window, the ballot and the settings of the chosen basis."""
    if basis not in Basis.values:
        raise Http404
    places = _place_choices(request.user, basis)
    if not places:
        raise PermissionDenied
    matter = _matter(request)
    status = 200
    if request.method == "POST":
        form = VoteForm(request.POST, places=places)
        status = 400
        if form.is_valid():
            settings = form.settings()
            if form.is_valid():
                place = Place.objects.get(pk=form.cleaned_data["place"])
                try:
                    vote = actions.create_vote(
                        actor=_staff_actor(request, Capability.MANAGE_VOTE, place=place),
                        draft=_draft(form, place, basis, settings),
                        matter=matter,
                    )
                except ActionError as error:
                    _form_error(form, error)
                    status = error.status
                else:
                    messages.success(request, gettext("The vote was drafted. Check its roll, then open it."))
                    return HttpResponseRedirect(vote.get_absolute_url())
    else:
        form = VoteForm(places=places, initial=_vote_form_initial(matter))
    context = {
        "form": form,
        "basis": _basis_info(basis),
        "matter": matter,
        "is_meeting": VoteBasis(basis) in MEETING_BASES,
    }
    return render(request, "decisions/vote_form.html", context, status=status)


def _draft(form: VoteForm, place: Place, basis: str, settings: actions.VoteSettings) -> actions.VoteDraft:
    data = form.cleaned_data
    return actions.VoteDraft(
        title=data["title"],
        question=data["question"],
        place=place,
        basis=basis,
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        secrecy=data.get("secrecy") or "named",
        allow_change=bool(data.get("allow_change")),
        settings=settings,
    )


def _initial_of(vote: Vote) -> dict[str, Any]:
    def share(numerator: int | None, denominator: int | None) -> str:
        return f"{numerator}/{denominator}" if numerator is not None and denominator is not None else ""

    return {
        "title": vote.title,
        "question": vote.question,
        "place": vote.place_id,
        "opens_at": timezone.localtime(vote.opens_at),
        "closes_at": timezone.localtime(vote.closes_at),
        "secrecy": vote.secrecy,
        "allow_change": vote.allow_change,
        "owners_matter": vote.owners_matter,
        "matter_class_override": vote.matter_class_override,
        "count_non_voters": vote.count_non_voters,
        "spoiled_counts_as_participating": vote.spoiled_counts_as_participating,
        "residents_mode": vote.residents_mode,
        "villagers_mode": vote.villagers_mode,
        "resolving_body": vote.resolving_body,
        "village_matter": vote.village_matter,
        "authorised": vote.authorised,
        "authorisation_reference": vote.authorisation_reference,
        "online_electorate": vote.electorate,
        "quorum": share(vote.quorum_numerator, vote.quorum_denominator),
        "quorum_inclusive": vote.quorum_inclusive,
        "threshold": share(vote.threshold_numerator, vote.threshold_denominator),
        "threshold_inclusive": vote.threshold_inclusive,
        "threshold_base": vote.threshold_base,
        "residence_rule": vote.residence_rule,
    }


@login_required
def edit(request: HttpRequest, vote_id: int) -> HttpResponse:
    """Change a draft vote."""
    vote = _vote(request, vote_id)
    if not queries.can_manage(request.user, vote):
        raise PermissionDenied
    places = _place_choices(request.user, vote.basis)
    status = 200
    if request.method == "POST":
        form = VoteForm(request.POST, places=places)
        status = 400
        if form.is_valid():
            settings = form.settings()
            if form.is_valid():
                place = Place.objects.get(pk=form.cleaned_data["place"])
                try:
                    actions.update_vote(
                        actor=_staff_actor(request, Capability.MANAGE_VOTE, vote),
                        vote=vote,
                        draft=_draft(form, place, vote.basis, settings),
                    )
                except ActionError as error:
                    _form_error(form, error)
                    status = error.status
                else:
                    messages.success(request, gettext("The vote was saved."))
                    return HttpResponseRedirect(vote.get_absolute_url())
    else:
        form = VoteForm(places=places, initial=_initial_of(vote))
    context = {
        "form": form,
        "basis": _basis_info(vote.basis),
        "vote": vote,
        "matter": vote.matter,
        "is_meeting": vote.is_meeting,
    }
    return render(request, "decisions/vote_form.html", context, status=status)


# --- the vote, its roll source, its roll -----------------------------------------------------------------


def detail(request: HttpRequest, vote_id: int) -> HttpResponse:
    """A vote: what is asked, under which rule, when; for staff, the next step to take."""
    vote = _vote(request, vote_id)
    user = request.user
    context: dict[str, Any] = {
        "vote": vote,
        "basis": _basis_info(vote.basis),
        "basis_plain": texts.basis_plain(vote),
        "window": texts.window_line(vote),
        "may_manage": queries.can_manage(user, vote),
        "may_record": queries.can_record(user, vote),
        "may_count": queries.can_count(user, vote),
        "publish_form": PublishForm(),
    }
    if vote.status != VoteStatus.DRAFT:
        context["roll_line"] = texts.roll_line(vote)
        context["progress"] = _progress(vote) if context["may_record"] or context["may_manage"] else None
    if user.is_authenticated and user.person_id and vote.status == VoteStatus.OPEN:  # type: ignore[union-attr]
        context["may_vote"] = bool(actions.entries_castable_by(vote, user.person_id))  # type: ignore[union-attr]
    result = getattr(vote, "result", None) if vote.status in (VoteStatus.COUNTED, VoteStatus.PUBLISHED) else None
    context["result"] = result
    if result is not None:
        context["outcome_line"] = texts.outcome_line(result)
    return render(request, "decisions/detail.html", context)


def _progress(vote: Vote) -> dict[str, int]:
    from yishi.decisions.models import Ballot, Participation

    table = Participation if vote.is_secret else Ballot
    progress = {"cast": table.objects.filter(vote=vote).count(), "roll": vote.roll_size}
    if vote.is_meeting:
        progress["present"] = Attendance.objects.filter(vote=vote).count()
    return progress


@login_required
def roll_source(request: HttpRequest, vote_id: int) -> HttpResponse:
    """Before opening: who counts as a resident, who votes online, areas for units the register lacks; and a
    preview of the roll as it would be frozen now."""
    from yishi.decisions import roll as roll_building

    vote = _vote(request, vote_id)
    if not queries.can_manage(request.user, vote):
        raise PermissionDenied
    if vote.status != VoteStatus.DRAFT:
        return HttpResponseRedirect(reverse("decisions:roll", args=[vote.pk]))
    missing = _units_without_area(vote) if vote.electorate == "owners" else []
    status = 200
    form = RollSourceForm(
        request.POST or None, initial={"residence_rule": vote.residence_rule, "online_electorate": vote.electorate}
    )
    if request.method == "POST":
        status = 400
        if form.is_valid():
            areas = [
                actions.AreaInput(
                    unit=unit,
                    area=request.POST.get(f"area-{unit.pk}", ""),
                    source=request.POST.get(f"source-{unit.pk}", "contract"),
                )
                for unit, _correction in missing
            ]
            try:
                actions.update_roll_source(
                    actor=_staff_actor(request, Capability.MANAGE_VOTE, vote),
                    vote=vote,
                    residence_rule=form.cleaned_data["residence_rule"],
                    online_electorate=form.cleaned_data.get("online_electorate") or "",
                    areas=areas,
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The roll source was saved."))
                return HttpResponseRedirect(reverse("decisions:roll_source", args=[vote.pk]))
    preview: Any = None
    preview_error = ""
    try:
        preview = roll_building.compute_roll(vote, on=timezone.localdate(max(timezone.now(), vote.opens_at)))
    except ActionError as error:
        preview_error = str(error.message)
    context = {
        "vote": vote,
        "form": form,
        "missing": missing,
        "preview": preview,
        "preview_entries": preview.entries[:50] if preview else [],
        "preview_error": preview_error,
        "area_sources": [
            ("contract", gettext("Purchase contract")),
            ("surveyed", gettext("Surveyed area")),
            ("register", gettext("Real-estate register")),
        ],
        "is_owners": vote.electorate == "owners",
        "total_area": texts.area(preview.total_area) if preview is not None and preview.total_area is not None else "",
    }
    return render(request, "decisions/roll_source.html", context, status=status)


def _units_without_area(vote: Vote) -> list[tuple[Place, Any]]:
    from yishi.decisions.models import AreaCorrection

    units = list(
        Place.objects.within(vote.place)
        .filter(kind=PlaceKind.UNIT, exclusive_area__isnull=True)
        .select_related("parent")
        .order_by("path")[:200]
    )
    corrections = {item.unit_id: item for item in AreaCorrection.objects.filter(vote=vote, unit__in=units)}
    return [(unit, corrections.get(unit.pk)) for unit in units]


def roll(request: HttpRequest, vote_id: int) -> HttpResponse:
    """The frozen roll as published: number, name and unit or group only."""
    vote = _vote(request, vote_id)
    if vote.status == VoteStatus.DRAFT:
        return HttpResponseRedirect(reverse("decisions:roll_source", args=[vote.pk]))
    search = (request.GET.get("q") or "").strip()[:50]
    page = Paginator(queries.roll_entries(vote, search=search), ROLL_PAGE_SIZE).get_page(request.GET.get("page"))
    explanation = vote.roll_summary.get("explanation", {}).get(current_language().value, [])
    context = {
        "vote": vote,
        "page": page,
        "search": search,
        "roll_line": texts.roll_line(vote),
        "explanation": explanation,
        "left_out": vote.roll_summary.get("left_out", {}),
    }
    return render(request, "decisions/roll.html", context)


# --- opening, closing, counting, publishing -----------------------------------------------------------------


def _step(request: HttpRequest, vote_id: int, capability: Capability, run: Any, success: str) -> HttpResponse:
    vote = _vote(request, vote_id)
    try:
        run(actor=_staff_actor(request, capability, vote), vote=vote)
    except ActionError as error:
        messages.error(request, str(error.message))
        response = render(
            request, "decisions/refused.html", {"vote": vote, "message": error.message}, status=error.status
        )
        return response
    messages.success(request, success)
    return HttpResponseRedirect(vote.get_absolute_url())


@login_required
@require_POST
def open_vote(request: HttpRequest, vote_id: int) -> HttpResponse:
    return _step(
        request,
        vote_id,
        Capability.MANAGE_VOTE,
        actions.open_vote,
        gettext("The vote is open; its roll is frozen and published."),
    )


@login_required
@require_POST
def close_vote(request: HttpRequest, vote_id: int) -> HttpResponse:
    return _step(request, vote_id, Capability.MANAGE_VOTE, actions.close_vote, gettext("The vote is closed."))


@login_required
@require_POST
def count_vote(request: HttpRequest, vote_id: int) -> HttpResponse:
    return _step(request, vote_id, Capability.MANAGE_VOTE, actions.count_vote, gettext("The vote is counted."))


@login_required
@require_POST
def publish_result(request: HttpRequest, vote_id: int) -> HttpResponse:
    form = PublishForm(request.POST)
    if_failed = form.cleaned_data.get("if_failed") if form.is_valid() else ""

    def run(*, actor: Actor, vote: Vote) -> Any:
        return actions.publish_result(actor=actor, vote=vote, if_failed=if_failed or "deliberating")

    return _step(
        request, vote_id, Capability.MANAGE_VOTE, run, gettext("The result is published on the community's board.")
    )


# --- staff entering ballots ---------------------------------------------------------------------------------


@login_required
def enter(request: HttpRequest, vote_id: int) -> HttpResponse:
    """Staff search the roll by name and enter a paper or assisted ballot (with its reference and a witness)."""
    vote = _vote(request, vote_id)
    if not queries.can_record(request.user, vote):
        raise PermissionDenied
    search = (request.GET.get("q") or "").strip()[:50]
    found = list(queries.roll_entries(vote, search=search, with_status=True)[:SEARCH_SHOWN]) if search else []
    if _is_htmx(request) and request.method == "GET":
        return render(request, "decisions/_roll_search.html", {"vote": vote, "found": found, "search": search})
    entry = _entry(vote, request.GET.get("entry") or request.POST.get("entry"))
    form: EnterBallotForm | None = None
    authority_form: AuthorityForm | None = None
    status = 200
    if entry is not None:
        spoiled = vote.is_owners
        if request.method == "POST":
            form = EnterBallotForm(request.POST, spoiled=spoiled, meeting=vote.is_meeting)
            status = 400
            if form.is_valid():
                data = form.cleaned_data
                try:
                    receipt = actions.enter_ballot(
                        actor=_staff_actor(request, Capability.RECORD_BALLOT, vote),
                        vote=vote,
                        entry=entry,
                        option=data["option"],
                        channel=data["channel"],
                        paper_reference=data.get("paper_reference") or "",
                        witness=data.get("witness") or "",
                        idempotency_key=data["key"],
                    )
                except ActionError as error:
                    _form_error(form, error)
                    if error.field is None:
                        # A refusal of the ballot itself (a second ballot): said above the page, where it stays
                        # visible even though the line now shows as voted.
                        messages.error(request, str(error.message))
                    status = error.status
                else:
                    messages.success(
                        request,
                        gettext("Ballot entered for %(name)s (No. %(number)s).")
                        % {"name": receipt.entry_name, "number": receipt.entry_number},
                    )
                    return HttpResponseRedirect(reverse("decisions:enter", args=[vote.pk]))
        else:
            form = EnterBallotForm(
                spoiled=spoiled,
                meeting=vote.is_meeting,
                initial={"key": actions.new_idempotency_key(), "channel": "paper"},
            )
        people = _authority_people(vote, entry, (request.GET.get("agent") or "").strip()[:50])
        authority_form = AuthorityForm(initial={"entry": entry.pk}, people=people) if people else None
    context = {
        "vote": vote,
        "found": found,
        "search": search,
        "entry": entry,
        "entry_voted": entry is not None and _voted(entry),
        "entry_voters": list(entry.voters.select_related("person")) if entry is not None else [],
        "form": form,
        "authority_form": authority_form,
        "progress": _progress(vote),
    }
    return render(request, "decisions/enter.html", context, status=status)


def _entry(vote: Vote, raw: str | None) -> RollEntry | None:
    entry_id = _int(raw)
    if entry_id is None:
        return None
    return RollEntry.objects.filter(vote=vote, pk=entry_id).select_related("person").first()


def _voted(entry: RollEntry) -> bool:
    return RollEntry.objects.filter(pk=entry.pk).filter(queries.voted_filter()).exists()


def _authority_people(vote: Vote, entry: RollEntry, search: str) -> list[tuple[int, str]]:
    """The line's co-owners, and people of the community found by name who could hold a written authority."""
    people = [(voter.person_id, voter.person.name) for voter in entry.voters.select_related("person")]
    if search:
        found = (
            Person.objects.filter(is_active=True, name__contains=search)
            .filter(home__path__startswith=vote.community.path)
            .select_related("home")
            .order_by("name", "id")[:20]
        )
        known = {pk for pk, _name in people}
        people += [
            (person.pk, f"{person.name}（{person.home.name if person.home else ''}）")
            for person in found
            if person.pk not in known
        ]
    return people


@login_required
@require_POST
def authority(request: HttpRequest, vote_id: int) -> HttpResponse:
    """Record a written authority (YZ-9) for a named person, or the co-owner chosen to vote (YZ-8)."""
    vote = _vote(request, vote_id)
    if not queries.can_record(request.user, vote):
        raise PermissionDenied
    entry = _entry(vote, request.POST.get("entry"))
    if entry is None:
        raise Http404
    person_id = _int(request.POST.get("person"))
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    try:
        if person is None:
            raise ActionError(gettext("Choose the person."), code="authority_person_missing", field="person")
        actions.record_authority(
            actor=_staff_actor(request, Capability.RECORD_BALLOT, vote),
            vote=vote,
            entry=entry,
            person=person,
            kind=request.POST.get("kind", ""),
            reference=request.POST.get("reference", ""),
        )
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("The authority was recorded."))
    return HttpResponseRedirect(reverse("decisions:enter", args=[vote.pk]) + f"?entry={entry.pk}")


# --- the meeting ----------------------------------------------------------------------------------------------


@login_required
def meeting(request: HttpRequest, vote_id: int) -> HttpResponse:
    """Record who is present (by line of the roll) and the show of hands, which must add up to the attendance."""
    vote = _vote(request, vote_id)
    if not vote.is_meeting:
        raise Http404
    if not queries.can_record(request.user, vote):
        raise PermissionDenied
    search = (request.GET.get("q") or request.POST.get("q") or "").strip()[:50]
    hands_form = HandsForm()
    status = 200
    if request.method == "POST":
        actor = Actor(
            user=_user(request),
            acting_role=_staff_actor(request, Capability.RECORD_BALLOT, vote).acting_role,
            channel=Channel.MEETING,
        )
        try:
            if "hands" in request.POST:
                hands_form = HandsForm(request.POST)
                if not hands_form.is_valid():
                    raise ActionError(gettext("Counts are whole numbers, zero or more."), code="hands_not_count")
                actions.record_show_of_hands(actor=actor, vote=vote, **hands_form.cleaned_data)
                messages.success(request, gettext("The show of hands was recorded."))
            elif "absent" in request.POST:
                absent = RollEntry.objects.filter(vote=vote, pk=_int(request.POST.get("absent")) or 0)
                actions.record_attendance(actor=actor, vote=vote, entries=list(absent), present=False)
            else:
                ids = [_int(raw) for raw in request.POST.getlist("entry")]
                present = RollEntry.objects.filter(vote=vote, pk__in=[pk for pk in ids if pk])
                actions.record_attendance(actor=actor, vote=vote, entries=list(present), present=True)
            return HttpResponseRedirect(
                reverse("decisions:meeting", args=[vote.pk]) + (f"?q={search}" if search else "")
            )
        except ActionError as error:
            messages.error(request, str(error.message))
            status = error.status
    entries = Paginator(queries.roll_entries(vote, search=search), ROLL_PAGE_SIZE).get_page(request.GET.get("page"))
    present_ids = set(
        Attendance.objects.filter(vote=vote, entry_id__in=[entry.pk for entry in entries]).values_list(
            "entry_id", flat=True
        )
    )
    hands = ShowOfHands.objects.filter(vote=vote).first()
    if hands is not None and request.method != "POST":
        hands_form = HandsForm(initial={"agree": hands.agree, "disagree": hands.disagree, "abstain": hands.abstain})
    context = {
        "vote": vote,
        "page": entries,
        "present_ids": present_ids,
        "search": search,
        "hands_form": hands_form,
        "hands": hands,
        "progress": _progress(vote),
    }
    return render(request, "decisions/meeting.html", context, status=status)


# --- the resident's ballot --------------------------------------------------------------------------------


@login_required
def ballot(request: HttpRequest, vote_id: int) -> HttpResponse:
    """One question, big choices, a confirmation, a receipt. A named ballot may be changed until the close if the
    vote allows it."""
    vote = _vote(request, vote_id)
    person_id = request.user.person_id  # type: ignore[union-attr]
    castable = actions.entries_castable_by(vote, person_id) if person_id else []
    if not castable:
        return render(request, "decisions/ballot_closed.html", {"vote": vote, "reason": "not_on_roll"}, status=403)
    if vote.is_meeting:
        return render(request, "decisions/ballot_closed.html", {"vote": vote, "reason": "meeting"})
    now = timezone.now()
    if vote.status != VoteStatus.OPEN or now >= vote.closes_at or now < vote.opens_at:
        reason = "not_yet" if vote.status == VoteStatus.DRAFT or now < vote.opens_at else "closed"
        return render(request, "decisions/ballot_closed.html", {"vote": vote, "reason": reason})
    entry_id = _int(request.POST.get("entry") or request.GET.get("entry"))
    chosen = next((item for item in castable if item[0].pk == entry_id), castable[0] if len(castable) == 1 else None)
    if chosen is None:
        return render(request, "decisions/ballot_choose.html", {"vote": vote, "castable": _with_voted(castable)})
    entry, capacity = chosen
    receipt_key = request.GET.get("receipt")
    status = 200
    if request.method == "POST":
        form = BallotForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("confirm") != "1":
                label = dict(OptionKind.choices)[data["option"]]
                context = {"vote": vote, "form": form, "entry": entry, "capacity": capacity, "label": label}
                return render(request, "decisions/ballot_confirm.html", context)
            try:
                receipt = actions.cast_ballot(
                    actor=Actor(user=request.user, acting_role="resident", channel=Channel.ONLINE),  # type: ignore[arg-type]
                    vote=vote,
                    option=data["option"],
                    idempotency_key=data["key"],
                    entry=entry,
                    change=bool(data.get("change")),
                )
            except ActionError as error:
                form.add_error(None, str(error.message))
                status = error.status
            else:
                target = reverse("decisions:ballot", args=[vote.pk])
                return HttpResponseRedirect(
                    f"{target}?entry={entry.pk}&receipt={receipt.entry_number}-{receipt.revision}"
                )
        else:
            status = 400
    else:
        change = request.GET.get("change") == "1"
        form = BallotForm(initial={"key": actions.new_idempotency_key(), "entry": entry.pk, "change": change})
    current = _current_ballot(vote, entry)
    if current is not None and request.method != "POST" and request.GET.get("change") != "1":
        context = {
            "vote": vote,
            "entry": entry,
            "current": current,
            "just_cast": bool(receipt_key),
            "may_change": vote.allow_change and not vote.is_secret,
        }
        return render(request, "decisions/ballot_receipt.html", context)
    context = {
        "vote": vote,
        "form": form,
        "entry": entry,
        "capacity": capacity,
        "changing": request.GET.get("change") == "1",
    }
    return render(request, "decisions/ballot.html", context, status=status)


def _with_voted(castable: list[tuple[RollEntry, str]]) -> list[dict[str, Any]]:
    return [{"entry": entry, "capacity": capacity, "voted": _voted(entry)} for entry, capacity in castable]


def _current_ballot(vote: Vote, entry: RollEntry) -> dict[str, Any] | None:
    from yishi.decisions.models import Ballot, Participation

    if vote.is_secret:
        mark = Participation.objects.filter(entry=entry).first()
        return None if mark is None else {"secret": True, "on": mark.voted_on, "channel": mark.get_channel_display()}
    found = Ballot.objects.select_related("option").filter(entry=entry).first()
    if found is None:
        return None
    return {
        "secret": False,
        "option": found.option.label,
        "revision": found.revision,
        "on": timezone.localtime(found.changed_at or found.cast_at),
        "channel": found.get_channel_display(),
    }


# --- the result ----------------------------------------------------------------------------------------------


def result(request: HttpRequest, vote_id: int) -> HttpResponse:
    """The explained result: ✓/✗ per condition with its figures and article, the figures, the settings relied on.
    Public once published; staff see it from the count."""
    vote = _vote(request, vote_id)
    stored = getattr(vote, "result", None)
    visible = vote.status == VoteStatus.PUBLISHED or (
        vote.status == VoteStatus.COUNTED
        and (queries.can_manage(request.user, vote) or queries.can_count(request.user, vote))
    )
    if stored is None or not visible:
        raise Http404
    language = current_language().value
    lines = stored.explanation.get(language, [])
    conditions = [
        {"line": line, "passed": condition["passed"], "rule_ref": condition["rule_ref"], "status": condition["status"]}
        for condition, line in zip(stored.conditions, lines, strict=False)
    ]
    settings_lines = lines[len(stored.conditions) :]
    context = {
        "vote": vote,
        "result": stored,
        "basis_plain": texts.basis_plain(vote),
        "outcome_line": texts.outcome_line(stored),
        "figure_lines": texts.figure_lines(vote, stored),
        "conditions": conditions,
        "settings_lines": settings_lines,
        "case_json": json.dumps(stored.case, ensure_ascii=False, indent=2),
    }
    return render(request, "decisions/result.html", context)


# --- 四议两公开 ------------------------------------------------------------------------------------------------


@login_required
@require_POST
def four_two_start(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = get_object_or_404(Matter.objects.select_related("community"), pk=matter_id)
    try:
        sequence = actions.start_four_two(
            actor=actor_for(request.user, Capability.MANAGE_VOTE, matter.community),
            matter=matter,
            allow_merged_proposal=request.POST.get("allow_merged_proposal") == "1",
        )
    except ActionError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(matter.get_absolute_url())
    return HttpResponseRedirect(sequence.get_absolute_url())


def four_two(request: HttpRequest, sequence_id: int) -> HttpResponse:
    """The six steps of a village matter, as taken, checked against SY-1; staff record the next one."""
    sequence = get_object_or_404(FourTwoSequence.objects.select_related("matter", "village"), pk=sequence_id)
    from yishi.people.permissions import can

    may_manage = request.user.is_authenticated and can(request.user, Capability.MANAGE_VOTE, sequence.village)  # type: ignore[arg-type]
    outcome = queries.evaluate_sequence(sequence)
    votes = [
        (vote.pk, vote.title)
        for vote in Vote.objects.filter(matter=sequence.matter, status__in=[VoteStatus.COUNTED, VoteStatus.PUBLISHED])
    ]
    steps = [(step.value, str(FourTwoStep(step.value).label)) for step in StepName]
    status = 200
    form = FourTwoStepForm(
        steps=steps,
        votes=votes,
        initial={"step": outcome.next_step.value if outcome.next_step else "", "on": timezone.localdate()},
    )
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        form = FourTwoStepForm(request.POST, steps=steps, votes=votes)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            chosen_vote = data.get("resolution_vote")
            vote_choice = (
                Vote.objects.select_related("result").filter(pk=chosen_vote).first()
                if chosen_vote is not None
                else None
            )
            try:
                actions.record_four_two_step(
                    actor=actor_for(request.user, Capability.MANAGE_VOTE, sequence.village),
                    sequence=sequence,
                    step=data["step"],
                    on=data["on"],
                    note=data.get("note") or "",
                    resolution_vote=vote_choice,
                    party_members=data.get("party_members"),
                    party_present=data.get("party_present"),
                )
            except ActionError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The step was recorded."))
                return HttpResponseRedirect(sequence.get_absolute_url())
    language = current_language().value
    lines = queries.sequence_explanation(outcome)[language]
    conditions = [
        {"line": line, "passed": condition.passed} for condition, line in zip(outcome.conditions, lines, strict=False)
    ]
    context = {
        "sequence": sequence,
        "records": queries.sequence_records(sequence),
        "outcome": outcome,
        "next_step": FourTwoStep(outcome.next_step.value).label if outcome.next_step else None,
        "conditions": conditions,
        "form": form if may_manage else None,
    }
    return render(request, "decisions/four_two.html", context, status=status)

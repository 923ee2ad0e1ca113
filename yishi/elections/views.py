"""Election pages: public notices and results, "my election" and the ballot, and the staff's step-by-step pages.

Views parse input, call one action or query, and render; an action's refusal is shown on the page with its
status (400/403/404), never as a server error.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.decisions.domain import deadlines
from yishi.elections import actions, forms, queries, rules
from yishi.elections.actions._common import may_count, may_manage
from yishi.elections.actions.recall import check_recall_start
from yishi.elections.actions.reviews import current_mandates, may_rate, may_supervise
from yishi.elections.domain.receipts import normalize_receipt
from yishi.elections.models import (
    AnnualReview,
    Candidate,
    Election,
    Mandate,
    Phase,
    Post,
    Proxy,
    RecallRequest,
    RegistrationStatus,
    ReviewRating,
    ReviewStatus,
    Round,
    RoundKind,
    RoundStatus,
    VoterRegistration,
)
from yishi.elections.outcomes import compute_round, option_labels, progress
from yishi.elections.registration import ProposalState, list_proposals, residents_of
from yishi.people.domain.roles import Capability
from yishi.people.models import Person
from yishi.people.permissions import can, places_where, today
from yishi.places.models import Place, PlaceKind

Work = Callable[[], Any]


def _staff(request: HttpRequest) -> Actor:
    return Actor(user=request.user, acting_role="election_staff", channel=Channel.ASSISTED)  # type: ignore[arg-type]


def _self(request: HttpRequest) -> Actor:
    return Actor(user=request.user, acting_role="voter", channel=Channel.ONLINE)  # type: ignore[arg-type]


def _run(request: HttpRequest, work: Work, success: str) -> int | None:
    """Run an action; on refusal put its message on the page and return the status to answer with."""
    try:
        work()
    except ActionError as error:
        messages.error(request, str(error.message))
        return error.status
    messages.success(request, success)
    return None


def _election(election_id: int) -> Election:
    election = queries.get_election(election_id)
    if election is None:
        raise Http404
    return election


def _manageable(request: HttpRequest, election_id: int) -> Election:
    election = _election(election_id)
    if not may_manage(_staff(request), election):
        raise NotPermitted()
    return election


def _refused(request: HttpRequest, error: ActionError) -> HttpResponse:
    return render(request, "elections/refused.html", {"error": error}, status=error.status)


def _guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer NotPermitted and NotFound raised while loading a page with a page of their own."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ActionError as error:
            return _refused(request, error)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _post_result(
    request: HttpRequest, work: Work, success: str, page: Callable[[int], HttpResponse], target: str
) -> HttpResponse:
    status = _run(request, work, success)
    if status is None:
        return HttpResponseRedirect(target)
    return page(status)


# --- public -------------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """Elections in public view; staff also see the elections they run."""
    community_id = request.GET.get("community")
    community = Place.objects.filter(pk=community_id, kind=PlaceKind.COMMUNITY).first() if community_id else None
    public = list(queries.list_public_elections(community=community)[:50])
    managed: list[Election] = []
    communities: list[Place] = []
    if request.user.is_authenticated:
        places = places_where(request.user, Capability.MANAGE_ELECTION)  # type: ignore[arg-type]
        managed = list(queries.list_managed_elections(places=places, person_id=request.user.person_id)[:50])  # type: ignore[union-attr]
        for place in places:
            communities.extend(Place.objects.within(place).filter(kind=PlaceKind.COMMUNITY).order_by("name")[:50])
    districts: list[Place] = []
    if request.user.is_authenticated:
        districts = list(places_where(request.user, Capability.MANAGE_ELECTION).filter(kind=PlaceKind.DISTRICT))  # type: ignore[arg-type]
    return render(
        request,
        "elections/index.html",
        {
            "public": public,
            "managed": managed,
            "communities": communities,
            "community": community,
            "districts": districts,
        },
    )


def detail(request: HttpRequest, election_id: int) -> HttpResponse:
    """An election's public page: timetable, candidates, notices and the result."""
    election = _election(election_id)
    if election.phase == Phase.PLANNING and not may_manage(_staff(request), election):
        raise Http404
    state = progress(election)
    summary = actions.result_summary(election) if election.phase == Phase.ANNOUNCED else None
    candidates = (
        list(queries.list_candidates(election, accepted_only=True))
        if election.phase in {Phase.CANDIDATES_PUBLISHED, Phase.ANNOUNCED}
        else []
    )
    return render(
        request,
        "elections/detail.html",
        {
            "election": election,
            "timetable": _timetable(election),
            "candidates": candidates,
            "rounds": list(state.results),
            "summary": summary,
            "manage": may_manage(_staff(request), election),
            "mandates": list(Mandate.objects.filter(election=election).select_related("person")),
            "recalls": list(queries.list_recalls(election.community)),
        },
    )


def _timetable(election: Election) -> dict[str, Any]:
    roll_by = deadlines.latest_notice_date(
        event=election.election_day, days=deadlines.NOTICE_DAYS[deadlines.NoticeKind.VOTER_LIST].value
    )
    objections_by = None
    if election.roll_published_on is not None:
        objections_by = deadlines.period_last_day(
            start=election.roll_published_on,
            days=deadlines.PERIOD_DAYS[deadlines.PeriodKind.VOTER_LIST_COMPLAINT].value,
        )
    return {"roll_by": roll_by, "objections_by": objections_by, "decision_days": 3}


def round_result(request: HttpRequest, round_id: int) -> HttpResponse:
    """A counted round explained: figures, thresholds, articles, pass or fail, in the page's language."""
    round_ = queries.get_round(round_id)
    if round_ is None or round_.status != RoundStatus.COUNTED:
        raise Http404
    return render(
        request,
        "elections/result.html",
        {"round": round_, "result": compute_round(round_), "election": round_.election},
    )


def ballot_list(request: HttpRequest, round_id: int) -> HttpResponse:
    """The published ballots of a counted round (receipt → choices); a voter checks theirs with the receipt."""
    round_ = queries.get_round(round_id)
    if round_ is None or round_.status != RoundStatus.COUNTED:
        raise Http404
    receipt_text = request.GET.get("receipt", "").strip()
    found = None
    searched = False
    if receipt_text:
        searched = True
        receipt = normalize_receipt(receipt_text)
        found = queries.find_ballot(round_, receipt) if receipt else None
    return render(
        request,
        "elections/ballot_list.html",
        {
            "round": round_,
            "election": round_.election,
            "ballots": queries.list_published_ballots(round_),
            "found": found,
            "searched": searched,
            "receipt": receipt_text,
        },
    )


# --- voters ---------------------------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """My elections: registration status, the candidate list, and the ballot when voting is open."""
    person_id = request.user.person_id  # type: ignore[union-attr]
    items = queries.my_elections(person_id) if person_id else []
    candidates = {
        item.election.pk: list(queries.list_candidates(item.election, accepted_only=True))
        for item in items
        if item.election.phase in {Phase.CANDIDATES_PUBLISHED, Phase.ANNOUNCED}
    }
    return render(request, "elections/mine.html", {"items": items, "candidates": candidates})


def _ballot_posts(round_: Round) -> list[dict[str, Any]]:
    options = list(round_.options.all())
    labels = option_labels(options)
    posts = []
    for seat in round_.seats.all():
        posts.append(
            {
                "post": seat.post,
                "label": rules.post_label(seat.post),
                "seats": seat.seats,
                "options": [
                    {"pk": option.pk, "label": labels[option.pk] if option.candidate_id else option.get_kind_display()}
                    for option in options
                    if option.post == seat.post
                ],
            }
        )
    return posts


@login_required
@_guard
def vote(request: HttpRequest, round_id: int) -> HttpResponse:
    """The online ballot: large, simple; choose up to the seats of each post, review, confirm."""
    round_ = queries.get_round(round_id)
    if round_ is None:
        raise Http404
    for_voter: VoterRegistration | None = None
    for_id = request.POST.get("for") or request.GET.get("for")
    if for_id:
        for_voter = (
            VoterRegistration.objects.select_related("person").filter(pk=for_id, election=round_.election).first()
        )
        if for_voter is None:
            raise Http404
    posts = _ballot_posts(round_)
    chosen = {
        post["post"]: [int(value) for value in request.POST.getlist(post["post"]) if value.isdigit()] for post in posts
    }
    context = {"round": round_, "election": round_.election, "posts": posts, "for_voter": for_voter, "chosen": chosen}
    if not round_.is_open:
        raise ActionError(_("Voting in this round is closed."), code="round_closed")
    if request.method != "POST":
        return render(request, "elections/vote.html", context)
    for post in posts:
        if len(chosen[post["post"]]) > post["seats"]:
            messages.error(
                request, _("Choose at most %(seats)s for %(post)s.") % {"seats": post["seats"], "post": post["label"]}
            )
            return render(request, "elections/vote.html", context, status=400)
    if request.POST.get("confirm") != "1":
        names = {option["pk"]: option["label"] for post in posts for option in post["options"]}
        context["review"] = [
            {"label": post["label"], "names": [names[key] for key in chosen[post["post"]] if key in names]}
            for post in posts
        ]
        return render(request, "elections/vote_confirm.html", context)
    try:
        receipt = actions.cast_online(actor=_self(request), round_=round_, choices=chosen, for_voter=for_voter)
    except ActionError as error:
        messages.error(request, str(error.message))
        return render(request, "elections/vote.html", context, status=error.status)
    # The receipt is shown once, on this response; it is stored with the ballot only, never with the voter.
    return render(request, "elections/receipt.html", {"round": round_, "election": round_.election, "receipt": receipt})


@login_required
@require_POST
@_guard
def object_to_roll(request: HttpRequest, election_id: int) -> HttpResponse:
    """A resident objects to the published roll (within five days)."""
    election = _election(election_id)
    form = forms.ObjectionForm(request.POST, people=_people_for(election))
    if not form.is_valid():
        messages.error(request, _("Please complete the objection."))
        return redirect("elections:detail", election.pk)
    status = _run(
        request,
        lambda: actions.lodge_objection(
            actor=_self(request),
            election=election,
            kind=form.cleaned_data["kind"],
            grounds=form.cleaned_data["grounds"],
            subject=form.cleaned_data["subject"],
        ),
        _("Your objection is lodged; the election committee decides within three days."),
    )
    if status is not None:
        return render(request, "elections/refused_message.html", {"election": election}, status=status)
    return redirect("elections:detail", election.pk)


@login_required
@_guard
def nominate(request: HttpRequest, election_id: int) -> HttpResponse:
    """A registered voter nominates a registered voter for a post."""
    election = _election(election_id)
    registrations = _registrations(election)
    posts = [(plan.post, plan.get_post_display()) for plan in election.seat_plans.all()]
    form = forms.NominationForm(request.POST or None, posts=posts, registrations=registrations, staff=False)

    def page(status: int = 200) -> HttpResponse:
        return render(request, "elections/nominate.html", {"election": election, "form": form}, status=status)

    if request.method == "POST" and form.is_valid():
        return _post_result(
            request,
            lambda: actions.nominate(
                actor=_self(request),
                election=election,
                post=form.cleaned_data["post"],
                person=form.cleaned_data["person"].person,
            ),
            _("Your nomination is recorded."),
            page,
            reverse("elections:mine"),
        )
    return page(400 if request.method == "POST" else 200)


@login_required
@require_POST
@_guard
def answer(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """The nominee accepts or declines."""
    candidate = get_object_or_404(Candidate.objects.select_related("election"), pk=candidate_id)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: actions.answer_nomination(
                actor=_self(request) if request.user.person_id == candidate.person_id else _staff(request),  # type: ignore[union-attr]
                candidate=candidate,
                accept=form.cleaned_data["accept"] == "yes",
                statement=form.cleaned_data["statement"],
            ),
            _("Your answer is recorded."),
        )
    target = request.POST.get("next") or reverse("elections:mine")
    return HttpResponseRedirect(target if target.startswith("/") else reverse("elections:mine"))


# --- staff: plan and committee ----------------------------------------------------------------------------


def _plan_initial(election: Election) -> dict[str, Any]:
    seats = {plan.post: plan.seats for plan in election.seat_plans.all()}
    return {
        "title": election.title,
        "registration_opens_on": election.registration_opens_on,
        "election_day": election.election_day,
        "profile": election.profile,
        "turnout_rule": election.turnout_rule,
        "winning_rule": election.winning_rule,
        "proxy_cap": election.proxy_cap,
        "multi_ethnic": election.multi_ethnic,
        "term_years": election.term_years,
        **{post: seats.get(post, 0) for post in Post.values},
    }


@login_required
@_guard
def create(request: HttpRequest) -> HttpResponse:
    """Plan a new election for a community the user manages."""
    community = get_object_or_404(
        Place, pk=request.GET.get("community") or request.POST.get("community"), kind=PlaceKind.COMMUNITY
    )
    if not can(request.user, Capability.MANAGE_ELECTION, community):  # type: ignore[arg-type]
        raise NotPermitted()
    initial = {
        "title": _("%(community)s committee election") % {"community": community.name},
        "registration_opens_on": today(),
        "election_day": today() + datetime.timedelta(days=30),
        "member": 2 if community.is_rural else 3,
        "vice_chair": 1,
    }
    form = forms.PlanForm(request.POST or None, initial=initial)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request, "elections/plan.html", {"form": form, "community": community, "election": None}, status=status
        )

    if request.method == "POST" and form.is_valid():
        created: list[Election] = []

        def work() -> None:
            created.append(
                actions.create_election(
                    actor=_staff(request),
                    community=community,
                    kind="villagers" if community.is_rural else "residents",
                    title=form.cleaned_data["title"],
                    registration_opens_on=form.cleaned_data["registration_opens_on"],
                    election_day=form.cleaned_data["election_day"],
                    seats=form.seats(),
                    profile=form.cleaned_data["profile"],
                    turnout_rule=form.cleaned_data["turnout_rule"],
                    winning_rule=form.cleaned_data["winning_rule"],
                    proxy_cap=form.cleaned_data["proxy_cap"],
                    multi_ethnic=form.cleaned_data["multi_ethnic"],
                    term_years=form.cleaned_data["term_years"],
                )
            )

        status = _run(request, work, _("The election is planned."))
        if status is None:
            return redirect("elections:manage", created[0].pk)
        return page(status)
    return page(400 if request.method == "POST" else 200)


@login_required
@_guard
def district_profile(request: HttpRequest, district_id: int) -> HttpResponse:
    """A district chooses the profile its villages' elections follow."""
    district = get_object_or_404(Place, pk=district_id, kind=PlaceKind.DISTRICT)
    if not can(request.user, Capability.MANAGE_ELECTION, district):  # type: ignore[arg-type]
        raise NotPermitted()
    current = getattr(district, "election_profile", None)
    form = forms.DistrictProfileForm(
        request.POST or None, initial={"profile": current.profile if current else "national"}
    )

    def page(status: int = 200) -> HttpResponse:
        return render(request, "elections/district_profile.html", {"form": form, "district": district}, status=status)

    if request.method == "POST" and form.is_valid():
        return _post_result(
            request,
            lambda: actions.set_district_profile(
                actor=_staff(request), district=district, profile=form.cleaned_data["profile"]
            ),
            _("The district's profile is saved."),
            page,
            request.path,
        )
    return page()


def _people_for(election: Election) -> Any:
    registered = Person.objects.filter(voter_registrations__election=election)
    return (residents_of(election.community) | registered).distinct().order_by("name", "pk")


def _registrations(election: Election) -> Any:
    return (
        VoterRegistration.objects.filter(election=election, status=RegistrationStatus.REGISTERED)
        .select_related("person")
        .order_by("person__name", "pk")
    )


@login_required
@_guard
def manage(request: HttpRequest, election_id: int) -> HttpResponse:
    """The election's control page: plan, rule profile, timetable, election committee."""
    election = _manageable(request, election_id)
    plan_form = forms.PlanForm(request.POST or None, initial=_plan_initial(election), prefix="plan")
    member_form = forms.CommitteeMemberForm(request.POST or None, people=_people_for(election), prefix="member")

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "elections/manage.html",
            {
                "election": election,
                "plan_form": plan_form,
                "member_form": member_form,
                "profile_lines": rules.profile_lines(election),
                "profile_name": rules.profile_name(election),
                "timetable": _timetable(election),
                "members": list(election.committee_members.select_related("person")),
                "step": "plan",
            },
            status=status,
        )

    if request.method == "POST":
        op = request.POST.get("op")
        if op == "plan" and plan_form.is_valid():
            data = plan_form.cleaned_data
            return _post_result(
                request,
                lambda: actions.update_election(
                    actor=_staff(request),
                    election=election,
                    title=data["title"],
                    registration_opens_on=data["registration_opens_on"],
                    election_day=data["election_day"],
                    seats=plan_form.seats(),
                    profile=data["profile"],
                    turnout_rule=data["turnout_rule"],
                    winning_rule=data["winning_rule"],
                    proxy_cap=data["proxy_cap"],
                    multi_ethnic=data["multi_ethnic"],
                    term_years=data["term_years"],
                ),
                _("The plan is saved."),
                page,
                request.path,
            )
        if op == "member" and member_form.is_valid():
            return _post_result(
                request,
                lambda: actions.add_committee_member(
                    actor=_staff(request),
                    election=election,
                    person=member_form.cleaned_data["person"],
                    is_chair=member_form.cleaned_data["is_chair"],
                ),
                _("The member is recorded."),
                page,
                request.path,
            )
        if op == "leave":
            member = get_object_or_404(election.committee_members, pk=request.POST.get("member"))
            return _post_result(
                request,
                lambda: actions.remove_committee_member(
                    actor=_staff(request), member=member, reason=request.POST.get("reason", "") or _("Left")
                ),
                _("The member has left the election committee."),
                page,
                request.path,
            )
        return page(400)
    return page()


@login_required
@_guard
def roll(request: HttpRequest, election_id: int) -> HttpResponse:
    """Voter registration: proposals from the resident roll, the roll, its publication, objections and decisions."""
    election = _manageable(request, election_id)
    people = _people_for(election)
    query = request.GET.get("q", "").strip()
    if query:
        people = (
            (people | Person.objects.filter(is_active=True, name__contains=query)).distinct().order_by("name", "pk")
        )
    register_form = forms.RegisterForm(request.POST or None, people=people, prefix="register")
    remove_form = forms.RemoveForm(request.POST or None, registrations=_registrations(election), prefix="remove")
    decision_form = forms.DecisionForm(request.POST or None, prefix="decide")
    objection_form = forms.ObjectionForm(request.POST or None, people=_people_for(election), prefix="objection")

    def page(status: int = 200) -> HttpResponse:
        proposals = list_proposals(election) if election.phase == Phase.PLANNING else []
        return render(
            request,
            "elections/roll.html",
            {
                "election": election,
                "proposals": proposals,
                "ready": [item for item in proposals if item.state is ProposalState.READY],
                "others": [
                    item for item in proposals if item.state not in {ProposalState.READY, ProposalState.REGISTERED}
                ],
                "registrations": list(_registrations(election).select_related("person__home")),
                "register_form": register_form,
                "remove_form": remove_form,
                "decision_form": decision_form,
                "objection_form": objection_form,
                "objections": list(election.objections.select_related("subject", "lodged_by")),
                "query": query,
                "timetable": _timetable(election),
                "step": "roll",
            },
            status=status,
        )

    if request.method == "POST":
        op = request.POST.get("op")
        actor = _staff(request)
        if op == "register_proposed":
            return _post_result(
                request,
                lambda: actions.register_proposed(actor=actor, election=election),
                _("The proposed residents are registered."),
                page,
                request.path,
            )
        if op == "register" and register_form.is_valid():
            data = register_form.cleaned_data
            return _post_result(
                request,
                lambda: actions.register_voter(
                    actor=actor,
                    election=election,
                    person=data["person"],
                    hukou_here=forms.RegisterForm.tristate(data["hukou_here"]),
                    lives_here=forms.RegisterForm.tristate(data["lives_here"]),
                    expressed_wish=data["expressed_wish"],
                    applied=data["applied"],
                    approval_body=data["approval_body"],
                    approval_on=data["approval_on"],
                    approval_reference=data["approval_reference"],
                ),
                _("The voter is registered."),
                page,
                request.path,
            )
        if op == "remove" and remove_form.is_valid():
            return _post_result(
                request,
                lambda: actions.remove_registration(
                    actor=actor,
                    registration=remove_form.cleaned_data["registration"],
                    reason=remove_form.cleaned_data["reason"],
                ),
                _("The voter is taken off the roll."),
                page,
                request.path,
            )
        if op == "publish":
            return _post_result(
                request,
                lambda: actions.publish_roll(actor=actor, election=election),
                _("The roll is published on the board."),
                page,
                request.path,
            )
        if op == "objection" and objection_form.is_valid():
            data = objection_form.cleaned_data
            return _post_result(
                request,
                lambda: actions.lodge_objection(
                    actor=actor, election=election, kind=data["kind"], grounds=data["grounds"], subject=data["subject"]
                ),
                _("The objection is recorded."),
                page,
                request.path,
            )
        if op == "decide" and decision_form.is_valid():
            objection = get_object_or_404(election.objections, pk=request.POST.get("objection"))
            return _post_result(
                request,
                lambda: actions.decide_objection(
                    actor=actor,
                    objection=objection,
                    upheld=decision_form.cleaned_data["upheld"] == "yes",
                    reason=decision_form.cleaned_data["reason"],
                ),
                _("The decision is recorded and published."),
                page,
                request.path,
            )
        return page(400)
    return page()


@login_required
@_guard
def candidates(request: HttpRequest, election_id: int) -> HttpResponse:
    """Nominations, answers, the 差额 check of each post, the candidate list and the meeting with voters."""
    election = _manageable(request, election_id)
    posts = [(plan.post, plan.get_post_display()) for plan in election.seat_plans.all()]
    nomination_form = forms.NominationForm(
        request.POST or None, posts=posts, registrations=_registrations(election), staff=True, prefix="nominate"
    )
    meeting_form = forms.MeetingForm(request.POST or None, prefix="meeting")
    answer_form = forms.AnswerForm(prefix="answer")

    def page(status: int = 200) -> HttpResponse:
        checks = actions.check_candidate_list(election)
        return render(
            request,
            "elections/candidates.html",
            {
                "election": election,
                "candidates": list(queries.list_candidates(election)),
                "checks": [(rules.post_label(post), outcome, rules.lines(outcome)) for post, outcome in checks.items()],
                "nomination_form": nomination_form,
                "meeting_form": meeting_form,
                "answer_form": answer_form,
                "meetings": list(election.meetings.all()),
                "step": "candidates",
            },
            status=status,
        )

    if request.method == "POST":
        op = request.POST.get("op")
        actor = _staff(request)
        if op == "nominate" and nomination_form.is_valid():
            data = nomination_form.cleaned_data
            return _post_result(
                request,
                lambda: actions.nominate(
                    actor=actor,
                    election=election,
                    post=data["post"],
                    person=data["person"].person,
                    nominators=list(data["nominators"]),
                ),
                _("The nomination is recorded."),
                page,
                request.path,
            )
        if op == "answer":
            candidate = get_object_or_404(election.candidates, pk=request.POST.get("candidate"))
            accept = request.POST.get("answer-accept") == "yes"
            return _post_result(
                request,
                lambda: actions.answer_nomination(actor=actor, candidate=candidate, accept=accept),
                _("The answer is recorded."),
                page,
                request.path,
            )
        if op == "publish":
            return _post_result(
                request,
                lambda: actions.publish_candidate_list(actor=actor, election=election),
                _("The candidate list is published on the board."),
                page,
                request.path,
            )
        if op == "meeting" and meeting_form.is_valid():
            data = meeting_form.cleaned_data
            return _post_result(
                request,
                lambda: actions.record_candidate_meeting(
                    actor=actor,
                    election=election,
                    held_on=data["held_on"],
                    location=data["location"],
                    attendees=data["attendees"],
                    notes=data["notes"],
                ),
                _("The meeting is recorded."),
                page,
                request.path,
            )
        return page(400)
    return page()


@login_required
@_guard
def proxies(request: HttpRequest, election_id: int) -> HttpResponse:
    """Written proxies of absent voters, checked against the profile's rules, and their published lists."""
    election = _manageable(request, election_id)
    form = forms.ProxyForm(request.POST or None, registrations=_registrations(election), prefix="proxy")

    def page(status: int = 200) -> HttpResponse:
        profile = rules.profile_for(election)
        return render(
            request,
            "elections/proxies.html",
            {
                "election": election,
                "form": form,
                "proxies": list(
                    Proxy.objects.filter(election=election)
                    .select_related("grantor__person", "holder__person")
                    .order_by("pk")
                ),
                "cap": profile.proxy_cap.value,
                "step": "proxies",
            },
            status=status,
        )

    if request.method == "POST":
        op = request.POST.get("op")
        actor = _staff(request)
        if op == "proxy" and form.is_valid():
            data = form.cleaned_data
            return _post_result(
                request,
                lambda: actions.register_proxy(
                    actor=actor,
                    election=election,
                    grantor=data["grantor"],
                    holder=data["holder"],
                    relation=data["relation"],
                    written_reference=data["written_reference"],
                    grantor_away=data["grantor_away"],
                ),
                _("The proxy is recorded."),
                page,
                request.path,
            )
        if op == "publish":
            return _post_result(
                request,
                lambda: actions.publish_proxy_lists(actor=actor, election=election),
                _("The proxy lists are published."),
                page,
                request.path,
            )
        if op == "revoke":
            proxy = get_object_or_404(Proxy, pk=request.POST.get("proxy"), election=election)
            return _post_result(
                request,
                lambda: actions.revoke_proxy(actor=actor, proxy=proxy),
                _("The proxy is revoked."),
                page,
                request.path,
            )
        return page(400)
    return page()


@login_required
@_guard
def rounds(request: HttpRequest, election_id: int) -> HttpResponse:
    """Rounds of voting, what the count calls for next (re-vote, run-off), and the announcement."""
    election = _manageable(request, election_id)
    open_form = forms.OpenRoundForm(request.POST or None, prefix="open", initial={"voting_day": today()})

    def page(status: int = 200) -> HttpResponse:
        state = progress(election)
        summary = actions.result_summary(election) if state.first_valid else None
        candidates_by_id = {
            item.pk: item for item in Candidate.objects.filter(election=election).select_related("person")
        }
        steps = [
            {
                "kind": step.kind,
                "required": step.required,
                "posts": [
                    (
                        rules.post_label(post),
                        seats,
                        [candidates_by_id[key].person.name for key in keys if key in candidates_by_id],
                    )
                    for post, (seats, keys) in step.posts.items()
                ],
            }
            for step in state.steps
        ]
        return render(
            request,
            "elections/rounds.html",
            {
                "election": election,
                "rounds": list(queries.list_rounds(election)),
                "state": state,
                "steps": steps,
                "summary": summary,
                "open_form": open_form,
                "today": today(),
                "step": "rounds",
            },
            status=status,
        )

    if request.method == "POST":
        op = request.POST.get("op")
        actor = _staff(request)
        if op == "open" and open_form.is_valid():
            return _post_result(
                request,
                lambda: actions.open_round(
                    actor=actor,
                    election=election,
                    kind=open_form.cleaned_data["kind"],
                    voting_day=open_form.cleaned_data["voting_day"],
                ),
                _("Voting is open."),
                page,
                request.path,
            )
        if op == "announce":
            return _post_result(
                request,
                lambda: actions.announce_result(actor=actor, election=election),
                _("The result is announced on the board."),
                page,
                request.path,
            )
        return page(400)
    return page()


@login_required
@_guard
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    """A round for the tellers: the register at the station, mobile boxes, batches, closing and counting."""
    round_ = queries.get_round(round_id)
    if round_ is None:
        raise Http404
    election = round_.election
    actor = _staff(request)
    if not may_count(actor, election):
        raise NotPermitted()
    query = request.GET.get("q", "").strip()
    unmarked = _registrations(election).exclude(register_marks__round=round_)
    if query:
        unmarked = unmarked.filter(person__name__contains=query)
    labels = option_labels(list(round_.options.all()))
    full_labels = {
        option.pk: rules.post_label(option.post)
        + " · "
        + (labels[option.pk] if option.candidate_id else str(option.get_kind_display()))
        for option in round_.options.all()
    }
    station_form = forms.StationForm(request.POST or None, registrations=unmarked, prefix="station")
    box_form = forms.MobileBoxForm(
        request.POST or None,
        people=Person.objects.filter(voter_registrations__election=election).order_by("name"),
        prefix="box",
    )
    serve_form = forms.ServeForm(
        request.POST or None,
        registrations=unmarked,
        boxes=round_.mobile_boxes.filter(batch__isnull=True),
        prefix="serve",
    )
    batch_form = forms.BatchForm(request.POST or None, round_=round_, labels=full_labels, prefix="batch")

    def page(status: int = 200) -> HttpResponse:
        fresh = queries.get_round(round_.pk)
        assert fresh is not None
        return render(
            request,
            "elections/round.html",
            {
                "round": fresh,
                "election": election,
                "result": compute_round(fresh),
                "station_form": station_form,
                "box_form": box_form,
                "serve_form": serve_form,
                "batch_form": batch_form,
                "boxes": list(fresh.mobile_boxes.prefetch_related("monitors__person", "served__registration__person")),
                "batches": list(fresh.batches.select_related("mobile_box")),
                "marks": fresh.register_marks.count(),
                "query": query,
                "may_manage": may_manage(actor, election),
                "step": "rounds",
            },
            status=status,
        )

    if request.method == "POST":
        op = request.POST.get("op")
        if op == "station" and station_form.is_valid():
            return _post_result(
                request,
                lambda: actions.mark_at_station(
                    actor=actor,
                    round_=round_,
                    registration=station_form.cleaned_data["registration"],
                    by_proxy=station_form.cleaned_data["by_proxy"],
                ),
                _("The voter is ticked off; hand out the ballot paper."),
                page,
                request.get_full_path(),
            )
        if op == "box" and box_form.is_valid():
            data = box_form.cleaned_data
            return _post_result(
                request,
                lambda: actions.create_mobile_box(
                    actor=actor,
                    round_=round_,
                    name=data["name"],
                    monitors=list(data["monitors"]),
                    township_approved=data["township_approved"],
                    voter_list_published=data["voter_list_published"],
                ),
                _("The mobile box is recorded."),
                page,
                request.path,
            )
        if op == "serve" and serve_form.is_valid():
            data = serve_form.cleaned_data
            return _post_result(
                request,
                lambda: actions.serve_by_mobile_box(
                    actor=actor, box=data["box"], registration=data["registration"], by_proxy=data["by_proxy"]
                ),
                _("The voter served by the mobile box is recorded."),
                page,
                request.path,
            )
        if op == "batch" and batch_form.is_valid():
            data = batch_form.cleaned_data
            return _post_result(
                request,
                lambda: actions.enter_batch(
                    actor=actor,
                    round_=round_,
                    label=data["label"],
                    ballots_in_box=data["ballots_in_box"],
                    blank=data["blank"],
                    spoiled=data["spoiled"],
                    counts=batch_form.counts(),
                    mobile_box=data["mobile_box"],
                ),
                _("The batch adds up and is recorded."),
                page,
                request.path,
            )
        if op == "close":
            return _post_result(
                request,
                lambda: actions.close_round(actor=actor, round_=round_),
                _("Voting is closed and the box is mixed."),
                page,
                request.path,
            )
        if op == "count":
            return _post_result(
                request,
                lambda: actions.count_round(actor=actor, round_=round_),
                _("The round is counted."),
                page,
                request.path,
            )
        return page(400)
    return page()


# --- recall, by-election and annual review -----------------------------------------------------------------


@login_required
@_guard
def recalls(request: HttpRequest, election_id: int) -> HttpResponse:
    """Recall requests against members elected here, the recall votes, and by-elections."""
    election = _manageable(request, election_id)
    mandates = list(Mandate.objects.filter(election=election, ended_on__isnull=True).select_related("person"))
    recall_form = forms.RecallForm(request.POST or None, prefix="recall")
    by_form = forms.ByElectionForm(request.POST or None, prefix="by")

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "elections/recalls.html",
            {
                "election": election,
                "mandates": mandates,
                "all_mandates": list(Mandate.objects.filter(election=election).select_related("person")),
                "recall_form": recall_form,
                "by_form": by_form,
                "recalls": list(queries.list_recalls(election.community)),
                "by_elections": list(election.by_elections.prefetch_related("votes__person")),
                "step": "recalls",
            },
            status=status,
        )

    if request.method == "POST":
        op = request.POST.get("op")
        actor = _staff(request)
        if op == "recall" and recall_form.is_valid():
            mandate = get_object_or_404(Mandate, pk=request.POST.get("mandate"), election=election)
            return _post_result(
                request,
                lambda: actions.lodge_recall(actor=actor, mandate=mandate, reasons=recall_form.cleaned_data["reasons"]),
                _("The recall request is recorded; now gather the signatures."),
                page,
                request.path,
            )
        if op == "by" and by_form.is_valid():
            data = by_form.cleaned_data

            def work() -> None:
                actions.record_by_election(
                    actor=actor,
                    election=election,
                    body=data["body"],
                    post=data["post"],
                    seats=data["seats"],
                    held_on=data["held_on"],
                    members=data["members"],
                    voters=data["voters"],
                    votes=_parse_votes(election, data["votes"]),
                )

            return _post_result(request, work, _("The by-election is recorded."), page, request.path)
        return page(400)
    return page()


def _parse_votes(election: Election, text: str) -> dict[Person, int]:
    votes: dict[Person, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = line.replace("：", " ").replace(":", " ").split()
        if len(parts) != 2 or not parts[1].isdigit():
            raise ActionError(
                _("Line %(number)s must read: name votes.") % {"number": number}, code="by_election_line", field="votes"
            )
        matches = list(Person.objects.filter(voter_registrations__election=election, name=parts[0]).distinct()[:2])
        if len(matches) != 1:
            raise ActionError(
                _("Line %(number)s: %(name)s is not exactly one voter on the roll.")
                % {"number": number, "name": parts[0]},
                code="by_election_name",
                field="votes",
            )
        votes[matches[0]] = int(parts[1])
    return votes


@_guard
def recall(request: HttpRequest, recall_id: int) -> HttpResponse:
    """A recall request: reasons, signers' count against the thresholds, the member's response, the vote."""
    request_ = get_object_or_404(
        RecallRequest.objects.select_related("mandate__election__community", "mandate__person"), pk=recall_id
    )
    election = request_.mandate.election
    staff = request.user.is_authenticated and may_manage(_staff(request), election)
    sign_form = forms.SignForm(
        request.POST or None,
        people=Person.objects.filter(is_active=True)
        .filter(voter_registrations__election=election)
        .distinct()
        .order_by("name")
        | Person.objects.filter(roles__role="resident_representative", roles__place=election.community).distinct(),
        prefix="sign",
    )
    response_form = forms.ResponseForm(request.POST or None, prefix="response")
    open_form = forms.OpenRoundForm(
        request.POST or None, prefix="open", initial={"voting_day": today(), "kind": RoundKind.RECALL}
    )
    is_member = request.user.is_authenticated and request.user.person_id == request_.mandate.person_id  # type: ignore[union-attr]

    def page(status: int = 200) -> HttpResponse:
        request_.refresh_from_db()
        return render(
            request,
            "elections/recall.html",
            {
                "recall": request_,
                "election": election,
                "start_lines": rules.lines(check_recall_start(request_)),
                "signers": request_.signers.count(),
                "staff": staff,
                "is_member": is_member,
                "sign_form": sign_form,
                "response_form": response_form,
                "open_form": open_form,
                "rounds": list(request_.rounds.all()),
                "results": [compute_round(item) for item in request_.rounds.all()],
            },
            status=status,
        )

    if request.method == "POST":
        if not request.user.is_authenticated:
            raise NotPermitted()
        op = request.POST.get("op")
        if op == "sign_self":
            return _post_result(
                request,
                lambda: actions.sign_recall(actor=_self(request), request=request_),
                _("Your signature is recorded."),
                page,
                request.path,
            )
        if op == "sign" and sign_form.is_valid():
            return _post_result(
                request,
                lambda: actions.sign_recall(
                    actor=_staff(request),
                    request=request_,
                    person=sign_form.cleaned_data["person"],
                    as_representative=sign_form.cleaned_data["as_representative"],
                ),
                _("The signature is recorded."),
                page,
                request.path,
            )
        if op == "start":
            return _post_result(
                request,
                lambda: actions.start_recall(actor=_staff(request), request=request_),
                _("The recall is started and published."),
                page,
                request.path,
            )
        if op == "respond" and response_form.is_valid():
            actor = _self(request) if is_member else _staff(request)
            return _post_result(
                request,
                lambda: actions.respond_to_recall(
                    actor=actor, request=request_, response=response_form.cleaned_data["response"]
                ),
                _("The response is recorded."),
                page,
                request.path,
            )
        if op == "open" and open_form.is_valid():
            return _post_result(
                request,
                lambda: actions.open_recall_vote(
                    actor=_staff(request), request=request_, voting_day=open_form.cleaned_data["voting_day"]
                ),
                _("The recall vote is open."),
                page,
                request.path,
            )
        return page(400)
    return page()


@login_required
@_guard
def reviews(request: HttpRequest, community_id: int) -> HttpResponse:
    """A community's annual reviews; the supervision committee opens this year's."""
    community = get_object_or_404(Place, pk=community_id, kind=PlaceKind.COMMUNITY)
    actor = _staff(request)
    supervise = may_supervise(actor, community)
    form = forms.ReviewOpenForm(request.POST or None, initial={"year": today().year}, prefix="review")

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "elections/reviews.html",
            {
                "community": community,
                "reviews": list(queries.list_reviews(community)),
                "mandates": list(queries.list_mandates(community, current=False)),
                "form": form,
                "supervise": supervise,
            },
            status=status,
        )

    if request.method == "POST" and form.is_valid():
        created: list[AnnualReview] = []

        def work() -> None:
            created.append(
                actions.open_review(
                    actor=actor, community=community, year=form.cleaned_data["year"], body=form.cleaned_data["body"]
                )
            )

        status = _run(request, work, _("The review is open."))
        if status is None:
            return redirect("elections:review", created[0].pk)
        return page(status)
    return page()


@login_required
@_guard
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    """One annual review: members' reports, ratings (online or assisted), results, closing."""
    review_ = get_object_or_404(AnnualReview.objects.select_related("community"), pk=review_id)
    community = review_.community
    staff_actor = _staff(request)
    person_id = request.user.person_id  # type: ignore[union-attr]
    person = Person.objects.select_related("home").filter(pk=person_id).first() if person_id else None
    mandates = current_mandates(community)
    own_mandate = next((item for item in mandates if item.person_id == person_id), None)
    assisted = can(request.user, Capability.RECORD_FOR_RESIDENT, community)  # type: ignore[arg-type]
    rating_form = forms.RatingForm(request.POST or None, mandates=mandates, prefix="rate")
    assisted_form = (
        forms.RatingForm(
            request.POST or None,
            mandates=mandates,
            rater_people=residents_of(community).order_by("name"),
            prefix="assist",
        )
        if assisted
        else None
    )
    report_form = forms.ReportForm(request.POST or None, prefix="report")
    rated = (
        set(ReviewRating.objects.filter(review=review_, rater_id=person_id).values_list("mandate_id", flat=True))
        if person_id
        else set()
    )

    def page(status: int = 200) -> HttpResponse:
        review_.refresh_from_db()
        return render(
            request,
            "elections/review.html",
            {
                "review": review_,
                "community": community,
                "mandates": mandates,
                "reports": list(review_.reports.select_related("mandate__person")),
                "results": list(review_.results.select_related("mandate__person")),
                "rating_form": rating_form,
                "assisted_form": assisted_form,
                "report_form": report_form,
                "own_mandate": own_mandate,
                "may_rate": person is not None
                and may_rate(person, review_, on=today())
                and review_.status == ReviewStatus.OPEN,
                "rated": rated,
                "supervise": may_supervise(staff_actor, community),
                "ratings_count": review_.ratings.count(),
            },
            status=status,
        )

    if request.method == "POST":
        op = request.POST.get("op")
        if op == "report" and own_mandate is not None and report_form.is_valid():
            return _post_result(
                request,
                lambda: actions.submit_report(
                    actor=_self(request), review=review_, mandate=own_mandate, text=report_form.cleaned_data["text"]
                ),
                _("Your report is submitted."),
                page,
                request.path,
            )
        if op in {"rate", "assist"}:
            form = rating_form if op == "rate" else assisted_form
            if form is not None and form.is_valid():
                actor = _self(request) if op == "rate" else staff_actor
                rater = form.cleaned_data.get("rater")

                def work() -> None:
                    by_pk = {item.pk: item for item in mandates}
                    given = form.ratings()
                    if not given:
                        raise ActionError(_("Choose a rating for at least one member."), code="rating_none")
                    for key, value in given.items():
                        actions.rate_member(actor=actor, review=review_, mandate=by_pk[key], rating=value, rater=rater)

                return _post_result(request, work, _("The ratings are recorded."), page, request.path)
        if op == "close":
            return _post_result(
                request,
                lambda: actions.close_review(actor=staff_actor, review=review_),
                _("The review is closed and its results published."),
                page,
                request.path,
            )
        return page(400)
    return page()

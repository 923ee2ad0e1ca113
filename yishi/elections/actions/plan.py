"""Planning an election: the district's profile, the plan (posts, seats, timetable) and the election committee."""

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit, snapshot
from yishi.audit.errors import ActionError
from yishi.decisions.domain import committees, deadlines
from yishi.decisions.domain.profiles import ProfileKey
from yishi.elections import rules
from yishi.elections.actions._common import day_of, is_system, require_capability, require_manage, today
from yishi.elections.models import (
    CommitteeKind,
    CommitteeMember,
    DistrictProfile,
    Election,
    Phase,
    Post,
    ProfileChoice,
    SeatPlan,
    ThresholdChoice,
)
from yishi.people.domain.roles import Capability
from yishi.people.models import Person
from yishi.places.models import Place, PlaceKind

_PLAN_AUDITED = (
    "title",
    "kind",
    "profile",
    "turnout_rule",
    "winning_rule",
    "proxy_cap",
    "multi_ethnic",
    "registration_opens_on",
    "election_day",
    "term_years",
)


@transaction.atomic
def set_district_profile(*, actor: Actor, district: Place, profile: str) -> DistrictProfile:
    """A district picks the village election profile its villages follow (civil-affairs bureau)."""
    if district.kind != PlaceKind.DISTRICT:
        raise ActionError(_("Profiles are chosen per district."), code="profile_not_district", field="district")
    require_capability(actor, Capability.MANAGE_ELECTION, district)
    if profile not in ProfileChoice.values or not rules.electorate_fits(ProfileKey(profile), CommitteeKind.VILLAGERS):
        raise ActionError(_("Choose a village election profile."), code="profile_unknown", field="profile")
    item, _created = DistrictProfile.objects.select_for_update().get_or_create(
        district=district, defaults={"profile": profile}
    )
    before = item.profile if not _created else ""
    item.profile = profile
    item.save()
    record_audit(
        actor=actor,
        verb="election.district_profile",
        target=item,
        place=district,
        changes={"profile": [before, profile]},
    )
    return item


def _check_seats(*, kind: str, seats: Mapping[str, int], multi_ethnic: bool) -> None:
    if any(post not in Post.values for post in seats):
        raise ActionError(_("Unknown post."), code="seats_post_unknown", field="seats")
    if any(count < 0 for count in seats.values()):
        raise ActionError(_("Seats cannot be negative."), code="seats_negative", field="seats")
    if seats.get(Post.CHAIR, 0) != 1:
        raise ActionError(_("A committee has exactly one chair."), code="seats_one_chair", field="seats")
    total = sum(seats.values())
    if kind == CommitteeKind.RESIDENTS:
        outcome = committees.evaluate_residents_committee(members=total, multi_ethnic=False)
    else:
        outcome = committees.evaluate_villagers_committee(members=total, women_members=min(1, total))
    if not outcome.valid:
        raise rules.refuse(
            outcome,
            message=gettext("The committee would have the wrong number of members."),
            code="seats_size",
            field="seats",
        )


def _check_rules(
    *, community: Place, kind: str, profile: str, turnout_rule: str, winning_rule: str, proxy_cap: int | None
) -> None:
    if profile and profile not in ProfileChoice.values:
        raise ActionError(_("Unknown rule profile."), code="profile_unknown", field="profile")
    key = ProfileKey(profile) if profile else rules.district_profile_key(community, kind)
    if not rules.electorate_fits(key, kind):
        raise ActionError(
            _(
                "A villagers' committee election takes a village profile; "
                "a residents' committee election the residents' profile."
            ),
            code="profile_electorate",
            field="profile",
        )
    allowed = rules.configurable_settings(key)
    for name, value in (("turnout_rule", turnout_rule), ("winning_rule", winning_rule)):
        if value and value not in ThresholdChoice.values:
            raise ActionError(_("Unknown threshold."), code="threshold_unknown", field=name)
        if value and not allowed[name]:
            raise ActionError(
                _("This threshold is set by law under the chosen profile and cannot be changed."),
                code="threshold_fixed",
                field=name,
            )
    if proxy_cap is not None and not allowed["proxy_cap"]:
        raise ActionError(
            _("The proxy cap is set by the chosen profile's regulation and cannot be changed."),
            code="proxy_cap_fixed",
            field="proxy_cap",
        )


def _check_timetable(*, actor: Actor, registration_opens_on: datetime.date, election_day: datetime.date) -> None:
    if registration_opens_on > election_day:
        raise ActionError(
            _("Registration must open before election day."), code="timetable_order", field="registration_opens_on"
        )
    if is_system(actor):
        return
    # CW-5: the roll is published at least 20 days before election day; a plan that leaves no such day is refused.
    latest = deadlines.latest_notice_date(
        event=election_day, days=deadlines.NOTICE_DAYS[deadlines.NoticeKind.VOTER_LIST].value
    )
    if latest < today():
        raise ActionError(
            gettext(
                "Election day is too close: the voter roll must be published by %(latest)s, twenty days before "
                "election day (Villagers' Committees Organic Law Art. 14). Choose a later election day."
            )
            % {"latest": latest.isoformat()},
            code="timetable_too_close",
            field="election_day",
        )


@transaction.atomic
def create_election(
    *,
    actor: Actor,
    community: Place,
    kind: str,
    title: str,
    registration_opens_on: datetime.date,
    election_day: datetime.date,
    seats: Mapping[str, int],
    profile: str = "",
    turnout_rule: str = "",
    winning_rule: str = "",
    proxy_cap: int | None = None,
    multi_ethnic: bool = False,
    term_years: int = 5,
) -> Election:
    """Plan a general election of a community's committee: posts and seats, timetable and rules."""
    if community.kind != PlaceKind.COMMUNITY:
        raise ActionError(
            _("Elections are held by a community or village."), code="election_not_community", field="community"
        )
    require_capability(actor, Capability.MANAGE_ELECTION, community)
    if kind not in CommitteeKind.values:
        raise ActionError(_("Unknown committee."), code="election_kind_unknown", field="kind")
    if (kind == CommitteeKind.VILLAGERS) != community.is_rural:
        raise ActionError(
            _("A village elects a villagers' committee; an urban community a residents' committee."),
            code="election_kind_place",
            field="kind",
        )
    title = title.strip()
    if not title:
        raise ActionError(_("An election needs a title."), code="election_title_empty", field="title")
    if term_years < 1:
        raise ActionError(_("The term is at least one year."), code="election_term", field="term_years")
    _check_rules(
        community=community,
        kind=kind,
        profile=profile,
        turnout_rule=turnout_rule,
        winning_rule=winning_rule,
        proxy_cap=proxy_cap,
    )
    _check_seats(kind=kind, seats=seats, multi_ethnic=multi_ethnic)
    _check_timetable(actor=actor, registration_opens_on=registration_opens_on, election_day=election_day)
    election = Election.objects.create(
        community=community,
        kind=kind,
        title=title[:200],
        profile=profile,
        turnout_rule=turnout_rule,
        winning_rule=winning_rule,
        proxy_cap=proxy_cap,
        multi_ethnic=multi_ethnic,
        registration_opens_on=registration_opens_on,
        election_day=election_day,
        term_years=term_years,
        created_by=actor.user,
    )
    SeatPlan.objects.bulk_create(
        SeatPlan(election=election, post=post, seats=count) for post, count in _ordered(seats) if count > 0
    )
    record_audit(
        actor=actor,
        verb="election.create",
        target=election,
        place=community,
        changes={**diff({}, snapshot(election, _PLAN_AUDITED)), "seats": [None, dict(seats)]},
    )
    return election


def _ordered(seats: Mapping[str, int]) -> list[tuple[str, int]]:
    order = {post: index for index, post in enumerate(Post.values)}
    return sorted(seats.items(), key=lambda item: order.get(item[0], 99))


@transaction.atomic
def update_election(
    *,
    actor: Actor,
    election: Election,
    title: str,
    registration_opens_on: datetime.date,
    election_day: datetime.date,
    seats: Mapping[str, int],
    profile: str = "",
    turnout_rule: str = "",
    winning_rule: str = "",
    proxy_cap: int | None = None,
    multi_ethnic: bool = False,
    term_years: int = 5,
) -> Election:
    """Change the plan while the roll is not yet published."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    require_manage(actor, election)
    if election.phase != Phase.PLANNING:
        raise ActionError(
            _("The plan is fixed once the voter roll is published."), code="election_plan_fixed", field=None
        )
    _check_rules(
        community=election.community,
        kind=election.kind,
        profile=profile,
        turnout_rule=turnout_rule,
        winning_rule=winning_rule,
        proxy_cap=proxy_cap,
    )
    _check_seats(kind=election.kind, seats=seats, multi_ethnic=multi_ethnic)
    _check_timetable(actor=actor, registration_opens_on=registration_opens_on, election_day=election_day)
    if election.registrations.filter(status="registered").exists() and (
        registration_opens_on != election.registration_opens_on or election_day != election.election_day
    ):
        raise ActionError(
            _("Voters are already registered for this period; remove them before moving the dates."),
            code="election_dates_fixed",
            field="election_day",
        )
    before = snapshot(election, _PLAN_AUDITED)
    before_seats = {plan.post: plan.seats for plan in election.seat_plans.all()}
    election.title = title.strip()[:200] or election.title
    election.registration_opens_on = registration_opens_on
    election.election_day = election_day
    election.profile = profile
    election.turnout_rule = turnout_rule
    election.winning_rule = winning_rule
    election.proxy_cap = proxy_cap
    election.multi_ethnic = multi_ethnic
    election.term_years = term_years
    election.save()
    election.seat_plans.all().delete()
    SeatPlan.objects.bulk_create(
        SeatPlan(election=election, post=post, seats=count) for post, count in _ordered(seats) if count > 0
    )
    changes = diff(before, snapshot(election, _PLAN_AUDITED))
    if before_seats != {post: count for post, count in seats.items() if count > 0}:
        changes["seats"] = [before_seats, dict(seats)]
    record_audit(actor=actor, verb="election.update", target=election, place=election.community, changes=changes)
    return election


@transaction.atomic
def add_committee_member(
    *, actor: Actor, election: Election, person: Person, is_chair: bool = False, on: datetime.date | None = None
) -> CommitteeMember:
    """Record a member of the election committee chosen by the assembly or the groups (CW-2)."""
    require_capability(actor, Capability.MANAGE_ELECTION, election.community)
    day = day_of(actor, on)
    if election.candidates.filter(person=person).exclude(status="declined").exists():
        raise ActionError(
            _("A candidate cannot sit on the election committee (Villagers' Committees Organic Law Art. 12)."),
            code="committee_member_candidate",
            field="person",
        )
    member, created = CommitteeMember.objects.get_or_create(
        election=election, person=person, defaults={"is_chair": is_chair, "joined_on": day}
    )
    if not created:
        if member.left_on is None:
            raise ActionError(
                _("This person already sits on the election committee."), code="committee_member_twice", field="person"
            )
        member.left_on = None
        member.left_reason = ""
        member.joined_on = day
        member.is_chair = is_chair
        member.save()
    if is_chair:
        election.committee_members.exclude(pk=member.pk).update(is_chair=False)
    record_audit(
        actor=actor,
        verb="election.committee_member_add",
        target=member,
        place=election.community,
        changes={"person": [None, person.pk], "is_chair": [None, is_chair]},
    )
    return member


@transaction.atomic
def remove_committee_member(
    *, actor: Actor, member: CommitteeMember, reason: str, on: datetime.date | None = None
) -> CommitteeMember:
    """Record that a member left the election committee, and why."""
    require_capability(actor, Capability.MANAGE_ELECTION, member.election.community)
    return leave_committee(actor=actor, member=member, reason=reason, day=day_of(actor, on))


def leave_committee(*, actor: Actor, member: CommitteeMember, reason: str, day: datetime.date) -> CommitteeMember:
    """Write the leaving (no permission check: callers check theirs)."""
    if member.left_on is not None:
        return member
    member.left_on = day
    member.left_reason = reason.strip()[:200]
    member.is_chair = False
    member.save()
    record_audit(
        actor=actor,
        verb="election.committee_member_leave",
        target=member,
        place=member.election.community,
        changes={"left_on": [None, day.isoformat()], "left_reason": ["", member.left_reason]},
    )
    return member

"""Demo votes for the demo street, taken through the actions as staff would:

- a counted and published owners' decision on raising the maintenance fund (筹集维修资金, a major matter, YZ-4)
  in a commercial compound, whose area passes three quarters while the head count does not — the explanation
  shows ✓ and ✗ side by side;
- an open online vote of a compound's residents, waiting for the demo owner (刘建军) to vote on his phone;
- a residents' assembly with its attendance and show of hands, counted and published;
- a village matter through 四议两公开 (SY-1): proposal, deliberation, the party members' review, the villagers'
  assembly's resolution and its publication, with the results' publication still to come.

Times are moved into the past with a direct update where the story needs it (a vote that closed last week);
everything else is what the actions wrote.
"""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from yishi.audit.actions import Actor
from yishi.audit.models import Channel
from yishi.decisions import actions
from yishi.decisions.actions import RuleFraction, VoteDraft, VoteSettings
from yishi.decisions.models import RollEntry, Vote
from yishi.matters.actions import MatterDraft, TriageInput, advance_matter, record_matter, triage_matter
from yishi.matters.models import Category, MatterChannel, MatterStatus
from yishi.people.domain.roles import Capability
from yishi.people.models import Ownership, Person, RoleAssignment
from yishi.places.models import Place, PlaceKind

DEMO_OWNER_PHONE_NAME = "刘建军"


def _staff(community: Place) -> Actor | None:
    """A committee member or party secretary of the community who has an account."""
    assignment = (
        RoleAssignment.objects.filter(
            place=community, role__in=["committee_member", "party_secretary"], person__user__isnull=False
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()))
        .select_related("person__user")
        .order_by("role", "id")
        .first()
    )
    if assignment is None:
        return None
    return Actor(user=assignment.person.user, acting_role=assignment.role, channel=Channel.ONLINE)


def _window(*, days: int = 7) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=5)
    return start, start + datetime.timedelta(days=days)


def _paper(actor: Actor, vote: Vote, entry: RollEntry, option: str, number: int) -> None:
    actions.enter_ballot(
        actor=Actor(user=actor.user, acting_role=actor.acting_role, channel=Channel.PAPER),
        vote=vote,
        entry=entry,
        option=option,
        channel="paper",
        paper_reference=f"纸质票-{number:04d}",
        witness="业委会委员 何建平",
    )


def _finish(actor: Actor, vote: Vote, *, closed_days_ago: int) -> Vote:
    """Close, count and publish a vote whose ballots are in; its window moves into the past."""
    now = timezone.now()
    Vote.objects.filter(pk=vote.pk).update(
        opens_at=now - datetime.timedelta(days=closed_days_ago + 14),
        closes_at=now - datetime.timedelta(days=closed_days_ago),
    )
    vote.refresh_from_db()
    actions.close_vote(actor=actor, vote=vote)
    actions.count_vote(actor=actor, vote=vote)
    actions.publish_result(actor=actor, vote=vote)
    return Vote.objects.get(pk=vote.pk)


# --- the owners' decision -----------------------------------------------------------------------------------


def _owners_building(community: Place) -> Place | None:
    """The building of a commercial compound that holds developer's units and the most units."""
    return (
        Place.objects.within(community)
        .filter(kind=PlaceKind.BUILDING, parent__compound_type="commercial")
        .annotate(
            units=Count("children"),
            developer=Count("children__ownerships", filter=Q(children__ownerships__is_developer_unsold=True)),
        )
        .filter(units__gt=0)
        .order_by("-developer", "-units", "path")
        .first()
    )


def _owners_decision(actor: Actor, building: Place) -> Vote:
    opens, closes = _window(days=15)
    compound = building.parent or building
    vote = actions.create_vote(
        actor=actor,
        draft=VoteDraft(
            title=f"{compound.name}{building.name}筹集专项维修资金",
            question=(
                f"{building.name}外墙渗水、屋顶防水层老化，维修资金账户余额不足。是否同意按每平方米建筑面积"
                "一次性筹集专项维修资金30元，用于外墙和屋面维修？"
            ),
            place=building,
            basis="owners",
            opens_at=opens,
            closes_at=closes,
            settings=VoteSettings(owners_matter="raise_maintenance_fund"),
        ),
    )
    vote = actions.open_vote(actor=actor, vote=vote)
    entries = list(RollEntry.objects.filter(vote=vote).order_by("-area", "number"))
    # Nearly everyone takes part (YZ-2). The owners of the largest areas (the developer's unsold units among them)
    # agree until three quarters of the participating area is reached, while fewer than three quarters of the
    # heads agree (YZ-4): the explanation shows the area ✓ beside the head count ✗.
    participating = entries[: max(1, (len(entries) * 9) // 10)]
    part_area = sum((entry.area or Decimal(0) for entry in participating), Decimal(0))
    agreed_area = Decimal(0)
    agreed = 0
    for number, entry in enumerate(participating, start=1):
        agree = agreed_area * 4 < part_area * 3 and (agreed + 1) * 4 < len(participating) * 3
        if agree:
            agreed_area += entry.area or Decimal(0)
            agreed += 1
        _paper(actor, vote, entry, "agree" if agree else ("disagree" if number % 3 else "abstain"), number)
    return _finish(actor, vote, closed_days_ago=5)


# --- the open online vote -----------------------------------------------------------------------------------


def _online_compound(community: Place) -> Place | None:
    owner = Person.objects.filter(name=DEMO_OWNER_PHONE_NAME, home__path__startswith=community.path).first()
    if owner is not None and owner.home is not None:
        compound = owner.home.ancestor_of_kind(PlaceKind.COMPOUND)
        if compound is not None:
            return compound
    return Place.objects.within(community).filter(kind=PlaceKind.COMPOUND).order_by("path").first()


def _online_vote(actor: Actor, compound: Place, rng: random.Random) -> Vote:
    opens, closes = _window(days=10)
    vote = actions.create_vote(
        actor=actor,
        draft=VoteDraft(
            title=f"{compound.name}非机动车棚加装智能充电桩",
            question="是否同意在小区东侧非机动车棚加装20个智能充电桩，费用由公共收益列支，按次收费？",
            place=compound,
            basis="online",
            opens_at=opens,
            closes_at=closes,
            allow_change=True,
            settings=VoteSettings(
                online_electorate="adults",
                quorum=RuleFraction(1, 2, inclusive=False),
                threshold=RuleFraction(2, 3, inclusive=True),
                threshold_base="votes_cast",
            ),
        ),
    )
    vote = actions.open_vote(actor=actor, vote=vote)
    # Older residents without a phone have their ballots entered by staff; the demo owner has not voted yet.
    entries = list(RollEntry.objects.filter(vote=vote).exclude(name=DEMO_OWNER_PHONE_NAME).order_by("number"))
    for number, entry in enumerate(rng.sample(entries, k=min(len(entries), max(1, len(entries) // 5))), start=1):
        actions.enter_ballot(
            actor=Actor(user=actor.user, acting_role=actor.acting_role, channel=Channel.ASSISTED),
            vote=vote,
            entry=entry,
            option=rng.choices(["agree", "disagree", "abstain"], weights=[7, 2, 1])[0],
            channel="assisted",
            witness="楼组长 周美华",
            paper_reference=f"走访登记-{number:03d}",
        )
    return vote


# --- the residents' assembly --------------------------------------------------------------------------------


def _assembly(actor: Actor, community: Place, rng: random.Random) -> Vote:
    opens, closes = _window(days=1)
    vote = actions.create_vote(
        actor=actor,
        draft=VoteDraft(
            title=f"{community.name}居民公约修订",
            question="是否同意通过修订后的《居民公约》（增加垃圾分类和文明养犬条款）？",
            place=community,
            basis="residents_assembly",
            opens_at=opens,
            closes_at=closes,
            settings=VoteSettings(residents_mode="household_representatives"),
        ),
    )
    vote = actions.open_vote(actor=actor, vote=vote)
    entries = list(RollEntry.objects.filter(vote=vote).order_by("number"))
    present = rng.sample(entries, k=len(entries) // 2 + 1 + len(entries) // 10) if len(entries) > 2 else entries
    actions.record_attendance(actor=actor, vote=vote, entries=present, present=True)
    disagree = len(present) // 6
    abstain = len(present) // 10
    actions.record_show_of_hands(
        actor=actor, vote=vote, agree=len(present) - disagree - abstain, disagree=disagree, abstain=abstain
    )
    return _finish(actor, vote, closed_days_ago=12)


# --- 四议两公开 ---------------------------------------------------------------------------------------------


def _village_matter(actor: Actor, village: Place) -> Any:
    category = Category.objects.filter(code="public_revenue").first() or Category.objects.first()
    if category is None:
        return None
    matter = record_matter(
        actor=actor,
        draft=MatterDraft(
            title="村集体鱼塘承包收益用于修建村道",
            description="村集体鱼塘去年承包收益约8万元，村民提议用于硬化通往三组的村道约1.2公里。",
            place=village,
            category=category,
        ),
        channel=MatterChannel.MEETING,
        proposer=None,
        channel_reference="村民代表提议",
    )
    triage_matter(
        actor=actor,
        matter=matter,
        decided=TriageInput(triage_class="small", scope="whole_community", reason="涉及全村的集体收益使用"),
        publish=False,
    )
    # The deliberation app's part of the story (its meetings and reviewed outcome) is played by the system here.
    for status in (MatterStatus.DELIBERATING, MatterStatus.OUTCOME_REVIEWED):
        advance_matter(actor=Actor.system(), matter=matter, to_status=status, capability=Capability.CHAIR_MEETING)
    return matter


def _four_two(actor: Actor, village: Place, rng: random.Random) -> None:
    matter = _village_matter(actor, village)
    if matter is None:
        return
    sequence = actions.start_four_two(actor=actor, matter=matter)
    day = timezone.localdate() - datetime.timedelta(days=30)
    notes = {
        "party_proposal": "村党支部提议：集体鱼塘承包收益用于硬化三组村道。",
        "joint_deliberation": "村“两委”联席会议商议，形成修路方案和预算（约7.6万元）。",
        "party_members_review": "党员大会审议通过，同意提交村民会议决议。",
    }
    for offset, (step, note) in enumerate(notes.items()):
        actions.record_four_two_step(
            actor=actor,
            sequence=sequence,
            step=step,
            on=day + datetime.timedelta(days=offset * 4),
            note=note,
            party_members=23 if step == "party_members_review" else None,
            party_present=19 if step == "party_members_review" else None,
        )
    opens, closes = _window(days=1)
    vote = actions.open_decision_for_matter(
        actor=actor,
        matter=matter,
        basis="four_two_resolution",
        title="村集体鱼塘收益用于修建三组村道",
        question="是否同意将村集体鱼塘承包收益7.6万元用于硬化三组村道？",
        village_matter="collective_income",
        opens_at=opens,
        closes_at=closes,
        settings=VoteSettings(
            resolving_body="villagers_assembly", villagers_mode="household", village_matter="collective_income"
        ),
    )
    vote = actions.open_vote(actor=actor, vote=vote)
    entries = list(RollEntry.objects.filter(vote=vote).order_by("number"))
    present = rng.sample(entries, k=(len(entries) * 3) // 4 + 1) if len(entries) > 3 else entries
    actions.record_attendance(actor=actor, vote=vote, entries=present, present=True)
    against = len(present) // 8
    actions.record_show_of_hands(actor=actor, vote=vote, agree=len(present) - against, disagree=against, abstain=0)
    now = timezone.now()
    Vote.objects.filter(pk=vote.pk).update(
        opens_at=now - datetime.timedelta(days=16), closes_at=now - datetime.timedelta(days=16, hours=-3)
    )
    vote.refresh_from_db()
    actions.close_vote(actor=actor, vote=vote)
    actions.count_vote(actor=actor, vote=vote)
    actions.record_four_two_step(
        actor=actor,
        sequence=sequence,
        step="resolution",
        on=day + datetime.timedelta(days=14),
        resolution_vote=vote,
        note="村民会议（户代表）表决通过。",
    )
    # Publishing the result is step 5 (决议公开); step 6 waits for the road to be built.
    actions.publish_result(actor=actor, vote=vote)


def seed(*, street: Place, rng: random.Random, scale: str = "street") -> None:
    """Demo votes in the street's first urban community and its first village (at any scale: one of each)."""
    communities = Place.objects.filter(parent=street, kind=PlaceKind.COMMUNITY).order_by("path")
    urban = next((place for place in communities if not place.is_rural and _staff(place) is not None), None)
    village = next((place for place in communities if place.is_rural and _staff(place) is not None), None)
    if urban is not None:
        actor = _staff(urban)
        assert actor is not None
        building = _owners_building(urban)
        if building is not None and Ownership.objects.filter(unit__parent=building).exists():
            _owners_decision(actor, building)
        compound = _online_compound(urban)
        if compound is not None:
            _online_vote(actor, compound, rng)
        _assembly(actor, urban, rng)
    if village is not None:
        actor = _staff(village)
        assert actor is not None
        _four_two(actor, village, rng)

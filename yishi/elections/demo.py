"""Demo elections: a finished villagers' committee election with realistic figures, and an upcoming residents'
committee election whose voter roll is published.

The past election is replayed through the actions by the system actor (which may record earlier days), so every
figure on its pages and notices comes from the same code as a real election: about 98 % of the entitled
villagers registered, about 96 % of them voted online, at the polling station, by mobile box or by proxy.
"""

import datetime
import random
from collections import Counter

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError
from yishi.elections import actions
from yishi.elections.actions.voting import put_in_box
from yishi.elections.models import (
    Candidate,
    CommitteeKind,
    Election,
    Phase,
    Proxy,
    RegistrationStatus,
    Round,
    RoundOption,
    VoterRegistration,
)
from yishi.elections.registration import ProposalState, list_proposals
from yishi.people.models import Person, Sex
from yishi.people.permissions import today
from yishi.places.models import Place, PlaceKind

SYSTEM = Actor.system()
VILLAGE_SEATS = {"chair": 1, "vice_chair": 1, "member": 3}
VILLAGE_CANDIDATES = {"chair": 2, "vice_chair": 2, "member": 4}
RESIDENTS_SEATS = {"chair": 1, "vice_chair": 1, "member": 3}


def seed(*, street: Place, rng: random.Random, scale: str = "street") -> None:
    """Seed one finished village election and one upcoming residents' committee election under `street`."""
    communities = Place.objects.within(street).filter(kind=PlaceKind.COMMUNITY).order_by("path")
    village = communities.filter(is_rural=True).first()
    community = communities.filter(is_rural=False).first()
    if village is not None and not Election.objects.filter(community=village).exists():
        _finished_village_election(village, rng)
    if community is not None and not Election.objects.filter(community=community).exists():
        _upcoming_residents_election(community, rng)


def _finished_village_election(village: Place, rng: random.Random) -> None:
    election_day = today() - datetime.timedelta(days=75)
    opens = election_day - datetime.timedelta(days=40)
    election = actions.create_election(
        actor=SYSTEM,
        community=village,
        kind=CommitteeKind.VILLAGERS,
        title=f"{village.name}第十二届村民委员会换届选举",
        registration_opens_on=opens,
        election_day=election_day,
        seats=VILLAGE_SEATS,
    )
    ready = [item.person for item in list_proposals(election) if item.state is ProposalState.READY]
    if len(ready) < 20:
        election.delete()
        return
    committee = rng.sample(ready, 5)
    for index, person in enumerate(committee):
        actions.add_committee_member(actor=SYSTEM, election=election, person=person, is_chair=index == 0, on=opens)
    # About 98 % of those entitled register: a few never come forward (away and not asking).
    missing = set(rng.sample(range(len(ready)), max(1, round(len(ready) * 0.018))))
    for index, person in enumerate(ready):
        if index not in missing:
            actions.register_voter(
                actor=SYSTEM, election=election, person=person, on=opens + datetime.timedelta(days=3)
            )
    actions.publish_roll(actor=SYSTEM, election=election, on=election_day - datetime.timedelta(days=25))
    registrations = list(
        VoterRegistration.objects.filter(election=election, status=RegistrationStatus.REGISTERED).select_related(
            "person"
        )
    )
    candidates = _nominate(
        election, registrations, committee, rng, nominated_on=election_day - datetime.timedelta(days=18)
    )
    actions.record_candidate_meeting(
        actor=SYSTEM,
        election=election,
        held_on=election_day - datetime.timedelta(days=7),
        location=f"{village.name}村民委员会会议室",
        attendees=min(len(registrations), 40 + rng.randrange(30)),
        notes="候选人介绍履职设想，回答村民关于道路硬化和集体收益分配的提问。",
    )
    actions.publish_candidate_list(actor=SYSTEM, election=election, on=election_day - datetime.timedelta(days=15))
    proxies = _proxies(election, registrations, rng, arranged_on=election_day - datetime.timedelta(days=10))
    if proxies:
        actions.publish_proxy_lists(actor=SYSTEM, election=election, on=election_day - datetime.timedelta(days=5))
    round_ = actions.open_round(actor=SYSTEM, election=election, voting_day=election_day)
    _vote(round_, registrations, candidates, proxies, rng, committee)
    actions.close_round(actor=SYSTEM, round_=round_, on=election_day)
    actions.count_round(actor=SYSTEM, round_=round_, on=election_day)
    election.refresh_from_db()
    if election.phase == Phase.CANDIDATES_PUBLISHED:
        try:
            actions.announce_result(actor=SYSTEM, election=election, on=election_day)
        except ActionError:
            # A demo whose dice left a seat to a run-off stays counted but unannounced.
            return


def _nominate(
    election: Election,
    registrations: list[VoterRegistration],
    committee: list[Person],
    rng: random.Random,
    *,
    nominated_on: datetime.date,
) -> dict[str, list[Candidate]]:
    adults = [
        item
        for item in registrations
        if item.person not in committee
        and item.person.birth_date is not None
        and 25 <= (nominated_on - item.person.birth_date).days // 365 <= 62
    ]
    women = [item for item in adults if item.person.sex == Sex.FEMALE]
    men = [item for item in adults if item.person.sex != Sex.FEMALE]
    rng.shuffle(women)
    rng.shuffle(men)
    chosen: dict[str, list[Candidate]] = {}
    for post, count in VILLAGE_CANDIDATES.items():
        chosen[post] = []
        for slot in range(count):
            # One woman among the vice-chair and member candidates each, so the committee can include one (CW-1).
            pool = women if (slot == 0 and post in {"vice_chair", "member"}) and women else men or women
            registration = pool.pop()
            nominators = rng.sample(registrations, 3)
            candidate = actions.nominate(
                actor=SYSTEM,
                election=election,
                post=post,
                person=registration.person,
                nominators=nominators,
                on=nominated_on,
            )
            actions.answer_nomination(
                actor=SYSTEM,
                candidate=candidate,
                accept=True,
                statement="带领村民发展集体经济，做好村务公开。",
                on=nominated_on + datetime.timedelta(days=1),
            )
            chosen[post].append(candidate)
    return chosen


def _proxies(
    election: Election, registrations: list[VoterRegistration], rng: random.Random, *, arranged_on: datetime.date
) -> list[Proxy]:
    proxies: list[Proxy] = []
    households: dict[int, list[VoterRegistration]] = {}
    for item in registrations:
        if item.person.household_id is not None:
            households.setdefault(item.person.household_id, []).append(item)
    families = [members for members in households.values() if len(members) >= 2]
    rng.shuffle(families)
    for members in families[: max(1, len(registrations) // 80)]:
        grantor, holder = members[0], members[1]
        proxies.append(
            actions.register_proxy(
                actor=SYSTEM,
                election=election,
                grantor=grantor,
                holder=holder,
                relation="spouse" if grantor.person.sex != holder.person.sex else "sibling",
                written_reference=f"委托书第{len(proxies) + 1:03d}号",
                grantor_away=True,
                on=arranged_on,
            )
        )
    return proxies


def _choose(rng: random.Random, options: list[RoundOption], seats: int, weights: list[float]) -> list[RoundOption]:
    picked: list[RoundOption] = []
    for option, weight in zip(options, weights, strict=True):
        if len(picked) < seats and rng.random() < weight:
            picked.append(option)
    return picked


def _vote(
    round_: Round,
    registrations: list[VoterRegistration],
    candidates: dict[str, list[Candidate]],
    proxies: list[Proxy],
    rng: random.Random,
    committee: list[Person],
) -> None:
    day = round_.voting_day
    options = {
        post: [option for option in round_.options.select_related("candidate") if option.post == post]
        for post in VILLAGE_SEATS
    }
    # Front-runners: the first option of each post, and the first three members, carry most ballots.
    weights = {
        "chair": [0.74, 0.22],
        "vice_chair": [0.69, 0.26],
        "member": [0.71, 0.66, 0.63, 0.28],
    }
    granted = {proxy.grantor_id for proxy in proxies}
    voters = [item for item in registrations if item.pk not in granted]
    rng.shuffle(voters)
    turnout = round(len(registrations) * 0.961) - len(proxies)
    voting = voters[: max(turnout, 0)]
    elderly = [item for item in voting if item.person.birth_date and (day - item.person.birth_date).days > 80 * 365]
    mobile = elderly[: max(3, len(voting) // 40)]
    online = [item for item in voting if item not in mobile][: len(voting) * 3 // 10]
    station = [item for item in voting if item not in mobile and item not in online]
    for registration in online:
        choices = {
            post: [option.pk for option in _choose(rng, options[post], seats, weights[post])]
            for post, seats in VILLAGE_SEATS.items()
        }
        put_in_box(actor=SYSTEM, round_=round_, voter=registration, by_proxy=False, choices=choices, day=day)
    paper: Counter[int] = Counter()
    blank = spoiled = 0
    for registration in station:
        actions.mark_at_station(actor=SYSTEM, round_=round_, registration=registration, on=day)
    for proxy in proxies:
        actions.mark_at_station(actor=SYSTEM, round_=round_, registration=proxy.grantor, by_proxy=True, on=day)
    for _ballot in range(len(station) + len(proxies)):
        roll = rng.random()
        if roll < 0.006:
            spoiled += 1
            continue
        if roll < 0.012:
            blank += 1
            continue
        for post, seats in VILLAGE_SEATS.items():
            paper.update(option.pk for option in _choose(rng, options[post], seats, weights[post]))
    actions.enter_batch(
        actor=SYSTEM,
        round_=round_,
        label="中心投票站",
        ballots_in_box=len(station) + len(proxies),
        blank=blank,
        spoiled=spoiled,
        counts=dict(paper),
        on=day,
    )
    monitors = list(committee[:3])
    box = actions.create_mobile_box(actor=SYSTEM, round_=round_, name="流动票箱（敬老路线）", monitors=monitors)
    box_counts: Counter[int] = Counter()
    for registration in mobile:
        actions.serve_by_mobile_box(actor=SYSTEM, box=box, registration=registration, on=day)
        for post, seats in VILLAGE_SEATS.items():
            box_counts.update(option.pk for option in _choose(rng, options[post], seats, weights[post]))
    actions.enter_batch(
        actor=SYSTEM,
        round_=round_,
        label="",
        ballots_in_box=len(mobile),
        blank=0,
        spoiled=0,
        counts=dict(box_counts),
        mobile_box=box,
        on=day,
    )
    assert candidates and all(option.candidate_id for post in options.values() for option in post)


def _upcoming_residents_election(community: Place, rng: random.Random) -> None:
    election_day = today() + datetime.timedelta(days=28)
    election = actions.create_election(
        actor=SYSTEM,
        community=community,
        kind=CommitteeKind.RESIDENTS,
        title=f"{community.name}第十二届居民委员会换届选举",
        registration_opens_on=today() - datetime.timedelta(days=12),
        election_day=election_day,
        seats=RESIDENTS_SEATS,
    )
    ready = [item.person for item in list_proposals(election) if item.state is ProposalState.READY]
    if not ready:
        return
    for index, person in enumerate(rng.sample(ready, min(5, len(ready)))):
        actions.add_committee_member(
            actor=SYSTEM,
            election=election,
            person=person,
            is_chair=index == 0,
            on=today() - datetime.timedelta(days=12),
        )
    for person in ready:
        if rng.random() < 0.985:
            actions.register_voter(
                actor=SYSTEM, election=election, person=person, on=today() - datetime.timedelta(days=8)
            )
    actions.publish_roll(actor=SYSTEM, election=election, on=today() - datetime.timedelta(days=2))

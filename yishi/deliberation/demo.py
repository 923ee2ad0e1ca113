"""Demo deliberation for `manage.py seed_demo`: meetings of each kind, with seats, sign-in, minutes, outcomes, dissent
and reviews, and discussions in the online deliberation halls of some demo matters.

    seed(street=street, rng=rng)                    # the street's urban communities (at most three) and a village
    seed(street=street, rng=rng, scale="tiny")      # the same on the tiny street

The meetings go through the actions, as a member of the community's two committees (the demo account when there
is one, else the system) and are reviewed by the party secretary: the matters' timelines, the notices on the board,
the notifications and the audit record are what the real steps leave. A community gets:

- a compound "5+N" deliberation meeting on a micro matter, held, its outcome (with a dissent) approved and
  published, its matter moved to implementing;
- a community "4+N" hearing on a small matter, held, its outcome waiting for the party secretary's review;
- a coordination meeting on another matter, convened for the coming days (invitations in "what awaits me");
- a standalone review meeting (评议会) of last quarter's projects, held and approved;
and a village gets a democratic dialogue (民主恳谈会) of a villagers' group whose outcome was sent back.

Residents' posts in the halls are history, loaded as data (one audit record "demo.seed" says so); the staff's steps
in the halls (an assisted post, a hidden post, the summary) go through the actions. The meetings' own timestamps
(invitations, opening, sign-in) are then set to the day each meeting was held. Invitations are notified in the
app; their text messages are marked as not sent (the demo sends no SMS but sign-in codes).
"""

import dataclasses
import datetime
import random
from collections.abc import Sequence

from django.db.models import Max
from django.utils import timezone

from yishi.accounts.models import User
from yishi.audit.actions import Actor, record_audit
from yishi.audit.models import Channel
from yishi.deliberation import actions, queries
from yishi.deliberation.domain.hall import GroupDraft
from yishi.deliberation.models import Hall, Meeting, MeetingStatus, Outcome, Post, PostReport, Seat, SignIn
from yishi.matters.models import Matter, MatterStatus, Notification
from yishi.people.models import Person, RoleAssignment
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceKind

DEMO_NOTE = "demo"
_SYSTEM = Actor(user=None, acting_role="demo", channel=Channel.SYSTEM)
URBAN_COMMUNITIES = {"tiny": 1, "default": 3, "street": 3, "district": 3}

SUPPORT = ("支持，早就该解决了。", "赞成，希望尽快落实。", "我家老人天天经过这里，支持！", "同意，大家的事大家办。")
OPPOSE = ("费用怎么分摊要先说清楚，否则不同意。", "不赞成现在就动工，施工会影响休息。")
SUGGESTION = (
    "建议先公示方案和报价，再征求大家意见。",
    "建议分两期实施，先解决最急的部分。",
    "可以请物业和业委会一起出方案，社区来把关。",
    "施工时间请避开午休和晚上。",
)
QUESTION = ("资金从哪里出？需要业主另外交钱吗？", "什么时候开始？大概要多久？")
REPLIES = ("物业说可以先出两套方案。", "同意楼上的意见。", "公共收益账上还有结余，可以先用。")


def _staff(community: Place, roles: Sequence[str]) -> Actor:
    """A holder of one of the roles at the community acting online (the demo account when there is one)."""
    person_ids = list(
        RoleAssignment.objects.filter(place=community, role__in=roles)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    user = User.objects.filter(person_id__in=person_ids).order_by("pk").first()
    if user is None:
        return _SYSTEM
    role = RoleAssignment.objects.filter(place=community, person_id=user.person_id or 0).values_list("role", flat=True)[
        0
    ]
    return Actor(user=user, acting_role=role, channel=Channel.ONLINE)


def _residents(place: Place, rng: random.Random, count: int, *, exclude: set[int] | None = None) -> list[Person]:
    low, high = subtree_bounds(place.path)
    ids = list(
        Person.objects.filter(is_active=True, home__path__gte=low, home__path__lt=high)
        .exclude(pk__in=exclude or set())
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    chosen = rng.sample(ids, min(count, len(ids)))
    return list(Person.objects.filter(pk__in=chosen).order_by("pk"))


def _fill_seats(chair: Actor, meeting: Meeting, rng: random.Random, *, matter: Matter | None) -> None:
    """Seat the suggested holders of each template seat, and stakeholders: the matter's proposer and neighbours."""
    seated: set[int] = set()
    for suggestion in queries.suggest_people(meeting, language="zh-hans", role_labels={}):
        free = [person for person, _why in suggestion.people if person.pk not in seated]
        for person in free[: rng.choice((1, 1, 2))]:
            actions.add_seat(actor=chair, meeting=meeting, person=person, category=suggestion.category.value)
            seated.add(person.pk)
    stakeholders: list[Person] = []
    proposer = matter.proposer if matter is not None else None
    if (
        proposer is not None
        and proposer.home is not None
        and proposer.home.path.startswith(meeting.community.path)
        and proposer.pk not in seated
    ):
        stakeholders.append(proposer)
    place = matter.place if matter is not None else meeting.place
    stakeholders += _residents(place, rng, rng.randint(1, 3), exclude=seated | {person.pk for person in stakeholders})
    for person in stakeholders:
        actions.add_seat(actor=chair, meeting=meeting, person=person, category="stakeholders")


def _prepare(chair: Actor, facts: actions.MeetingFacts, rng: random.Random, matter: Matter | None) -> Meeting:
    """Create the meeting and seat its participants; one whose template seats cannot all be filled from the roster
    becomes an ad hoc meeting, which keeps the gaps as a warning."""
    meeting = actions.create_meeting(actor=chair, facts=facts, matters=[matter] if matter is not None else [])
    _fill_seats(chair, meeting, rng, matter=matter)
    if actions.check_meeting_seats(meeting).blocks:
        meeting = actions.update_meeting(
            actor=chair, meeting=meeting, facts=dataclasses.replace(facts, scheduling="ad_hoc")
        )
    return meeting


def _convene_or_open(chair: Actor, meeting: Meeting) -> None:
    """Invite the seated and open the meeting (an ad hoc one opens at once)."""
    if meeting.scheduling == "scheduled":
        actions.convene_meeting(actor=chair, meeting=meeting)
    actions.open_meeting(actor=chair, meeting=meeting)


def _hold(chair: Actor, meeting: Meeting, rng: random.Random, *, speeches: Sequence[str]) -> None:
    """Sign most participants in (staff at the door), minute their speeches and end the meeting."""
    seats = list(meeting.seats.select_related("person").order_by("pk"))
    for seat in seats:
        if rng.random() < 0.85:
            actions.sign_in_for(actor=chair, meeting=meeting, person=seat.person)
    item = meeting.agenda_items.order_by("position").first()
    speakers = [seat.person for seat in seats]
    for speech in speeches:
        actions.add_minutes_entry(
            actor=chair, meeting=meeting, speaker=rng.choice(speakers), summary=speech, agenda_item=item
        )


def _outcome(
    chair: Actor, meeting: Meeting, rng: random.Random, *, text: str, route: str, dissent: str = ""
) -> Outcome:
    item = meeting.agenda_items.order_by("position").first()
    outcome = actions.record_outcome(actor=chair, meeting=meeting, text=text, route=route, agenda_item=item)
    if dissent:
        seat = rng.choice(list(meeting.seats.select_related("person").order_by("pk")))
        actions.record_dissent(actor=chair, outcome=outcome, person=seat.person, text=dissent)
    actions.end_meeting(actor=chair, meeting=meeting)
    return actions.submit_outcome(actor=chair, outcome=outcome)


def _backdate(meeting: Meeting, starts_at: datetime.datetime) -> None:
    """Put the meeting's own records at the time it was held (the steps were loaded just now)."""
    meeting.refresh_from_db()
    Meeting.objects.filter(pk=meeting.pk).update(
        convened_at=starts_at - datetime.timedelta(days=3) if meeting.convened_at else None,
        opened_at=starts_at,
        ended_at=starts_at + datetime.timedelta(hours=2) if meeting.status == MeetingStatus.ENDED else None,
    )
    for index, sign_in in enumerate(SignIn.objects.filter(meeting=meeting).order_by("pk")):
        SignIn.objects.filter(pk=sign_in.pk).update(signed_in_at=starts_at - datetime.timedelta(minutes=15 - index))
    Seat.objects.filter(meeting=meeting, invited_at__isnull=False).update(
        invited_at=starts_at - datetime.timedelta(days=3)
    )


def _matter(
    community: Place, classes: Sequence[str], *, compound: bool, taken: set[int], prefer: Sequence[int] = ()
) -> Matter | None:
    queryset = Matter.objects.filter(
        community=community, status=MatterStatus.TRIAGED, triage_class__in=list(classes)
    ).exclude(pk__in=taken)
    queryset = queryset.filter(compound__isnull=not compound).select_related("place", "compound", "proposer__home")
    matter = (
        queryset.filter(compound_id__in=list(prefer)).order_by("created_at", "pk").first() if prefer else None
    ) or queryset.order_by("created_at", "pk").first()
    if matter is not None:
        taken.add(matter.pk)
    return matter


def _compound_meeting(
    community: Place, chair: Actor, reviewer: Actor, rng: random.Random, taken: set[int], now: datetime.datetime
) -> Matter | None:
    """A compound "5+N" deliberation meeting, held last week; its outcome approved and published."""
    matter = _matter(community, ("micro", "urgent"), compound=True, taken=taken)
    if matter is None or matter.compound is None:
        return None
    starts_at = (now - datetime.timedelta(days=rng.randint(4, 9))).replace(hour=19, minute=0, second=0, microsecond=0)
    facts = actions.MeetingFacts(
        place=matter.compound,
        kind="deliberation",
        title=f"{matter.compound.name}议事协商会：{matter.title}",
        purpose=f"协商“{matter.title}”的解决办法：听取居民、业委会和物业的意见，形成协商意见。",
        venue="room",
        location=f"{matter.compound.name}党群服务站",
        starts_at=starts_at,
    )
    meeting = _prepare(chair, facts, rng, matter)
    _convene_or_open(chair, meeting)
    _hold(
        chair,
        meeting,
        rng,
        speeches=(
            "介绍了议题由来和前期收集到的居民意见。",
            "物业表示可以在两周内拿出方案，费用希望从公共收益中列支。",
            "业委会同意列支，但要求公开报价、接受监督。",
            "利益相关方希望尽快解决，并提出施工时间要避开休息时段。",
        ),
    )
    outcome = _outcome(
        chair,
        meeting,
        rng,
        text=(
            f"经小区议事协商会协商，就“{matter.title}”形成如下意见：\n"
            "1. 由物业服务企业在两周内提出具体方案，连同报价在小区公告栏公示七天；\n"
            "2. 费用从小区公共收益中列支，业委会负责监督；\n"
            "3. 实施完成后公示结果，由居务监督委员会组织居民评议。"
        ),
        route="implementation",
        dissent="费用分摊应按受益程度区分，低楼层住户受益少，不宜平均承担。",
    )
    actions.review_outcome(actor=reviewer, outcome=outcome, approve=True, reasons="程序完整，意见明确，同意公开。")
    _backdate(meeting, starts_at)
    return matter


def _hearing(
    community: Place, chair: Actor, rng: random.Random, taken: set[int], now: datetime.datetime
) -> Matter | None:
    """A community "4+N" hearing on a small matter, held; its outcome awaits the party secretary's review."""
    matter = _matter(community, ("small",), compound=False, taken=taken)
    if matter is None:
        return None
    starts_at = (now - datetime.timedelta(days=rng.randint(1, 3))).replace(hour=14, minute=30, second=0, microsecond=0)
    facts = actions.MeetingFacts(
        place=community,
        kind="hearing",
        title=f"关于“{matter.title}”的听证会",
        purpose="听取各方对方案的意见，特别是受影响居民的意见。",
        venue="room",
        location="社区党群服务中心二楼会议室",
        starts_at=starts_at,
    )
    meeting = _prepare(chair, facts, rng, matter)
    _convene_or_open(chair, meeting)
    _hold(
        chair,
        meeting,
        rng,
        speeches=(
            "社区介绍了方案和征求意见情况。",
            "居民代表认为方案总体可行，但要照顾老年人的需求。",
            "常住外来人口代表希望同样享有参与和使用的机会。",
        ),
    )
    _outcome(
        chair,
        meeting,
        rng,
        text=(
            f"听证会就“{matter.title}”形成协商意见：方案总体可行，按听证意见修改后，"
            "提交居民代表会议表决；表决通过后由居委会组织实施。"
        ),
        route="decision",
        dissent="希望增加一次面向全体居民的说明会再表决。",
    )
    _backdate(meeting, starts_at)
    return matter


def _coordination(
    community: Place, chair: Actor, rng: random.Random, taken: set[int], now: datetime.datetime
) -> Matter | None:
    """A coordination meeting on a compound matter, convened for the coming days."""
    # The demo residents who sign in by phone find the invitation at home: prefer a matter of their compound.
    low, high = subtree_bounds(community.path)
    demo_people = list(
        Person.objects.filter(
            user__isnull=False, roles__isnull=True, home__path__gte=low, home__path__lt=high
        ).select_related("home")
    )
    homes = [person.home.ancestor_of_kind(PlaceKind.COMPOUND) for person in demo_people if person.home is not None]
    prefer = [compound.pk for compound in homes if compound is not None]
    matter = _matter(community, ("micro", "urgent", "small"), compound=True, taken=taken, prefer=prefer)
    if matter is None or matter.compound is None:
        return None
    starts_at = (now + datetime.timedelta(days=rng.randint(2, 6))).replace(hour=19, minute=0, second=0, microsecond=0)
    facts = actions.MeetingFacts(
        place=matter.compound,
        kind="coordination",
        title=f"“{matter.title}”协调会",
        purpose="协调物业、业委会和相关住户，商定解决办法。",
        venue="on_site",
        location=f"{matter.compound.name}现场",
        starts_at=starts_at,
    )
    meeting = _prepare(chair, facts, rng, matter)
    seated = set(meeting.seats.values_list("person_id", flat=True))
    for person in demo_people:
        if person.home is not None and person.home.path.startswith(matter.compound.path) and person.pk not in seated:
            actions.add_seat(actor=chair, meeting=meeting, person=person, category="stakeholders")
    # An ad hoc meeting sends its invitations too; its empty seats stay a warning on the record.
    actions.convene_meeting(actor=chair, meeting=meeting)
    return matter


def _review_meeting(
    community: Place, chair: Actor, reviewer: Actor, rng: random.Random, now: datetime.datetime
) -> None:
    """A standalone review meeting (评议会) of last quarter's projects, held and approved."""
    starts_at = (now - datetime.timedelta(days=rng.randint(10, 20))).replace(hour=9, minute=30, second=0, microsecond=0)
    facts = actions.MeetingFacts(
        place=community,
        kind="review",
        title="上季度为民办实事项目评议会",
        purpose="由居民代表、社会组织和常住外来人口代表评议上季度实事项目的完成情况。",
        venue="room",
        location="社区党群服务中心",
        starts_at=starts_at,
    )
    meeting = _prepare(chair, facts, rng, None)
    _convene_or_open(chair, meeting)
    _hold(chair, meeting, rng, speeches=("楼道照明改造完成较好。", "助餐点菜品还需改进。"))
    outcome = _outcome(
        chair,
        meeting,
        rng,
        text="评议意见：楼道照明改造、加装扶手两个项目满意；助餐点菜品改进项目基本满意，请下季度继续跟进。",
        route="no_action",
    )
    actions.review_outcome(actor=reviewer, outcome=outcome, approve=True)
    _backdate(meeting, starts_at)


def _village_dialogue(
    village: Place, chair: Actor, reviewer: Actor, rng: random.Random, taken: set[int], now: datetime.datetime
) -> Matter | None:
    """A villagers' group "4+N" democratic dialogue, held; its outcome sent back for revision."""
    matter = _matter(village, ("micro", "urgent", "small"), compound=True, taken=taken)
    group = matter.compound if matter is not None else None
    if matter is None or group is None:
        return None
    starts_at = (now - datetime.timedelta(days=rng.randint(2, 6))).replace(hour=20, minute=0, second=0, microsecond=0)
    facts = actions.MeetingFacts(
        place=group,
        kind="deliberation",
        is_dialogue=True,
        title=f"{group.name}民主恳谈会：{matter.title}",
        purpose="围坐恳谈，听取组里村民的想法。",
        venue="on_site",
        location=f"{group.name}晒场边",
        starts_at=starts_at,
    )
    meeting = _prepare(chair, facts, rng, matter)
    _convene_or_open(chair, meeting)
    _hold(chair, meeting, rng, speeches=("村民小组长介绍了情况。", "村民代表建议投工投劳，村里补贴材料费。"))
    outcome = _outcome(
        chair,
        meeting,
        rng,
        text=f"恳谈形成意见：“{matter.title}”由组里村民投工投劳解决，村委会补贴材料费。",
        route="implementation",
    )
    actions.review_outcome(
        actor=reviewer,
        outcome=outcome,
        approve=False,
        reasons="材料费补贴金额和来源未写明；涉及村集体资金的，须按“四议两公开”提交村民代表会议决议。",
    )
    _backdate(meeting, starts_at)
    return matter


def _discussion(hall: Hall, rng: random.Random, *, moderator: Actor, summarise: bool) -> None:
    """Residents' posts (history, loaded as data), then the staff's steps through the actions."""
    matter = hall.matter
    people = _residents(matter.place, rng, rng.randint(5, 9))
    if not people:
        return
    now = timezone.now()
    pools = {"support": SUPPORT, "oppose": OPPOSE, "suggestion": SUGGESTION, "question": QUESTION}
    weights = {"support": 5, "oppose": 2, "suggestion": 3, "question": 2}
    posts = []
    for index, person in enumerate(people):
        position = rng.choices(list(weights), list(weights.values()))[0]
        posts.append(
            Post(
                hall=hall,
                author=person,
                position=position,
                text=rng.choice(pools[position]),
                channel=Channel.ONLINE,
                created_at=now - datetime.timedelta(hours=(len(people) - index) * rng.randint(2, 6)),
            )
        )
    Post.objects.bulk_create(posts)
    first = posts[0]
    replies = [
        Post(
            hall=hall,
            parent=first,
            author=rng.choice(people),
            text=rng.choice(REPLIES),
            channel=Channel.ONLINE,
            created_at=first.created_at + datetime.timedelta(hours=1),
        )
    ]
    Post.objects.bulk_create(replies)
    rude = Post.objects.create(
        hall=hall,
        author=rng.choice(people),
        position="oppose",
        text="物业就是骗钱的，谁同意谁就是帮凶！",
        channel=Channel.ONLINE,
        created_at=now - datetime.timedelta(hours=3),
    )
    reporter = next((person for person in people if person.pk != rude.author_id), None)
    if reporter is not None:
        PostReport.objects.create(post=rude, reporter=reporter, reason="人身攻击")
    actions.hide_post(actor=moderator, post=rude, reason="含人身攻击，违反议事厅公约；欢迎就事论事发表意见。")
    elder = _residents(matter.place, rng, 1, exclude={person.pk for person in people})
    if elder:
        actions.record_post_for_resident(
            actor=moderator,
            hall=hall,
            person=elder[0],
            text="我没有智能手机，托社工代为发言：支持，希望施工前挨家挨户通知到。",
            position="support",
            reference="入户走访记录",
        )
    if summarise:
        visible = list(Post.objects.filter(hall=hall, hidden_at__isnull=True, parent__isnull=True).order_by("pk"))
        supporting = tuple(post.pk for post in visible if post.position == "support")
        doubting = tuple(post.pk for post in visible if post.position in ("oppose", "question"))
        suggesting = tuple(post.pk for post in visible if post.position == "suggestion")
        groups = [
            GroupDraft(
                title="尽快解决", description="希望尽快落实，越快越好。", post_ids=supporting, offline_supporters=3
            ),
            GroupDraft(title="先把费用说清楚", description="关心资金来源和分摊方式。", post_ids=doubting),
            GroupDraft(title="方案先公示", description="希望先公示方案和报价，再实施。", post_ids=suggesting),
        ]
        actions.summarise_hall(
            actor=moderator,
            hall=hall,
            common_ground="大家都希望尽快解决；在公开方案和报价、说清资金来源的前提下，各方都能接受先实施、后评议。",
            groups=[group for group in groups if group.post_ids or group.offline_supporters],
        )


def seed(*, street: Place, rng: random.Random, scale: str = "default") -> None:
    """Meetings, outcomes and hall discussions in the street's communities."""
    before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
    now = timezone.now()
    communities = list(Place.objects.within(street).of_kind(PlaceKind.COMMUNITY).order_by("path"))
    urban = [community for community in communities if not community.is_rural][: URBAN_COMMUNITIES.get(scale, 3)]
    villages = [community for community in communities if community.is_rural][:1]
    posts_before = Post.objects.count()
    halls: list[tuple[Hall, Actor, bool]] = []
    for community in urban:
        chair = _staff(community, ("committee_member",))
        reviewer = _staff(community, ("party_secretary",))
        taken: set[int] = set()
        held = _compound_meeting(community, chair, reviewer, rng, taken, now)
        heard = _hearing(community, chair, rng, taken, now)
        coming = _coordination(community, chair, rng, taken, now)
        _review_meeting(community, chair, reviewer, rng, now)
        for index, matter in enumerate(item for item in (held, heard, coming) if item is not None):
            hall = Hall.objects.filter(matter=matter).select_related("matter__place").first()
            if hall is None:
                hall = actions.open_hall(actor=chair, matter=matter)
            halls.append((hall, chair, index == 0))
    for village in villages:
        chair = _staff(village, ("committee_member",))
        reviewer = _staff(village, ("party_secretary",))
        talked = _village_dialogue(village, chair, reviewer, rng, set(), now)
        if talked is not None:
            hall = Hall.objects.select_related("matter__place").get(matter=talked)
            halls.append((hall, chair, False))
    for hall, moderator, summarise in halls:
        _discussion(hall, rng, moderator=moderator, summarise=summarise)
    # The demo sends no text messages but the sign-in codes: its invitations stay in the app.
    Notification.objects.filter(pk__gt=before, wants_sms=True, sms_sent_at__isnull=True).update(sms_skipped=DEMO_NOTE)
    if communities:
        loaded = Post.objects.count() - posts_before
        record_audit(
            actor=Actor(user=None, acting_role="demo", channel=Channel.IMPORT),
            verb="demo.seed",
            target=street,
            place=street,
            changes={"hall_posts": [0, loaded]},
            note=f"Demo deliberation loaded by manage.py seed_demo --scale {scale}: residents' posts as history.",
        )

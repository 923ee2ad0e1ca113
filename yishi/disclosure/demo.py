"""Demo notices for every community of the demo street: last months' accounts in the archive, this
month's accounts, a meeting notice and a decision on the board, and a draft awaiting its publisher.

Current notices go through the actions, published by a staff member of the community when the demo
has one (else by the system). The archive is history, so it is loaded as data, like the rest of the
demo, with one audit record (verb "demo.seed") saying where it came from.
"""

import datetime
import random
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from yishi.audit.actions import Actor, record_audit
from yishi.audit.models import Channel
from yishi.disclosure import actions
from yishi.disclosure.domain.kinds import DEFAULT_POSTING_DAYS
from yishi.disclosure.domain.kinds import NoticeKind as KindName
from yishi.disclosure.models import Notice, NoticeKind, NoticeStatus
from yishi.people.models import RoleAssignment
from yishi.places.models import Place, PlaceKind

_ITEMS = (
    ("保洁服务费", 600, 1800),
    ("绿化养护", 300, 1500),
    ("路灯维修", 200, 2400),
    ("楼道照明电费", 80, 400),
    ("议事会茶水及资料印制", 50, 300),
    ("志愿者服装", 200, 900),
    ("自治金拨付（收入）", -20000, -5000),
)


def _rows(rng: random.Random, month: datetime.date) -> list[dict[str, str]]:
    rows = []
    for item, low, high in rng.sample(_ITEMS, k=4):
        amount = Decimal(rng.randint(low * 100, high * 100)) / 100
        day = month.replace(day=rng.randint(1, 28))
        rows.append({"item": item, "amount": str(-amount), "date": day.isoformat()})
    return rows


def _publisher(community: Place) -> Actor:
    assignment = (
        RoleAssignment.objects.filter(
            place=community, role__in=["committee_member", "party_secretary"], person__user__isnull=False
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()))
        .select_related("person__user")
        .first()
    )
    if assignment is None:
        return Actor.system()
    return Actor(user=assignment.person.user, acting_role=assignment.role, channel=Channel.ONLINE)


def _month_start(day: datetime.date, back: int) -> datetime.date:
    year, month = day.year, day.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return datetime.date(year, month, 1)


def _archive(community: Place, rng: random.Random, today: datetime.date) -> int:
    """Monthly accounts of the three months before last, published on the 5th and long since taken down."""
    zone = timezone.get_current_timezone()
    notices = []
    for back in (4, 3, 2):
        month = _month_start(today, back)
        published_on = _month_start(today, back - 1).replace(day=5)
        year_prefix = f"{published_on.year}-"
        taken = Notice.objects.filter(community=community, number__startswith=year_prefix).count()
        notice = Notice(
            community=community,
            place=community,
            kind=NoticeKind.ACCOUNTS,
            title=f"{community.name}{month.year}年{month.month}月财务收支公开",
            body="现将本月收支情况逐项公布如下。如有疑问，请于公示期内向居务监督委员会反映。",
            rows=_rows(rng, month),
            status=NoticeStatus.ARCHIVED,
            number=f"{year_prefix}{taken + 1:03d}",
            posted_from=published_on,
            posted_until=published_on + datetime.timedelta(days=DEFAULT_POSTING_DAYS[KindName.ACCOUNTS]),
            due_by=published_on.replace(day=10),
            published_at=datetime.datetime.combine(published_on, datetime.time(9, 30), tzinfo=zone),
            archived_at=datetime.datetime.combine(published_on, datetime.time(9, 30), tzinfo=zone)
            + datetime.timedelta(days=31),
        )
        notice.save()
        notices.append(notice)
    return len(notices)


def seed(*, street: Place, rng: random.Random) -> None:
    """Notices for each community of the street."""
    today = timezone.localdate()
    communities = list(Place.objects.within(street).filter(kind=PlaceKind.COMMUNITY).order_by("path"))
    archived = 0
    for community in communities:
        archived += _archive(community, rng, today)
        actor = _publisher(community)
        last_month = _month_start(today, 1)
        actions.publish_for(
            actor=actor,
            community=community,
            kind=NoticeKind.ACCOUNTS,
            title=f"{community.name}{last_month.year}年{last_month.month}月财务收支公开",
            body="现将上月收支情况逐项公布如下。如有疑问，请于公示期内向居务监督委员会反映。",
            source=None,
            rows=_rows(rng, last_month),
            due_by=max(today, today.replace(day=10)),
        )
        meeting_day = today + datetime.timedelta(days=rng.randint(3, 10))
        actions.publish_for(
            actor=actor,
            community=community,
            kind=NoticeKind.MEETING_NOTICE,
            title=f"关于召开{'村民代表会议' if community.is_rural else '居民代表会议'}的通知",
            body=(
                f"定于{meeting_day.month}月{meeting_day.day}日下午2时在"
                f"{'村委会' if community.is_rural else '居委会'}会议室召开会议。\n\n"
                "议题：\n- 审议上季度财务收支情况\n- 协商公共区域停车管理办法\n\n请各位代表准时参加。"
            ),
            source=None,
        )
        actions.publish_for(
            actor=actor,
            community=community,
            kind=NoticeKind.DECISION,
            title="关于增设电动自行车集中充电点的决议",
            body=(
                "经议事协商委员会协商、居民代表会议表决，同意在小区内增设电动自行车集中充电点两处。\n\n"
                "**表决结果**：应到代表35人，实到31人，同意28人，不同意2人，弃权1人。\n\n"
                "如有异议，请于公示期内向居委会反映。"
            ),
            source=None,
        )
        if actor.user is not None:
            actions.create_draft(
                actor=actor,
                community=community,
                kind=NoticeKind.IMPLEMENTATION_RESULT,
                title="楼道照明改造实施结果（草稿）",
                body="楼道照明改造已完工，共更换感应灯48盏，待监督委员会验收后公布。",
            )
    if communities:
        record_audit(
            actor=Actor(user=None, acting_role="demo", channel=Channel.IMPORT),
            verb="demo.seed",
            target=street,
            place=street,
            note=f"Demo data loaded by manage.py seed_demo: {archived} archived notices of past months.",
        )

"""Service levels of matters: due dates per triage class, overdue checks and reminders.

Periods are counted in calendar days of the community's own calendar (Asia/Shanghai) and, as
民法典 第二百零一条 prescribes for periods in days, the day the clock starts is not counted: a
7-day matter triaged at any time on 1 March is due by the end of 8 March. The periods are the
platform's promise to residents, not statutory periods, so they do not roll over public holidays.

Time-zone hazard: every instant must be time-zone aware and is converted to Asia/Shanghai
*before* its date is taken. A matter triaged at 00:30 on 2 March in Beijing is 16:30 UTC on
1 March; taking the UTC date would make it due a day early and send its reminders a day early.
China has kept UTC+8 without daylight saving since 1991, so the zone's offset never jumps.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from yishi.matters.domain.errors import ErrorCode, MatterDomainError
from yishi.matters.domain.triage import TriageClass

COMMUNITY_TIME_ZONE = ZoneInfo("Asia/Shanghai")

HALFWAY = Fraction(1, 2)
FOUR_FIFTHS = Fraction(4, 5)
DUE_DATE = Fraction(1)


@dataclass(frozen=True)
class ServiceLevelPolicy:
    """Days allowed per triage class and the points of the period at which reminders go out.

    Defaults: urgent 1 day (seed 004: "立即组织协商"); a direct answer 3 days (a reply or a repair
    order needs no meeting); micro 7 days (one weekly compound round, "周周碰"); small 15 days
    (two rounds of the community committee, which meets at least monthly, "月月议"); big 30 days
    (the street and its departments, "吹哨报到"). Declined matters have no period: the decision
    is the answer. Reminders go out at one half and four fifths of the period and on the due date.
    """

    urgent_days: int = 1
    direct_answer_days: int = 3
    micro_days: int = 7
    small_days: int = 15
    big_days: int = 30
    reminder_points: tuple[Fraction, ...] = (HALFWAY, FOUR_FIFTHS)

    def __post_init__(self) -> None:
        """Reject periods under one day and reminder points outside the open interval (0, 1)."""
        for days in (
            self.urgent_days,
            self.direct_answer_days,
            self.micro_days,
            self.small_days,
            self.big_days,
        ):
            if days < 1:
                raise MatterDomainError(
                    code=ErrorCode.SERVICE_LEVEL_INVALID_PERIOD,
                    zh_hans=f"办理时限必须至少为 1 天,而不是 {days} 天。",
                    en=f"A service period must be at least 1 day, not {days}.",
                )
        for point in self.reminder_points:
            if not Fraction(0) < point < Fraction(1):
                raise MatterDomainError(
                    code=ErrorCode.SERVICE_LEVEL_INVALID_REMINDER,
                    zh_hans=f"提醒点必须在时限的 0 与 1 之间(不含两端),而不是 {point}。",
                    en=f"A reminder point must lie strictly between 0 and 1 of the period, not {point}.",
                )

    def period_days(self, triage_class: TriageClass) -> int | None:
        """The days allowed for a class, or None for a declined matter."""
        return {
            TriageClass.URGENT: self.urgent_days,
            TriageClass.DIRECT_ANSWER: self.direct_answer_days,
            TriageClass.MICRO: self.micro_days,
            TriageClass.SMALL: self.small_days,
            TriageClass.BIG: self.big_days,
            TriageClass.DECLINED: None,
        }[triage_class]


DEFAULT_POLICY = ServiceLevelPolicy()


def community_date(*, moment: datetime) -> date:
    """The calendar date in Asia/Shanghai of an aware instant; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise MatterDomainError(
            code=ErrorCode.SERVICE_LEVEL_NAIVE_DATETIME,
            zh_hans="时间必须带时区,否则无法确定其所在日期。",
            en="A datetime must be time-zone aware; without a zone its date is unknown.",
        )
    return moment.astimezone(COMMUNITY_TIME_ZONE).date()


def due_date(
    *, triaged_at: datetime, triage_class: TriageClass, policy: ServiceLevelPolicy = DEFAULT_POLICY
) -> date | None:
    """The last day (Asia/Shanghai) on which the matter is on time, or None when it has no period."""
    days = policy.period_days(triage_class)
    if days is None:
        return None
    # 民法典 第二百零一条: the starting day is not counted, so day 1 is the day after triage.
    return community_date(moment=triaged_at) + timedelta(days=days)


def is_overdue(
    *,
    triaged_at: datetime,
    triage_class: TriageClass,
    now: datetime,
    resolved_at: datetime | None = None,
    policy: ServiceLevelPolicy = DEFAULT_POLICY,
) -> bool:
    """Whether the matter was (or, while open, is) past its due date: resolved late, or open after it."""
    due = due_date(triaged_at=triaged_at, triage_class=triage_class, policy=policy)
    if due is None:
        return False
    return community_date(moment=resolved_at if resolved_at is not None else now) > due


def days_open(*, opened_at: datetime, now: datetime, closed_at: datetime | None = None) -> int:
    """Calendar days (Asia/Shanghai) from opening to closing or now, the opening day not counted."""
    end = closed_at if closed_at is not None else now
    days = (community_date(moment=end) - community_date(moment=opened_at)).days
    if days < 0:
        raise MatterDomainError(
            code=ErrorCode.SERVICE_LEVEL_TIME_REVERSED,
            zh_hans="结束时间早于开始时间。",
            en="The end lies before the start.",
        )
    return days


@dataclass(frozen=True)
class Reminder:
    """A reminder to send on a date, at a point of the period (1 means the due date itself)."""

    on: date
    point: Fraction

    @property
    def is_due_date(self) -> bool:
        """Whether this is the reminder on the due date."""
        return self.point == DUE_DATE


def reminder_schedule(
    *, triaged_at: datetime, triage_class: TriageClass, policy: ServiceLevelPolicy = DEFAULT_POLICY
) -> tuple[Reminder, ...]:
    """All reminders of a matter in date order; points that fall on the same day keep the later one."""
    days = policy.period_days(triage_class)
    if days is None:
        return ()
    start = community_date(moment=triaged_at)
    by_date: dict[date, Fraction] = {}
    for point in (*sorted(policy.reminder_points), DUE_DATE):
        # Round up to a whole day so a reminder never comes before its share of the period has passed.
        offset = math.ceil(days * point)
        by_date[start + timedelta(days=offset)] = point
    return tuple(Reminder(on=on, point=point) for on, point in sorted(by_date.items()))


def reminders_due(
    *,
    triaged_at: datetime,
    triage_class: TriageClass,
    now: datetime,
    already_sent: frozenset[Fraction] = frozenset(),
    policy: ServiceLevelPolicy = DEFAULT_POLICY,
) -> tuple[Reminder, ...]:
    """Reminders whose date has come and that were not yet sent, so a missed daily run catches up."""
    today = community_date(moment=now)
    return tuple(
        reminder
        for reminder in reminder_schedule(triaged_at=triaged_at, triage_class=triage_class, policy=policy)
        if reminder.on <= today and reminder.point not in already_sent
    )

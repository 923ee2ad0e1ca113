"""Notice periods and deadlines (CW-5, CW-18, CW-29, YZ-13) counted under 民法典第二百零一条 and 第二百零三条."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from yishi.decisions.domain import citations, texts
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Explained, Provision, Quantity, assumption, bound
from yishi.decisions.domain.validation import validate_count


class DayCounting(StrEnum):
    """Whether the day a period starts on is counted; 民法典第二百零一条 excludes it (the default)."""

    EXCLUDE_START_DAY = "exclude_start_day"
    INCLUDE_START_DAY = "include_start_day"


class NoticeKind(StrEnum):
    """Notices that must precede an event by a number of days."""

    VOTER_LIST = "voter_list"
    VILLAGERS_ASSEMBLY = "villagers_assembly"
    OWNERS_MEETING = "owners_meeting"


class PeriodKind(StrEnum):
    """Actions that must follow a start date within a number of days."""

    VOTER_LIST_COMPLAINT = "voter_list_complaint"
    COMPLAINT_DECISION = "complaint_decision"
    RUNOFF = "runoff"
    RECALL_VOTE = "recall_vote"
    HANDOVER = "handover"
    OWNERS_CHALLENGE = "owners_challenge"


NOTICE_DAYS: Mapping[NoticeKind, Provision[int]] = MappingProxyType(
    {
        NoticeKind.VOTER_LIST: Provision(20, citations.CW_5),
        NoticeKind.VILLAGERS_ASSEMBLY: Provision(10, citations.CW_18),
        NoticeKind.OWNERS_MEETING: Provision(15, citations.YZ_13),
    }
)
PERIOD_DAYS: Mapping[PeriodKind, Provision[int]] = MappingProxyType(
    {
        PeriodKind.VOTER_LIST_COMPLAINT: Provision(5, citations.CW_5),
        PeriodKind.COMPLAINT_DECISION: Provision(3, citations.CW_5),
        # 村组法第二十条: the outgoing committee hands over within ten days of the new one being elected.
        PeriodKind.HANDOVER: Provision(10, citations.CW_29_HANDOVER),
    }
)


@dataclass(frozen=True, kw_only=True)
class NoticeOutcome(Explained):
    """Whether a notice was given early enough, and the latest date that would have been."""

    timely: bool
    latest_notice_date: date
    days_counted: int
    required_days: int


@dataclass(frozen=True, kw_only=True)
class PeriodOutcome(Explained):
    """Whether an action fell within its period, and the period's last day."""

    in_time: bool
    last_day: date
    days_counted: int
    allowed_days: int


def years_later(start: date, years: int) -> date:
    """The last day of a period of `years` years from `start` (民法典第二百零二条): the corresponding day, or the last
    day of that month where there is none (a period from 29 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 2, 28)


def owners_challenge_days(start: date) -> Provision[int]:
    """YZ-15: an owner asks the court to annul a decision within one year of knowing (or when they should have known)
    of it (解释第十二条); the year as days from `start`, so that it is counted like every other period."""
    return Provision((years_later(start, 1) - start).days, citations.YZ_15)


def latest_notice_date(*, event: date, days: int, counting: DayCounting = DayCounting.EXCLUDE_START_DAY) -> date:
    """Latest date a notice of `days` days before `event` may be given."""
    validate_count(days, field="days")
    offset = days if counting is DayCounting.EXCLUDE_START_DAY else days - 1
    return event - timedelta(days=offset)


def _days_counted(start: date, end: date, counting: DayCounting) -> int:
    elapsed = (end - start).days
    return elapsed if counting is DayCounting.EXCLUDE_START_DAY else elapsed + 1


def period_last_day(
    *,
    start: date,
    days: int,
    counting: DayCounting = DayCounting.EXCLUDE_START_DAY,
    holidays: frozenset[date] = frozenset(),
) -> date:
    """Last day of a period of `days` days from `start`, moved past holidays (民法典第二百零三条)."""
    validate_count(days, field="days", positive=True)
    last = start + timedelta(days=days if counting is DayCounting.EXCLUDE_START_DAY else days - 1)
    while last in holidays:
        last += timedelta(days=1)
    return last


def _counting_citation(counting: DayCounting) -> Provision[DayCounting]:
    default = Provision(DayCounting.EXCLUDE_START_DAY, citations.CIVIL_CODE_201)
    return default if counting is default.value else default.customised(counting)


def check_notice(
    *,
    kind: NoticeKind,
    event_date: date,
    notice_date: date,
    counting: DayCounting = DayCounting.EXCLUDE_START_DAY,
    days: int | None = None,
) -> NoticeOutcome:
    """Whether a notice given on `notice_date` meets the days required before `event_date`."""
    required = NOTICE_DAYS[kind] if days is None else NOTICE_DAYS[kind].customised(days)
    validate_count(required.value, field="days", positive=True)
    if notice_date > event_date:
        raise DomainError(ErrorCode.DATE_ORDER, field="notice_date", other="event_date")
    counted = _days_counted(notice_date, event_date, counting)
    rule = _counting_citation(counting)
    condition = bound(
        code=f"notice.{kind.value}",
        value=counted,
        limit=required.value,
        minimum=True,
        inclusive=True,
        citation=required.citation,
        quantity=Quantity.DAYS,
    )
    return NoticeOutcome(
        timely=condition.passed,
        latest_notice_date=latest_notice_date(event=event_date, days=required.value, counting=counting),
        days_counted=counted,
        required_days=required.value,
        conditions=(condition,),
        assumptions=(
            assumption(code="deadline.counting", value=texts.DAY_COUNTING[counting.value], citation=rule.citation),
        ),
    )


def check_period(
    *,
    kind: PeriodKind,
    start: date,
    action: date,
    counting: DayCounting = DayCounting.EXCLUDE_START_DAY,
    holidays: frozenset[date] = frozenset(),
    days: Provision[int | None] | None = None,
) -> PeriodOutcome:
    """Whether `action` happened within the period of `kind` that began on `start`."""
    allowed = _allowed_days(kind, days)
    if action < start:
        raise DomainError(ErrorCode.DATE_ORDER, field="action_date", other="start_date")
    last = period_last_day(start=start, days=allowed.value, counting=counting, holidays=holidays)
    counted = _days_counted(start, action, counting)
    limit = _days_counted(start, last, counting)
    condition = bound(
        code=f"deadline.{kind.value}",
        value=counted,
        limit=limit,
        minimum=False,
        inclusive=True,
        citation=allowed.citation,
        quantity=Quantity.DAYS,
    )
    rule = _counting_citation(counting)
    notes = [assumption(code="deadline.counting", value=texts.DAY_COUNTING[counting.value], citation=rule.citation)]
    if limit != allowed.value:
        notes.append(
            assumption(
                code="deadline.holiday_extension",
                value=texts.days_value(limit - allowed.value),
                citation=citations.CIVIL_CODE_203,
            )
        )
    return PeriodOutcome(
        in_time=condition.passed,
        last_day=last,
        days_counted=counted,
        allowed_days=allowed.value,
        conditions=(condition,),
        assumptions=tuple(notes),
    )


def _allowed_days(kind: PeriodKind, days: Provision[int | None] | None) -> Provision[int]:
    if days is None:
        if kind not in PERIOD_DAYS:
            raise DomainError(ErrorCode.NOT_APPLICABLE, field="days")
        return PERIOD_DAYS[kind]
    if days.value is None:
        raise DomainError(ErrorCode.NOT_APPLICABLE, field="days")
    return Provision(days.value, days.citation)

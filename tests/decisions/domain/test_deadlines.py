"""Notice periods and deadlines (CW-5, CW-18, YZ-13; 民法典第二百零一条, 第二百零三条)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.decisions.domain import citations
from yishi.decisions.domain.deadlines import (
    DayCounting,
    NoticeKind,
    PeriodKind,
    check_notice,
    check_period,
    latest_notice_date,
    period_last_day,
)
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Provision, Status

PROPERTY = settings(database=None, deadline=None)
ELECTION = date(2025, 6, 21)


@pytest.mark.parametrize(
    ("kind", "notice", "timely"),
    [
        (NoticeKind.VOTER_LIST, date(2025, 6, 1), True),  # election day - 20 days
        (NoticeKind.VOTER_LIST, date(2025, 6, 2), False),
        (NoticeKind.VILLAGERS_ASSEMBLY, date(2025, 6, 11), True),  # ten days' notice
        (NoticeKind.VILLAGERS_ASSEMBLY, date(2025, 6, 12), False),
        (NoticeKind.OWNERS_MEETING, date(2025, 6, 6), True),  # 15 days
        (NoticeKind.OWNERS_MEETING, date(2025, 6, 7), False),
    ],
)
def test_notice_periods(kind: NoticeKind, notice: date, timely: bool) -> None:
    outcome = check_notice(kind=kind, event_date=ELECTION, notice_date=notice)
    assert outcome.timely is timely
    assert outcome.latest_notice_date == ELECTION - timedelta(days=outcome.required_days)
    assert outcome.assumptions[0].citation.status is Status.UNCONFIRMED


def test_counting_the_start_day_is_a_configurable_alternative() -> None:
    outcome = check_notice(
        kind=NoticeKind.VOTER_LIST,
        event_date=ELECTION,
        notice_date=date(2025, 6, 2),
        counting=DayCounting.INCLUDE_START_DAY,
    )
    assert outcome.timely
    assert outcome.days_counted == 20
    assert outcome.latest_notice_date == date(2025, 6, 2)
    assert outcome.assumptions[0].citation.status is Status.CUSTOM


def test_custom_notice_days_and_errors() -> None:
    outcome = check_notice(kind=NoticeKind.OWNERS_MEETING, event_date=ELECTION, notice_date=date(2025, 6, 1), days=30)
    assert not outcome.timely
    assert outcome.conditions[0].citation.status is Status.CUSTOM
    with pytest.raises(DomainError) as after:
        check_notice(kind=NoticeKind.VOTER_LIST, event_date=ELECTION, notice_date=date(2025, 6, 22))
    assert after.value.code is ErrorCode.DATE_ORDER
    with pytest.raises(DomainError) as zero:
        check_notice(kind=NoticeKind.VOTER_LIST, event_date=ELECTION, notice_date=ELECTION, days=0)
    assert zero.value.code is ErrorCode.NOT_POSITIVE
    same_day = check_notice(kind=NoticeKind.VOTER_LIST, event_date=ELECTION, notice_date=ELECTION)
    assert not same_day.timely


@pytest.mark.parametrize(
    ("kind", "action", "in_time"),
    [
        (
            PeriodKind.VOTER_LIST_COMPLAINT,
            date(2025, 6, 6),
            True,
        ),  # published 1 June: 2-6 June are the five days
        (PeriodKind.VOTER_LIST_COMPLAINT, date(2025, 6, 7), False),
        (PeriodKind.VOTER_LIST_COMPLAINT, date(2025, 6, 1), True),
        (PeriodKind.COMPLAINT_DECISION, date(2025, 6, 4), True),
        (PeriodKind.COMPLAINT_DECISION, date(2025, 6, 5), False),
    ],
)
def test_periods(kind: PeriodKind, action: date, in_time: bool) -> None:
    outcome = check_period(kind=kind, start=date(2025, 6, 1), action=action)
    assert outcome.in_time is in_time


def test_periods_move_past_holidays_and_can_count_the_start_day() -> None:
    holidays = frozenset({date(2025, 10, 1) + timedelta(days=offset) for offset in range(7)})
    outcome = check_period(
        kind=PeriodKind.VOTER_LIST_COMPLAINT,
        start=date(2025, 9, 26),
        action=date(2025, 10, 8),
        holidays=holidays,
    )
    assert outcome.last_day == date(2025, 10, 8)
    assert outcome.in_time
    assert [item.code for item in outcome.assumptions] == ["deadline.counting", "deadline.holiday_extension"]
    inclusive = check_period(
        kind=PeriodKind.VOTER_LIST_COMPLAINT,
        start=date(2025, 6, 1),
        action=date(2025, 6, 6),
        counting=DayCounting.INCLUDE_START_DAY,
    )
    assert not inclusive.in_time
    assert inclusive.last_day == date(2025, 6, 5)


def test_profile_periods() -> None:
    days = Provision[int | None](15, citations.BJ_30)
    outcome = check_period(kind=PeriodKind.RUNOFF, start=date(2025, 6, 1), action=date(2025, 6, 16), days=days)
    assert outcome.in_time
    with pytest.raises(DomainError) as missing:
        check_period(kind=PeriodKind.RUNOFF, start=date(2025, 6, 1), action=date(2025, 6, 16))
    assert missing.value.code is ErrorCode.NOT_APPLICABLE
    with pytest.raises(DomainError) as unset:
        check_period(
            kind=PeriodKind.RUNOFF,
            start=date(2025, 6, 1),
            action=date(2025, 6, 16),
            days=Provision[int | None](None, citations.CW_10),
        )
    assert unset.value.code is ErrorCode.NOT_APPLICABLE
    with pytest.raises(DomainError) as before:
        check_period(kind=PeriodKind.COMPLAINT_DECISION, start=date(2025, 6, 1), action=date(2025, 5, 31))
    assert before.value.code is ErrorCode.DATE_ORDER


def test_helpers() -> None:
    assert latest_notice_date(event=ELECTION, days=20) == date(2025, 6, 1)
    assert period_last_day(start=date(2025, 1, 31), days=1) == date(2025, 2, 1)


@PROPERTY
@given(
    event=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    notice_gap=st.integers(0, 60),
    kind=st.sampled_from(list(NoticeKind)),
)
def test_earlier_notice_is_never_worse(event: date, notice_gap: int, kind: NoticeKind) -> None:
    notice = event - timedelta(days=notice_gap)
    later = check_notice(kind=kind, event_date=event, notice_date=notice)
    earlier = check_notice(kind=kind, event_date=event, notice_date=notice - timedelta(days=1))
    if later.timely:
        assert earlier.timely
    assert later.timely is (notice <= later.latest_notice_date)

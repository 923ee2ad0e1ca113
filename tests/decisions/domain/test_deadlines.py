"""Notice periods and deadlines (CW-5, CW-18, CW-29, YZ-13, YZ-15; 民法典第二百零一条, 第二百零三条)."""

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
    owners_challenge_days,
    period_last_day,
    years_later,
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
        (PeriodKind.HANDOVER, date(2025, 6, 11), True),  # elected 1 June: 2-11 June are the ten days (CW-29)
        (PeriodKind.HANDOVER, date(2025, 6, 12), False),
    ],
)
def test_periods(kind: PeriodKind, action: date, in_time: bool) -> None:
    outcome = check_period(kind=kind, start=date(2025, 6, 1), action=action)
    assert outcome.in_time is in_time
    assert outcome.conditions[0].code == f"deadline.{kind.value}"


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


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (date(2025, 3, 10), date(2026, 3, 10)),  # the corresponding day (民法典第二百零二条)
        (date(2024, 2, 29), date(2025, 2, 28)),  # no 29 February: the last day of the month
        (date(2023, 3, 1), date(2024, 3, 1)),  # across a 29 February: 366 days
    ],
)
def test_an_owners_challenge_has_one_year_from_knowing_of_the_decision(start: date, last: date) -> None:
    allowed = owners_challenge_days(start)
    assert allowed.citation.rule_ref == "YZ-15"
    assert allowed.citation.status is Status.CONFIRMED
    on_time = check_period(kind=PeriodKind.OWNERS_CHALLENGE, start=start, action=last, days=allowed)
    late = check_period(kind=PeriodKind.OWNERS_CHALLENGE, start=start, action=last + timedelta(days=1), days=allowed)
    assert (on_time.in_time, on_time.last_day, late.in_time) == (True, last, False)
    assert on_time.conditions[0].code == "deadline.owners_challenge"


def test_an_owners_challenge_needs_its_year_worked_out_from_the_start() -> None:
    with pytest.raises(DomainError) as refused:
        check_period(kind=PeriodKind.OWNERS_CHALLENGE, start=date(2025, 1, 1), action=date(2025, 2, 1))
    assert refused.value.code is ErrorCode.NOT_APPLICABLE


@PROPERTY
@given(start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), years=st.integers(1, 10))
def test_a_period_of_years_ends_on_the_corresponding_day_or_the_month_end(start: date, years: int) -> None:
    last = years_later(start, years)
    assert (last.year, last.month) == (start.year + years, start.month)
    assert last.day == start.day or (start.month, start.day, last.day) == (2, 29, 28)

"""Service levels: due dates in Asia/Shanghai calendar days, overdue checks and reminders."""

from datetime import UTC, date, datetime, timedelta, tzinfo
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yishi.matters.domain.errors import ErrorCode, MatterDomainError
from yishi.matters.domain.service_levels import (
    DEFAULT_POLICY,
    FOUR_FIFTHS,
    HALFWAY,
    Reminder,
    ServiceLevelPolicy,
    community_date,
    days_open,
    due_date,
    is_overdue,
    reminder_schedule,
    reminders_due,
)
from yishi.matters.domain.triage import TriageClass

SHANGHAI = ZoneInfo("Asia/Shanghai")
C = TriageClass


def beijing(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("triage_class", "expected"),
    [
        (C.URGENT, date(2026, 3, 2)),
        (C.DIRECT_ANSWER, date(2026, 3, 4)),
        (C.MICRO, date(2026, 3, 8)),
        (C.SMALL, date(2026, 3, 16)),
        (C.BIG, date(2026, 3, 31)),
        (C.DECLINED, None),
    ],
)
def test_default_due_dates_do_not_count_the_starting_day(triage_class: TriageClass, expected: date | None) -> None:
    assert due_date(triaged_at=beijing(2026, 3, 1, 9), triage_class=triage_class) == expected


def test_due_date_uses_the_shanghai_date_not_the_utc_date() -> None:
    # 00:30 on 2 March in Beijing is still 1 March in UTC.
    triaged_at = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
    assert community_date(moment=triaged_at) == date(2026, 3, 2)
    assert due_date(triaged_at=triaged_at, triage_class=C.MICRO) == date(2026, 3, 9)


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(MatterDomainError) as raised:
        due_date(triaged_at=datetime(2026, 3, 1, 9), triage_class=C.MICRO)
    assert raised.value.code is ErrorCode.SERVICE_LEVEL_NAIVE_DATETIME


class _NoOffset(tzinfo):
    """A tzinfo that does not know its offset: as good as naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def test_a_datetime_whose_zone_has_no_offset_is_refused() -> None:
    with pytest.raises(MatterDomainError) as raised:
        community_date(moment=datetime(2026, 3, 1, 9, tzinfo=_NoOffset()))
    assert raised.value.code is ErrorCode.SERVICE_LEVEL_NAIVE_DATETIME


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (beijing(2026, 3, 8, 23, 59), False),
        (beijing(2026, 3, 9, 0, 0), True),
        # 15:59 UTC on 8 March is 23:59 in Beijing: still on time.
        (datetime(2026, 3, 8, 15, 59, tzinfo=UTC), False),
        (datetime(2026, 3, 8, 16, 0, tzinfo=UTC), True),
    ],
)
def test_is_overdue_at_the_boundary(now: datetime, expected: bool) -> None:
    assert is_overdue(triaged_at=beijing(2026, 3, 1), triage_class=C.MICRO, now=now) is expected


def test_is_overdue_judges_a_resolved_matter_by_its_resolution() -> None:
    triaged_at = beijing(2026, 3, 1)
    late_now = beijing(2026, 5, 1)
    assert not is_overdue(
        triaged_at=triaged_at, triage_class=C.MICRO, now=late_now, resolved_at=beijing(2026, 3, 8, 20)
    )
    assert is_overdue(triaged_at=triaged_at, triage_class=C.MICRO, now=late_now, resolved_at=beijing(2026, 3, 9, 8))


def test_a_declined_matter_is_never_overdue() -> None:
    assert not is_overdue(triaged_at=beijing(2026, 1, 1), triage_class=C.DECLINED, now=beijing(2027, 1, 1))


def test_days_open() -> None:
    opened = beijing(2026, 3, 1, 23, 50)
    assert days_open(opened_at=opened, now=beijing(2026, 3, 1, 23, 59)) == 0
    assert days_open(opened_at=opened, now=beijing(2026, 3, 2, 0, 5)) == 1
    assert days_open(opened_at=opened, now=beijing(2026, 4, 1), closed_at=beijing(2026, 3, 11)) == 10


def test_days_open_refuses_an_end_before_the_start() -> None:
    with pytest.raises(MatterDomainError) as raised:
        days_open(opened_at=beijing(2026, 3, 2), now=beijing(2026, 3, 1))
    assert raised.value.code is ErrorCode.SERVICE_LEVEL_TIME_REVERSED


@pytest.mark.parametrize(
    ("triage_class", "expected"),
    [
        (C.URGENT, [(date(2026, 3, 2), Fraction(1))]),
        (C.DIRECT_ANSWER, [(date(2026, 3, 3), HALFWAY), (date(2026, 3, 4), Fraction(1))]),
        (
            C.MICRO,
            [(date(2026, 3, 5), HALFWAY), (date(2026, 3, 7), FOUR_FIFTHS), (date(2026, 3, 8), Fraction(1))],
        ),
        (
            C.SMALL,
            [(date(2026, 3, 9), HALFWAY), (date(2026, 3, 13), FOUR_FIFTHS), (date(2026, 3, 16), Fraction(1))],
        ),
        (
            C.BIG,
            [
                (date(2026, 3, 16), HALFWAY),
                (date(2026, 3, 25), FOUR_FIFTHS),
                (date(2026, 3, 31), Fraction(1)),
            ],
        ),
        (C.DECLINED, []),
    ],
)
def test_reminder_schedule(triage_class: TriageClass, expected: list[tuple[date, Fraction]]) -> None:
    schedule = reminder_schedule(triaged_at=beijing(2026, 3, 1), triage_class=triage_class)
    assert [(reminder.on, reminder.point) for reminder in schedule] == expected
    assert [reminder.is_due_date for reminder in schedule] == [point == 1 for _, point in expected]


def test_reminders_due_catch_up_and_skip_those_already_sent() -> None:
    triaged_at = beijing(2026, 3, 1)
    assert reminders_due(triaged_at=triaged_at, triage_class=C.MICRO, now=beijing(2026, 3, 4)) == ()
    assert reminders_due(triaged_at=triaged_at, triage_class=C.MICRO, now=beijing(2026, 3, 5)) == (
        Reminder(on=date(2026, 3, 5), point=HALFWAY),
    )
    # The job did not run for two days: both the halfway and the 80 % reminder are due now.
    assert [
        reminder.point
        for reminder in reminders_due(triaged_at=triaged_at, triage_class=C.MICRO, now=beijing(2026, 3, 7))
    ] == [HALFWAY, FOUR_FIFTHS]
    assert reminders_due(
        triaged_at=triaged_at,
        triage_class=C.MICRO,
        now=beijing(2026, 3, 8),
        already_sent=frozenset({HALFWAY, FOUR_FIFTHS}),
    ) == (Reminder(on=date(2026, 3, 8), point=Fraction(1)),)


def test_a_custom_policy() -> None:
    policy = ServiceLevelPolicy(micro_days=10, reminder_points=(Fraction(9, 10), Fraction(1, 4)))
    assert policy.period_days(C.MICRO) == 10
    assert due_date(triaged_at=beijing(2026, 3, 1), triage_class=C.MICRO, policy=policy) == date(2026, 3, 11)
    assert [
        reminder.on
        for reminder in reminder_schedule(triaged_at=beijing(2026, 3, 1), triage_class=C.MICRO, policy=policy)
    ] == [date(2026, 3, 4), date(2026, 3, 10), date(2026, 3, 11)]


@pytest.mark.parametrize("field", ["urgent_days", "direct_answer_days", "micro_days", "small_days", "big_days"])
def test_a_period_under_one_day_is_refused(field: str) -> None:
    with pytest.raises(MatterDomainError) as raised:
        ServiceLevelPolicy(**{field: 0})  # type: ignore[arg-type]
    assert raised.value.code is ErrorCode.SERVICE_LEVEL_INVALID_PERIOD


@pytest.mark.parametrize("point", [Fraction(0), Fraction(1), Fraction(-1, 2), Fraction(3, 2)])
def test_a_reminder_point_outside_the_period_is_refused(point: Fraction) -> None:
    with pytest.raises(MatterDomainError) as raised:
        ServiceLevelPolicy(reminder_points=(point,))
    assert raised.value.code is ErrorCode.SERVICE_LEVEL_INVALID_REMINDER


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([UTC, SHANGHAI, ZoneInfo("America/New_York")]),
    ),
    triage_class=st.sampled_from([C.URGENT, C.DIRECT_ANSWER, C.MICRO, C.SMALL, C.BIG]),
)
def test_reminders_fall_inside_the_period_and_end_on_the_due_date(moment: datetime, triage_class: TriageClass) -> None:
    schedule = reminder_schedule(triaged_at=moment, triage_class=triage_class)
    due = due_date(triaged_at=moment, triage_class=triage_class)
    assert schedule[-1] == Reminder(on=due, point=Fraction(1))  # type: ignore[arg-type]
    start = community_date(moment=moment)
    assert all(start < reminder.on <= schedule[-1].on for reminder in schedule)
    assert [reminder.on for reminder in schedule] == sorted({reminder.on for reminder in schedule})
    assert DEFAULT_POLICY.period_days(triage_class) == (schedule[-1].on - start).days

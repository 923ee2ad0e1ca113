"""How often village affairs are published (CW-26)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Status, explanation
from yishi.decisions.domain.publication import (
    AffairsKind,
    Frequency,
    PublicationRules,
    evaluate_major_publication,
    evaluate_periodic_publication,
    publication_frequency,
)

PROPERTY = settings(database=None, deadline=None)


@pytest.mark.parametrize(
    ("kind", "many", "rules", "frequency", "status"),
    [
        (AffairsKind.GENERAL, False, PublicationRules.NATIONAL, Frequency.QUARTERLY, Status.CONFIRMED),
        (AffairsKind.FINANCE, False, PublicationRules.NATIONAL, Frequency.QUARTERLY, Status.CONFIRMED),
        (AffairsKind.FINANCE, True, PublicationRules.NATIONAL, Frequency.MONTHLY, Status.CONFIRMED),
        (AffairsKind.FINANCE, False, PublicationRules.SHANDONG, Frequency.MONTHLY, Status.CONFIRMED_LOCAL),
        (AffairsKind.GENERAL, False, PublicationRules.SHANDONG, Frequency.QUARTERLY, Status.CONFIRMED),
        (AffairsKind.MAJOR, False, PublicationRules.NATIONAL, Frequency.IMMEDIATELY, Status.CONFIRMED),
    ],
)
def test_how_often_each_kind_is_published(
    kind: AffairsKind, many: bool, rules: PublicationRules, frequency: Frequency, status: Status
) -> None:
    rule = publication_frequency(kind=kind, many_transactions=many, rules=rules)
    assert (rule.value, rule.citation.rule_ref, rule.citation.status) == (frequency, "CW-26", status)


@pytest.mark.parametrize(
    ("start", "end", "published", "checked", "missing"),
    [
        (
            date(2025, 1, 1),
            date(2025, 12, 31),
            [date(2025, 1, 20), date(2025, 5, 3), date(2025, 10, 9)],
            4,
            ["2025-Q3"],
        ),
        (date(2025, 1, 1), date(2025, 3, 31), [date(2025, 3, 31)], 1, []),  # last day of the quarter counts
        (date(2025, 1, 1), date(2025, 3, 30), [], 0, []),  # the first quarter has not ended yet: not due
        (date(2025, 2, 15), date(2025, 6, 30), [date(2025, 1, 5)], 2, ["2025-Q2"]),  # Q1 holds a publication
        (date(2024, 11, 1), date(2025, 3, 31), [date(2024, 12, 31), date(2025, 1, 1)], 2, []),  # across a year
        (date(2025, 1, 1), date(2025, 6, 30), [date(2025, 4, 1), date(2025, 4, 2)], 2, ["2025-Q1"]),
    ],
)
def test_general_items_at_least_once_per_calendar_quarter(
    start: date, end: date, published: list[date], checked: int, missing: list[str]
) -> None:
    outcome = evaluate_periodic_publication(
        kind=AffairsKind.GENERAL, published_on=published, period_start=start, period_end=end
    )
    assert outcome.frequency is Frequency.QUARTERLY
    assert (outcome.periods_checked, list(outcome.missing_periods)) == (checked, missing)
    assert outcome.published_as_required is (not missing)
    assert outcome.days_to_publication is None
    assert all(item.code == "village.publication.period" for item in outcome.conditions)
    assert [item.code for item in outcome.assumptions] == [
        "village.publication.frequency",
        "village.publication.calendar_periods",
    ]
    assert outcome.assumptions[1].citation.status is Status.UNCONFIRMED


@pytest.mark.parametrize(
    ("many", "rules", "missing"),
    [
        (True, PublicationRules.NATIONAL, ["2025-02"]),
        (False, PublicationRules.SHANDONG, ["2025-02"]),  # 山东: every month in every village
        (False, PublicationRules.NATIONAL, []),  # few transactions: finance is a general item, once a quarter
    ],
)
def test_finance_monthly_where_transactions_are_many(many: bool, rules: PublicationRules, missing: list[str]) -> None:
    outcome = evaluate_periodic_publication(
        kind=AffairsKind.FINANCE,
        published_on=[date(2025, 1, 31), date(2025, 3, 2)],
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        many_transactions=many,
        rules=rules,
    )
    assert list(outcome.missing_periods) == missing
    if missing:
        assert [item.subject for item in outcome.conditions] == ["2025-01", "2025-02", "2025-03"]


def test_the_periodic_explanation_names_each_period() -> None:
    outcome = evaluate_periodic_publication(
        kind=AffairsKind.FINANCE,
        published_on=[],
        period_start=date(2025, 12, 1),
        period_end=date(2025, 12, 31),
        rules=PublicationRules.SHANDONG,
    )
    lines = explanation(outcome)
    assert lines["zh-Hans"][0] == (
        "2025-12：本期公布次数 0，少于每期最少次数（1）✗（山东省村务公开条例第十二条）〔地方规定，可配置〕"
    )
    assert lines["en"][1] == (
        "How often to publish: every month (Shandong Village Affairs Disclosure Regulations Art. 12)"
        " [local rule; configurable]"
    )


@pytest.mark.parametrize(
    ("arguments", "code", "field"),
    [
        ({"kind": AffairsKind.MAJOR}, ErrorCode.NOT_APPLICABLE, "kind"),
        ({"period_start": date(2026, 1, 1)}, ErrorCode.DATE_ORDER, "period_start"),
        ({"published_on": [date(2025, 3, 1), date(2026, 1, 1)]}, ErrorCode.DATE_ORDER, "published_on[1]"),
    ],
)
def test_impossible_periods_are_refused(arguments: dict[str, object], code: ErrorCode, field: str) -> None:
    defaults: dict[str, object] = {
        "kind": AffairsKind.GENERAL,
        "published_on": [],
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
    }
    with pytest.raises(DomainError) as refused:
        evaluate_periodic_publication(**{**defaults, **arguments})  # type: ignore[arg-type]
    assert (refused.value.code, refused.value.field) == (code, field)


@PROPERTY
@given(
    start=st.dates(date(2000, 1, 1), date(2040, 12, 31)),
    length=st.integers(0, 800),
    offsets=st.lists(st.integers(0, 800), max_size=12),
    monthly=st.booleans(),
)
def test_a_period_is_missing_exactly_when_it_ended_without_a_publication(
    start: date, length: int, offsets: list[int], monthly: bool
) -> None:
    end = start + timedelta(days=length)
    published = sorted({start + timedelta(days=offset) for offset in offsets if offset <= length})
    outcome = evaluate_periodic_publication(
        kind=AffairsKind.FINANCE, published_on=published, period_start=start, period_end=end, many_transactions=monthly
    )

    def key(day: date) -> tuple[int, int]:
        return (day.year, day.month if monthly else (day.month - 1) // 3 + 1)

    # Walk every day: a period is checked when its last day is on or before `end`.
    ended: list[tuple[int, int]] = []
    day = start
    while day <= end:
        if key(day + timedelta(days=1)) != key(day) and key(day) not in ended:
            ended.append(key(day))
        day += timedelta(days=1)
    assert outcome.periods_checked == len(ended)
    published_periods = {key(day) for day in published}
    assert len(outcome.missing_periods) == len([period for period in ended if period not in published_periods])
    assert outcome.published_as_required is all(period in published_periods for period in ended)


@pytest.mark.parametrize(
    ("published", "within", "required", "days", "codes"),
    [
        ([date(2025, 6, 3)], None, True, 2, ["village.publication.immediate"]),
        ([], None, False, None, ["village.publication.immediate"]),
        ([date(2025, 6, 4)], 3, True, 3, ["village.publication.immediate", "village.publication.within_days"]),
        (
            [date(2025, 6, 9), date(2025, 6, 5)],
            3,
            False,
            4,
            ["village.publication.immediate", "village.publication.within_days"],
        ),
        ([date(2025, 6, 1)], 0, True, 0, ["village.publication.immediate", "village.publication.within_days"]),
        ([], 3, False, None, ["village.publication.immediate"]),
    ],
)
def test_major_matters_immediately(
    published: list[date], within: int | None, required: bool, days: int | None, codes: list[str]
) -> None:
    outcome = evaluate_major_publication(occurred_on=date(2025, 6, 1), published_on=published, within_days=within)
    assert outcome.frequency is Frequency.IMMEDIATELY
    assert (outcome.published_as_required, outcome.days_to_publication) == (required, days)
    assert [item.code for item in outcome.conditions] == codes
    assert (outcome.periods_checked, outcome.missing_periods) == (0, ())
    if within is not None and days is not None:
        assert outcome.conditions[1].citation.status is Status.CUSTOM


def test_major_matters_refuse_impossible_input() -> None:
    with pytest.raises(DomainError) as early:
        evaluate_major_publication(occurred_on=date(2025, 6, 1), published_on=[date(2025, 5, 31)])
    assert (early.value.code, early.value.field) == (ErrorCode.DATE_ORDER, "occurred_on")
    with pytest.raises(DomainError) as negative:
        evaluate_major_publication(occurred_on=date(2025, 6, 1), published_on=[], within_days=-1)
    assert (negative.value.code, negative.value.field) == (ErrorCode.NEGATIVE_VALUE, "within_days")

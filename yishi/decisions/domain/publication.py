"""How often village affairs are published (CW-26, 村组法第三十条第三款): general items at least once per quarter,
finance every month where the collective has many transactions (every month in every village under 山东条例第十二条),
major matters immediately. How long a notice stays on the board is `yishi.disclosure.domain.kinds`, not this."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from yishi.decisions.domain import citations, texts
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import (
    Condition,
    Explained,
    Provision,
    Quantity,
    assumption,
    bound,
    custom_citation,
    fact,
)
from yishi.decisions.domain.validation import validate_count


class AffairsKind(StrEnum):
    """What is published: a general item (第三十条第二款), financial income and expenditure, or a major matter."""

    GENERAL = "general"
    FINANCE = "finance"
    MAJOR = "major"


class Frequency(StrEnum):
    """How often an item must be published."""

    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    IMMEDIATELY = "immediately"


class PublicationRules(StrEnum):
    """The national law, or 山东省村务公开条例 (finance every month in every village)."""

    NATIONAL = "national"
    SHANDONG = "shandong"


@dataclass(frozen=True, kw_only=True)
class PublicationOutcome(Explained):
    """Whether an item was published as often as CW-26 requires."""

    frequency: Frequency
    published_as_required: bool
    periods_checked: int
    missing_periods: tuple[str, ...]
    days_to_publication: int | None


def publication_frequency(
    *, kind: AffairsKind, many_transactions: bool = False, rules: PublicationRules = PublicationRules.NATIONAL
) -> Provision[Frequency]:
    """CW-26: quarterly for general items; monthly for finance where transactions are many (otherwise finance is a
    general item, quarterly), monthly in every village under 山东 第十二条; immediately for major matters."""
    if kind is AffairsKind.MAJOR:
        return Provision(Frequency.IMMEDIATELY, citations.CW_26)
    if kind is AffairsKind.FINANCE and rules is PublicationRules.SHANDONG:
        return Provision(Frequency.MONTHLY, citations.CW_26_SHANDONG)
    if kind is AffairsKind.FINANCE and many_transactions:
        return Provision(Frequency.MONTHLY, citations.CW_26)
    return Provision(Frequency.QUARTERLY, citations.CW_26)


def _period(day: date, frequency: Frequency) -> tuple[int, int]:
    """(year, index) of the calendar quarter (1–4) or month (1–12) a day falls in."""
    return (day.year, (day.month - 1) // 3 + 1) if frequency is Frequency.QUARTERLY else (day.year, day.month)


def _next(period: tuple[int, int], frequency: Frequency) -> tuple[int, int]:
    year, index = period
    last = 4 if frequency is Frequency.QUARTERLY else 12
    return (year + 1, 1) if index == last else (year, index + 1)


def _label(period: tuple[int, int], frequency: Frequency) -> str:
    year, index = period
    return f"{year}-Q{index}" if frequency is Frequency.QUARTERLY else f"{year}-{index:02d}"


def evaluate_periodic_publication(
    *,
    kind: AffairsKind,
    published_on: Sequence[date],
    period_start: date,
    period_end: date,
    many_transactions: bool = False,
    rules: PublicationRules = PublicationRules.NATIONAL,
) -> PublicationOutcome:
    """CW-26 for general items and finance: every calendar quarter (or month) from the one containing `period_start`
    that has ended by `period_end` holds at least one publication. A period still running on `period_end` is not yet
    due. Reading "每季度" as calendar quarters is an implementation choice (RULES.md), reported as such."""
    if kind is AffairsKind.MAJOR:
        raise DomainError(ErrorCode.NOT_APPLICABLE, field="kind")
    if period_start > period_end:
        raise DomainError(ErrorCode.DATE_ORDER, field="period_start", other="period_end")
    for index, day in enumerate(published_on):
        if day > period_end:
            raise DomainError(ErrorCode.DATE_ORDER, field=f"published_on[{index}]", other="period_end")
    rule = publication_frequency(kind=kind, many_transactions=many_transactions, rules=rules)
    frequency = rule.value
    counts = Counter(_period(day, frequency) for day in published_on)
    conditions: list[Condition] = []
    missing: list[str] = []
    period = _period(period_start, frequency)
    while _ends_on(period, frequency) <= period_end:
        label = _label(period, frequency)
        conditions.append(
            bound(
                code="village.publication.period",
                value=counts[period],
                limit=1,
                minimum=True,
                inclusive=True,
                citation=rule.citation,
                quantity=Quantity.COUNT,
                subject=label,
            )
        )
        if not counts[period]:
            missing.append(label)
        period = _next(period, frequency)
    return PublicationOutcome(
        frequency=frequency,
        published_as_required=all(condition.passed for condition in conditions),
        periods_checked=len(conditions),
        missing_periods=tuple(missing),
        days_to_publication=None,
        conditions=tuple(conditions),
        assumptions=(
            assumption(
                code="village.publication.frequency",
                value=texts.PUBLICATION_FREQUENCY[frequency.value],
                citation=rule.citation,
            ),
            assumption(
                code="village.publication.calendar_periods",
                value=texts.CALENDAR_PERIODS,
                citation=citations.CW_26_READING,
            ),
        ),
    )


def _ends_on(period: tuple[int, int], frequency: Frequency) -> date:
    """The last day of a calendar quarter or month."""
    year, index = _next(period, frequency)
    first_month = (index - 1) * 3 + 1 if frequency is Frequency.QUARTERLY else index
    return date.fromordinal(date(year, first_month, 1).toordinal() - 1)


def evaluate_major_publication(
    *, occurred_on: date, published_on: Sequence[date], within_days: int | None = None
) -> PublicationOutcome:
    """CW-26: a major matter affecting villagers is published "随时", immediately. The law sets no number of days;
    `within_days` is a limit the community may configure (reported as a custom setting)."""
    if within_days is not None:
        validate_count(within_days, field="within_days")
    for index, day in enumerate(published_on):
        if day < occurred_on:
            raise DomainError(ErrorCode.DATE_ORDER, field="occurred_on", other=f"published_on[{index}]")
    rule = publication_frequency(kind=AffairsKind.MAJOR)
    first = min(published_on, default=None)
    days = (first - occurred_on).days if first is not None else None
    conditions = [fact(code="village.publication.immediate", passed=first is not None, citation=rule.citation)]
    if within_days is not None and days is not None:
        conditions.append(
            bound(
                code="village.publication.within_days",
                value=days,
                limit=within_days,
                minimum=False,
                inclusive=True,
                citation=custom_citation(rule.citation),
                quantity=Quantity.DAYS,
            )
        )
    return PublicationOutcome(
        frequency=rule.value,
        published_as_required=all(condition.passed for condition in conditions),
        periods_checked=0,
        missing_periods=(),
        days_to_publication=days,
        conditions=tuple(conditions),
        assumptions=(
            assumption(
                code="village.publication.frequency",
                value=texts.PUBLICATION_FREQUENCY[rule.value.value],
                citation=rule.citation,
            ),
        ),
    )

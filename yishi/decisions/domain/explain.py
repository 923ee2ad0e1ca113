"""Explanations: the conditions and settings behind every outcome, and their bilingual rendering."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Generic, TypeVar

from yishi.decisions.domain import texts
from yishi.decisions.domain.numbers import Number, Threshold, exact, meets
from yishi.decisions.domain.texts import Language, Text

T = TypeVar("T")


class Status(StrEnum):
    """How firmly a rule is established (RULES.md status), or that a user configured it."""

    CONFIRMED = "confirmed"
    CONFIRMED_LOCAL = "confirmed_local"
    SECONDARY = "secondary"
    UNCONFIRMED = "unconfirmed"
    CUSTOM = "custom"


CONFIGURABLE_STATUSES = frozenset({Status.CONFIRMED_LOCAL, Status.UNCONFIRMED, Status.CUSTOM})


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from: bilingual citation text, the RULES.md id and its status."""

    text: Text
    rule_ref: str
    status: Status = Status.CONFIRMED

    @property
    def configurable(self) -> bool:
        """Whether the rule is a local or default setting that may be configured."""
        return self.status in CONFIGURABLE_STATUSES

    @property
    def unconfirmed(self) -> bool:
        """Whether the primary text behind the rule could not be confirmed."""
        return self.status is Status.UNCONFIRMED


def custom_citation(original: Citation) -> Citation:
    """The citation of a value a user configured in place of the one `original` provides."""
    return Citation(text=original.text, rule_ref=original.rule_ref, status=Status.CUSTOM)


@dataclass(frozen=True)
class Provision(Generic[T]):
    """A rule parameter together with the provision (or default) it comes from."""

    value: T
    citation: Citation

    def customised(self, value: T) -> Provision[T]:
        """The same parameter set to a user-configured value."""
        return Provision(value=value, citation=custom_citation(self.citation))


class Quantity(StrEnum):
    """What a figure measures; it decides the unit printed after it."""

    AREA = "area"
    PERSONS = "persons"
    HOUSEHOLDS = "households"
    GROUPS = "groups"
    VOTES = "votes"
    BALLOTS = "ballots"
    DAYS = "days"
    AGE = "age"
    YEARS = "years"
    COUNT = "count"


class ConditionKind(StrEnum):
    """Shape of a condition: a share of a total, a lower or upper bound, or a plain fact."""

    RATIO = "ratio"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    FACT = "fact"


@dataclass(frozen=True)
class Condition:
    """One tested condition of a rule, with its figures, threshold, citation and result."""

    code: str
    kind: ConditionKind
    label: Text
    of_label: Text | None
    citation: Citation
    passed: bool
    numerator: str | None = None
    denominator: str | None = None
    threshold: Threshold | None = None
    inclusive: bool = True
    quantity: Quantity = Quantity.COUNT
    denominator_quantity: Quantity | None = None
    subject: str | None = None

    @property
    def configurable(self) -> bool:
        """Whether the rule behind this condition is a configurable setting."""
        return self.citation.configurable

    @property
    def unconfirmed(self) -> bool:
        """Whether the rule behind this condition is unconfirmed."""
        return self.citation.unconfirmed


@dataclass(frozen=True)
class Assumption:
    """A setting or derived fact an outcome relied on (for example how spoiled ballots count)."""

    code: str
    label: Text
    value: Text
    citation: Citation

    @property
    def configurable(self) -> bool:
        """Whether this setting may be configured."""
        return self.citation.configurable

    @property
    def unconfirmed(self) -> bool:
        """Whether the rule behind this setting is unconfirmed."""
        return self.citation.unconfirmed


@dataclass(frozen=True, kw_only=True)
class Explained:
    """Base of every outcome: the conditions tested and the assumptions made."""

    conditions: tuple[Condition, ...]
    assumptions: tuple[Assumption, ...] = ()


def figure(value: Number) -> str:
    """Exact string of a figure: ints as digits, decimals without exponent, fractions as a/b."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Fraction):
        return str(value)
    return str(value)


def ratio(
    *,
    code: str,
    numerator: Number,
    denominator: Number,
    threshold: Threshold,
    citation: Citation,
    quantity: Quantity,
    denominator_quantity: Quantity | None = None,
    subject: str | None = None,
) -> Condition:
    """A condition "numerator reaches threshold of denominator"."""
    label, of_label = texts.condition_label(code)
    return Condition(
        code=code,
        kind=ConditionKind.RATIO,
        label=label,
        of_label=of_label,
        citation=citation,
        passed=meets(value=numerator, total=denominator, threshold=threshold),
        numerator=figure(numerator),
        denominator=figure(denominator),
        threshold=threshold,
        inclusive=threshold.inclusive,
        quantity=quantity,
        denominator_quantity=denominator_quantity,
        subject=subject,
    )


def bound(
    *,
    code: str,
    value: Number,
    limit: Number,
    minimum: bool,
    inclusive: bool,
    citation: Citation,
    quantity: Quantity,
    subject: str | None = None,
) -> Condition:
    """A condition "value >= limit" (minimum) or "value <= limit" (maximum); strict if not inclusive."""
    left, right = exact(value, field=code), exact(limit, field=code)
    passed = (left > right if minimum else left < right) or (inclusive and left == right)
    label, of_label = texts.condition_label(code)
    return Condition(
        code=code,
        kind=ConditionKind.AT_LEAST if minimum else ConditionKind.AT_MOST,
        label=label,
        of_label=of_label,
        citation=citation,
        passed=passed,
        numerator=figure(value),
        denominator=figure(limit),
        inclusive=inclusive,
        quantity=quantity,
        subject=subject,
    )


def fact(*, code: str, passed: bool, citation: Citation, subject: str | None = None) -> Condition:
    """A condition that is a plain fact (met or not), such as "not registered in another village"."""
    label, of_label = texts.condition_label(code)
    return Condition(
        code=code,
        kind=ConditionKind.FACT,
        label=label,
        of_label=of_label,
        citation=citation,
        passed=passed,
        subject=subject,
    )


def assumption(*, code: str, value: Text, citation: Citation) -> Assumption:
    """A setting an outcome relied on, labelled from the text catalogue."""
    return Assumption(code=code, label=texts.setting_label(code), value=value, citation=citation)


def yes_no(value: bool) -> Text:
    """Bilingual yes/no."""
    return texts.YES if value else texts.NO


def _format_figure(raw: str, quantity: Quantity) -> str:
    if quantity is Quantity.AREA:
        amount = Decimal(raw)
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent > -2:
            amount = amount.quantize(Decimal("0.01"))
        return format(amount, ",f")
    if "/" in raw or "." in raw:
        return raw
    return f"{int(raw):,}"


def _with_unit(raw: str, quantity: Quantity, language: Language) -> str:
    return _format_figure(raw, quantity) + texts.UNITS[quantity.value].get(language)


def _flags(status: Status, language: Language) -> str:
    return texts.STATUS_FLAGS[status.value].get(language)


def render_condition(condition: Condition, *, language: Language) -> str:
    """One human sentence for a condition in the given language."""
    mark = texts.MARK_PASSED if condition.passed else texts.MARK_FAILED
    parts = {
        "subject": texts.subject_prefix(condition.subject, language),
        "label": condition.label.get(language),
        "of": condition.of_label.get(language) if condition.of_label else "",
        "mark": mark,
        "cite": condition.citation.text.get(language),
        "flags": _flags(condition.citation.status, language),
        "num": "",
        "den": "",
        "phrase": "",
    }
    if condition.numerator is not None and condition.denominator is not None:
        parts["num"] = _with_unit(condition.numerator, condition.quantity, language)
        parts["den"] = _with_unit(condition.denominator, condition.denominator_quantity or condition.quantity, language)
    if condition.kind is ConditionKind.RATIO:
        assert condition.threshold is not None
        parts["phrase"] = texts.threshold_phrase(
            condition.threshold.fraction, inclusive=condition.threshold.inclusive, passed=condition.passed
        ).get(language)
    elif condition.kind is not ConditionKind.FACT:
        parts["phrase"] = texts.bound_phrase(
            minimum=condition.kind is ConditionKind.AT_LEAST,
            inclusive=condition.inclusive,
            passed=condition.passed,
        ).get(language)
    return texts.CONDITION_TEMPLATES[condition.kind.value].get(language).format(**parts)


def render_assumption(item: Assumption, *, language: Language) -> str:
    """One human sentence for a setting an outcome relied on."""
    return texts.ASSUMPTION_TEMPLATE.get(language).format(
        label=item.label.get(language),
        value=item.value.get(language),
        cite=item.citation.text.get(language),
        flags=_flags(item.citation.status, language),
    )


def render(outcome: Explained, *, language: Language) -> tuple[str, ...]:
    """All sentences of an outcome: its conditions, then the settings it relied on."""
    return tuple(render_condition(item, language=language) for item in outcome.conditions) + tuple(
        render_assumption(item, language=language) for item in outcome.assumptions
    )


def explanation(outcome: Explained) -> dict[str, tuple[str, ...]]:
    """Sentences in every supported language, keyed by language tag."""
    return {language.value: render(outcome, language=language) for language in Language}

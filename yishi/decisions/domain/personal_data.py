"""Personal data of a child under fourteen (PI-2, 个人信息保护法第二十八、二十九、三十一、五十五条)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yishi.decisions.domain import citations, texts
from yishi.decisions.domain.elections import completed_years
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Condition, Explained, assumption, fact, yes_no

SENSITIVE_UNDER_AGE = 14


@dataclass(frozen=True)
class MinorSafeguards:
    """What the processor has in place: the legal basis and the safeguards PI-2 asks for."""

    consent_basis: bool = True
    guardian_consented: bool = False
    separate_consent: bool = False
    special_rules: bool = False
    impact_assessment: bool = False


@dataclass(frozen=True, kw_only=True)
class MinorDataOutcome(Explained):
    """Whether a person's data is sensitive for their age, and whether the safeguards that then apply are met."""

    age: int
    under_14: bool
    sensitive: bool
    guardian_consent_required: bool
    requirements_met: bool


def evaluate_minor_data(*, birth_date: date, on: date, safeguards: MinorSafeguards) -> MinorDataOutcome:
    """PI-2: the data of a person "不满十四周岁" on the day of processing is sensitive (第二十八条); the day of the
    fourteenth birthday is no longer "不满". Then: a parent or guardian consents and the consent is separate (第三十一条
    第一款, 第二十九条) where consent is the legal basis; special processing rules (第三十一条第二款) and an impact
    assessment beforehand (第五十五条) always."""
    if birth_date > on:
        raise DomainError(ErrorCode.DATE_ORDER, field="birth_date", other="on")
    age = completed_years(since=birth_date, on=on)
    under_14 = age < SENSITIVE_UNDER_AGE
    conditions: list[Condition] = []
    if under_14:
        if safeguards.consent_basis:
            conditions += [
                fact(
                    code="personal_data.minor.guardian_consent",
                    passed=safeguards.guardian_consented,
                    citation=citations.PI_2_GUARDIAN,
                ),
                fact(
                    code="personal_data.minor.separate_consent",
                    passed=safeguards.separate_consent,
                    citation=citations.PI_2_SEPARATE_CONSENT,
                ),
            ]
        conditions += [
            fact(
                code="personal_data.minor.special_rules",
                passed=safeguards.special_rules,
                citation=citations.PI_2_SPECIAL_RULES,
            ),
            fact(
                code="personal_data.minor.impact_assessment",
                passed=safeguards.impact_assessment,
                citation=citations.PI_2_ASSESSMENT,
            ),
        ]
    return MinorDataOutcome(
        age=age,
        under_14=under_14,
        sensitive=under_14,
        guardian_consent_required=under_14 and safeguards.consent_basis,
        requirements_met=all(condition.passed for condition in conditions),
        conditions=tuple(conditions),
        assumptions=(
            assumption(code="personal_data.minor.age", value=texts.age_value(age), citation=citations.PI_2_SENSITIVE),
            assumption(code="personal_data.minor.sensitive", value=yes_no(under_14), citation=citations.PI_2_SENSITIVE),
        ),
    )

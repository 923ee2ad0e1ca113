"""Personal data of a child under fourteen (PI-2)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import explanation
from yishi.decisions.domain.personal_data import MinorSafeguards, evaluate_minor_data

PROPERTY = settings(database=None, deadline=None)
ALL_SAFEGUARDS = MinorSafeguards(
    guardian_consented=True, separate_consent=True, special_rules=True, impact_assessment=True
)
CONSENT_CODES = ["personal_data.minor.guardian_consent", "personal_data.minor.separate_consent"]
ALWAYS_CODES = ["personal_data.minor.special_rules", "personal_data.minor.impact_assessment"]


@pytest.mark.parametrize(
    ("birth", "on", "age", "under_14"),
    [
        (date(2012, 11, 20), date(2026, 11, 19), 13, True),  # the day before the 14th birthday
        (date(2012, 11, 20), date(2026, 11, 20), 14, False),  # the birthday itself: no longer 不满十四周岁
        (date(2012, 2, 29), date(2026, 2, 28), 14, False),  # 29 February: the birthday falls on 28 February
        (date(2012, 2, 29), date(2026, 2, 27), 13, True),
        (date(2026, 1, 1), date(2026, 1, 1), 0, True),
        (date(1980, 1, 1), date(2026, 1, 1), 46, False),
    ],
)
def test_data_of_a_person_under_14_is_sensitive(birth: date, on: date, age: int, under_14: bool) -> None:
    outcome = evaluate_minor_data(birth_date=birth, on=on, safeguards=MinorSafeguards())
    assert (outcome.age, outcome.under_14, outcome.sensitive) == (age, under_14, under_14)
    assert outcome.guardian_consent_required is under_14
    assert outcome.requirements_met is (not under_14)
    assert [item.code for item in outcome.conditions] == (CONSENT_CODES + ALWAYS_CODES if under_14 else [])
    assert [item.code for item in outcome.assumptions] == ["personal_data.minor.age", "personal_data.minor.sensitive"]
    assert {item.citation.rule_ref for item in outcome.conditions + outcome.assumptions} == {"PI-2"}


@pytest.mark.parametrize("missing", ["guardian_consented", "separate_consent", "special_rules", "impact_assessment"])
def test_every_safeguard_is_needed_for_a_child(missing: str) -> None:
    child = (date(2015, 6, 1), date(2026, 6, 1))
    assert evaluate_minor_data(birth_date=child[0], on=child[1], safeguards=ALL_SAFEGUARDS).requirements_met
    lacking = MinorSafeguards(**{**ALL_SAFEGUARDS.__dict__, missing: False})
    outcome = evaluate_minor_data(birth_date=child[0], on=child[1], safeguards=lacking)
    assert not outcome.requirements_met
    assert [item.passed for item in outcome.conditions].count(False) == 1


def test_without_consent_as_the_basis_the_guardian_need_not_consent() -> None:
    safeguards = MinorSafeguards(consent_basis=False, special_rules=True, impact_assessment=True)
    outcome = evaluate_minor_data(birth_date=date(2015, 6, 1), on=date(2026, 6, 1), safeguards=safeguards)
    assert not outcome.guardian_consent_required
    assert outcome.requirements_met
    assert [item.code for item in outcome.conditions] == ALWAYS_CODES


def test_the_explanation_cites_the_articles() -> None:
    outcome = evaluate_minor_data(birth_date=date(2013, 3, 1), on=date(2026, 11, 20), safeguards=MinorSafeguards())
    lines = explanation(outcome)
    assert lines["zh-Hans"][0] == "已取得父母或者其他监护人的同意 ✗（个人信息保护法第三十一条第一款）"
    assert lines["en"][3] == (
        "Data-protection impact assessment made beforehand ✗ (Personal Information Protection Law Art. 55)"
    )
    assert lines["zh-Hans"][4] == "处理之日的年龄：13 周岁（个人信息保护法第二十八条）"
    assert lines["en"][4] == "Age on the day of processing: 13 years (Personal Information Protection Law Art. 28)"


def test_processing_before_birth_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        evaluate_minor_data(birth_date=date(2026, 1, 2), on=date(2026, 1, 1), safeguards=MinorSafeguards())
    assert (refused.value.code, refused.value.field) == (ErrorCode.DATE_ORDER, "birth_date")


@PROPERTY
@given(birth=st.dates(date(1900, 1, 1), date(2100, 12, 31)), data=st.data())
def test_under_14_exactly_before_the_fourteenth_birthday(birth: date, data: st.DataObject) -> None:
    on = data.draw(st.dates(birth, date(2120, 12, 31)))
    outcome = evaluate_minor_data(birth_date=birth, on=on, safeguards=MinorSafeguards())
    year, month, day = birth.year + 14, birth.month, birth.day
    fourteenth = date(year, 2, 28) if (month, day) == (2, 29) and not _leap(year) else date(year, month, day)
    assert outcome.under_14 is (on < fourteenth)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)

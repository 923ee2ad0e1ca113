"""Owners' requests: a temporary owners' meeting (YZ-14) and turning a home into business premises (YZ-17)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Status, explanation
from yishi.decisions.domain.owner_requests import AreaShare, evaluate_business_use, owners_meeting_must_convene

PROPERTY = settings(database=None, deadline=None)
D = Decimal


@pytest.mark.parametrize(
    ("proposers", "owners", "must"),
    [
        (60, 300, True),  # exactly one fifth: 以上 includes the number (NUM-1)
        (59, 300, False),
        (61, 301, True),  # 61 × 5 = 305 ≥ 301
        (60, 301, False),  # 60 × 5 = 300 < 301
        (1, 1, True),
        (0, 1, False),
    ],
)
def test_one_fifth_of_the_owners_obliges_a_temporary_meeting(proposers: int, owners: int, must: bool) -> None:
    outcome = owners_meeting_must_convene(proposers=proposers, owners=owners)
    assert outcome.must_convene is must
    (condition,) = outcome.conditions
    assert (condition.code, condition.passed) == ("owners.convene.count", must)
    assert condition.citation.rule_ref == "YZ-14"
    assert condition.citation.status is Status.CONFIRMED
    assert outcome.min_proposers == -(-owners // 5)


@pytest.mark.parametrize(
    ("proposing", "total", "must"),
    [("5000.00", "25000.00", True), ("4999.99", "25000.00", False), ("0.01", "0.05", True)],
)
def test_the_guiding_rules_add_one_fifth_of_the_area(proposing: str, total: str, must: bool) -> None:
    outcome = owners_meeting_must_convene(proposers=60, owners=300, area=AreaShare(D(proposing), D(total)))
    assert outcome.must_convene is must
    area = outcome.conditions[1]
    assert (area.code, area.passed, area.numerator, area.denominator) == ("owners.convene.area", must, proposing, total)
    assert area.citation.status is Status.SECONDARY
    # Enough area is not enough without the head count.
    assert not owners_meeting_must_convene(proposers=59, owners=300, area=AreaShare(D(total), D(total))).must_convene


def test_the_explanation_names_the_figures_and_the_article_in_both_languages() -> None:
    outcome = owners_meeting_must_convene(proposers=59, owners=300, area=AreaShare(D("5000.00"), D("25000.00")))
    lines = explanation(outcome)
    assert lines["zh-Hans"][0] == "提议的业主人数 59人 / 业主总人数 300人，未达到五分之一 ✗（物业管理条例第十三条）"
    assert lines["en"][0] == (
        "Owners proposing 59 of all owners 300: does not reach one fifth ✗ (Property Management Regulations Art. 13)"
    )
    assert "指导规则第二十一条" in lines["zh-Hans"][1] and "〔据二手资料〕" in lines["zh-Hans"][1]


@pytest.mark.parametrize(
    ("arguments", "code", "field"),
    [
        ({"proposers": 1, "owners": 0}, ErrorCode.NOT_POSITIVE, "owners"),
        ({"proposers": -1, "owners": 5}, ErrorCode.NEGATIVE_VALUE, "proposers"),
        ({"proposers": 6, "owners": 5}, ErrorCode.EXCEEDS_TOTAL, "proposers"),
        ({"proposers": 1, "owners": 5, "area": AreaShare(D(1), D(0))}, ErrorCode.NOT_POSITIVE, "area.total"),
        ({"proposers": 1, "owners": 5, "area": AreaShare(D(-1), D(5))}, ErrorCode.NEGATIVE_VALUE, "area.proposing"),
        ({"proposers": 1, "owners": 5, "area": AreaShare(D(6), D(5))}, ErrorCode.EXCEEDS_TOTAL, "area.proposing"),
    ],
)
def test_impossible_proposals_are_refused(arguments: dict[str, object], code: ErrorCode, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        owners_meeting_must_convene(**arguments)  # type: ignore[arg-type]
    assert (refused.value.code, refused.value.field) == (code, field)


@PROPERTY
@given(owners=st.integers(1, 100_000), data=st.data())
def test_convening_is_exactly_five_proposers_per_owner_count(owners: int, data: st.DataObject) -> None:
    proposers = data.draw(st.integers(0, owners))
    outcome = owners_meeting_must_convene(proposers=proposers, owners=owners)
    assert outcome.must_convene is (proposers * 5 >= owners)
    assert outcome.must_convene is (proposers >= outcome.min_proposers)


@pytest.mark.parametrize(
    ("interested", "consenting", "within_rules", "permitted", "missing"),
    [
        (24, 24, True, True, 0),
        (24, 23, True, False, 1),  # 23 of 24 is a large majority, and no defence (解释第十条第二款)
        (24, 24, False, False, 0),  # unanimous, but against the management statute
        (1, 1, True, True, 0),
        (5, 0, True, False, 5),
    ],
)
def test_a_home_becomes_business_premises_only_with_every_interested_owner(
    interested: int, consenting: int, within_rules: bool, permitted: bool, missing: int
) -> None:
    outcome = evaluate_business_use(interested=interested, consenting=consenting, within_rules=within_rules)
    assert (outcome.permitted, outcome.consents_missing) == (permitted, missing)
    rules, consent = outcome.conditions
    assert (rules.code, rules.passed) == ("owners.business_use.rules", within_rules)
    assert (consent.code, consent.passed) == ("owners.business_use.consent", consenting == interested)
    assert {rules.citation.rule_ref, consent.citation.rule_ref} == {"YZ-17"}
    lines = explanation(outcome)
    assert "民法典第二百七十九条" in lines["zh-Hans"][1] and "Art. 279" in lines["en"][1]


@pytest.mark.parametrize(
    ("interested", "consenting", "code", "field"),
    [
        (0, 0, ErrorCode.NOT_POSITIVE, "interested"),
        (3, -1, ErrorCode.NEGATIVE_VALUE, "consenting"),
        (3, 4, ErrorCode.EXCEEDS_TOTAL, "consenting"),
    ],
)
def test_impossible_consents_are_refused(interested: int, consenting: int, code: ErrorCode, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        evaluate_business_use(interested=interested, consenting=consenting)
    assert (refused.value.code, refused.value.field) == (code, field)


@PROPERTY
@given(interested=st.integers(1, 10_000), data=st.data())
def test_anything_short_of_unanimity_is_refused(interested: int, data: st.DataObject) -> None:
    consenting = data.draw(st.integers(0, interested))
    outcome = evaluate_business_use(interested=interested, consenting=consenting)
    assert outcome.permitted is (consenting == interested)

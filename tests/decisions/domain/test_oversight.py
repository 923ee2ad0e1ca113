"""A residents' committee's area (JW-10), audits a fifth of the villagers require and the leaving-office audit
(CW-29)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.decisions.domain.audits import evaluate_audit_request, evaluate_leaving_audit
from yishi.decisions.domain.communities import evaluate_residents_area
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Status, explanation

PROPERTY = settings(database=None, deadline=None)


@pytest.mark.parametrize(
    ("households", "minimum", "maximum"),
    [
        (1, False, True),
        (99, False, True),
        (100, True, True),  # 一百户至七百户: both ends included
        (101, True, True),
        (699, True, True),
        (700, True, True),
        (701, True, False),
    ],
)
def test_an_area_of_100_to_700_households_is_the_usual_size(households: int, minimum: bool, maximum: bool) -> None:
    outcome = evaluate_residents_area(households=households)
    assert outcome.within_usual_range is (minimum and maximum)
    assert outcome.advisory is True
    assert (outcome.usual_min, outcome.usual_max) == (100, 700)
    assert [(item.code, item.passed) for item in outcome.conditions] == [
        ("community.residents_area.min", minimum),
        ("community.residents_area.max", maximum),
    ]
    assert {item.citation.rule_ref for item in outcome.conditions} == {"JW-10"}
    (setting,) = outcome.assumptions
    assert setting.code == "community.residents_area.advisory"


def test_the_area_explanation_says_the_range_is_advisory() -> None:
    lines = explanation(evaluate_residents_area(households=750))
    assert lines["zh-Hans"][1] == "居民委员会辖区户数 750户，超过一般上限（700户）✗（城市居民委员会组织法第六条）"
    assert "仅供参考" in lines["zh-Hans"][2] and "advisory" in lines["en"][2]


@pytest.mark.parametrize(
    ("households", "code"),
    [(0, ErrorCode.NOT_POSITIVE), (-5, ErrorCode.NEGATIVE_VALUE), (True, ErrorCode.INVALID_TYPE)],
)
def test_an_impossible_area_is_refused(households: int, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as refused:
        evaluate_residents_area(households=households)
    assert (refused.value.code, refused.value.field) == (code, "households")


@pytest.mark.parametrize(
    ("requesters", "villagers", "must"),
    [
        (200, 1000, True),  # exactly one fifth: 以上 includes the number (NUM-1)
        (199, 1000, False),
        (241, 1203, True),  # 241 × 5 = 1205 ≥ 1203
        (240, 1203, False),  # 240 × 5 = 1200 < 1203
        (1, 1, True),
        (0, 1, False),
        (1, 5, True),
        (1, 6, False),
    ],
)
def test_a_fifth_of_the_villagers_may_require_an_audit(requesters: int, villagers: int, must: bool) -> None:
    outcome = evaluate_audit_request(requesters=requesters, villagers=villagers)
    assert outcome.must_audit is must
    (condition,) = outcome.conditions
    assert (condition.code, condition.passed, condition.numerator, condition.denominator) == (
        "village.audit_request",
        must,
        str(requesters),
        str(villagers),
    )
    assert condition.threshold is not None and condition.threshold.inclusive
    assert (condition.citation.rule_ref, condition.citation.status) == ("CW-29", Status.CONFIRMED)
    assert outcome.min_requesters == -(-villagers // 5)


def test_the_audit_request_explanation_cites_article_35() -> None:
    lines = explanation(evaluate_audit_request(requesters=240, villagers=1203))
    assert lines["zh-Hans"] == (
        "要求审计的村民 240人 / 本村村民 1,203人，未达到五分之一 ✗（村民委员会组织法第三十五条第一款第六项）",
    )
    assert lines["en"][0].endswith("does not reach one fifth ✗ (Villagers' Committees Organic Law Art. 35(1)(6))")


@pytest.mark.parametrize(
    ("requesters", "villagers", "code", "field"),
    [
        (0, 0, ErrorCode.NOT_POSITIVE, "villagers"),
        (-1, 10, ErrorCode.NEGATIVE_VALUE, "requesters"),
        (11, 10, ErrorCode.EXCEEDS_TOTAL, "requesters"),
    ],
)
def test_impossible_audit_requests_are_refused(requesters: int, villagers: int, code: ErrorCode, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        evaluate_audit_request(requesters=requesters, villagers=villagers)
    assert (refused.value.code, refused.value.field) == (code, field)


@PROPERTY
@given(villagers=st.integers(1, 100_000), data=st.data())
def test_an_audit_request_is_exact_cross_multiplication(villagers: int, data: st.DataObject) -> None:
    requesters = data.draw(st.integers(0, villagers))
    outcome = evaluate_audit_request(requesters=requesters, villagers=villagers)
    assert outcome.must_audit is (requesters * 5 >= villagers)
    assert outcome.must_audit is (requesters >= outcome.min_requesters)


ELECTION = date(2026, 5, 10)


@pytest.mark.parametrize(
    ("published_on", "published", "in_time", "days"),
    [
        (date(2026, 4, 20), True, True, 20),
        (date(2026, 5, 9), True, True, 1),
        (date(2026, 5, 10), True, False, 0),  # on election day is not "之前"
        (date(2026, 5, 11), True, False, -1),
        (None, False, False, None),
    ],
)
def test_the_leaving_audit_is_published_before_the_next_election(
    published_on: date | None, published: bool, in_time: bool, days: int | None
) -> None:
    outcome = evaluate_leaving_audit(election_day=ELECTION, published_on=published_on)
    assert (outcome.published_in_time, outcome.days_before_election) == (in_time, days)
    assert [(item.code, item.passed) for item in outcome.conditions] == [
        ("village.leaving_audit.published", published),
        ("village.leaving_audit.before_election", in_time),
    ]
    assert {item.citation.rule_ref for item in outcome.conditions} == {"CW-29"}
    assert "第三十五条第二款" in explanation(outcome)["zh-Hans"][1]


@PROPERTY
@given(offset=st.integers(-400, 400))
def test_only_a_day_before_the_election_is_in_time(offset: int) -> None:
    outcome = evaluate_leaving_audit(election_day=ELECTION, published_on=ELECTION - timedelta(days=offset))
    assert outcome.published_in_time is (offset > 0)
    assert outcome.days_before_election == offset

"""Committee composition (JW-1, CW-1, CW-22, CW-27) and annual evaluation (CW-28)."""

from datetime import date, timedelta

import pytest

from yishi.decisions.domain.committees import (
    OWNERS_COMMITTEE_SIZE,
    RESIDENTS_COMMITTEE_SIZE,
    SHANDONG_SUPERVISION_EXCLUDED_ROLES,
    Rating,
    Relation,
    RelationKind,
    Review,
    SizeRule,
    SupervisionCandidate,
    TermBody,
    VillageRole,
    evaluate_annual_review,
    evaluate_owners_committee,
    evaluate_representative_assembly_composition,
    evaluate_residents_committee,
    evaluate_supervision_committee,
    evaluate_term,
    evaluate_villagers_committee,
)
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Provision


@pytest.mark.parametrize(
    ("members", "minimum", "maximum", "odd", "valid"),
    [
        (4, False, True, False, False),
        (5, True, True, True, True),
        (6, True, True, False, False),  # within 5 to 11, but even
        (11, True, True, True, True),
        (13, True, False, True, False),
        (3, False, True, True, False),
    ],
)
def test_owners_committee_size_and_odd_number(
    members: int, minimum: bool, maximum: bool, odd: bool, valid: bool
) -> None:
    outcome = evaluate_owners_committee(members=members)
    assert outcome.valid is valid
    assert [(item.code, item.passed) for item in outcome.conditions] == [
        ("committee.owners.size_min", minimum),
        ("committee.owners.size_max", maximum),
        ("committee.owners.odd", odd),
    ]
    assert {item.citation.rule_ref for item in outcome.conditions} == {"YZ-16"}


def test_owners_committee_of_three_where_local_rules_allow_it() -> None:
    small = Provision(SizeRule(3, 11), OWNERS_COMMITTEE_SIZE.citation)
    assert evaluate_owners_committee(members=3, size=small).valid
    assert not evaluate_owners_committee(members=3).valid
    with pytest.raises(DomainError) as refused:
        evaluate_owners_committee(members=0)
    assert refused.value.code is ErrorCode.NOT_POSITIVE


@pytest.mark.parametrize(("members", "valid"), [(4, False), (5, True), (9, True), (10, False)])
def test_residents_committee_size(members: int, valid: bool) -> None:
    assert evaluate_residents_committee(members=members).valid is valid


def test_residents_committee_minority_and_local_size() -> None:
    assert not evaluate_residents_committee(members=7, multi_ethnic=True).valid
    assert evaluate_residents_committee(members=7, multi_ethnic=True, minority_members=1).valid
    henan = RESIDENTS_COMMITTEE_SIZE.customised(SizeRule(5, 7))
    assert not evaluate_residents_committee(members=8, size=henan).valid
    with pytest.raises(DomainError) as caught:
        evaluate_residents_committee(members=7, size=RESIDENTS_COMMITTEE_SIZE.customised(SizeRule(9, 5)))
    assert caught.value.code is ErrorCode.EXCEEDS_TOTAL


@pytest.mark.parametrize(
    ("members", "women", "valid"), [(3, 1, True), (7, 1, True), (2, 1, False), (8, 1, False), (5, 0, False)]
)
def test_villagers_committee(members: int, women: int, valid: bool) -> None:
    assert evaluate_villagers_committee(members=members, women_members=women).valid is valid


def test_villagers_committee_minority_and_errors() -> None:
    assert not evaluate_villagers_committee(members=5, women_members=1, multi_ethnic=True).valid
    with pytest.raises(DomainError) as caught:
        evaluate_villagers_committee(members=5, women_members=6)
    assert caught.value.code is ErrorCode.EXCEEDS_TOTAL


@pytest.mark.parametrize(
    ("committee", "representatives", "women", "valid"),
    [
        (5, 20, 9, True),  # 20 of 25 is exactly four fifths; 9 of 25 is over one third
        (5, 20, 8, False),  # 8 of 25 women is under one third
        (5, 19, 9, False),  # 19 of 24 is under four fifths
        (5, 40, 15, True),  # 15 of 45 women is exactly one third
    ],
)
def test_representative_assembly_composition(committee: int, representatives: int, women: int, valid: bool) -> None:
    outcome = evaluate_representative_assembly_composition(
        committee_members=committee, representatives=representatives, women_representatives=women
    )
    assert outcome.valid is valid


@pytest.mark.parametrize(("households", "valid"), [(200, True), (600, True), (199, False), (601, False)])
def test_one_representative_per_five_to_fifteen_households(households: int, valid: bool) -> None:
    outcome = evaluate_representative_assembly_composition(
        committee_members=5, representatives=40, women_representatives=15, households=households
    )
    assert outcome.valid is valid


def test_supervision_committee() -> None:
    members = frozenset({"chair", "member"})
    candidates = [
        SupervisionCandidate(person_id="ok", has_finance_or_management_knowledge=True),
        SupervisionCandidate(person_id="chair"),
        SupervisionCandidate(person_id="spouse", relations=(Relation("chair", RelationKind.SPOUSE),)),
        SupervisionCandidate(person_id="cousin", relations=(Relation("chair", RelationKind.OTHER),)),
        SupervisionCandidate(person_id="outsider", is_villager=False),
        SupervisionCandidate(person_id="accountant", roles=frozenset({VillageRole.FINANCE_STAFF})),
    ]
    outcome = evaluate_supervision_committee(candidates=candidates, committee_member_ids=members)
    assert outcome.ineligible == ("chair", "spouse", "outsider")
    assert outcome.has_finance_or_management_knowledge
    assert not outcome.valid
    shandong = evaluate_supervision_committee(
        candidates=candidates,
        committee_member_ids=members,
        excluded_roles=SHANDONG_SUPERVISION_EXCLUDED_ROLES,
    )
    assert "accountant" in shandong.ineligible
    clean = evaluate_supervision_committee(
        candidates=[SupervisionCandidate(person_id="a"), SupervisionCandidate(person_id="b")],
        committee_member_ids=members,
    )
    assert clean.ineligible == ()
    assert not clean.valid  # nobody with finance or management knowledge


def test_supervision_committee_errors() -> None:
    with pytest.raises(DomainError) as empty:
        evaluate_supervision_committee(candidates=[], committee_member_ids=frozenset())
    assert empty.value.code is ErrorCode.EMPTY
    with pytest.raises(DomainError) as duplicate:
        evaluate_supervision_committee(
            candidates=[SupervisionCandidate(person_id="a"), SupervisionCandidate(person_id="a")],
            committee_member_ids=frozenset(),
        )
    assert duplicate.value.code is ErrorCode.DUPLICATE


def test_two_consecutive_unfit_ratings_end_office() -> None:
    ended = evaluate_annual_review(
        reviews=[
            Review(date(2022, 12, 1), Rating.INCOMPETENT),
            Review(date(2023, 12, 1), Rating.BASICALLY_COMPETENT),
            Review(date(2024, 12, 1), Rating.INCOMPETENT),
            Review(date(2025, 12, 1), Rating.INCOMPETENT),
        ]
    )
    assert ended.office_ends
    assert ended.ended_on == date(2025, 12, 1)
    not_consecutive = evaluate_annual_review(
        reviews=[Review(date(2022, 12, 1), Rating.INCOMPETENT), Review(date(2024, 12, 1), Rating.COMPETENT)]
    )
    assert not not_consecutive.office_ends
    assert not_consecutive.missing_years == (2023,)
    assert not not_consecutive.conditions[1].passed


def test_annual_review_errors() -> None:
    with pytest.raises(DomainError) as empty:
        evaluate_annual_review(reviews=[])
    assert empty.value.code is ErrorCode.EMPTY
    with pytest.raises(DomainError) as order:
        evaluate_annual_review(
            reviews=[Review(date(2024, 12, 1), Rating.COMPETENT), Review(date(2023, 12, 1), Rating.COMPETENT)]
        )
    assert order.value.code is ErrorCode.DATE_ORDER


@pytest.mark.parametrize("body", list(TermBody))
@pytest.mark.parametrize(
    ("started", "ends"),
    [(date(2021, 5, 8), date(2026, 5, 8)), (date(2020, 2, 29), date(2025, 2, 28))],  # 民法典第二百零二条
)
def test_a_committee_serves_five_years_to_the_corresponding_day(body: TermBody, started: date, ends: date) -> None:
    last = evaluate_term(body=body, term_started_on=started, on=ends)
    after = evaluate_term(body=body, term_started_on=started, on=ends + timedelta(days=1))
    assert (last.in_term, last.term_ends_on, after.in_term) == (True, ends, False)
    assert last.days_served == last.term_days == (ends - started).days
    (condition,) = last.conditions
    assert condition.code == f"committee.term.{body.value}"
    assert condition.citation.rule_ref == ("JW-2" if body is TermBody.RESIDENTS_COMMITTEE else "CW-2")
    settings = [item.code for item in last.assumptions]
    if body is TermBody.VILLAGERS_COMMITTEE:
        assert settings == ["committee.term.re_election", "committee.term.by_election"]
        assert last.assumptions[1].citation.rule_ref == "CW-17"
    else:
        assert settings == ["committee.term.re_election"]


def test_a_term_is_not_read_before_it_began() -> None:
    with pytest.raises(DomainError) as refused:
        evaluate_term(body=TermBody.VILLAGERS_COMMITTEE, term_started_on=date(2021, 5, 8), on=date(2021, 5, 7))
    assert (refused.value.code, refused.value.field) == (ErrorCode.DATE_ORDER, "on")

"""Seat templates of seed 004 as data, where their roles are suggested from, and the check that they are filled."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yishi.deliberation.domain.seats import (
    COMMUNITY_4N,
    COMPOUND_5N,
    TEMPLATES,
    VILLAGE_4N,
    VILLAGE_GROUP_4N,
    RoleScope,
    SeatCategory,
    SeatTemplate,
    Severity,
    categories_of,
    check_seats,
    get_template,
    rule_matches,
    template_for,
)
from yishi.deliberation.domain.texts import DeliberationDomainError
from yishi.people.domain.roles import Role

C = SeatCategory


@pytest.mark.parametrize(
    ("template", "formula", "categories"),
    [
        (
            COMMUNITY_4N,
            "4+N",
            (C.TWO_COMMITTEES, C.RESIDENT_REPRESENTATIVES, C.NON_REGISTERED_RESIDENTS, C.SOCIAL_ORGANISATIONS),
        ),
        (
            COMPOUND_5N,
            "5+N",
            (C.TWO_COMMITTEES, C.COMPOUND_PARTY_BRANCH, C.OWNERS_COMMITTEE, C.PROPERTY_COMPANY, C.SOCIAL_ORGANISATIONS),
        ),
        (
            VILLAGE_4N,
            "4+N",
            (C.TWO_COMMITTEES, C.VILLAGER_REPRESENTATIVES, C.NON_REGISTERED_RESIDENTS, C.SOCIAL_ORGANISATIONS),
        ),
        (
            VILLAGE_GROUP_4N,
            "4+N",
            (C.TWO_COMMITTEES, C.GROUP_LEADERS, C.VILLAGER_REPRESENTATIVES, C.SOCIAL_ORGANISATIONS),
        ),
    ],
)
def test_the_templates_of_seed_004(template: SeatTemplate, formula: str, categories: tuple[SeatCategory, ...]) -> None:
    assert template.formula == formula
    assert template.categories == categories
    assert categories_of(template) == (*categories, C.STAKEHOLDERS, C.GUESTS)
    assert all(rule.minimum == 1 for rule in template.rules)
    assert get_template(template.code.value) is template


def test_every_template_and_seat_speaks_both_languages() -> None:
    for template in TEMPLATES.values():
        assert template.name.zh_hans and template.name.en
        for rule in template.rules:
            assert rule.label.zh_hans and rule.label.en
    for category in SeatCategory:
        assert category.label.zh_hans and category.label.en


def test_the_wording_follows_the_seed() -> None:
    assert [rule.label.zh_hans for rule in COMPOUND_5N.rules] == [
        "社区“两委”成员",
        "小区党支部成员",
        "业主委员会成员",
        "物业服务企业负责人",
        "社会组织负责人",
    ]
    assert COMMUNITY_4N.seat_label(C.NON_REGISTERED_RESIDENTS).zh_hans == "常住外来人口代表"
    assert VILLAGE_4N.seat_label(C.NON_REGISTERED_RESIDENTS).zh_hans.startswith("新村民")
    assert VILLAGE_GROUP_4N.seat_label(C.GROUP_LEADERS).zh_hans == "村民小组（党小组）长"
    # Outside the template the category's general name is used.
    assert COMPOUND_5N.seat_label(C.STAKEHOLDERS).zh_hans == "利益相关方"


@pytest.mark.parametrize(
    ("kind", "rural", "expected"),
    [
        ("community", False, COMMUNITY_4N),
        ("compound", False, COMPOUND_5N),
        ("community", True, VILLAGE_4N),
        ("compound", True, VILLAGE_GROUP_4N),
    ],
)
def test_template_for_the_place(kind: str, rural: bool, expected: SeatTemplate) -> None:
    assert template_for(place_kind=kind, is_rural=rural) is expected


@pytest.mark.parametrize("kind", ["street", "building", "unit", "district"])
def test_meetings_are_for_communities_and_compounds_only(kind: str) -> None:
    with pytest.raises(DeliberationDomainError) as refused:
        template_for(place_kind=kind, is_rural=False)
    assert refused.value.code == "seats.place_kind"


def test_an_unknown_template_is_refused() -> None:
    with pytest.raises(DeliberationDomainError) as refused:
        get_template("6n")
    assert refused.value.code == "seats.template_unknown"
    assert refused.value.message.in_language("zh-hans") == "未知的席位模板。"
    assert refused.value.message.in_language("en") == "Unknown seat template."


COMMUNITY = "/1/2/3/"
COMPOUND = "/1/2/3/4/"
OTHER_COMPOUND = "/1/2/3/9/"


@pytest.mark.parametrize(
    ("category", "role", "held_at", "meeting_at", "expected"),
    [
        # The two committees are held at the community itself, not at a compound below it.
        (C.TWO_COMMITTEES, Role.COMMITTEE_MEMBER, COMMUNITY, COMPOUND, True),
        (C.TWO_COMMITTEES, Role.PARTY_SECRETARY, COMMUNITY, COMPOUND, True),
        (C.TWO_COMMITTEES, Role.PARTY_SECRETARY, COMPOUND, COMPOUND, False),
        (C.TWO_COMMITTEES, Role.OWNERS_COMMITTEE_MEMBER, COMMUNITY, COMPOUND, False),
        # The compound's own bodies: held at the meeting's compound (or below), never at another one.
        (C.OWNERS_COMMITTEE, Role.OWNERS_COMMITTEE_MEMBER, COMPOUND, COMPOUND, True),
        (C.OWNERS_COMMITTEE, Role.OWNERS_COMMITTEE_MEMBER, OTHER_COMPOUND, COMPOUND, False),
        (C.PROPERTY_COMPANY, Role.PROPERTY_STAFF, COMPOUND + "7/", COMPOUND, True),
        (C.COMPOUND_PARTY_BRANCH, Role.PARTY_MEMBER, COMPOUND, COMPOUND, True),
        (C.COMPOUND_PARTY_BRANCH, Role.PARTY_MEMBER, COMMUNITY, COMPOUND, False),
        # Social organisations serve the whole community.
        (C.SOCIAL_ORGANISATIONS, Role.SOCIAL_ORGANISATION_DELEGATE, COMMUNITY, COMPOUND, True),
        (C.SOCIAL_ORGANISATIONS, Role.SOCIAL_ORGANISATION_DELEGATE, OTHER_COMPOUND, COMPOUND, True),
        (C.SOCIAL_ORGANISATIONS, Role.SOCIAL_ORGANISATION_DELEGATE, "/1/2/8/", COMPOUND, False),
    ],
)
def test_where_a_role_suggests_its_holder(
    category: SeatCategory, role: Role, held_at: str, meeting_at: str, expected: bool
) -> None:
    rule = COMPOUND_5N.rule_for(category)
    assert rule is not None
    assert (
        rule_matches(rule, role=role, role_place_path=held_at, community_path=COMMUNITY, meeting_place_path=meeting_at)
        is expected
    )


def test_non_registered_residents_are_suggested_by_status_not_role() -> None:
    rule = COMMUNITY_4N.rule_for(C.NON_REGISTERED_RESIDENTS)
    assert rule is not None and rule.scope is RoleScope.WITHIN_PLACE
    assert rule.roles == frozenset() and rule.residence_statuses == {"long_term", "migrant"}
    group_social = VILLAGE_GROUP_4N.rule_for(C.SOCIAL_ORGANISATIONS)
    assert group_social is not None and group_social.residence_statuses == {"long_term", "migrant"}


def _full(template: SeatTemplate) -> dict[str, int]:
    return {category.value: 1 for category in template.categories} | {"stakeholders": 1}


def test_a_filled_template_passes() -> None:
    check = check_seats(template=COMPOUND_5N, filled=_full(COMPOUND_5N), ad_hoc=False, needs_stakeholders=True)
    assert check.is_complete and not check.blocks


def test_gaps_block_a_scheduled_meeting_and_warn_an_ad_hoc_one() -> None:
    filled = _full(COMPOUND_5N) | {"property_company": 0, "stakeholders": 0}
    scheduled = check_seats(template=COMPOUND_5N, filled=filled, ad_hoc=False, needs_stakeholders=True)
    assert [gap.category for gap in scheduled.gaps] == [C.PROPERTY_COMPANY, C.STAKEHOLDERS]
    assert scheduled.severity is Severity.BLOCKING and scheduled.blocks
    assert scheduled.gaps[0].label.zh_hans == "物业服务企业负责人"
    assert (scheduled.gaps[0].needed, scheduled.gaps[0].filled) == (1, 0)
    ad_hoc = check_seats(template=COMPOUND_5N, filled=filled, ad_hoc=True, needs_stakeholders=True)
    assert ad_hoc.gaps == scheduled.gaps
    assert ad_hoc.severity is Severity.WARNING and not ad_hoc.blocks


def test_a_meeting_without_matters_needs_no_stakeholder() -> None:
    filled = {category.value: 1 for category in COMMUNITY_4N.categories}
    assert check_seats(template=COMMUNITY_4N, filled=filled, ad_hoc=False, needs_stakeholders=False).is_complete
    assert not check_seats(template=COMMUNITY_4N, filled=filled, ad_hoc=False, needs_stakeholders=True).is_complete


def test_guests_and_extra_seats_fill_nothing() -> None:
    filled = {"guests": 5, "stakeholders": 9, "two_committees": 3}
    check = check_seats(template=COMMUNITY_4N, filled=filled, ad_hoc=False, needs_stakeholders=True)
    assert [gap.category for gap in check.gaps] == [
        C.RESIDENT_REPRESENTATIVES,
        C.NON_REGISTERED_RESIDENTS,
        C.SOCIAL_ORGANISATIONS,
    ]


def test_negative_counts_are_refused() -> None:
    with pytest.raises(DeliberationDomainError) as refused:
        check_seats(template=COMMUNITY_4N, filled={"two_committees": -1}, ad_hoc=True, needs_stakeholders=False)
    assert refused.value.code == "seats.negative_count"


@given(
    template=st.sampled_from(list(TEMPLATES.values())),
    counts=st.lists(st.integers(min_value=0, max_value=4), min_size=6, max_size=6),
    ad_hoc=st.booleans(),
    needs=st.booleans(),
)
def test_complete_exactly_when_every_fixed_seat_and_stakeholder_is_filled(
    template: SeatTemplate, counts: list[int], ad_hoc: bool, needs: bool
) -> None:
    filled = {category.value: counts[index] for index, category in enumerate(template.categories)}
    filled["stakeholders"] = counts[5]
    check = check_seats(template=template, filled=filled, ad_hoc=ad_hoc, needs_stakeholders=needs)
    expected = all(filled[category.value] >= 1 for category in template.categories) and (not needs or counts[5] >= 1)
    assert check.is_complete is expected
    assert check.blocks is (not expected and not ad_hoc)
    assert len({gap.category for gap in check.gaps}) == len(check.gaps)


def test_party_members_of_the_community_sit_for_the_branch_of_their_compound() -> None:
    rule = COMPOUND_5N.rule_for(C.COMPOUND_PARTY_BRANCH)
    assert rule is not None and rule.or_living_within_place
    common = {"role": Role.PARTY_MEMBER, "role_place_path": COMMUNITY, "community_path": COMMUNITY}
    assert rule_matches(rule, **common, meeting_place_path=COMPOUND, home_path=COMPOUND + "5/6/")
    assert not rule_matches(rule, **common, meeting_place_path=COMPOUND, home_path=OTHER_COMPOUND + "5/")
    assert not rule_matches(rule, **common, meeting_place_path=COMPOUND, home_path="")
    # Owners'-committee members are held at their own compound only.
    owners = COMPOUND_5N.rule_for(C.OWNERS_COMMITTEE)
    assert owners is not None and not rule_matches(
        owners,
        role=Role.OWNERS_COMMITTEE_MEMBER,
        role_place_path=COMMUNITY,
        community_path=COMMUNITY,
        meeting_place_path=COMPOUND,
        home_path=COMPOUND + "5/",
    )

"""业主共同决定 (YZ-1 to YZ-11): participation, the two majorities, head count and area rules."""

from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Status
from yishi.decisions.domain.owners import (
    DEFAULT_CLASSIFICATION,
    LAW_ITEMS,
    AreaSource,
    Choice,
    ExclusivePart,
    MatterClass,
    OwnersFigures,
    OwnersMatter,
    OwnersSettings,
    build_roll,
    classify_matter,
    evaluate_owners_decision,
    tally_ballots,
    voting_area,
)

PROPERTY = settings(database=None, deadline=None)
D = Decimal


def figures(
    *,
    total_area: str = "10000.00",
    total_count: int = 100,
    participating_area: str = "7000.00",
    participating_count: int = 70,
    agree_area: str = "3600.00",
    agree_count: int = 36,
    spoiled_area: str = "0",
    spoiled_count: int = 0,
) -> OwnersFigures:
    return OwnersFigures(
        total_area=D(total_area),
        total_count=total_count,
        participating_area=D(participating_area),
        participating_count=participating_count,
        agree_area=D(agree_area),
        agree_count=agree_count,
        spoiled_area=D(spoiled_area),
        spoiled_count=spoiled_count,
    )


def test_law_classification_is_the_default() -> None:
    majors = {matter for matter, item in LAW_ITEMS.items() if item in (6, 7, 8)}
    assert majors == {
        OwnersMatter.RAISE_MAINTENANCE_FUND,
        OwnersMatter.REBUILD,
        OwnersMatter.CHANGE_COMMON_USE,
    }
    for matter in majors:
        assert DEFAULT_CLASSIFICATION[matter] is MatterClass.MAJOR
    # YZ-5: using the maintenance fund is item (五), an ordinary matter; raising it is item (六), major.
    assert DEFAULT_CLASSIFICATION[OwnersMatter.USE_MAINTENANCE_FUND] is MatterClass.ORDINARY
    assert DEFAULT_CLASSIFICATION[OwnersMatter.OTHER_MAJOR_MATTER] is MatterClass.ORDINARY


def test_elevator_installation_is_major_by_default_and_flagged_unconfirmed() -> None:
    matter_class, citation = classify_matter(matter=OwnersMatter.INSTALL_ELEVATOR, settings=OwnersSettings())
    assert matter_class is MatterClass.MAJOR
    assert citation.status is Status.UNCONFIRMED
    override = OwnersSettings(
        classification_overrides=MappingProxyType({OwnersMatter.INSTALL_ELEVATOR: MatterClass.ORDINARY})
    )
    matter_class, citation = classify_matter(matter=OwnersMatter.INSTALL_ELEVATOR, settings=override)
    assert matter_class is MatterClass.ORDINARY
    assert citation.status is Status.CUSTOM


@pytest.mark.parametrize(
    ("participating_area", "participating_count", "expected"),
    [
        ("6666.67", 67, True),
        ("6666.66", 67, False),  # area just short of two thirds
        ("6666.67", 66, False),  # head count just short of two thirds (66/100)
        ("10000.00", 100, True),
    ],
)
def test_participation_needs_two_thirds_of_both(
    participating_area: str, participating_count: int, expected: bool
) -> None:
    outcome = evaluate_owners_decision(
        matter=OwnersMatter.PROPERTY_MANAGER,
        figures=figures(
            participating_area=participating_area,
            participating_count=participating_count,
            agree_area=participating_area,
            agree_count=participating_count,
        ),
    )
    assert outcome.participation_met is expected
    assert outcome.passed is expected
    assert outcome.min_participating_count == 67


@pytest.mark.parametrize(
    ("agree_area", "agree_count", "expected"),
    [
        ("3500.00", 36, False),  # exactly half the participating area is not 过半数
        ("3500.01", 36, True),
        ("3500.01", 35, False),  # exactly half the participating owners
        ("7000.00", 70, True),
    ],
)
def test_ordinary_matters_need_strict_double_majority(agree_area: str, agree_count: int, expected: bool) -> None:
    outcome = evaluate_owners_decision(
        matter=OwnersMatter.OWNERS_COMMITTEE, figures=figures(agree_area=agree_area, agree_count=agree_count)
    )
    assert outcome.matter_class is MatterClass.ORDINARY
    assert outcome.agreement_met is expected
    assert outcome.min_agree_count == 36


@pytest.mark.parametrize(
    ("agree_area", "agree_count", "expected"),
    [
        ("5250.00", 53, True),  # exactly three quarters of 7000 m²; 53/70 >= 3/4
        ("5249.99", 53, False),
        ("5250.00", 52, False),  # 52/70 < 3/4
    ],
)
def test_major_matters_need_three_quarters_of_both(agree_area: str, agree_count: int, expected: bool) -> None:
    outcome = evaluate_owners_decision(
        matter=OwnersMatter.REBUILD, figures=figures(agree_area=agree_area, agree_count=agree_count)
    )
    assert outcome.law_item == 7
    assert outcome.agreement_met is expected
    assert outcome.min_agree_count == 53


def test_exactly_three_quarters_head_count_passes() -> None:
    outcome = evaluate_owners_decision(
        matter=OwnersMatter.CHANGE_COMMON_USE,
        figures=figures(participating_count=68, agree_count=51, agree_area="5250.00"),
    )
    assert outcome.passed


def test_spoiled_ballots_count_as_participating_by_default() -> None:
    base = figures(
        participating_area="6000.00",
        participating_count=60,
        agree_area="3100.00",
        agree_count=31,
        spoiled_area="700.00",
        spoiled_count=7,
    )
    counted = evaluate_owners_decision(matter=OwnersMatter.MANAGEMENT_STATUTE, figures=base)
    assert counted.participation_met  # 6700 m² and 67 owners
    assert not counted.agreement_met  # 3100 of 6700 is not more than half
    assert counted.assumptions[1].citation.status is Status.UNCONFIRMED
    excluded = evaluate_owners_decision(
        matter=OwnersMatter.MANAGEMENT_STATUTE,
        figures=base,
        settings=OwnersSettings(spoiled_counts_as_participating=False),
    )
    assert not excluded.participation_met
    assert excluded.agreement_met
    assert excluded.assumptions[1].citation.status is Status.CUSTOM


def test_non_voters_attribution_is_off_by_default_and_records_both_figures() -> None:
    base = figures(agree_area="3600.00", agree_count=36)
    plain = evaluate_owners_decision(matter=OwnersMatter.REBUILD, figures=base)
    assert not plain.passed
    assert plain.passed_without_attribution is None
    assert len(plain.conditions) == 4
    attributed = evaluate_owners_decision(
        matter=OwnersMatter.REBUILD, figures=base, settings=OwnersSettings(count_non_voters=True)
    )
    # 3600 of 7000 m² is a majority of those voting, so the 3000 m² of non-voters are added: 6600 of 10000.
    area = attributed.conditions[4]
    assert (area.code, area.numerator, area.denominator) == (
        "owners.agreement.area.attributed",
        "6600.00",
        "10000.00",
    )
    assert not attributed.passed
    assert attributed.passed_without_attribution is False
    minority = evaluate_owners_decision(
        matter=OwnersMatter.PROPERTY_MANAGER,
        figures=figures(agree_area="3000.00", agree_count=30),
        settings=OwnersSettings(count_non_voters=True),
    )
    assert minority.conditions[4].numerator == "3000.00"
    assert minority.conditions[5].numerator == "30"
    assert not minority.passed


def test_attribution_can_carry_an_ordinary_matter() -> None:
    outcome = evaluate_owners_decision(
        matter=OwnersMatter.PROPERTY_MANAGER,
        figures=figures(agree_area="3600.00", agree_count=36),
        settings=OwnersSettings(count_non_voters=True),
    )
    assert outcome.passed
    assert outcome.passed_without_attribution is True


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"total_area": "0"}, ErrorCode.NOT_POSITIVE, "total_area"),
        ({"total_count": 0}, ErrorCode.NOT_POSITIVE, "total_count"),
        ({"agree_area": "-1"}, ErrorCode.NEGATIVE_VALUE, "agree_area"),
        ({"agree_count": -1}, ErrorCode.NEGATIVE_VALUE, "agree_count"),
        ({"agree_area": "7000.01"}, ErrorCode.EXCEEDS_TOTAL, "agree_area"),
        ({"agree_count": 71}, ErrorCode.EXCEEDS_TOTAL, "agree_count"),
        (
            {"participating_area": "10000.01", "agree_area": "0", "agree_count": 0},
            ErrorCode.EXCEEDS_TOTAL,
            None,
        ),
        ({"participating_count": 101, "agree_count": 1}, ErrorCode.EXCEEDS_TOTAL, "participating_count"),
        ({"spoiled_area": "3000.01", "spoiled_count": 1}, ErrorCode.EXCEEDS_TOTAL, "participating_area"),
        ({"agree_area": "0"}, ErrorCode.INCONSISTENT_FIGURES, "agree_area"),
        ({"spoiled_area": "1.00"}, ErrorCode.INCONSISTENT_FIGURES, "spoiled_area"),
        ({"total_area": "NaN"}, ErrorCode.INVALID_NUMBER, "total_area"),
    ],
)
def test_impossible_figures_are_rejected(changes: dict[str, object], code: ErrorCode, field: str | None) -> None:
    arguments: dict[str, object] = {**changes}
    with pytest.raises(DomainError) as caught:
        evaluate_owners_decision(matter=OwnersMatter.REBUILD, figures=figures(**arguments))  # type: ignore[arg-type]
    assert caught.value.code is code
    if field is not None:
        assert caught.value.field == field


def test_voting_area_priority() -> None:
    part = ExclusivePart(
        unit_id="101", owner_ids=("a",), register_area=D("88.5"), surveyed_area=D("90"), contract_area=D("91")
    )
    assert voting_area(part=part).source is AreaSource.REGISTER
    assert voting_area(part=replace(part, register_area=None)).area == D("90")
    assert voting_area(part=replace(part, register_area=None, surveyed_area=None)).source is AreaSource.CONTRACT


@pytest.mark.parametrize(
    ("part", "code"),
    [
        (ExclusivePart(unit_id="1", owner_ids=("a",)), ErrorCode.MISSING_AREA),
        (ExclusivePart(unit_id="1", owner_ids=("a",), register_area=D("0")), ErrorCode.NOT_POSITIVE),
        (
            ExclusivePart(unit_id="1", owner_ids=("a",), register_area=D("80"), contract_area=D("-1")),
            ErrorCode.NEGATIVE_VALUE,
        ),
    ],
)
def test_bad_areas(part: ExclusivePart, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        voting_area(part=part)
    assert caught.value.code is code


def unit(unit_id: str, *owners: str, area: str = "100", developer: bool = False) -> ExclusivePart:
    return ExclusivePart(unit_id=unit_id, owner_ids=owners, register_area=D(area), is_developer_unsold=developer)


def test_head_count_rules() -> None:
    roll = build_roll(
        parts=[
            unit("101", "liu"),
            unit("102", "liu"),  # one buyer of two units counts once (YZ-7)
            unit("103", "chen", "wang"),  # a co-owned unit counts once (YZ-8)
            unit("104", "wang", "chen"),  # the same co-owners in another order: still the same buyer
            unit("105", "wang"),  # wang alone is a different buyer from chen and wang jointly
            unit("201", developer=True),
            unit("202", "developer-co", developer=True),  # all unsold units together count once
            unit("203", "zhao", area="55.55"),
        ]
    )
    assert roll.units == 8
    assert roll.total_count == 5
    assert roll.total_area == D("755.55")
    developer = next(voter for voter in roll.voters if voter.is_developer)
    assert developer.unit_ids == ("201", "202")
    assert developer.area == D("200")
    assert roll.area_sources[AreaSource.REGISTER] == 8
    assert [item.code for item in roll.assumptions] == [
        "owners.roll.area_source",
        "owners.roll.head_count",
        "owners.roll.co_owned",
    ]


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        ([], ErrorCode.EMPTY),
        ([unit("", "a")], ErrorCode.MISSING_FIELD),
        ([unit("1", "a"), unit("1", "b")], ErrorCode.DUPLICATE),
        ([unit("1")], ErrorCode.MISSING_OWNER),
        ([unit("1", "")], ErrorCode.MISSING_OWNER),
        ([unit("1", "a", "a")], ErrorCode.DUPLICATE),
    ],
)
def test_bad_rolls(parts: list[ExclusivePart], code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        build_roll(parts=parts)
    assert caught.value.code is code


def test_tally_counts_each_person_once_with_all_their_area() -> None:
    roll = build_roll(
        parts=[
            unit("101", "liu"),
            unit("102", "liu"),
            unit("103", "chen"),
            unit("104", "zhao"),
            unit("105", "sun"),
        ]
    )
    tally = tally_ballots(
        roll=roll,
        ballots={"101": Choice.AGREE, "102": Choice.AGREE, "103": Choice.ABSTAIN, "104": Choice.SPOILED},
    )
    assert (tally.participating_count, tally.participating_area) == (2, D("300"))
    assert (tally.agree_count, tally.agree_area) == (1, D("200"))
    assert (tally.spoiled_count, tally.spoiled_area) == (1, D("100"))
    assert tally.total_count == 4
    outcome = evaluate_owners_decision(matter=OwnersMatter.PROPERTY_MANAGER, figures=tally)
    assert outcome.participation_met


def test_conflicting_or_unknown_ballots() -> None:
    roll = build_roll(parts=[unit("101", "liu"), unit("102", "liu")])
    with pytest.raises(DomainError) as conflicting:
        tally_ballots(roll=roll, ballots={"101": Choice.AGREE, "102": Choice.DISAGREE})
    assert conflicting.value.code is ErrorCode.CONFLICTING_BALLOTS
    with pytest.raises(DomainError) as unknown:
        tally_ballots(roll=roll, ballots={"999": Choice.AGREE})
    assert unknown.value.code is ErrorCode.UNKNOWN_REFERENCE


@st.composite
def valid_figures(draw: st.DrawFn) -> OwnersFigures:
    total_count = draw(st.integers(1, 500))
    participating_count = draw(st.integers(0, total_count))
    agree_count = draw(st.integers(0, participating_count))
    cents = st.integers(1, 10_000)
    agree_cents = draw(cents) if agree_count else 0
    other_cents = draw(cents) if participating_count > agree_count else 0
    rest_cents = draw(cents) if total_count > participating_count else 0
    if agree_count and participating_count == agree_count:
        other_cents = 0
    return OwnersFigures(
        total_area=D(agree_cents + other_cents + rest_cents) / 100 or D("0.01"),
        total_count=total_count,
        participating_area=D(agree_cents + other_cents) / 100,
        participating_count=participating_count,
        agree_area=D(agree_cents) / 100,
        agree_count=agree_count,
    )


matters = st.sampled_from(list(OwnersMatter))


@PROPERTY
@given(data=valid_figures(), matter=matters, extra_cents=st.integers(1, 10_000))
def test_one_more_agreeing_owner_never_turns_pass_into_fail(
    data: OwnersFigures, matter: OwnersMatter, extra_cents: int
) -> None:
    assume((data.participating_area == 0) == (data.participating_count == 0))
    assume(data.total_count > data.participating_count)
    before = evaluate_owners_decision(matter=matter, figures=data)
    extra = D(extra_cents) / 100
    after = evaluate_owners_decision(
        matter=matter,
        figures=replace(
            data,
            total_area=data.total_area + extra,
            participating_area=data.participating_area + extra,
            participating_count=data.participating_count + 1,
            agree_area=data.agree_area + extra,
            agree_count=data.agree_count + 1,
        ),
    )
    if before.passed:
        assert after.passed


@PROPERTY
@given(data=valid_figures(), matter=matters)
def test_an_abstainer_switching_to_agree_never_hurts(data: OwnersFigures, matter: OwnersMatter) -> None:
    assume((data.participating_area == 0) == (data.participating_count == 0))
    assume(data.participating_count > data.agree_count and data.agree_count > 0)
    before = evaluate_owners_decision(matter=matter, figures=data)
    assume(data.participating_area > data.agree_area)
    share = (data.participating_area - data.agree_area) / (data.participating_count - data.agree_count)
    after = evaluate_owners_decision(
        matter=matter,
        figures=replace(data, agree_area=data.agree_area + share, agree_count=data.agree_count + 1),
    )
    if before.passed:
        assert after.passed


@PROPERTY
@given(
    data=valid_figures(),
    matter=matters,
    scale=st.decimals(min_value=D("0.001"), max_value=D("1000"), places=3),
    non_voters=st.booleans(),
)
def test_scaling_all_areas_never_changes_the_result(
    data: OwnersFigures, matter: OwnersMatter, scale: Decimal, non_voters: bool
) -> None:
    assume((data.participating_area == 0) == (data.participating_count == 0))
    assume((data.agree_area == 0) == (data.agree_count == 0))
    settings_ = OwnersSettings(count_non_voters=non_voters)
    before = evaluate_owners_decision(matter=matter, figures=data, settings=settings_)
    scaled = replace(
        data,
        total_area=data.total_area * scale,
        participating_area=data.participating_area * scale,
        agree_area=data.agree_area * scale,
    )
    after = evaluate_owners_decision(matter=matter, figures=scaled, settings=settings_)
    assert (after.participation_met, after.agreement_met, after.passed) == (
        before.participation_met,
        before.agreement_met,
        before.passed,
    )


@PROPERTY
@given(data=valid_figures())
def test_major_matters_are_never_easier_than_ordinary_ones(data: OwnersFigures) -> None:
    assume((data.participating_area == 0) == (data.participating_count == 0))
    major = evaluate_owners_decision(matter=OwnersMatter.REBUILD, figures=data)
    ordinary = evaluate_owners_decision(matter=OwnersMatter.PROPERTY_MANAGER, figures=data)
    if major.passed:
        assert ordinary.passed

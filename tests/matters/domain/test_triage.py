"""Triage rules of seed 004: classes, responsible levels, validation and suggestions."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yishi.matters.domain.errors import ErrorCode, MatterDomainError
from yishi.matters.domain.triage import (
    DELIBERATED_CLASSES,
    PlaceScope,
    ResponsibleLevel,
    TriageClass,
    build_triage_decision,
    responsible_level,
    scope_from_flags,
    scope_level,
    suggest_class,
)

C = TriageClass
S = PlaceScope
L = ResponsibleLevel


@pytest.mark.parametrize(
    ("triage_class", "scope", "government_service", "expected"),
    [
        (C.BIG, S.SEVERAL_COMMUNITIES, False, L.STREET),
        (C.BIG, S.SINGLE_COMPOUND, True, L.STREET),
        (C.BIG, S.SINGLE_COMPOUND, False, L.STREET),
        (C.SMALL, S.SEVERAL_COMPOUNDS, False, L.COMMUNITY),
        (C.SMALL, S.WHOLE_COMMUNITY, False, L.COMMUNITY),
        (C.SMALL, S.SINGLE_COMPOUND, False, L.COMMUNITY),
        (C.MICRO, S.SINGLE_COMPOUND, False, L.COMPOUND),
        (C.URGENT, S.SINGLE_COMPOUND, False, L.COMPOUND),
        (C.URGENT, S.WHOLE_COMMUNITY, False, L.COMMUNITY),
        (C.URGENT, S.SEVERAL_COMMUNITIES, False, L.STREET),
        (C.URGENT, S.SINGLE_COMPOUND, True, L.STREET),
        (C.DIRECT_ANSWER, S.SEVERAL_COMMUNITIES, False, L.COMMUNITY),
        (C.DECLINED, S.SINGLE_COMPOUND, True, L.COMMUNITY),
    ],
)
def test_responsible_level(
    triage_class: TriageClass, scope: PlaceScope, government_service: bool, expected: ResponsibleLevel
) -> None:
    assert responsible_level(triage_class=triage_class, scope=scope, government_service=government_service) is expected


@pytest.mark.parametrize(
    ("triage_class", "scope", "government_service", "code"),
    [
        (C.SMALL, S.SEVERAL_COMMUNITIES, False, ErrorCode.TRIAGE_SCOPE_EXCEEDS_CLASS),
        (C.MICRO, S.SEVERAL_COMPOUNDS, False, ErrorCode.TRIAGE_SCOPE_EXCEEDS_CLASS),
        (C.MICRO, S.WHOLE_COMMUNITY, False, ErrorCode.TRIAGE_SCOPE_EXCEEDS_CLASS),
        (C.MICRO, S.SEVERAL_COMMUNITIES, False, ErrorCode.TRIAGE_SCOPE_EXCEEDS_CLASS),
        (C.SMALL, S.SINGLE_COMPOUND, True, ErrorCode.TRIAGE_GOVERNMENT_SERVICE_REQUIRES_STREET),
        (C.MICRO, S.SINGLE_COMPOUND, True, ErrorCode.TRIAGE_GOVERNMENT_SERVICE_REQUIRES_STREET),
    ],
)
def test_responsible_level_refuses_a_class_too_low_for_the_matter(
    triage_class: TriageClass, scope: PlaceScope, government_service: bool, code: ErrorCode
) -> None:
    with pytest.raises(MatterDomainError) as raised:
        responsible_level(triage_class=triage_class, scope=scope, government_service=government_service)
    assert raised.value.code is code
    assert raised.value.message.zh_hans
    assert raised.value.message.en


def test_scope_error_names_both_bodies_in_both_languages() -> None:
    with pytest.raises(MatterDomainError) as raised:
        responsible_level(triage_class=C.MICRO, scope=S.SEVERAL_COMPOUNDS)
    assert "微事" in raised.value.message.zh_hans
    assert "居(村)民议事协商委员会" in raised.value.message.zh_hans
    assert "community deliberation committee" in raised.value.message.en
    assert str(raised.value).startswith("triage.scope_exceeds_class: ")


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(scope=st.sampled_from(PlaceScope), government_service=st.booleans())
def test_big_matters_always_go_to_the_street(scope: PlaceScope, government_service: bool) -> None:
    level = responsible_level(triage_class=C.BIG, scope=scope, government_service=government_service)
    assert level is L.STREET


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(scope=st.sampled_from(PlaceScope))
def test_urgent_level_is_never_below_what_the_scope_needs(scope: PlaceScope) -> None:
    level = responsible_level(triage_class=C.URGENT, scope=scope)
    assert level is scope_level(scope=scope)


def test_level_rank_orders_street_community_compound() -> None:
    assert [level.rank for level in (L.STREET, L.COMMUNITY, L.COMPOUND)] == [0, 1, 2]
    assert L.STREET.label.zh_hans == "街道(乡镇)办事处"
    assert L.COMPOUND.label.en == "compound-level deliberation"


def test_every_class_has_labels_and_deliberated_classes_are_small_micro_urgent() -> None:
    assert {triage_class.label.zh_hans for triage_class in TriageClass} == {
        "大事",
        "小事",
        "微事",
        "紧急事项",
        "直接答复",
        "不予受理",
    }
    assert frozenset({C.SMALL, C.MICRO, C.URGENT}) == DELIBERATED_CLASSES


def test_build_triage_decision_for_a_big_matter_names_the_street() -> None:
    decision = build_triage_decision(
        triage_class=C.BIG, scope=S.SEVERAL_COMMUNITIES, street_id=7, reason="  跨社区道路  "
    )
    assert decision.level is L.STREET
    assert decision.street_id == 7
    assert decision.reason == "跨社区道路"
    assert decision.government_service is False


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"triage_class": C.DECLINED, "scope": S.SINGLE_COMPOUND}, ErrorCode.TRIAGE_REASON_REQUIRED),
        (
            {"triage_class": C.DECLINED, "scope": S.SINGLE_COMPOUND, "reason": "   "},
            ErrorCode.TRIAGE_REASON_REQUIRED,
        ),
        ({"triage_class": C.BIG, "scope": S.SEVERAL_COMMUNITIES}, ErrorCode.TRIAGE_STREET_REQUIRED),
        (
            {"triage_class": C.URGENT, "scope": S.SINGLE_COMPOUND, "government_service": True},
            ErrorCode.TRIAGE_STREET_REQUIRED,
        ),
        (
            {"triage_class": C.SMALL, "scope": S.WHOLE_COMMUNITY, "street_id": 3},
            ErrorCode.TRIAGE_STREET_NOT_APPLICABLE,
        ),
        (
            {"triage_class": C.DIRECT_ANSWER, "scope": S.SINGLE_COMPOUND, "in_deliberation_catalogue": True},
            ErrorCode.TRIAGE_CATALOGUE_REQUIRES_DELIBERATION,
        ),
        ({"triage_class": C.MICRO, "scope": S.SEVERAL_COMPOUNDS}, ErrorCode.TRIAGE_SCOPE_EXCEEDS_CLASS),
    ],
)
def test_build_triage_decision_validation(arguments: dict[str, object], code: ErrorCode) -> None:
    with pytest.raises(MatterDomainError) as raised:
        build_triage_decision(**arguments)  # type: ignore[arg-type]
    assert raised.value.code is code


def test_declined_matter_with_a_reason_is_accepted() -> None:
    decision = build_triage_decision(
        triage_class=C.DECLINED, scope=S.SINGLE_COMPOUND, reason="属于业主私人纠纷,建议调解"
    )
    assert decision.level is L.COMMUNITY
    assert decision.street_id is None


def test_catalogue_matter_may_still_be_deliberated() -> None:
    decision = build_triage_decision(triage_class=C.MICRO, scope=S.SINGLE_COMPOUND, in_deliberation_catalogue=True)
    assert decision.level is L.COMPOUND


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"spans_communities": True, "spans_compounds": True}, S.SEVERAL_COMMUNITIES),
        ({"spans_communities": False, "spans_compounds": True}, S.SEVERAL_COMPOUNDS),
        (
            {"spans_communities": False, "spans_compounds": True, "concerns_whole_community": True},
            S.WHOLE_COMMUNITY,
        ),
        ({"spans_communities": False, "spans_compounds": False}, S.SINGLE_COMPOUND),
    ],
)
def test_scope_from_flags(flags: dict[str, bool], expected: PlaceScope) -> None:
    assert scope_from_flags(**flags) is expected


_NO = {
    "spans_communities": False,
    "spans_compounds": False,
    "government_service": False,
    "urgent": False,
}


@pytest.mark.parametrize(
    ("flags", "triage_class", "level"),
    [
        ({}, C.MICRO, L.COMPOUND),
        ({"spans_compounds": True}, C.SMALL, L.COMMUNITY),
        ({"concerns_whole_community": True}, C.SMALL, L.COMMUNITY),
        ({"spans_communities": True}, C.BIG, L.STREET),
        ({"government_service": True}, C.BIG, L.STREET),
        ({"urgent": True}, C.URGENT, L.COMPOUND),
        ({"urgent": True, "spans_compounds": True}, C.URGENT, L.COMMUNITY),
        ({"urgent": True, "government_service": True}, C.URGENT, L.STREET),
        ({"answerable_directly": True}, C.DIRECT_ANSWER, L.COMMUNITY),
        ({"answerable_directly": True, "urgent": True}, C.DIRECT_ANSWER, L.COMMUNITY),
        ({"answerable_directly": True, "in_deliberation_catalogue": True}, C.MICRO, L.COMPOUND),
        (
            {"answerable_directly": True, "in_deliberation_catalogue": True, "urgent": True},
            C.URGENT,
            L.COMPOUND,
        ),
    ],
)
def test_suggest_class_follows_seed_004(
    flags: dict[str, bool], triage_class: TriageClass, level: ResponsibleLevel
) -> None:
    suggestion = suggest_class(**{**_NO, **flags})
    assert suggestion.triage_class is triage_class
    assert suggestion.level is level
    assert suggestion.rationale.zh_hans
    assert suggestion.rationale.en


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    spans_communities=st.booleans(),
    spans_compounds=st.booleans(),
    government_service=st.booleans(),
    urgent=st.booleans(),
    concerns_whole_community=st.booleans(),
    answerable_directly=st.booleans(),
    in_deliberation_catalogue=st.booleans(),
)
def test_a_suggestion_always_passes_validation(
    spans_communities: bool,
    spans_compounds: bool,
    government_service: bool,
    urgent: bool,
    concerns_whole_community: bool,
    answerable_directly: bool,
    in_deliberation_catalogue: bool,
) -> None:
    suggestion = suggest_class(
        spans_communities=spans_communities,
        spans_compounds=spans_compounds,
        government_service=government_service,
        urgent=urgent,
        concerns_whole_community=concerns_whole_community,
        answerable_directly=answerable_directly,
        in_deliberation_catalogue=in_deliberation_catalogue,
    )
    assert suggestion.triage_class is not C.DECLINED
    decision = build_triage_decision(
        triage_class=suggestion.triage_class,
        scope=suggestion.scope,
        government_service=government_service,
        in_deliberation_catalogue=in_deliberation_catalogue,
        street_id=1 if suggestion.level is L.STREET else None,
    )
    assert decision.level is suggestion.level

"""The indicator framework as data: the default 2026 framework and the checks every framework passes."""

from decimal import Decimal

import pytest

from yishi.evaluation.domain.errors import ErrorCode, EvaluationDomainError, Text
from yishi.evaluation.domain.framework import (
    DEFAULT_FRAMEWORK,
    FRAMEWORK_2026,
    Band,
    BandedScoring,
    Dimension,
    Direction,
    DirectScoring,
    Framework,
    Indicator,
    IndicatorKind,
    LinearScoring,
    ScoringMethod,
    Unit,
)

T = Text(zh_hans="名称", en="name")


def indicator(
    code: str,
    weight: str,
    *,
    kind: IndicatorKind = IndicatorKind.QUANTITATIVE,
    unit: Unit = Unit.SHARE,
    method: ScoringMethod | None = None,
) -> Indicator:
    return Indicator(
        code=code,
        name=T,
        definition=T,
        weight=Decimal(weight),
        kind=kind,
        unit=unit,
        method=method or LinearScoring(floor=Decimal("0.1"), target=Decimal("0.9")),
    )


def dimension(code: str, weight: str, *indicators: Indicator) -> Dimension:
    return Dimension(
        code=code,
        name=Text(zh_hans=f"维度{code}", en=f"dimension {code}"),
        weight=Decimal(weight),
        indicators=indicators,
    )


def test_the_default_framework_has_the_five_dimensions_of_seed_001() -> None:
    assert DEFAULT_FRAMEWORK is FRAMEWORK_2026
    assert FRAMEWORK_2026.version == "2026"
    assert [dimension.name.zh_hans for dimension in FRAMEWORK_2026.dimensions] == [
        "资源保障到位",
        "多元参与有效",
        "机制建设完善",
        "治理效能突出",
        "居民感受良好",
    ]
    assert sum(dimension.weight for dimension in FRAMEWORK_2026.dimensions) == 100
    for each in FRAMEWORK_2026.dimensions:
        assert sum(item.weight for item in each.indicators) == 100


def test_the_default_framework_has_the_indicators_of_the_brief() -> None:
    codes = {item.code for item in FRAMEWORK_2026.indicators}
    assert codes == {
        "online_coverage",
        "resources_in_place",
        "participation_rate",
        "elderly_participation",
        "assisted_share",
        "matters_per_100_households",
        "registration_rate",
        "turnout",
        "volunteer_hours_per_resident",
        "meetings_held",
        "decisions_by_legal_basis",
        "disclosure_on_time",
        "mechanisms_in_place",
        "resolution_rate",
        "median_days_to_resolve",
        "overdue_share",
        "case_quality",
        "satisfaction_share",
        "resident_survey",
    }
    kinds = {item.code: item.kind for item in FRAMEWORK_2026.indicators}
    assert {code for code, kind in kinds.items() if kind is IndicatorKind.EXPERT} == {
        "resources_in_place",
        "mechanisms_in_place",
        "case_quality",
    }
    assert kinds["resident_survey"] is IndicatorKind.RESIDENT_SURVEY
    for item in FRAMEWORK_2026.indicators:
        assert item.name.zh_hans and item.name.en
        assert item.definition.zh_hans and item.definition.en
        assert item.unit.label.zh_hans and item.unit.label.en


def test_lower_is_better_indicators_of_the_default_framework() -> None:
    methods = {item.code: item.method for item in FRAMEWORK_2026.indicators}
    for code in ("median_days_to_resolve", "overdue_share"):
        method = methods[code]
        assert isinstance(method, LinearScoring)
        assert method.direction is Direction.LOWER_IS_BETTER
    participation = methods["participation_rate"]
    assert isinstance(participation, LinearScoring)
    assert participation.direction is Direction.HIGHER_IS_BETTER


def test_a_framework_may_weigh_in_fractions_of_one() -> None:
    framework = Framework(
        version="t",
        name=T,
        dimensions=(
            dimension("a", "0.4", indicator("a1", "0.5"), indicator("a2", "0.5")),
            dimension("b", "0.6", indicator("b1", "1")),
        ),
        weight_total=Decimal(1),
    )
    assert [item.code for item in framework.indicators] == ["a1", "a2", "b1"]


def test_dimension_weights_must_sum_exactly_and_the_error_gives_the_sum() -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        Framework(
            version="t",
            name=T,
            dimensions=(
                dimension("a", "33.33", indicator("a1", "100")),
                dimension("b", "33.33", indicator("b1", "100")),
                dimension("c", "33.33", indicator("c1", "100")),
            ),
        )
    assert raised.value.code is ErrorCode.FRAMEWORK_WEIGHTS_DO_NOT_SUM
    assert "99.99" in raised.value.message.en
    assert "expected 100" in raised.value.message.en
    assert "99.99" in raised.value.message.zh_hans


def test_indicator_weights_must_sum_exactly_within_each_dimension() -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        Framework(
            version="t",
            name=T,
            dimensions=(
                dimension("a", "50", indicator("a1", "60"), indicator("a2", "35")),
                dimension("b", "50", indicator("b1", "100")),
            ),
        )
    assert raised.value.code is ErrorCode.FRAMEWORK_WEIGHTS_DO_NOT_SUM
    assert raised.value.message.en == "Indicator weights in dimension 'dimension a' (a) sum to 95, expected 100."
    assert raised.value.message.zh_hans == "维度“维度a”(a)的指标权重之和为 95,应为 100。"


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (
            lambda: Framework(version="t", name=T, dimensions=(), weight_total=Decimal(10)),
            ErrorCode.FRAMEWORK_INVALID_WEIGHT_TOTAL,
        ),
        (lambda: Framework(version="t", name=T, dimensions=()), ErrorCode.FRAMEWORK_EMPTY),
        (lambda: dimension("a", "100"), ErrorCode.FRAMEWORK_EMPTY),
        (lambda: dimension("a", "0", indicator("a1", "100")), ErrorCode.FRAMEWORK_NON_POSITIVE_WEIGHT),
        (lambda: indicator("a1", "-5"), ErrorCode.FRAMEWORK_NON_POSITIVE_WEIGHT),
        (
            lambda: Framework(
                version="t",
                name=T,
                dimensions=(
                    dimension("a", "50", indicator("x", "100")),
                    dimension("b", "50", indicator("x", "100")),
                ),
            ),
            ErrorCode.FRAMEWORK_DUPLICATE_CODE,
        ),
        (
            lambda: Framework(
                version="t",
                name=T,
                dimensions=(
                    dimension("a", "50", indicator("a", "100")),
                    dimension("b", "50", indicator("b1", "100")),
                ),
            ),
            ErrorCode.FRAMEWORK_DUPLICATE_CODE,
        ),
        (lambda: indicator("q", "100", kind=IndicatorKind.EXPERT), ErrorCode.FRAMEWORK_METHOD_DOES_NOT_FIT),
        (
            lambda: indicator("q", "100", kind=IndicatorKind.RESIDENT_SURVEY, unit=Unit.POINTS),
            ErrorCode.FRAMEWORK_METHOD_DOES_NOT_FIT,
        ),
        (lambda: indicator("d", "100", method=DirectScoring()), ErrorCode.FRAMEWORK_METHOD_DOES_NOT_FIT),
        (
            lambda: indicator("p", "100", method=LinearScoring(floor=Decimal(60), target=Decimal(95))),
            ErrorCode.FRAMEWORK_METHOD_DOES_NOT_FIT,
        ),
        (
            lambda: indicator(
                "p", "100", method=BandedScoring(bands=(Band(threshold=Decimal(-1), points=Decimal(10)),))
            ),
            ErrorCode.FRAMEWORK_METHOD_DOES_NOT_FIT,
        ),
        (lambda: LinearScoring(floor=Decimal(1), target=Decimal("1.0")), ErrorCode.FRAMEWORK_INVALID_METHOD),
        (lambda: BandedScoring(bands=()), ErrorCode.FRAMEWORK_INVALID_METHOD),
        (
            lambda: BandedScoring(
                bands=(
                    Band(threshold=Decimal(1), points=Decimal(50)),
                    Band(threshold=Decimal(1), points=Decimal(60)),
                )
            ),
            ErrorCode.FRAMEWORK_INVALID_METHOD,
        ),
        (
            lambda: BandedScoring(bands=(Band(threshold=Decimal(1), points=Decimal(101)),)),
            ErrorCode.FRAMEWORK_INVALID_METHOD,
        ),
        (
            lambda: BandedScoring(bands=(Band(threshold=Decimal(1), points=Decimal(50)),), otherwise=Decimal(-1)),
            ErrorCode.FRAMEWORK_INVALID_METHOD,
        ),
        (
            lambda: BandedScoring(bands=(Band(threshold=Decimal(1), points=Decimal(50)),), otherwise=Decimal(60)),
            ErrorCode.FRAMEWORK_INVALID_METHOD,
        ),
        (
            lambda: BandedScoring(
                bands=(
                    Band(threshold=Decimal(1), points=Decimal(80)),
                    Band(threshold=Decimal(5), points=Decimal(60)),
                )
            ),
            ErrorCode.FRAMEWORK_INVALID_METHOD,
        ),
        (
            lambda: BandedScoring(
                bands=(
                    Band(threshold=Decimal(1), points=Decimal(60)),
                    Band(threshold=Decimal(5), points=Decimal(80)),
                ),
                direction=Direction.LOWER_IS_BETTER,
            ),
            ErrorCode.FRAMEWORK_INVALID_METHOD,
        ),
    ],
)
def test_invalid_frameworks_are_refused(build: object, code: ErrorCode) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        build()  # type: ignore[operator]
    assert raised.value.code is code
    assert raised.value.message.zh_hans
    assert raised.value.message.en


def test_banded_scoring_orders_bands_by_demand() -> None:
    higher = BandedScoring(
        bands=(
            Band(threshold=Decimal(12), points=Decimal(100)),
            Band(threshold=Decimal(1), points=Decimal(30)),
        )
    )
    assert [band.threshold for band in higher.in_order_of_demand()] == [Decimal(1), Decimal(12)]
    lower = BandedScoring(
        bands=(
            Band(threshold=Decimal(30), points=Decimal(50)),
            Band(threshold=Decimal(7), points=Decimal(100)),
        ),
        direction=Direction.LOWER_IS_BETTER,
    )
    assert [band.threshold for band in lower.in_order_of_demand()] == [Decimal(30), Decimal(7)]
    assert lower.thresholds == (Decimal(30), Decimal(7))
    assert DirectScoring().thresholds == ()

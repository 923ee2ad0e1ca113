"""Framework and measurements as JSON data, and back: the stored form of the domain's Framework and Measurement.

Reading a definition builds the domain's Framework, so every rule it checks (weights summing exactly, positive
weights, methods fitting their units, unique codes) applies to what officers store.
"""

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from yishi.evaluation.domain.errors import ErrorCode, EvaluationDomainError, Text
from yishi.evaluation.domain.framework import (
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
from yishi.evaluation.domain.indicators import NO_DATA, Assessment, Count, Measurement, Median, NoData, Ratio


def _text_to_data(text: Text) -> dict[str, str]:
    return {"zh_hans": text.zh_hans, "en": text.en}


def _method_to_data(method: ScoringMethod) -> dict[str, Any]:
    if isinstance(method, LinearScoring):
        return {"type": "linear", "floor": str(method.floor), "target": str(method.target)}
    if isinstance(method, BandedScoring):
        return {
            "type": "banded",
            "direction": str(method.direction),
            "otherwise": str(method.otherwise),
            "bands": [[str(band.threshold), str(band.points)] for band in method.bands],
        }
    return {"type": "direct"}


def framework_to_data(framework: Framework) -> dict[str, Any]:
    """The JSON form of a framework."""
    return {
        "version": framework.version,
        "name": _text_to_data(framework.name),
        "weight_total": str(framework.weight_total),
        "dimensions": [
            {
                "code": dimension.code,
                "name": _text_to_data(dimension.name),
                "weight": str(dimension.weight),
                "indicators": [
                    {
                        "code": indicator.code,
                        "name": _text_to_data(indicator.name),
                        "definition": _text_to_data(indicator.definition),
                        "weight": str(indicator.weight),
                        "kind": str(indicator.kind),
                        "unit": str(indicator.unit),
                        "method": _method_to_data(indicator.method),
                    }
                    for indicator in dimension.indicators
                ],
            }
            for dimension in framework.dimensions
        ],
    }


def _malformed(where: str) -> EvaluationDomainError:
    return EvaluationDomainError(
        code=ErrorCode.FRAMEWORK_INVALID_METHOD,
        zh_hans=f"指标体系数据格式有误:{where}。",
        en=f"The framework data is malformed: {where}.",
    )


def _decimal(value: Any, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise _malformed(where) from error


def _text(data: Any, where: str) -> Text:
    if not isinstance(data, dict) or not isinstance(data.get("zh_hans"), str) or not isinstance(data.get("en"), str):
        raise _malformed(where)
    return Text(zh_hans=data["zh_hans"], en=data["en"])


def _method(data: Any, where: str) -> ScoringMethod:
    if not isinstance(data, dict):
        raise _malformed(where)
    kind = data.get("type")
    if kind == "linear":
        return LinearScoring(floor=_decimal(data.get("floor"), where), target=_decimal(data.get("target"), where))
    if kind == "banded":
        bands = data.get("bands")
        if not isinstance(bands, list) or not all(isinstance(band, list) and len(band) == 2 for band in bands):
            raise _malformed(where)
        try:
            direction = Direction(data.get("direction", Direction.HIGHER_IS_BETTER))
        except ValueError as error:
            raise _malformed(where) from error
        return BandedScoring(
            bands=tuple(Band(threshold=_decimal(t, where), points=_decimal(p, where)) for t, p in bands),
            direction=direction,
            otherwise=_decimal(data.get("otherwise", "0"), where),
        )
    if kind == "direct":
        return DirectScoring()
    raise _malformed(where)


def framework_from_data(data: Any) -> Framework:
    """Build and so validate a framework from its JSON form; raises EvaluationDomainError."""
    if not isinstance(data, dict) or not isinstance(data.get("dimensions"), list):
        raise _malformed("dimensions")
    dimensions = []
    for position, item in enumerate(data["dimensions"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("indicators"), list):
            raise _malformed(f"dimension {position}")
        code = str(item.get("code", ""))
        indicators = []
        for entry in item["indicators"]:
            if not isinstance(entry, dict):
                raise _malformed(f"dimension {code}")
            where = f"indicator {entry.get('code', '?')}"
            try:
                kind = IndicatorKind(str(entry.get("kind")))
                unit = Unit(str(entry.get("unit")))
            except ValueError as error:
                raise _malformed(where) from error
            indicators.append(
                Indicator(
                    code=str(entry.get("code", "")),
                    name=_text(entry.get("name"), where),
                    definition=_text(entry.get("definition"), where),
                    weight=_decimal(entry.get("weight"), where),
                    kind=kind,
                    unit=unit,
                    method=_method(entry.get("method"), where),
                )
            )
        dimensions.append(
            Dimension(
                code=code,
                name=_text(item.get("name"), f"dimension {code}"),
                weight=_decimal(item.get("weight"), f"dimension {code}"),
                indicators=tuple(indicators),
            )
        )
    return Framework(
        version=str(data.get("version", "")),
        name=_text(data.get("name"), "name"),
        dimensions=tuple(dimensions),
        weight_total=_decimal(data.get("weight_total", "100"), "weight_total"),
    )


def _fraction(value: Fraction) -> str:
    return str(value)


def measurement_to_data(measurement: Measurement) -> dict[str, Any]:
    """The JSON form of a measurement; fractions are kept exact as "n/d" strings."""
    if isinstance(measurement, NoData):
        return {"type": "no_data"}
    if isinstance(measurement, Ratio):
        return {
            "type": "ratio",
            "numerator": _fraction(measurement.numerator),
            "denominator": _fraction(measurement.denominator),
            "scale": measurement.scale,
        }
    if isinstance(measurement, Median):
        return {"type": "median", "value": _fraction(measurement.value), "sample_size": measurement.sample_size}
    if isinstance(measurement, Count):
        return {"type": "count", "parts": [[name, count] for name, count in measurement.parts]}
    return {"type": "assessment", "value": _fraction(measurement.value), "assessors": measurement.assessors}


def measurement_from_data(data: Any) -> Measurement:
    """A measurement from its JSON form; anything unreadable is NO_DATA."""
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "ratio":
        return Ratio(
            numerator=Fraction(data["numerator"]), denominator=Fraction(data["denominator"]), scale=int(data["scale"])
        )
    if kind == "median":
        return Median(value=Fraction(data["value"]), sample_size=int(data["sample_size"]))
    if kind == "count":
        return Count(parts=tuple((str(name), int(count)) for name, count in data["parts"]))
    if kind == "assessment":
        return Assessment(value=Fraction(data["value"]), assessors=int(data["assessors"]))
    return NO_DATA

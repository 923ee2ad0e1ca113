"""Domain errors of the evaluation: a stable code and a message in zh-Hans and English."""

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable codes of the evaluation domain; clients match on these, never on message text."""

    FRAMEWORK_WEIGHTS_DO_NOT_SUM = "framework.weights_do_not_sum"
    FRAMEWORK_INVALID_WEIGHT_TOTAL = "framework.invalid_weight_total"
    FRAMEWORK_NON_POSITIVE_WEIGHT = "framework.non_positive_weight"
    FRAMEWORK_EMPTY = "framework.empty"
    FRAMEWORK_DUPLICATE_CODE = "framework.duplicate_code"
    FRAMEWORK_INVALID_METHOD = "framework.invalid_method"
    FRAMEWORK_METHOD_DOES_NOT_FIT = "framework.method_does_not_fit"
    INDICATOR_NEGATIVE_FIGURE = "indicator.negative_figure"
    INDICATOR_PART_EXCEEDS_WHOLE = "indicator.part_exceeds_whole"
    INDICATOR_NON_POSITIVE_DENOMINATOR = "indicator.non_positive_denominator"
    INDICATOR_OUT_OF_RANGE = "indicator.out_of_range"
    SCORING_MEASUREMENT_MISSING = "scoring.measurement_missing"
    SCORING_UNKNOWN_INDICATOR = "scoring.unknown_indicator"
    SCORING_MEASUREMENT_DOES_NOT_FIT = "scoring.measurement_does_not_fit"
    SCORING_OUT_OF_RANGE = "scoring.out_of_range"
    SCORING_NEGATIVE_HOUSEHOLDS = "scoring.negative_households"
    SCORING_DUPLICATE_UNIT = "scoring.duplicate_unit"
    DESIGNATION_CONFLICT_OF_INTEREST = "designation.conflict_of_interest"
    DESIGNATION_DUPLICATE_REVIEW = "designation.duplicate_review"
    DESIGNATION_WRONG_UNIT = "designation.wrong_unit"
    DESIGNATION_INVALID_RULE = "designation.invalid_rule"
    DESIGNATION_TIMETABLE_OUT_OF_ORDER = "designation.timetable_out_of_order"
    DESIGNATION_DIMENSION_MISSING = "designation.dimension_missing"
    DESIGNATION_UNKNOWN_DIMENSION = "designation.unknown_dimension"
    DESIGNATION_TIE_NOT_SETTLED = "designation.tie_not_settled"


@dataclass(frozen=True)
class Text:
    """A text in Simplified Chinese and English: names, definitions and messages."""

    zh_hans: str
    en: str

    def in_language(self, language: str) -> str:
        """The text for a language code: any 'zh' variant gets Chinese, everything else English."""
        return self.zh_hans if language.lower().startswith("zh") else self.en


class EvaluationDomainError(Exception):
    """A rule of the evaluation domain refused its input."""

    def __init__(self, *, code: ErrorCode, zh_hans: str, en: str) -> None:
        super().__init__(f"{code}: {en}")
        self.code = code
        self.message = Text(zh_hans=zh_hans, en=en)

"""Domain errors of matters: a stable code and a message in zh-Hans and English."""

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable codes of the matters domain; clients match on these, never on message text."""

    TRIAGE_REASON_REQUIRED = "triage.reason_required"
    TRIAGE_STREET_REQUIRED = "triage.street_required"
    TRIAGE_STREET_NOT_APPLICABLE = "triage.street_not_applicable"
    TRIAGE_SCOPE_EXCEEDS_CLASS = "triage.scope_exceeds_class"
    TRIAGE_GOVERNMENT_SERVICE_REQUIRES_STREET = "triage.government_service_requires_street"
    TRIAGE_CATALOGUE_REQUIRES_DELIBERATION = "triage.catalogue_requires_deliberation"
    SERVICE_LEVEL_NAIVE_DATETIME = "service_level.naive_datetime"
    SERVICE_LEVEL_INVALID_PERIOD = "service_level.invalid_period"
    SERVICE_LEVEL_INVALID_REMINDER = "service_level.invalid_reminder"
    SERVICE_LEVEL_TIME_REVERSED = "service_level.time_reversed"
    SIMILARITY_INVALID_SIZES = "similarity.invalid_sizes"
    SIMILARITY_INVALID_LIMIT = "similarity.invalid_limit"
    SIMILARITY_INVALID_MINIMUM = "similarity.invalid_minimum"
    SIMILARITY_INVALID_FACTOR = "similarity.invalid_factor"
    LIFECYCLE_TRANSITION_NOT_ALLOWED = "lifecycle.transition_not_allowed"
    LIFECYCLE_TRIAGE_CLASS_REQUIRED = "lifecycle.triage_class_required"
    LIFECYCLE_ALREADY_TRIAGED = "lifecycle.already_triaged"
    LIFECYCLE_RECLASSIFICATION_NOT_ALLOWED = "lifecycle.reclassification_not_allowed"
    EVALUATION_NEGATIVE_COUNT = "evaluation.negative_count"
    EVALUATION_INVALID_THRESHOLD = "evaluation.invalid_threshold"
    EVALUATION_INVALID_MINIMUM = "evaluation.invalid_minimum_responses"


@dataclass(frozen=True)
class Message:
    """A user-facing text in Simplified Chinese and English."""

    zh_hans: str
    en: str

    def in_language(self, language: str) -> str:
        """The text for a language code: any 'zh' variant gets Chinese, everything else English."""
        return self.zh_hans if language.lower().startswith("zh") else self.en


class MatterDomainError(Exception):
    """A rule of the matters domain refused its input."""

    def __init__(self, *, code: ErrorCode, zh_hans: str, en: str) -> None:
        super().__init__(f"{code}: {en}")
        self.code = code
        self.message = Message(zh_hans=zh_hans, en=en)

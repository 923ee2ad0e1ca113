"""Domain errors: a stable code, a bilingual message and the offending field."""

from __future__ import annotations

from enum import StrEnum

from yishi.decisions.domain import texts


class ErrorCode(StrEnum):
    """Stable error codes of the rules core; the web layer and the JSON interface rely on them."""

    INVALID_JSON = "invalid_json"
    INVALID_CASE = "invalid_case"
    UNKNOWN_RULE = "unknown_rule"
    MISSING_FIELD = "missing_field"
    UNKNOWN_FIELD = "unknown_field"
    INVALID_TYPE = "invalid_type"
    INVALID_NUMBER = "invalid_number"
    FLOAT_NOT_ALLOWED = "float_not_allowed"
    INVALID_DATE = "invalid_date"
    INVALID_CHOICE = "invalid_choice"
    NEGATIVE_VALUE = "negative_value"
    NOT_POSITIVE = "not_positive"
    EXCEEDS_TOTAL = "exceeds_total"
    INCONSISTENT_FIGURES = "inconsistent_figures"
    INVALID_THRESHOLD = "invalid_threshold"
    IMPOSSIBLE_THRESHOLD = "impossible_threshold"
    ZERO_DENOMINATOR = "zero_denominator"
    DUPLICATE = "duplicate"
    MISSING_AREA = "missing_area"
    MISSING_OWNER = "missing_owner"
    UNKNOWN_REFERENCE = "unknown_reference"
    CONFLICTING_BALLOTS = "conflicting_ballots"
    DATE_ORDER = "date_order"
    NO_CRITERIA = "no_criteria"
    EMPTY = "empty"
    NOT_APPLICABLE = "not_applicable"
    TOO_MANY_VOTES = "too_many_votes"


class DomainError(ValueError):
    """Invalid or impossible input to a legal rule, with a stable code and a bilingual message."""

    def __init__(self, code: ErrorCode, *, field: str | None = None, other: str | None = None) -> None:
        self.code = code
        self.field = field
        self.other = other
        self.message = texts.error_message(code.value, field=field, other=other)
        super().__init__(f"{code.value}: {self.message.en}")

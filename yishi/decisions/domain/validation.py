"""Shared input checks that raise DomainError with stable codes."""

from __future__ import annotations

from collections.abc import Iterable

from yishi.decisions.domain.errors import DomainError, ErrorCode


def validate_count(value: int, *, field: str, positive: bool = False) -> int:
    """Reject non-integers, negative counts and (if `positive`) zero."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(ErrorCode.INVALID_TYPE, field=field)
    if value < 0:
        raise DomainError(ErrorCode.NEGATIVE_VALUE, field=field)
    if positive and value == 0:
        raise DomainError(ErrorCode.NOT_POSITIVE, field=field)
    return value


def validate_part(part: int, whole: int, *, field: str, whole_field: str) -> None:
    """Reject a part larger than its whole (for example more present than members)."""
    if part > whole:
        raise DomainError(ErrorCode.EXCEEDS_TOTAL, field=field, other=whole_field)


def validate_unique(values: Iterable[str], *, field: str) -> None:
    """Reject empty or repeated identifiers."""
    seen: set[str] = set()
    for value in values:
        if not value:
            raise DomainError(ErrorCode.MISSING_FIELD, field=field)
        if value in seen:
            raise DomainError(ErrorCode.DUPLICATE, field=f"{field}.{value}")
        seen.add(value)

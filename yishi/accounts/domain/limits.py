"""Rate limits and lockouts for signing in, as pure decisions over timestamps and counts."""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

HOUR = datetime.timedelta(hours=1)


@dataclass(frozen=True, kw_only=True)
class Limits:
    """How many tries the platform allows, and for how long it pauses after too many."""

    code_ttl_seconds: int = 300
    max_attempts_per_code: int = 5
    codes_per_phone_per_hour: int = 5
    codes_per_client_per_hour: int = 20
    min_gap_seconds: int = 60
    max_failures: int = 10
    failure_window_seconds: int = 3600
    lockout_seconds: int = 900


class Refusal(StrEnum):
    """Why a request must wait; each has its own message."""

    LOCKED = "sign_in_locked"
    TOO_SOON = "code_too_soon"
    PHONE_HOURLY = "code_phone_hourly_limit"
    CLIENT_HOURLY = "code_client_hourly_limit"


@dataclass(frozen=True, kw_only=True)
class Wait:
    """A refusal and the moment from which a new try will be accepted."""

    reason: Refusal
    retry_at: datetime.datetime

    def seconds_left(self, now: datetime.datetime) -> int:
        """Whole seconds until `retry_at`, rounded up, never below one."""
        return max(1, math.ceil((self.retry_at - now).total_seconds()))


def code_request_wait(
    *,
    limits: Limits,
    now: datetime.datetime,
    locked_until: datetime.datetime | None,
    phone_requests: Sequence[datetime.datetime],
    client_requests: Sequence[datetime.datetime],
) -> Wait | None:
    """Whether a new code may be requested now; `*_requests` are earlier requests, any order.

    The checks run from the most to the least specific reason, so the message names the real cause.
    """
    if locked_until is not None and locked_until > now:
        return Wait(reason=Refusal.LOCKED, retry_at=locked_until)
    recent_phone = sorted(moment for moment in phone_requests if moment > now - HOUR)
    recent_client = sorted(moment for moment in client_requests if moment > now - HOUR)
    gap = datetime.timedelta(seconds=limits.min_gap_seconds)
    if recent_phone and recent_phone[-1] + gap > now:
        return Wait(reason=Refusal.TOO_SOON, retry_at=recent_phone[-1] + gap)
    if len(recent_phone) >= limits.codes_per_phone_per_hour:
        # The window slides: a new request fits once enough of the oldest fall out of the hour.
        return Wait(reason=Refusal.PHONE_HOURLY, retry_at=recent_phone[-limits.codes_per_phone_per_hour] + HOUR)
    if len(recent_client) >= limits.codes_per_client_per_hour:
        return Wait(reason=Refusal.CLIENT_HOURLY, retry_at=recent_client[-limits.codes_per_client_per_hour] + HOUR)
    return None


def failures_counted_since(
    *,
    limits: Limits,
    now: datetime.datetime,
    last_success_at: datetime.datetime | None,
    last_lockout_ended_at: datetime.datetime | None,
) -> datetime.datetime:
    """From when failures count toward a lockout: the window, cut short by a success or a served lockout."""
    moments = [now - datetime.timedelta(seconds=limits.failure_window_seconds)]
    moments.extend(moment for moment in (last_success_at, last_lockout_ended_at) if moment is not None)
    return max(moments)


def lockout_due(*, limits: Limits, failures: int) -> bool:
    """Whether this many counted failures pause sign-in for the phone or username."""
    return failures >= limits.max_failures


def code_is_usable(
    *,
    limits: Limits,
    now: datetime.datetime,
    expires_at: datetime.datetime,
    used_at: datetime.datetime | None,
    attempts: int,
) -> bool:
    """Whether a stored code may still be tried: not used, not expired, not worn out by wrong guesses."""
    return used_at is None and now < expires_at and attempts < limits.max_attempts_per_code

"""The pure rules of signing in: codes, rate limits and lockouts, without a database."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yishi.accounts.domain.codes import (
    code_matches,
    hash_api_token,
    hash_code,
    new_api_token,
    new_code,
    new_salt,
    normalize_code,
)
from yishi.accounts.domain.limits import (
    Limits,
    Refusal,
    Wait,
    code_is_usable,
    code_request_wait,
    failures_counted_since,
    lockout_due,
)

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
LIMITS = Limits()


def ago(seconds: int) -> datetime.datetime:
    return NOW - datetime.timedelta(seconds=seconds)


def test_codes_are_six_digits_and_vary() -> None:
    codes = {new_code() for _ in range(200)}
    assert all(len(code) == 6 and code.isdigit() for code in codes)
    assert len(codes) > 150


@given(st.integers(min_value=0, max_value=999_999))
def test_a_code_matches_only_its_own_hash(number: int) -> None:
    code = f"{number:06d}"
    salt = new_salt()
    stored = hash_code(code=code, salt=salt, key="k")
    assert code_matches(code=code, salt=salt, key="k", expected_hash=stored)
    assert not code_matches(code=f"{(number + 1) % 1_000_000:06d}", salt=salt, key="k", expected_hash=stored)
    assert not code_matches(code=code, salt=salt, key="other key", expected_hash=stored)
    assert not code_matches(code=code, salt=new_salt(), key="k", expected_hash=stored)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("123456", "123456"),
        (" 123 456 ", "123456"),
        ("123-456", "123456"),
        ("１２３４５６", "123456"),
        ("12345", None),
        ("1234567", None),
        ("12345a", None),
        ("", None),
        ("١٢٣٤٥٦", None),
    ],
)
def test_typed_codes_are_normalised(raw: str, expected: str | None) -> None:
    assert normalize_code(raw) == expected


def test_api_tokens_are_long_and_hashed_with_sha256() -> None:
    token = new_api_token()
    assert len(token) >= 40 and token != new_api_token()
    assert len(hash_api_token(token)) == 64


@pytest.mark.parametrize(
    ("locked_until", "phone", "client", "expected"),
    [
        (None, [], [], None),
        (ago(-30), [], [], Wait(reason=Refusal.LOCKED, retry_at=ago(-30))),
        (ago(1), [], [], None),
        (None, [ago(20)], [ago(20)], Wait(reason=Refusal.TOO_SOON, retry_at=ago(-40))),
        (None, [ago(60)], [ago(60)], None),
        (
            None,
            [ago(3000), ago(2000), ago(1000), ago(500), ago(100)],
            [],
            Wait(reason=Refusal.PHONE_HOURLY, retry_at=ago(-600)),
        ),
        (None, [ago(3700), ago(2000), ago(1000), ago(500), ago(100)], [], None),
        (
            None,
            [],
            [ago(10 + index) for index in range(20)],
            Wait(reason=Refusal.CLIENT_HOURLY, retry_at=ago(29 - 3600)),
        ),
        (None, [], [ago(10 + index) for index in range(19)], None),
    ],
)
def test_code_request_limits(
    locked_until: datetime.datetime | None,
    phone: list[datetime.datetime],
    client: list[datetime.datetime],
    expected: Wait | None,
) -> None:
    assert (
        code_request_wait(
            limits=LIMITS, now=NOW, locked_until=locked_until, phone_requests=phone, client_requests=client
        )
        == expected
    )


@given(st.lists(st.integers(min_value=0, max_value=7200), max_size=30))
def test_a_refused_request_is_accepted_at_its_retry_time(offsets: list[int]) -> None:
    phone = [ago(offset) for offset in offsets]
    wait = code_request_wait(limits=LIMITS, now=NOW, locked_until=None, phone_requests=phone, client_requests=[])
    if wait is not None:
        assert wait.retry_at > NOW
        later = code_request_wait(
            limits=LIMITS, now=wait.retry_at, locked_until=None, phone_requests=phone, client_requests=[]
        )
        assert later is None or later.retry_at > wait.retry_at


def test_seconds_left_round_up() -> None:
    wait = Wait(reason=Refusal.TOO_SOON, retry_at=NOW + datetime.timedelta(seconds=14, milliseconds=1))
    assert wait.seconds_left(NOW) == 15
    assert wait.seconds_left(NOW + datetime.timedelta(seconds=20)) == 1


def test_failures_count_from_the_latest_of_window_success_and_served_lockout() -> None:
    window_start = ago(LIMITS.failure_window_seconds)
    assert (
        failures_counted_since(limits=LIMITS, now=NOW, last_success_at=None, last_lockout_ended_at=None) == window_start
    )
    assert failures_counted_since(
        limits=LIMITS, now=NOW, last_success_at=ago(10), last_lockout_ended_at=ago(20)
    ) == ago(10)
    assert failures_counted_since(
        limits=LIMITS, now=NOW, last_success_at=ago(9999), last_lockout_ended_at=ago(20)
    ) == ago(20)
    assert not lockout_due(limits=LIMITS, failures=LIMITS.max_failures - 1)
    assert lockout_due(limits=LIMITS, failures=LIMITS.max_failures)


@pytest.mark.parametrize(
    ("expires_in", "used", "attempts", "usable"),
    [(60, False, 0, True), (0, False, 0, False), (60, True, 0, False), (60, False, 4, True), (60, False, 5, False)],
)
def test_when_a_code_may_still_be_tried(expires_in: int, used: bool, attempts: int, usable: bool) -> None:
    assert (
        code_is_usable(
            limits=LIMITS,
            now=NOW,
            expires_at=NOW + datetime.timedelta(seconds=expires_in),
            used_at=NOW if used else None,
            attempts=attempts,
        )
        is usable
    )

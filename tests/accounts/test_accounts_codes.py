"""Residents sign in with phone number and one-time code: issue, verify, expiry, replay, wrong tries, lockout."""

import datetime
from typing import Any

import pytest
from django.test import override_settings
from django.utils import translation

from tests.accounts.conftest import CLIENT, RESIDENT_PHONE, T0, IssueCode
from tests.factories import make_person
from tests.fixtures import Cast, World
from yishi.accounts.actions import TryLater, sign_in_with_code
from yishi.accounts.models import Lockout, OneTimeCode, SignInAttempt, User
from yishi.accounts.sms import SmsMessage
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord

pytestmark = pytest.mark.django_db

UNKNOWN_PHONE = "13700137999"


def seconds(count: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=count)


def verify(code: str, *, phone: str = RESIDENT_PHONE, now: datetime.datetime = T0) -> User:
    return sign_in_with_code(phone=phone, code=code, client_address=CLIENT, now=now)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_known_mobile_gets_a_six_digit_code_stored_only_as_a_hash(
    cast: Cast, issue_code: IssueCode, outbox: list[SmsMessage]
) -> None:
    answer, code = issue_code(now=T0)
    assert code is not None and len(code) == 6 and code.isdigit()
    assert answer.phone_masked == "138****8001"
    assert [message.phone for message in outbox] == [RESIDENT_PHONE]
    assert code in outbox[0].text
    row = OneTimeCode.objects.get()
    assert row.person_id == cast.resident.person_id
    assert row.expires_at == T0 + seconds(300)
    stored = " ".join(str(value) for value in OneTimeCode.objects.values_list().get())
    assert code not in stored and RESIDENT_PHONE not in stored
    assert AuditRecord.objects.filter(verb="sign_in.code_issued", target_id=str(row.pk)).exists()


def test_an_unknown_number_gets_the_same_answer_and_no_text(
    cast: Cast, issue_code: IssueCode, outbox: list[SmsMessage]
) -> None:
    known, known_code = issue_code(now=T0)
    unknown, unknown_code = issue_code(UNKNOWN_PHONE, now=T0)
    assert known_code is not None and unknown_code is None
    assert type(known) is type(unknown) and known.valid_minutes == unknown.valid_minutes
    assert [message.phone for message in outbox] == [RESIDENT_PHONE]
    # The request still counts toward the rate limits, but carries no code.
    assert OneTimeCode.objects.filter(code_hash="").count() == 1
    with pytest.raises(ActionError) as unknown_error:
        verify("123456", phone=UNKNOWN_PHONE)
    with pytest.raises(ActionError) as wrong_error:
        verify(wrong(known_code))
    assert unknown_error.value.code == wrong_error.value.code == "code_wrong"
    assert str(unknown_error.value.message) == str(wrong_error.value.message)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("12345", "phone_malformed"), ("1380013800a", "phone_not_digits"), ("02112345678", "phone_not_mobile")],
)
def test_a_number_that_cannot_take_a_text_is_refused_and_nothing_is_written(
    cast: Cast, issue_code: IssueCode, raw: str, code: str
) -> None:
    with pytest.raises(ActionError) as error:
        issue_code(raw, now=T0)
    assert error.value.code == code and error.value.field == "phone"
    assert not OneTimeCode.objects.exists()


def test_the_right_code_signs_the_resident_in_once(cast: Cast, issue_code: IssueCode) -> None:
    _, code = issue_code("138 0013 8001", now=T0)
    assert code is not None
    user = verify(code, now=T0 + seconds(30))
    assert user == cast.resident
    assert OneTimeCode.objects.get().used_at == T0 + seconds(30)
    assert AuditRecord.objects.filter(verb="sign_in.success", actor=user).count() == 1
    # Replaying a used code fails, and counts as a failure.
    with pytest.raises(ActionError) as error:
        verify(code, now=T0 + seconds(40))
    assert error.value.code == "code_wrong"
    assert SignInAttempt.objects.filter(succeeded=False, reason="code_used").count() == 1


def test_full_width_digits_and_spaces_in_the_code_are_accepted(cast: Cast, issue_code: IssueCode) -> None:
    _, code = issue_code(now=T0)
    assert code is not None
    typed = " ".join(chr(ord("０") + int(digit)) for digit in code)
    assert verify(typed) == cast.resident


def test_a_person_without_an_account_gets_one_on_first_sign_in(world: World, issue_code: IssueCode) -> None:
    person = make_person("新居民", world.units[2], phone="13600136006")
    _, code = issue_code("13600136006", now=T0)
    assert code is not None
    user = verify(code, phone="13600136006")
    assert user.person == person and user.username is None and not user.has_usable_password()
    assert AuditRecord.objects.filter(verb="account.create", target_id=str(user.pk)).exists()
    _, second = issue_code("13600136006", now=T0 + seconds(120))
    assert second is not None
    assert verify(second, phone="13600136006", now=T0 + seconds(130)) == user
    assert User.objects.filter(person=person).count() == 1


def test_an_expired_code_is_refused(cast: Cast, issue_code: IssueCode) -> None:
    _, code = issue_code(now=T0)
    assert code is not None
    with pytest.raises(ActionError) as error:
        verify(code, now=T0 + seconds(300))
    assert error.value.code == "code_wrong"
    assert SignInAttempt.objects.get().reason == "code_expired"
    assert OneTimeCode.objects.get().used_at is None


def test_a_newer_code_retires_the_older_one(cast: Cast, issue_code: IssueCode) -> None:
    _, first = issue_code(now=T0)
    _, second = issue_code(now=T0 + seconds(61))
    assert first is not None and second is not None
    if first != second:
        with pytest.raises(ActionError):
            verify(first, now=T0 + seconds(70))
    assert verify(second, now=T0 + seconds(80)) == cast.resident


def test_wrong_codes_are_counted_and_wear_the_code_out(cast: Cast, issue_code: IssueCode) -> None:
    _, code = issue_code(now=T0)
    assert code is not None
    for attempt in range(1, 6):
        with pytest.raises(ActionError) as error:
            verify(wrong(code), now=T0 + seconds(attempt))
        assert error.value.code == "code_wrong" and error.value.field == "code"
        assert OneTimeCode.objects.get().attempts == attempt
    # The fifth wrong try used up the code: even the right one no longer works.
    with pytest.raises(ActionError):
        verify(code, now=T0 + seconds(10))
    assert OneTimeCode.objects.get().attempts == 5
    assert SignInAttempt.objects.filter(succeeded=False).count() == 6
    assert AuditRecord.objects.filter(verb="sign_in.failure").count() == 6


def test_a_malformed_code_is_refused_without_counting(cast: Cast, issue_code: IssueCode) -> None:
    issue_code(now=T0)
    with pytest.raises(ActionError) as error:
        verify("12a456")
    assert error.value.code == "code_malformed"
    assert not SignInAttempt.objects.exists()
    assert OneTimeCode.objects.get().attempts == 0


@override_settings(SIGN_IN_MAX_FAILURES=3, SIGN_IN_LOCKOUT_SECONDS=900)
def test_repeated_failures_lock_the_phone_until_the_lockout_ends(cast: Cast, issue_code: IssueCode) -> None:
    _, code = issue_code(now=T0)
    assert code is not None
    for attempt in (1, 2):
        with pytest.raises(ActionError) as error:
            verify(wrong(code), now=T0 + seconds(attempt))
        assert not isinstance(error.value, TryLater)
    with pytest.raises(TryLater) as locked:
        verify(wrong(code), now=T0 + seconds(3))
    assert locked.value.code == "sign_in_locked" and locked.value.status == 429
    assert locked.value.retry_at == T0 + seconds(903)
    lockout = Lockout.objects.get()
    assert lockout.failures == 3
    assert AuditRecord.objects.filter(verb="sign_in.lockout", target_id=str(lockout.pk)).exists()
    # While locked, even the right code is refused and no new code is sent.
    with pytest.raises(TryLater):
        verify(code, now=T0 + seconds(10))
    with pytest.raises(TryLater) as no_code:
        issue_code(now=T0 + seconds(120))
    assert no_code.value.code == "sign_in_locked"
    # After the lockout, a new code works; failures before the lockout no longer count.
    _, fresh = issue_code(now=T0 + seconds(904))
    assert fresh is not None
    with pytest.raises(ActionError) as after:
        verify(wrong(fresh), now=T0 + seconds(905))
    assert not isinstance(after.value, TryLater)
    assert verify(fresh, now=T0 + seconds(906)) == cast.resident


@override_settings(SIGN_IN_MAX_FAILURES=3)
def test_an_unknown_number_is_locked_like_a_known_one(cast: Cast) -> None:
    for attempt in (1, 2):
        with pytest.raises(ActionError):
            verify("000000", phone=UNKNOWN_PHONE, now=T0 + seconds(attempt))
    with pytest.raises(TryLater):
        verify("000000", phone=UNKNOWN_PHONE, now=T0 + seconds(3))


@override_settings(SIGN_IN_MAX_FAILURES=3)
def test_a_successful_sign_in_clears_the_failure_count(cast: Cast, issue_code: IssueCode) -> None:
    _, code = issue_code(now=T0)
    assert code is not None
    for attempt in (1, 2):
        with pytest.raises(ActionError):
            verify(wrong(code), now=T0 + seconds(attempt))
    verify(code, now=T0 + seconds(5))
    _, fresh = issue_code(now=T0 + seconds(70))
    assert fresh is not None
    for attempt in (71, 72):
        with pytest.raises(ActionError) as error:
            verify(wrong(fresh), now=T0 + seconds(attempt))
        assert not isinstance(error.value, TryLater)
    assert not Lockout.objects.exists()


def test_an_inactive_account_gets_no_code(cast: Cast, issue_code: IssueCode) -> None:
    User.objects.filter(pk=cast.resident.pk).update(is_active=False)
    _, code = issue_code(now=T0)
    assert code is None


def test_the_text_and_the_errors_are_translated(cast: Cast, issue_code: IssueCode, outbox: list[SmsMessage]) -> None:
    with translation.override("zh-hans"):
        _, code = issue_code(now=T0)
        assert code is not None
        assert "验证码" in outbox[-1].text
        with pytest.raises(ActionError) as chinese:
            verify(wrong(code))
        assert "验证码" in str(chinese.value.message)
    with translation.override("en"):
        with pytest.raises(ActionError) as english:
            verify(wrong(code))
        assert str(english.value.message).startswith("This code is not right")


def test_the_code_request_sends_only_after_commit(cast: Cast, outbox: list[SmsMessage], settings: Any) -> None:
    from django.db import transaction

    from yishi.accounts.actions import request_sign_in_code

    with pytest.raises(RuntimeError), transaction.atomic():
        request_sign_in_code(phone=RESIDENT_PHONE, client_address=CLIENT, now=T0)
        raise RuntimeError("roll back")
    assert outbox == []
    assert not OneTimeCode.objects.exists()

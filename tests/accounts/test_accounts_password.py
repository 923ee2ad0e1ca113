"""Staff sign in with username and password; repeated failures lock the username for a while."""

import datetime

import pytest
from django.test import override_settings
from django.utils import translation

from tests.accounts.conftest import CLIENT, T0
from tests.fixtures import Cast
from yishi.accounts.actions import TryLater, sign_in_with_password
from yishi.accounts.models import Lockout, SignInAttempt, SignInMethod, User
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def at(count: int) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=count)


def attempt(username: str, password: str, *, now: datetime.datetime = T0) -> User:
    return sign_in_with_password(username=username, password=password, client_address=CLIENT, now=now)


def test_the_right_password_signs_staff_in(cast: Cast) -> None:
    assert attempt(" secretary ", PASSWORD) == cast.secretary
    record = AuditRecord.objects.get(verb="sign_in.success")
    assert record.actor == cast.secretary and record.changes == {"method": [None, "password"]}


def test_a_wrong_password_is_refused_with_a_translated_message(cast: Cast) -> None:
    with translation.override("zh-hans"), pytest.raises(ActionError) as error:
        attempt("secretary", "wrong password")
    assert error.value.code == "password_wrong"
    assert "用户名或密码" in str(error.value.message)
    failure = SignInAttempt.objects.get()
    assert failure.user == cast.secretary and failure.method == SignInMethod.PASSWORD and not failure.succeeded
    assert AuditRecord.objects.filter(verb="sign_in.failure").count() == 1


def test_missing_credentials_are_refused_without_counting(cast: Cast) -> None:
    with pytest.raises(ActionError) as error:
        attempt("secretary", "")
    assert error.value.code == "credentials_missing"
    assert not SignInAttempt.objects.exists()


@override_settings(SIGN_IN_MAX_FAILURES=3, SIGN_IN_LOCKOUT_SECONDS=600)
def test_repeated_failures_lock_the_username(cast: Cast) -> None:
    for second in (1, 2):
        with pytest.raises(ActionError) as error:
            attempt("secretary", "guess", now=at(second))
        assert not isinstance(error.value, TryLater)
    with translation.override("en"), pytest.raises(TryLater) as locked:
        attempt("Secretary", "guess", now=at(3))
    assert locked.value.retry_at == at(603)
    assert "signing in is paused until 17:11" in str(locked.value.message)
    assert AuditRecord.objects.filter(verb="sign_in.lockout").count() == 1
    # The right password does not help while locked, and it is not even checked.
    with pytest.raises(TryLater):
        attempt("secretary", PASSWORD, now=at(300))
    assert SignInAttempt.objects.count() == 3
    assert Lockout.objects.get().failures == 3
    # Another account is not affected.
    assert attempt("director", PASSWORD, now=at(300)) == cast.director
    assert attempt("secretary", PASSWORD, now=at(604)) == cast.secretary


@override_settings(SIGN_IN_MAX_FAILURES=2)
def test_an_unknown_username_is_locked_the_same_way(cast: Cast) -> None:
    with pytest.raises(ActionError):
        attempt("nobody", "guess", now=at(1))
    with pytest.raises(TryLater):
        attempt("nobody", "guess", now=at(2))


def test_an_inactive_account_cannot_sign_in(cast: Cast) -> None:
    User.objects.filter(pk=cast.director.pk).update(is_active=False)
    with pytest.raises(ActionError) as error:
        attempt("director", PASSWORD)
    assert error.value.code == "password_wrong"

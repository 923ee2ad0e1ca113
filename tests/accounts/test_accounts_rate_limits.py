"""Code requests are rate-limited per phone and per network address, stored in the database."""

import datetime

import pytest
from django.test import override_settings
from django.utils import translation

from tests.accounts.conftest import RESIDENT_PHONE, T0, IssueCode
from tests.fixtures import Cast
from yishi.accounts.actions import TryLater
from yishi.accounts.models import OneTimeCode

pytestmark = pytest.mark.django_db


def at(count: int) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=count)


def test_a_second_request_within_the_gap_is_refused_with_the_seconds_to_wait(cast: Cast, issue_code: IssueCode) -> None:
    issue_code(now=at(0))
    with translation.override("en"), pytest.raises(TryLater) as error:
        issue_code(now=at(45))
    assert error.value.code == "code_too_soon" and error.value.field == "phone"
    assert error.value.retry_at == at(60)
    assert str(error.value.message) == "Please wait 15 seconds before asking for another code."
    with translation.override("zh-hans"), pytest.raises(TryLater) as chinese:
        issue_code(now=at(59))
    assert "1" in str(chinese.value.message) and "秒" in str(chinese.value.message)
    assert OneTimeCode.objects.count() == 1
    _, code = issue_code(now=at(60))
    assert code is not None


def test_at_most_five_codes_per_phone_per_hour(cast: Cast, issue_code: IssueCode) -> None:
    for index in range(5):
        issue_code(now=at(index * 61))
    with translation.override("en"), pytest.raises(TryLater) as error:
        issue_code(now=at(5 * 61))
    assert error.value.code == "code_phone_hourly_limit"
    assert error.value.retry_at == at(3600)
    # 09:00 UTC is 17:00 in Shanghai: the message names the local time to come back.
    assert str(error.value.message) == "Too many codes were asked for this number. Please try again after 18:00."
    assert OneTimeCode.objects.count() == 5
    _, code = issue_code(now=at(3600))
    assert code is not None


@override_settings(ONE_TIME_CODES_PER_CLIENT_PER_HOUR=3)
def test_a_network_address_may_ask_only_so_many_codes_per_hour(cast: Cast, issue_code: IssueCode) -> None:
    for index in range(3):
        issue_code(f"1390000000{index}", client="198.51.100.9", now=at(index))
    with pytest.raises(TryLater) as error:
        issue_code("13900000009", client="198.51.100.9", now=at(10))
    assert error.value.code == "code_client_hourly_limit"
    # Another address is not affected.
    _, code = issue_code(RESIDENT_PHONE, client="198.51.100.10", now=at(10))
    assert code is not None


def test_the_limits_hold_for_unknown_numbers_too(cast: Cast, issue_code: IssueCode) -> None:
    issue_code("13700137999", now=at(0))
    with pytest.raises(TryLater):
        issue_code("13700137999", now=at(1))

"""The sign-in pages through the Django test client: code flow, password flow, errors, redirects."""

import re
from typing import Any

import pytest
from django.test import Client, override_settings

from tests.fixtures import Cast
from yishi.accounts.models import OneTimeCode
from yishi.accounts.sms import SmsMessage
from yishi.accounts.views import PENDING_MASKED, PENDING_NEXT, PENDING_PHONE

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def ask_code(client: Client, phone: str, capture: Any, **extra: str) -> Any:
    with capture(execute=True):
        return client.post("/accounts/sign-in/code/", {"phone": phone, **extra})


def test_the_sign_in_page_offers_both_ways_in_chinese(client: Client) -> None:
    response = client.get("/accounts/sign-in/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="phone-sign-in"' in body and 'id="staff-sign-in"' in body
    assert 'id="id_username"' in body and 'id="id_password"' in body and 'id="id_phone"' in body
    assert "登录" in body and "验证码" in body


def test_a_resident_signs_in_with_the_texted_code(
    client: Client, cast: Cast, outbox: list[SmsMessage], django_capture_on_commit_callbacks: Any
) -> None:
    response = ask_code(client, "13800138001", django_capture_on_commit_callbacks, next="/c/1/")
    assert response.status_code == 302 and response["Location"] == "/accounts/sign-in/verify/"
    page = client.get("/accounts/sign-in/verify/").content.decode()
    assert "138****8001" in page and "13800138001" not in page
    response = client.post("/accounts/sign-in/verify/", {"code": outbox[-1].code})
    assert response.status_code == 302 and response["Location"] == "/c/1/"
    assert signed_in_user_id(client) == str(cast.resident.pk)
    # The pending number is gone from the session once signed in.
    assert not {PENDING_PHONE, PENDING_MASKED, PENDING_NEXT} & set(client.session.keys())


def test_an_unknown_number_sees_the_same_pages(
    client: Client, cast: Cast, outbox: list[SmsMessage], django_capture_on_commit_callbacks: Any
) -> None:
    known = Client()
    ask_code(known, "13800138001", django_capture_on_commit_callbacks)
    response = ask_code(client, "13700137999", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/accounts/sign-in/verify/"
    unknown_page = client.get("/accounts/sign-in/verify/").content.decode()
    known_page = known.get("/accounts/sign-in/verify/").content.decode()
    assert "137****7999" in unknown_page
    assert _same_text(unknown_page, known_page)
    assert len(outbox) == 1


def _same_text(first: str, second: str) -> bool:
    def strip(page: str) -> str:
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        page = re.sub(r'"X-CSRFToken": "[^"]+"', "", page)
        return re.sub(r"1[0-9]{2}\*{4}[0-9]{4}", "", page)

    return strip(first) == strip(second)


def test_a_wrong_code_shows_the_translated_error_with_status_400(
    client: Client, cast: Cast, outbox: list[SmsMessage], django_capture_on_commit_callbacks: Any
) -> None:
    ask_code(client, "13800138001", django_capture_on_commit_callbacks)
    wrong = f"{(int(outbox[-1].code) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/sign-in/verify/", {"code": wrong})
    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert signed_in_user_id(client) is None
    client.cookies["yishi_language"] = "en"
    response = client.post("/accounts/sign-in/verify/", {"code": wrong})
    assert "This code is not right" in response.content.decode()


def test_asking_again_too_soon_shows_when_to_retry(
    client: Client, cast: Cast, outbox: list[SmsMessage], django_capture_on_commit_callbacks: Any
) -> None:
    ask_code(client, "13800138001", django_capture_on_commit_callbacks)
    response = client.post("/accounts/sign-in/verify/", {"resend": "1"})
    assert response.status_code == 429
    assert "秒" in response.content.decode()
    response = ask_code(client, "13800138001", django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert OneTimeCode.objects.count() == 1


def test_a_malformed_phone_is_shown_on_the_form(client: Client, cast: Cast) -> None:
    response = client.post("/accounts/sign-in/code/", {"phone": "12345"})
    assert response.status_code == 400
    assert 'id="id_phone_error"' in response.content.decode()


def test_the_verify_page_needs_a_number_first(client: Client) -> None:
    response = client.get("/accounts/sign-in/verify/")
    assert response.status_code == 302 and response["Location"] == "/accounts/sign-in/"


def test_staff_sign_in_by_password_and_sign_out(client: Client, cast: Cast) -> None:
    response = client.post("/accounts/sign-in/", {"username": "secretary", "password": PASSWORD, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user_id(client) == str(cast.secretary.pk)
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 302 and signed_in_user_id(client) is None


def test_a_wrong_password_keeps_the_username_and_shows_the_error(client: Client, cast: Cast) -> None:
    response = client.post("/accounts/sign-in/", {"username": "secretary", "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "用户名或密码不正确" in body and 'value="secretary"' in body and "nope" not in body


@override_settings(SIGN_IN_MAX_FAILURES=2)
def test_a_locked_username_gets_status_429(client: Client, cast: Cast) -> None:
    client.post("/accounts/sign-in/", {"username": "secretary", "password": "nope"})
    response = client.post("/accounts/sign-in/", {"username": "secretary", "password": "nope"})
    assert response.status_code == 429
    response = client.post("/accounts/sign-in/", {"username": "secretary", "password": PASSWORD})
    assert response.status_code == 429 and signed_in_user_id(client) is None


def test_a_foreign_next_is_ignored(client: Client, cast: Cast) -> None:
    response = client.post(
        "/accounts/sign-in/", {"username": "secretary", "password": PASSWORD, "next": "https://example.com/"}
    )
    assert response["Location"] == "/"


def test_a_signed_in_visitor_is_sent_on(client: Client, cast: Cast) -> None:
    client.force_login(cast.secretary)
    response = client.get("/accounts/sign-in/?next=/c/1/")
    assert response.status_code == 302 and response["Location"] == "/c/1/"


def test_sign_out_needs_post(client: Client, cast: Cast) -> None:
    client.force_login(cast.secretary)
    assert client.get("/accounts/sign-out/").status_code == 405
    assert signed_in_user_id(client) == str(cast.secretary.pk)

"""API tokens: created by staff with a role, shown once, stored as SHA-256, used as bearer tokens, revoked."""

import hashlib
import re

import pytest
from django.test import Client

from tests.fixtures import Cast
from yishi.accounts.actions import MAX_ACTIVE_TOKENS, create_api_token, revoke_api_token
from yishi.accounts.models import ApiToken
from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


def create_on_page(client: Client, name: str) -> str:
    response = client.post("/accounts/tokens/", {"name": name})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    match = re.search(r'id="new-token-value" value="([^"]+)"', response.content.decode())
    assert match is not None
    return match.group(1)


def test_staff_create_a_token_that_is_shown_once_and_stored_as_sha256(client: Client, cast: Cast) -> None:
    client.force_login(cast.secretary)
    secret = create_on_page(client, "街道看板")
    token = ApiToken.objects.get()
    assert token.user == cast.secretary and token.name == "街道看板"
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(secret) >= 40
    assert secret not in " ".join(str(value) for value in ApiToken.objects.values_list().get())
    record = AuditRecord.objects.get(verb="api_token.create")
    assert record.actor == cast.secretary and secret not in str(record.changes)
    listing = client.get("/accounts/tokens/").content.decode()
    assert "街道看板" in listing and token.prefix in listing and secret not in listing


def test_a_token_signs_api_requests_in_until_it_is_revoked(client: Client, cast: Cast) -> None:
    token, secret = create_api_token(actor=Actor(user=cast.director), name="integration")
    api = Client()
    response = api.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.json()["username"] == "director"
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert api.get("/api/me", headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    client.force_login(cast.director)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditRecord.objects.filter(verb="api_token.revoke", target_id=str(token.pk)).exists()
    assert api.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_a_token_of_a_deactivated_account_stops_working(cast: Cast) -> None:
    _, secret = create_api_token(actor=Actor(user=cast.director), name="integration")
    cast.director.is_active = False
    cast.director.save(update_fields=["is_active"])
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_residents_without_a_role_get_no_tokens(client: Client, cast: Cast) -> None:
    client.force_login(cast.resident)
    response = client.get("/accounts/tokens/")
    assert response.status_code == 403
    assert client.post("/accounts/tokens/", {"name": "mine"}).status_code == 403
    with pytest.raises(NotPermitted):
        create_api_token(actor=Actor(user=cast.resident), name="mine")
    assert not ApiToken.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get("/accounts/tokens/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/?next=")


def test_nobody_revokes_anothers_token(client: Client, cast: Cast) -> None:
    token, _ = create_api_token(actor=Actor(user=cast.director), name="integration")
    client.force_login(cast.secretary)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    with pytest.raises(NotPermitted):
        revoke_api_token(actor=Actor(user=cast.secretary), token=token)
    token.refresh_from_db()
    assert token.revoked_at is None
    # An administrator may.
    revoke_api_token(actor=Actor(user=cast.admin), token=token)
    with pytest.raises(ActionError) as again:
        revoke_api_token(actor=Actor(user=cast.admin), token=token)
    assert again.value.code == "api_token_revoked"


@pytest.mark.parametrize(
    ("name", "code"),
    [("   ", "api_token_name_empty"), ("x" * 101, "api_token_name_long"), ("twice", "api_token_name_taken")],
)
def test_bad_token_names_are_refused(cast: Cast, name: str, code: str) -> None:
    create_api_token(actor=Actor(user=cast.secretary), name="twice")
    with pytest.raises(ActionError) as error:
        create_api_token(actor=Actor(user=cast.secretary), name=name)
    assert error.value.code == code
    assert ApiToken.objects.count() == 1


def test_a_bad_name_on_the_page_is_shown_as_a_form_error(client: Client, cast: Cast) -> None:
    client.force_login(cast.secretary)
    client.post("/accounts/tokens/", {"name": "twice"})
    response = client.post("/accounts/tokens/", {"name": "twice"})
    assert response.status_code == 400
    assert 'id="id_name_error"' in response.content.decode()
    assert "new-token-value" not in response.content.decode()


def test_the_number_of_active_tokens_is_limited(cast: Cast) -> None:
    for index in range(MAX_ACTIVE_TOKENS):
        create_api_token(actor=Actor(user=cast.secretary), name=f"token {index}")
    with pytest.raises(ActionError) as error:
        create_api_token(actor=Actor(user=cast.secretary), name="one too many")
    assert error.value.code == "api_token_too_many"
    revoke_api_token(actor=Actor(user=cast.secretary), token=ApiToken.objects.first())  # type: ignore[arg-type]
    create_api_token(actor=Actor(user=cast.secretary), name="one too many")


def test_the_admin_shows_tokens_and_sign_in_records_read_only(client: Client, cast: Cast) -> None:
    token, secret = create_api_token(actor=Actor(user=cast.director), name="integration")
    client.force_login(cast.admin)
    listing = client.get("/admin/accounts/apitoken/")
    assert listing.status_code == 200 and "integration" in listing.content.decode()
    detail = client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert token.token_hash not in detail and secret not in detail
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    assert client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/accounts/signinattempt/").status_code == 200
    assert client.get("/admin/accounts/lockout/").status_code == 200

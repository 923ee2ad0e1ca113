"""The disclosure API: public reads without sign-in; staff draft and publish through the actions."""

import json
from typing import Any

from django.test import Client

from tests.disclosure.conftest import draft, published
from tests.fixtures import Cast, World
from yishi.disclosure.models import Notice, NoticeStatus


def _post(client: Client, url: str, payload: dict[str, Any] | None = None, method: str = "post") -> Any:
    return getattr(client, method)(url, data=json.dumps(payload or {}), content_type="application/json")


def test_public_list_and_detail_without_sign_in(client: Client, cast: Cast, world: World) -> None:
    notice = published(
        cast.director, world.community, rows=[{"item": "材料费", "amount": "1200.50", "date": "2026-03-01"}]
    )
    draft(cast.director, world.community, title="草稿")
    listing = client.get(f"/api/disclosure/communities/{world.community.pk}/notices")
    assert listing.status_code == 200
    data = listing.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["title"] == notice.title
    assert item["rows"] == [{"item": "材料费", "amount": "1200.50", "date": "2026-03-01"}]
    assert item["rows_total"] == "1200.50"
    assert item["pdf_url"].endswith(f"/disclosure/notices/{notice.pk}/pdf")
    assert client.get(f"/api/disclosure/communities/{world.community.pk}/notices?archive=true").json()["count"] == 0
    detail = client.get(f"/api/disclosure/notices/{notice.pk}")
    assert detail.status_code == 200 and detail.json()["number"] == notice.number


def test_drafts_are_not_public_in_the_api(client: Client, cast: Cast, world: World) -> None:
    hidden = draft(cast.director, world.community)
    assert client.get(f"/api/disclosure/notices/{hidden.pk}").status_code == 404
    client.force_login(cast.director)
    assert client.get(f"/api/disclosure/notices/{hidden.pk}").json()["status"] == "draft"


def test_staff_draft_and_publish(client: Client, cast: Cast, world: World) -> None:
    client.force_login(cast.director)
    created = _post(
        client,
        "/api/disclosure/notices",
        {
            "place_id": world.compound.pk,
            "kind": "accounts",
            "title": "三月收支",
            "rows": [{"item": "保洁", "amount": "800"}],
        },
    )
    assert created.status_code == 201, created.content
    notice_id = created.json()["id"]
    assert created.json()["community_id"] == world.community.pk
    updated = _post(
        client,
        f"/api/disclosure/notices/{notice_id}",
        {"place_id": world.community.pk, "kind": "accounts", "title": "三月财务收支", "body": "如下"},
        method="put",
    )
    assert updated.status_code == 200 and updated.json()["title"] == "三月财务收支"
    published_response = _post(client, f"/api/disclosure/notices/{notice_id}/publish")
    assert published_response.status_code == 200
    assert published_response.json()["status"] == "published"
    refused = _post(
        client,
        f"/api/disclosure/notices/{notice_id}",
        {"place_id": world.community.pk, "kind": "accounts", "title": "再改"},
        method="put",
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "notice_published_immutable"
    correction = _post(
        client,
        "/api/disclosure/notices",
        {"place_id": world.community.pk, "kind": "accounts", "title": "更正", "corrects_id": notice_id},
    )
    assert correction.status_code == 201 and correction.json()["corrects"]["id"] == notice_id


def test_api_refusals(client: Client, cast: Cast, world: World) -> None:
    anonymous = _post(
        client, "/api/disclosure/notices", {"place_id": world.community.pk, "kind": "decision", "title": "x"}
    )
    assert anonymous.status_code == 401
    client.force_login(cast.resident)
    forbidden = _post(
        client, "/api/disclosure/notices", {"place_id": world.community.pk, "kind": "decision", "title": "x"}
    )
    assert forbidden.status_code == 403
    client.force_login(cast.director)
    hidden = _post(
        client,
        "/api/disclosure/notices",
        {"place_id": world.community.pk, "kind": "decision", "title": "决议", "body": "联系13800138000"},
    )
    refused = _post(client, f"/api/disclosure/notices/{hidden.json()['id']}/publish")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "notice_full_phone"
    assert refused.json()["error"]["field"] == "body"
    assert Notice.objects.get().status == NoticeStatus.DRAFT
    bad_row = _post(
        client,
        "/api/disclosure/notices",
        {"place_id": world.community.pk, "kind": "accounts", "title": "账", "rows": [{"item": "甲", "amount": "x"}]},
    )
    assert bad_row.status_code == 400 and bad_row.json()["error"]["field"] == "rows"
    assert client.get("/api/disclosure/notices/999999").status_code == 404

"""Deliberation in the JSON API: meetings (public without names), hall posts (residents concerned), the review."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.deliberation.conftest import Compound, MeetingBuilder, actor
from tests.fixtures import Cast, World
from yishi.deliberation import actions
from yishi.deliberation.models import Hall, Outcome, Post
from yishi.disclosure.models import Notice
from yishi.matters.models import Matter, MatterStatus

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def test_meetings_are_listed_publicly(client: Client, world: World, compound_meeting: MeetingBuilder) -> None:
    meeting = compound_meeting("convened")
    data = client.get(f"/api/deliberation/communities/{world.community.pk}/meetings").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert (item["id"], item["kind"], item["seat_template"], item["status"]) == (
        meeting.pk,
        "deliberation",
        "compound_5n",
        "convened",
    )
    assert client.get(f"/api/deliberation/communities/{world.community.pk}/meetings?show=past").json()["count"] == 0
    assert client.get("/api/deliberation/communities/999999/meetings").status_code == 404


def test_a_meeting_names_people_only_for_participants(
    client: Client, cast: Cast, submitted_outcome: Callable[..., Outcome]
) -> None:
    outcome = submitted_outcome()
    url = f"/api/deliberation/meetings/{outcome.meeting_id}"
    public = client.get(url).json()
    assert public["full_view"] is False and public["seats"] == [] and public["outcomes"] == []
    assert public["agenda"][0]["matter_id"] == outcome.matter_id
    client.force_login(cast.resident)
    full = client.get(url).json()
    assert full["full_view"] is True
    assert {seat["name"] for seat in full["seats"]} >= {"李主任", "业委会孙", "刘先生"}
    assert full["outcomes"][0]["dissents"][0]["name"] == "业委会孙"
    assert client.get("/api/deliberation/meetings/999999").status_code == 404


def test_the_party_secretary_approves_through_the_api(
    client: Client, cast: Cast, submitted_outcome: Callable[..., Outcome]
) -> None:
    outcome = submitted_outcome()
    url = f"/api/deliberation/outcomes/{outcome.pk}"
    assert client.get(url).status_code == 404  # not public before approval
    client.force_login(cast.director)
    refused = _post(client, url + "/approve", {})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_permitted"
    client.force_login(cast.secretary)
    approved = _post(client, url + "/approve", {"note": "同意"})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved" and approved.json()["notice_url"]
    assert Matter.objects.get(pk=outcome.matter_id).status == MatterStatus.IMPLEMENTING
    again = _post(client, url + "/approve", {})
    assert again.status_code == 400 and again.json()["error"]["code"] == "outcome.transition_not_allowed"
    client.logout()
    public = client.get(url).json()
    assert public["dissents"][0]["name"] is None and public["reviews"] == []


def test_sending_back_needs_reasons(client: Client, cast: Cast, submitted_outcome: Callable[..., Outcome]) -> None:
    outcome = submitted_outcome()
    client.force_login(cast.secretary)
    url = f"/api/deliberation/outcomes/{outcome.pk}/send-back"
    empty = _post(client, url, {"reasons": " "})
    assert empty.status_code == 400
    assert empty.json()["error"] == {
        "code": "review.reasons_required",
        "message": "退回修改须写明理由。",
        "field": "reasons",
    }
    sent = _post(client, url, {"reasons": "请补充资金来源"})
    assert sent.status_code == 200 and sent.json()["status"] == "sent_back"
    assert sent.json()["reviews"][0]["reasons"] == "请补充资金来源"
    assert not Notice.objects.filter(kind="deliberation_outcome").exists()


def test_hall_posts_read_and_write(client: Client, cast: Cast, compound: Compound, hall: Hall) -> None:
    url = f"/api/deliberation/matters/{hall.matter_id}/posts"
    assert client.get(url).status_code == 401
    client.force_login(compound.outsider)
    assert client.get(url).status_code == 403
    assert _post(client, url, {"text": "插话", "position": "support"}).status_code == 403
    client.force_login(cast.resident)
    created = _post(client, url, {"text": "支持加装", "position": "support"})
    assert created.status_code == 201, created.content
    post_id = created.json()["id"]
    assert Post.objects.get(pk=post_id).channel == "api"
    empty = _post(client, url, {"text": "", "position": "support"})
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "hall.post_empty"
    assert _post(client, url, {"text": "回复", "parent_id": 999999}).status_code == 404
    reply = _post(client, url, {"text": "同意", "parent_id": post_id})
    assert reply.status_code == 201 and reply.json()["parent_id"] == post_id
    actions.hide_post(actor=actor(cast.director), post=Post.objects.get(pk=post_id), reason="测试隐藏")
    listing = client.get(url).json()
    assert listing["count"] == 1 and listing["hall_open"] is True
    top = listing["items"][0]
    assert top["hidden"] is True and top["text"] is None and top["hidden_reason"] == "测试隐藏"
    assert top["replies"][0]["text"] == "同意"


def test_posting_where_no_hall_is_open(client: Client, cast: Cast, micro_matter: Matter, world: World) -> None:
    client.force_login(cast.resident)
    assert _post(client, f"/api/deliberation/matters/{micro_matter.pk}/posts", {"text": "x"}).status_code == 404
    assert client.get(f"/api/deliberation/matters/{micro_matter.pk}/posts").status_code == 404

"""The matters API: raise, list and read (public or full), triage, and the street's steps."""

import json
from typing import Any

from django.test import Client

from tests.fixtures import Cast, World
from tests.matters.builders import raise_for, triage
from yishi.accounts.domain.codes import hash_api_token
from yishi.accounts.models import ApiToken
from yishi.audit.models import AuditRecord, Channel
from yishi.matters.models import Matter, MatterStatus


def _post(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_raise_read_and_triage_through_the_api(cast: Cast, world: World, client: Client) -> None:
    client.force_login(cast.resident)
    created = _post(
        client,
        "/api/matters/",
        {
            "title": "小区门口停车乱",
            "description": "早晚高峰堵塞。",
            "place_id": world.compound.pk,
            "category": "parking",
            "anonymous_to_public": True,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "proposed" and body["full_view"] is True and body["proposer"] == "刘先生"
    matter_id = body["id"]
    public = Client().get(f"/api/matters/{matter_id}").json()
    assert public["proposer"] == "匿名" and public["description"] is None and public["full_view"] is False
    refused = _post(client, f"/api/matters/{matter_id}/triage", {"triage_class": "micro", "scope": "single_compound"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_permitted"
    client.force_login(cast.director)
    triaged = _post(client, f"/api/matters/{matter_id}/triage", {"triage_class": "micro", "scope": "single_compound"})
    assert triaged.status_code == 200
    assert triaged.json()["responsible_body"] == "阳光小区议事协商会"
    assert AuditRecord.objects.get(verb="matter.triage").channel == Channel.API
    again = _post(client, f"/api/matters/{matter_id}/triage", {"triage_class": "small", "scope": "whole_community"})
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "lifecycle.already_triaged"
    events = Client().get(f"/api/matters/{matter_id}").json()["events"]
    assert [event["kind"] for event in events] == ["raised", "triaged"]
    assert events[1]["notice_url"].startswith("/disclosure/notices/")


def test_bad_input_gets_a_field_and_a_code(cast: Cast, world: World, client: Client) -> None:
    client.force_login(cast.resident)
    response = _post(
        client,
        "/api/matters/",
        {"title": "", "description": "x", "place_id": world.compound.pk, "category": "parking"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "matter_title_empty",
        "message": "请给议题起一个简短的标题。",
        "field": "title",
    }
    unknown = _post(client, "/api/matters/", {"title": "t", "description": "x", "place_id": 999999, "category": "x"})
    assert unknown.json()["error"]["code"] == "matter_place_outside"
    assert not Matter.objects.exists()
    assert Client().post("/api/matters/", "{}", content_type="application/json").status_code == 401


def test_the_public_list_and_categories(cast: Cast, world: World) -> None:
    raise_for(cast.resident, world.compound, title="垃圾分类点异味")
    declined = raise_for(cast.resident, world.compound, title="要求拆除阳台")
    triage(cast, declined, "declined", reason="民事纠纷。")
    anonymous = Client()
    listing = anonymous.get(f"/api/matters/c/{world.community.pk}").json()
    assert [item["title"] for item in listing["items"]] == ["垃圾分类点异味"]
    every = anonymous.get(f"/api/matters/c/{world.community.pk}", {"status": "all", "q": "阳台"}).json()
    assert [item["status_label"] for item in every["items"]] == ["不予受理"]
    assert "刘先生" not in json.dumps(every, ensure_ascii=False)
    assert anonymous.get(f"/api/matters/c/{world.compound.pk}").status_code == 404
    categories = anonymous.get("/api/matters/categories").json()
    assert {"code": "lifts", "name": "电梯与加装电梯"} in categories


def test_the_street_through_the_api_with_a_token(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.community, title="公交站点离小区太远")
    triage(cast, matter, "big", "several_communities")
    ApiToken.objects.create(
        user=cast.street_officer, name="街道平台", token_hash=hash_api_token("secret-token"), prefix="secret-t"
    )
    client = Client(HTTP_AUTHORIZATION="Bearer secret-token")
    full = client.get(f"/api/matters/{matter.pk}").json()
    assert full["full_view"] is True and full["description"]
    assert _post(client, f"/api/matters/{matter.pk}/street/accept", {"note": "受理"}).status_code == 200
    referral = _post(
        client,
        f"/api/matters/{matter.pk}/street/referrals",
        {"department_name": "区交通委员会", "request": "请研究增设站点。"},
    )
    assert referral.status_code == 201
    referral_id = referral.json()["id"]
    reply = _post(
        client,
        f"/api/matters/{matter.pk}/street/referrals/{referral_id}/reply",
        {"reply_text": "已纳入线网调整。", "result": "resolved"},
    )
    assert reply.json()["result"] == "resolved"
    result = _post(client, f"/api/matters/{matter.pk}/street/result", {"text": "明年一季度开通社区巴士。"})
    assert result.json()["status"] == MatterStatus.REPLIED
    wrong = Client(HTTP_AUTHORIZATION="Bearer wrong").get(f"/api/matters/{matter.pk}")
    assert wrong.status_code == 401


def test_reclassify_and_follow_through_the_api(cast: Cast, world: World, client: Client) -> None:
    matter = raise_for(cast.resident, world.compound)
    triage(cast, matter, "micro")
    client.force_login(cast.director)
    no_reason = _post(
        client, f"/api/matters/{matter.pk}/reclassify", {"triage_class": "small", "scope": "whole_community"}
    )
    assert no_reason.json()["error"]["code"] == "reclassify_reason_required"
    done = _post(
        client,
        f"/api/matters/{matter.pk}/reclassify",
        {"triage_class": "small", "scope": "whole_community", "reason": "涉及全社区。"},
    )
    assert done.json()["triage_class"] == "small"
    client.force_login(cast.villager)
    followed = client.post(f"/api/matters/{matter.pk}/follow")
    assert followed.status_code == 200
    assert followed.json()["residents_concerned"] == 2

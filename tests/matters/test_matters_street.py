"""The street office (吹哨报到): accepting big matters, calling on departments, recording replies and the result."""

from typing import Any

import pytest
from django.test import Client

from tests.factories import give_role, make_person, make_place, make_user
from tests.fixtures import Cast, World
from tests.matters.builders import actor, raise_for, triage
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord
from yishi.matters import actions
from yishi.matters.models import EventKind, Matter, MatterEvent, MatterStatus, Notification, Referral, ReplyResult


@pytest.fixture
def big(cast: Cast, world: World) -> Matter:
    matter = raise_for(cast.resident, world.community, title="学校门口上下学拥堵", description="上下学时段严重拥堵。")
    triage(cast, matter, "big", "several_communities")
    matter.refresh_from_db()
    return matter


def test_the_whole_path_at_the_street(cast: Cast, big: Matter) -> None:
    officer = actor(cast.street_officer, "street_officer")
    actions.accept_referral(actor=officer, matter=big, note="街道已受理,将协调交警和城管。")
    referral = actions.refer_to_department(
        actor=officer, matter=big, department_name="区交通委员会", request="请研究设置上下学临时停车区。"
    )
    with pytest.raises(ActionError) as early:
        actions.record_street_result(actor=officer, matter=big, text="已办结。")
    assert early.value.code == "street_result_pending_referrals"
    actions.record_department_reply(
        actor=officer, referral=referral, reply_text="已在学校东侧设置临时停车区。", result=ReplyResult.RESOLVED
    )
    actions.record_street_result(actor=officer, matter=big, text="临时停车区已启用,请居民评价。")
    big.refresh_from_db()
    assert big.status == MatterStatus.REPLIED
    assert big.responded_at is not None and big.street_accepted_at is not None
    referral.refresh_from_db()
    assert (referral.result, referral.replied_by) == (ReplyResult.RESOLVED, cast.street_officer)
    kinds = list(MatterEvent.objects.filter(matter=big).order_by("occurred_at", "pk").values_list("kind", flat=True))
    assert kinds[-4:] == [
        EventKind.STREET_ACCEPTED,
        EventKind.DEPARTMENT_REQUESTED,
        EventKind.DEPARTMENT_REPLIED,
        EventKind.STREET_REPLIED,
    ]
    verbs = set(AuditRecord.objects.values_list("verb", flat=True))
    assert {"referral.accept", "referral.request", "referral.reply", "matter.street_result"} <= verbs
    # The resident hears of each step at the street.
    assert Notification.objects.filter(person=cast.resident.person, matter=big).count() == 5


def test_referring_accepts_implicitly_and_a_reply_is_recorded_once(cast: Cast, big: Matter) -> None:
    officer = actor(cast.district_officer)
    referral = actions.refer_to_department(
        actor=officer, matter=big, department_name="区城管执法局", request="请现场执法。"
    )
    big.refresh_from_db()
    assert big.street_accepted_at is not None
    with pytest.raises(ActionError) as accepted:
        actions.accept_referral(actor=officer, matter=big)
    assert accepted.value.code == "referral_already_accepted"
    actions.record_department_reply(
        actor=officer, referral=referral, reply_text="已处理。", result=ReplyResult.PARTLY_RESOLVED
    )
    with pytest.raises(ActionError) as twice:
        actions.record_department_reply(
            actor=officer, referral=referral, reply_text="再次。", result=ReplyResult.RESOLVED
        )
    assert twice.value.code == "referral_already_replied"


@pytest.mark.parametrize(
    ("department", "asked", "code"),
    [
        ("", "请处理。", "referral_department"),
        ("部" * 101, "请处理。", "referral_department"),
        ("区建委", " ", "referral_request"),
    ],
)
def test_a_referral_needs_a_department_and_a_request(
    cast: Cast, big: Matter, department: str, asked: str, code: str
) -> None:
    with pytest.raises(ActionError) as raised:
        actions.refer_to_department(
            actor=actor(cast.street_officer), matter=big, department_name=department, request=asked
        )
    assert raised.value.code == code
    assert not Referral.objects.exists()


def test_reply_and_result_need_text_and_a_known_result(cast: Cast, big: Matter) -> None:
    officer = actor(cast.street_officer)
    referral = actions.refer_to_department(actor=officer, matter=big, department_name="区建委", request="请处理。")
    with pytest.raises(ActionError) as empty:
        actions.record_department_reply(actor=officer, referral=referral, reply_text="  ", result=ReplyResult.RESOLVED)
    assert empty.value.code == "referral_reply_empty"
    with pytest.raises(ActionError) as unknown:
        actions.record_department_reply(actor=officer, referral=referral, reply_text="好", result="great")
    assert unknown.value.code == "referral_result_unknown"
    actions.record_department_reply(actor=officer, referral=referral, reply_text="好", result=ReplyResult.RESOLVED)
    with pytest.raises(ActionError) as no_text:
        actions.record_street_result(actor=officer, matter=big, text="")
    assert no_text.value.code == "street_result_empty"


def test_after_the_reply_the_street_can_do_no_more(cast: Cast, big: Matter) -> None:
    officer = actor(cast.street_officer)
    actions.record_street_result(actor=officer, matter=big, text="已纳入区里计划。")
    with pytest.raises(ActionError) as raised:
        actions.refer_to_department(actor=officer, matter=big, department_name="区建委", request="请处理。")
    assert raised.value.code == "referral_closed"


def test_a_small_matter_is_not_the_streets(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.compound)
    triage(cast, matter, "micro")
    with pytest.raises(ActionError) as raised:
        actions.accept_referral(actor=actor(cast.street_officer), matter=matter)
    assert raised.value.code == "referral_not_big"


def test_satisfaction_hook_for_the_evaluation_app(cast: Cast, big: Matter) -> None:
    officer = actor(cast.street_officer)
    referral = actions.refer_to_department(actor=officer, matter=big, department_name="区建委", request="请处理。")
    with pytest.raises(ActionError) as early:
        actions.record_referral_satisfaction(actor=actor(cast.supervisor), referral=referral, rating="satisfied")
    assert early.value.code == "referral_not_replied"
    actions.record_department_reply(actor=officer, referral=referral, reply_text="已修。", result=ReplyResult.RESOLVED)
    with pytest.raises(NotPermitted):
        actions.record_referral_satisfaction(actor=actor(cast.director), referral=referral, rating="satisfied")
    actions.record_referral_satisfaction(actor=actor(cast.supervisor), referral=referral, rating="basically_satisfied")
    referral.refresh_from_db()
    assert referral.satisfaction == "basically_satisfied"
    assert referral.satisfaction_recorded_at is not None


def test_the_street_pages(cast: Cast, big: Matter, client: Client) -> None:
    client.force_login(cast.street_officer)
    listing = client.get("/matters/street/")
    assert listing.status_code == 200
    assert "学校门口上下学拥堵" in listing.content.decode()
    page = client.get(f"/matters/{big.pk}/street/")
    assert page.status_code == 200
    assert client.post(f"/matters/{big.pk}/street/", {"step": "accept", "accept-note": "已受理"}).status_code == 302
    bad = client.post(
        f"/matters/{big.pk}/street/", {"step": "refer", "refer-department_name": "", "refer-request": "x"}
    )
    assert bad.status_code == 400
    assert "请填写部门名称" in bad.content.decode()
    ok = client.post(
        f"/matters/{big.pk}/street/", {"step": "refer", "refer-department_name": "区建委", "refer-request": "请处理。"}
    )
    assert ok.status_code == 302
    referral = Referral.objects.get()
    replied = client.post(
        f"/matters/{big.pk}/street/",
        {
            "step": "reply",
            "referral_id": referral.pk,
            f"reply-{referral.pk}-reply_text": "已修复。",
            f"reply-{referral.pk}-result": "resolved",
        },
    )
    assert replied.status_code == 302
    done = client.post(f"/matters/{big.pk}/street/", {"step": "result", "result-text": "已办结,请评价。"})
    assert done.status_code == 302
    big.refresh_from_db()
    assert big.status == MatterStatus.REPLIED
    # The resident sees where the matter is, on the public page too.
    public = Client().get(f"/matters/{big.pk}/").content.decode()
    assert "区建委" in public and "已修复。" in public and "已办结,请评价。" in public


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("street_officer", True),
        ("district_officer", True),
        ("admin", True),
        ("other_street_officer", False),
        ("secretary", False),
        ("director", False),
        ("supervisor", False),
        ("resident", False),
    ],
)
def test_who_may_answer_referrals(
    cast: Cast, world: World, big: Matter, who: str, allowed: bool, client: Client
) -> None:
    if who == "other_street_officer":
        other_street = make_place("street", "南湖街道", world.district)
        person = make_person("钱科长")
        give_role(person, "street_officer", other_street)
        user = make_user(person, username="other_officer")
    else:
        user = getattr(cast, who)
    if allowed:
        actions.accept_referral(actor=actor(user), matter=big)
    else:
        with pytest.raises(NotPermitted):
            actions.accept_referral(actor=actor(user), matter=big)
        client.force_login(user)
        assert client.get(f"/matters/{big.pk}/street/").status_code == 403


def test_the_street_page_refuses_those_without_the_capability(cast: Cast, client: Client, world: Any) -> None:
    client.force_login(cast.secretary)
    assert client.get("/matters/street/").status_code == 403

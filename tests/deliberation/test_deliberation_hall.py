"""The online deliberation hall: who sees it, posting and replying, bad input, moderation, reports, assisted posts,
the staff's summary of the opinion groups, and the pages with and without htmx."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.deliberation.conftest import Compound, actor, make_matter
from tests.factories import make_person, make_user
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord, Channel
from yishi.deliberation import actions, events
from yishi.deliberation.domain.hall import GroupDraft
from yishi.deliberation.models import Hall, Post, PostReport
from yishi.matters.models import Matter, MatterEvent, MatterStatus, Notification

pytestmark = pytest.mark.django_db


def test_opening_the_hall_starts_deliberation(cast: Cast, micro_matter: Matter) -> None:
    assert micro_matter.status == MatterStatus.TRIAGED
    hall = actions.open_hall(actor=actor(cast.director), matter=micro_matter)
    assert hall.is_open and hall.community_id == micro_matter.community_id
    assert Matter.objects.get(pk=micro_matter.pk).status == MatterStatus.DELIBERATING
    event = MatterEvent.objects.get(matter=micro_matter, kind=events.HALL_OPENED)
    assert event.url == hall.get_absolute_url() and event.is_public
    with pytest.raises(ActionError) as twice:
        actions.open_hall(actor=actor(cast.director), matter=micro_matter)
    assert twice.value.code == "hall_already_open"


def test_only_deliberated_matters_have_a_hall(world: World, cast: Cast) -> None:
    matter = make_matter(cast, world.compound, title="请修复消防栓", triage_class="micro")
    Matter.objects.filter(pk=matter.pk).update(triage_class="big", status="referred")
    with pytest.raises(ActionError) as refused:
        actions.open_hall(actor=actor(cast.director), matter=Matter.objects.get(pk=matter.pk))
    assert refused.value.code == "hall_matter_not_deliberated"
    assert not Hall.objects.exists()


@pytest.mark.parametrize("who", ["resident", "supervisor", "street_officer", "village_head"])
def test_who_may_not_open_a_hall(cast: Cast, micro_matter: Matter, who: str) -> None:
    with pytest.raises(NotPermitted):
        actions.open_hall(actor=actor(getattr(cast, who)), matter=micro_matter)


def test_residents_of_the_compound_post_and_reply(cast: Cast, compound: Compound, hall: Hall) -> None:
    post = actions.post_in_hall(actor=actor(cast.resident), hall=hall, text=" 支持加装路灯 ", position="support")
    assert (post.text, post.position, post.channel, post.parent_id) == ("支持加装路灯", "support", Channel.ONLINE, None)
    reply = actions.post_in_hall(actor=actor(compound.neighbour), hall=hall, text="电费谁出？", parent=post)
    assert reply.parent_id == post.pk and reply.position == ""
    # A reply to a reply joins the thread of its top-level post.
    deeper = actions.post_in_hall(actor=actor(cast.resident), hall=hall, text="公共收益出。", parent=reply)
    assert deeper.parent_id == post.pk
    assert Notification.objects.filter(person=cast.resident.person, url__contains=f"#post-{reply.pk}").exists()
    assert AuditRecord.objects.filter(verb="hall.post").count() == 3


@pytest.mark.parametrize(
    ("text", "position", "code", "field"),
    [
        ("", "support", "hall.post_empty", "text"),
        ("   \n ", "support", "hall.post_empty", "text"),
        ("长" * 2001, "support", "hall.post_too_long", "text"),
        ("有意见", "", "hall.position_required", "position"),
        ("有意见", "maybe", "hall.position_unknown", "position"),
    ],
)
def test_bad_posts_are_refused_and_nothing_is_written(
    cast: Cast, hall: Hall, text: str, position: str, code: str, field: str
) -> None:
    with pytest.raises(ActionError) as refused:
        actions.post_in_hall(actor=actor(cast.resident), hall=hall, text=text, position=position)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert not Post.objects.exists()


def test_residents_outside_the_matter_cannot_post(cast: Cast, compound: Compound, hall: Hall) -> None:
    for user in (compound.outsider, cast.villager):
        with pytest.raises(NotPermitted):
            actions.post_in_hall(actor=actor(user), hall=hall, text="我也说两句", position="oppose")
    assert not Post.objects.exists()


def test_followers_and_invited_stakeholders_take_part(world: World, cast: Cast, compound: Compound, hall: Hall) -> None:
    shop = make_user(make_person("对面商户", world.community, phone="13300133007"))
    with pytest.raises(NotPermitted):
        actions.post_in_hall(actor=actor(shop), hall=hall, text="路灯别照进店里", position="suggestion")
    actions.invite_to_hall(actor=actor(cast.director), hall=hall, person=shop.person)
    assert Notification.objects.filter(person=shop.person, wants_sms=True, url=hall.get_absolute_url()).exists()
    assert actions.post_in_hall(actor=actor(shop), hall=hall, text="路灯别照进店里", position="suggestion").pk
    with pytest.raises(ActionError) as twice:
        actions.invite_to_hall(actor=actor(cast.director), hall=hall, person=shop.person)
    assert twice.value.code == "hall_invite_duplicate"


def test_a_closed_hall_takes_no_posts(cast: Cast, hall: Hall) -> None:
    actions.close_hall(actor=actor(cast.director), hall=hall)
    with pytest.raises(ActionError) as refused:
        actions.post_in_hall(actor=actor(cast.resident), hall=hall, text="还有意见", position="support")
    assert refused.value.code == "hall_closed"
    reopened = actions.open_hall(actor=actor(cast.director), matter=hall.matter)
    assert reopened.pk == hall.pk and reopened.is_open


def test_staff_record_for_a_resident_without_a_phone(cast: Cast, compound: Compound, hall: Hall) -> None:
    post = actions.record_post_for_resident(
        actor=actor(cast.secretary),
        hall=hall,
        person=cast.elder,
        text="我腿脚不好，晚上怕黑。",
        position="support",
        reference="3月5日入户走访",
    )
    assert post.channel == Channel.ASSISTED and post.recorded_by == cast.secretary and post.author == cast.elder
    assert post.reference == "3月5日入户走访"
    assert AuditRecord.objects.get(verb="hall.post").channel == Channel.ASSISTED
    with pytest.raises(ActionError) as outside:
        actions.record_post_for_resident(
            actor=actor(cast.secretary), hall=hall, person=compound.outsider.person, text="代录", position="support"
        )
    assert outside.value.code == "hall_resident_not_concerned"
    with pytest.raises(NotPermitted):
        actions.record_post_for_resident(
            actor=actor(cast.supervisor), hall=hall, person=cast.elder, text="代录", position="support"
        )


def test_a_moderator_hides_with_a_reason_and_nothing_is_deleted(cast: Cast, compound: Compound, hall: Hall) -> None:
    post = actions.post_in_hall(
        actor=actor(compound.neighbour), hall=hall, text="物业经理13800138000是骗子", position="oppose"
    )
    report = actions.report_post(actor=actor(cast.resident), post=post, reason="泄露手机号、人身攻击")
    with pytest.raises(ActionError) as no_reason:
        actions.hide_post(actor=actor(cast.director), post=post, reason="")
    assert no_reason.value.code == "post_hide_reason_required"
    with pytest.raises(NotPermitted):
        actions.hide_post(actor=actor(cast.resident), post=post, reason="我不喜欢")
    actions.hide_post(actor=actor(cast.director), post=post, reason="含他人手机号和人身攻击")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "含他人手机号和人身攻击" and post.hidden_by == cast.director
    assert post.text == "物业经理13800138000是骗子"  # kept, never silently deleted
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert Notification.objects.filter(person=compound.neighbour.person, title__contains="含他人手机号").exists()
    assert AuditRecord.objects.get(verb="hall.hide_post").note == "含他人手机号和人身攻击"
    with pytest.raises(ActionError) as reply_hidden:
        actions.post_in_hall(actor=actor(cast.resident), hall=hall, text="回复", parent=post)
    assert reply_hidden.value.code == "hall_reply_hidden"
    actions.restore_post(actor=actor(cast.director), post=post)
    post.refresh_from_db()
    assert not post.is_hidden and AuditRecord.objects.get(verb="hall.restore_post").changes["hidden_reason"][0]


def test_reports_are_once_per_person_never_on_ones_own_post(cast: Cast, compound: Compound, hall: Hall) -> None:
    post = actions.post_in_hall(actor=actor(compound.neighbour), hall=hall, text="反对", position="oppose")
    with pytest.raises(ActionError) as own:
        actions.report_post(actor=actor(compound.neighbour), post=post, reason="误发")
    assert own.value.code == "report_own_post"
    actions.report_post(actor=actor(cast.resident), post=post, reason="无理由反对")
    with pytest.raises(ActionError) as twice:
        actions.report_post(actor=actor(cast.resident), post=post, reason="再次举报")
    assert twice.value.code == "report_duplicate"
    with pytest.raises(NotPermitted):
        actions.report_post(actor=actor(compound.outsider), post=post, reason="外人举报")
    assert actions.dismiss_reports(actor=actor(cast.director), post=post) == 1
    with pytest.raises(ActionError) as none_open:
        actions.dismiss_reports(actor=actor(cast.director), post=post)
    assert none_open.value.code == "report_none_open"
    assert PostReport.objects.count() == 1


def test_the_summary_counts_people_per_opinion_group(cast: Cast, compound: Compound, hall: Hall) -> None:
    first = actions.post_in_hall(actor=actor(cast.resident), hall=hall, text="装太阳能灯", position="support")
    second = actions.post_in_hall(actor=actor(cast.resident), hall=hall, text="越快越好", position="support")
    third = actions.post_in_hall(actor=actor(compound.neighbour), hall=hall, text="也支持太阳能", position="support")
    doubt = actions.post_in_hall(
        actor=actor(compound.owners_committee), hall=hall, text="先比价", position="suggestion"
    )
    hidden = actions.post_in_hall(actor=actor(compound.neighbour), hall=hall, text="骂人的话", position="oppose")
    actions.hide_post(actor=actor(cast.director), post=hidden, reason="人身攻击")
    with pytest.raises(ActionError) as hidden_post:
        actions.summarise_hall(
            actor=actor(cast.director),
            hall=hall,
            common_ground="先修灯",
            groups=[GroupDraft(title="甲", post_ids=(hidden.pk,))],
        )
    assert hidden_post.value.code == "hall_summary_post_unknown"
    summary = actions.summarise_hall(
        actor=actor(cast.director),
        hall=hall,
        common_ground="大家都同意尽快让1号楼前亮起来，费用从公共收益列支。",
        groups=[
            GroupDraft(title="尽快装太阳能灯", post_ids=(first.pk, second.pk, third.pk), offline_supporters=3),
            GroupDraft(title="先比价再定", description="业委会希望公开报价", post_ids=(doubt.pk,)),
        ],
    )
    groups = list(summary.groups.order_by("position"))
    assert [(group.title, group.support_count) for group in groups] == [("尽快装太阳能灯", 5), ("先比价再定", 1)]
    assert summary.tally == {"support": 3, "oppose": 0, "suggestion": 1, "question": 0}
    assert set(groups[0].posts.values_list("pk", flat=True)) == {first.pk, second.pk, third.pk}
    assert MatterEvent.objects.filter(kind=events.HALL_SUMMARISED, text=summary.text).exists()
    with pytest.raises(NotPermitted):
        actions.summarise_hall(
            actor=actor(cast.resident), hall=hall, common_ground="x", groups=[GroupDraft(title="甲")]
        )


# Pages ------------------------------------------------------------------------------------------------------------


def test_hall_page_visibility(client: Client, cast: Cast, compound: Compound, hall: Hall) -> None:
    url = reverse("deliberation:hall", args=[hall.matter_id])
    assert client.get(url).status_code == 302  # sign in first
    for user, status in (
        (cast.resident, 200),
        (compound.neighbour, 200),
        (cast.director, 200),
        (cast.supervisor, 200),
        (compound.outsider, 403),
        (cast.villager, 403),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_posting_with_htmx_returns_the_board_and_errors_write_nothing(client: Client, cast: Cast, hall: Hall) -> None:
    url = reverse("deliberation:hall", args=[hall.matter_id])
    client.force_login(cast.resident)
    empty = client.post(url, {"text": "  ", "position": "support"}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 400
    assert 'id="hall-board"' in empty.content.decode() and "<html" not in empty.content.decode()
    assert not Post.objects.exists()
    too_long = client.post(url, {"text": "长" * 2001, "position": "support"}, HTTP_HX_REQUEST="true")
    assert too_long.status_code == 400 and not Post.objects.exists()
    done = client.post(url, {"text": "支持！", "position": "support"}, HTTP_HX_REQUEST="true")
    assert done.status_code == 201
    assert "支持！" in done.content.decode()
    plain = client.post(url, {"text": "再说一句", "position": "question"})
    assert plain.status_code == 302 and "#post-" in plain["Location"]
    assert Post.objects.count() == 2


def test_outsiders_cannot_post_through_the_page(client: Client, compound: Compound, hall: Hall) -> None:
    client.force_login(compound.outsider)
    response = client.post(reverse("deliberation:hall", args=[hall.matter_id]), {"text": "插话", "position": "oppose"})
    assert response.status_code == 403 and not Post.objects.exists()


def test_hidden_posts_show_the_reason_not_the_text(client: Client, cast: Cast, compound: Compound, hall: Hall) -> None:
    post = actions.post_in_hall(actor=actor(compound.neighbour), hall=hall, text="不文明的话", position="oppose")
    client.force_login(cast.director)
    hide = client.post(reverse("deliberation:post_hide", args=[post.pk]), {"reason": "不文明用语"})
    assert hide.status_code == 302
    client.force_login(cast.resident)
    body = client.get(reverse("deliberation:hall", args=[hall.matter_id])).content.decode()
    assert "不文明用语" in body and "不文明的话" not in body
    client.force_login(cast.director)
    staff_body = client.get(reverse("deliberation:hall", args=[hall.matter_id])).content.decode()
    assert "不文明的话" in staff_body  # moderators can still read what was hidden


def test_paging_with_htmx_returns_only_the_next_posts(client: Client, cast: Cast, hall: Hall) -> None:
    for number in range(12):
        actions.post_in_hall(actor=actor(cast.resident), hall=hall, text=f"第{number}条意见", position="suggestion")
    client.force_login(cast.resident)
    url = reverse("deliberation:hall", args=[hall.matter_id])
    first = client.get(url).content.decode()
    assert "第11条意见" in first and "第1条意见" not in first and "page=2" in first
    more = client.get(url + "?page=2&part=more", HTTP_HX_REQUEST="true").content.decode()
    assert "第1条意见" in more and "第11条意见" not in more and "<html" not in more


def test_hide_and_report_pages_refuse_empty_reasons(client: Client, cast: Cast, compound: Compound, hall: Hall) -> None:
    post = actions.post_in_hall(actor=actor(compound.neighbour), hall=hall, text="一条意见", position="oppose")
    client.force_login(cast.resident)
    assert client.post(reverse("deliberation:post_hide", args=[post.pk]), {"reason": "x"}).status_code == 403
    refused = client.post(reverse("deliberation:post_report", args=[post.pk]), {"reason": " "})
    assert refused.status_code == 400 and not PostReport.objects.exists()
    assert client.post(reverse("deliberation:post_report", args=[post.pk]), {"reason": "广告"}).status_code == 302
    client.force_login(cast.director)
    refused_hide = client.post(reverse("deliberation:post_hide", args=[post.pk]), {"reason": ""})
    assert refused_hide.status_code == 400
    post.refresh_from_db()
    assert not post.is_hidden


def test_summary_page(client: Client, cast: Cast, hall: Hall) -> None:
    post = actions.post_in_hall(actor=actor(cast.resident), hall=hall, text="支持", position="support")
    url = reverse("deliberation:hall_summary", args=[hall.matter_id])
    client.force_login(cast.resident)
    assert client.get(url).status_code == 403
    client.force_login(cast.director)
    assert client.get(url).status_code == 200
    form = {
        "groups-TOTAL_FORMS": "4",
        "groups-INITIAL_FORMS": "0",
        "groups-MIN_NUM_FORMS": "0",
        "groups-MAX_NUM_FORMS": "12",
        "groups-0-title": "支持",
        "groups-0-posts": [str(post.pk)],
        "groups-0-offline_supporters": "2",
        "common_ground": "",
    }
    assert client.post(url, form).status_code == 400
    form["common_ground"] = "都支持"
    assert client.post(url, form).status_code == 302
    assert hall.summaries.get().groups.get().support_count == 3


def test_assisted_posting_page(client: Client, cast: Cast, hall: Hall) -> None:
    url = reverse("deliberation:hall_assisted", args=[hall.matter_id])
    client.force_login(cast.director)
    assert "陈阿姨" in client.get(url, {"q": "陈"}).content.decode()
    response = client.post(url, {"person": cast.elder.pk, "text": "同意", "position": "support", "reference": "电话"})
    assert response.status_code == 302
    assert Post.objects.get().channel == Channel.ASSISTED

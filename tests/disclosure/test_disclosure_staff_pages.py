"""Staff pages: compose, preview, publish, correct, discard; refusals shown, never a 500."""

from typing import Any

from django.test import Client
from django.utils import timezone

from tests.disclosure.conftest import draft, published
from tests.fixtures import Cast, World
from yishi.audit.models import AuditRecord
from yishi.disclosure.models import Notice, NoticeStatus


def _form(world: World, **changes: Any) -> dict[str, Any]:
    data = {
        "place": world.community.pk,
        "kind": "decision",
        "title": "关于加装电梯的决议",
        "body": "经居民会议表决通过。",
        "rows": "",
        "posted_until": "",
        "due_by": "",
        "source_url": "",
    }
    data.update(changes)
    return data


def test_compose_preview_and_publish(client: Client, cast: Cast, world: World) -> None:
    client.force_login(cast.director)
    assert client.get("/disclosure/notices/new/").status_code == 200
    response = client.post("/disclosure/notices/new/", _form(world, rows="电梯 | 300000 | 2026-03-01"))
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/disclosure/notices/{notice.pk}/"
    preview = client.get(response["Location"]).content.decode()
    assert "关于加装电梯的决议" in preview and "300000.00" in preview
    assert f"/disclosure/notices/{notice.pk}/publish/" in preview
    client.post(f"/disclosure/notices/{notice.pk}/publish/")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED and notice.published_by == cast.director
    page = client.get(f"/disclosure/notices/{notice.pk}/").content.decode()
    assert f"/disclosure/notices/{notice.pk}/correct/" in page
    assert f"/disclosure/notices/{notice.pk}/edit/" not in page


def test_compose_refusals_are_shown_and_write_nothing(client: Client, cast: Cast, world: World) -> None:
    client.force_login(cast.director)
    bad_row = client.post("/disclosure/notices/new/", _form(world, rows="电梯 | 三十万"))
    assert bad_row.status_code == 400
    assert "第1行的金额不是以元为单位的数字" in bad_row.content.decode()
    foreign = client.post("/disclosure/notices/new/", _form(world, place=world.village.pk))
    assert foreign.status_code == 400
    bad_source = client.post("/disclosure/notices/new/", _form(world, source_url="javascript:alert(1)"))
    assert bad_source.status_code == 400
    assert not Notice.objects.exists()
    assert not AuditRecord.objects.exists()


def test_publishing_refusal_is_a_message_not_an_error_page(client: Client, cast: Cast, world: World) -> None:
    notice = draft(cast.director, world.community, body="联系电话13800138000")
    client.force_login(cast.director)
    preview = client.get(f"/disclosure/notices/{notice.pk}/").content.decode()
    assert "138****8000" in preview
    response = client.post(f"/disclosure/notices/{notice.pk}/publish/", follow=True)
    assert response.status_code == 200
    assert any("138****8000" in str(message) for message in response.context["messages"])
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.DRAFT


def test_edit_and_discard_a_draft(client: Client, cast: Cast, world: World) -> None:
    notice = draft(cast.director, world.community)
    client.force_login(cast.secretary)
    form = client.get(f"/disclosure/notices/{notice.pk}/edit/").content.decode()
    assert notice.title in form
    response = client.post(
        f"/disclosure/notices/{notice.pk}/edit/", _form(world, title="新标题", place=world.compound.pk)
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.title == "新标题" and notice.place == world.compound
    client.post(f"/disclosure/notices/{notice.pk}/discard/")
    assert not Notice.objects.filter(pk=notice.pk).exists()
    assert AuditRecord.objects.filter(verb="notice.discard_draft").exists()


def test_a_published_notice_cannot_be_edited_through_the_page(client: Client, cast: Cast, world: World) -> None:
    notice = published(cast.director, world.community)
    client.force_login(cast.director)
    response = client.post(f"/disclosure/notices/{notice.pk}/edit/", _form(world, title="偷改"))
    assert response.status_code == 302
    assert Notice.objects.get(pk=notice.pk).title == notice.title
    assert client.post(f"/disclosure/notices/{notice.pk}/discard/").status_code == 302
    assert Notice.objects.filter(pk=notice.pk).exists()


def test_correct_through_the_pages(client: Client, cast: Cast, world: World) -> None:
    original = published(cast.director, world.community)
    client.force_login(cast.director)
    form = client.get(f"/disclosure/notices/{original.pk}/correct/").content.decode()
    assert original.title in form
    response = client.post(f"/disclosure/notices/{original.pk}/correct/", _form(world, title="更正：加装电梯决议"))
    correction = Notice.objects.get(corrects=original)
    assert response["Location"] == f"/disclosure/notices/{correction.pk}/"
    client.post(f"/disclosure/notices/{correction.pk}/publish/")
    page = client.get(f"/disclosure/notices/{original.pk}/").content.decode()
    assert "更正：加装电梯决议" in page


def test_people_without_the_right_cannot_reach_staff_pages(client: Client, cast: Cast, world: World) -> None:
    notice = draft(cast.director, world.community)
    public = published(cast.director, world.community)
    assert client.get("/disclosure/notices/new/").status_code == 302  # to sign-in
    client.force_login(cast.resident)
    assert client.get("/disclosure/notices/new/").status_code == 302  # back to the index, with a message
    for url in (
        f"/disclosure/notices/{notice.pk}/edit/",
        f"/disclosure/notices/{public.pk}/correct/",
    ):
        assert client.get(url).status_code == 404
    for url in (f"/disclosure/notices/{notice.pk}/publish/", f"/disclosure/notices/{notice.pk}/discard/"):
        assert client.post(url).status_code == 404
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.DRAFT
    client.force_login(cast.village_head)
    assert client.post(f"/disclosure/notices/{notice.pk}/publish/").status_code == 404


def test_index_for_visitors_residents_and_staff(client: Client, cast: Cast, world: World) -> None:
    draft(cast.director, world.community, title="等待发布")
    visitor = client.get("/disclosure/").content.decode()
    assert f"/disclosure/c/{world.community.pk}/" in visitor and "等待发布" not in visitor
    client.force_login(cast.resident)
    resident = client.get("/disclosure/").content.decode()
    assert "/disclosure/notices/new/" not in resident and "等待发布" not in resident
    client.force_login(cast.director)
    staff = client.get("/disclosure/").content.decode()
    assert "/disclosure/notices/new/" in staff and "等待发布" in staff and "/disclosure/ledgers/" in staff


def test_due_date_and_on_time_badge(client: Client, cast: Cast, world: World) -> None:
    notice = published(cast.director, world.community, due_by=timezone.localdate())
    assert notice.is_on_time is True
    page = client.get(f"/disclosure/notices/{notice.pk}/").content.decode()
    assert "badge ok" in page

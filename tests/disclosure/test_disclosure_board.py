"""The public board: open to everyone, drafts hidden, filters, archive tab, pinned query count."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.disclosure.conftest import actor_for, draft, published
from tests.fixtures import Cast, World
from yishi.disclosure import actions
from yishi.disclosure.models import Notice, NoticeKind, NoticeStatus


def _board(client: Client, world: World, query: str = "") -> str:
    response = client.get(f"/disclosure/c/{world.community.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_board_is_public_and_hides_drafts(client: Client, cast: Cast, world: World) -> None:
    published(cast.director, world.community, title="已公开的决议")
    hidden = draft(cast.director, world.community, title="尚未公开的草稿")
    body = _board(client, world)
    assert "已公开的决议" in body
    assert "尚未公开的草稿" not in body
    assert client.get(f"/disclosure/notices/{hidden.pk}/").status_code == 404
    assert client.get(f"/disclosure/notices/{hidden.pk}/pdf").status_code == 404
    # Another community's board does not show it either.
    assert "已公开的决议" not in client.get(f"/disclosure/c/{world.village.pk}/").content.decode()


def test_board_of_a_non_community_is_not_found(client: Client, world: World) -> None:
    assert client.get(f"/disclosure/c/{world.compound.pk}/").status_code == 404


def test_a_resident_cannot_preview_staff_drafts(client: Client, cast: Cast, world: World) -> None:
    hidden = draft(cast.director, world.community)
    client.force_login(cast.resident)
    assert client.get(f"/disclosure/notices/{hidden.pk}/").status_code == 404
    client.force_login(cast.director)
    assert client.get(f"/disclosure/notices/{hidden.pk}/").status_code == 200


def test_filters_by_kind_year_and_title(client: Client, cast: Cast, world: World) -> None:
    published(cast.director, world.community, title="三月财务收支", kind=NoticeKind.ACCOUNTS)
    published(cast.director, world.community, title="加装电梯决议", kind=NoticeKind.DECISION)
    by_kind = _board(client, world, "?kind=accounts")
    assert "三月财务收支" in by_kind and "加装电梯决议" not in by_kind
    by_title = _board(client, world, "?q=电梯")
    assert "加装电梯决议" in by_title and "三月财务收支" not in by_title
    year = timezone.localdate().year
    assert "加装电梯决议" in _board(client, world, f"?year={year}")
    assert "加装电梯决议" not in _board(client, world, f"?year={year - 1}")
    # Nonsense filters are ignored rather than failing.
    assert "加装电梯决议" in _board(client, world, "?kind=nonsense&year=abc&page=99")


def test_archived_and_expired_notices_are_in_the_archive_tab(client: Client, cast: Cast, world: World) -> None:
    old = published(cast.director, world.community, title="去年的公示")
    today = timezone.localdate()
    Notice.objects.filter(pk=old.pk).update(status=NoticeStatus.ARCHIVED, archived_at=timezone.now())
    published(cast.director, world.community, title="本周的公示")
    current = _board(client, world)
    archive = _board(client, world, "?tab=archive")
    assert "本周的公示" in current and "去年的公示" not in current
    assert "去年的公示" in archive and "本周的公示" not in archive
    from yishi.disclosure.queries import ARCHIVE, BoardFilter, list_board

    # A month later the posting period has ended: filed in the archive by date, whether or not the task ran.
    later = today + datetime.timedelta(days=30)
    assert [n.title for n in list_board(world.community, BoardFilter(tab=ARCHIVE), on=later)] == [
        "本周的公示",
        "去年的公示",
    ]


def test_pagination(client: Client, cast: Cast, world: World) -> None:
    for number in range(23):
        published(cast.director, world.community, title=f"公示第{number:02d}号")
    first = _board(client, world)
    second = _board(client, world, "?page=2")
    assert "公示第22号" in first and "公示第00号" not in first
    assert "公示第00号" in second and "公示第22号" not in second


def test_htmx_gets_the_list_alone(client: Client, cast: Cast, world: World) -> None:
    published(cast.director, world.community, title="加装电梯决议")
    response = client.get(f"/disclosure/c/{world.community.pk}/?q=电梯", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "加装电梯决议" in body
    assert "<html" not in body


def _fill(cast: Cast, world: World, count: int) -> None:
    for number in range(count):
        notice = published(cast.director, world.community, title=f"公示{number}", kind=NoticeKind.ACCOUNTS)
        if number % 3 == 0:
            actions.publish_correction(actor=actor_for(cast.director), original=notice, title=f"更正{number}", body="")


@pytest.mark.parametrize("count", [2, 8])
def test_board_query_count_is_constant(
    client: Client, cast: Cast, world: World, django_assert_num_queries: Any, count: int
) -> None:
    _fill(cast, world, count)
    # community, count, page of notices (with places and corrected notices), their corrections, years.
    with django_assert_num_queries(5):
        response = client.get(f"/disclosure/c/{world.community.pk}/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 8])
def test_notice_page_query_count_is_constant(
    client: Client, cast: Cast, world: World, django_assert_num_queries: Any, count: int
) -> None:
    _fill(cast, world, count)
    notice = Notice.objects.filter(corrections__isnull=False).first()
    assert notice is not None
    # the notice with its places and the notice it corrects, then its corrections.
    with django_assert_num_queries(2):
        response = client.get(f"/disclosure/notices/{notice.pk}/")
    assert response.status_code == 200


def test_notice_page_shows_corrected_by_and_qr(client: Client, cast: Cast, world: World) -> None:
    original = published(cast.director, world.community, title="原公示")
    correction = actions.publish_correction(
        actor=actor_for(cast.director), original=original, title="更正公示", body="以此为准"
    )
    body = client.get(f"/disclosure/notices/{original.pk}/").content.decode()
    assert f'href="/disclosure/notices/{correction.pk}/"' in body
    assert "<svg" in body and 'role="img"' in body
    assert f"/disclosure/notices/{original.pk}/pdf" in body
    corrected_body = client.get(f"/disclosure/notices/{correction.pk}/").content.decode()
    assert f'href="/disclosure/notices/{original.pk}/"' in corrected_body


def test_body_markup_is_escaped(client: Client, cast: Cast, world: World) -> None:
    notice = published(cast.director, world.community, body="<script>alert(1)</script>\n\n- **重点**一\n- 二")
    body = client.get(f"/disclosure/notices/{notice.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    assert "<li><strong>重点</strong>一</li>" in body


def test_community_page_shows_latest_notices(client: Client, cast: Cast, world: World) -> None:
    published(cast.director, world.community, title="最新的公示")
    draft(cast.director, world.community, title="草稿不显示")
    body = client.get(f"/c/{world.community.pk}/").content.decode()
    assert "最新的公示" in body and "草稿不显示" not in body
    assert f"/disclosure/c/{world.community.pk}/" in body


def test_drafts_await_staff_on_their_home(client: Client, cast: Cast, world: World) -> None:
    draft(cast.director, world.community, title="待发布的草稿", due_by=timezone.localdate())
    client.force_login(cast.secretary)
    assert "待发布的草稿" in client.get("/").content.decode()
    client.force_login(cast.village_head)
    assert "待发布的草稿" not in client.get("/").content.decode()
    client.force_login(cast.resident)
    assert "待发布的草稿" not in client.get("/").content.decode()

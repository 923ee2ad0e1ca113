"""The printable notice: an A4 PDF in Chinese with the title, table, period, QR code and correction note."""

import io
from unittest import mock

from django.test import Client
from pypdf import PdfReader

from tests.disclosure.conftest import actor_for, draft, published
from tests.fixtures import Cast, World
from yishi.disclosure import actions
from yishi.disclosure.models import Notice, NoticeKind

A4 = (595.28, 841.89)  # points


def _pdf(client: Client, notice: Notice) -> PdfReader:
    response = client.get(f"/disclosure/notices/{notice.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    return "".join(page.extract_text() for page in reader.pages)


def test_pdf_is_a4_with_the_notice_in_chinese(client: Client, cast: Cast, world: World) -> None:
    notice = published(
        cast.director,
        world.community,
        kind=NoticeKind.ACCOUNTS,
        title="幸福社区三月份财务收支公开",
        body="现将三月份收支情况公布如下。",
        rows=[{"item": "路灯维修", "amount": "1200.50", "date": "2026-03-01"}],
    )
    reader = _pdf(client, notice)
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4
    text = _text(reader)
    for expected in ("幸福社区", "居务公开", "幸福社区三月份财务收支公开", "路灯维修", "1200.50", notice.number):
        assert expected in text
    assert f"{notice.posted_from:%Y-%m-%d}" in text and f"{notice.posted_until:%Y-%m-%d}" in text
    assert f"http://testserver/disclosure/notices/{notice.pk}/" in text
    fonts = [str(font.get_object()["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert any("Noto-Sans-CJK-SC" in font for font in fonts) and any("Noto-Serif-CJK-SC" in font for font in fonts), (
        fonts
    )


def test_a_village_notice_is_headed_village_affairs(client: Client, cast: Cast, world: World) -> None:
    notice = published(cast.village_head, world.village, title="桃源村村务公开")
    assert "村务公开" in _text(_pdf(client, notice))


def test_a_correction_says_which_notice_it_corrects(client: Client, cast: Cast, world: World) -> None:
    original = published(cast.director, world.community)
    correction = actions.publish_correction(
        actor=actor_for(cast.director), original=original, title="更正公告", body="以本公告为准。"
    )
    text = _text(_pdf(client, correction))
    assert "更正公告" in text
    assert original.number in text and "更正" in text


def test_pdf_is_made_once_and_kept(client: Client, cast: Cast, world: World) -> None:
    notice = published(cast.director, world.community)
    first = client.get(f"/disclosure/notices/{notice.pk}/pdf").content
    notice.refresh_from_db()
    assert notice.pdf.name.endswith(".pdf")
    with mock.patch("yishi.disclosure.pdf.render_notice_pdf") as render:
        second = client.get(f"/disclosure/notices/{notice.pk}/pdf").content
    render.assert_not_called()
    assert first == second


def test_staff_may_print_a_draft_without_caching_it(client: Client, cast: Cast, world: World) -> None:
    notice = draft(cast.director, world.community)
    client.force_login(cast.director)
    assert "草稿" in _text(_pdf(client, notice))
    notice.refresh_from_db()
    assert not notice.pdf

"""Deliberation in a real browser on a 360-px phone, in Chinese: staff convene a compound "5+N" meeting for a micro
matter, participants sign in with the QR link, minutes and an agreed outcome with a dissent are recorded, the party
secretary approves it and the notice is on the public board; a resident posts in the hall and a moderator hides a
post with a reason; one run in English. axe-core checks every page."""

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.browser.fixtures import PHONE, assert_accessible, assert_fits_phone, sign_in
from tests.deliberation.conftest import Compound, actor, make_matter
from tests.deliberation.conftest import compound as compound  # the fixture, for this module
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.deliberation import actions
from yishi.deliberation.models import Hall, Meeting, Outcome, Post, SignIn
from yishi.disclosure.models import Notice, NoticeKind
from yishi.matters.models import Matter, MatterStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, live_server: Any, user: User) -> None:
    """Sign anyone in (a resident too) by handing the browser a session made by Django's test client."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def _check_after_message(page: Any) -> None:
    """base.html renders flash messages as <ul role="status">, which axe rejects; the page is checked on reload."""
    page.reload()
    _check(page)


def _phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport=PHONE, extra_http_headers={"Accept-Language": "zh-CN"})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def second_phone(browser: Any) -> Iterator[Any]:
    yield from _phone(browser)


@pytest.fixture
def third_phone(browser: Any) -> Iterator[Any]:
    yield from _phone(browser)


def test_a_compound_meeting_from_invitation_to_the_public_board(
    page: Any, second_phone: Any, third_phone: Any, live_server: Any, world: World, cast: Cast, compound: Compound
) -> None:
    matter = make_matter(cast, world.compound)
    # A committee member prepares the meeting on a phone, from the matter.
    sign_in(page, live_server, "director")
    page.goto(f"{live_server.url}/deliberation/")
    page.wait_for_selector("h1:has-text('民事民议')")
    _check(page)
    page.goto(f"{live_server.url}/deliberation/c/{world.community.pk}/meetings/new/?matter={matter.pk}")
    page.wait_for_selector("h1:has-text('筹备会议')")
    _check(page)
    page.select_option("#id_place", str(world.compound.pk))
    page.fill("#id_title", "阳光小区路灯议事协商会")
    page.fill("#id_location", "小区党群服务站")
    starts = timezone.localtime() + datetime.timedelta(hours=1)
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    page.click("button:has-text('创建会议')")
    page.wait_for_selector("h1:has-text('席位')")
    meeting = Meeting.objects.get()
    assert meeting.seat_template == "compound_5n"
    _check_after_message(page)

    # Seats from the template's suggestions, and the resident who raised the matter as a stakeholder.
    for person in (
        cast.director.person,
        compound.branch_member,
        compound.owners_committee.person,
        compound.property_manager,
        compound.social_delegate,
        cast.resident.person,
    ):
        with page.expect_navigation():
            page.locator(f"form:has(input[name=person][value='{person.pk}']) button").first.click()
    assert meeting.seats.count() == 6
    page.wait_for_selector("text=席位已全部补齐")
    _check_after_message(page)

    page.click("text=返回会议")
    page.wait_for_selector("h1:has-text('阳光小区路灯议事协商会')")
    _check(page)
    with page.expect_navigation():
        page.click("button:has-text('发出邀请')")
    with page.expect_navigation():
        page.click("button:has-text('开始会议')")
    meeting.refresh_from_db()
    assert meeting.status == "in_session"
    assert Matter.objects.get(pk=matter.pk).status == MatterStatus.DELIBERATING
    _check_after_message(page)

    # The sign-in QR code, shown by staff.
    page.click("text=签到码与出席")
    page.wait_for_selector("svg.qr")
    _check(page)
    sign_in_url = page.locator("#sign-in-url").get_attribute("href")
    assert re.search(rf"/deliberation/meetings/{meeting.pk}/sign-in/.+/$", sign_in_url)

    # The resident who raised the matter opens it on their own phone and signs in.
    _login(second_phone, live_server, cast.resident)
    second_phone.goto(sign_in_url)
    second_phone.wait_for_selector("h1:has-text('会议签到')")
    _check(second_phone)
    second_phone.click("button:has-text('确认签到')")
    second_phone.wait_for_selector("text=签到成功")
    _check(second_phone)
    assert SignIn.objects.get(person=cast.resident.person).channel == "online"

    # The owners'-committee member has no phone with them: staff sign them in.
    with page.expect_navigation():
        page.locator(
            f"#attendance form:has(input[name=person][value='{compound.owners_committee.person.pk}']) button"
        ).click()
    assert SignIn.objects.get(person=compound.owners_committee.person).channel == "assisted"
    _check_after_message(page)

    # Minutes, the agreed outcome and a dissent.
    page.goto(live_server.url + meeting.get_absolute_url())
    page.select_option("#id_minutes-speaker", str(compound.owners_committee.person.pk))
    page.fill("#id_minutes-summary", "业委会同意从公共收益列支，但要公开报价。")
    with page.expect_navigation():
        page.click("button:has-text('添加会议记录')")
    page.wait_for_selector("text=业委会同意从公共收益列支")
    _check_after_message(page)
    page.fill("#id_outcome-text", "由物业两周内在1号楼前加装两盏太阳能路灯，费用从公共收益列支，业委会监督。")
    page.check("#id_outcome-route_1")
    with page.expect_navigation():
        page.click("button:has-text('保存协商意见')")
    page.wait_for_selector("h1:has-text('协商意见')")
    _check_after_message(page)
    page.select_option("#id_person", str(compound.owners_committee.person.pk))
    page.fill("#id_text", "应先比较三家报价再定。")
    with page.expect_navigation():
        page.click("button:has-text('保存不同意见')")
    outcome = Outcome.objects.get()
    assert outcome.dissents.get().name == "业委会孙"
    page.goto(live_server.url + meeting.get_absolute_url())
    with page.expect_navigation():
        page.click("button:has-text('结束会议')")
    page.goto(live_server.url + outcome.get_absolute_url())
    with page.expect_navigation():
        page.click("button:has-text('提交审核')")
    outcome.refresh_from_db()
    assert outcome.status == "submitted"
    _check_after_message(page)

    # The party secretary reviews on her phone and approves.
    sign_in(third_phone, live_server, "secretary")
    third_phone.goto(f"{live_server.url}/")
    third_phone.click("text=1项协商意见待审核")
    third_phone.wait_for_selector("h1:has-text('待审核的协商意见')")
    _check(third_phone)
    third_phone.click(f"text={outcome.subject}")
    third_phone.wait_for_selector("h2:has-text('党组织审核')")
    _check(third_phone)
    third_phone.check("#id_decision_0")
    with third_phone.expect_navigation():
        third_phone.click("button:has-text('提交审核意见')")
    third_phone.wait_for_selector("text=审核通过，协商意见已在公开栏公布")
    outcome.refresh_from_db()
    assert outcome.status == "approved"
    assert Matter.objects.get(pk=matter.pk).status == MatterStatus.IMPLEMENTING
    _check_after_message(third_phone)

    # Anyone reads the outcome on the community's public board, without the dissenter's name.
    third_phone.context.clear_cookies()
    notice = Notice.objects.get(kind=NoticeKind.DELIBERATION_OUTCOME)
    third_phone.goto(f"{live_server.url}/disclosure/c/{world.community.pk}/")
    third_phone.click(f"text={notice.title}")
    third_phone.wait_for_selector("text=应先比较三家报价再定")
    assert "业委会孙" not in third_phone.content()
    _check(third_phone)


def test_a_resident_posts_in_the_hall_and_a_moderator_hides_a_post(
    page: Any, second_phone: Any, live_server: Any, world: World, cast: Cast, compound: Compound
) -> None:
    matter = make_matter(cast, world.compound)
    hall: Hall = actions.open_hall(actor=actor(cast.director), matter=matter)
    rude = actions.post_in_hall(
        actor=actor(compound.neighbour), hall=hall, text="谁反对谁就是坏人！", position="oppose"
    )

    _login(page, live_server, cast.resident)
    page.goto(live_server.url + hall.get_absolute_url())
    page.wait_for_selector("h1:has-text('线上议事厅')")
    _check(page)
    page.check("#id_position_0")
    page.fill("#id_text", "支持加装路灯，晚上太黑了。")
    page.click("#hall-board button:has-text('发表')")  # htmx: the board is replaced in place
    page.wait_for_selector("text=您的发言已发表在议事厅")
    assert Post.objects.filter(author=cast.resident.person, channel="online").count() == 1
    _check(page)
    page.click("#hall-board button:has-text('发表')")  # an empty post: refused, nothing written
    page.wait_for_selector("#hall-board [role=alert]")
    assert Post.objects.count() == 2
    page.click(f"#post-{rude.pk} a:has-text('举报')")
    page.wait_for_selector("h1:has-text('举报发言')")
    _check(page)
    page.fill("#id_reason", "人身攻击")
    with page.expect_navigation():
        page.click("button:has-text('举报该发言')")

    sign_in(second_phone, live_server, "director")
    second_phone.goto(f"{live_server.url}/")
    second_phone.click("text=议事厅有1条被举报的发言")
    second_phone.wait_for_selector("h2:has-text('待处理的举报发言')")
    _check(second_phone)
    second_phone.goto(live_server.url + hall.get_absolute_url())
    second_phone.click(f"#post-{rude.pk} a:has-text('隐藏')")
    second_phone.wait_for_selector("h1:has-text('隐藏发言')")
    _check(second_phone)
    second_phone.fill("#id_reason", "含人身攻击，请就事论事。")
    with second_phone.expect_navigation():
        second_phone.click("button:has-text('隐藏该发言')")
    _check_after_message(second_phone)

    page.reload()
    hidden = page.locator(f"#post-{rude.pk}")
    assert "该发言已被主持人隐藏" in hidden.inner_text()
    assert "含人身攻击，请就事论事。" in hidden.inner_text()
    assert "谁反对谁就是坏人" not in hidden.inner_text()
    _check(page)


def test_staff_pages_of_the_hall_and_the_meeting(
    page: Any, live_server: Any, world: World, cast: Cast, compound: Compound
) -> None:
    matter = make_matter(cast, world.compound)
    hall = actions.open_hall(actor=actor(cast.director), matter=matter)
    post = actions.post_in_hall(actor=actor(cast.resident), hall=hall, text="支持", position="support")
    actions.post_in_hall(actor=actor(compound.neighbour), hall=hall, text="同意楼上", parent=post)
    meeting = actions.create_meeting(
        actor=actor(cast.director),
        facts=actions.MeetingFacts(
            place=world.compound,
            kind="coordination",
            title="路灯协调会",
            starts_at=timezone.now() + datetime.timedelta(days=2),
            scheduling="ad_hoc",
        ),
        matters=[matter],
    )
    actions.add_seat(
        actor=actor(cast.director), meeting=meeting, person=cast.director.person, category="two_committees"
    )
    actions.open_meeting(actor=actor(cast.director), meeting=meeting)
    outcome = actions.record_outcome(
        actor=actor(cast.director),
        meeting=meeting,
        agenda_item=meeting.agenda_items.get(),
        text="先装两盏灯。",
        route="implementation",
    )
    planned = actions.create_meeting(
        actor=actor(cast.director),
        facts=actions.MeetingFacts(
            place=world.community,
            kind="review",
            title="季度评议会",
            starts_at=timezone.now() + datetime.timedelta(days=9),
        ),
    )
    sign_in(page, live_server, "director")
    for path in (
        f"/deliberation/c/{world.community.pk}/meetings/",
        f"/deliberation/meetings/{planned.pk}/edit/",
        f"/deliberation/meetings/{planned.pk}/cancel/",
        f"/deliberation/outcomes/{outcome.pk}/edit/",
        f"/c/{world.community.pk}/",
        f"/deliberation/meetings/{meeting.pk}/seats/?q=陈",
        f"/deliberation/matters/{matter.pk}/hall/assisted/?person={cast.elder.pk}",
        f"/deliberation/matters/{matter.pk}/hall/invite/?q=外人",
        f"/deliberation/matters/{matter.pk}/hall/summary/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_selector("h1")
        _check(page)
    page.goto(f"{live_server.url}/deliberation/matters/{matter.pk}/hall/summary/")
    page.fill("#id_groups-0-title", "尽快装灯")
    page.check("#id_groups-0-posts_0")
    page.fill("#id_groups-0-offline_supporters", "2")
    page.fill("#id_common_ground", "都希望尽快装灯。")
    with page.expect_navigation():
        page.click("button:has-text('在议事厅公布汇总')")
    page.wait_for_selector("h2:has-text('最大公约数')")
    _check_after_message(page)
    assert "3人支持" in page.content()
    # A resident of another community is told whom the hall is for.
    page.context.clear_cookies()
    _login(page, live_server, compound.outsider)
    page.goto(f"{live_server.url}/deliberation/matters/{matter.pk}/hall/")
    page.wait_for_selector("text=面向议题涉及的居民开放")
    _check(page)


def test_the_meeting_in_english(
    english_page: Any, live_server: Any, world: World, cast: Cast, compound: Compound
) -> None:
    matter = make_matter(cast, world.compound)
    meeting = actions.create_meeting(
        actor=actor(cast.director),
        facts=actions.MeetingFacts(
            place=world.compound,
            kind="hearing",
            title="Street-lamp hearing",
            starts_at=timezone.now() + datetime.timedelta(days=2),
            scheduling="ad_hoc",
        ),
        matters=[matter],
    )
    actions.add_seat(
        actor=actor(cast.director), meeting=meeting, person=cast.director.person, category="two_committees"
    )
    actions.open_meeting(actor=actor(cast.director), meeting=meeting)
    _login(english_page, live_server, cast.director)
    english_page.goto(live_server.url + meeting.get_absolute_url())
    english_page.wait_for_selector("h2:has-text('Seats and attendance')")
    assert "Held with template seats still empty" in english_page.content()
    assert "Hearing" in english_page.content()
    _check(english_page)
    english_page.goto(f"{live_server.url}/deliberation/matters/{matter.pk}/hall/")
    english_page.wait_for_selector("h1:has-text('Deliberation hall')")
    _check(english_page)
    english_page.goto(f"{live_server.url}/deliberation/meetings/{meeting.pk}/sign-in-code/")
    english_page.wait_for_selector("h2:has-text('Scan with your phone to sign in')")
    _check(english_page)

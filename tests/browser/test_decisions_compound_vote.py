"""A compound's online vote in a real browser: staff draft and open it, a resident votes on a 360-px phone in
Chinese, staff enter the paper ballot of an elderly resident (a second one is refused), close, count and publish,
and a visitor reads the explained result. axe-core checks every page on the way."""

from typing import Any

import pytest

from tests.browser.fixtures import assert_accessible, assert_fits_phone, login_as, sign_in
from tests.fixtures import Cast, World
from yishi.decisions.models import Ballot, Vote, VoteStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def test_a_compound_vote_from_draft_to_published_result(
    page: Any, desktop_page: Any, browser: Any, live_server: Any, world: World, cast: Cast
) -> None:
    staff = desktop_page
    sign_in(staff, live_server, "director")

    # Staff choose the basis in plain words, with the rule and its configurable settings on screen.
    staff.goto(f"{live_server.url}/decisions/new/")
    staff.wait_for_selector("h1")
    assert "本社区自定的表决规则" in staff.content()
    assert_accessible(staff)
    staff.check("#basis-online")
    with staff.expect_navigation():
        staff.click("button[type=submit].big")
    assert_accessible(staff)
    staff.fill("#id_title", "阳光小区加装充电桩")
    staff.fill("#id_question", "是否同意在地下车库加装充电桩？")
    staff.select_option("#id_place", label="· 阳光小区")
    with staff.expect_navigation():
        staff.click("button[type=submit].big")
    assert "表决已拟定" in staff.content()
    assert_accessible(staff)
    vote = Vote.objects.get()

    staff.click("text=名单来源")
    staff.wait_for_selector("text=如果现在开始表决，名单如下")
    assert "陈阿姨" in staff.content()
    assert_accessible(staff)
    staff.goto(f"{live_server.url}{vote.get_absolute_url()}")
    with staff.expect_navigation():
        staff.click("button:has-text('开始表决')")
    assert "名单已锁定并公示" in staff.content()
    assert_accessible(staff)

    # The resident votes on the phone, in Chinese: one question, big choices, a confirmation, a receipt.
    login_as(page, live_server, cast.resident)
    page.goto(f"{live_server.url}/")
    page.click(f"text={vote.title}")
    page.wait_for_selector(".big-choices")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    check(page)
    page.click("label:has-text('同意') >> nth=0")
    with page.expect_navigation():
        page.click("text=下一步：核对我的选择")
    assert "您选择了" in page.content()
    check(page)
    with page.expect_navigation():
        page.click("text=确认并投票")
    page.wait_for_selector("text=您的投票已记录")
    check(page)

    # Staff enter the paper ballot of 陈阿姨, who has no phone; a second ballot for her is refused.
    staff.goto(f"{live_server.url}/decisions/{vote.pk}/enter/")
    staff.fill("#voter-search", "陈")
    staff.wait_for_selector("#roll-results >> text=陈阿姨")
    assert_accessible(staff)
    with staff.expect_navigation():
        staff.click("#roll-results >> text=录入选票")
    # A second desk opens the same resident's form before the first is sent.
    second_desk = staff.context.new_page()
    second_desk.goto(staff.url)

    def fill(desk: Any, option: str, reference: str) -> None:
        desk.check(f"label:has-text('{option}') input")
        desk.check("label:has-text('纸质票') input")
        desk.fill("#id_paper_reference", reference)
        desk.fill("#id_witness", "张监督")

    fill(staff, "不同意", "纸-0007")
    assert_accessible(staff)
    with staff.expect_navigation():
        staff.click("button:has-text('登记选票')")
    assert "已为陈阿姨" in staff.content()
    fill(second_desk, "同意", "纸-0008")
    with second_desk.expect_navigation():
        second_desk.click("button:has-text('登记选票')")
    assert "已经投过票（无论通过何种方式），不能再投第二次" in second_desk.content()
    assert_accessible(second_desk)
    second_desk.close()
    assert Ballot.objects.filter(vote=vote).count() == 2
    assert Ballot.objects.get(vote=vote, entry__name="陈阿姨").paper_reference == "纸-0007"

    # Everyone has voted: staff close, count and publish.
    staff.goto(f"{live_server.url}{vote.get_absolute_url()}")
    for button, message in (("结束表决", "表决已结束"), ("计票", "计票已完成"), ("公开结果", "结果已在社区公开栏公开")):
        with staff.expect_navigation():
            staff.click(f"button:has-text('{button}')")
        assert message in staff.content()
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.PUBLISHED

    # A visitor reads the result with its explanation on a phone.
    visitor = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740}).new_page()
    visitor.goto(f"{live_server.url}/decisions/{vote.pk}/result/")
    visitor.wait_for_selector("h1")
    assert "赞成票 1票 / 投票人数 2人，未超过半数 ✗（本社区自定的表决规则）" in visitor.content()
    check(visitor)
    visitor.goto(f"{live_server.url}/decisions/{vote.pk}/roll/")
    assert "刘先生" in visitor.content() and "138" not in visitor.content()
    check(visitor)
    visitor.context.close()


def test_a_paper_ballot_after_an_online_one_is_refused_on_screen(
    page: Any, live_server: Any, world: World, cast: Cast
) -> None:
    from tests.decisions.conftest import actor, entry_of, open_
    from yishi.decisions import actions

    vote = open_(cast.director, world.compound, "online")
    actions.cast_ballot(actor=actor(cast.resident, "resident"), vote=vote, option="agree")
    sign_in(page, live_server, "director")
    page.goto(f"{live_server.url}/decisions/{vote.pk}/enter/?entry={entry_of(vote, '刘先生').pk}")
    assert "该条目已有选票，不能再录入第二张" in page.content()
    check(page)

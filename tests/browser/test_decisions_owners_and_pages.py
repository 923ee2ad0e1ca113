"""An owners' decision whose result shows the double majority (by area ✓, by head count ✗); the same in
English; and every other vote page — the meeting, the roll source, the ballot's other states, 四议两公开 —
checked with axe-core on a phone."""

import datetime
from typing import Any

import pytest

from tests.browser.fixtures import assert_accessible, assert_fits_phone, login_as, sign_in
from tests.decisions.conftest import actor, create, entry_of, make_matter, open_, past_closing, with_settings
from tests.factories import make_person, make_user, own
from tests.fixtures import Cast, World
from yishi.decisions import actions
from yishi.decisions.models import Vote
from yishi.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def owners_scene(world: World, cast: Cast) -> Vote:
    liu = Person.objects.get(pk=cast.resident.person_id)
    son = make_person("陈小明", world.units[1], birth_date=datetime.date(1975, 9, 9))
    own(world.units[3], liu)
    own(world.units[1], cast.elder)
    own(world.units[1], son)
    own(world.units[2], organisation_name="东湖置业有限公司", is_developer_unsold=True)
    vote = open_(cast.director, world.compound, "owners", title="1号楼筹集维修资金")
    actions.cast_ballot(actor=actor(cast.resident, "resident"), vote=vote, option="agree")
    for name, option in (("陈", "agree"), ("置业", "disagree")):
        actions.enter_ballot(
            actor=actor(cast.director),
            vote=vote,
            entry=entry_of(vote, name),
            option=option,
            channel="paper",
            paper_reference="P",
            witness="W",
        )
    for step in (actions.close_vote, actions.count_vote, actions.publish_result):
        step(actor=actor(cast.director), vote=Vote.objects.get(pk=vote.pk))
    return vote


def test_an_owners_decision_shows_the_double_majority(page: Any, live_server: Any, world: World, cast: Cast) -> None:
    vote = owners_scene(world, cast)
    page.goto(f"{live_server.url}/decisions/{vote.pk}/result/")
    page.wait_for_selector(".verdict")
    text = page.inner_text("main")
    assert "✗ 未通过。" in text
    assert "同意面积 308.15㎡ / 参与表决面积 383.15㎡，达到四分之三 ✓" in text
    assert "同意人数 2人 / 参与表决人数 3人，未达到四分之三 ✗" in text
    assert "事项类别：重大事项" in text
    check(page)
    page.goto(f"{live_server.url}/c/{world.community.pk}/")
    assert vote.title in page.content()
    check(page)


def test_the_result_and_the_ballot_in_english(english_page: Any, live_server: Any, world: World, cast: Cast) -> None:
    vote = owners_scene(world, cast)
    english_page.goto(f"{live_server.url}/decisions/{vote.pk}/result/")
    english_page.wait_for_selector(".verdict")
    assert english_page.locator("html").get_attribute("lang") == "en"
    text = english_page.inner_text("main")
    assert "Owners in favour 2 of participating owners 3: does not reach three quarters ✗ (Civil Code Art. 278)" in text
    assert "Area in favour 308.15 m² of participating area 383.15 m²: reaches three quarters ✓" in text
    assert_accessible(english_page)
    online = open_(cast.director, world.compound, "online", secrecy="secret")
    login_as(english_page, live_server, cast.resident)
    english_page.goto(f"{live_server.url}/decisions/{online.pk}/ballot/")
    english_page.wait_for_selector("text=Secret ballot: nobody can see what you chose.")
    assert_accessible(english_page)
    english_page.click("label:has-text('Disagree')")
    with english_page.expect_navigation():
        english_page.click("text=Next: check my choice")
    with english_page.expect_navigation():
        english_page.click("text=Confirm and cast my vote")
    assert "it is counted, but not linked to you" in english_page.content()
    assert_accessible(english_page)
    login_as(english_page, live_server, cast.director)
    english_page.goto(f"{live_server.url}/decisions/new/")
    assert "Owners decide together" in english_page.content() and "UNCONFIRMED, configurable" in english_page.content()
    assert_accessible(english_page)


def test_every_staff_page_on_a_phone(page: Any, live_server: Any, world: World, cast: Cast) -> None:
    sign_in(page, live_server, "director")
    for basis in ("owners", "online", "residents_assembly", "residents_representatives"):
        page.goto(f"{live_server.url}/decisions/new/{basis}/")
        page.wait_for_selector("h1")
        check(page)
    draft = create(cast.director, world.compound, "online")
    for url in (draft.get_absolute_url(), f"/decisions/{draft.pk}/edit/", f"/decisions/{draft.pk}/roll-source/"):
        page.goto(live_server.url + url)
        page.wait_for_selector("h1")
        check(page)
    extra = [
        make_person(f"居民{index}", world.units[index], birth_date=datetime.date(1970, 1, 1)) for index in range(3)
    ]
    assembly = open_(
        cast.director, world.community, "residents_assembly", settings=with_settings(residents_mode="all_residents")
    )
    page.goto(f"{live_server.url}/decisions/{assembly.pk}/meeting/")
    page.wait_for_selector("text=勾选到会人员")
    check(page)
    for person in extra:
        page.check(f"label:has-text('{person.name}') input")
    with page.expect_navigation():
        page.click("button:has-text('登记勾选人员到会')")
    page.fill("#id_agree", "2")
    page.fill("#id_disagree", "1")
    page.fill("#id_abstain", "1")
    with page.expect_navigation():
        page.click("button:has-text('登记举手表决结果')")
    assert "各项人数合计4人，但登记到会3人" in page.content()
    check(page)
    page.fill("#id_abstain", "0")
    with page.expect_navigation():
        page.click("button:has-text('登记举手表决结果')")
    assert "举手表决结果已登记" in page.content()
    for url in (
        "/decisions/",
        assembly.get_absolute_url(),
        f"/decisions/{assembly.pk}/roll/",
        f"/decisions/{assembly.pk}/enter/",
    ):
        page.goto(live_server.url + url)
        page.wait_for_selector("h1")
        check(page)
    page.goto(f"{live_server.url}{assembly.get_absolute_url()}")
    with page.expect_navigation():
        page.click("button:has-text('结束表决')")
    with page.expect_navigation():
        page.click("button:has-text('计票')")
    page.goto(f"{live_server.url}/decisions/{assembly.pk}/result/")
    assert "出席人数 3人 / 应出席人数 5人，超过半数 ✓（城市居民委员会组织法第九条）" in page.inner_text("main")
    check(page)


def test_the_residents_other_ballot_pages_on_a_phone(page: Any, live_server: Any, world: World, cast: Cast) -> None:
    agent = Person.objects.get(pk=cast.resident.person_id)  # owns 101 already
    own(world.units[1], cast.elder)
    own(world.units[2], make_person("房主甲", None))
    own(world.units[3], make_person("房主乙", None))
    vote = open_(cast.director, world.compound, "owners")
    actions.record_authority(
        actor=actor(cast.director),
        vote=vote,
        entry=entry_of(vote, "陈阿姨"),
        person=agent,
        kind="agent",
        reference="委托书-1",
    )
    login_as(page, live_server, cast.resident)
    page.goto(f"{live_server.url}/decisions/mine/")
    check(page)
    page.goto(f"{live_server.url}/decisions/{vote.pk}/ballot/")
    page.wait_for_selector("text=您可以为名单上的多个条目表决")
    check(page)
    closed = open_(cast.director, world.compound, "online")
    past_closing(closed)
    page.goto(f"{live_server.url}/decisions/{closed.pk}/ballot/")
    assert "表决已结束" in page.content()
    check(page)
    stranger = make_user(make_person("外来人", world.other_community))
    login_as(page, live_server, stranger)
    page.goto(f"{live_server.url}/decisions/{vote.pk}/ballot/")
    assert "您不在本次表决的名单上" in page.content()
    check(page)


def test_four_two_page_on_a_phone(page: Any, live_server: Any, world: World, cast: Cast) -> None:
    matter = make_matter(world.village, world.village, scope="whole_community")
    sequence = actions.start_four_two(actor=actor(cast.village_head), matter=matter)
    actions.record_four_two_step(
        actor=actor(cast.village_head),
        sequence=sequence,
        step="party_proposal",
        on=datetime.date(2026, 5, 1),
        note="党支部提议",
    )
    sign_in(page, live_server, "village_head")
    page.goto(f"{live_server.url}/decisions/four-two/{sequence.pk}/")
    page.wait_for_selector("text=下一步：二、村“两委”会议商议")
    check(page)
    page.select_option("#id_step", "party_members_review")
    with page.expect_navigation():
        page.click("button:has-text('登记步骤')")
    assert "须按顺序进行：下一步是“二、村“两委”会议商议”" in page.content()
    check(page)
    assert list(sequence.records.values_list("step", flat=True)) == ["party_proposal"]

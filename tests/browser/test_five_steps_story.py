"""The five steps (民事民提、民事民议、民事民决、民事民办、民事民评) told once, end to end, through the real pages.

A resident raises a matter on a 360-px phone in Chinese and staff record one for 陈阿姨, who has no phone; the two
committees answer the small repair directly and send the compound's matter to deliberation; a "5+N" meeting signs
people in, keeps minutes and agrees an outcome with a dissent, which the party secretary approves; the compound's
residents vote online and staff enter 陈阿姨's paper ballot; the vote is closed, counted and published with its
explained result; the plan is carried out with a task, a fund, a budget line and an expense, and its progress and
accounts are published; the residents' satisfaction survey closes the matter; and the public board shows every
notice, each with a printable PDF. The matter's page links every later step. axe-core checks every page; the
residents' pages must fit the phone.

Only the people and places come from the ORM (the personas of tests/fixtures.py and the compound's seat holders);
every step of the story is taken through the pages.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.browser.fixtures import assert_accessible, assert_fits_phone, login_as, sign_in
from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from tests.matters.builders import ensure_categories
from yishi.accounts.models import User
from yishi.audit.models import AuditRecord
from yishi.decisions.models import Ballot, Vote, VoteStatus
from yishi.deliberation.models import Meeting, Outcome, SignIn
from yishi.disclosure.models import Notice, NoticeKind
from yishi.evaluation.models import Survey, SurveyResponse
from yishi.implementation.models import BudgetLine, Expense, Fund, Task
from yishi.matters.models import Matter, MatterStatus
from yishi.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "阳光小区1号楼前路灯不亮"


@pytest.fixture(autouse=True)
def sandbox(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.SMS_BACKEND = "yishi.accounts.sms.LocmemBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_categories()
    yield


@dataclass
class Seats:
    """The compound's seat holders of a "5+N" meeting besides 李主任 (two committees) and 刘先生 (stakeholder)."""

    branch_member: Person  # 小区党支部
    owners_committee: User  # 业委会 member, living in unit 103, signs in by phone
    property_manager: Person  # 物业
    social_delegate: Person  # 社会组织


@pytest.fixture
def seats(world: World, cast: Cast) -> Seats:
    branch_member = make_person("党员老赵")
    give_role(branch_member, "party_member", world.compound)
    owner = make_person("业委会孙", world.units[2], phone="13700137003", birth_date=datetime.date(1968, 9, 1))
    give_role(owner, "owners_committee_member", world.compound)
    property_manager = make_person("物业周经理")
    give_role(property_manager, "property_staff", world.compound)
    social_delegate = make_person("社工站吴")
    give_role(social_delegate, "social_organisation_delegate", world.community)
    return Seats(branch_member, make_user(owner), property_manager, social_delegate)


def on_phone(page: Any) -> None:
    """A resident's page: accessible, and nothing wider than the phone."""
    assert_accessible(page)
    assert_fits_phone(page)


def submit(page: Any, button: str) -> None:
    with page.expect_navigation():
        page.click(f"button:has-text('{button}')")


def test_the_five_steps_from_a_residents_phone_to_the_public_board(
    page: Any, desktop_page: Any, live_server: Any, world: World, cast: Cast, seats: Seats
) -> None:
    base = live_server.url
    staff = desktop_page
    resident = page

    # --- 民事民提: a resident raises a matter on the phone ------------------------------------------------------
    login_as(resident, live_server, cast.resident)
    resident.goto(f"{base}/matters/new/")
    resident.wait_for_selector("h1:has-text('我要提议题')")
    on_phone(resident)
    resident.fill("#id_title", TITLE)
    resident.fill("#id_description", "1号楼前两盏路灯坏了一个月,晚上很黑,老人出行不便。")
    resident.select_option("#id_place", str(world.compound.pk))
    resident.select_option("#id_category", label="道路与照明")
    submit(resident, "提交议题")
    resident.wait_for_selector(f"h1:has-text('{TITLE}')")
    assert "议题已提交" in resident.content()
    on_phone(resident)
    matter = Matter.objects.get(title=TITLE)

    # ... and staff record 陈阿姨's matter, told at a visit (assisted channel).
    sign_in(staff, live_server, "director")
    staff.goto(f"{base}/matters/record/")
    staff.wait_for_selector("h1:has-text('代居民登记议题')")
    staff.fill("#resident-search", "陈")
    staff.click("#resident-search-form button")
    staff.wait_for_selector("#residents >> text=陈阿姨")
    assert_accessible(staff)
    staff.check(f"#resident-{cast.elder.pk}")
    staff.select_option("#id_channel", "visit")
    staff.fill("#id_channel_reference", "走访记录第12页")
    staff.fill("#id_title", "2单元楼道灯坏了")
    staff.fill("#id_description", "陈阿姨说楼道灯坏了一周,晚上看不见台阶。")
    staff.select_option("#id_place", str(world.building.pk))
    submit(staff, "登记议题")
    staff.wait_for_selector("h1:has-text('2单元楼道灯坏了')")
    assert "由李主任登记" in staff.inner_text(".facts")
    assert_accessible(staff)
    repair = Matter.objects.get(title="2单元楼道灯坏了")
    assert (repair.proposer, repair.recorded_by, repair.channel) == (cast.elder, cast.director, "visit")
    assert AuditRecord.objects.get(verb="matter.record", target_id=str(repair.pk)).channel == "assisted"

    # --- 议题分流: the joint meeting answers the repair directly and sends the compound's matter to deliberation ---
    staff.goto(f"{base}/matters/queue/")
    staff.wait_for_selector("h1:has-text('议题分流')")
    assert_accessible(staff)
    staff.goto(f"{base}/matters/{repair.pk}/triage/")
    staff.wait_for_selector("h1:has-text('分流')")
    assert_accessible(staff)
    staff.check("input[name=triage_class][value=direct_answer]")
    staff.check("input[name=scope][value=single_compound]")
    staff.fill("#id_answer", "物业明天上午更换楼道灯,由楼组长确认。")
    staff.fill("#id_joint_meeting_reference", "两委联席会议")
    submit(staff, "分流")
    staff.wait_for_selector("text=物业明天上午更换楼道灯")
    assert_accessible(staff)
    repair.refresh_from_db()
    assert repair.status == MatterStatus.ANSWERED_DIRECTLY

    staff.goto(f"{base}/matters/{matter.pk}/triage/")
    staff.check("input[name=triage_class][value=micro]")
    staff.check("input[name=scope][value=single_compound]")
    staff.fill("#id_joint_meeting_reference", "两委联席会议")
    submit(staff, "分流")
    staff.wait_for_selector("text=已分流为微事")
    assert_accessible(staff)
    matter.refresh_from_db()
    assert (matter.status, matter.responsible_place) == (MatterStatus.TRIAGED, world.compound)

    # --- 民事民议: a compound "5+N" meeting, sign-in, minutes, an outcome with a dissent ----------------------------
    staff.goto(f"{base}/deliberation/c/{world.community.pk}/meetings/new/?matter={matter.pk}")
    staff.wait_for_selector("h1:has-text('筹备会议')")
    assert_accessible(staff)
    staff.select_option("#id_place", str(world.compound.pk))
    staff.fill("#id_title", "阳光小区路灯议事协商会")
    staff.fill("#id_location", "小区党群服务站")
    starts = timezone.localtime() + datetime.timedelta(hours=1)
    staff.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    submit(staff, "创建会议")
    staff.wait_for_selector("h1:has-text('席位')")
    assert_accessible(staff)
    meeting = Meeting.objects.get()
    assert meeting.seat_template == "compound_5n"
    for person in (
        cast.director.person,
        seats.branch_member,
        seats.owners_committee.person,
        seats.property_manager,
        seats.social_delegate,
        cast.resident.person,
    ):
        with staff.expect_navigation():
            staff.locator(f"form:has(input[name=person][value='{person.pk}']) button").first.click()
    staff.wait_for_selector("text=席位已全部补齐")
    staff.click("text=返回会议")
    staff.wait_for_selector("h1:has-text('阳光小区路灯议事协商会')")
    submit(staff, "发出邀请")
    submit(staff, "开始会议")
    assert_accessible(staff)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.DELIBERATING

    # The resident signs in with the QR link on the phone; staff sign in the owners'-committee member.
    staff.click("text=签到码与出席")
    staff.wait_for_selector("svg.qr")
    assert_accessible(staff)
    sign_in_url = staff.locator("#sign-in-url").get_attribute("href")
    resident.goto(sign_in_url)
    resident.wait_for_selector("h1:has-text('会议签到')")
    on_phone(resident)
    submit(resident, "确认签到")
    resident.wait_for_selector("text=签到成功")
    on_phone(resident)
    with staff.expect_navigation():
        staff.locator(
            f"#attendance form:has(input[name=person][value='{seats.owners_committee.person.pk}']) button"
        ).click()
    assert {sign.channel for sign in SignIn.objects.filter(meeting=meeting)} == {"online", "assisted"}

    staff.goto(base + meeting.get_absolute_url())
    staff.select_option("#id_minutes-speaker", str(seats.owners_committee.person.pk))
    staff.fill("#id_minutes-summary", "业委会同意加装,但费用和方案应由小区居民表决。")
    submit(staff, "添加会议记录")
    staff.wait_for_selector("text=业委会同意加装")
    staff.fill("#id_outcome-text", "在1号楼前加装两盏太阳能路灯,费用从小区公共收益列支,交小区居民线上表决。")
    staff.check("#id_outcome-route_0")  # goes to a vote
    submit(staff, "保存协商意见")
    staff.wait_for_selector("h1:has-text('协商意见')")
    assert_accessible(staff)
    staff.select_option("#id_person", str(seats.owners_committee.person.pk))
    staff.fill("#id_text", "应先比较三家报价再定。")
    submit(staff, "保存不同意见")
    outcome = Outcome.objects.get()
    staff.goto(base + meeting.get_absolute_url())
    submit(staff, "结束会议")
    staff.goto(base + outcome.get_absolute_url())
    submit(staff, "提交审核")
    assert_accessible(staff)

    # --- the party organisation reviews and approves the outcome --------------------------------------------------
    staff.context.clear_cookies()
    sign_in(staff, live_server, "secretary")
    staff.goto(f"{base}/")
    staff.click("text=1项协商意见待审核")
    staff.wait_for_selector("h1:has-text('待审核的协商意见')")
    assert_accessible(staff)
    staff.click(f"text={outcome.subject}")
    staff.wait_for_selector("h2:has-text('党组织审核')")
    staff.check("#id_decision_0")
    submit(staff, "提交审核意见")
    staff.wait_for_selector("text=审核通过，协商意见已在公开栏公布")
    assert_accessible(staff)
    outcome.refresh_from_db()
    matter.refresh_from_db()
    assert (outcome.status, matter.status) == ("approved", MatterStatus.DECIDING)

    # --- 民事民决: the compound's residents vote online; staff enter 陈阿姨's paper ballot ---------------------------
    staff.click("text=该议题的表决")
    staff.wait_for_selector("h1")
    assert_accessible(staff)
    staff.check("#basis-online")
    submit(staff, "下一步")
    staff.fill("#id_question", "是否同意在1号楼前加装两盏太阳能路灯,费用从小区公共收益列支？")
    staff.select_option("#id_place", label="· 阳光小区")
    assert_accessible(staff)
    submit(staff, "拟定表决")
    staff.wait_for_selector("text=表决已拟定")
    vote = Vote.objects.get()
    assert vote.matter == matter
    submit(staff, "开始表决")
    staff.wait_for_selector("text=名单已锁定并公示")
    assert_accessible(staff)

    def vote_online(user: Any, option: str) -> None:
        resident.context.clear_cookies()
        login_as(resident, live_server, user)
        resident.goto(f"{base}/")
        resident.wait_for_selector(f"a[href='/decisions/{vote.pk}/ballot/']")
        on_phone(resident)  # "what awaits me" lists the ballot
        resident.click(f"a[href='/decisions/{vote.pk}/ballot/']")
        resident.wait_for_selector(".big-choices")
        on_phone(resident)
        resident.click(f"label:has-text('{option}') >> nth=0")
        with resident.expect_navigation():
            resident.click("text=下一步：核对我的选择")
        on_phone(resident)
        with resident.expect_navigation():
            resident.click("text=确认并投票")
        resident.wait_for_selector("text=您的投票已记录")
        on_phone(resident)

    vote_online(cast.resident, "同意")
    vote_online(seats.owners_committee, "不同意")
    staff.goto(f"{base}/decisions/{vote.pk}/enter/")
    staff.fill("#voter-search", "陈")
    staff.wait_for_selector("#roll-results >> text=陈阿姨")
    with staff.expect_navigation():
        staff.click("#roll-results >> text=录入选票")
    staff.check("label:has-text('同意') input >> nth=0")
    staff.check("label:has-text('纸质票') input")
    staff.fill("#id_paper_reference", "纸-0001")
    staff.fill("#id_witness", "张监督")
    assert_accessible(staff)
    submit(staff, "登记选票")
    assert "已为陈阿姨" in staff.content()
    assert Ballot.objects.filter(vote=vote).count() == 3

    staff.goto(base + vote.get_absolute_url())
    for button, message in (("结束表决", "表决已结束"), ("计票", "计票已完成"), ("公开结果", "结果已在社区公开栏公开")):
        submit(staff, button)
        assert message in staff.content()
    assert_accessible(staff)
    vote.refresh_from_db()
    matter.refresh_from_db()
    assert (vote.status, matter.status) == (VoteStatus.PUBLISHED, MatterStatus.IMPLEMENTING)
    resident.goto(f"{base}/decisions/{vote.pk}/result/")
    resident.wait_for_selector("h1")
    assert "赞成票 2票 / 投票人数 3人，超过半数 ✓" in resident.content()
    on_phone(resident)

    # --- 民事民办: a task with its owner and dates, a fund, a budget line, an expense, published progress -----------
    staff.context.clear_cookies()
    sign_in(staff, live_server, "director")
    today = timezone.localdate()
    staff.goto(base + matter.get_absolute_url())
    staff.click("a:has-text('实施情况')")
    staff.wait_for_selector("h1:has-text('实施情况')")
    assert_accessible(staff)
    staff.click("text=添加任务")
    staff.wait_for_selector("h1:has-text('添加任务')")
    staff.fill("#id_title", "采购并安装太阳能路灯")
    staff.fill("#id_owner_body", "阳光物业")
    staff.fill("#id_starts_on", today.isoformat())
    staff.fill("#id_due_on", (today + datetime.timedelta(days=14)).isoformat())
    submit(staff, "添加任务")
    staff.wait_for_selector("text=任务已加入实施方案")
    task = Task.objects.get(matter=matter)
    assert (task.owner_body, task.due_on) == ("阳光物业", today + datetime.timedelta(days=14))

    staff.click("text=资金与预算")
    staff.wait_for_selector("h2:has-text('登记资金')")
    assert_accessible(staff)
    staff.select_option("#id_kind", "public_benefit")
    staff.fill("#id_name", "阳光小区公共收益")
    staff.fill("#id_granted_amount", "3000.00")
    submit(staff, "登记资金")
    staff.wait_for_selector("text=资金已登记")
    fund = Fund.objects.get()
    staff.select_option("#id_fund", str(fund.pk))
    staff.fill("#id_item", "路灯及安装")
    staff.fill("#id_amount", "1800.00")
    submit(staff, "添加预算科目")
    staff.wait_for_selector("text=预算科目已添加")
    assert_accessible(staff)
    staff.goto(f"{base}/implementation/matters/{matter.pk}/expenses/new/")
    staff.select_option("#id_budget_line", str(BudgetLine.objects.get(matter=matter).pk))
    staff.fill("#id_description", "太阳能路灯 2 盏及安装")
    staff.fill("#id_payee", "光明灯具店")
    staff.fill("#id_amount", "1650.00")
    staff.fill("#id_spent_on", today.isoformat())
    assert_accessible(staff)
    submit(staff, "登记支出")
    staff.wait_for_selector("text=支出已登记")
    assert Expense.objects.get().amount == Decimal("1650.00")

    staff.goto(f"{base}{task.get_absolute_url()}")
    staff.wait_for_selector("h1:has-text('采购并安装太阳能路灯')")
    staff.fill("#id_text", "两盏路灯已安装并通电。")
    staff.select_option("#id_status", "done")
    submit(staff, "记录进展")
    staff.wait_for_selector("text=进展已记录")
    assert_accessible(staff)
    staff.goto(f"{base}/implementation/matters/{matter.pk}/accounts/")
    staff.wait_for_selector("h1:has-text('公布账目')")
    staff.fill("#id_start", today.replace(day=1).isoformat())
    staff.fill("#id_end", today.isoformat())
    assert_accessible(staff)
    submit(staff, "公布")
    staff.goto(f"{base}/implementation/matters/{matter.pk}/done/")
    staff.fill("#id_summary", "两盏太阳能路灯已安装,经居民代表和监督委员会验收。")
    assert_accessible(staff)
    submit(staff, "宣布实施完成")
    staff.wait_for_selector("text=实施结果公开")
    matter.refresh_from_db()
    assert matter.status == MatterStatus.EVALUATING

    # The resident follows the work on the phone: the progress and the spending are public.
    resident.goto(base + matter.get_absolute_url())
    resident.click("a:has-text('实施情况')")
    resident.wait_for_selector("text=两盏路灯已安装并通电")
    assert "1650.00" in resident.content() or "1,650.00" in resident.content()
    on_phone(resident)

    # --- 民事民评: the supervision committee opens the survey, residents answer, the result closes the matter -----
    staff.context.clear_cookies()
    sign_in(staff, live_server, "supervisor")
    staff.goto(f"{base}/")
    staff.click(f"text=发起“{TITLE}”的满意度调查")
    staff.wait_for_selector("h1:has-text('发起满意度调查')")
    assert_accessible(staff)
    submit(staff, "发起评议")
    staff.wait_for_selector("text=评议已开始")
    survey = Survey.objects.get(matter=matter)

    resident.context.clear_cookies()
    login_as(resident, live_server, cast.resident)
    resident.goto(f"{base}/")
    resident.click(f"text=您对“{TITLE}”满意吗？")
    resident.wait_for_selector("h1:has-text('满意吗')")
    on_phone(resident)
    resident.check("#id_rating_0")  # satisfied
    resident.fill("#id_comment", "路灯亮了,晚上回家安心多了。")
    submit(resident, "提交评价")
    resident.wait_for_selector("text=您的评价：满意")
    on_phone(resident)

    staff.context.clear_cookies()
    sign_in(staff, live_server, "director")
    staff.goto(f"{base}/evaluation/surveys/{survey.pk}/assisted/")
    staff.fill("#invitee-search", "陈阿姨")
    with staff.expect_navigation():
        staff.click("form[role=search] button")
    assert_accessible(staff)
    staff.click("a:has-text('陈阿姨')")
    staff.wait_for_selector("text=陈阿姨的评价")
    assert_accessible(staff)
    staff.check("#id_rating_0")
    staff.select_option("#id_channel", "assisted")
    staff.fill("#id_reference", "入户走访 7 号")
    submit(staff, "录入评价")
    staff.wait_for_selector("text=已录入陈阿姨的评价")
    assert SurveyResponse.objects.filter(survey=survey).count() == 2

    staff.context.clear_cookies()
    sign_in(staff, live_server, "supervisor")
    staff.goto(base + survey.get_absolute_url())
    submit(staff, "结束评议并公布结果")
    staff.wait_for_selector("text=居民满意：议题办结")
    assert_accessible(staff)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.CLOSED

    # --- the matter's page links every later step; the public board shows the notices, each with its PDF ------
    resident.context.clear_cookies()
    resident.goto(base + matter.get_absolute_url())
    resident.wait_for_selector("h2:has-text('后续环节')")
    on_phone(resident)
    steps = resident.locator("section:has(#steps-heading)")
    for url in (
        meeting.get_absolute_url(),
        outcome.get_absolute_url(),
        f"/decisions/{vote.pk}/result/",
        f"/implementation/matters/{matter.pk}/",
        f"/evaluation/surveys/{survey.pk}/result/",
    ):
        assert steps.locator(f"a[href='{url}']").count() == 1, url
    kinds = {
        NoticeKind.TRIAGE_RESULT,
        NoticeKind.DELIBERATION_OUTCOME,
        NoticeKind.DECISION,
        NoticeKind.ACCOUNTS,
        NoticeKind.IMPLEMENTATION_RESULT,
        NoticeKind.EVALUATION_RESULT,
    }
    notices = {kind: Notice.objects.filter(community=world.community, kind=kind, status="published") for kind in kinds}
    assert all(found.exists() for found in notices.values()), {kind: found.count() for kind, found in notices.items()}
    for kind in kinds - {NoticeKind.ACCOUNTS}:
        notice = notices[kind].order_by("pk").last()
        assert notice is not None
        assert steps.locator(f"a[href='{notice.get_absolute_url()}']").count() == 1, kind

    resident.goto(f"{base}/disclosure/c/{world.community.pk}/")
    resident.wait_for_selector("h1:has-text('幸福社区居务公开')")
    on_phone(resident)
    board = resident.content()
    for kind in (NoticeKind.DECISION, NoticeKind.IMPLEMENTATION_RESULT, NoticeKind.ACCOUNTS):
        notice = notices[kind].order_by("pk").last()
        assert notice is not None and notice.title in board, kind
    decision = notices[NoticeKind.DECISION].order_by("pk").last()
    assert decision is not None
    resident.click(f"a[href='{decision.get_absolute_url()}']")
    resident.wait_for_selector(f"h1:has-text('{decision.title}')")
    on_phone(resident)
    pdf_href = resident.get_attribute("text=打印版公告（PDF，A4）", "href")
    pdf = resident.request.get(base + pdf_href)
    assert (pdf.status, pdf.headers["content-type"]) == (200, "application/pdf")
    assert pdf.body().startswith(b"%PDF-")

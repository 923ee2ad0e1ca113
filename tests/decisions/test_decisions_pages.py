"""The vote pages through the test client: staff draft, open, enter, hold the meeting, close, count and publish;
residents vote and see a receipt; the public reads the roll and the result; the home page shows what awaits;
list pages run a fixed number of queries; bad input is refused in Chinese and writes nothing."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.decisions.conftest import Owners, actor, create, entry_of, make_matter, open_, past_closing, with_settings
from tests.factories import make_person, make_user
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.decisions import actions
from yishi.decisions.models import Ballot, FourTwoSequence, RollEntry, ShowOfHands, Vote, VoteStatus

pytestmark = pytest.mark.django_db


def client_of(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    if user is not None:
        client.force_login(user)
    return client


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def vote_form(world: World, **changes: Any) -> dict[str, Any]:
    now = timezone.localtime()
    data = {
        "title": "小区加装充电桩",
        "question": "是否同意在地下车库加装充电桩？",
        "place": world.compound.pk,
        "opens_at": (now - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "secrecy": "named",
        "online_electorate": "adults",
        "threshold": "1/2",
        "threshold_base": "votes_cast",
        "residence_rule": "registered_and_long_term",
    }
    data.update(changes)
    return data


# --- staff ------------------------------------------------------------------------------------------------


def test_the_basis_page_explains_each_rule_and_what_is_configurable(world: World, cast: Cast) -> None:
    html = page(client_of(cast.director), "/decisions/new/")
    assert "业主共同决定（筹集维修资金等重大事项）" in html
    assert "本小区居民线上表决" in html
    assert "未经确认，可配置" in html and "加装电梯" in html
    assert "参与表决的业主须占专有部分面积和人数各三分之二以上" in html
    response = client_of(cast.director).post("/decisions/new/", {"basis": "online"})
    assert response.status_code == 302 and response["Location"] == "/decisions/new/online/"


def test_the_basis_page_suggests_from_a_matter(world: World, cast: Cast) -> None:
    matter = make_matter(world.compound, world.community, scope="single_compound")
    html = page(client_of(cast.director), f"/decisions/new/?matter={matter.pk}")
    assert "建议：" in html and "只涉及本小区（楼栋）居民" in html
    assert 'value="online" aria-describedby="rule-online" checked' in html


def test_staff_draft_and_open_a_vote_through_the_pages(world: World, cast: Cast) -> None:
    staff = client_of(cast.director)
    assert "本社区自定的表决规则" in page(staff, "/decisions/new/online/")
    response = staff.post("/decisions/new/online/", vote_form(world))
    assert response.status_code == 302, response.content.decode()[:3000]
    vote = Vote.objects.get()
    assert (vote.basis, vote.status, vote.threshold_numerator, vote.threshold_denominator) == ("online", "draft", 1, 2)
    assert "开始表决" in page(staff, vote.get_absolute_url())
    html = page(staff, f"/decisions/{vote.pk}/roll-source/")
    assert "刘先生" in html and "陈阿姨" in html
    assert staff.post(f"/decisions/{vote.pk}/open/").status_code == 302
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN and vote.roll_size == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"threshold": "3/2"}, "比例须在0到1之间"),
        ({"threshold": "1/1", "threshold_inclusive": ""}, "“超过全部”永远无法达到"),
        ({"threshold": "一半"}, "请以分数形式填写比例"),
        ({"closes_at": "2020-01-01T08:00"}, "截止时间"),
        ({"title": ""}, "此项必填"),
    ],
)
def test_bad_drafts_are_refused_in_chinese_and_write_nothing(
    world: World, cast: Cast, changes: dict[str, Any], message: str
) -> None:
    response = client_of(cast.director).post("/decisions/new/online/", vote_form(world, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Vote.objects.exists()


def test_staff_enter_a_paper_ballot_found_by_name(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online")
    staff = client_of(cast.director)
    partial = staff.get(f"/decisions/{vote.pk}/enter/", {"q": "陈"}, headers={"HX-Request": "true"})
    assert "陈阿姨" in partial.content.decode() and "<html" not in partial.content.decode()
    elder = entry_of(vote, "陈阿姨")
    form = page(staff, f"/decisions/{vote.pk}/enter/?entry={elder.pk}")
    assert "纸质票编号" in form and "见证人" in form
    data = {"entry": elder.pk, "option": "agree", "channel": "paper", "paper_reference": "", "witness": "", "key": "f1"}
    refused = staff.post(f"/decisions/{vote.pk}/enter/", data)
    assert refused.status_code == 400 and "请填写纸质票编号" in refused.content.decode()
    data.update(paper_reference="纸-001", witness="张监督")
    assert staff.post(f"/decisions/{vote.pk}/enter/", data).status_code == 302
    assert staff.post(f"/decisions/{vote.pk}/enter/", {**data, "key": "f2"}).status_code == 400
    assert Ballot.objects.get(vote=vote).paper_reference == "纸-001"
    assert "已投票" in page(staff, f"/decisions/{vote.pk}/enter/?entry={elder.pk}")


def test_the_meeting_page_records_attendance_and_hands(world: World, cast: Cast) -> None:
    vote = open_(
        cast.director, world.community, "residents_assembly", settings=with_settings(residents_mode="all_residents")
    )
    staff = client_of(cast.director)
    assert "勾选到会人员" in page(staff, f"/decisions/{vote.pk}/meeting/")
    entries = list(RollEntry.objects.filter(vote=vote))
    staff.post(f"/decisions/{vote.pk}/meeting/", {"entry": [entry.pk for entry in entries], "present": "1"})
    refused = staff.post(f"/decisions/{vote.pk}/meeting/", {"hands": "1", "agree": 1, "disagree": 0, "abstain": 0})
    assert refused.status_code == 400 and "各项人数合计1人，但登记到会2人" in refused.content.decode()
    staff.post(f"/decisions/{vote.pk}/meeting/", {"hands": "1", "agree": 2, "disagree": 0, "abstain": 0})
    assert ShowOfHands.objects.get(vote=vote).agree == 2
    staff.post(f"/decisions/{vote.pk}/meeting/", {"absent": entries[0].pk})
    assert vote.attendance.count() == 1


def test_close_count_publish_and_the_public_result(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
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
    staff = client_of(cast.director)
    for step in ("close", "count", "publish"):
        assert staff.post(f"/decisions/{vote.pk}/{step}/").status_code == 302
    html = page(client_of(None), f"/decisions/{vote.pk}/result/")
    assert "未通过" in html
    assert "同意人数 2人 / 参与表决人数 3人，未达到四分之三 ✗" in html
    assert "同意面积 308.15㎡ / 参与表决面积 383.15㎡，达到四分之三 ✓" in html
    assert html.count('class="fail"') == 1 and html.count('class="pass"') == 3
    assert "/api/rules/evaluate" in html and "owners.decision" in html
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/decisions/{vote.pk}/result/").content.decode()
    assert "Owners in favour 2 of participating owners 3: does not reach three quarters ✗" in english


def test_a_refused_step_shows_its_reason(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online")
    response = client_of(cast.director).post(f"/decisions/{vote.pk}/close/")
    assert response.status_code == 400
    assert "只有名单上所有人都已投票才能提前结束" in response.content.decode()
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.OPEN


# --- residents and the public --------------------------------------------------------------------------------


def test_a_resident_votes_confirms_and_gets_a_receipt(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online", allow_change=True)
    resident = client_of(cast.resident)
    html = page(resident, f"/decisions/{vote.pk}/ballot/")
    assert vote.question in html and "big-choices" in html
    key = html.split('name="key" value="')[1].split('"')[0]
    confirm = resident.post(f"/decisions/{vote.pk}/ballot/", {"option": "agree", "key": key})
    assert "请核对您的选择" in confirm.content.decode()
    assert not Ballot.objects.exists()
    done = resident.post(f"/decisions/{vote.pk}/ballot/", {"option": "agree", "key": key, "confirm": "1"})
    assert done.status_code == 302
    receipt = page(resident, done["Location"])
    assert "您的投票已记录" in receipt and "同意" in receipt and "更改我的投票" in receipt
    # The same confirmation sent twice (a double tap) is counted once.
    resident.post(f"/decisions/{vote.pk}/ballot/", {"option": "agree", "key": key, "confirm": "1"})
    assert Ballot.objects.count() == 1
    change = page(resident, f"/decisions/{vote.pk}/ballot/?change=1")
    key2 = change.split('name="key" value="')[1].split('"')[0]
    resident.post(
        f"/decisions/{vote.pk}/ballot/", {"option": "disagree", "key": key2, "change": "True", "confirm": "1"}
    )
    ballot = Ballot.objects.get()
    assert (ballot.option.kind, ballot.revision) == ("disagree", 2)


def test_the_ballot_page_tells_who_may_not_vote_why(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online")
    assert "不在本次表决的名单上" in page(client_of(cast.villager), f"/decisions/{vote.pk}/ballot/", status=403)
    Vote.objects.filter(pk=vote.pk).update(status=VoteStatus.CLOSED)
    assert "表决已结束" in page(client_of(cast.resident), f"/decisions/{vote.pk}/ballot/")


def test_drafts_are_hidden_and_opened_votes_public(world: World, cast: Cast) -> None:
    draft = create(cast.director, world.compound, "online")
    page(client_of(None), draft.get_absolute_url(), status=404)
    page(client_of(cast.resident), f"/decisions/{draft.pk}/roll/", status=404)
    vote = open_(cast.director, world.compound, "online")
    roll = page(client_of(None), f"/decisions/{vote.pk}/roll/")
    assert "刘先生" in roll and "1号楼 101" in roll and "138" not in roll
    page(client_of(None), f"/decisions/{vote.pk}/result/", status=404)


def test_home_shows_ballots_awaiting_and_votes_to_close(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online")
    assert vote.title in page(client_of(cast.resident), "/")
    actions.cast_ballot(actor=actor(cast.resident, "resident"), vote=vote, option="agree")
    assert vote.title not in page(client_of(cast.resident), "/")
    past_closing(vote)
    staff_home = page(client_of(cast.director), "/")
    assert vote.title in staff_home and "待结束的表决" in staff_home


def test_the_community_page_lists_open_votes_and_results(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online")
    html = page(client_of(None), f"/c/{world.community.pk}/")
    assert "表决及结果" in html and vote.title in html


# --- query counts --------------------------------------------------------------------------------------------


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_run_a_fixed_number_of_queries(world: World, cast: Cast) -> None:
    people = [
        make_person(f"居民{index:02d}", world.units[index % 4], birth_date=datetime.date(1980, 1, 1))
        for index in range(5)
    ]
    vote = open_(cast.director, world.compound, "online")
    urls = {
        "index": ("/decisions/", client_of(cast.director)),
        "mine": ("/decisions/mine/", client_of(cast.resident)),
        "roll": (f"/decisions/{vote.pk}/roll/", client_of(None)),
        "enter": (f"/decisions/{vote.pk}/enter/?q=居民", client_of(cast.director)),
        "detail": (vote.get_absolute_url(), client_of(cast.director)),
    }
    before = {name: count_queries(client, url) for name, (url, client) in urls.items()}
    more = [
        make_person(f"居民{index:02d}", world.units[index % 4], birth_date=datetime.date(1980, 1, 1))
        for index in range(5, 25)
    ]
    bigger = open_(cast.director, world.compound, "online", title="第二次表决")
    for person in [*people, *more][:10]:
        actions.cast_ballot(actor=actor(make_user(person), "resident"), vote=bigger, option="agree")
    urls_bigger = {
        "index": ("/decisions/", client_of(cast.director)),
        "mine": ("/decisions/mine/", client_of(cast.resident)),
        "roll": (f"/decisions/{bigger.pk}/roll/", client_of(None)),
        "enter": (f"/decisions/{bigger.pk}/enter/?q=居民", client_of(cast.director)),
        "detail": (bigger.get_absolute_url(), client_of(cast.director)),
    }
    after = {name: count_queries(client, url) for name, (url, client) in urls_bigger.items()}
    assert after == before
    assert max(after.values()) <= 30


def test_staff_start_four_two_for_a_village_matter_from_the_index(world: World, cast: Cast) -> None:
    matter = make_matter(world.village, world.village, scope="whole_community")
    village_staff = client_of(cast.village_head)
    assert matter.title in page(village_staff, "/decisions/")
    assert matter.title not in page(client_of(cast.director), "/decisions/")
    response = village_staff.post(f"/decisions/four-two/start/{matter.pk}/")
    assert response.status_code == 302
    html = page(village_staff, response["Location"])
    assert "下一步：一、村党组织提议" in html
    # Staff of another community may not start it; a second start is refused either way.
    client_of(cast.director).post(f"/decisions/four-two/start/{matter.pk}/")
    assert FourTwoSequence.objects.filter(matter=matter).count() == 1

"""A whole village election on a phone: registration, candidates, a proxy, an online ballot by a villager, a polling
station and a mobile box counted in teller batches, the count and the result notice; then a round that fails
turnout and a run-off; one page in English. axe-core on every page."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.fixtures import PHONE, assert_accessible, assert_fits_phone, login_as
from tests.elections.conftest import online, option_ids, staff, villagers
from tests.factories import make_user
from tests.fixtures import Cast, World
from yishi.elections import actions
from yishi.elections.models import Election, RegistrationStatus, Round, VoterRegistration
from yishi.people.permissions import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_phone(browser: Any) -> Iterator[Any]:
    """Another phone, for the villager who votes while the staff member's phone stays signed in."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, extra_http_headers={"Accept-Language": "zh-CN"})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def _submit(page: Any, op: str) -> None:
    with page.expect_navigation():
        page.click(f"form:has(input[name=op][value={op}]) button[type=submit]")


def test_a_whole_village_election_on_a_phone(
    page: Any, second_phone: Any, live_server: Any, world: World, cast: Cast
) -> None:
    people = villagers(world.village_group, 10)
    login_as(page, live_server, cast.village_head)

    # Plan.
    page.goto(f"{live_server.url}/elections/new/?community={world.village.pk}")
    _check(page)
    page.fill("#id_vice_chair", "0")
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    election = Election.objects.get(community=world.village)
    assert page.url.endswith(f"/elections/{election.pk}/manage/")
    _check(page)

    # Registration and the published roll.
    page.goto(f"{live_server.url}/elections/{election.pk}/manage/roll/")
    _check(page)
    _submit(page, "register_proposed")
    assert VoterRegistration.objects.filter(election=election).count() == 11
    _submit(page, "publish")
    assert "已于" in page.content() or "公布" in page.content()
    _check(page)

    # Candidates: one nomination through the form, the rest as if entered from paper; answers; the list.
    registrations = {item.person_id: item for item in VoterRegistration.objects.filter(election=election)}
    page.goto(f"{live_server.url}/elections/{election.pk}/manage/candidates/")
    page.select_option("#id_nominate-post", "chair")
    page.select_option("#id_nominate-person", str(registrations[people[0].pk].pk))
    page.select_option(
        "#id_nominate-nominators", [str(registrations[people[9].pk].pk), str(registrations[people[8].pk].pk)]
    )
    _submit(page, "nominate")
    head = staff(cast.village_head)
    for index, post in ((1, "chair"), (2, "member"), (3, "member"), (4, "member")):
        actions.nominate(
            actor=head, election=election, post=post, person=people[index], nominators=[registrations[people[9].pk]]
        )
    page.reload()
    for candidate in election.candidates.exclude(status="accepted"):
        with page.expect_navigation():
            page.click(
                f"form:has(input[name=candidate][value='{candidate.pk}']):has(input[name=answer-accept][value=yes]) "
                "button[type=submit]"
            )
    _check(page)
    _submit(page, "publish")
    election.refresh_from_db()
    assert election.phase == "candidates_published", page.inner_text("main")[:1500]
    _check(page)

    # A written proxy: villager 06 is away and lets villager 07 vote for them.
    page.goto(f"{live_server.url}/elections/{election.pk}/manage/proxies/")
    page.select_option("#id_proxy-grantor", str(registrations[people[5].pk].pk))
    page.select_option("#id_proxy-holder", str(registrations[people[6].pk].pk))
    page.select_option("#id_proxy-relation", "spouse")
    page.fill("#id_proxy-written_reference", "委托书001号")
    _submit(page, "proxy")
    _submit(page, "publish")
    _check(page)

    # Voting opens.
    page.goto(f"{live_server.url}/elections/{election.pk}/manage/rounds/")
    _check(page)
    with page.expect_navigation():
        page.click("form:has(input[name=open-kind][value=first]) button[type=submit]")
    round_ = Round.objects.get(election=election)
    chair = option_ids(round_, "chair")
    members = option_ids(round_, "member")

    # A villager votes on their own phone: my election, the ballot, the review, the receipt.
    login_as(second_phone, live_server, make_user(people[7]))
    second_phone.goto(f"{live_server.url}/elections/mine/")
    _check(second_phone)
    with second_phone.expect_navigation():
        second_phone.click(f"a[href='/elections/rounds/{round_.pk}/vote/']")
    _check(second_phone)
    second_phone.check(f"#o{chair[people[0].name]}")
    second_phone.check(f"#o{members[people[2].name]}")
    second_phone.check(f"#o{members[people[3].name]}")
    with second_phone.expect_navigation():
        second_phone.click("form.ballot button[type=submit]")
    _check(second_phone)
    with second_phone.expect_navigation():
        second_phone.click("form.stack button[type=submit]")
    receipt = second_phone.inner_text("#receipt-code").strip()
    assert len(receipt) == 14
    _check(second_phone)

    # The polling station: three villagers and the proxy holder for villager 06 are ticked off.
    page.goto(f"{live_server.url}/elections/rounds/{round_.pk}/manage/")
    _check(page)
    for index in (0, 1, 2):
        page.select_option("#id_station-registration", str(registrations[people[index].pk].pk))
        _submit(page, "station")
    page.select_option("#id_station-registration", str(registrations[people[5].pk].pk))
    page.check("#id_station-by_proxy")
    _submit(page, "station")
    # A mobile box with three monitors serves villager 05 at home.
    page.fill("#id_box-name", "东线流动票箱")
    page.select_option("#id_box-monitors", [str(people[index].pk) for index in (8, 9, 1)])
    _submit(page, "box")
    page.select_option("#id_serve-box", label="东线流动票箱")
    page.select_option("#id_serve-registration", str(registrations[people[4].pk].pk))
    _submit(page, "serve")
    _check(page)

    # A teller batch that does not add up is refused with its figures; then the right one.
    page.fill("#id_batch-label", "中心投票站")
    page.fill("#id_batch-ballots_in_box", "4")
    page.fill(f"#id_batch-option_{chair[people[0].name]}", "5")
    _submit(page, "batch")
    assert "数字对不上" in page.content() and "5" in page.content()
    _check(page)
    page.fill("#id_batch-label", "中心投票站")
    page.fill("#id_batch-ballots_in_box", "4")
    page.fill(f"#id_batch-option_{chair[people[0].name]}", "3")
    page.fill(f"#id_batch-option_{chair[people[1].name]}", "1")
    page.fill(f"#id_batch-option_{members[people[2].name]}", "4")
    page.fill(f"#id_batch-option_{members[people[3].name]}", "3")
    page.fill(f"#id_batch-option_{members[people[4].name]}", "1")
    _submit(page, "batch")
    page.select_option("#id_batch-mobile_box", label="东线流动票箱")
    page.fill("#id_batch-ballots_in_box", "1")
    page.fill(f"#id_batch-option_{chair[people[0].name]}", "1")
    page.fill(f"#id_batch-option_{members[people[2].name]}", "1")
    page.fill(f"#id_batch-option_{members[people[3].name]}", "1")
    _submit(page, "batch")
    assert round_.batches.count() == 2

    # Close (the box is mixed), count, and read the explained result.
    _submit(page, "close")
    _submit(page, "count")
    round_.refresh_from_db()
    assert round_.is_valid and round_.voters == 6
    assert "超过半数" in page.content()
    _check(page)
    page.goto(f"{live_server.url}/elections/rounds/{round_.pk}/result/")
    _check(page)
    page.goto(f"{live_server.url}/elections/rounds/{round_.pk}/ballots/?receipt={receipt.lower()}")
    assert receipt in page.inner_text("[role=status]")
    _check(page)

    # The result notice on the public board, with its printable PDF.
    page.goto(f"{live_server.url}/elections/{election.pk}/manage/rounds/")
    _submit(page, "announce")
    election.refresh_from_db()
    assert election.result_notice is not None
    _check(page)
    page.goto(f"{live_server.url}/elections/{election.pk}/")
    assert page.locator(f"a[href='/disclosure/notices/{election.result_notice.pk}/pdf']").count() == 1
    assert "96.1" in page.content()
    _check(page)
    page.goto(f"{live_server.url}/disclosure/notices/{election.result_notice.pk}/")
    assert people[0].name in page.content()
    page.goto(f"{live_server.url}/elections/{election.pk}/manage/recalls/")
    _check(page)


def test_a_round_failing_turnout_then_a_run_off(
    page: Any, live_server: Any, world: World, cast: Cast, english_page: Any
) -> None:
    head = staff(cast.village_head)
    people = villagers(world.village_group, 12)
    election = actions.create_election(
        actor=head,
        community=world.village,
        kind="villagers",
        title="桃源村村委会选举",
        registration_opens_on=today(),
        election_day=today() + datetime.timedelta(days=25),
        seats={"chair": 1, "member": 2},
    )
    actions.register_proposed(actor=head, election=election)
    actions.publish_roll(actor=head, election=election)
    registrations = list(VoterRegistration.objects.filter(election=election, status=RegistrationStatus.REGISTERED))
    candidates = {}
    for index, post in enumerate(["chair", "chair", "member", "member", "member", "member"]):
        candidate = actions.nominate(
            actor=head, election=election, post=post, person=people[index], nominators=registrations[:1]
        )
        actions.answer_nomination(actor=head, candidate=candidate, accept=True)
        candidates[index] = people[index].name
    actions.publish_candidate_list(actor=head, election=election)
    users = [make_user(person) for person in people]

    def vote(round_: Round, index: int, choices: dict[str, list[int]]) -> None:
        ids = {post: option_ids(round_, post) for post in choices}
        actions.cast_online(
            actor=online(users[index]),
            round_=round_,
            choices={post: [ids[post][candidates[key]] for key in keys] for post, keys in choices.items()},
        )

    first = actions.open_round(actor=head, election=election)
    for index in range(5):
        vote(first, index, {"chair": [0]})
    actions.close_round(actor=head, round_=first)
    actions.count_round(actor=head, round_=first)

    login_as(page, live_server, cast.village_head)
    page.goto(f"{live_server.url}/elections/rounds/{first.pk}/result/")
    assert "未超过半数" in page.content() and "5人" in page.content()
    _check(page)
    page.goto(f"{live_server.url}/elections/{election.pk}/manage/rounds/")
    assert "重新投票" in page.content()
    _check(page)
    with page.expect_navigation():
        page.click("form:has(input[name=open-kind][value=first]) button[type=submit]")
    second = Round.objects.get(election=election, number=2)
    plan = [[2, 3]] * 4 + [[2, 4]] * 2 + [[4]] + [[5]] * 2 + [[]]
    for index, members in enumerate(plan):
        vote(second, index, {"chair": [0], "member": members})
    actions.close_round(actor=head, round_=second)
    actions.count_round(actor=head, round_=second)
    page.reload()
    assert "另行选举" in page.content()
    _check(page)
    with page.expect_navigation():
        page.click("form:has(input[name=open-kind][value=runoff]) button[type=submit]")
    runoff = Round.objects.get(election=election, number=3)
    for index, members in enumerate([[3]] * 3 + [[4]] * 2 + [[]] * 4):
        vote(runoff, index, {"member": members})
    page.goto(f"{live_server.url}/elections/rounds/{runoff.pk}/manage/")
    _submit(page, "close")
    _submit(page, "count")
    assert "三分之一" in page.content()
    _check(page)
    runoff.refresh_from_db()
    elected = [option.candidate.person.name for option in runoff.options.filter(is_elected=True)]
    assert elected == [people[3].name]

    # One page in English.
    english_page.goto(f"{live_server.url}/elections/rounds/{runoff.pk}/result/")
    assert english_page.locator("html").get_attribute("lang") == "en"
    assert "one third" in english_page.content() and "Run-off" in english_page.content()
    assert_accessible(english_page)


def test_recall_review_and_other_pages_pass_axe(page: Any, live_server: Any, world: World, cast: Cast) -> None:
    from tests.factories import give_role

    head = staff(cast.village_head)
    people = villagers(world.village_group, 8)
    election = actions.create_election(
        actor=head,
        community=world.village,
        kind="villagers",
        title="桃源村村委会选举",
        registration_opens_on=today(),
        election_day=today() + datetime.timedelta(days=25),
        seats={"chair": 1, "member": 2},
    )
    actions.register_proposed(actor=head, election=election)
    actions.publish_roll(actor=head, election=election)
    registrations = list(VoterRegistration.objects.filter(election=election))
    for index, post in enumerate(["chair", "chair", "member", "member", "member"]):
        candidate = actions.nominate(
            actor=head, election=election, post=post, person=people[index], nominators=registrations[:1]
        )
        actions.answer_nomination(actor=head, candidate=candidate, accept=True)
    actions.publish_candidate_list(actor=head, election=election)
    round_ = actions.open_round(actor=head, election=election)
    users = [make_user(person) for person in people]
    chair = option_ids(round_, "chair")
    members = option_ids(round_, "member")
    for user in users:
        actions.cast_online(
            actor=online(user),
            round_=round_,
            choices={"chair": [chair[people[0].name]], "member": [members[people[2].name], members[people[3].name]]},
        )
    actions.close_round(actor=head, round_=round_)
    actions.count_round(actor=head, round_=round_)
    actions.announce_result(actor=head, election=election)
    mandate = election.mandates.get(post="chair")
    request = actions.lodge_recall(actor=online(users[5]), mandate=mandate, reasons="长期不在岗")

    # The district officer picks the district's profile; the index lists the elections and communities.
    login_as(page, live_server, cast.district_officer)
    page.goto(f"{live_server.url}/elections/districts/{world.district.pk}/profile/")
    _check(page)
    page.select_option("#id_profile", "zhejiang")
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    _check(page)
    page.goto(f"{live_server.url}/elections/")
    _check(page)

    # The member under recall answers; villagers sign; the public reads the request.
    login_as(page, live_server, users[0])
    page.goto(f"{live_server.url}/elections/recalls/{request.pk}/")
    _check(page)
    page.fill("#id_response-response", "我一直在岗，请村民核实。")
    _submit(page, "respond")
    login_as(page, live_server, users[6])
    page.goto(f"{live_server.url}/elections/recalls/{request.pk}/")
    _submit(page, "sign_self")
    _check(page)
    page.goto(f"{live_server.url}/elections/{election.pk}/")
    _check(page)

    # The supervision committee opens the annual review; a villager rates; the member reports.
    give_role(people[7], "supervision_member", world.village)
    login_as(page, live_server, users[7])
    page.goto(f"{live_server.url}/elections/c/{world.village.pk}/reviews/")
    _check(page)
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    _check(page)
    login_as(page, live_server, users[4])
    page.goto(page.url)
    page.check(f"#id_rate-mandate_{mandate.pk}_2")
    _submit(page, "rate")
    _check(page)
    login_as(page, live_server, users[0])
    page.goto(page.url)
    page.fill("#id_report-text", "修好了村口道路。")
    _submit(page, "report")
    _check(page)

    # A resident of the urban community nominates online in the residents' committee election.
    director = staff(cast.director)
    residents = actions.create_election(
        actor=director,
        community=world.community,
        kind="residents",
        title="幸福社区居委会选举",
        registration_opens_on=today(),
        election_day=today() + datetime.timedelta(days=25),
        seats={"chair": 1, "vice_chair": 1, "member": 3},
    )
    actions.register_proposed(actor=director, election=residents)
    actions.publish_roll(actor=director, election=residents)
    login_as(page, live_server, cast.resident)
    page.goto(f"{live_server.url}/elections/mine/")
    _check(page)
    page.goto(f"{live_server.url}/elections/{residents.pk}/nominate/")
    _check(page)
    page.goto(f"{live_server.url}/elections/{residents.pk}/manage/")
    assert page.locator("h1").inner_text() == "无法办理"
    login_as(page, live_server, cast.director)
    page.goto(f"{live_server.url}/elections/{residents.pk}/manage/")
    assert "未经确认" in page.content()
    _check(page)

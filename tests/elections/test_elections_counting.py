"""Counting: validity of the round (CW-7, CW-11), winners (CW-8), ties (CW-9), the run-off with its 1/3 floor (CW-10),
vacancies, and the result notice with its figures against the seed's bar."""

import pytest
from django.test import Client
from django.utils import translation

from tests.elections.conftest import Scene, online, option_ids, registration_of, staff
from tests.fixtures import Cast
from yishi.audit.errors import ActionError
from yishi.elections import actions
from yishi.elections.models import Mandate, Phase, RoundKind
from yishi.elections.outcomes import progress
from yishi.people.models import RoleAssignment


def _vote(scene: Scene, round_, index: int, choices: dict[str, list[str]]) -> None:
    ids = {post: option_ids(round_, post) for post in choices}
    actions.cast_online(
        actor=online(scene.user(index)),
        round_=round_,
        choices={post: [ids[post][name] for name in names] for post, names in choices.items()},
    )


def _close_and_count(scene: Scene, cast: Cast, round_):
    head = staff(cast.village_head)
    actions.close_round(actor=head, round_=round_)
    return actions.count_round(actor=head, round_=round_)


def test_a_round_failing_turnout_is_void_and_is_held_again(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=10)
    round_ = actions.open_round(actor=staff(cast.village_head), election=scene.election)
    chair = scene.candidates["chair"][0].person.name
    for index in range(5):
        _vote(scene, round_, index, {"chair": [chair]})
    result = _close_and_count(scene, cast, round_)
    assert not result.is_valid and not result.validity.turnout_met
    with translation.override("zh-hans"):
        text = " ".join(line.text for line in result.validity_lines)
    assert "5人" in text and "11人" in text and "未超过半数" in text and "第十五条" in text
    with translation.override("en"):
        assert "not more than half" in " ".join(line.text for line in result.validity_lines)
    state = progress(scene.election)
    assert [step.kind for step in state.steps] == [RoundKind.FIRST] and not state.can_announce
    with pytest.raises(ActionError):
        actions.announce_result(actor=staff(cast.village_head), election=scene.election)
    again = actions.open_round(actor=staff(cast.village_head), election=scene.election)
    assert again.number == 2 and again.options.count() == round_.options.count()


def test_more_ballots_than_voters_voids_the_round(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8)
    head = staff(cast.village_head)
    round_ = actions.open_round(actor=head, election=scene.election)
    for index in range(5):
        actions.mark_at_station(actor=head, round_=round_, registration=registration_of(scene, index))
    actions.close_round(actor=head, round_=round_)
    chair = list(option_ids(round_, "chair").values())
    actions.enter_batch(
        actor=head, round_=round_, label="中心站", ballots_in_box=6, blank=0, spoiled=0, counts={chair[0]: 6}
    )
    result = actions.count_round(actor=head, round_=round_)
    assert result.validity.turnout_met and not result.validity.ballot_count_ok and not result.is_valid


def test_winners_need_more_than_half_of_all_who_voted(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=10)
    round_ = actions.open_round(actor=staff(cast.village_head), election=scene.election)
    a, b = (candidate.person.name for candidate in scene.candidates["chair"])
    m1, m2, m3 = (candidate.person.name for candidate in scene.candidates["member"])
    # 8 voters: a gets 5 (> 4), b 3; members m1 6, m2 4 (exactly half: not elected), m3 2.
    plan = [(a, [m1, m2]), (a, [m1, m2]), (a, [m1, m2]), (a, [m1, m2]), (a, [m1, m3]), (b, [m1, m3]), (b, []), (b, [])]
    for index, (chair, members) in enumerate(plan):
        _vote(scene, round_, index, {"chair": [chair], "member": members})
    result = _close_and_count(scene, cast, round_)
    assert result.is_valid
    posts = {post.post: post for post in result.posts}
    assert [posts["chair"].labels[key] for key in posts["chair"].elected] == [a]
    assert [posts["member"].labels[key] for key in posts["member"].elected] == [m1]
    assert posts["member"].unfilled == 1
    with translation.override("en"):
        text = " ".join(line.text for line in posts["member"].lines)
    assert f"{m2}: Votes 4 of all who voted 8: not more than half" in text


def test_tie_then_revote(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=10)
    head = staff(cast.village_head)
    round_ = actions.open_round(actor=head, election=scene.election)
    a = scene.candidates["chair"][0].person.name
    m1, m2, m3 = (candidate.person.name for candidate in scene.candidates["member"])
    # 8 voters: m1 8 votes; m2 and m3 5 each, both more than half of 8: a tie for the second seat.
    plan = [[m1, m2]] * 3 + [[m1, m3]] * 3 + [[m2, m3]] * 2
    for index, members in enumerate(plan):
        _vote(scene, round_, index, {"chair": [a], "member": members})
    result = _close_and_count(scene, cast, round_)
    member = next(post for post in result.posts if post.post == "member")
    assert [member.labels[key] for key in member.elected] == [m1]
    assert sorted(member.labels[key] for key in member.revote_options) == sorted([m2, m3]) and member.revote_seats == 1
    state = progress(scene.election)
    assert [step.kind for step in state.steps] == [RoundKind.REVOTE] and not state.can_announce
    revote = actions.open_round(actor=head, election=scene.election, kind=RoundKind.REVOTE)
    assert sorted(option_ids(revote, "member")) == sorted([m2, m3])
    for index, name in enumerate([m2, m2, m3, m2, m3, m2]):
        _vote(scene, revote, index, {"member": [name]})
    revote_result = _close_and_count(scene, cast, revote)
    elected = next(post for post in revote_result.posts if post.post == "member")
    assert [elected.labels[key] for key in elected.elected] == [m2]
    assert progress(scene.election).can_announce


def test_runoff_with_the_one_third_floor(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=12, seats={"chair": 1, "member": 2}, candidates={"chair": 2, "member": 4})
    head = staff(cast.village_head)
    round_ = actions.open_round(actor=head, election=scene.election)
    a = scene.candidates["chair"][0].person.name
    m1, m2, m3, m4 = (candidate.person.name for candidate in scene.candidates["member"])
    # 10 voters: m1 6 (> 5, elected), m2 4, m3 3, m4 2: one seat unfilled.
    plan = [[m1, m2]] * 4 + [[m1, m3]] * 2 + [[m3]] + [[m4]] * 2 + [[]]
    for index, members in enumerate(plan):
        _vote(scene, round_, index, {"chair": [a], "member": members})
    _close_and_count(scene, cast, round_)
    state = progress(scene.election)
    assert state.vacancy is not None and state.vacancy.runoff_required
    step = state.steps[0]
    assert step.kind == RoundKind.RUNOFF and step.required
    seats, pool = step.posts["member"]
    assert seats == 1 and len(pool) >= 2
    runoff = actions.open_round(actor=head, election=scene.election, kind=RoundKind.RUNOFF)
    names = sorted(option_ids(runoff, "member"))
    assert m1 not in names and m2 in names
    # 9 voters: m2 gets 3 = one third of 9 ballots: elected (三分之一 inclusive, CW-10).
    plan = [[m2]] * 3 + [[names[-1]]] * 2 + [[]] * 4
    for index, members in enumerate(plan):
        _vote(scene, runoff, index, {"member": members})
    result = _close_and_count(scene, cast, runoff)
    member = next(post for post in result.posts if post.post == "member")
    assert [member.labels[key] for key in member.elected] == [m2]
    with translation.override("zh-hans"):
        text = " ".join(line.text for line in member.lines)
    assert f"{m2}：得票 3票 / 已投选票总数 9张，达到三分之一 ✓" in text
    assert progress(scene.election).can_announce


def test_runoff_below_the_floor_leaves_the_seat_unfilled(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=12, seats={"chair": 1, "member": 2}, candidates={"chair": 2, "member": 4})
    head = staff(cast.village_head)
    round_ = actions.open_round(actor=head, election=scene.election)
    a = scene.candidates["chair"][0].person.name
    m1, m2, m3, m4 = (candidate.person.name for candidate in scene.candidates["member"])
    plan = [[m1, m2]] * 4 + [[m1, m3]] * 2 + [[m3]] + [[m4]] * 2 + [[]]
    for index, members in enumerate(plan):
        _vote(scene, round_, index, {"chair": [a], "member": members})
    _close_and_count(scene, cast, round_)
    runoff = actions.open_round(actor=head, election=scene.election, kind=RoundKind.RUNOFF)
    # 10 voters, m2 3 votes: 3 * 3 < 10, below one third: nobody elected.
    plan = [[m2]] * 3 + [[m3]] * 2 + [[]] * 5
    for index, members in enumerate(plan):
        _vote(scene, runoff, index, {"member": members})
    result = _close_and_count(scene, cast, runoff)
    member = next(post for post in result.posts if post.post == "member")
    assert member.elected == [] and member.unfilled == 1
    state = progress(scene.election)
    assert state.can_announce  # a run-off was held; the seat may now stay vacant or go to another run-off
    assert state.vacancy is not None


def test_the_result_is_announced_with_figures_against_the_bar(village_scene, cast: Cast, client: Client) -> None:
    scene: Scene = village_scene(voters=8)
    head = staff(cast.village_head)
    round_ = actions.open_round(actor=head, election=scene.election)
    a = scene.candidates["chair"][0].person.name
    m1, m2, _m3 = (candidate.person.name for candidate in scene.candidates["member"])
    for index in range(8):
        _vote(scene, round_, index, {"chair": [a], "member": [m1, m2]})
    _close_and_count(scene, cast, round_)
    actions.announce_result(actor=head, election=scene.election)
    scene.election.refresh_from_db()
    assert scene.election.phase == Phase.ANNOUNCED
    notice = scene.election.result_notice
    assert notice is not None and notice.is_public
    assert "96.1" in notice.body and "98.3" in notice.body
    assert f"{a}（8票）" in notice.body or f"{a} (8" in notice.body
    assert "/elections/rounds/" in notice.body
    mandates = Mandate.objects.filter(election=scene.election)
    assert mandates.count() == 3
    assert RoleAssignment.objects.filter(
        role="committee_member", place=scene.election.community, person__name=a
    ).exists()
    pdf = client.get(f"/disclosure/notices/{notice.pk}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    page = client.get(f"/elections/{scene.election.pk}/").content.decode()
    assert f"/disclosure/notices/{notice.pk}/pdf" in page

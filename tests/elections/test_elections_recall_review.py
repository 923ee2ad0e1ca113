"""Recall (CW-15, CW-16), by-election (CW-17) and the annual review (CW-28)."""

import datetime

import pytest

from tests.elections.conftest import Scene, online, option_ids, staff
from tests.factories import give_role
from tests.fixtures import Cast
from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError
from yishi.audit.models import Channel
from yishi.elections import actions
from yishi.elections.models import EndReason, Mandate, RecallStatus, RoundKind
from yishi.people.permissions import today

SYSTEM = Actor.system()


def _elected(village_scene, cast: Cast, *, voters: int = 10) -> Scene:
    scene: Scene = village_scene(voters=voters)
    head = staff(cast.village_head)
    round_ = actions.open_round(actor=head, election=scene.election)
    ids = {post: option_ids(round_, post) for post in ("chair", "member")}
    a = scene.candidates["chair"][0].person.name
    m1, m2, _m3 = (candidate.person.name for candidate in scene.candidates["member"])
    for index in range(voters):
        actions.cast_online(
            actor=online(scene.user(index)),
            round_=round_,
            choices={"chair": [ids["chair"][a]], "member": [ids["member"][m1], ids["member"][m2]]},
        )
    actions.close_round(actor=head, round_=round_)
    actions.count_round(actor=head, round_=round_)
    actions.announce_result(actor=head, election=scene.election)
    return scene


def test_recall_needs_a_fifth_of_the_voters_and_reasons(village_scene, cast: Cast) -> None:
    scene = _elected(village_scene, cast)
    mandate = Mandate.objects.get(election=scene.election, post="chair")
    request = actions.lodge_recall(actor=online(scene.user(5)), mandate=mandate, reasons="长期不在岗")
    assert request.signers.count() == 1
    head = staff(cast.village_head)
    with pytest.raises(ActionError) as refused:
        actions.start_recall(actor=head, request=request)
    assert refused.value.code == "recall_thresholds"
    assert "1人" in str(refused.value.message) or "1 of" in str(refused.value.message)
    # 11 registered (the scene's 10 and 周大伯): 3 signers reach one fifth (3 * 5 >= 11).
    actions.sign_recall(actor=online(scene.user(6)), request=request)
    with pytest.raises(ActionError):
        actions.sign_recall(actor=online(scene.user(6)), request=request)
    actions.sign_recall(actor=online(scene.user(7)), request=request)
    started = actions.start_recall(actor=head, request=request)
    assert started.status == RecallStatus.STARTED
    with pytest.raises(ActionError):
        actions.lodge_recall(actor=online(scene.user(8)), mandate=mandate, reasons="again")


def test_a_third_of_the_representatives_may_start_a_recall(village_scene, cast: Cast) -> None:
    scene = _elected(village_scene, cast)
    mandate = Mandate.objects.get(election=scene.election, post="chair")
    representatives = scene.people[6:10]
    for person in representatives:
        give_role(person, "resident_representative", scene.election.community)
    head = staff(cast.village_head)
    request = actions.lodge_recall(actor=head, mandate=mandate, reasons="违反财务制度")
    actions.sign_recall(actor=head, request=request, person=representatives[0], as_representative=True)
    with pytest.raises(ActionError):
        actions.start_recall(actor=head, request=request)
    with pytest.raises(ActionError):
        actions.sign_recall(actor=head, request=request, person=scene.people[3], as_representative=True)
    actions.sign_recall(actor=head, request=request, person=representatives[1], as_representative=True)
    assert actions.start_recall(actor=head, request=request)  # 2 of 4 representatives: one third or more
    request.refresh_from_db()
    assert request.status == RecallStatus.STARTED


def test_a_recall_vote_removes_the_member_and_a_by_election_fills_the_seat(village_scene, cast: Cast) -> None:
    scene = _elected(village_scene, cast)
    head = staff(cast.village_head)
    mandate = Mandate.objects.get(election=scene.election, post="chair")
    request = actions.lodge_recall(actor=head, mandate=mandate, reasons="理由")
    for index in (1, 2, 3):
        actions.sign_recall(actor=head, request=request, person=scene.people[index])
    actions.start_recall(actor=head, request=request)
    actions.respond_to_recall(actor=online(scene.user(0)), request=request, response="我有异议")
    round_ = actions.open_recall_vote(actor=head, request=request)
    assert round_.kind == RoundKind.RECALL
    approve, reject = (option.pk for option in round_.options.order_by("order"))
    # 11 registered, 7 vote (> half), 4 approve (> half of 7): recalled.
    for index in range(7):
        actions.cast_online(
            actor=online(scene.user(index + 1)), round_=round_, choices={"recall": [approve if index < 4 else reject]}
        )
    actions.close_round(actor=head, round_=round_)
    result = actions.count_round(actor=head, round_=round_)
    assert result.recall is not None and result.recall.recalled
    mandate.refresh_from_db()
    assert mandate.end_reason == EndReason.RECALLED and mandate.ended_on == today()
    assert mandate.role_assignment is not None and mandate.role_assignment.ends_on == today()
    request.refresh_from_db()
    assert request.status == RecallStatus.RECALLED
    by = actions.record_by_election(
        actor=head,
        election=scene.election,
        body="villagers_assembly",
        post="chair",
        seats=1,
        held_on=today(),
        members=11,
        voters=8,
        votes={scene.people[5]: 6, scene.people[6]: 2},
        recall=request,
    )
    assert by.is_valid
    seat = Mandate.objects.get(by_election=by)
    assert seat.person == scene.people[5] and seat.term_ends_on == mandate.term_ends_on


def test_a_recall_vote_without_enough_voters_keeps_the_member(village_scene, cast: Cast) -> None:
    scene = _elected(village_scene, cast)
    head = staff(cast.village_head)
    mandate = Mandate.objects.get(election=scene.election, post="chair")
    request = actions.lodge_recall(actor=head, mandate=mandate, reasons="理由")
    for index in (1, 2, 3):
        actions.sign_recall(actor=head, request=request, person=scene.people[index])
    actions.start_recall(actor=head, request=request)
    round_ = actions.open_recall_vote(actor=head, request=request)
    approve = round_.options.order_by("order").first().pk
    for index in range(5):
        actions.cast_online(actor=online(scene.user(index + 1)), round_=round_, choices={"recall": [approve]})
    actions.close_round(actor=head, round_=round_)
    result = actions.count_round(actor=head, round_=round_)
    assert result.recall is not None and not result.recall.recalled and not result.recall.turnout_met
    mandate.refresh_from_db()
    assert mandate.ended_on is None


def _review(scene: Scene, cast: Cast, year: int, ratings: dict[int, str], closed: datetime.date):
    supervisor = Actor(user=None, acting_role="system", channel=Channel.SYSTEM)
    review = actions.open_review(actor=supervisor, community=scene.election.community, year=year, on=closed)
    mandate = Mandate.objects.get(election=scene.election, post="chair")
    for index, rating in ratings.items():
        actions.rate_member(actor=online(scene.user(index)), review=review, mandate=mandate, rating=rating)
    actions.close_review(actor=supervisor, review=review, on=closed)
    mandate.refresh_from_db()
    return mandate


def test_two_consecutive_unfit_reviews_end_office(village_scene, cast: Cast) -> None:
    scene = _elected(village_scene, cast)
    unfit = dict.fromkeys(range(1, 5), "incompetent") | {5: "competent"}
    first = today() + datetime.timedelta(days=1)
    second = first.replace(year=first.year + 1)
    mandate = _review(scene, cast, first.year, unfit, first)
    assert mandate.ended_on is None
    mandate = _review(scene, cast, second.year, unfit, second)
    assert mandate.ended_on == second and mandate.end_reason == EndReason.REVIEW and mandate.is_flagged_unfit
    assert mandate.role_assignment is not None and mandate.role_assignment.ends_on == second


def test_unfit_then_fit_keeps_office(village_scene, cast: Cast) -> None:
    scene = _elected(village_scene, cast)
    unfit = dict.fromkeys(range(1, 5), "incompetent")
    fit = dict.fromkeys(range(1, 5), "competent")
    first = today() + datetime.timedelta(days=1)
    mandate = _review(scene, cast, first.year, unfit, first)
    mandate = _review(scene, cast, first.year + 1, fit, first.replace(year=first.year + 1))
    assert mandate.ended_on is None


def test_only_the_supervision_committee_opens_a_review(village_scene, cast: Cast) -> None:
    scene = _elected(village_scene, cast)
    with pytest.raises(ActionError) as refused:
        actions.open_review(actor=staff(cast.village_head), community=scene.election.community, year=today().year)
    assert refused.value.status == 403
    supervisor_person = scene.people[9]
    give_role(supervisor_person, "supervision_member", scene.election.community)
    review = actions.open_review(actor=staff(scene.user(9)), community=scene.election.community, year=today().year)
    mandate = Mandate.objects.get(election=scene.election, post="chair")
    actions.submit_report(actor=online(scene.user(0)), review=review, mandate=mandate, text="一年工作")
    with pytest.raises(ActionError):
        actions.submit_report(actor=online(scene.user(6)), review=review, mandate=mandate, text="冒名")
    actions.rate_member(actor=online(scene.user(3)), review=review, mandate=mandate, rating="competent")
    with pytest.raises(ActionError):
        actions.rate_member(actor=online(scene.user(3)), review=review, mandate=mandate, rating="competent")
    with pytest.raises(ActionError):
        actions.rate_member(actor=online(cast.resident), review=review, mandate=mandate, rating="incompetent")

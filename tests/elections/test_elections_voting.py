"""Casting: the online ballot, the polling station, mobile boxes, proxies, teller batches; one ballot per voter."""

import pytest

from tests.elections.conftest import Scene, online, option_ids, registration_of, staff
from tests.fixtures import Cast
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord
from yishi.elections import actions
from yishi.elections.models import Ballot, BallotMark, RegisterMark, TellerBatch
from yishi.people.permissions import today


def _open(scene: Scene, cast: Cast):
    return actions.open_round(actor=staff(cast.village_head), election=scene.election)


def test_an_online_ballot_marks_the_register_with_the_day_only(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8)
    round_ = _open(scene, cast)
    chair = list(option_ids(round_, "chair").values())
    members = list(option_ids(round_, "member").values())
    receipt = actions.cast_online(
        actor=online(scene.user(6)), round_=round_, choices={"chair": chair[:1], "member": members[:2]}
    )
    mark = RegisterMark.objects.get(round=round_)
    assert mark.registration == registration_of(scene, 6) and mark.channel == "online" and mark.voted_on == today()
    ballot = Ballot.objects.get(round=round_)
    assert ballot.receipt == receipt and ballot.marks.count() == 3
    audit = AuditRecord.objects.get(verb="election.register_mark")
    text = str(audit.changes) + audit.target_id + audit.target_label + audit.note
    assert str(ballot.pk) not in text and receipt not in text
    assert all(str(option) not in str(audit.changes) for option in chair + members if option > 999)


def test_more_names_than_seats_is_refused_and_writes_nothing(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8)
    round_ = _open(scene, cast)
    members = list(option_ids(round_, "member").values())
    with pytest.raises(ActionError) as refused:
        actions.cast_online(actor=online(scene.user(6)), round_=round_, choices={"member": members})
    assert refused.value.code == "ballot_too_many"
    assert not RegisterMark.objects.exists() and not Ballot.objects.exists()


def test_one_ballot_per_voter_across_channels(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8)
    round_ = _open(scene, cast)
    actions.cast_online(actor=online(scene.user(6)), round_=round_, choices={})
    with pytest.raises(ActionError) as refused:
        actions.mark_at_station(actor=staff(cast.village_head), round_=round_, registration=registration_of(scene, 6))
    assert refused.value.code == "vote_twice"
    with pytest.raises(ActionError):
        actions.cast_online(actor=online(scene.user(6)), round_=round_, choices={})
    assert RegisterMark.objects.count() == 1 and Ballot.objects.count() == 1


def test_a_teller_batch_that_does_not_add_up_is_refused_with_the_figures(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8)
    round_ = _open(scene, cast)
    head = staff(cast.village_head)
    for index in range(3):
        actions.mark_at_station(actor=head, round_=round_, registration=registration_of(scene, index))
    chair = list(option_ids(round_, "chair").values())
    with pytest.raises(ActionError) as refused:
        actions.enter_batch(
            actor=head,
            round_=round_,
            label="一组投票站",
            ballots_in_box=3,
            blank=0,
            spoiled=0,
            counts={chair[0]: 2, chair[1]: 2},
        )
    message = str(refused.value.message)
    assert refused.value.code == "batch_post_exceeds_seats"
    assert "4" in message and "3" in message
    assert not TellerBatch.objects.exists()
    with pytest.raises(ActionError) as parts:
        actions.enter_batch(
            actor=head, round_=round_, label="一组投票站", ballots_in_box=3, blank=2, spoiled=2, counts={}
        )
    assert parts.value.code == "batch_parts_exceed_box"
    batch = actions.enter_batch(
        actor=head, round_=round_, label="一组投票站", ballots_in_box=3, blank=0, spoiled=1, counts={chair[0]: 2}
    )
    assert batch.counts.get().votes == 2


def test_a_mobile_box_needs_three_monitors(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8)
    round_ = _open(scene, cast)
    head = staff(cast.village_head)
    with pytest.raises(ActionError) as refused:
        actions.create_mobile_box(actor=head, round_=round_, name="东线", monitors=scene.people[:2])
    assert refused.value.code == "box_refused" and "3" in str(refused.value.message)
    box = actions.create_mobile_box(actor=head, round_=round_, name="东线", monitors=scene.people[:3])
    mark = actions.serve_by_mobile_box(actor=head, box=box, registration=registration_of(scene, 7))
    assert mark.channel == "mobile_box" and mark.mobile_box == box
    chair = list(option_ids(round_, "chair").values())
    batch = actions.enter_batch(
        actor=head, round_=round_, label="", ballots_in_box=1, blank=0, spoiled=0, counts={chair[0]: 1}, mobile_box=box
    )
    assert batch.label == "东线"
    with pytest.raises(ActionError):
        actions.serve_by_mobile_box(actor=head, box=box, registration=registration_of(scene, 6))


def test_zhejiang_mobile_box_needs_approval_and_a_list(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8, profile="zhejiang")
    round_ = _open(scene, cast)
    with pytest.raises(ActionError):
        actions.create_mobile_box(actor=staff(cast.village_head), round_=round_, name="山里", monitors=scene.people[:3])
    actions.create_mobile_box(
        actor=staff(cast.village_head),
        round_=round_,
        name="山里",
        monitors=scene.people[:3],
        township_approved=True,
        voter_list_published=True,
    )


def test_a_proxy_over_the_cap_is_refused(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=9, profile="shanghai")
    head = staff(cast.village_head)
    holder = registration_of(scene, 0)
    for index in (1, 2, 3):
        actions.register_proxy(
            actor=head,
            election=scene.election,
            grantor=registration_of(scene, index),
            holder=holder,
            relation="sibling",
            written_reference=f"委托书{index}",
            grantor_away=True,
        )
    with pytest.raises(ActionError) as refused:
        actions.register_proxy(
            actor=head,
            election=scene.election,
            grantor=registration_of(scene, 4),
            holder=holder,
            relation="sibling",
            written_reference="委托书4",
            grantor_away=True,
        )
    assert refused.value.code == "proxy_refused" and "3" in str(refused.value.message)


@pytest.mark.parametrize(
    ("relation", "written", "away", "code"),
    [
        ("other", "委托书", True, "proxy_refused"),
        ("spouse", "", True, "proxy_refused"),
        ("spouse", "委托书", False, "proxy_refused"),
    ],
)
def test_a_proxy_must_be_written_from_an_absent_voter_to_a_close_relative(
    village_scene, cast: Cast, relation: str, written: str, away: bool, code: str
) -> None:
    scene: Scene = village_scene(voters=8)
    with pytest.raises(ActionError) as refused:
        actions.register_proxy(
            actor=staff(cast.village_head),
            election=scene.election,
            grantor=registration_of(scene, 1),
            holder=registration_of(scene, 0),
            relation=relation,
            written_reference=written,
            grantor_away=away,
        )
    assert refused.value.code == code


def test_no_sub_delegation_in_shanghai(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8, profile="shanghai")
    head = staff(cast.village_head)
    actions.register_proxy(
        actor=head,
        election=scene.election,
        grantor=registration_of(scene, 1),
        holder=registration_of(scene, 0),
        relation="spouse",
        written_reference="委托书",
        grantor_away=True,
    )
    with pytest.raises(ActionError):
        actions.register_proxy(
            actor=head,
            election=scene.election,
            grantor=registration_of(scene, 0),
            holder=registration_of(scene, 7),
            relation="child",
            written_reference="委托书",
            grantor_away=True,
        )


def test_the_proxy_holder_votes_for_the_absent_voter(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8)
    head = staff(cast.village_head)
    actions.register_proxy(
        actor=head,
        election=scene.election,
        grantor=registration_of(scene, 1),
        holder=registration_of(scene, 7),
        relation="parent",
        written_reference="委托书",
        grantor_away=True,
    )
    actions.publish_proxy_lists(actor=head, election=scene.election)
    round_ = _open(scene, cast)
    actions.cast_online(actor=online(scene.user(7)), round_=round_, choices={}, for_voter=registration_of(scene, 1))
    actions.cast_online(actor=online(scene.user(7)), round_=round_, choices={})
    marks = {mark.registration_id: mark.by_proxy for mark in RegisterMark.objects.filter(round=round_)}
    assert marks == {registration_of(scene, 1).pk: True, registration_of(scene, 7).pk: False}
    with pytest.raises(ActionError):
        actions.cast_online(actor=online(scene.user(1)), round_=round_, choices={})
    with pytest.raises(ActionError):
        actions.cast_online(actor=online(scene.user(6)), round_=round_, choices={}, for_voter=registration_of(scene, 2))


def test_zhejiang_an_unpublished_proxy_is_void(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8, profile="zhejiang")
    actions.register_proxy(
        actor=staff(cast.village_head),
        election=scene.election,
        grantor=registration_of(scene, 1),
        holder=registration_of(scene, 7),
        relation="parent",
        written_reference="委托书",
        grantor_away=True,
    )
    round_ = _open(scene, cast)
    with pytest.raises(ActionError) as refused:
        actions.cast_online(actor=online(scene.user(7)), round_=round_, choices={}, for_voter=registration_of(scene, 1))
    assert refused.value.code == "proxy_invalid"
    assert not BallotMark.objects.exists()

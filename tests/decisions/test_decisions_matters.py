"""Decisions on matters: the basis proposed from what a matter touches, the draft opened from a deliberation
outcome, the matter's timeline and status, and 四议两公开 in a village."""

import datetime

import pytest
from django.utils import timezone

from tests.decisions.conftest import Owners, actor, make_matter, past_closing
from tests.factories import give_role, make_person
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError
from yishi.decisions import actions, queries
from yishi.decisions.models import FourTwoRecord, RollEntry, Vote, VoteStatus
from yishi.disclosure.models import Notice
from yishi.matters.models import Matter, MatterEvent, MatterStatus

pytestmark = pytest.mark.django_db


def run_to_result(cast: Cast, vote: Vote, *, agree: bool) -> Vote:
    for entry in RollEntry.objects.filter(vote=vote):
        actions.enter_ballot(
            actor=actor(cast.director),
            vote=vote,
            entry=entry,
            option="agree" if agree else "disagree",
            channel="paper",
            paper_reference=f"P-{entry.number}",
            witness="张监督",
        )
    actions.close_vote(actor=actor(cast.director), vote=vote)
    actions.count_vote(actor=actor(cast.director), vote=vote)
    actions.publish_result(actor=actor(cast.director), vote=vote)
    return Vote.objects.get(pk=vote.pk)


@pytest.mark.parametrize(
    ("where", "scope", "owners_matter", "basis"),
    [
        ("compound", "single_compound", None, "online"),
        ("building", "single_compound", None, "online"),
        ("community", "whole_community", None, "residents_assembly"),
        ("community", "several_compounds", None, "residents_assembly"),
        ("building", "single_compound", "raise_maintenance_fund", "owners"),
    ],
)
def test_the_basis_is_proposed_from_what_the_matter_touches(
    world: World, where: str, scope: str, owners_matter: str | None, basis: str
) -> None:
    matter = make_matter(getattr(world, where), world.community, scope=scope)
    assert queries.suggest_for_matter(matter, owners_matter=owners_matter).basis == basis


def test_a_village_matter_follows_four_two(world: World) -> None:
    matter = make_matter(world.village, world.village, scope="whole_community")
    suggestion = queries.suggest_for_matter(matter)
    assert suggestion.basis == "four_two_resolution" and suggestion.resolving_body == "villagers_assembly"
    group = make_matter(world.village_group, world.village, scope="single_compound")
    assert queries.suggest_for_matter(group).basis == "villager_group"


def test_open_decision_for_matter_drafts_the_suggested_vote(world: World, cast: Cast) -> None:
    matter = make_matter(world.compound, world.community, scope="single_compound")
    vote = actions.open_decision_for_matter(actor=actor(cast.director), matter=matter)
    assert (vote.status, vote.basis, vote.place, vote.matter) == (VoteStatus.DRAFT, "online", world.compound, matter)
    assert vote.electorate == "adults" and (vote.threshold_numerator, vote.threshold_denominator) == (1, 2)
    assert "地下车库加装充电桩" in vote.question
    assert MatterEvent.objects.filter(matter=matter, kind="decision.vote_drafted", is_public=False).exists()


def test_staff_may_confirm_another_basis(world: World, cast: Cast, owners: Owners) -> None:
    matter = make_matter(world.building, world.community, scope="single_compound")
    vote = actions.open_decision_for_matter(
        actor=actor(cast.director), matter=matter, basis="owners", owners_matter="use_maintenance_fund"
    )
    assert (vote.basis, vote.owners_matter, vote.place) == ("owners", "use_maintenance_fund", world.building)


def test_the_matter_moves_with_its_vote(world: World, cast: Cast) -> None:
    matter = make_matter(world.compound, world.community, scope="single_compound")
    vote = actions.open_decision_for_matter(actor=actor(cast.director), matter=matter)
    vote = actions.open_vote(actor=actor(cast.director), vote=vote)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.DECIDING
    opened = MatterEvent.objects.get(matter=matter, kind="decision.vote_opened")
    assert opened.notice == vote.roll_notice and opened.status_to == MatterStatus.DECIDING
    vote = run_to_result(cast, past_closing(vote), agree=True)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.IMPLEMENTING
    published = MatterEvent.objects.get(matter=matter, kind="decision.result_published")
    assert published.notice == vote.result_notice
    assert "通过" in published.title and "✓" in published.text


def test_a_failed_motion_goes_back_to_deliberation(world: World, cast: Cast) -> None:
    matter = make_matter(world.compound, world.community, scope="single_compound")
    vote = actions.open_vote(
        actor=actor(cast.director), vote=actions.open_decision_for_matter(actor=actor(cast.director), matter=matter)
    )
    run_to_result(cast, past_closing(vote), agree=False)
    assert Matter.objects.get(pk=matter.pk).status == MatterStatus.DELIBERATING


def test_a_matter_must_have_its_outcome_reviewed_before_the_vote_opens(world: World, cast: Cast) -> None:
    matter = make_matter(world.compound, world.community, status="deliberating", scope="single_compound")
    vote = actions.open_decision_for_matter(actor=actor(cast.director), matter=matter)
    with pytest.raises(ActionError) as raised:
        actions.open_vote(actor=actor(cast.director), vote=vote)
    assert raised.value.code == "vote_matter_not_ready"
    assert not Notice.objects.exists()
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.DRAFT


def test_the_result_notice_carries_question_basis_figures_and_explanation(world: World, cast: Cast) -> None:
    matter = make_matter(world.compound, world.community, scope="single_compound")
    vote = actions.open_vote(
        actor=actor(cast.director), vote=actions.open_decision_for_matter(actor=actor(cast.director), matter=matter)
    )
    vote = run_to_result(cast, past_closing(vote), agree=True)
    notice = vote.result_notice
    assert notice is not None and notice.kind == "decision" and notice.status == "published"
    assert vote.question in notice.body
    assert "本小区居民线上表决" in notice.body
    assert "同意：2" in notice.body
    assert "✓（本社区自定的表决规则）" in notice.body


# --- 四议两公开 ------------------------------------------------------------------------------------------------


def test_four_two_in_order_with_the_assemblys_resolution(world: World, cast: Cast) -> None:
    matter = make_matter(world.village, world.village, scope="whole_community")
    sequence = actions.start_four_two(actor=actor(cast.village_head), matter=matter)
    day = datetime.date(2026, 5, 1)
    for offset, step in enumerate(["party_proposal", "joint_deliberation"]):
        actions.record_four_two_step(
            actor=actor(cast.village_head), sequence=sequence, step=step, on=day + datetime.timedelta(days=offset)
        )
    with pytest.raises(ActionError) as raised:
        actions.record_four_two_step(actor=actor(cast.village_head), sequence=sequence, step="resolution", on=day)
    assert raised.value.code in {"four_two_resolution_vote_missing", "four_two_out_of_order"}
    with pytest.raises(ActionError) as raised:
        actions.record_four_two_step(
            actor=actor(cast.village_head), sequence=sequence, step="results_published", on=day
        )
    assert raised.value.code == "four_two_out_of_order"
    actions.record_four_two_step(
        actor=actor(cast.village_head),
        sequence=sequence,
        step="party_members_review",
        on=day + datetime.timedelta(days=3),
        party_members=12,
        party_present=10,
    )
    villager = make_person("村民甲", world.village_units[1], birth_date=datetime.date(1970, 1, 1))
    give_role(villager, "party_member", world.village)
    vote = actions.open_decision_for_matter(actor=actor(cast.village_head), matter=matter)
    assert vote.basis == "four_two_resolution"
    vote = actions.open_vote(actor=actor(cast.village_head), vote=vote)
    entries = list(RollEntry.objects.filter(vote=vote))
    actions.record_attendance(actor=actor(cast.village_head), vote=vote, entries=entries, present=True)
    actions.record_show_of_hands(actor=actor(cast.village_head), vote=vote, agree=len(entries), disagree=0, abstain=0)
    actions.close_vote(actor=actor(cast.village_head), vote=vote)
    actions.count_vote(actor=actor(cast.village_head), vote=vote)
    actions.record_four_two_step(
        actor=actor(cast.village_head),
        sequence=sequence,
        step="resolution",
        on=day + datetime.timedelta(days=10),
        resolution_vote=vote,
    )
    actions.publish_result(actor=actor(cast.village_head), vote=vote)
    # Publishing the resolving vote's result is step 5, recorded with its notice.
    published = FourTwoRecord.objects.get(sequence=sequence, step="resolution_published")
    assert published.notice == Vote.objects.get(pk=vote.pk).result_notice
    outcome = queries.evaluate_sequence(sequence)
    assert outcome.in_order and outcome.resolution_valid
    assert outcome.next_step == "results_published"
    actions.record_four_two_step(
        actor=actor(cast.village_head), sequence=sequence, step="results_published", on=timezone.localdate()
    )
    assert queries.evaluate_sequence(sequence).complete
    assert MatterEvent.objects.filter(matter=matter, kind="decision.four_two_step").count() == 6


def test_four_two_is_for_villages(world: World, cast: Cast) -> None:
    matter = make_matter(world.compound, world.community)
    with pytest.raises(ActionError) as raised:
        actions.start_four_two(actor=actor(cast.director), matter=matter)
    assert raised.value.code == "four_two_not_village"


def test_the_resolution_must_be_this_matters_counted_assembly_vote(world: World, cast: Cast, owners: Owners) -> None:
    matter = make_matter(world.village, world.village, scope="whole_community")
    sequence = actions.start_four_two(actor=actor(cast.village_head), matter=matter, allow_merged_proposal=True)
    actions.record_four_two_step(
        actor=actor(cast.village_head), sequence=sequence, step="joint_deliberation", on=datetime.date(2026, 5, 1)
    )
    actions.record_four_two_step(
        actor=actor(cast.village_head), sequence=sequence, step="party_members_review", on=datetime.date(2026, 5, 2)
    )
    other = actions.open_vote(
        actor=actor(cast.director),
        vote=actions.open_decision_for_matter(
            actor=actor(cast.director), matter=make_matter(world.compound, world.community, scope="single_compound")
        ),
    )
    with pytest.raises(ActionError) as raised:
        actions.record_four_two_step(
            actor=actor(cast.village_head),
            sequence=sequence,
            step="resolution",
            on=datetime.date(2026, 5, 3),
            resolution_vote=other,
        )
    assert raised.value.code == "four_two_resolution_vote_wrong"
    assert not FourTwoRecord.objects.filter(sequence=sequence, step="resolution").exists()

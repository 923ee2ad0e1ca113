"""Ballots: one per line of the roll across every channel, idempotent retries, co-owners and agents, changes,
secret ballots kept apart from the voter, and every bad ballot refused with a translated message and no count."""

import datetime

import pytest
from django.utils import timezone, translation

from tests.decisions.conftest import Owners, actor, create, draft, entry_of, in_chinese, open_, with_settings
from tests.factories import make_person, make_user
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord
from yishi.decisions import actions
from yishi.decisions.models import (
    Ballot,
    Participation,
    SecretBallot,
    Submission,
    Vote,
    VoteStatus,
)

pytestmark = pytest.mark.django_db


def resident(user: User) -> Actor:
    return actor(user, "resident")


def paper(cast: Cast, vote: Vote, name: str, option: str = "agree", **extra: str) -> actions.Receipt:
    return actions.enter_ballot(
        actor=actor(cast.director),
        vote=vote,
        entry=entry_of(vote, name),
        option=option,
        channel=extra.pop("channel", "paper"),
        paper_reference=extra.pop("paper_reference", "P-001"),
        witness=extra.pop("witness", "张监督"),
        **extra,
    )


def counted(vote: Vote) -> int:
    return Ballot.objects.filter(vote=vote).count() + Participation.objects.filter(vote=vote).count()


# --- one ballot per line, on any channel ------------------------------------------------------------------


def test_online_then_paper_is_refused(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree")
    with translation.override("zh-hans"), pytest.raises(ActionError) as raised:
        paper(cast, vote, "刘先生", option="disagree")
    assert raised.value.code == "ballot_already_cast"
    assert "不能再投第二次" in in_chinese(raised.value.message)
    assert Ballot.objects.get(vote=vote).option.kind == "agree"


def test_paper_then_online_is_refused(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "online")
    paper(cast, vote, "刘先生", channel="assisted", paper_reference="")
    with translation.override("en"), pytest.raises(ActionError) as raised:
        actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="disagree")
    assert raised.value.code == "ballot_already_cast"
    with translation.override("en"):
        assert "second one is not accepted" in str(raised.value.message)
    assert counted(vote) == 1


def test_the_second_co_owner_is_refused(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    paper(cast, vote, "陈阿姨", option="agree")  # the elder's paper ballot, entered by staff
    with pytest.raises(ActionError) as raised:
        actions.cast_ballot(actor=resident(owners.son_user), vote=vote, option="disagree")
    assert raised.value.code == "ballot_already_cast"
    assert Ballot.objects.get(vote=vote).option.kind == "agree"


def test_a_replayed_request_returns_the_same_receipt_and_counts_once(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    first = actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree", idempotency_key="same-key")
    again = actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree", idempotency_key="same-key")
    assert again.replayed and not first.replayed
    assert (again.entry_number, again.revision, again.option, again.channel) == (
        first.entry_number,
        first.revision,
        first.option,
        first.channel,
    )
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert Submission.objects.filter(vote=vote).count() == 1
    assert AuditRecord.objects.filter(verb="ballot.cast").count() == 1


def test_a_replayed_staff_entry_counts_once(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    paper(cast, vote, "陈阿姨", idempotency_key="form-1")
    replay = paper(cast, vote, "陈阿姨", idempotency_key="form-1")
    assert replay.replayed
    assert Ballot.objects.filter(vote=vote).count() == 1


# --- who may cast ------------------------------------------------------------------------------------------


def test_someone_not_on_the_roll_is_refused(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    with translation.override("zh-hans"), pytest.raises(NotPermitted) as raised:
        actions.cast_ballot(actor=resident(cast.villager), vote=vote, option="agree")
    assert raised.value.code == "ballot_not_on_roll"
    assert "不在本次表决的名单上" in in_chinese(raised.value.message)
    assert counted(vote) == 0


def test_an_agent_with_a_written_authority_votes_yz9(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    agent = make_person("代理人", world.units[2], birth_date=datetime.date(1980, 1, 1))
    agent_user = make_user(agent)
    with pytest.raises(ActionError) as raised:
        actions.record_authority(
            actor=actor(cast.director), vote=vote, entry=entry_of(vote, "刘先生"), person=agent, kind="agent"
        )
    assert raised.value.code == "authority_reference_missing"
    actions.record_authority(
        actor=actor(cast.director),
        vote=vote,
        entry=entry_of(vote, "刘先生"),
        person=agent,
        kind="agent",
        reference="委托书 2026-07",
    )
    receipt = actions.cast_ballot(actor=resident(agent_user), vote=vote, option="disagree")
    ballot = Ballot.objects.get(vote=vote)
    assert (ballot.cast_by, ballot.capacity, receipt.entry_name) == (agent, "agent", "刘先生")
    with pytest.raises(ActionError):
        actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree")


def test_the_co_owners_chosen_voter_alone_may_cast_yz8(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    unit = entry_of(vote, "陈")
    with pytest.raises(ActionError) as raised:
        actions.record_authority(
            actor=actor(cast.director), vote=vote, entry=unit, person=owners.liu, kind="chosen_co_owner"
        )
    assert raised.value.code == "authority_not_co_owner"
    actions.record_authority(
        actor=actor(cast.director), vote=vote, entry=unit, person=owners.chen, kind="chosen_co_owner"
    )
    with pytest.raises(NotPermitted):
        actions.cast_ballot(actor=resident(owners.son_user), vote=vote, option="agree")
    assert counted(vote) == 0


def test_an_owner_of_two_lines_chooses_one(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    actions.record_authority(
        actor=actor(cast.director),
        vote=vote,
        entry=entry_of(vote, "陈"),
        person=owners.liu,
        kind="agent",
        reference="R1",
    )
    with pytest.raises(ActionError) as raised:
        actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree")
    assert raised.value.code == "ballot_entry_ambiguous"
    actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree", entry=entry_of(vote, "陈"))
    actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="disagree", entry=entry_of(vote, "刘先生"))
    assert counted(vote) == 2


# --- changing a named ballot --------------------------------------------------------------------------------


def test_a_named_ballot_may_be_changed_until_the_close_when_allowed(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online", allow_change=True)
    actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree", idempotency_key="a")
    receipt = actions.cast_ballot(
        actor=resident(cast.resident), vote=vote, option="disagree", idempotency_key="b", change=True
    )
    assert (receipt.revision, receipt.option) == (2, "disagree")
    ballot = Ballot.objects.get(vote=vote)
    assert (ballot.revision, ballot.option.kind) == (2, "disagree")
    # Replaying the first request still answers what it answered then.
    first = actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree", idempotency_key="a")
    assert (first.revision, first.option) == (1, "agree")
    assert Ballot.objects.get(vote=vote).option.kind == "disagree"


def test_a_ballot_cannot_be_changed_when_the_vote_forbids_it(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online")
    actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree")
    with pytest.raises(ActionError) as raised:
        actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="disagree", change=True)
    assert raised.value.code == "ballot_change_not_allowed"
    assert Ballot.objects.get(vote=vote).option.kind == "agree"


# --- the window --------------------------------------------------------------------------------------------


def test_a_ballot_after_the_close_is_refused(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online")
    paper(cast, vote, "陈阿姨", paper_reference="P1")
    Vote.objects.filter(pk=vote.pk).update(status=VoteStatus.CLOSED)
    with translation.override("zh-hans"), pytest.raises(ActionError) as raised:
        actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree")
    assert raised.value.code == "ballot_after_close"
    assert "表决已结束" in in_chinese(raised.value.message)
    with pytest.raises(ActionError):
        paper(cast, vote, "刘先生", paper_reference="P2")
    assert counted(vote) == 1


def test_residents_cannot_vote_after_the_closing_time(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online")
    Vote.objects.filter(pk=vote.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=2), closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ActionError) as raised:
        actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree")
    assert raised.value.code == "ballot_after_close"
    # A paper ballot handed in before the closing time is still entered until staff close the vote.
    paper(cast, vote, "刘先生", paper_reference="P9")
    assert counted(vote) == 1


def test_nobody_votes_before_the_opening_time_or_in_a_draft(world: World, cast: Cast) -> None:
    now = timezone.now()
    vote = create(cast.director, world.compound, "online")
    with pytest.raises(ActionError) as raised:
        actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree")
    assert raised.value.code == "ballot_not_open"
    later = open_(
        cast.director,
        world.compound,
        "online",
        opens_at=now + datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    with pytest.raises(ActionError) as raised:
        actions.cast_ballot(actor=resident(cast.resident), vote=later, option="agree")
    assert raised.value.code == "ballot_not_open"


# --- bad ballots -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["maybe", "spoiled", ""])
def test_an_unknown_option_is_refused(world: World, cast: Cast, owners: Owners, option: str) -> None:
    vote = open_(cast.director, world.compound, "owners")
    with translation.override("zh-hans"), pytest.raises(ActionError) as raised:
        actions.cast_ballot(actor=resident(cast.resident), vote=vote, option=option)
    assert raised.value.code == "ballot_option_unknown"
    assert "选项" in in_chinese(raised.value.message)
    assert counted(vote) == 0


def test_staff_may_enter_a_spoiled_paper_ballot_yz11(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    paper(cast, vote, "置业", option="spoiled")
    with pytest.raises(ActionError):
        paper(cast, vote, "陈阿姨", option="spoiled", channel="assisted")
    assert Ballot.objects.get(vote=vote).option.kind == "spoiled"


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"paper_reference": ""}, "ballot_paper_reference"),
        ({"witness": ""}, "ballot_witness"),
        ({"channel": "online"}, "ballot_channel_unknown"),
        ({"channel": "meeting"}, "ballot_not_meeting"),
    ],
)
def test_a_staff_entry_needs_its_reference_and_witness(
    world: World, cast: Cast, owners: Owners, extra: dict[str, str], code: str
) -> None:
    vote = open_(cast.director, world.compound, "owners")
    with pytest.raises(ActionError) as raised:
        paper(cast, vote, "陈阿姨", **extra)
    assert raised.value.code == code
    assert counted(vote) == 0


def test_a_resident_cannot_enter_ballots_for_others(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    with pytest.raises(NotPermitted):
        actions.enter_ballot(
            actor=resident(cast.resident),
            vote=vote,
            entry=entry_of(vote, "陈"),
            option="agree",
            channel="paper",
            paper_reference="P",
            witness="W",
        )


def test_a_key_that_is_too_long_is_refused(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online")
    with pytest.raises(ActionError) as raised:
        actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree", idempotency_key="k" * 81)
    assert raised.value.code == "ballot_key_long"


# --- secret ballots: a mark on the roll, an unlinked ballot in the box --------------------------------------


def test_a_secret_ballot_keeps_the_voter_apart_from_the_choice(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online", secrecy="secret")
    receipt = actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree", idempotency_key="s1")
    assert receipt.option is None
    mark = Participation.objects.get(vote=vote)
    assert mark.entry == entry_of(vote, "刘先生") and mark.channel == "online"
    box = SecretBallot.objects.get(vote=vote)
    assert box.option.kind == "agree"
    assert {field.name for field in SecretBallot._meta.get_fields()} == {"id", "vote", "option"}
    assert Submission.objects.get(vote=vote).option is None
    audit = AuditRecord.objects.get(verb="ballot.participate")
    assert "agree" not in str(audit.changes) and audit.target_type == "decisions.participation"
    replay = actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree", idempotency_key="s1")
    assert replay.replayed and replay.option is None
    with pytest.raises(ActionError):
        paper(cast, vote, "刘先生", paper_reference="P1")
    assert SecretBallot.objects.filter(vote=vote).count() == 1


def test_the_secret_box_is_mixed_at_the_close(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online", secrecy="secret")
    actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree")
    paper(cast, vote, "陈阿姨", option="disagree")
    before = set(SecretBallot.objects.filter(vote=vote).values_list("id", flat=True))
    actions.close_vote(actor=actor(cast.director), vote=vote)
    after = SecretBallot.objects.filter(vote=vote)
    assert not before & set(after.values_list("id", flat=True))
    assert sorted(after.values_list("option__kind", flat=True)) == ["agree", "disagree"]


def test_secret_ballots_cannot_be_changed(world: World, cast: Cast) -> None:
    with pytest.raises(ActionError) as raised:
        actions.create_vote(
            actor=actor(cast.director),
            draft=draft(world.compound, "online", secrecy="secret", allow_change=True),
        )
    assert raised.value.code == "vote_secret_change"


def test_owners_votes_are_named(world: World, cast: Cast) -> None:
    with pytest.raises(ActionError) as raised:
        actions.create_vote(actor=actor(cast.director), draft=draft(world.compound, "owners", secrecy="secret"))
    assert raised.value.code == "vote_owners_named"


def test_a_meeting_vote_is_not_cast_online(world: World, cast: Cast) -> None:
    vote = open_(
        cast.director, world.community, "residents_assembly", settings=with_settings(residents_mode="all_residents")
    )
    with pytest.raises(ActionError) as raised:
        actions.cast_ballot(actor=resident(cast.resident), vote=vote, option="agree")
    assert raised.value.code == "ballot_at_meeting"

"""The meeting's status machine, the outcome's, the route an approved outcome takes (XS-5), review reasons."""

import pytest

from yishi.deliberation.domain.meetings import (
    EDITABLE,
    MINUTES_OPEN,
    SIGN_IN_OPEN,
    MeetingKind,
    MeetingStatus,
    OutcomeRoute,
    OutcomeStatus,
    Scheduling,
    check_dialogue,
    check_meeting_transition,
    check_outcome_transition,
    check_review_reasons,
    check_revisable,
    check_route,
    matter_status_after_approval,
    meeting_title_label,
)
from yishi.deliberation.domain.texts import DeliberationDomainError
from yishi.matters.domain.lifecycle import MatterStatus, check_transition

M = MeetingStatus
S = Scheduling


@pytest.mark.parametrize(
    ("start", "end", "scheduling"),
    [
        (M.PLANNED, M.CONVENED, S.SCHEDULED),
        (M.PLANNED, M.CANCELLED, S.SCHEDULED),
        (M.CONVENED, M.IN_SESSION, S.SCHEDULED),
        (M.CONVENED, M.CANCELLED, S.AD_HOC),
        (M.IN_SESSION, M.ENDED, S.SCHEDULED),
        (M.PLANNED, M.IN_SESSION, S.AD_HOC),
    ],
)
def test_allowed_moves(start: MeetingStatus, end: MeetingStatus, scheduling: Scheduling) -> None:
    check_meeting_transition(from_status=start, to_status=end, scheduling=scheduling)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (M.IN_SESSION, M.CANCELLED),
        (M.ENDED, M.IN_SESSION),
        (M.CANCELLED, M.CONVENED),
        (M.CONVENED, M.ENDED),
        (M.ENDED, M.CANCELLED),
    ],
)
def test_refused_moves(start: MeetingStatus, end: MeetingStatus) -> None:
    with pytest.raises(DeliberationDomainError) as refused:
        check_meeting_transition(from_status=start, to_status=end, scheduling=S.AD_HOC)
    assert refused.value.code == "meeting.transition_not_allowed"
    assert start.label.zh_hans in refused.value.message.zh_hans


def test_a_scheduled_meeting_sends_invitations_before_it_opens() -> None:
    with pytest.raises(DeliberationDomainError) as refused:
        check_meeting_transition(from_status=M.PLANNED, to_status=M.IN_SESSION, scheduling=S.SCHEDULED)
    assert refused.value.code == "meeting.invite_first"


def test_what_may_be_done_when() -> None:
    assert {M.PLANNED, M.CONVENED} == EDITABLE
    assert {M.CONVENED, M.IN_SESSION} == SIGN_IN_OPEN
    assert {M.IN_SESSION, M.ENDED} == MINUTES_OPEN


def test_a_democratic_dialogue_is_a_deliberation_meeting() -> None:
    check_dialogue(kind=MeetingKind.DELIBERATION, is_dialogue=True)
    assert meeting_title_label(kind=MeetingKind.DELIBERATION, is_dialogue=True).zh_hans == "民主恳谈会"
    assert meeting_title_label(kind=MeetingKind.HEARING, is_dialogue=False).zh_hans == "听证会"
    for kind in (MeetingKind.HEARING, MeetingKind.COORDINATION, MeetingKind.REVIEW):
        check_dialogue(kind=kind, is_dialogue=False)
        with pytest.raises(DeliberationDomainError):
            check_dialogue(kind=kind, is_dialogue=True)


def test_the_three_meetings_are_named_as_in_seed_001() -> None:
    assert [kind.label.zh_hans for kind in MeetingKind] == ["议事协商会", "听证会", "协调会", "评议会"]


OS = OutcomeStatus


def test_outcome_review_cycle() -> None:
    for start, end in [
        (OS.DRAFT, OS.SUBMITTED),
        (OS.SUBMITTED, OS.SENT_BACK),
        (OS.SENT_BACK, OS.SUBMITTED),
        (OS.SUBMITTED, OS.APPROVED),
    ]:
        check_outcome_transition(from_status=start, to_status=end)
    for start, end in [
        (OS.DRAFT, OS.APPROVED),
        (OS.APPROVED, OS.SENT_BACK),
        (OS.SENT_BACK, OS.APPROVED),
        (OS.APPROVED, OS.SUBMITTED),
    ]:
        with pytest.raises(DeliberationDomainError):
            check_outcome_transition(from_status=start, to_status=end)


def test_only_drafts_and_sent_back_outcomes_are_revised() -> None:
    check_revisable(OS.DRAFT)
    check_revisable(OS.SENT_BACK)
    for status in (OS.SUBMITTED, OS.APPROVED):
        with pytest.raises(DeliberationDomainError) as refused:
            check_revisable(status)
        assert refused.value.code == "outcome.not_revisable"


@pytest.mark.parametrize("route", [OutcomeRoute.IMPLEMENTATION, OutcomeRoute.NO_ACTION])
def test_xs5_a_required_vote_is_never_replaced(route: OutcomeRoute) -> None:
    check_route(route=route, vote_required=False)
    with pytest.raises(DeliberationDomainError) as refused:
        check_route(route=route, vote_required=True)
    assert refused.value.code == "outcome.vote_required"
    check_route(route=OutcomeRoute.DECISION, vote_required=True)


@pytest.mark.parametrize(
    ("route", "status"),
    [
        (OutcomeRoute.DECISION, MatterStatus.DECIDING),
        (OutcomeRoute.IMPLEMENTATION, MatterStatus.IMPLEMENTING),
        (OutcomeRoute.NO_ACTION, MatterStatus.CLOSED),
    ],
)
def test_the_matter_moves_on_along_its_lifecycle(route: OutcomeRoute, status: MatterStatus) -> None:
    assert matter_status_after_approval(route) is status
    # Every route is a legal move of the matters lifecycle after the review.
    check_transition(from_status=MatterStatus.OUTCOME_REVIEWED, to_status=status)


def test_review_reasons() -> None:
    assert check_review_reasons(approve=True, reasons="  ") == ""
    assert check_review_reasons(approve=False, reasons=" 写明资金来源 ") == "写明资金来源"
    with pytest.raises(DeliberationDomainError) as empty:
        check_review_reasons(approve=False, reasons="\n ")
    assert empty.value.code == "review.reasons_required"
    with pytest.raises(DeliberationDomainError) as long:
        check_review_reasons(approve=True, reasons="长" * 2001)
    assert long.value.code == "review.reasons_too_long"


def test_every_status_and_route_is_bilingual() -> None:
    for item in [*MeetingStatus, *OutcomeStatus, *OutcomeRoute, *MeetingKind]:
        assert item.label.zh_hans and item.label.en

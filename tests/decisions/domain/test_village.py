"""四议两公开 (SY-1): step order, next step, and the resolving assembly (CW-19, CW-21, CW-24)."""

from datetime import date
from fractions import Fraction

import pytest

from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.meetings import VillageMatter, VillagersAssemblyMode
from yishi.decisions.domain.numbers import Threshold
from yishi.decisions.domain.village import (
    NO_MERGED_PROPOSAL,
    NO_PARTY_MEETING_QUORUM,
    STEP_ORDER,
    FourTwoSettings,
    FourTwoStep,
    PartyMeeting,
    Resolution,
    ResolvingBody,
    StepRecord,
    evaluate_four_two,
)

S = FourTwoStep
GOOD_ASSEMBLY = Resolution(body=ResolvingBody.VILLAGERS_ASSEMBLY, base=1000, present=501, yes=251)


def records(*steps: FourTwoStep) -> list[StepRecord]:
    return [StepRecord(step) for step in steps]


def test_nothing_done_yet() -> None:
    outcome = evaluate_four_two(steps=[])
    assert outcome.in_order
    assert outcome.next_step is S.PARTY_PROPOSAL
    assert outcome.completed == ()
    assert not outcome.complete
    assert outcome.resolution_valid is None


def test_all_six_steps_in_order() -> None:
    outcome = evaluate_four_two(steps=records(*STEP_ORDER), resolution=GOOD_ASSEMBLY)
    assert outcome.in_order and outcome.complete
    assert outcome.next_step is None
    assert outcome.resolution_valid


def test_out_of_order_steps_are_reported() -> None:
    outcome = evaluate_four_two(steps=records(S.PARTY_PROPOSAL, S.PARTY_MEMBERS_REVIEW))
    assert not outcome.in_order
    assert outcome.out_of_order_at == 1
    assert outcome.next_step is S.JOINT_DELIBERATION
    assert outcome.completed == (S.PARTY_PROPOSAL,)
    assert not outcome.conditions[0].passed


def test_dates_going_backwards_are_out_of_order() -> None:
    steps = [
        StepRecord(S.PARTY_PROPOSAL, date(2025, 3, 5)),
        StepRecord(S.JOINT_DELIBERATION, date(2025, 3, 1)),
    ]
    outcome = evaluate_four_two(steps=steps)
    assert outcome.out_of_order_at == 1
    undated = [StepRecord(S.PARTY_PROPOSAL, date(2025, 3, 5)), StepRecord(S.JOINT_DELIBERATION)]
    assert evaluate_four_two(steps=undated).in_order


def test_a_repeated_step_beyond_the_end_is_out_of_order() -> None:
    outcome = evaluate_four_two(steps=records(*STEP_ORDER, S.RESULTS_PUBLISHED), resolution=GOOD_ASSEMBLY)
    assert not outcome.in_order
    assert outcome.out_of_order_at == 6
    assert outcome.next_step is None


@pytest.mark.parametrize(
    ("resolution", "valid"),
    [
        (GOOD_ASSEMBLY, True),
        (Resolution(body=ResolvingBody.VILLAGERS_ASSEMBLY, base=1000, present=500, yes=500), False),
        (
            Resolution(
                body=ResolvingBody.VILLAGERS_ASSEMBLY,
                base=300,
                present=200,
                yes=101,
                mode=VillagersAssemblyMode.HOUSEHOLD,
            ),
            True,
        ),
        (Resolution(body=ResolvingBody.VILLAGER_REPRESENTATIVES, base=45, present=30, yes=16), True),
        (
            Resolution(
                body=ResolvingBody.VILLAGER_REPRESENTATIVES,
                base=45,
                present=30,
                yes=16,
                matter=VillageMatter.HOMESTEADS,
            ),
            False,  # CW-21: the representatives need the assembly's authorisation for homestead plans
        ),
    ],
)
def test_resolution_must_meet_quorum_majority_and_authority(resolution: Resolution, valid: bool) -> None:
    steps = records(S.PARTY_PROPOSAL, S.JOINT_DELIBERATION, S.PARTY_MEMBERS_REVIEW, S.RESOLUTION)
    outcome = evaluate_four_two(steps=steps, resolution=resolution)
    assert outcome.resolution_valid is valid
    assert outcome.next_step is (S.RESOLUTION_PUBLISHED if valid else S.RESOLUTION)


def test_resolution_figures_are_required_once_recorded() -> None:
    with pytest.raises(DomainError) as caught:
        evaluate_four_two(steps=records(*STEP_ORDER[:4]))
    assert caught.value.code is ErrorCode.MISSING_FIELD


def test_merged_first_steps_only_when_configured() -> None:
    steps = records(S.JOINT_DELIBERATION, S.PARTY_MEMBERS_REVIEW)
    assert not evaluate_four_two(steps=steps).in_order
    merged = FourTwoSettings(allow_merged_proposal=NO_MERGED_PROPOSAL.customised(True))
    outcome = evaluate_four_two(steps=steps, settings=merged)
    assert outcome.in_order
    assert outcome.next_step is S.RESOLUTION
    assert outcome.assumptions[0].value.en == "yes"


def test_party_meeting_quorum_when_configured() -> None:
    quorum = FourTwoSettings(party_meeting_quorum=NO_PARTY_MEETING_QUORUM.customised(Threshold(Fraction(2, 3), True)))
    steps = records(S.PARTY_PROPOSAL, S.JOINT_DELIBERATION, S.PARTY_MEMBERS_REVIEW)
    short = evaluate_four_two(steps=steps, party_meeting=PartyMeeting(members=30, present=19), settings=quorum)
    assert short.next_step is S.PARTY_MEMBERS_REVIEW
    enough = evaluate_four_two(steps=steps, party_meeting=PartyMeeting(members=30, present=20), settings=quorum)
    assert enough.next_step is S.RESOLUTION
    with pytest.raises(DomainError) as missing:
        evaluate_four_two(steps=steps, settings=quorum)
    assert missing.value.code is ErrorCode.MISSING_FIELD
    with pytest.raises(DomainError) as exceeds:
        evaluate_four_two(steps=steps, party_meeting=PartyMeeting(members=30, present=31), settings=quorum)
    assert exceeds.value.code is ErrorCode.EXCEEDS_TOTAL
    early = evaluate_four_two(steps=records(S.PARTY_PROPOSAL), settings=quorum)
    assert early.next_step is S.JOINT_DELIBERATION

"""四议两公开 (SY-1): six steps in order; the resolution must be a quorate, authorised and passed assembly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from yishi.decisions.domain import citations
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import (
    Condition,
    Explained,
    Provision,
    Quantity,
    assumption,
    fact,
    ratio,
    yes_no,
)
from yishi.decisions.domain.meetings import (
    MeetingOutcome,
    VillageMatter,
    VillagersAssemblyMode,
    evaluate_villager_representatives,
    evaluate_villagers_assembly,
)
from yishi.decisions.domain.numbers import Threshold
from yishi.decisions.domain.validation import validate_count, validate_part


class FourTwoStep(StrEnum):
    """The six steps of 四议两公开, in their required order."""

    PARTY_PROPOSAL = "party_proposal"
    JOINT_DELIBERATION = "joint_deliberation"
    PARTY_MEMBERS_REVIEW = "party_members_review"
    RESOLUTION = "resolution"
    RESOLUTION_PUBLISHED = "resolution_published"
    RESULTS_PUBLISHED = "results_published"


STEP_ORDER: tuple[FourTwoStep, ...] = tuple(FourTwoStep)


class ResolvingBody(StrEnum):
    """Who adopts the resolution in step 4: the 村民会议 (CW-19) or the 村民代表会议 (CW-24)."""

    VILLAGERS_ASSEMBLY = "villagers_assembly"
    VILLAGER_REPRESENTATIVES = "villager_representatives"


@dataclass(frozen=True)
class StepRecord:
    """A step as recorded, in the order it happened, with its date if known."""

    step: FourTwoStep
    on: date | None = None


@dataclass(frozen=True)
class Resolution:
    """Figures of the step-4 meeting; `base` is villagers 18+, households, or all assembly members."""

    body: ResolvingBody
    base: int
    present: int
    yes: int
    mode: VillagersAssemblyMode = VillagersAssemblyMode.INDIVIDUAL
    matter: VillageMatter = VillageMatter.OTHER
    authorised: bool = False


@dataclass(frozen=True)
class PartyMeeting:
    """Attendance at the 党员大会 of step 3."""

    members: int
    present: int


NO_MERGED_PROPOSAL: Provision[bool] = Provision(False, citations.SY_1_LOCAL)
NO_PARTY_MEETING_QUORUM: Provision[Threshold | None] = Provision(None, citations.SY_1_LOCAL)


@dataclass(frozen=True)
class FourTwoSettings:
    """Local variations, UNCONFIRMED nationally: merged steps 1-2 (一肩挑) and a 党员大会 quorum."""

    allow_merged_proposal: Provision[bool] = NO_MERGED_PROPOSAL
    party_meeting_quorum: Provision[Threshold | None] = NO_PARTY_MEETING_QUORUM


@dataclass(frozen=True, kw_only=True)
class FourTwoOutcome(Explained):
    """Where a matter stands in 四议两公开: steps in order, the next step, the resolution's validity."""

    in_order: bool
    out_of_order_at: int | None
    completed: tuple[FourTwoStep, ...]
    next_step: FourTwoStep | None
    resolution_valid: bool | None
    complete: bool


def evaluate_resolution(*, resolution: Resolution) -> MeetingOutcome:
    """Step 4 under CW-19 (村民会议) or CW-24 with CW-21 authorisation (村民代表会议)."""
    if resolution.body is ResolvingBody.VILLAGERS_ASSEMBLY:
        return evaluate_villagers_assembly(
            mode=resolution.mode, base=resolution.base, present=resolution.present, yes=resolution.yes
        )
    return evaluate_villager_representatives(
        members=resolution.base,
        present=resolution.present,
        yes=resolution.yes,
        matter=resolution.matter,
        authorised=resolution.authorised,
    )


def _expected(steps: Sequence[StepRecord], settings: FourTwoSettings) -> tuple[FourTwoStep, ...]:
    merged = settings.allow_merged_proposal.value and bool(steps) and steps[0].step is FourTwoStep.JOINT_DELIBERATION
    return STEP_ORDER[1:] if merged else STEP_ORDER


def _in_order_prefix(steps: Sequence[StepRecord], expected: tuple[FourTwoStep, ...]) -> int:
    for index, record in enumerate(steps):
        if index >= len(expected) or record.step is not expected[index]:
            return index
        previous = steps[index - 1].on if index else None
        if previous is not None and record.on is not None and record.on < previous:
            return index
    return len(steps)


def evaluate_four_two(
    *,
    steps: Sequence[StepRecord],
    resolution: Resolution | None = None,
    party_meeting: PartyMeeting | None = None,
    settings: FourTwoSettings | None = None,
) -> FourTwoOutcome:
    """Check the recorded steps against SY-1's order and say which step is next."""
    settings = settings or FourTwoSettings()
    expected = _expected(steps, settings)
    prefix = _in_order_prefix(steps, expected)
    in_order = prefix == len(steps)
    completed = expected[:prefix]
    conditions: list[Condition] = [fact(code="village.four_two.order", passed=in_order, citation=citations.SY_1)]
    valid_prefix = prefix
    quorum = settings.party_meeting_quorum
    if quorum.value is not None and FourTwoStep.PARTY_MEMBERS_REVIEW in completed:
        if party_meeting is None:
            raise DomainError(ErrorCode.MISSING_FIELD, field="party_meeting")
        validate_count(party_meeting.members, field="party_meeting.members", positive=True)
        validate_count(party_meeting.present, field="party_meeting.present")
        validate_part(
            party_meeting.present,
            party_meeting.members,
            field="party_meeting.present",
            whole_field="party_meeting.members",
        )
        party = ratio(
            code="village.four_two.party_meeting_quorum",
            numerator=party_meeting.present,
            denominator=party_meeting.members,
            threshold=quorum.value,
            citation=quorum.citation,
            quantity=Quantity.PERSONS,
        )
        conditions.append(party)
        if not party.passed:
            valid_prefix = min(valid_prefix, expected.index(FourTwoStep.PARTY_MEMBERS_REVIEW))
    resolution_valid: bool | None = None
    if FourTwoStep.RESOLUTION in completed and resolution is None:
        raise DomainError(ErrorCode.MISSING_FIELD, field="resolution")
    if resolution is not None:
        meeting = evaluate_resolution(resolution=resolution)
        conditions.extend(meeting.conditions)
        resolution_valid = meeting.passed
        if not meeting.passed:
            valid_prefix = min(valid_prefix, expected.index(FourTwoStep.RESOLUTION))
    done = set(expected[:valid_prefix])
    conditions.extend(
        fact(code=f"village.four_two.step.{step.value}", passed=step in done, citation=citations.SY_1)
        for step in expected
    )
    next_step = expected[valid_prefix] if valid_prefix < len(expected) else None
    notes = (
        assumption(
            code="village.four_two.merged_proposal",
            value=yes_no(len(expected) < len(STEP_ORDER)),
            citation=settings.allow_merged_proposal.citation,
        ),
    )
    return FourTwoOutcome(
        in_order=in_order,
        out_of_order_at=None if in_order else prefix,
        completed=completed,
        next_step=next_step,
        resolution_valid=resolution_valid,
        complete=next_step is None,
        conditions=tuple(conditions),
        assumptions=notes,
    )

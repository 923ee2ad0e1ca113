"""四议两公开 (SY-1): the six steps of a village matter, recorded in order."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError
from yishi.decisions import texts
from yishi.decisions.actions._common import (
    B,
    require,
    staff_user,
)
from yishi.decisions.domain.village import FourTwoStep as StepName
from yishi.decisions.models import (
    FourTwoRecord,
    FourTwoSequence,
    Vote,
    VoteStatus,
)
from yishi.disclosure.models import Notice
from yishi.matters.events import record_event
from yishi.matters.models import Matter
from yishi.people.domain.roles import Capability

# --- 四议两公开 -------------------------------------------------------------------------------------------


def _four_two_resolution(vote: Vote) -> bool:
    return vote.basis in (B.VILLAGERS_ASSEMBLY, B.VILLAGER_REPRESENTATIVES, B.FOUR_TWO_RESOLUTION)


@transaction.atomic
def start_four_two(*, actor: Actor, matter: Matter, allow_merged_proposal: bool = False) -> FourTwoSequence:
    """Begin recording 四议两公开 for a village matter (SY-1)."""
    village = matter.community
    require(actor, Capability.MANAGE_VOTE, village)
    if not village.is_rural:
        raise ActionError(
            _("Four deliberations, two disclosures is the procedure of villages."), code="four_two_not_village"
        )
    if FourTwoSequence.objects.filter(matter=matter).exists():
        raise ActionError(_("This matter's sequence is already being recorded."), code="four_two_exists")
    sequence = FourTwoSequence.objects.create(
        matter=matter, village=village, allow_merged_proposal=allow_merged_proposal, created_by=staff_user(actor)
    )
    record_audit(
        actor=actor,
        verb="four_two.start",
        target=sequence,
        place=village,
        changes={"matter": [None, matter.pk], "allow_merged_proposal": [None, allow_merged_proposal]},
    )
    return sequence


def _check_resolution_vote(sequence: FourTwoSequence, vote: Vote | None) -> None:
    if vote is None:
        raise ActionError(
            _("The resolution is the vote of the villagers' assembly or the representatives' assembly: choose it."),
            code="four_two_resolution_vote_missing",
            field="resolution_vote",
        )
    if not _four_two_resolution(vote) or vote.matter_id != sequence.matter_id:
        raise ActionError(
            _("Choose this matter's vote of the villagers' assembly or the villager representatives' assembly."),
            code="four_two_resolution_vote_wrong",
            field="resolution_vote",
        )
    if vote.status not in (VoteStatus.COUNTED, VoteStatus.PUBLISHED):
        raise ActionError(
            _("The resolution is recorded once its vote is counted."), code="four_two_resolution_uncounted"
        )


@transaction.atomic
def record_four_two_step(
    *,
    actor: Actor,
    sequence: FourTwoSequence,
    step: str,
    on: datetime.date,
    note: str = "",
    resolution_vote: Vote | None = None,
    party_members: int | None = None,
    party_present: int | None = None,
    notice: Notice | None = None,
) -> FourTwoRecord:
    """Record the next step of 四议两公开; a step out of the order SY-1 requires is refused."""
    from yishi.decisions.queries import evaluate_sequence

    sequence = (
        FourTwoSequence.objects.select_for_update(of=("self",)).select_related("matter", "village").get(pk=sequence.pk)
    )
    require(actor, Capability.MANAGE_VOTE, sequence.village)
    if step not in StepName.__members__.values():
        raise ActionError(_("Unknown step."), code="four_two_step_unknown", field="step")
    if step == StepName.RESOLUTION:
        # The stored vote decides, not the caller's copy, which may predate its count.
        if resolution_vote is not None:
            resolution_vote = Vote.objects.select_related("result").filter(pk=resolution_vote.pk).first()
        _check_resolution_vote(sequence, resolution_vote)
    else:
        resolution_vote = None
    if party_members is not None or party_present is not None:
        if step != StepName.PARTY_MEMBERS_REVIEW:
            party_members = party_present = None
        elif (
            party_members is None
            or party_present is None
            or party_members <= 0
            or not 0 <= party_present <= party_members
        ):
            raise ActionError(
                _("Give the number of party members and how many of them were present (no more than all)."),
                code="four_two_party_counts",
                field="party_present",
            )
    position = sequence.records.count() + 1
    record = FourTwoRecord(
        sequence=sequence,
        step=step,
        position=position,
        on=on,
        note=note.strip(),
        resolution_vote=resolution_vote,
        party_members=party_members,
        party_present=party_present,
        notice=notice,
        recorded_by=actor.user,
    )
    outcome = evaluate_sequence(sequence, extra=record)
    if not outcome.in_order:
        expected = outcome.next_step
        raise ActionError(
            gettext("Four deliberations, two disclosures keeps its order: the next step is “%(step)s”.")
            % {"step": texts.step_label(expected.value) if expected else ""},
            code="four_two_out_of_order",
            field="step",
        )
    record.save()
    record_audit(
        actor=actor,
        verb="four_two.step",
        target=sequence,
        place=sequence.village,
        changes={"step": [None, step], "on": [None, on.isoformat()]},
    )
    record_event(
        matter=sequence.matter,
        kind="decision.four_two_step",
        actor=actor,
        title=texts.step_label(step),
        text=record.note,
        url=sequence.get_absolute_url(),
        notice=notice,
    )
    return record


def _publish_four_two_step(*, actor: Actor, vote: Vote, notice: Notice) -> None:
    """Publishing the resolving vote's result is step 5 (决议公开) when step 4 names that vote."""
    sequence = FourTwoSequence.objects.filter(records__step=StepName.RESOLUTION, records__resolution_vote=vote).first()
    if sequence is None or sequence.records.filter(step=StepName.RESOLUTION_PUBLISHED).exists():
        return
    record_four_two_step(
        actor=actor,
        sequence=sequence,
        step=StepName.RESOLUTION_PUBLISHED,
        on=timezone.localdate(),
        notice=notice,
    )

"""Meetings: who was present, and the show of hands that adds up to the attendance."""

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit
from yishi.audit.errors import ActionError
from yishi.audit.models import Channel
from yishi.decisions.actions._common import (
    locked,
    require,
    require_status,
    staff_user,
)
from yishi.decisions.models import (
    Attendance,
    Ballot,
    Participation,
    RollEntry,
    ShowOfHands,
    Vote,
    VoteStatus,
)
from yishi.people.domain.roles import Capability

# --- meetings ----------------------------------------------------------------------------------------------


def _meeting_vote(actor: Actor, vote: Vote) -> Vote:
    vote = locked(vote)
    require(actor, Capability.RECORD_BALLOT, vote.place)
    require_status(vote, VoteStatus.OPEN)
    if not vote.is_meeting:
        raise ActionError(_("This vote is not taken at a meeting."), code="vote_not_meeting")
    return vote


@transaction.atomic
def record_attendance(*, actor: Actor, vote: Vote, entries: Sequence[RollEntry], present: bool) -> int:
    """Mark lines of the roll present at the meeting (or correct a mark); returns how many changed."""
    vote = _meeting_vote(actor, vote)
    if any(entry.vote_id != vote.pk for entry in entries):
        raise ActionError(_("That line is not on this vote's roll."), code="ballot_not_on_roll", field="entry")
    ids = [entry.pk for entry in entries]
    if present:
        known = set(Attendance.objects.filter(entry_id__in=ids).values_list("entry_id", flat=True))
        new = [
            Attendance(vote=vote, entry_id=entry_id, recorded_by=actor.user)
            for entry_id in ids
            if entry_id not in known
        ]
        Attendance.objects.bulk_create(new)
        changed = len(new)
    else:
        voted = (
            Ballot.objects.filter(entry_id__in=ids).exists() or Participation.objects.filter(entry_id__in=ids).exists()
        )
        if voted:
            raise ActionError(
                _("Someone marked here has already voted at the meeting; their attendance stays."),
                code="attendance_after_ballot",
            )
        changed, _kinds = Attendance.objects.filter(vote=vote, entry_id__in=ids).delete()
    if changed:
        record_audit(
            actor=Actor(user=actor.user, acting_role=actor.acting_role, channel=Channel.MEETING),
            verb="vote.attendance",
            target=vote,
            place=vote.place,
            changes={"present" if present else "absent": [None, sorted(entry.number for entry in entries)]},
        )
    return changed


def _count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ActionError(_("Counts are whole numbers, zero or more."), code="hands_not_count", field=field)
    return value


@transaction.atomic
def record_show_of_hands(*, actor: Actor, vote: Vote, agree: int, disagree: int, abstain: int) -> ShowOfHands:
    """Record the counts of a show of hands; they must add up to those present (a hand not raised abstains)."""
    vote = _meeting_vote(actor, vote)
    counts = {
        "agree": _count(agree, "agree"),
        "disagree": _count(disagree, "disagree"),
        "abstain": _count(abstain, "abstain"),
    }
    present = Attendance.objects.filter(vote=vote).count()
    if sum(counts.values()) != present:
        raise ActionError(
            gettext(
                "The counts add up to %(total)s but %(present)s are recorded as present: every person present is "
                "counted once (agree, disagree or abstain)."
            )
            % {"total": sum(counts.values()), "present": present},
            code="hands_do_not_add_up",
            field="agree",
        )
    if Ballot.objects.filter(vote=vote).exists() or Participation.objects.filter(vote=vote).exists():
        raise ActionError(
            _("Individual ballots are already recorded for this meeting; a show of hands cannot be added."),
            code="hands_after_ballots",
        )
    previous = ShowOfHands.objects.filter(vote=vote).values("agree", "disagree", "abstain").first()
    before: dict[str, Any] = dict(previous) if previous else {}
    hands, _created = ShowOfHands.objects.update_or_create(
        vote=vote, defaults={**counts, "recorded_by": staff_user(actor)}
    )
    record_audit(
        actor=Actor(user=actor.user, acting_role=actor.acting_role, channel=Channel.MEETING),
        verb="vote.show_of_hands",
        target=vote,
        place=vote.place,
        changes=diff(before, counts),
    )
    return hands

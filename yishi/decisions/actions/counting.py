"""Closing, counting and publishing a vote."""

from random import SystemRandom

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError, NotPermitted
from yishi.decisions import roll as roll_building
from yishi.decisions import tally, texts
from yishi.decisions.actions._common import (
    locked,
    matter_step,
    publisher,
    require,
    require_status,
)
from yishi.decisions.actions.four_two import _publish_four_two_step
from yishi.decisions.models import (
    Attendance,
    Ballot,
    Participation,
    Result,
    SecretBallot,
    ShowOfHands,
    Vote,
    VoteStatus,
)
from yishi.disclosure.actions import publish_for
from yishi.disclosure.models import Notice, NoticeKind
from yishi.matters.models import MatterStatus
from yishi.people.domain.roles import Capability
from yishi.people.permissions import can

# --- close, count, publish ------------------------------------------------------------------------------


def _everyone_voted(vote: Vote) -> bool:
    table = Participation if vote.is_secret else Ballot
    return table.objects.filter(vote=vote).count() >= vote.roll_size


def _mix(vote: Vote) -> None:
    """Put the secret ballot box in a random order with fresh keys, so that not even the storage order of the
    rows says who voted when (the same as shaking a ballot box before it is opened)."""
    options = list(SecretBallot.objects.filter(vote=vote).values_list("option_id", flat=True))
    SystemRandom().shuffle(options)
    SecretBallot.objects.filter(vote=vote).delete()
    SecretBallot.objects.bulk_create(
        (SecretBallot(vote=vote, option_id=option) for option in options), batch_size=roll_building.BATCH_SIZE
    )


@transaction.atomic
def close_vote(*, actor: Actor, vote: Vote) -> Vote:
    """Close the vote: no more ballots. A ballot vote closes at its closing time (or once everyone voted);
    a meeting closes when it ends, with the show of hands adding up to the attendance."""
    vote = locked(vote)
    require(actor, Capability.MANAGE_VOTE, vote.place)
    require_status(vote, VoteStatus.OPEN)
    now = timezone.now()
    if vote.is_meeting:
        present = Attendance.objects.filter(vote=vote).count()
        hands = ShowOfHands.objects.filter(vote=vote).first()
        table = Participation if vote.is_secret else Ballot
        if hands is not None and hands.total != present:
            raise ActionError(
                gettext(
                    "The show of hands (%(total)s) no longer adds up to the attendance (%(present)s): record it again."
                )
                % {"total": hands.total, "present": present},
                code="hands_do_not_add_up",
            )
        if present and hands is None and not table.objects.filter(vote=vote).exists():
            raise ActionError(
                _("Record how those present voted (the show of hands or their ballots) before closing the meeting."),
                code="meeting_without_votes",
            )
    elif now < vote.closes_at and not _everyone_voted(vote):
        raise ActionError(
            _("The vote is open until its closing time; it closes early only once everyone on the roll has voted."),
            code="vote_close_early",
        )
    if vote.is_secret:
        _mix(vote)
    vote.status = VoteStatus.CLOSED
    vote.closed_at = now
    vote.save(update_fields=["status", "closed_at", "updated_at"])
    record_audit(actor=actor, verb="vote.close", target=vote, place=vote.place, changes={"status": ["open", "closed"]})
    return vote


@transaction.atomic
def count_vote(*, actor: Actor, vote: Vote) -> Result:
    """Count a closed vote: aggregate the ballots in SQL, apply the rule of law, keep the explained result."""
    vote = locked(vote)
    if actor.user is None or not (
        can(actor.user, Capability.MANAGE_VOTE, vote.place) or can(actor.user, Capability.COUNT_BALLOTS, vote.place)  # type: ignore[arg-type]
    ):
        raise NotPermitted()
    require_status(vote, VoteStatus.CLOSED)
    counts = tally.count_ballots(vote)
    case = tally.build_case(vote, counts)
    answer = tally.evaluate(case)
    rule = str(answer["rule"])
    outcome = answer["outcome"]
    assert isinstance(outcome, dict)
    passed, valid = tally.outcome_flags(rule, outcome)
    now = timezone.now()
    result = Result.objects.create(
        vote=vote,
        rule=rule,
        passed=passed,
        valid=valid,
        figures=tally.figures_of(vote, counts),
        case=case,
        outcome=outcome,
        conditions=answer["conditions"],
        rule_settings=answer["settings"],
        explanation=answer["explanation"],
        counted_by=actor.user,
        counted_at=now,
    )
    vote.status = VoteStatus.COUNTED
    vote.counted_at = now
    vote.save(update_fields=["status", "counted_at", "updated_at"])
    record_audit(
        actor=actor,
        verb="vote.count",
        target=vote,
        place=vote.place,
        changes={"status": ["closed", "counted"], "passed": [None, passed], "figures": [None, result.figures]},
    )
    return result


def _result_notice_body(vote: Vote, result: Result) -> str:
    lines = [texts.basis_plain(vote), "", vote.question, "", texts.outcome_line(result), ""]
    lines += [f"- {line}" for line in texts.figure_lines(vote, result)]
    lines += ["", gettext("How the rule was applied:")]
    lines += [f"- {line}" for line in result.explanation.get("zh-Hans", [])]
    return "\n".join(lines)


@transaction.atomic
def publish_result(*, actor: Actor, vote: Vote, if_failed: str = MatterStatus.DELIBERATING) -> Notice:
    """Publish the counted result on the community's board (决议公开) and move the matter on: a passed motion to
    implementation, a failed one back to deliberation (or closed, as staff choose)."""
    vote = locked(vote)
    require(actor, Capability.MANAGE_VOTE, vote.place)
    require_status(vote, VoteStatus.COUNTED)
    if if_failed not in (MatterStatus.DELIBERATING, MatterStatus.CLOSED):
        raise ActionError(_("Choose what happens to the matter."), code="vote_if_failed_unknown", field="if_failed")
    result = Result.objects.get(vote=vote)
    with translation.override("zh-hans"):
        notice = publish_for(
            actor=publisher(actor, vote.place),
            community=vote.community,
            place=vote.place,
            kind=NoticeKind.DECISION,
            title=gettext("Result of the vote: %(title)s") % {"title": vote.title},
            body=_result_notice_body(vote, result),
            source=vote,
        )
        headline = texts.outcome_line(result)
    now = timezone.now()
    vote.status = VoteStatus.PUBLISHED
    vote.published_at = now
    vote.result_notice = notice
    vote.save(update_fields=["status", "published_at", "result_notice", "updated_at"])
    record_audit(
        actor=actor, verb="vote.publish", target=vote, place=vote.place, changes={"status": ["counted", "published"]}
    )
    if vote.matter is not None:
        target = MatterStatus.IMPLEMENTING if result.passed else if_failed
        matter_step(
            actor=actor,
            matter=vote.matter,
            to_status=target,
            kind="decision.result_published",
            title=f"{vote.title}：{headline}",
            text="\n".join(result.explanation.get("zh-Hans", [])),
            url=vote.get_absolute_url(),
            notice=notice,
        )
        _publish_four_two_step(actor=actor, vote=vote, notice=notice)
    return notice

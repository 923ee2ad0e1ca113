"""Opening a vote: the roll is computed, frozen and published."""

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit, snapshot
from yishi.audit.errors import ActionError
from yishi.decisions import roll as roll_building
from yishi.decisions import texts
from yishi.decisions.actions._common import (
    AUDITED,
    ROLL_NOTICE_MAX_CHARS,
    locked,
    matter_step,
    publisher,
    require,
    require_status,
)
from yishi.decisions.models import (
    RollEntry,
    Vote,
    VoteStatus,
)
from yishi.disclosure.actions import publish_for
from yishi.disclosure.models import NoticeKind
from yishi.matters.models import Matter, MatterStatus
from yishi.people.domain.roles import Capability


def _roll_notice_body(vote: Vote) -> str:
    lines = [texts.basis_plain(vote), "", vote.question, "", texts.window_line(vote), texts.roll_line(vote), ""]
    entries = RollEntry.objects.filter(vote=vote).order_by("number").values_list("number", "name", "unit_label")
    listed: list[str] = []
    length = sum(len(line) + 1 for line in lines)
    for number, name, unit in entries.iterator(chunk_size=2000):
        line = f"- {number}. {name}　{unit}".rstrip()
        length += len(line) + 1
        if length > ROLL_NOTICE_MAX_CHARS:
            listed = [gettext("The roll is too long to print here: it is published in full on the vote's page.")]
            break
        listed.append(line)
    return "\n".join(lines + listed)


def _allowed_matter_start(matter: Matter) -> None:
    if matter.status not in (MatterStatus.OUTCOME_REVIEWED, MatterStatus.DECIDING):
        raise ActionError(
            _("The matter's deliberation outcome must be reviewed before its vote opens."),
            code="vote_matter_not_ready",
            field="matter",
        )


@transaction.atomic
def open_vote(*, actor: Actor, vote: Vote) -> Vote:
    """Open a draft: compute the roll from the place as it stands, freeze it, publish it (names and units only)."""
    vote = locked(vote)
    require(actor, Capability.MANAGE_VOTE, vote.place)
    require_status(vote, VoteStatus.DRAFT)
    now = timezone.now()
    if vote.closes_at <= now:
        raise ActionError(_("The closing time has already passed."), code="vote_window_past", field="closes_at")
    if vote.matter is not None:
        _allowed_matter_start(vote.matter)
    # JW-3 / CW-19: ages are taken on the day voting starts.
    computed = roll_building.compute_roll(vote, on=timezone.localdate(max(now, vote.opens_at)))
    if computed.size == 0:
        raise ActionError(
            _("Nobody is on the roll: check the place, who votes and the residents recorded there."),
            code="roll_empty",
            field="roll",
        )
    roll_building.freeze_roll(vote, computed)
    before = snapshot(vote, AUDITED)
    vote.status = VoteStatus.OPEN
    vote.opened_at = now
    vote.roll_size = computed.size
    vote.roll_total_area = computed.total_area
    vote.roll_units = computed.units
    vote.roll_summary = computed.summary()
    vote.save()
    record_audit(
        actor=actor,
        verb="vote.open",
        target=vote,
        place=vote.place,
        changes={**diff(before, snapshot(vote, AUDITED)), "roll_size": [0, vote.roll_size]},
    )
    with translation.override("zh-hans"):
        # The board speaks the community's language, whoever presses the button.
        notice = publish_for(
            actor=publisher(actor, vote.place),
            community=vote.community,
            place=vote.place,
            kind=NoticeKind.VOTER_LIST,
            title=gettext("Roll of the vote: %(title)s") % {"title": vote.title},
            body=_roll_notice_body(vote),
            source=vote,
            posted_until=max(timezone.localdate(vote.closes_at), timezone.localdate(now) + datetime.timedelta(days=7)),
        )
    vote.roll_notice = notice
    vote.save(update_fields=["roll_notice", "updated_at"])
    if vote.matter is not None:
        matter_step(
            actor=actor,
            matter=vote.matter,
            to_status=MatterStatus.DECIDING,
            kind="decision.vote_opened",
            title=vote.title,
            url=vote.get_absolute_url(),
            notice=notice,
        )
    return vote

"""Shared checks of the vote actions: permission, status, the locked vote, publishing and the matter's timeline."""

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotFound, NotPermitted
from yishi.decisions.domain import basis as basis_rules
from yishi.decisions.models import (
    BallotChannel,
    Vote,
    VoteStatus,
)
from yishi.disclosure.models import Notice
from yishi.matters.actions import advance_matter
from yishi.matters.events import record_event
from yishi.matters.models import Matter
from yishi.people.domain.roles import Capability
from yishi.people.permissions import can
from yishi.places.models import Place, PlaceKind

if TYPE_CHECKING:
    from yishi.accounts.models import User


AUDITED = (
    "title",
    "question",
    "matter",
    "place",
    "basis",
    "electorate",
    "residence_rule",
    "residents_mode",
    "villagers_mode",
    "resolving_body",
    "owners_matter",
    "matter_class_override",
    "count_non_voters",
    "spoiled_counts_as_participating",
    "village_matter",
    "authorised",
    "authorisation_reference",
    "quorum_numerator",
    "quorum_denominator",
    "quorum_inclusive",
    "threshold_numerator",
    "threshold_denominator",
    "threshold_inclusive",
    "threshold_base",
    "opens_at",
    "closes_at",
    "secrecy",
    "allow_change",
    "status",
)
TITLE_MAX = 100
QUESTION_MAX = 2000
KEY_MAX = 80
ROLL_NOTICE_MAX_CHARS = 18000
STAFF_CHANNELS = frozenset({BallotChannel.PAPER, BallotChannel.ASSISTED, BallotChannel.MEETING})
B = basis_rules.VoteBasis

# Which places each basis is held at: assemblies at the community (village), a group meeting in a villagers'
# group, owners in their compound or building (their 物业管理区域), online votes anywhere below the community.
PLACE_KINDS: Mapping[str, frozenset[str]] = {
    B.OWNERS: frozenset({PlaceKind.COMMUNITY, PlaceKind.COMPOUND, PlaceKind.BUILDING}),
    B.RESIDENTS_ASSEMBLY: frozenset({PlaceKind.COMMUNITY}),
    B.RESIDENTS_REPRESENTATIVES: frozenset({PlaceKind.COMMUNITY}),
    B.VILLAGERS_ASSEMBLY: frozenset({PlaceKind.COMMUNITY}),
    B.VILLAGER_REPRESENTATIVES: frozenset({PlaceKind.COMMUNITY}),
    B.FOUR_TWO_RESOLUTION: frozenset({PlaceKind.COMMUNITY}),
    B.VILLAGER_GROUP: frozenset({PlaceKind.COMPOUND}),
    B.ONLINE: frozenset({PlaceKind.COMMUNITY, PlaceKind.COMPOUND, PlaceKind.BUILDING}),
}


def require(actor: Actor, capability: Capability, place: Place) -> None:
    if actor.user is None or not can(actor.user, capability, place):  # type: ignore[arg-type]
        raise NotPermitted()


def staff_user(actor: Actor) -> "User":
    # Only called after `require`, which refuses an actor without a user.
    assert actor.user is not None
    return actor.user


def choice(value: str, choices: Sequence[str], *, field: str, message: Any) -> str:
    if value not in choices:
        raise ActionError(message, code=f"{field}_unknown", field=field)
    return value


def locked(vote: Vote) -> Vote:
    fresh = (
        Vote.objects.select_for_update(of=("self",))
        .select_related("place", "community", "matter")
        .filter(pk=vote.pk)
        .first()
    )
    if fresh is None:
        raise NotFound(_("This vote no longer exists."))
    return fresh


def require_status(vote: Vote, *statuses: str) -> None:
    if vote.status not in statuses:
        messages: dict[str, Any] = {
            VoteStatus.DRAFT: _("Only a draft can be changed; this vote has opened."),
            VoteStatus.OPEN: _("The vote is not open."),
            VoteStatus.CLOSED: _("The vote must be closed first."),
            VoteStatus.COUNTED: _("The vote must be counted first."),
        }
        raise ActionError(messages.get(statuses[0], _("Not possible now.")), code=f"vote_not_{statuses[0]}")


def publisher(actor: Actor, place: Place) -> Actor:
    # The vote's own permission was checked; staff who may also publish sign the notice, otherwise the
    # workflow publishes it as the system (disclosure's documented use of Actor.system()).
    if actor.user is not None and can(actor.user, Capability.PUBLISH_NOTICE, place):  # type: ignore[arg-type]
        return actor
    return Actor.system()


def matter_step(
    *,
    actor: Actor,
    matter: Matter,
    to_status: str,
    kind: str,
    title: str,
    url: str,
    notice: Notice | None,
    text: str = "",
) -> None:
    fresh = Matter.objects.get(pk=matter.pk)
    if fresh.status == to_status:
        record_event(matter=fresh, kind=kind, actor=actor, title=title, text=text, url=url, notice=notice)
        return
    advance_matter(
        actor=actor if actor.user is not None else Actor.system(),
        matter=fresh,
        to_status=to_status,
        capability=Capability.MANAGE_VOTE,
        kind=kind,
        title=title,
        text=text,
        url=url,
        notice=notice,
    )

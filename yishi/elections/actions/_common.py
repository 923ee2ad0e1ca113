"""What every election action shares: who may act, which day it is, and how notices are published."""

import datetime
import functools
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import OperationalError, connection, models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.disclosure.actions import publish_for
from yishi.disclosure.models import Notice
from yishi.elections.models import CommitteeMember, Election
from yishi.people.domain.roles import Capability
from yishi.people.permissions import can, today

__all__ = ["today"]
from yishi.places.models import Place

# Acts that may be recorded for an earlier day: paper handed in, a meeting's minutes, the system replaying
# a record. An act done online happens today.
BACKDATING_CHANNELS = frozenset({Channel.SYSTEM, Channel.IMPORT, Channel.PAPER, Channel.MEETING})


P = ParamSpec("P")
R = TypeVar("R")


def retry_when_locked(function: Callable[P, R]) -> Callable[P, R]:
    """Run a short write transaction again when SQLite reports a lock held by a concurrent writer.

    Why: SQLite has one writer at a time. Under a burst of ballots a writer may find the database (or, for the
    shared in-memory database of the tests, a table) locked beyond the busy timeout; the unique register mark
    then decides which attempt wins, and the others are refused as "already voted". PostgreSQL waits on the row
    lock instead and never raises this. Inside an outer transaction nothing is retried: the caller owns it.
    """

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(10):
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                if connection.in_atomic_block or "locked" not in str(error) or attempt == 9:
                    raise
                time.sleep(0.02 * (attempt + 1))
        raise AssertionError("unreachable")

    return wrapper


def allowed(user: Any, capability: Capability, place: Place) -> bool:
    """`can` for any signed-in user object (the User model satisfies the protocol at run time)."""
    return bool(user is not None and user.is_authenticated and can(user, capability, place))


def is_system(actor: Actor) -> bool:
    """The system actor acts for a workflow that checked its own permissions (demo, imports); never a request."""
    return actor.user is None and actor.channel == Channel.SYSTEM


def day_of(actor: Actor, on: datetime.date | None) -> datetime.date:
    """The day an act happened: today, or an earlier day for records entered from paper or by the system."""
    current = today()
    if on is None or on == current:
        return current
    if on > current and not is_system(actor):
        raise ActionError(_("An act cannot be recorded for a day in the future."), code="day_in_future", field="on")
    if on != current and actor.channel not in BACKDATING_CHANNELS:
        raise ActionError(
            _("Only acts recorded from paper or a meeting may carry an earlier day."), code="day_backdated", field="on"
        )
    return on


def person_id(actor: Actor) -> int | None:
    user = actor.user
    if user is None or not user.is_authenticated:
        return None
    return user.person_id


def is_committee_member(actor: Actor, election: Election) -> bool:
    """Whether the actor sits on this election's election committee (and has not left it)."""
    pid = person_id(actor)
    if pid is None:
        return False
    return CommitteeMember.objects.filter(election=election, person_id=pid, left_on__isnull=True).exists()


def may_manage(actor: Actor, election: Election) -> bool:
    """Staff holding MANAGE_ELECTION at the community, or the election committee itself (CW-2)."""
    if is_system(actor):
        return True
    if actor.user is None or not actor.user.is_authenticated:
        return False
    return allowed(actor.user, Capability.MANAGE_ELECTION, election.community) or is_committee_member(actor, election)


def may_count(actor: Actor, election: Election) -> bool:
    """Tellers: COUNT_BALLOTS at the community, or whoever may manage the election."""
    if may_manage(actor, election):
        return True
    return actor.user is not None and allowed(actor.user, Capability.COUNT_BALLOTS, election.community)


def require_manage(actor: Actor, election: Election) -> None:
    if not may_manage(actor, election):
        raise NotPermitted(_("Only the election committee or election staff of this community may do this."))


def require_count(actor: Actor, election: Election) -> None:
    if not may_count(actor, election):
        raise NotPermitted(_("Only tellers of this election may do this."))


def require_capability(actor: Actor, capability: Capability, place: Place) -> None:
    if is_system(actor):
        return
    if not allowed(actor.user, capability, place):
        raise NotPermitted()


def publish(
    *,
    actor: Actor,
    community: Place,
    kind: str,
    title: str,
    body: str,
    source: models.Model | None,
    due_by: datetime.date | None = None,
    posted_until: datetime.date | None = None,
) -> Notice:
    """Publish on the community's board: as the user when they may publish there, else as the system for
    the election committee, whose right to publish its lists comes from the law (CW-5, CW-13), not a role."""
    publisher = actor
    if actor.user is None or not allowed(actor.user, Capability.PUBLISH_NOTICE, community):
        publisher = Actor.system()
    return publish_for(
        actor=publisher,
        community=community,
        kind=kind,
        title=title,
        body=body,
        source=source,
        due_by=due_by,
        posted_until=posted_until,
    )


def board_language() -> translation.override:
    """Notices are written in Chinese, the language of the board they are posted on (like their PDF)."""
    return translation.override("zh-hans")


def group_name(home: Place | None) -> str:
    """The villagers' group or compound a person lives in (the only address a public list shows, PI-1)."""
    if home is None:
        return gettext("No group recorded")
    compound = home.ancestor_of_kind("compound")
    return compound.name if compound is not None else home.name


def plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value

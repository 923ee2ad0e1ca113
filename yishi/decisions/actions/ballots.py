"""Ballots on every channel: one per line of the roll, safe under concurrent requests and retries."""

import datetime
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit
from yishi.audit.errors import ActionError, NotFound, NotPermitted
from yishi.audit.models import Channel
from yishi.decisions.actions._common import (
    KEY_MAX,
    STAFF_CHANNELS,
    locked,
    require,
    require_status,
    staff_user,
)
from yishi.decisions.domain import basis as basis_rules
from yishi.decisions.models import (
    Attendance,
    Authority,
    AuthorityKind,
    Ballot,
    BallotChannel,
    Capacity,
    OptionKind,
    Participation,
    RollEntry,
    RollVoter,
    Secrecy,
    SecretBallot,
    ShowOfHands,
    Submission,
    Vote,
    VoteOption,
    VoteStatus,
)
from yishi.people.domain.roles import Capability
from yishi.people.models import Person

# --- ballots ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Receipt:
    """What a voter (or the staff member who entered the ballot) is told; the same again for a replayed request.
    A secret ballot's receipt never says what was chosen."""

    vote_id: int
    entry_number: int
    entry_name: str
    revision: int
    option: str | None
    channel: str
    recorded_on: datetime.date
    replayed: bool = False


def new_idempotency_key() -> str:
    """A fresh key for a form or client to send with one submission."""
    return secrets.token_urlsafe(24)


def _clean_key(raw: str) -> str:
    key = (raw or "").strip()
    if not key:
        return new_idempotency_key()
    if len(key) > KEY_MAX:
        raise ActionError(
            _("The request key is longer than 80 characters."), code="ballot_key_long", field="idempotency_key"
        )
    return key


def _replay(vote: Vote, key: str) -> Receipt | None:
    found = Submission.objects.select_related("entry", "option").filter(vote_id=vote.pk, key=key).first()
    if found is None:
        return None
    return Receipt(
        vote_id=vote.pk,
        entry_number=found.entry.number,
        entry_name=found.entry.name,
        revision=found.revision,
        option=found.option.kind if found.option is not None else None,
        channel=found.channel,
        recorded_on=found.recorded_on,
        replayed=True,
    )


_VOTE_STATE_FIELDS = ("status", "opens_at", "closes_at", "secrecy", "allow_change", "basis")


def _ballot_state(vote: Vote) -> dict[str, Any]:
    """The vote's state read under a shared lock: ballots run side by side, but never across the close.

    On PostgreSQL each ballot holds FOR SHARE on the vote row until it commits, and closing takes FOR UPDATE:
    the close waits for ballots in flight, and a ballot arriving after the close sees the closed status.
    SQLite's IMMEDIATE transactions already run one writer at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            columns = ", ".join(_VOTE_STATE_FIELDS)
            cursor.execute(f"SELECT {columns} FROM decisions_vote WHERE id = %s FOR SHARE", [vote.pk])  # noqa: S608
            row = cursor.fetchone()
        if row is None:
            raise NotFound(_("This vote no longer exists."))
        return dict(zip(_VOTE_STATE_FIELDS, row, strict=True))
    state: dict[str, Any] | None = Vote.objects.filter(pk=vote.pk).values(*_VOTE_STATE_FIELDS).first()
    if state is None:
        raise NotFound(_("This vote no longer exists."))
    return state


def _check_window(state: Mapping[str, Any], *, now: datetime.datetime, staff: bool) -> None:
    if state["status"] != VoteStatus.OPEN:
        if state["status"] == VoteStatus.DRAFT:
            raise ActionError(_("Voting has not started yet."), code="ballot_not_open")
        raise ActionError(_("Voting has closed: no more ballots are accepted."), code="ballot_after_close")
    if now < state["opens_at"]:
        raise ActionError(_("Voting has not started yet."), code="ballot_not_open")
    # Residents vote online until the closing time; paper ballots handed in before it are entered by staff
    # until they close the vote.
    if not staff and now >= state["closes_at"]:
        raise ActionError(_("Voting has closed: no more ballots are accepted."), code="ballot_after_close")


def _option(vote: Vote, kind: str, *, staff: bool, channel: str) -> VoteOption:
    option = VoteOption.objects.filter(vote_id=vote.pk, kind=kind).first()
    if option is None or (kind == OptionKind.SPOILED and not (staff and channel == BallotChannel.PAPER)):
        raise ActionError(
            _("That is not one of the choices on this ballot."), code="ballot_option_unknown", field="option"
        )
    return option


ALREADY_CAST = "ballot_already_cast"


def _already_voted() -> ActionError:
    return ActionError(
        _("A ballot has already been cast for this person or unit (on any channel); a second one is not accepted."),
        code=ALREADY_CAST,
    )


@dataclass(frozen=True)
class _Cast:
    entry: RollEntry
    option: VoteOption
    channel: str
    cast_by_id: int | None
    capacity: str
    recorded_by: Any
    paper_reference: str = ""
    witness: str = ""


def _record(vote: Vote, state: Mapping[str, Any], cast: _Cast, *, key: str, change: bool, actor: Actor) -> Receipt:
    now = timezone.now()
    day = timezone.localdate(now)
    if state["secrecy"] == Secrecy.SECRET:
        if Participation.objects.filter(entry=cast.entry).exists():
            raise _already_voted()
        mark = Participation.objects.create(
            vote_id=vote.pk,
            entry=cast.entry,
            channel=cast.channel,
            recorded_by=cast.recorded_by,
            paper_reference=cast.paper_reference,
            witness=cast.witness,
            voted_on=day,
        )
        SecretBallot.objects.create(vote_id=vote.pk, option=cast.option)
        Submission.objects.create(
            vote_id=vote.pk, key=key, entry=cast.entry, revision=1, option=None, channel=cast.channel, recorded_on=day
        )
        # The audit record says who took part and how, never what they chose.
        record_audit(
            actor=actor, verb="ballot.participate", target=mark, place=None, changes={"channel": [None, cast.channel]}
        )
        return Receipt(
            vote_id=vote.pk,
            entry_number=cast.entry.number,
            entry_name=cast.entry.name,
            revision=1,
            option=None,
            channel=cast.channel,
            recorded_on=day,
        )
    existing = Ballot.objects.select_for_update().filter(entry=cast.entry).first()
    if existing is not None:
        if not change:
            raise _already_voted()
        if not state["allow_change"]:
            raise ActionError(_("Ballots in this vote cannot be changed once cast."), code="ballot_change_not_allowed")
        before = {"option": existing.option.kind, "channel": existing.channel}
        existing.option = cast.option
        existing.channel = cast.channel
        existing.cast_by_id = cast.cast_by_id
        existing.capacity = cast.capacity
        existing.recorded_by = cast.recorded_by
        existing.paper_reference, existing.witness = cast.paper_reference, cast.witness
        existing.revision += 1
        existing.changed_at = now
        existing.save()
        ballot, verb = existing, "ballot.change"
        changes = diff(before, {"option": cast.option.kind, "channel": cast.channel})
    else:
        ballot = Ballot.objects.create(
            vote_id=vote.pk,
            entry=cast.entry,
            option=cast.option,
            area_hundredths=int((cast.entry.area or 0) * 100),
            channel=cast.channel,
            cast_by_id=cast.cast_by_id,
            capacity=cast.capacity,
            recorded_by=cast.recorded_by,
            paper_reference=cast.paper_reference,
            witness=cast.witness,
            cast_at=now,
        )
        verb, changes = "ballot.cast", {"option": [None, cast.option.kind], "channel": [None, cast.channel]}
    Submission.objects.create(
        vote_id=vote.pk,
        key=key,
        entry=cast.entry,
        revision=ballot.revision,
        option=cast.option,
        channel=cast.channel,
        recorded_on=day,
    )
    record_audit(actor=actor, verb=verb, target=ballot, place=None, changes=changes)
    return Receipt(
        vote_id=vote.pk,
        entry_number=cast.entry.number,
        entry_name=cast.entry.name,
        revision=ballot.revision,
        option=cast.option.kind,
        channel=cast.channel,
        recorded_on=day,
    )


def entries_castable_by(vote: Vote, person_id: int) -> list[tuple[RollEntry, str]]:
    """The roll entries a person may cast, with the capacity: their own line, a co-owned unit (unless the
    co-owners chose someone else), or an entry they hold a written authority for (YZ-8, YZ-9)."""
    result: dict[int, tuple[RollEntry, str]] = {}
    own = RollVoter.objects.filter(vote_id=vote.pk, person_id=person_id).select_related("entry")
    chosen = dict(
        Authority.objects.filter(vote_id=vote.pk, kind=AuthorityKind.CHOSEN_CO_OWNER).values_list(
            "entry_id", "person_id"
        )
    )
    for voter in own:
        if voter.entry_id in chosen and chosen[voter.entry_id] != person_id:
            continue
        result[voter.entry_id] = (voter.entry, voter.capacity)
    agents = Authority.objects.filter(vote_id=vote.pk, person_id=person_id, kind=AuthorityKind.AGENT).select_related(
        "entry"
    )
    for authority in agents:
        result.setdefault(authority.entry_id, (authority.entry, Capacity.AGENT))
    return sorted(result.values(), key=lambda item: item[0].number)


def _entry_for(vote: Vote, person_id: int, entry: RollEntry | None) -> tuple[RollEntry, str]:
    castable = entries_castable_by(vote, person_id)
    if not castable:
        raise NotPermitted(
            _("You are not on this vote's roll, and no written authority to vote for someone on it is recorded."),
            code="ballot_not_on_roll",
        )
    if entry is None:
        if len(castable) > 1:
            raise ActionError(
                _("You may vote for more than one line of the roll: choose which."), code="ballot_entry_ambiguous"
            )
        return castable[0]
    for candidate, capacity in castable:
        if candidate.pk == entry.pk:
            return candidate, capacity
    raise NotPermitted(_("You may not vote for this line of the roll."), code="ballot_not_your_entry")


# SQLite runs one write transaction at a time and lets waiting writers poll for its lock: under many concurrent
# requests a writer can lose every poll until its busy timeout runs out ("database is locked", seen at 32 clients in
# bench/votes_cast.py). The ballots of one process therefore queue here and reach SQLite one at a time; PostgreSQL
# runs them side by side. Not taken inside an enclosing transaction, which may already hold SQLite's lock.
_SQLITE_BALLOTS = threading.Lock()


@contextmanager
def _write_turn() -> Iterator[None]:
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with _SQLITE_BALLOTS:
        yield


def _cast_safely(vote: Vote, key: str, prepare: Callable[[], _Cast], work: Callable[[_Cast], Receipt]) -> Receipt:
    """Run one ballot: `prepare` reads what cannot change while the vote is open (the frozen roll, the choices, the
    name the audit record keeps) before the write transaction, so that `work` holds the write lock (all of SQLite,
    one transaction at a time) for the state check and the writes only. A concurrent duplicate is answered from its
    submission (the same request retried) or refused (a second ballot).

    A retry can overtake the pre-check while the first request is still running; it then finds the ballot the
    first one stored (refused as a second ballot) or hits the unique constraint. Either way, once its transaction
    has rolled back the first request's submission is committed and the retry gets the same receipt."""
    replay = _replay(vote, key)
    if replay is not None:
        return replay
    cast = prepare()
    try:
        with _write_turn(), transaction.atomic():
            return work(cast)
    except ActionError as error:
        if error.code != ALREADY_CAST:
            raise
        replay = _replay(vote, key)
        if replay is not None:
            return replay
        raise
    except IntegrityError as error:
        replay = _replay(vote, key)
        if replay is not None:
            return replay
        raise _already_voted() from error


def _vote_state(vote: Vote) -> dict[str, Any]:
    """The vote's state as last committed, for the checks made before the transaction (repeated inside it)."""
    state: dict[str, Any] | None = Vote.objects.filter(pk=vote.pk).values(*_VOTE_STATE_FIELDS).first()
    if state is None:
        raise NotFound(_("This vote no longer exists."))
    return state


def _check_online(state: Mapping[str, Any]) -> None:
    _check_window(state, now=timezone.now(), staff=False)
    if basis_rules.VoteBasis(state["basis"]) in basis_rules.MEETING_BASES:
        raise ActionError(
            _("This decision is taken at the meeting: vote there, where staff record the result."),
            code="ballot_at_meeting",
        )


def cast_ballot(
    *,
    actor: Actor,
    vote: Vote,
    option: str,
    idempotency_key: str = "",
    entry: RollEntry | None = None,
    change: bool = False,
) -> Receipt:
    """A resident casts (or, where allowed, changes) their own ballot online, or one they may cast for a
    co-owned unit or under a written authority. Safe to retry with the same key."""
    user = actor.user
    if user is None or not user.is_authenticated or user.person_id is None:
        raise NotPermitted(_("Sign in to vote."))
    person_id = user.person_id
    key = _clean_key(idempotency_key)
    online = Actor(user=user, acting_role=actor.acting_role or "resident", channel=Channel.ONLINE)

    def prepare() -> _Cast:
        _check_online(_vote_state(vote))
        chosen, capacity = _entry_for(vote, person_id, entry)
        cast = _Cast(
            entry=chosen,
            option=_option(vote, option, staff=False, channel=BallotChannel.ONLINE),
            channel=BallotChannel.ONLINE,
            cast_by_id=person_id,
            capacity=capacity,
            recorded_by=None,
        )
        _ = online.name  # the voter's name, loaded now for the audit record
        return cast

    def work(cast: _Cast) -> Receipt:
        state = _ballot_state(vote)
        _check_online(state)
        return _record(vote, state, cast, key=key, change=change, actor=online)

    return _cast_safely(vote, key, prepare, work)


def enter_ballot(
    *,
    actor: Actor,
    vote: Vote,
    entry: RollEntry,
    option: str,
    channel: str,
    paper_reference: str = "",
    witness: str = "",
    idempotency_key: str = "",
    change: bool = False,
) -> Receipt:
    """Staff enter a paper ballot (with its reference and a witness), a ballot for a resident without a phone
    (assisted, with a witness), or a named vote at the meeting. One ballot per line of the roll, on any channel."""
    require(actor, Capability.RECORD_BALLOT, vote.place)
    key = _clean_key(idempotency_key)
    if channel not in STAFF_CHANNELS:
        raise ActionError(
            _("Choose paper, assisted or at the meeting."), code="ballot_channel_unknown", field="channel"
        )
    paper_reference, witness = paper_reference.strip()[:100], witness.strip()[:100]
    if channel == BallotChannel.PAPER and not paper_reference:
        raise ActionError(
            _("Write the paper ballot's reference number."), code="ballot_paper_reference", field="paper_reference"
        )
    if channel in (BallotChannel.PAPER, BallotChannel.ASSISTED) and not witness:
        raise ActionError(_("Name the witness."), code="ballot_witness", field="witness")
    if entry.vote_id != vote.pk:
        raise ActionError(_("That line is not on this vote's roll."), code="ballot_not_on_roll", field="entry")
    staff_actor = Actor(user=actor.user, acting_role=actor.acting_role, channel=channel)

    def check(state: Mapping[str, Any]) -> bool:
        _check_window(state, now=timezone.now(), staff=True)
        meeting = basis_rules.VoteBasis(state["basis"]) in basis_rules.MEETING_BASES
        if channel == BallotChannel.MEETING and not meeting:
            raise ActionError(_("This vote is not taken at a meeting."), code="ballot_not_meeting", field="channel")
        return meeting

    def prepare() -> _Cast:
        check(_vote_state(vote))
        cast = _Cast(
            entry=entry,
            option=_option(vote, option, staff=True, channel=channel),
            channel=channel,
            cast_by_id=entry.person_id,
            capacity="",
            recorded_by=actor.user,
            paper_reference=paper_reference,
            witness=witness,
        )
        _ = staff_actor.name  # loaded now for the audit record
        return cast

    def work(cast: _Cast) -> Receipt:
        state = _ballot_state(vote)
        if check(state):
            if not Attendance.objects.filter(entry=entry).exists():
                raise ActionError(
                    _("Only those recorded as present vote at the meeting: record their attendance first."),
                    code="ballot_not_present",
                    field="entry",
                )
            if ShowOfHands.objects.filter(vote_id=vote.pk).exists():
                raise ActionError(
                    _("The show of hands is already recorded for this meeting; individual ballots cannot be added."),
                    code="ballot_hands_recorded",
                )
        return _record(vote, state, cast, key=key, change=change, actor=staff_actor)

    return _cast_safely(vote, key, prepare, work)


@transaction.atomic
def record_authority(
    *, actor: Actor, vote: Vote, entry: RollEntry, person: Person, kind: str, reference: str = ""
) -> Authority:
    """Record a written authority to vote for a line of the roll (YZ-9), or the co-owner the co-owners chose (YZ-8)."""
    vote = locked(vote)
    require(actor, Capability.RECORD_BALLOT, vote.place)
    require_status(vote, VoteStatus.OPEN)
    if entry.vote_id != vote.pk:
        raise ActionError(_("That line is not on this vote's roll."), code="ballot_not_on_roll", field="entry")
    if kind not in AuthorityKind.values:
        raise ActionError(_("Unknown kind of authority."), code="authority_kind_unknown", field="kind")
    if Ballot.objects.filter(entry=entry).exists() or Participation.objects.filter(entry=entry).exists():
        raise ActionError(_("This line has already voted."), code="authority_after_ballot", field="entry")
    reference = reference.strip()[:200]
    if kind == AuthorityKind.AGENT and not reference:
        raise ActionError(
            _("An agent votes only with a written authority: record its reference."),
            code="authority_reference_missing",
            field="reference",
        )
    if kind == AuthorityKind.CHOSEN_CO_OWNER:
        if not RollVoter.objects.filter(entry=entry, person=person, capacity=Capacity.CO_OWNER).exists():
            raise ActionError(
                _("Only one of the unit's co-owners can be chosen to vote for it."),
                code="authority_not_co_owner",
                field="person",
            )
        Authority.objects.filter(entry=entry, kind=AuthorityKind.CHOSEN_CO_OWNER).delete()
    authority, _created = Authority.objects.get_or_create(
        vote=vote,
        entry=entry,
        person=person,
        kind=kind,
        defaults={"reference": reference, "recorded_by": staff_user(actor)},
    )
    record_audit(
        actor=actor,
        verb="vote.authority",
        target=authority,
        place=vote.place,
        changes={"entry": [None, entry.number], "person": [None, person.pk], "kind": [None, kind]},
    )
    return authority

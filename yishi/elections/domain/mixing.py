"""Mixing the ballot box at the close of voting (CW-12: secret ballot).

Ballots are stored without any link to the voter, but rows still have an insertion order. At the close
every ballot of the round is taken out, shuffled with the operating system's random source, and put back
with fresh random keys, so that neither row order nor keys tell in which order ballots were cast.
"""

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class StoredBallot:
    """A ballot as it lies in the box: its receipt and the options marked on it."""

    receipt: str
    options: tuple[int, ...]


@dataclass(frozen=True)
class MixedMark:
    """One mark of a mixed ballot, under a fresh key."""

    key: uuid.UUID
    ballot_key: uuid.UUID
    option: int


@dataclass(frozen=True)
class MixedBallot:
    """A ballot put back into the box under a fresh key."""

    key: uuid.UUID
    receipt: str
    options: tuple[int, ...]


@dataclass(frozen=True)
class MixedBox:
    """The box after mixing: ballots and marks, each in a random order of its own."""

    ballots: tuple[MixedBallot, ...]
    marks: tuple[MixedMark, ...]


def mix(ballots: Sequence[StoredBallot]) -> MixedBox:
    """Shuffle ballots and their marks and give every row a fresh uuid4 key; the multiset of choices is kept."""
    shuffler = secrets.SystemRandom()
    order = list(ballots)
    shuffler.shuffle(order)
    mixed = tuple(
        MixedBallot(key=uuid.uuid4(), receipt=ballot.receipt, options=tuple(sorted(ballot.options))) for ballot in order
    )
    marks = [
        MixedMark(key=uuid.uuid4(), ballot_key=ballot.key, option=option)
        for ballot in mixed
        for option in ballot.options
    ]
    shuffler.shuffle(marks)
    return MixedBox(ballots=mixed, marks=tuple(marks))


def same_contents(before: Sequence[StoredBallot], after: Sequence[MixedBallot]) -> bool:
    """Whether mixing kept exactly the same ballots (receipts with their choices), nothing added or lost."""
    left = sorted((ballot.receipt, tuple(sorted(ballot.options))) for ballot in before)
    right = sorted((ballot.receipt, tuple(sorted(ballot.options))) for ballot in after)
    return left == right

"""The re-vote among candidates tied for the last seat (CW-9: "就得票相同的候选人再次投票，以得票多者当选").

The tied candidates already reached the first round's threshold; the re-vote only orders them, so the
most votes win. A tie again across the last seat leaves those candidates for another re-vote.
"""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RevoteResult:
    """Who the re-vote elected, and who is still tied for how many seats."""

    elected: tuple[str, ...]
    still_tied: tuple[str, ...]
    tied_seats: int


def rank_revote(*, tallies: Mapping[str, int], seats: int) -> RevoteResult:
    """Most votes win the `seats`; a tie across the last seat stays undecided."""
    if seats <= 0:
        raise ValueError("A re-vote fills at least one seat.")
    ranked = sorted(tallies, key=lambda name: (-tallies[name], name))
    if len(ranked) <= seats:
        return RevoteResult(elected=tuple(ranked), still_tied=(), tied_seats=0)
    cut = tallies[ranked[seats - 1]]
    if tallies[ranked[seats]] < cut:
        return RevoteResult(elected=tuple(ranked[:seats]), still_tied=(), tied_seats=0)
    above = tuple(name for name in ranked if tallies[name] > cut)
    tied = tuple(name for name in ranked if tallies[name] == cut)
    return RevoteResult(elected=above, still_tied=tied, tied_seats=seats - len(above))

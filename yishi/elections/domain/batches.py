"""Teller batches: the figures of one ballot box counted by hand must add up before they are accepted.

A batch says how many ballots were in the box, how many were blank and how many spoiled, and how many
marks each option received. The checks here are arithmetic, not law: the law's own thresholds
(CW-7, CW-8, CW-11) are applied later to the round as a whole by yishi.decisions.domain.elections.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class BatchProblem(StrEnum):
    """Why a batch does not add up."""

    NEGATIVE = "batch_negative"
    PARTS_EXCEED_BOX = "batch_parts_exceed_box"
    OPTION_EXCEEDS_BALLOTS = "batch_option_exceeds_ballots"
    POST_EXCEEDS_SEATS = "batch_post_exceeds_seats"
    UNKNOWN_OPTION = "batch_unknown_option"


@dataclass(frozen=True)
class PostCounts:
    """The marks counted for the options of one post (or one recall question), and its seats."""

    seats: int
    counts: Mapping[str, int]


@dataclass(frozen=True)
class BatchFigures:
    """What the tellers counted in one box."""

    ballots_in_box: int
    blank: int
    spoiled: int
    posts: Mapping[str, PostCounts]


@dataclass(frozen=True)
class Finding:
    """One problem with the figures that showed it."""

    problem: BatchProblem
    subject: str
    figures: Mapping[str, int]


@dataclass(frozen=True)
class BatchCheck:
    """The verdict on a batch: accepted when there is no finding."""

    findings: tuple[Finding, ...]
    marked_ballots: int

    @property
    def adds_up(self) -> bool:
        return not self.findings


def check_batch(figures: BatchFigures) -> BatchCheck:
    """Check that blank + spoiled fit in the box, and that no post has more marks than ballots times seats."""
    findings: list[Finding] = []
    for name, value in (
        ("ballots_in_box", figures.ballots_in_box),
        ("blank", figures.blank),
        ("spoiled", figures.spoiled),
    ):
        if value < 0:
            findings.append(Finding(BatchProblem.NEGATIVE, name, {"value": value}))
    for post, counts in figures.posts.items():
        for option, value in counts.counts.items():
            if value < 0:
                findings.append(Finding(BatchProblem.NEGATIVE, f"{post}:{option}", {"value": value}))
    if findings:
        return BatchCheck(findings=tuple(findings), marked_ballots=0)
    marked = figures.ballots_in_box - figures.blank - figures.spoiled
    if marked < 0:
        findings.append(
            Finding(
                BatchProblem.PARTS_EXCEED_BOX,
                "box",
                {"ballots_in_box": figures.ballots_in_box, "blank": figures.blank, "spoiled": figures.spoiled},
            )
        )
        return BatchCheck(findings=tuple(findings), marked_ballots=0)
    for post, counts in figures.posts.items():
        for option, value in counts.counts.items():
            if value > marked:
                findings.append(
                    Finding(BatchProblem.OPTION_EXCEEDS_BALLOTS, option, {"votes": value, "ballots": marked})
                )
        total = sum(counts.counts.values())
        if total > marked * counts.seats:
            findings.append(
                Finding(
                    BatchProblem.POST_EXCEEDS_SEATS,
                    post,
                    {"marks": total, "ballots": marked, "seats": counts.seats, "limit": marked * counts.seats},
                )
            )
    return BatchCheck(findings=tuple(findings), marked_ballots=marked)

"""The kinds of public notice and how long each stays on the board by default."""

import datetime
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class NoticeKind(StrEnum):
    """What a notice makes public; each step of the five-people method ends in one of these."""

    TRIAGE_RESULT = "triage_result"
    DELIBERATION_OUTCOME = "deliberation_outcome"
    DECISION = "decision"
    IMPLEMENTATION_RESULT = "implementation_result"
    ACCOUNTS = "accounts"
    ELECTION = "election"
    VOTER_LIST = "voter_list"
    CANDIDATE_LIST = "candidate_list"
    MEETING_NOTICE = "meeting_notice"
    EVALUATION_RESULT = "evaluation_result"
    DESIGNATION = "designation"
    GENERAL = "general"


# Days a notice of each kind stays posted unless staff choose otherwise. Not law: defaults that
# staff may lengthen. Accounts stay a month because finance is published monthly (村组法第三十条;
# 山东条例第十二条 "逐项逐笔每月公布一次"); the voter list stays until the election, which it must
# precede by twenty days (村组法第十四条, CW-5).
DEFAULT_POSTING_DAYS: Mapping[NoticeKind, int] = MappingProxyType(
    {
        NoticeKind.TRIAGE_RESULT: 7,
        NoticeKind.DELIBERATION_OUTCOME: 7,
        NoticeKind.DECISION: 7,
        NoticeKind.IMPLEMENTATION_RESULT: 7,
        NoticeKind.ACCOUNTS: 30,
        NoticeKind.ELECTION: 7,
        NoticeKind.VOTER_LIST: 20,
        NoticeKind.CANDIDATE_LIST: 7,
        NoticeKind.MEETING_NOTICE: 7,
        NoticeKind.EVALUATION_RESULT: 7,
        NoticeKind.DESIGNATION: 7,
        NoticeKind.GENERAL: 7,
    }
)

# 山东省村务公开条例第十三条: an item stays on the noticeboard at least five days. A configurable
# minimum (YISHI_DISCLOSURE_MIN_POSTING_DAYS); other provinces may differ (RULES.md §6).
SHANDONG_MINIMUM_POSTING_DAYS = 5


def posting_days(kind: NoticeKind, *, minimum: int) -> int:
    """The default posting period of a kind, never shorter than the configured minimum."""
    return max(DEFAULT_POSTING_DAYS[kind], minimum)


def default_posted_until(*, kind: NoticeKind, posted_from: datetime.date, minimum: int) -> datetime.date:
    """The last day a notice posted on `posted_from` stays up by default.

    民法典第二百零一条: a period counted in days does not count the day it starts on, so N days
    from the posting day end at the end of posting day + N.
    """
    return posted_from + datetime.timedelta(days=posting_days(kind, minimum=minimum))


def earliest_allowed_until(*, posted_from: datetime.date, minimum: int) -> datetime.date:
    """The earliest last day that still keeps a notice up for the minimum (start day not counted)."""
    return posted_from + datetime.timedelta(days=minimum)


def is_current(*, posted_from: datetime.date | None, posted_until: datetime.date | None, on: datetime.date) -> bool:
    """Whether a published notice is on the board on a day (both ends inclusive)."""
    if posted_from is None or posted_until is None:
        return False
    return posted_from <= on <= posted_until


def is_on_time(
    *, due_by: datetime.date | None, published_on: datetime.date | None, today: datetime.date
) -> bool | None:
    """Whether the notice met its due date: None when no due date, or unpublished and not yet due."""
    if due_by is None:
        return None
    if published_on is not None:
        return published_on <= due_by
    return False if today > due_by else None

"""Writes of votes. Each checks permission and the vote's status, calls the domain, saves and appends the audit record.

Other apps open a decision through `open_decision_for_matter` (the deliberation app, once an outcome is reviewed);
everything else is driven by staff pages, residents' ballots and the API.
"""

from yishi.decisions.actions.ballots import (
    Receipt,
    cast_ballot,
    enter_ballot,
    entries_castable_by,
    new_idempotency_key,
    record_authority,
)
from yishi.decisions.actions.counting import close_vote, count_vote, publish_result
from yishi.decisions.actions.drafting import (
    AreaInput,
    RuleFraction,
    VoteDraft,
    VoteSettings,
    create_vote,
    place_fits,
    update_roll_source,
    update_vote,
)
from yishi.decisions.actions.four_two import record_four_two_step, start_four_two
from yishi.decisions.actions.from_matter import open_decision_for_matter
from yishi.decisions.actions.meetings import record_attendance, record_show_of_hands
from yishi.decisions.actions.opening import open_vote

__all__ = [
    "AreaInput",
    "Receipt",
    "RuleFraction",
    "VoteDraft",
    "VoteSettings",
    "cast_ballot",
    "close_vote",
    "count_vote",
    "create_vote",
    "enter_ballot",
    "entries_castable_by",
    "new_idempotency_key",
    "open_decision_for_matter",
    "open_vote",
    "place_fits",
    "publish_result",
    "record_attendance",
    "record_authority",
    "record_four_two_step",
    "record_show_of_hands",
    "start_four_two",
    "update_roll_source",
    "update_vote",
]

"""Writes of deliberation (民事民议). Each checks permission and state, calls the domain, saves, appends the audit
record and, where a matter is concerned, its timeline event (which keeps the proposer and followers informed).

The writes live in yishi/deliberation/actions/{meetings,outcomes,hall}.py and are all importable from here.

For other apps:
- `open_hall(actor=..., matter=...)` opens a matter's online deliberation hall (and starts its deliberation);
- `review_outcome(actor=..., outcome=..., approve=..., reasons=...)` is the party organisation's review; an
  approved outcome is published (disclosure) and moves its matter to deciding, implementing or closed;
- the decisions app reads approved outcomes (`queries.approved_outcomes_for(matter)`) and registers its
  "open a decision for this matter" page with `yishi.deliberation.links.register_decision_opener`.

The system actor (Actor.system()) is trusted as in yishi.matters.actions.advance_matter: scheduled work and the
demo act through it; it is never built from a request.
"""

from yishi.deliberation.actions.common import AGENDA_STATUSES, domain_refusal
from yishi.deliberation.actions.hall import (
    close_hall,
    dismiss_reports,
    hide_post,
    invite_to_hall,
    open_hall,
    post_in_hall,
    record_post_for_resident,
    report_post,
    restore_post,
    summarise_hall,
)
from yishi.deliberation.actions.meetings import (
    MeetingFacts,
    SignInResult,
    add_agenda_item,
    add_seat,
    cancel_meeting,
    check_meeting_seats,
    convene_meeting,
    create_meeting,
    end_meeting,
    open_meeting,
    remove_agenda_item,
    remove_seat,
    renew_sign_in_code,
    seat_counts,
    sign_in_for,
    sign_in_with_code,
    update_meeting,
)
from yishi.deliberation.actions.outcomes import (
    add_minutes_entry,
    record_dissent,
    record_outcome,
    review_outcome,
    revise_outcome,
    submit_outcome,
)

__all__ = [
    "AGENDA_STATUSES",
    "MeetingFacts",
    "SignInResult",
    "add_agenda_item",
    "add_minutes_entry",
    "add_seat",
    "cancel_meeting",
    "check_meeting_seats",
    "close_hall",
    "convene_meeting",
    "create_meeting",
    "dismiss_reports",
    "domain_refusal",
    "end_meeting",
    "hide_post",
    "invite_to_hall",
    "open_hall",
    "open_meeting",
    "post_in_hall",
    "record_dissent",
    "record_outcome",
    "record_post_for_resident",
    "remove_agenda_item",
    "remove_seat",
    "renew_sign_in_code",
    "report_post",
    "restore_post",
    "review_outcome",
    "revise_outcome",
    "seat_counts",
    "sign_in_for",
    "sign_in_with_code",
    "submit_outcome",
    "summarise_hall",
    "update_meeting",
]

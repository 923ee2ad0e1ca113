"""The steps deliberation records on a matter's timeline (yishi.matters.events), with their translated labels."""

from django.utils.translation import gettext_lazy as _

MEETING_CONVENED = "deliberation.meeting_convened"
MEETING_OPENED = "deliberation.meeting_opened"
MEETING_HELD = "deliberation.meeting_held"
MEETING_CANCELLED = "deliberation.meeting_cancelled"
HALL_OPENED = "deliberation.hall_opened"
HALL_SUMMARISED = "deliberation.hall_summarised"
OUTCOME_SUBMITTED = "deliberation.outcome_submitted"
OUTCOME_SENT_BACK = "deliberation.outcome_sent_back"
OUTCOME_APPROVED = "deliberation.outcome_approved"

LABELS = {
    MEETING_CONVENED: _("A deliberation meeting was convened"),
    MEETING_OPENED: _("An ad hoc deliberation meeting was opened"),
    MEETING_HELD: _("A deliberation meeting was held"),
    MEETING_CANCELLED: _("A deliberation meeting was cancelled"),
    HALL_OPENED: _("The online deliberation hall is open"),
    HALL_SUMMARISED: _("The opinions in the deliberation hall were summarised"),
    OUTCOME_SUBMITTED: _("The outcome was submitted to the party organisation for review"),
    OUTCOME_SENT_BACK: _("The party organisation sent the outcome back for revision"),
    OUTCOME_APPROVED: _("The party organisation approved the deliberation outcome"),
}


def register() -> None:
    """Give the matters timeline a label for each of these kinds (called from AppConfig.ready)."""
    from yishi.matters.events import register_kind

    for kind, label in LABELS.items():
        register_kind(kind, label)

"""What deliberation adds to the front pages and the ledgers: invitations, outcomes to review or revise and
reported posts in "what awaits me"; upcoming meetings and published outcomes on a community's public page; a
sheet of meetings in the community's ledger workbook.

The web registries are reached by dotted path so that this lower layer does not import the top one (the "Apps
import along the workflow" contract); only data flows up.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_lazy, ngettext

from yishi.deliberation import queries
from yishi.deliberation.models import Hall, Meeting, Outcome, OutcomeStatus
from yishi.deliberation.permissions import Access
from yishi.matters.models import Matter
from yishi.matters.permissions import communities_where
from yishi.matters.steps import DELIBERATE, StepLink, register_steps
from yishi.people.domain.roles import Capability
from yishi.people.permissions import places_where

INVITATIONS_SHOWN = 5


def awaiting(user: Any) -> list[Any]:
    """Invitations to upcoming meetings; for the party secretary, outcomes to review; for staff, outcomes sent
    back and reported posts."""
    if not user.is_authenticated:
        return []
    item = import_string("yishi.web.awaiting.AwaitingItem")
    items: list[Any] = []
    if user.person_id is not None:
        for seat in queries.my_invitations(user.person_id)[:INVITATIONS_SHOWN]:
            meeting = seat.meeting
            items.append(
                item(
                    title=gettext("%(form)s “%(title)s”, %(place)s")
                    % {
                        "form": meeting.form_label,
                        "title": meeting.title,
                        "place": meeting.location or meeting.place.name,
                    },
                    url=meeting.get_absolute_url(),
                    kind=gettext_lazy("Meeting invitation"),
                    due=f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}",
                )
            )
    to_review = queries.review_queue(communities_where(user, Capability.REVIEW_OUTCOME)).count()
    if to_review:
        items.append(
            item(
                title=ngettext("%(count)s outcome to review", "%(count)s outcomes to review", to_review)
                % {"count": to_review},
                url=reverse("deliberation:reviews"),
                kind=gettext_lazy("Outcome review"),
            )
        )
    chair_places = places_where(user, Capability.CHAIR_MEETING)
    for outcome in queries.sent_back_outcomes(chair_places)[:INVITATIONS_SHOWN]:
        items.append(
            item(
                title=gettext("Revise the outcome on “%(subject)s”") % {"subject": outcome.subject},
                url=outcome.get_absolute_url(),
                kind=gettext_lazy("Sent back"),
            )
        )
    reported = queries.open_reports_count(places_where(user, Capability.MODERATE_DISCUSSION))
    if reported:
        items.append(
            item(
                title=ngettext(
                    "%(count)s reported post in the deliberation halls",
                    "%(count)s reported posts in the deliberation halls",
                    reported,
                )
                % {"count": reported},
                url=reverse("deliberation:index") + "#reported",
                kind=gettext_lazy("Moderation"),
            )
        )
    return items


def community_section(community: Any) -> list[Any]:
    """The community's next meetings and its latest published outcomes (no names)."""
    section = import_string("yishi.web.public_sections.PublicSection")
    return [
        section(
            template_name="deliberation/_public_section.html",
            context={
                "meetings": queries.upcoming_public(community),
                "outcomes": queries.latest_published_outcomes(community),
            },
            order=25,
        )
    ]


def meetings_sheet(
    community: Any, start: datetime.date, end: datetime.date
) -> tuple[Sequence[Any], Iterable[Sequence[Any]]]:
    """The ledger of meetings (会议台账): one row per meeting in the period."""
    headers = [
        gettext("Date"),
        gettext("Kind"),
        gettext("Title"),
        gettext("Place"),
        gettext("Venue"),
        gettext("Scheduling"),
        gettext("Status"),
        gettext("Agenda"),
        gettext("Seats"),
        gettext("Present"),
        gettext("Outcomes"),
        gettext("Dissents"),
        gettext("Notices"),
    ]
    rows = []
    for meeting in queries.meetings_sheet_rows(community, start, end):
        outcomes = list(meeting.outcomes.all())
        rows.append(
            [
                meeting.starts_at,
                meeting.form_label,
                meeting.title,
                meeting.place.name,
                meeting.get_venue_display(),
                meeting.get_scheduling_display(),
                meeting.get_status_display(),
                "; ".join(item.title for item in meeting.agenda_items.all()),
                meeting.seat_count,  # type: ignore[attr-defined]
                meeting.attendance,  # type: ignore[attr-defined]
                "; ".join(f"{outcome.get_status_display()}" for outcome in outcomes),
                meeting.dissent_count,  # type: ignore[attr-defined]
                "; ".join(outcome.notice.number for outcome in outcomes if outcome.notice is not None),
            ]
        )
    return headers, rows


def matter_steps(matter: Matter, user: Any) -> list[StepLink]:
    """The matter's meetings, its deliberation hall and its outcomes (unreviewed ones only to those who see the
    meeting in full), for the matter's page."""
    step = DELIBERATE
    meetings = list(
        Meeting.objects.filter(agenda_items__matter=matter)
        .distinct()
        .select_related("place")
        .order_by("starts_at", "pk")
    )
    links = [
        StepLink(
            step=step,
            title=f"{meeting.form_label} · {meeting.title}",
            url=meeting.get_absolute_url(),
            note=meeting.get_status_display(),
            order=20,
        )
        for meeting in meetings
    ]
    hall = Hall.objects.filter(matter=matter).first()
    if hall is not None:
        links.append(
            StepLink(step=step, title=gettext_lazy("Deliberation hall"), url=hall.get_absolute_url(), order=21)
        )
    access = Access(user)
    outcomes = Outcome.objects.filter(matter=matter).select_related("meeting__place").order_by("pk")
    for outcome in outcomes:
        if outcome.status != OutcomeStatus.APPROVED and not access.sees_meeting_in_full(outcome.meeting):
            continue
        links.append(
            StepLink(
                step=step,
                title=gettext_lazy("Agreed outcome (协商意见)"),
                url=outcome.get_absolute_url(),
                note=outcome.get_status_display(),
                order=22,
            )
        )
    return links


def register() -> None:
    """Register the providers with the front pages and the ledgers (called from AppConfig.ready)."""
    from django.utils.translation import gettext_lazy as _

    from yishi.disclosure import ledgers

    import_string("yishi.web.awaiting.register")(awaiting)
    import_string("yishi.web.public_sections.register")(community_section)
    register_steps(matter_steps)
    ledgers.register(_("Deliberation meetings"), meetings_sheet, order=30)

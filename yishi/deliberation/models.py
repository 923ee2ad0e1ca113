"""Deliberation (民事民议): meetings with their agenda, seats, sign-in, minutes, outcomes, dissent and the party
organisation's review; and the online deliberation hall of each matter with its posts, reports and summaries.

Statuses, kinds and categories take their values from the pure domain (yishi.deliberation.domain); the
TextChoices here only add translated labels for pages and forms.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.audit.models import Channel
from yishi.deliberation.domain.hall import Position as PositionName
from yishi.deliberation.domain.meetings import MeetingKind as KindName
from yishi.deliberation.domain.meetings import MeetingStatus as StatusName
from yishi.deliberation.domain.meetings import OutcomeRoute as RouteName
from yishi.deliberation.domain.meetings import OutcomeStatus as OutcomeStatusName
from yishi.deliberation.domain.meetings import Scheduling as SchedulingName
from yishi.deliberation.domain.meetings import Venue as VenueName
from yishi.deliberation.domain.seats import SeatCategory as CategoryName
from yishi.deliberation.domain.seats import TemplateCode


class MeetingKind(models.TextChoices):
    DELIBERATION = KindName.DELIBERATION, _("Deliberation meeting")
    HEARING = KindName.HEARING, _("Hearing")
    COORDINATION = KindName.COORDINATION, _("Coordination meeting")
    REVIEW = KindName.REVIEW, _("Review meeting")


class Venue(models.TextChoices):
    ROOM = VenueName.ROOM, _("In a meeting room")
    ON_SITE = VenueName.ON_SITE, _("On site")
    ONLINE = VenueName.ONLINE, _("Online")


class Scheduling(models.TextChoices):
    SCHEDULED = SchedulingName.SCHEDULED, _("Scheduled")
    AD_HOC = SchedulingName.AD_HOC, _("Ad hoc")


class MeetingStatus(models.TextChoices):
    PLANNED = StatusName.PLANNED, pgettext_lazy("meeting status", "Being prepared")
    CONVENED = StatusName.CONVENED, pgettext_lazy("meeting status", "Invitations sent")
    IN_SESSION = StatusName.IN_SESSION, pgettext_lazy("meeting status", "In session")
    ENDED = StatusName.ENDED, pgettext_lazy("meeting status", "Held")
    CANCELLED = StatusName.CANCELLED, pgettext_lazy("meeting status", "Cancelled")


class SeatTemplateChoice(models.TextChoices):
    COMMUNITY_4N = TemplateCode.COMMUNITY_4N, _('Community "4+N"')
    COMPOUND_5N = TemplateCode.COMPOUND_5N, _('Compound "5+N"')
    VILLAGE_4N = TemplateCode.VILLAGE_4N, _('Village "4+N"')
    VILLAGE_GROUP_4N = TemplateCode.VILLAGE_GROUP_4N, _('Villagers\' group "4+N"')


class SeatCategory(models.TextChoices):
    TWO_COMMITTEES = CategoryName.TWO_COMMITTEES, _("Two-committee members")
    RESIDENT_REPRESENTATIVES = CategoryName.RESIDENT_REPRESENTATIVES, _("Resident representatives")
    NON_REGISTERED_RESIDENTS = CategoryName.NON_REGISTERED_RESIDENTS, _("Representatives of non-registered residents")
    SOCIAL_ORGANISATIONS = CategoryName.SOCIAL_ORGANISATIONS, _("Social-organisation representatives")
    COMPOUND_PARTY_BRANCH = CategoryName.COMPOUND_PARTY_BRANCH, _("Compound party-branch members")
    OWNERS_COMMITTEE = CategoryName.OWNERS_COMMITTEE, _("Owners'-committee members")
    PROPERTY_COMPANY = CategoryName.PROPERTY_COMPANY, _("Property-company managers")
    VILLAGER_REPRESENTATIVES = CategoryName.VILLAGER_REPRESENTATIVES, _("Villager representatives")
    GROUP_LEADERS = CategoryName.GROUP_LEADERS, _("Villagers'-group (party-group) leaders")
    STAKEHOLDERS = CategoryName.STAKEHOLDERS, _("Stakeholders")
    GUESTS = CategoryName.GUESTS, _("Invited guests")


class OutcomeStatus(models.TextChoices):
    DRAFT = OutcomeStatusName.DRAFT, pgettext_lazy("outcome status", "Draft")
    SUBMITTED = OutcomeStatusName.SUBMITTED, pgettext_lazy("outcome status", "Awaiting review")
    SENT_BACK = OutcomeStatusName.SENT_BACK, pgettext_lazy("outcome status", "Sent back for revision")
    APPROVED = OutcomeStatusName.APPROVED, pgettext_lazy("outcome status", "Approved")


class OutcomeRoute(models.TextChoices):
    DECISION = RouteName.DECISION, _("Goes to a vote")
    IMPLEMENTATION = RouteName.IMPLEMENTATION, _("Within self-governance, no vote required: carried out")
    NO_ACTION = RouteName.NO_ACTION, _("Nothing to be done: published and the matter closed")


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", _("Approved")
    SEND_BACK = "send_back", _("Sent back for revision")


class Position(models.TextChoices):
    SUPPORT = PositionName.SUPPORT, _("Support")
    OPPOSE = PositionName.OPPOSE, _("Oppose")
    SUGGESTION = PositionName.SUGGESTION, _("Suggestion")
    QUESTION = PositionName.QUESTION, pgettext_lazy("hall post", "Question")


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class Meeting(models.Model):
    """A deliberation meeting, hearing, coordination or review meeting at a community or compound."""

    # The community whose two committees convene it (denormalised from `place` for lists and ledgers).
    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="meetings"
    )
    place = models.ForeignKey("places.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.DELIBERATION)
    is_dialogue = models.BooleanField(_("held as a democratic dialogue (民主恳谈会)"), default=False)
    title = models.CharField(_("title"), max_length=150)
    purpose = models.TextField(_("what is to be discussed"), blank=True)
    venue = models.CharField(_("venue"), max_length=20, choices=Venue.choices, default=Venue.ROOM)
    location = models.CharField(_("where"), max_length=200, blank=True)
    scheduling = models.CharField(
        _("scheduling"), max_length=20, choices=Scheduling.choices, default=Scheduling.SCHEDULED
    )
    seat_template = models.CharField(_("seat template"), max_length=30, choices=SeatTemplateChoice.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, db_index=True
    )
    chair = models.ForeignKey(
        "people.Person", verbose_name=_("chair"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Template seats still empty when the meeting was convened or opened (an ad hoc meeting may go ahead).
    seat_warnings = models.JSONField(_("unfilled seats when convened"), default=list, blank=True)
    # Part of every sign-in code; replacing it revokes the codes already shown.
    sign_in_nonce = models.CharField(_("sign-in code key"), max_length=32, default=new_nonce, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    convened_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["community", "starts_at"], name="meeting_community_starts"),
            models.Index(fields=["status", "starts_at"], name="meeting_status_starts"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deliberation:meeting", args=[self.pk])

    @property
    def status_name(self) -> StatusName:
        return StatusName(self.status)

    @property
    def form_label(self) -> str:
        """The meeting's form: its kind, or 民主恳谈会 for a democratic dialogue."""
        if self.is_dialogue and self.kind == MeetingKind.DELIBERATION:
            return str(_("Democratic dialogue"))
        return str(self.get_kind_display())


class AgendaItem(models.Model):
    """A point of a meeting's agenda: a matter, or a topic of its own."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    matter = models.ForeignKey(
        "matters.Matter",
        verbose_name=_("matter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    title = models.CharField(_("title"), max_length=150)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "matter"], condition=models.Q(matter__isnull=False), name="agenda_unique_matter"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Seat(models.Model):
    """A place at the table: a person in a seat category of the meeting's template, invited once convened."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="seats")
    category = models.CharField(_("seat"), max_length=40, choices=SeatCategory.choices)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="meeting_seats"
    )
    note = models.CharField(_("note"), max_length=100, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["meeting_id", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="seat_unique_person")]
        indexes = [models.Index(fields=["person", "meeting"], name="seat_person_meeting")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_category_display()}"


class SignIn(models.Model):
    """Someone present at a meeting: signed in by QR code on their phone, or by staff (assisted)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="sign_ins")
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), null=True, blank=True, on_delete=models.PROTECT, related_name="sign_ins"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_in_at = models.DateTimeField(_("signed in at"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        ordering = ["meeting_id", "signed_in_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="signin_unique_person")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting_id}"


class MinutesEntry(models.Model):
    """One entry of the minutes: who spoke (at which seat) and the gist of what they said."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes")
    position = models.PositiveIntegerField(_("position"), default=0)
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes",
    )
    speaker = models.ForeignKey(
        "people.Person", verbose_name=_("speaker"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    speaker_name = models.CharField(_("speaker"), max_length=50)
    speaker_seat = models.CharField(_("seat"), max_length=40, choices=SeatCategory.choices, blank=True)
    summary = models.TextField(pgettext_lazy("minutes entry", "summary"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.MEETING)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("minutes entry")
        verbose_name_plural = _("minutes entries")
        ordering = ["meeting_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.speaker_name}: {self.summary[:40]}"


class Outcome(models.Model):
    """The agreed outcome (协商意见) of a meeting on one agenda item (or on the meeting's topic)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="outcomes")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    matter = models.ForeignKey(
        "matters.Matter",
        verbose_name=_("matter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliberation_outcomes",
    )
    text = models.TextField(_("agreed outcome"))
    route = models.CharField(_("next step"), max_length=20, choices=OutcomeRoute.choices)
    # XS-5: recorded by those who know the matter; a vote the law requires is never replaced by consultation.
    vote_required = models.BooleanField(_("the law requires a vote"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=OutcomeStatus.choices, default=OutcomeStatus.DRAFT, db_index=True
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    notice = models.ForeignKey(
        "disclosure.Notice",
        verbose_name=_("published notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("deliberation", "outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["meeting_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "agenda_item"],
                condition=models.Q(agenda_item__isnull=False),
                name="outcome_unique_agenda_item",
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=models.Q(agenda_item__isnull=True), name="outcome_unique_topic"
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="outcome_status_submitted")]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("deliberation:outcome", args=[self.pk])

    @property
    def status_name(self) -> OutcomeStatusName:
        return OutcomeStatusName(self.status)

    @property
    def subject(self) -> str:
        """What the outcome is about: its agenda item, or the meeting's title."""
        return self.agenda_item.title if self.agenda_item_id and self.agenda_item else self.meeting.title


class Dissent(models.Model):
    """A dissent recorded with the outcome: who disagreed and what they said."""

    outcome = models.ForeignKey(
        Outcome,
        verbose_name=pgettext_lazy("deliberation", "outcome"),
        on_delete=models.CASCADE,
        related_name="dissents",
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("who"), max_length=50)
    seat_category = models.CharField(_("seat"), max_length=40, choices=SeatCategory.choices, blank=True)
    text = models.TextField(_("what they hold"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.MEETING)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("dissent")
        verbose_name_plural = _("dissents")
        ordering = ["outcome_id", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"


class OutcomeReview(models.Model):
    """The community party organisation's review of one version of an outcome: approved or sent back."""

    outcome = models.ForeignKey(
        Outcome, verbose_name=pgettext_lazy("deliberation", "outcome"), on_delete=models.CASCADE, related_name="reviews"
    )
    version = models.PositiveSmallIntegerField(_("version reviewed"))
    text_reviewed = models.TextField(_("outcome as reviewed"))
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewer_name = models.CharField(_("reviewer (name)"), max_length=100)
    acting_role = models.CharField(_("acting role"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)

    class Meta:
        verbose_name = _("outcome review")
        verbose_name_plural = _("outcome reviews")
        ordering = ["outcome_id", "reviewed_at", "id"]

    def __str__(self) -> str:
        return f"{self.outcome_id} v{self.version}: {self.decision}"


class Hall(models.Model):
    """The online deliberation hall (线上议事厅) of one matter."""

    matter = models.OneToOneField(
        "matters.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="deliberation_hall"
    )
    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deliberation hall")
        verbose_name_plural = _("deliberation halls")

    def __str__(self) -> str:
        return f"hall #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("deliberation:hall", args=[self.matter_id])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class HallInvitation(models.Model):
    """A stakeholder living outside the matter's place, invited into its hall."""

    hall = models.ForeignKey(
        Hall, verbose_name=_("deliberation hall"), on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="hall_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["hall", "person"], name="hall_invitation_unique_person")]

    def __str__(self) -> str:
        return f"{self.person_id} → hall {self.hall_id}"


class Post(models.Model):
    """A post in the hall or a reply to one. Hidden by a moderator with a reason, never deleted."""

    hall = models.ForeignKey(Hall, verbose_name=_("deliberation hall"), on_delete=models.PROTECT, related_name="posts")
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    author = models.ForeignKey(
        "people.Person", verbose_name=_("author"), on_delete=models.PROTECT, related_name="hall_posts"
    )
    position = models.CharField(
        pgettext_lazy("hall post", "position"), max_length=20, choices=Position.choices, blank=True
    )
    text = models.TextField(_("text"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    # Staff who wrote down what a resident without a phone said, and where (a visit, a paper slip).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reference = models.CharField(_("paper or visit reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    class Meta:
        verbose_name = _("hall post")
        verbose_name_plural = _("hall posts")
        ordering = ["hall_id", "created_at", "id"]
        indexes = [models.Index(fields=["hall", "parent", "created_at"], name="post_hall_parent_created")]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostReport(models.Model):
    """A resident's report that a post breaks the hall's rules; a moderator resolves it."""

    post = models.ForeignKey(Post, verbose_name=_("hall post"), on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(
        "people.Person", verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("post report")
        verbose_name_plural = _("post reports")
        ordering = ["post_id", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="report_unique_reporter")]
        indexes = [models.Index(fields=["resolved_at", "post"], name="report_open_post")]

    def __str__(self) -> str:
        return f"report on {self.post_id}"


class CommonGround(models.Model):
    """Staff's summary of the hall: the common ground (最大公约数) and the opinion groups. Each summary is kept;
    the latest is shown."""

    hall = models.ForeignKey(
        Hall, verbose_name=_("deliberation hall"), on_delete=models.CASCADE, related_name="summaries"
    )
    text = models.TextField(_("common ground"))
    tally = models.JSONField(_("positions counted"), default=dict, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("common ground")
        verbose_name_plural = _("common ground summaries")
        ordering = ["hall_id", "-written_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class OpinionGroup(models.Model):
    """A group of residents who share a view, with how many people support it."""

    summary = models.ForeignKey(
        CommonGround, verbose_name=_("common ground"), on_delete=models.CASCADE, related_name="groups"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("what they hold"), blank=True)
    posts = models.ManyToManyField(Post, verbose_name=_("hall posts"), blank=True, related_name="+")
    offline_supporters = models.PositiveIntegerField(_("supporters heard offline"), default=0)
    support_count = models.PositiveIntegerField(_("supporters"), default=0)

    class Meta:
        verbose_name = _("opinion group")
        verbose_name_plural = _("opinion groups")
        ordering = ["summary_id", "position", "id"]

    def __str__(self) -> str:
        return self.title

"""Matters raised by residents, their photos, followers, triage, referrals to the street, the timeline
of every step, and in-app notifications.

Statuses, classes, scopes and levels take their values from the pure domain (yishi.matters.domain);
the TextChoices here only add translated labels for pages and forms.
"""

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from yishi.audit.models import Channel as AuditChannel
from yishi.matters.domain.evaluation_result import Rating as RatingName
from yishi.matters.domain.lifecycle import AWAITING_RESPONSE_STATUSES
from yishi.matters.domain.lifecycle import MatterStatus as StatusName
from yishi.matters.domain.triage import PlaceScope as ScopeName
from yishi.matters.domain.triage import ResponsibleLevel as LevelName
from yishi.matters.domain.triage import TriageClass as ClassName


class MatterStatus(models.TextChoices):
    PROPOSED = StatusName.PROPOSED, _("Proposed")
    TRIAGED = StatusName.TRIAGED, _("Triaged")
    DELIBERATING = StatusName.DELIBERATING, _("Being deliberated")
    OUTCOME_REVIEWED = StatusName.OUTCOME_REVIEWED, _("Outcome reviewed")
    DECIDING = StatusName.DECIDING, _("Being decided")
    IMPLEMENTING = StatusName.IMPLEMENTING, _("Being carried out")
    EVALUATING = StatusName.EVALUATING, _("Being evaluated")
    CLOSED = StatusName.CLOSED, _("Closed")
    REOPENED = StatusName.REOPENED, _("Reopened")
    DECLINED = StatusName.DECLINED, _("Declined")
    ANSWERED_DIRECTLY = StatusName.ANSWERED_DIRECTLY, _("Answered directly")
    REFERRED = StatusName.REFERRED, _("With the street office")
    REPLIED = StatusName.REPLIED, _("Street office replied")
    MERGED = StatusName.MERGED, _("Merged")


class TriageClass(models.TextChoices):
    BIG = ClassName.BIG, _("Big matter (street office)")
    SMALL = ClassName.SMALL, _("Small matter (community deliberation committee)")
    MICRO = ClassName.MICRO, _("Micro matter (compound level)")
    URGENT = ClassName.URGENT, _("Urgent matter (deliberated at once)")
    DIRECT_ANSWER = ClassName.DIRECT_ANSWER, _("Answered directly (repair or service request)")
    DECLINED = ClassName.DECLINED, _("Declined (reason published)")


class PlaceScope(models.TextChoices):
    SINGLE_COMPOUND = ScopeName.SINGLE_COMPOUND, _("Inside one compound")
    SEVERAL_COMPOUNDS = ScopeName.SEVERAL_COMPOUNDS, _("Several compounds")
    WHOLE_COMMUNITY = ScopeName.WHOLE_COMMUNITY, _("The whole community")
    SEVERAL_COMMUNITIES = ScopeName.SEVERAL_COMMUNITIES, _("Several communities")


class ResponsibleLevel(models.TextChoices):
    STREET = LevelName.STREET, _("Street office")
    COMMUNITY = LevelName.COMMUNITY, _("Community deliberation committee")
    COMPOUND = LevelName.COMPOUND, _("Compound deliberation")


class MatterChannel(models.TextChoices):
    """How a matter reached the community (DOMAIN.md, propose)."""

    WEB = "web", _("Web or phone page")
    PHONE = "phone", _("Telephone")
    HOTLINE_12345 = "hotline_12345", _("12345 hotline")
    VISIT = "visit", _("Door-to-door visit (接待走访)")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    WECHAT_GROUP = "wechat_group", _("WeChat group")
    MEETING = "meeting", _("Meeting")
    SUGGESTION_POINT = "suggestion_point", _("People's-suggestion collection point (人民建议征集)")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent: a risk to safety or daily life")


class FollowReason(models.TextChoices):
    PROPOSER = "proposer", _("Raised it")
    MERGED = "merged", _("Raised a similar matter that was merged into it")
    ALSO_MINE = "also_mine", _("Said it is their matter too")


class ReplyResult(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    NOT_COMPETENT = "not_competent", _("Not this department's remit")


class Rating(models.TextChoices):
    SATISFIED = RatingName.SATISFIED, _("Satisfied")
    BASICALLY_SATISFIED = RatingName.BASICALLY_SATISFIED, _("Basically satisfied")
    DISSATISFIED = RatingName.DISSATISFIED, _("Dissatisfied")


class Category(models.Model):
    """A kind of matter (parking, lifts, sanitation…), the same across the platform, named in both languages."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the language of the current request."""
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class CatalogueEntry(models.Model):
    """A line of a community's deliberation catalogue (议事协商目录): matters of this category must be deliberated."""

    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="catalogue_entries"
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("deliberation catalogue entry")
        verbose_name_plural = _("deliberation catalogue entries")
        ordering = ["community_id", "category__position"]
        constraints = [models.UniqueConstraint(fields=["community", "category"], name="catalogue_unique_category")]

    def __str__(self) -> str:
        return f"{self.community_id}: {self.category}"


class Matter(models.Model):
    """A matter a resident raised (民事民提), from its first word through triage and every later step."""

    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    # The place the matter concerns: the community itself, a compound or a building inside it.
    place = models.ForeignKey("places.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    # Denormalised from `place` so that the queue and the public lists filter without walking the tree.
    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="matters"
    )
    compound = models.ForeignKey(
        "places.Place", verbose_name=_("compound"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=30, choices=MatterChannel.choices, default=MatterChannel.WEB)
    channel_reference = models.CharField(_("paper or visit reference"), max_length=100, blank=True)
    proposer = models.ForeignKey(
        "people.Person",
        verbose_name=_("proposer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_matters",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    anonymous_to_public = models.BooleanField(_("anonymous to the public"), default=False)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=30, choices=MatterStatus.choices, default=MatterStatus.PROPOSED)
    triage_class = models.CharField(_("triage class"), max_length=20, choices=TriageClass.choices, blank=True)
    scope = models.CharField(_("scope"), max_length=30, choices=PlaceScope.choices, blank=True)
    responsible_level = models.CharField(
        _("responsible level"), max_length=20, choices=ResponsibleLevel.choices, blank=True
    )
    # The street, community or compound whose body leads the matter after triage.
    responsible_place = models.ForeignKey(
        "places.Place",
        verbose_name=_("responsible body's place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # When the responsible body gave its response (deliberation began, the street replied, an answer).
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    street_accepted_at = models.DateTimeField(_("accepted by the street at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    follower_count = models.PositiveIntegerField(_("residents following"), default=0)
    created_at = models.DateTimeField(_("raised at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The triage queue, the public list and the similar-matter candidates: one community's matters by status.
            models.Index(fields=["community", "status", "due_on", "created_at"], name="matter_community_status"),
            models.Index(fields=["community", "created_at"], name="matter_community_created"),
            # Overdue lists and the reminder sweep.
            models.Index(fields=["status", "due_on"], name="matter_status_due"),
            # The street office's page.
            models.Index(fields=["responsible_place", "status"], name="matter_responsible_status"),
            models.Index(fields=["proposer", "created_at"], name="matter_proposer_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="matter_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matters:detail", args=[self.pk])

    @property
    def status_name(self) -> StatusName:
        return StatusName(self.status)

    @property
    def class_name(self) -> ClassName | None:
        return ClassName(self.triage_class) if self.triage_class else None

    @property
    def is_awaiting_response(self) -> bool:
        return self.status_name in AWAITING_RESPONSE_STATUSES

    def is_overdue_on(self, day: datetime.date) -> bool:
        """Open past its due date: the service level (per class) was not met."""
        return self.is_awaiting_response and self.due_on is not None and day > self.due_on

    def responsible_body_label(self) -> str:
        """The body that leads the matter, named with its place, in the current language."""
        from yishi.matters.texts import responsible_body

        return responsible_body(level=self.responsible_level, place=self.responsible_place)

    def proposer_public_name(self) -> str:
        """The proposer as the public may see them: hidden when they asked, never more than the name."""
        from yishi.matters.texts import public_proposer

        return public_proposer(self)


def _photo_path(instance: "MatterPhoto", filename: str) -> str:
    # The stored name never carries the uploaded file's name, which may hold personal details.
    return f"matters/photos/{timezone.now():%Y/%m}/{filename}"


class MatterPhoto(models.Model):
    """A photo of a matter, re-encoded on upload without any metadata (see yishi.matters.images)."""

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("image"), upload_to=_photo_path)
    content_type = models.CharField(_("content type"), max_length=30)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["matter_id", "id"]

    def __str__(self) -> str:
        return f"photo #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("matters:photo", args=[self.pk])


class MatterFollower(models.Model):
    """A person kept informed of a matter: its proposer, proposers of matters merged into it, supporters."""

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.CASCADE, related_name="followers")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="followed_matters"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FollowReason.choices)
    # For followers who came through a merge: the matter they raised themselves.
    via = models.ForeignKey(
        Matter, verbose_name=_("via matter"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["matter", "person"], name="follower_unique_person")]
        indexes = [models.Index(fields=["person", "created_at"], name="follower_person_created")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.matter_id}"


class TriageRecord(models.Model):
    """One triage or re-classification by the two committees' joint meeting. Rows are never changed,
    except that the notice publishing them is linked once it exists."""

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.CASCADE, related_name="triages")
    # Denormalised from the matter so that "results not yet published here" is one index range at any size.
    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("triaged by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_by_name = models.CharField(_("triaged by (name)"), max_length=100)
    acting_role = models.CharField(_("acting role"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=AuditChannel.choices, default=AuditChannel.ONLINE)
    triaged_at = models.DateTimeField(_("triaged at"), default=timezone.now)
    triage_class = models.CharField(_("triage class"), max_length=20, choices=TriageClass.choices)
    scope = models.CharField(_("scope"), max_length=30, choices=PlaceScope.choices)
    government_service = models.BooleanField(_("street administration or public service"), default=False)
    responsible_level = models.CharField(_("responsible level"), max_length=20, choices=ResponsibleLevel.choices)
    responsible_place = models.ForeignKey(
        "places.Place", verbose_name=_("responsible body's place"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    joint_meeting_reference = models.CharField(_("joint meeting"), max_length=120, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    is_reclassification = models.BooleanField(_("re-classification"), default=False)
    previous_class = models.CharField(_("previous class"), max_length=20, choices=TriageClass.choices, blank=True)
    notice = models.ForeignKey(
        "disclosure.Notice",
        verbose_name=_("published in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("triage record")
        verbose_name_plural = _("triage records")
        ordering = ["matter_id", "triaged_at", "id"]
        indexes = [
            models.Index(fields=["notice", "triaged_at"], name="triage_notice_triaged"),
            models.Index(fields=["community", "notice"], name="triage_community_notice"),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id}: {self.triage_class}"


class Referral(models.Model):
    """The street "blows the whistle" (吹哨报到): it asks a department to act on a big matter and records the reply.

    `satisfaction` is the hook for the evaluation app, which rates departments by the residents' view of
    their replies (seed 004: "评议结果纳入全市'吹哨报到'考评体系").
    """

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.CASCADE, related_name="referrals")
    street = models.ForeignKey("places.Place", verbose_name=_("street"), on_delete=models.PROTECT, related_name="+")
    department_name = models.CharField(_("department"), max_length=100)
    request = models.TextField(_("what is asked"))
    requested_at = models.DateTimeField(pgettext_lazy("referral", "requested at"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    reply_text = models.TextField(_("reply"), blank=True)
    result = models.CharField(_("result"), max_length=20, choices=ReplyResult.choices, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reply recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    satisfaction = models.CharField(_("residents' satisfaction"), max_length=30, choices=Rating.choices, blank=True)
    satisfaction_recorded_at = models.DateTimeField(_("satisfaction recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral to a department")
        verbose_name_plural = _("referrals to departments")
        ordering = ["matter_id", "requested_at", "id"]
        indexes = [models.Index(fields=["street", "replied_at"], name="referral_street_replied")]

    def __str__(self) -> str:
        return f"{self.department_name} ← {self.matter_id}"

    @property
    def is_answered(self) -> bool:
        return self.replied_at is not None


class EventKind(models.TextChoices):
    """The steps this app records; later apps record their own kinds (see yishi.matters.events)."""

    RAISED = "raised", _("Raised")
    RECORDED = "recorded", _("Recorded by staff for a resident")
    FOLLOWED = "followed", _("Another resident said it is their matter too")
    MERGED = "merged", _("Merged into a similar matter")
    MERGED_IN = "merged_in", _("A similar matter was merged into this one")
    TRIAGED = "triaged", _("Triaged")
    RECLASSIFIED = "reclassified", _("Re-classified")
    STREET_ACCEPTED = "street_accepted", _("Accepted by the street office")
    DEPARTMENT_REQUESTED = "department_requested", _("Referred to a department")
    DEPARTMENT_REPLIED = "department_replied", _("A department replied")
    STREET_REPLIED = "street_replied", _("The street office replied")
    ANSWERED = "answered", _("Answered directly")
    DECLINED = "declined", _("Declined")
    REMINDER = "reminder", _("Service-level reminder sent")
    STATUS_CHANGED = "status_changed", _("Status changed")


class MatterEvent(models.Model):
    """One step on a matter's timeline: who did what, through which channel, and what was published.

    Every app records its steps here through `yishi.matters.events.record_event`.
    """

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=60)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=100, blank=True)
    acting_role = models.CharField(_("acting role"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=AuditChannel.choices, default=AuditChannel.ONLINE)
    is_public = models.BooleanField(_("public"), default=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    notice = models.ForeignKey(
        "disclosure.Notice",
        verbose_name=_("published notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status_from = models.CharField(_("status before"), max_length=30, choices=MatterStatus.choices, blank=True)
    status_to = models.CharField(_("status after"), max_length=30, choices=MatterStatus.choices, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("matter event")
        verbose_name_plural = _("matter events")
        ordering = ["matter_id", "occurred_at", "id"]
        indexes = [models.Index(fields=["matter", "occurred_at"], name="event_matter_occurred")]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.kind}"

    def headline(self) -> str:
        """What happened, in the current language."""
        from yishi.matters.events import headline

        return headline(self)


class ReminderSent(models.Model):
    """A service-level reminder already sent, so that the daily sweep never sends it twice."""

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.CASCADE, related_name="+")
    triage = models.ForeignKey(TriageRecord, verbose_name=_("triage"), on_delete=models.CASCADE, related_name="+")
    # The point of the period as a fraction ("1/2", "4/5", "1" for the due date).
    point = models.CharField(_("point of the period"), max_length=10)
    reminder_on = models.DateField(_("reminder date"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["triage", "point"], name="reminder_unique_point")]

    def __str__(self) -> str:
        return f"{self.matter_id} @ {self.point}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to a person, kept in both languages; an SMS copy goes out when asked for."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    wants_sms = models.BooleanField(_("send a text message"), default=False)
    sms_sent_at = models.DateTimeField(_("text message sent at"), null=True, blank=True)
    sms_skipped = models.CharField(_("text message not sent because"), max_length=40, blank=True)

    objects: ClassVar[NotificationQuerySet] = NotificationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "read_at", "created_at"], name="notification_person_unread")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = self.title[:300]
        self.title_en = self.title_en[:300]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("matters:notification", args=[self.pk])

    def display_title(self) -> str:
        """The title in the current language."""
        if (get_language() or "").startswith("en") and self.title_en:
            return self.title_en
        return self.title

"""Public notices (居务公开 / 村务公开): drafted, published once, never changed; corrected by new notices."""

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.audit.errors import ActionError
from yishi.disclosure.domain import kinds as kind_rules
from yishi.disclosure.domain.kinds import NoticeKind as KindName
from yishi.disclosure.domain.rows import Row, rows_from_data, total


class NoticeKind(models.TextChoices):
    TRIAGE_RESULT = KindName.TRIAGE_RESULT, pgettext_lazy("notice kind", "Triage result")
    DELIBERATION_OUTCOME = KindName.DELIBERATION_OUTCOME, pgettext_lazy("notice kind", "Deliberation outcome")
    DECISION = KindName.DECISION, pgettext_lazy("notice kind", "Decision")
    IMPLEMENTATION_RESULT = KindName.IMPLEMENTATION_RESULT, pgettext_lazy("notice kind", "Implementation result")
    ACCOUNTS = KindName.ACCOUNTS, pgettext_lazy("notice kind", "Accounts")
    ELECTION = KindName.ELECTION, pgettext_lazy("notice kind", "Election notice")
    VOTER_LIST = KindName.VOTER_LIST, pgettext_lazy("notice kind", "Voter list")
    CANDIDATE_LIST = KindName.CANDIDATE_LIST, pgettext_lazy("notice kind", "Candidate list")
    MEETING_NOTICE = KindName.MEETING_NOTICE, pgettext_lazy("notice kind", "Meeting notice")
    EVALUATION_RESULT = KindName.EVALUATION_RESULT, pgettext_lazy("notice kind", "Evaluation result")
    DESIGNATION = KindName.DESIGNATION, pgettext_lazy("notice kind", "Designation notice")
    GENERAL = KindName.GENERAL, pgettext_lazy("notice kind", "General notice")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("notice status", "Draft")
    PUBLISHED = "published", pgettext_lazy("notice status", "Published")
    ARCHIVED = "archived", pgettext_lazy("notice status", "Archived")


# What a published notice shows; none of it may change once published (DOMAIN.md: corrections are new notices).
PUBLISHED_CONTENT = (
    "community_id",
    "place_id",
    "kind",
    "title",
    "body",
    "rows",
    "source_content_type_id",
    "source_object_id",
    "source_url",
    "posted_from",
    "posted_until",
    "due_by",
    "number",
    "published_at",
    "published_by_id",
    "corrects_id",
)
# What may still change on a published notice: being archived, and the cached PDF of its unchanged content.
MUTABLE_AFTER_PUBLISHING = frozenset({"status", "archived_at", "pdf", "updated_at"})


def _immutable_error() -> ActionError:
    return ActionError(
        _("A published notice is never changed. Publish a correction instead."), code="notice_published_immutable"
    )


class NoticeQuerySet(models.QuerySet["Notice"]):
    def published(self) -> "NoticeQuerySet":
        """Published and archived notices: everything the public may read."""
        return self.exclude(status=NoticeStatus.DRAFT)

    def update(self, **kwargs: Any) -> int:
        touches_content = bool(set(kwargs) - MUTABLE_AFTER_PUBLISHING)
        reopens = "status" in kwargs and kwargs["status"] != NoticeStatus.ARCHIVED
        if (touches_content or reopens) and self.exclude(status=NoticeStatus.DRAFT).exists():
            raise _immutable_error()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.exclude(status=NoticeStatus.DRAFT).exists():
            raise ActionError(_("A published notice cannot be deleted."), code="notice_published_undeletable")
        return super().delete()


class Notice(models.Model):
    """A notice on a community's public board, with its posting period and the record it discloses."""

    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="notices"
    )
    # The place the notice concerns: the community itself or a compound, building… inside it.
    place = models.ForeignKey("places.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=NoticeKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    # Account rows as JSON: [{"item": str, "amount": "123.45", "date": "2026-03-01"}]; amounts as
    # strings so they stay exact decimals (NUM-4).
    rows = models.JSONField(_("table rows"), default=list, blank=True)
    source_content_type = models.ForeignKey(
        ContentType, verbose_name=_("source type"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_object_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_content_type", "source_object_id")
    source_url = models.CharField(_("source page"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT, db_index=True
    )
    number = models.CharField(_("notice number"), max_length=20, blank=True)
    posted_from = models.DateField(_("posted from"), null=True, blank=True)
    posted_until = models.DateField(_("posted until"), null=True, blank=True)
    due_by = models.DateField(_("due by"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The printable PDF, made on first request; published content never changes, so neither does it.
    pdf = models.FileField(_("printable PDF"), upload_to="disclosure/notices/", blank=True)

    objects: ClassVar[NoticeQuerySet] = NoticeQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_at", "-id"]
        # The board walks published_at backwards and filters posted_until from the index itself, and its count
        # never visits the table.
        indexes = [models.Index(fields=["community", "status", "published_at", "posted_until"])]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"], condition=~models.Q(number=""), name="notice_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(posted_until__isnull=True)
                | models.Q(posted_from__isnull=True)
                | models.Q(posted_until__gte=models.F("posted_from")),
                name="notice_posting_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False, posted_from__isnull=False),
                name="notice_published_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            self._refuse_changes_to_published()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("disclosure:notice", args=[self.pk])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.status != NoticeStatus.DRAFT or type(self).objects.filter(pk=self.pk).published().exists():
            raise ActionError(_("A published notice cannot be deleted."), code="notice_published_undeletable")
        return super().delete(*args, **kwargs)

    def _refuse_changes_to_published(self) -> None:
        stored = type(self).objects.filter(pk=self.pk).values("status", *PUBLISHED_CONTENT).first()
        if stored is None or stored["status"] == NoticeStatus.DRAFT:
            return
        if self.status not in {stored["status"], NoticeStatus.ARCHIVED}:
            raise _immutable_error()
        if any(getattr(self, name) != stored[name] for name in PUBLISHED_CONTENT):
            raise _immutable_error()

    @property
    def is_draft(self) -> bool:
        return self.status == NoticeStatus.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status != NoticeStatus.DRAFT

    @cached_property
    def table_rows(self) -> tuple[Row, ...]:
        return rows_from_data(self.rows or [])

    @property
    def rows_total(self) -> Any:
        return total(self.table_rows)

    @property
    def published_on(self) -> datetime.date | None:
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def is_current(self) -> bool:
        """On the board today: published and inside its posting period."""
        return self.status == NoticeStatus.PUBLISHED and kind_rules.is_current(
            posted_from=self.posted_from, posted_until=self.posted_until, on=timezone.localdate()
        )

    @property
    def is_on_time(self) -> bool | None:
        """Whether it was published by its due date; None when it has none or is not yet due."""
        return kind_rules.is_on_time(due_by=self.due_by, published_on=self.published_on, today=timezone.localdate())

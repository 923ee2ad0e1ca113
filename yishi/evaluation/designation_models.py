"""Records of the designation programme (评选活动): a district's programme with its rules and timetable, the units'
case material with attachments and the indicator snapshot taken when they submitted, the experts assigned to each
case, their scores per dimension and site visits, and the designations (命名) proposed, approved and published.

Imported at the bottom of models.py so that Django sees these models in the evaluation app. Lifecycle rules are in
domain/designation.py; every write goes through designation_actions.py.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.evaluation.domain.designation import Stage

__all__ = [
    "CaseAttachment",
    "CaseTheme",
    "Designation",
    "DesignationKind",
    "DimensionScore",
    "Programme",
    "ProgrammeStage",
    "Review",
    "ReviewerAssignment",
    "SiteVisit",
    "Submission",
    "SubmissionStatus",
]


class ProgrammeStage(models.TextChoices):
    DRAFT = Stage.DRAFT, pgettext_lazy("programme stage", "Not yet open")
    OPEN = Stage.OPEN, pgettext_lazy("programme stage", "Open for submissions")
    REVIEW = Stage.REVIEW, pgettext_lazy("programme stage", "Expert review")
    SHORTLISTED = Stage.SHORTLISTED, pgettext_lazy("programme stage", "Shortlist proposed")
    APPROVED = Stage.APPROVED, pgettext_lazy("programme stage", "Shortlist approved")
    PUBLISHED = Stage.PUBLISHED, pgettext_lazy("programme stage", "List published")


class DesignationKind(models.TextChoices):
    BASE = "base", _("Innovation practice base")
    STATION = "station", _("Innovation practice station")


class CaseTheme(models.TextChoices):
    """What a case is about; the case library is searched by these."""

    DELIBERATION = "deliberation", _("Deliberation and consultation")
    PROPERTY = "property", _("Property management and owners")
    RENEWAL = "renewal", _("Old-compound renewal and lifts")
    ENVIRONMENT = "environment", _("Environment and public space")
    ELDERLY = "elderly", _("Elderly care and services")
    RURAL = "rural", _("Village affairs and rural revitalisation")
    DIGITAL = "digital", _("Digital participation")
    VOLUNTEERING = "volunteering", _("Volunteering and resident groups")
    OTHER = "other", _("Other")


class Programme(models.Model):
    """A district's designation programme for a year: its rules, timetable and the shortlist rule."""

    district = models.ForeignKey(
        "places.Place", verbose_name=_("district"), on_delete=models.PROTECT, related_name="designation_programmes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    rules = models.TextField(_("rules"), max_length=20_000)
    # The framework the experts score against, fixed when the programme is created: a later version does not
    # change the dimensions of reviews already made.
    framework_version = models.CharField(_("framework version"), max_length=40)
    framework_definition = models.JSONField(_("framework"))
    indicator_year = models.PositiveSmallIntegerField(_("year of the indicators"))
    submissions_open_on = models.DateField(_("submissions open on"))
    submissions_close_on = models.DateField(_("submissions close on"))
    review_ends_on = models.DateField(_("review ends on"))
    publication_on = models.DateField(_("list published by"))
    threshold = models.DecimalField(_("threshold (points)"), max_digits=5, decimal_places=2)
    base_quota = models.PositiveSmallIntegerField(_("places for bases"))
    station_quota = models.PositiveSmallIntegerField(_("places for stations"))
    minimum_reviews = models.PositiveSmallIntegerField(_("reviews needed per case"), default=3)
    trim_from = models.PositiveSmallIntegerField(
        _("drop highest and lowest from this many reviews"), null=True, blank=True, default=5
    )
    stage = models.CharField(_("stage"), max_length=20, choices=ProgrammeStage.choices, default=ProgrammeStage.DRAFT)
    proposal_note = models.TextField(_("reasons of the proposal"), blank=True, max_length=2000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    approval_note = models.TextField(_("approval (meeting and decision)"), blank=True, max_length=2000)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(pgettext_lazy("designation", "approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("designation programme")
        verbose_name_plural = _("designation programmes")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=0) & models.Q(threshold__lte=100), name="programme_threshold_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluation:programme", args=[self.pk])


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("case status", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("case status", "Withdrawn")


class Submission(models.Model):
    """A unit's case material (案例材料) for a programme, with the indicator snapshot taken when it was submitted."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("designation programme"), on_delete=models.PROTECT, related_name="submissions"
    )
    unit = models.ForeignKey(
        "places.Place",
        verbose_name=pgettext_lazy("designation", "unit"),
        on_delete=models.PROTECT,
        related_name="designation_submissions",
    )
    kind = models.CharField(_("applies to be"), max_length=20, choices=DesignationKind.choices)
    theme = models.CharField(_("theme"), max_length=20, choices=CaseTheme.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    body = models.TextField(_("the case"), max_length=20_000)
    # A copy of the unit's indicators at submission (see designation_queries.indicator_snapshot_of): the case is
    # judged, and kept in the library, with the figures it was submitted with.
    snapshot = models.JSONField(_("indicator snapshot"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("case material")
        verbose_name_plural = _("case material")
        ordering = ["programme_id", "unit__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "unit"],
                condition=models.Q(status="submitted"),
                name="submission_one_active_per_unit",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluation:case", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == SubmissionStatus.SUBMITTED


def _attachment_path(instance: "CaseAttachment", filename: str) -> str:
    return f"evaluation/cases/{instance.submission_id}/{filename}"


class CaseAttachment(models.Model):
    """A photo (re-encoded without metadata) or a PDF of case material, checked by its content on upload."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("case material"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=_attachment_path)
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")
        ordering = ["submission_id", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluation:case_attachment", args=[self.submission_id, self.pk])


class ReviewerAssignment(models.Model):
    """An expert assigned to review a case; refused when the expert is tied to the unit."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("case material"), on_delete=models.PROTECT, related_name="assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="+"
    )
    expert_name = models.CharField(_("expert (name)"), max_length=100)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        ordering = ["submission_id", "assigned_at", "id"]
        constraints = [models.UniqueConstraint(fields=["submission", "expert"], name="assignment_one_per_expert")]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.expert_name}"


class Review(models.Model):
    """An expert's review of a case: a score per dimension (DimensionScore) and their weighted points."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("case material"), on_delete=models.PROTECT, related_name="reviews"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="+"
    )
    expert_name = models.CharField(_("expert (name)"), max_length=100)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comments"), blank=True, max_length=4000)
    reviewed_at = models.DateTimeField(pgettext_lazy("expert review", "reviewed at"), default=timezone.now)

    class Meta:
        verbose_name = _("expert review")
        verbose_name_plural = _("expert reviews")
        ordering = ["submission_id", "reviewed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "expert"], name="review_one_per_expert"),
            models.CheckConstraint(
                condition=models.Q(points__gte=0) & models.Q(points__lte=100), name="review_points_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.expert_name} {self.points}"


class DimensionScore(models.Model):
    """An expert's score (0–100) of one dimension of the framework for a case."""

    review = models.ForeignKey(Review, verbose_name=_("expert review"), on_delete=models.CASCADE, related_name="marks")
    dimension_code = models.CharField(_("dimension"), max_length=60)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("dimension score")
        verbose_name_plural = _("dimension scores")
        ordering = ["review_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "dimension_code"], name="dimension_score_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=100), name="dimension_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension_code}: {self.score}"


class SiteVisit(models.Model):
    """A site visit (实地考察) to a unit under review: when, who went, what they found."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("case material"), on_delete=models.PROTECT, related_name="site_visits"
    )
    visited_on = models.DateField(_("visited on"))
    visitors = models.CharField(_("who went"), max_length=300)
    findings = models.TextField(_("findings"), max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_name = models.CharField(_("recorded by (name)"), max_length=100)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["submission_id", "visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.visited_on}"


class Designation(models.Model):
    """A unit on the shortlist (推荐名单): its rank and the figures behind it; designated (命名) once published."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("designation programme"), on_delete=models.PROTECT, related_name="designations"
    )
    submission = models.OneToOneField(
        Submission, verbose_name=_("case material"), on_delete=models.PROTECT, related_name="designation"
    )
    unit = models.ForeignKey(
        "places.Place",
        verbose_name=pgettext_lazy("designation", "unit"),
        on_delete=models.PROTECT,
        related_name="designations",
    )
    kind = models.CharField(_("designated as"), max_length=20, choices=DesignationKind.choices)
    rank = models.PositiveSmallIntegerField(_("rank"))
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    reviews_counted = models.PositiveSmallIntegerField(_("reviews counted"))
    from_tie = models.BooleanField(_("chosen among tied units"), default=False)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["programme_id", "kind", "rank", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["programme", "unit"], name="designation_one_per_unit")]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.unit_id} ({self.kind})"

"""Records of the model-community index (示范社区评估指数): framework versions as data, indicator snapshots
precomputed per community and year, and qualitative scores entered by experts and officers.

Imported at the bottom of models.py so that Django sees these models in the evaluation app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["FrameworkVersion", "IndicatorSnapshot", "QualitativeScore"]


class FrameworkVersion(models.Model):
    """A version of the indicator framework, stored as JSON and validated by the domain's Framework on every save."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    # Dimensions, indicators, weights and scoring methods (see index_framework.framework_to_data).
    definition = models.JSONField(_("definition"))
    is_active = models.BooleanField(_("in use"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator framework")
        verbose_name_plural = _("indicator frameworks")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="framework_one_active"
            )
        ]

    def __str__(self) -> str:
        return self.version


class IndicatorSnapshot(models.Model):
    """The quantitative measurements of one community for one calendar year, computed by a background task."""

    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="indicator_snapshots"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # {indicator code: serialized measurement}, see index_framework.measurement_to_data.
    measurements = models.JSONField(_("measurements"), default=dict)
    households = models.PositiveIntegerField(pgettext_lazy("count", "households"), default=0)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["community_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["community", "year"], name="snapshot_one_per_year")]

    def __str__(self) -> str:
        return f"{self.community_id} / {self.year}"


class QualitativeScore(models.Model):
    """One scorer's score (0–100) of a qualitative indicator for a community and year."""

    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="qualitative_scores"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    indicator_code = models.CharField(_("indicator"), max_length=60)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scorer"), on_delete=models.PROTECT, related_name="+"
    )
    scorer_name = models.CharField(_("scorer (name)"), max_length=100)
    acting_role = models.CharField(_("acting role"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    scored_at = models.DateTimeField(_("scored at"), default=timezone.now)

    class Meta:
        verbose_name = _("qualitative score")
        verbose_name_plural = _("qualitative scores")
        ordering = ["community_id", "year", "indicator_code", "scored_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year", "indicator_code", "scorer"], name="qualitative_score_one_per_scorer"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=100), name="qualitative_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.year}/{self.indicator_code}: {self.score}"

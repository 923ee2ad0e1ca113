"""The evaluation app's records.

Sections:
- Satisfaction surveys of matters (民事民评): who is invited, what each said, and the published verdict.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.audit.models import Channel as AuditChannel
from yishi.matters.domain.evaluation_result import Rating as RatingName
from yishi.matters.domain.evaluation_result import SatisfactionOutcome as OutcomeName

# --- Satisfaction surveys of matters (民事民评) ----------------------------------------------------------------


class SurveyStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("survey status", "Open")
    CLOSED = "closed", pgettext_lazy("survey status", "Closed")


class SurveyAudience(models.TextChoices):
    """Who is served ("服务谁、谁评价"): the residents living within a place, or a list chosen by the committee."""

    PLACE = "place", _("Residents living within the place")
    CHOSEN = "chosen", _("A list chosen by the supervision committee")


class SatisfactionRating(models.TextChoices):
    SATISFIED = RatingName.SATISFIED, _("Satisfied")
    BASICALLY_SATISFIED = RatingName.BASICALLY_SATISFIED, _("Basically satisfied")
    DISSATISFIED = RatingName.DISSATISFIED, _("Dissatisfied")


class SurveyOutcome(models.TextChoices):
    CLOSE = OutcomeName.CLOSE, _("The matter is closed")
    REOPEN = OutcomeName.REOPEN, _("The matter is reopened")
    NO_DATA = OutcomeName.NO_DATA, _("Nobody answered")
    INSUFFICIENT_RESPONSES = OutcomeName.INSUFFICIENT_RESPONSES, _("Too few answers")


class InviteeReason(models.TextChoices):
    SERVED = "served", _("Lives where the work was done")
    CHOSEN = "chosen", _("Chosen by the supervision committee")
    PARTICIPANT = "participant", _("Took part in the deliberation")
    FOLLOWER = "follower", _("Raised or followed the matter")


class ResponseChannel(models.TextChoices):
    ONLINE = AuditChannel.ONLINE, _("Online")
    ASSISTED = AuditChannel.ASSISTED, _("Entered by staff after a visit or call")
    PAPER = AuditChannel.PAPER, _("Paper form entered by staff")


class Survey(models.Model):
    """The satisfaction survey of one matter's result, opened and closed by the supervision committee."""

    matter = models.ForeignKey(
        "matters.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="satisfaction_surveys"
    )
    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="satisfaction_surveys"
    )
    audience = models.CharField(_("who is asked"), max_length=20, choices=SurveyAudience.choices)
    served_place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place served"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    includes_participants = models.BooleanField(_("deliberation participants are asked too"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.OPEN)
    invitee_count = models.PositiveIntegerField(_("people asked"), default=0)
    # The rule that decides (matters.domain.evaluation_result.SatisfactionRule), kept exact as a fraction.
    threshold_numerator = models.PositiveSmallIntegerField(_("threshold numerator"), default=2)
    threshold_denominator = models.PositiveSmallIntegerField(_("threshold denominator"), default=3)
    count_basically_satisfied = models.BooleanField(_("“basically satisfied” counts as favourable"), default=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=SurveyOutcome.choices, blank=True)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("basically satisfied"), default=0)
    dissatisfied = models.PositiveIntegerField(_("dissatisfied"), default=0)
    result_notice = models.ForeignKey(
        "disclosure.Notice",
        verbose_name=_("result notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["community", "status"], name="survey_community_status")]
        constraints = [
            # One survey at a time per matter; a reopened matter carried out again gets a new one.
            models.UniqueConstraint(fields=["matter"], condition=models.Q(status="open"), name="survey_one_open"),
            models.CheckConstraint(
                condition=models.Q(threshold_denominator__gt=0)
                & models.Q(threshold_numerator__gt=0)
                & models.Q(threshold_numerator__lte=models.F("threshold_denominator")),
                name="survey_threshold_fraction",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(closed_at__isnull=False), name="survey_closed_at"
            ),
        ]

    def __str__(self) -> str:
        return str(self.matter)

    def get_absolute_url(self) -> str:
        return reverse("evaluation:survey", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN

    @property
    def responses(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied


class SurveyInvitee(models.Model):
    """A person asked for their view, frozen when the survey opens: only they may answer."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitees")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="survey_invitations"
    )
    reason = models.CharField(_("why asked"), max_length=20, choices=InviteeReason.choices)

    class Meta:
        verbose_name = _("person asked")
        verbose_name_plural = _("people asked")
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="survey_invitee_unique")]
        indexes = [models.Index(fields=["person", "survey"], name="survey_invitee_person")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.survey_id}"


class SurveyResponse(models.Model):
    """One person's rating of the result, given online or entered by staff. One per person (database-enforced)."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses")
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(
        pgettext_lazy("satisfaction", "rating"), max_length=30, choices=SatisfactionRating.choices
    )
    comment = models.TextField(_("comment"), blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=ResponseChannel.choices, default=ResponseChannel.ONLINE
    )
    reference = models.CharField(_("paper or visit reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(pgettext_lazy("survey response", "answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey_id", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="survey_response_unique")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.person_id}: {self.rating}"


from yishi.evaluation.index_models import *  # noqa
from yishi.evaluation.designation_models import *  # noqa

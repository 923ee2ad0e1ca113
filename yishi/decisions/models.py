"""Votes (民事民决): the legal basis, the frozen roll, ballots on every channel, meetings, the counted result,
and the 四议两公开 sequence of a village matter.

The arithmetic of the law lives in yishi.decisions.domain; these rows only hold what was decided and counted.
"""

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.audit.models import Channel as AuditChannel
from yishi.decisions.domain import basis as basis_rules
from yishi.decisions.domain.meetings import ResidentsAssemblyMode as ResidentsModeName
from yishi.decisions.domain.meetings import VillageMatter as VillageMatterName
from yishi.decisions.domain.meetings import VillagersAssemblyMode as VillagersModeName
from yishi.decisions.domain.online import VoteBase
from yishi.decisions.domain.owners import MatterClass as MatterClassName
from yishi.decisions.domain.owners import OwnersMatter as OwnersMatterName
from yishi.decisions.domain.village import FourTwoStep as FourTwoStepName
from yishi.decisions.domain.village import ResolvingBody as ResolvingBodyName

B = basis_rules.VoteBasis


class Basis(models.TextChoices):
    """The legal basis of a vote, in plain words."""

    OWNERS = B.OWNERS, _("Owners decide together (maintenance fund, common parts, property manager…)")
    RESIDENTS_ASSEMBLY = B.RESIDENTS_ASSEMBLY, _("Residents' assembly (important questions for all residents)")
    RESIDENTS_REPRESENTATIVES = B.RESIDENTS_REPRESENTATIVES, _("Residents' representatives' assembly")
    VILLAGERS_ASSEMBLY = B.VILLAGERS_ASSEMBLY, _("Villagers' assembly")
    VILLAGER_REPRESENTATIVES = B.VILLAGER_REPRESENTATIVES, _("Villager representatives' assembly")
    VILLAGER_GROUP = B.VILLAGER_GROUP, _("Villagers' group meeting")
    ONLINE = B.ONLINE, _("Online vote of the compound's residents")
    FOUR_TWO_RESOLUTION = B.FOUR_TWO_RESOLUTION, _("Village resolution (four deliberations, two disclosures)")


class Electorate(models.TextChoices):
    ADULTS = basis_rules.Electorate.ADULTS, _("Residents aged 18 or over")
    HOUSEHOLD_REPRESENTATIVES = basis_rules.Electorate.HOUSEHOLD_REPRESENTATIVES, _("One representative per household")
    OWNERS = basis_rules.Electorate.OWNERS, _("Owners (one per owner, by exclusive area)")
    REPRESENTATIVES = basis_rules.Electorate.REPRESENTATIVES, _("Representatives")
    ASSEMBLY_MEMBERS = basis_rules.Electorate.ASSEMBLY_MEMBERS, _("Committee members and villager representatives")


class ResidenceRule(models.TextChoices):
    """Who counts as a resident of the place for the roll (JW-3: set by local rules, UNCONFIRMED nationally)."""

    REGISTERED_AND_LONG_TERM = "registered_and_long_term", _("Registered and long-term residents")
    REGISTERED = "registered", _("Registered households only")
    EVERYONE = "everyone", _("Everyone living here, migrants included")


class ResidentsMode(models.TextChoices):
    ALL_RESIDENTS = ResidentsModeName.ALL_RESIDENTS, _("All residents aged 18 or over")
    HOUSEHOLD_REPRESENTATIVES = ResidentsModeName.HOUSEHOLD_REPRESENTATIVES, _("One representative per household")
    GROUP_REPRESENTATIVES = ResidentsModeName.GROUP_REPRESENTATIVES, _("Representatives of the residents' groups")


class VillagersMode(models.TextChoices):
    INDIVIDUAL = VillagersModeName.INDIVIDUAL, _("Villagers aged 18 or over")
    HOUSEHOLD = VillagersModeName.HOUSEHOLD, _("Household representatives")


class ResolvingBody(models.TextChoices):
    VILLAGERS_ASSEMBLY = ResolvingBodyName.VILLAGERS_ASSEMBLY, _("Villagers' assembly")
    VILLAGER_REPRESENTATIVES = ResolvingBodyName.VILLAGER_REPRESENTATIVES, _("Villager representatives' assembly")


class OwnersMatter(models.TextChoices):
    """The items of Civil Code Art. 278(1), and adding a lift (YZ-5, unconfirmed)."""

    RULES_OF_PROCEDURE = OwnersMatterName.RULES_OF_PROCEDURE, _("(1) Rules of procedure of the owners' assembly")
    MANAGEMENT_STATUTE = OwnersMatterName.MANAGEMENT_STATUTE, _("(2) Management statute")
    OWNERS_COMMITTEE = OwnersMatterName.OWNERS_COMMITTEE, _("(3) Electing or replacing the owners' committee")
    PROPERTY_MANAGER = OwnersMatterName.PROPERTY_MANAGER, _("(4) Hiring or dismissing the property manager")
    USE_MAINTENANCE_FUND = OwnersMatterName.USE_MAINTENANCE_FUND, _("(5) Using the maintenance fund")
    RAISE_MAINTENANCE_FUND = OwnersMatterName.RAISE_MAINTENANCE_FUND, _("(6) Raising the maintenance fund (major)")
    REBUILD = OwnersMatterName.REBUILD, _("(7) Rebuilding or reconstructing (major)")
    CHANGE_COMMON_USE = OwnersMatterName.CHANGE_COMMON_USE, _("(8) Changing the use of common parts (major)")
    OTHER_MAJOR_MATTER = OwnersMatterName.OTHER_MAJOR_MATTER, _("(9) Other important matters of common ownership")
    INSTALL_ELEVATOR = OwnersMatterName.INSTALL_ELEVATOR, _("Adding a lift (item unconfirmed)")


class MatterClassOverride(models.TextChoices):
    ORDINARY = MatterClassName.ORDINARY, _("Ordinary matter (more than half)")
    MAJOR = MatterClassName.MAJOR, _("Major matter (three quarters)")


class VillageMatter(models.TextChoices):
    """村组法第二十四条 (CW-21): matters only the villagers' assembly, or the representatives under its authority,
    may decide."""

    OTHER = VillageMatterName.OTHER, _("Not a listed matter")
    ALLOWANCES = VillageMatterName.ALLOWANCES, _("(1) Allowances for lost working time")
    COLLECTIVE_INCOME = VillageMatterName.COLLECTIVE_INCOME, _("(2) Use of collective income")
    PUBLIC_WORKS = VillageMatterName.PUBLIC_WORKS, _("(3) Public works and their funding")
    LAND_CONTRACTING = VillageMatterName.LAND_CONTRACTING, _("(4) Land contracting plan")
    COLLECTIVE_PROJECTS = VillageMatterName.COLLECTIVE_PROJECTS, _("(5) Collective economic projects")
    HOMESTEADS = VillageMatterName.HOMESTEADS, _("(6) Use of homestead land")
    LAND_COMPENSATION = VillageMatterName.LAND_COMPENSATION, _("(7) Land compensation")
    COLLECTIVE_PROPERTY = VillageMatterName.COLLECTIVE_PROPERTY, _("(8) Disposing of collective property")
    RESERVED_BY_ASSEMBLY = VillageMatterName.RESERVED_BY_ASSEMBLY, _("(9) Reserved by the villagers' assembly")


class ThresholdBase(models.TextChoices):
    VOTES_CAST = VoteBase.VOTES_CAST, _("of the votes cast")
    ELIGIBLE = VoteBase.ELIGIBLE, _("of everyone on the roll")


class Secrecy(models.TextChoices):
    NAMED = "named", _("Named ballot (实名)")
    SECRET = "secret", _("Secret ballot")


class VoteStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("vote status", "Draft")
    OPEN = "open", pgettext_lazy("vote status", "Open")
    CLOSED = "closed", pgettext_lazy("vote status", "Closed")
    COUNTED = "counted", pgettext_lazy("vote status", "Counted")
    PUBLISHED = "published", pgettext_lazy("vote status", "Published")


class OptionKind(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")
    # YZ-11: a returned paper ballot that cannot be read; only staff enter it, never a resident online.
    SPOILED = "spoiled", _("Spoiled ballot")


class BallotChannel(models.TextChoices):
    ONLINE = AuditChannel.ONLINE, _("Online")
    PAPER = AuditChannel.PAPER, _("Paper ballot entered by staff")
    ASSISTED = AuditChannel.ASSISTED, _("Entered by staff for a resident without a phone")
    MEETING = AuditChannel.MEETING, _("At the meeting")


class EntryKind(models.TextChoices):
    PERSON = "person", _("Resident")
    HOUSEHOLD = "household", _("Household")
    OWNER = "owner", _("Owner")
    CO_OWNERS = "co_owners", _("Co-owners")
    DEVELOPER = "developer", _("Developer (unsold units)")
    ORGANISATION = "organisation", _("Organisation")


class Capacity(models.TextChoices):
    """In what capacity a person may cast an entry's ballot."""

    SELF = "self", _("In person")
    HOUSEHOLD_REPRESENTATIVE = "household_representative", _("Household representative")
    OWNER = "owner", _("Owner")
    CO_OWNER = "co_owner", _("Co-owner")
    AGENT = "agent", _("Agent with a written authority")


class Vote(models.Model):
    """One vote on one question under one legal basis, from draft to published result."""

    title = models.CharField(_("title"), max_length=100)
    question = models.TextField(_("question"))
    matter = models.ForeignKey(
        "matters.Matter",
        verbose_name=_("matter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="votes",
    )
    # Who votes: the residents, households or owners of this place (a compound, building, community, village…).
    place = models.ForeignKey("places.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    # Denormalised from `place`: whose public board publishes the roll and the result.
    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="votes"
    )
    basis = models.CharField(_("legal basis"), max_length=40, choices=Basis.choices)
    electorate = models.CharField(_("who votes"), max_length=40, choices=Electorate.choices)
    residence_rule = models.CharField(
        _("residents on the roll"),
        max_length=40,
        choices=ResidenceRule.choices,
        default=ResidenceRule.REGISTERED_AND_LONG_TERM,
    )
    residents_mode = models.CharField(
        _("residents' assembly mode"), max_length=40, choices=ResidentsMode.choices, blank=True
    )
    villagers_mode = models.CharField(
        _("villagers' meeting mode"), max_length=20, choices=VillagersMode.choices, blank=True
    )
    resolving_body = models.CharField(_("resolving body"), max_length=40, choices=ResolvingBody.choices, blank=True)
    owners_matter = models.CharField(
        _("item of Civil Code Art. 278"), max_length=40, choices=OwnersMatter.choices, blank=True
    )
    matter_class_override = models.CharField(
        _("classification of the matter"), max_length=20, choices=MatterClassOverride.choices, blank=True
    )
    count_non_voters = models.BooleanField(_("add owners who did not vote to the majority"), default=False)
    spoiled_counts_as_participating = models.BooleanField(_("spoiled ballots count as taking part"), default=True)
    village_matter = models.CharField(
        _("matter of Art. 24 of the Villagers' Committees Organic Law"),
        max_length=40,
        choices=VillageMatter.choices,
        default=VillageMatter.OTHER,
    )
    authorised = models.BooleanField(_("authorised by the villagers' assembly"), default=False)
    authorisation_reference = models.CharField(_("authorisation (meeting and date)"), max_length=200, blank=True)
    # A configured rule (online votes; optionally the residents' representatives' assembly). Fractions are
    # stored as numerator/denominator so that they stay exact (NUM-4); no quorum when the numerator is null.
    quorum_numerator = models.PositiveSmallIntegerField(_("turnout numerator"), null=True, blank=True)
    quorum_denominator = models.PositiveSmallIntegerField(_("turnout denominator"), null=True, blank=True)
    quorum_inclusive = models.BooleanField(_("turnout: the number itself counts"), default=True)
    threshold_numerator = models.PositiveSmallIntegerField(_("passing numerator"), null=True, blank=True)
    threshold_denominator = models.PositiveSmallIntegerField(_("passing denominator"), null=True, blank=True)
    threshold_inclusive = models.BooleanField(_("passing: the number itself counts"), default=False)
    threshold_base = models.CharField(
        _("passing share of"), max_length=20, choices=ThresholdBase.choices, default=ThresholdBase.VOTES_CAST
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    secrecy = models.CharField(_("ballot"), max_length=10, choices=Secrecy.choices, default=Secrecy.NAMED)
    allow_change = models.BooleanField(_("a named ballot may be changed until the close"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=VoteStatus.choices, default=VoteStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The roll as frozen when the vote opened.
    roll_size = models.PositiveIntegerField(_("on the roll"), default=0)
    roll_total_area = models.DecimalField(
        _("total exclusive area (m²)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    roll_units = models.PositiveIntegerField(_("units on the roll"), default=0)
    roll_summary = models.JSONField(_("roll summary"), default=dict, blank=True)
    roll_notice = models.ForeignKey(
        "disclosure.Notice",
        verbose_name=_("roll notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result_notice = models.ForeignKey(
        "disclosure.Notice",
        verbose_name=_("result notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-opens_at", "-id"]
        indexes = [
            models.Index(fields=["community", "status"], name="vote_community_status"),
            models.Index(fields=["status", "closes_at"], name="vote_status_closes"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="vote_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=~models.Q(basis=B.OWNERS) | models.Q(secrecy="named"), name="vote_owners_named"
            ),
            models.CheckConstraint(
                condition=models.Q(quorum_denominator__isnull=True) | models.Q(quorum_denominator__gt=0),
                name="vote_quorum_denominator_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(threshold_denominator__isnull=True) | models.Q(threshold_denominator__gt=0),
                name="vote_threshold_denominator_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", args=[self.pk])

    @property
    def basis_name(self) -> basis_rules.VoteBasis:
        return basis_rules.VoteBasis(self.basis)

    @property
    def is_meeting(self) -> bool:
        return self.basis_name in basis_rules.MEETING_BASES

    @property
    def is_secret(self) -> bool:
        return self.secrecy == Secrecy.SECRET

    @property
    def is_owners(self) -> bool:
        return self.basis == B.OWNERS


class VoteOption(models.Model):
    """A choice on the ballot. Every vote is on one motion: agree, disagree or abstain (and spoiled, on paper)."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="options")
    kind = models.CharField(_("kind"), max_length=20, choices=OptionKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["vote_id", "position"]
        constraints = [models.UniqueConstraint(fields=["vote", "kind"], name="option_unique_kind")]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def label(self) -> str:
        return str(self.get_kind_display())


class AreaCorrection(models.Model):
    """An exclusive area entered on the roll source for a unit the register lacks (YZ-6), before the vote opens."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="area_corrections")
    unit = models.ForeignKey("places.Place", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    area = models.DecimalField(
        _("exclusive area (m²)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    source = models.CharField(_("area source"), max_length=20)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("area on the roll source")
        verbose_name_plural = _("areas on the roll source")
        constraints = [
            models.UniqueConstraint(fields=["vote", "unit"], name="area_correction_unique_unit"),
            models.CheckConstraint(condition=models.Q(area__gt=0), name="area_correction_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.area}"


class FrozenQuerySet(models.QuerySet[Any]):
    """Rows of a frozen roll: written once when the vote opens, never changed afterwards."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("A frozen roll is never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("A frozen roll is never changed.")


class RollEntry(models.Model):
    """One line of the frozen roll: a person, a household, or an owner as the head count counts them (YZ-7)."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="roll")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    # The person the line stands for (a resident, a household representative, a sole owner); none for co-owners
    # as a group, the developer or an organisation.
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Published as they are: the name(s) and the unit or group, nothing else (PIPL: the minimum).
    name = models.CharField(_("name"), max_length=200)
    unit_label = models.CharField(_("unit or group"), max_length=200, blank=True)
    area = models.DecimalField(_("exclusive area (m²)"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit_ids = models.JSONField(_("units"), default=list, blank=True)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = _("roll entry")
        verbose_name_plural = _("roll entries")
        ordering = ["vote_id", "number"]
        constraints = [models.UniqueConstraint(fields=["vote", "number"], name="roll_unique_number")]
        indexes = [models.Index(fields=["vote", "name"], name="roll_vote_name")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("A frozen roll is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("A frozen roll is never changed.")


class RollVoter(models.Model):
    """A person who may cast an entry's ballot: the resident, the household representative, the owner or each
    co-owner (YZ-8: co-owners choose one of them; the first ballot cast for the unit is the one that counts)."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(RollEntry, verbose_name=_("roll entry"), on_delete=models.PROTECT, related_name="voters")
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(_("capacity"), max_length=30, choices=Capacity.choices)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = _("voter on the roll")
        verbose_name_plural = _("voters on the roll")
        constraints = [models.UniqueConstraint(fields=["entry", "person"], name="roll_voter_unique")]
        indexes = [models.Index(fields=["person", "vote"], name="roll_voter_person")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.entry_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("A frozen roll is never changed.")
        super().save(*args, **kwargs)


class AuthorityKind(models.TextChoices):
    AGENT = "agent", _("Agent with a written authority")
    CHOSEN_CO_OWNER = "chosen_co_owner", _("Co-owner chosen to vote for the unit")


class Authority(models.Model):
    """Who else may cast an entry's ballot (YZ-9: a written authority), or which co-owner the co-owners chose (YZ-8)."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="authorities")
    entry = models.ForeignKey(
        RollEntry, verbose_name=_("roll entry"), on_delete=models.PROTECT, related_name="authorities"
    )
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=AuthorityKind.choices)
    reference = models.CharField(_("written authority (reference)"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("authority to vote")
        verbose_name_plural = _("authorities to vote")
        constraints = [models.UniqueConstraint(fields=["entry", "person", "kind"], name="authority_unique")]
        indexes = [models.Index(fields=["person", "vote"], name="authority_person")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.entry_id} ({self.kind})"


class Ballot(models.Model):
    """A named ballot (实名): one per roll entry, across every channel, enforced by the unique constraint."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="ballots")
    entry = models.OneToOneField(
        RollEntry, verbose_name=_("roll entry"), on_delete=models.PROTECT, related_name="ballot"
    )
    option = models.ForeignKey(VoteOption, verbose_name=_("choice"), on_delete=models.PROTECT, related_name="+")
    # Copied from the frozen entry so that the tally is one GROUP BY over this table (YZ-2 to YZ-4 by area), in
    # hundredths of a square metre: an integer SUM is exact on every database (NUM-4), SQLite's REAL is not.
    area_hundredths = models.PositiveBigIntegerField(_("exclusive area (0.01 m²)"), default=0)
    channel = models.CharField(_("channel"), max_length=20, choices=BallotChannel.choices)
    cast_by = models.ForeignKey(
        "people.Person", verbose_name=_("cast by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.CharField(_("capacity"), max_length=30, choices=Capacity.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paper_reference = models.CharField(_("paper ballot reference"), max_length=100, blank=True)
    witness = models.CharField(_("witness"), max_length=100, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    cast_at = models.DateTimeField(_("cast at"))
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        # Covers the tally: COUNT and SUM(area) GROUP BY option are read from the index alone.
        indexes = [models.Index(fields=["vote", "option", "area_hundredths"], name="ballot_tally")]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.entry_id}"


class Participation(models.Model):
    """A secret ballot's mark on the roll: this entry took part, on this channel. Nothing links it to the ballot."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="participations")
    entry = models.OneToOneField(
        RollEntry, verbose_name=_("roll entry"), on_delete=models.PROTECT, related_name="participation"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=BallotChannel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paper_reference = models.CharField(_("paper ballot reference"), max_length=100, blank=True)
    witness = models.CharField(_("witness"), max_length=100, blank=True)
    voted_on = models.DateField(_("voted on"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.entry_id}"


class SecretBallot(models.Model):
    """A secret ballot in the box: a random key and the choice; no voter, no channel, no time.
    The box is mixed when the vote closes, so that not even the row order says who cast it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="secret_ballots")
    option = models.ForeignKey(VoteOption, verbose_name=_("choice"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("secret ballot")
        verbose_name_plural = _("secret ballots")
        ordering = ["id"]
        indexes = [models.Index(fields=["vote", "option"], name="secret_ballot_vote_option")]

    def __str__(self) -> str:
        return str(self.id)


class Submission(models.Model):
    """One request to cast or change a ballot, by its idempotency key: a replay returns what the first answered."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("idempotency key"), max_length=80)
    entry = models.ForeignKey(RollEntry, verbose_name=_("roll entry"), on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField(_("revision"), default=1)
    # Named ballots only: a secret ballot's submission never says what was chosen.
    option = models.ForeignKey(
        VoteOption, verbose_name=_("choice"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=BallotChannel.choices)
    recorded_on = models.DateField(_("recorded on"))

    class Meta:
        verbose_name = _("ballot submission")
        verbose_name_plural = _("ballot submissions")
        constraints = [models.UniqueConstraint(fields=["vote", "key"], name="submission_unique_key")]

    def __str__(self) -> str:
        return self.key


class Attendance(models.Model):
    """Who was present at the meeting, by roll entry."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="attendance")
    entry = models.OneToOneField(
        RollEntry, verbose_name=_("roll entry"), on_delete=models.PROTECT, related_name="attendance"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.entry_id}"


class ShowOfHands(models.Model):
    """The counts of a show of hands at the meeting; they add up to the attendance (no hand raised = abstain)."""

    vote = models.OneToOneField(Vote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="show_of_hands")
    agree = models.PositiveIntegerField(_("agree"))
    disagree = models.PositiveIntegerField(_("disagree"))
    abstain = models.PositiveIntegerField(_("abstain"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("show of hands")
        verbose_name_plural = _("shows of hands")

    def __str__(self) -> str:
        return f"{self.agree}/{self.disagree}/{self.abstain}"

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.abstain


class ResultQuerySet(models.QuerySet["Result"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("A counted result is never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("A counted result is never changed.")


class Result(models.Model):
    """The counted result: figures, outcome, the conditions of the rule and the explanation. Never changed."""

    vote = models.OneToOneField(Vote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="result")
    rule = models.CharField(_("rule"), max_length=60)
    passed = models.BooleanField(_("passed"))
    # The precondition of the rule: the quorum of a meeting or an online vote, or the owners' participation (YZ-2).
    valid = models.BooleanField(_("quorum or participation met"))
    figures = models.JSONField(_("figures"))
    # The case in the JSON interface (docs/rules-json.md): anyone can re-check the result with it.
    case = models.JSONField(_("case"))
    outcome = models.JSONField(_("outcome"))
    conditions = models.JSONField(_("conditions"))
    rule_settings = models.JSONField(_("settings of the rule"), default=list)
    explanation = models.JSONField(_("explanation"))
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    counted_at = models.DateTimeField(_("counted at"))

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.vote_id}: {'passed' if self.passed else 'failed'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("A counted result is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("A counted result is never changed.")


class FourTwoStep(models.TextChoices):
    PARTY_PROPOSAL = FourTwoStepName.PARTY_PROPOSAL, _("1. The village party organisation proposes")
    JOINT_DELIBERATION = FourTwoStepName.JOINT_DELIBERATION, _("2. The two committees deliberate")
    PARTY_MEMBERS_REVIEW = FourTwoStepName.PARTY_MEMBERS_REVIEW, _("3. The party members' meeting reviews")
    RESOLUTION = FourTwoStepName.RESOLUTION, _("4. The villagers' (representatives') assembly resolves")
    RESOLUTION_PUBLISHED = FourTwoStepName.RESOLUTION_PUBLISHED, _("5. The resolution is published")
    RESULTS_PUBLISHED = FourTwoStepName.RESULTS_PUBLISHED, _("6. The results are published")


class FourTwoSequence(models.Model):
    """四议两公开 (SY-1) of one village matter: the six steps as they were taken."""

    matter = models.OneToOneField(
        "matters.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="four_two"
    )
    village = models.ForeignKey("places.Place", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    # Local variations, UNCONFIRMED nationally (SY-1): "一肩挑" villages merging steps 1 and 2.
    allow_merged_proposal = models.BooleanField(_("steps 1 and 2 may be merged (local rule)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("four deliberations, two disclosures")
        verbose_name_plural = _("four deliberations, two disclosures")

    def __str__(self) -> str:
        return str(self.matter)

    def get_absolute_url(self) -> str:
        return reverse("decisions:four_two", args=[self.pk])


class FourTwoRecord(models.Model):
    """One step of 四议两公开 as it was taken: when, what was said, and for the resolution the meeting's vote."""

    sequence = models.ForeignKey(
        FourTwoSequence, verbose_name=_("sequence"), on_delete=models.CASCADE, related_name="records"
    )
    step = models.CharField(_("step"), max_length=30, choices=FourTwoStep.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    resolution_vote = models.ForeignKey(
        Vote, verbose_name=_("resolution vote"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    party_members = models.PositiveIntegerField(_("party members"), null=True, blank=True)
    party_present = models.PositiveIntegerField(_("party members present"), null=True, blank=True)
    notice = models.ForeignKey(
        "disclosure.Notice", verbose_name=_("notice"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("step of four deliberations, two disclosures")
        verbose_name_plural = _("steps of four deliberations, two disclosures")
        ordering = ["sequence_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sequence", "step"], name="four_two_unique_step"),
            models.UniqueConstraint(fields=["sequence", "position"], name="four_two_unique_position"),
        ]

    def __str__(self) -> str:
        return str(self.get_step_display())

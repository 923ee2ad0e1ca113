"""Residents, households, ownership of units and roles held at places."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.people.domain.roles import Role as RoleName


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not recorded")


class ResidenceStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered household (户籍)")
    LONG_TERM = "long_term", _("Long-term resident, one year or more (常住)")
    MIGRANT = "migrant", _("Migrant (流动)")


class Role(models.TextChoices):
    RESIDENT_REPRESENTATIVE = RoleName.RESIDENT_REPRESENTATIVE, _("Resident representative")
    BUILDING_LEADER = RoleName.BUILDING_LEADER, _("Building leader")
    PARTY_MEMBER = RoleName.PARTY_MEMBER, _("Party member")
    PARTY_SECRETARY = RoleName.PARTY_SECRETARY, _("Party secretary")
    COMMITTEE_MEMBER = RoleName.COMMITTEE_MEMBER, _("Two-committee member")
    SUPERVISION_MEMBER = RoleName.SUPERVISION_MEMBER, _("Supervision-committee member")
    OWNERS_COMMITTEE_MEMBER = RoleName.OWNERS_COMMITTEE_MEMBER, _("Owners'-committee member")
    PROPERTY_STAFF = RoleName.PROPERTY_STAFF, _("Property-company staff")
    SOCIAL_ORGANISATION_DELEGATE = RoleName.SOCIAL_ORGANISATION_DELEGATE, _("Social-organisation delegate")
    SOCIAL_WORKER = RoleName.SOCIAL_WORKER, _("Social worker")
    VOLUNTEER = RoleName.VOLUNTEER, _("Volunteer")
    STREET_OFFICER = RoleName.STREET_OFFICER, _("Street officer")
    DISTRICT_OFFICER = RoleName.DISTRICT_OFFICER, _("District officer")
    EXPERT = RoleName.EXPERT, _("Outside expert")


class Person(models.Model):
    """A resident, villager, staff member or officer: anyone the platform knows by name."""

    name = models.CharField(_("name"), max_length=50, db_index=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(_("ethnic group"), max_length=20, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    # Phone and ID numbers: ciphertext at rest, a keyed hash to look them up, a masked form to show.
    phone_ciphertext = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    phone_lookup = models.CharField(_("phone lookup hash"), max_length=64, blank=True, editable=False)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True, editable=False)
    id_number_ciphertext = models.TextField(_("ID number (encrypted)"), blank=True, editable=False)
    id_number_lookup = models.CharField(_("ID number lookup hash"), max_length=64, blank=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=20, blank=True, editable=False)
    residence_status = models.CharField(
        _("residence status"), max_length=20, choices=ResidenceStatus.choices, default=ResidenceStatus.REGISTERED
    )
    resident_since = models.DateField(_("living here since"), null=True, blank=True)
    home = models.ForeignKey(
        "places.Place",
        verbose_name=_("home"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
    )
    household = models.ForeignKey(
        "Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    # CW-3 / JW-3: those deprived of political rights by law cannot vote; recorded only when known.
    has_political_rights = models.BooleanField(_("has political rights"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone_lookup"], condition=~models.Q(phone_lookup=""), name="person_unique_phone"
            ),
            models.UniqueConstraint(
                fields=["id_number_lookup"], condition=~models.Q(id_number_lookup=""), name="person_unique_id_number"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def age_on(self, on: datetime.date) -> int | None:
        from yishi.people.domain.identity import age_on

        if self.birth_date is None:
            return None
        return age_on(birth_date=self.birth_date, on=on)


class Household(models.Model):
    """A household (户) living in a unit, with the member who represents it."""

    unit = models.ForeignKey(
        "places.Place", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="households"
    )
    number = models.CharField(_("household number"), max_length=40, blank=True)
    representative = models.ForeignKey(
        Person, verbose_name=_("representative"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"


class Ownership(models.Model):
    """An owner (业主) of a unit. Co-owners have one row each; a developer's unsold unit names no person."""

    unit = models.ForeignKey(
        "places.Place", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="ownerships"
    )
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), null=True, blank=True, on_delete=models.PROTECT, related_name="ownerships"
    )
    organisation_name = models.CharField(_("owning organisation"), max_length=100, blank=True)
    # YZ-7: all of the developer's unsold and sold-but-undelivered units together count as one owner.
    is_developer_unsold = models.BooleanField(_("developer's unsold or undelivered unit"), default=False)
    since = models.DateField(_("owner since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        constraints = [
            models.UniqueConstraint(fields=["unit", "owner"], name="ownership_unique_owner_per_unit"),
            models.CheckConstraint(
                condition=models.Q(owner__isnull=False) | ~models.Q(organisation_name=""),
                name="ownership_names_an_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner or self.organisation_name} @ {self.unit_id}"


class RoleAssignment(models.Model):
    """A role held by a person at a place, from one day to another (both inclusive)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices, db_index=True)
    place = models.ForeignKey("places.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="roles")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["person_id", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="role_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.place}"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the rows")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")
    DISCARDED = "discarded", _("Discarded")


class ImportMode(models.TextChoices):
    ALL = "all", _("Every row")
    VALID_ONLY = "valid_only", _("Only the valid rows")


class ImportBatch(models.Model):
    """One uploaded roster file: its check, its preview and, once confirmed, its import in one transaction.

    The file itself is kept encrypted only while it is needed (PIPL Art. 19) and wiped once imported or discarded.
    """

    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="import_batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("file format"), max_length=10)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0)
    content_ciphertext = models.TextField(_("file (encrypted)"), blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKING, db_index=True
    )
    mode = models.CharField(_("what to import"), max_length=20, choices=ImportMode.choices, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    progress_done = models.PositiveIntegerField(_("rows processed"), default=0)
    progress_total = models.PositiveIntegerField(_("rows to process"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors found"), default=0)
    summary = models.JSONField(pgettext_lazy("import", "summary"), default=dict, blank=True)
    ignored_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    notice = models.JSONField(pgettext_lazy("import", "notice"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in {ImportStatus.CHECKING, ImportStatus.IMPORTING}

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

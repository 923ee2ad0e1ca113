"""The place tree: district › street › community › compound › building › unit."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.places.domain.tree import subtree_bounds


class PlaceKind(models.TextChoices):
    DISTRICT = "district", _("District / county")
    STREET = "street", _("Street / township")
    COMMUNITY = "community", _("Community / village")
    COMPOUND = "compound", _("Compound / villagers' group")
    BUILDING = "building", _("Building")
    UNIT = "unit", _("Dwelling unit")


class CompoundType(models.TextChoices):
    """Compound types change what is discussed and how (seed 001)."""

    PUBLIC_HOUSING_SOLD = "public_housing_sold", _("After-sale public housing")
    COMMERCIAL = "commercial", _("Ordinary commercial housing")
    FOREIGN_RESIDENT = "foreign_resident", _("Foreign-resident commercial housing")
    OLD_VILLA = "old_villa", _("Old villas")
    RESETTLEMENT = "resettlement", _("Resettlement housing")
    VILLAGE_GROUP = "village_group", _("Villagers' group")


class AreaSource(models.TextChoices):
    """Where the exclusive area comes from, in the order the law prefers (YZ-6)."""

    REGISTER = "register", _("Real-estate register")
    SURVEYED = "surveyed", _("Surveyed area")
    CONTRACT = "contract", _("Purchase contract")


class PlaceQuerySet(models.QuerySet["Place"]):
    def within(self, place: "Place", *, include_self: bool = True) -> "PlaceQuerySet":
        """Every place at or below `place`: one indexed range scan on the path."""
        low, high = subtree_bounds(place.path)
        queryset = self.filter(path__gte=low, path__lt=high)
        if not include_self:
            queryset = queryset.exclude(pk=place.pk)
        return queryset

    def of_kind(self, kind: str) -> "PlaceQuerySet":
        return self.filter(kind=kind)


class Place(models.Model):
    """One node of the place tree."""

    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices, db_index=True)
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    code = models.CharField(_("administrative code"), max_length=32, blank=True)
    is_rural = models.BooleanField(_("rural (village)"), default=False)
    compound_type = models.CharField(_("compound type"), max_length=30, choices=CompoundType.choices, blank=True)
    exclusive_area = models.DecimalField(
        _("exclusive area (m²)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    area_source = models.CharField(_("area source"), max_length=20, choices=AreaSource.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="place_unique_name_under_parent"),
            models.CheckConstraint(
                condition=models.Q(exclusive_area__isnull=True) | models.Q(exclusive_area__gt=0),
                name="place_exclusive_area_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        """The ids from the root down to this place, itself included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def ancestors(self) -> PlaceQuerySet:
        return Place.objects.filter(pk__in=self.ancestor_ids()).order_by("depth")

    def ancestor_of_kind(self, kind: str) -> "Place | None":
        if self.kind == kind:
            return self
        return Place.objects.filter(pk__in=self.ancestor_ids(), kind=kind).first()

    @property
    def full_name(self) -> str:
        return " › ".join(place.name for place in self.ancestors())

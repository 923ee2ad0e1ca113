"""Writes to the place tree. Each checks permission, keeps the tree sound, and writes the audit record."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit, snapshot
from yishi.audit.errors import ActionError
from yishi.people.domain.roles import Capability
from yishi.people.permissions import require
from yishi.places.domain.tree import PlaceKind as Kind
from yishi.places.domain.tree import child_path, may_stand_under, would_create_cycle
from yishi.places.models import Place

_AUDITED = ("name", "kind", "parent", "code", "is_rural", "compound_type", "exclusive_area", "area_source")
PLACE_AUDITED_FIELDS = _AUDITED


def parse_area(raw: object) -> Decimal | None:
    """An exclusive area in m² as an exact Decimal with two places; None when blank."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation as error:
        raise ActionError(
            _("The area must be a number of square metres."), code="area_not_numeric", field="exclusive_area"
        ) from error
    if not value.is_finite() or value <= 0:
        raise ActionError(_("The area must be greater than zero."), code="area_not_positive", field="exclusive_area")
    if value != value.quantize(Decimal("0.01")):
        raise ActionError(_("The area has at most two decimal places."), code="area_precision", field="exclusive_area")
    if value >= Decimal("100000000"):
        raise ActionError(_("The area is implausibly large."), code="area_too_large", field="exclusive_area")
    return value.quantize(Decimal("0.01"))


def _check_shape(*, kind: str, parent: Place | None, compound_type: str, exclusive_area: Decimal | None) -> None:
    if kind not in {item.value for item in Kind}:
        raise ActionError(_("Unknown kind of place."), code="place_kind_unknown", field="kind")
    if not may_stand_under(child=Kind(kind), parent=Kind(parent.kind) if parent else None):
        raise ActionError(
            _("A place of this kind cannot stand under the chosen parent."), code="place_parent_kind", field="parent"
        )
    if compound_type and kind != Kind.COMPOUND:
        raise ActionError(_("Only a compound has a compound type."), code="place_compound_type", field="compound_type")
    if exclusive_area is not None and kind != Kind.UNIT:
        raise ActionError(
            _("Only a dwelling unit has an exclusive area."), code="place_area_kind", field="exclusive_area"
        )


@transaction.atomic
def create_place(
    *,
    actor: Actor,
    kind: str,
    name: str,
    parent: Place | None,
    code: str = "",
    is_rural: bool = False,
    compound_type: str = "",
    exclusive_area: Decimal | None = None,
    area_source: str = "",
) -> Place:
    """Add a place under `parent` (a district when `parent` is None: only administrators)."""
    name = name.strip()
    if not name:
        raise ActionError(_("A place needs a name."), code="place_name_empty", field="name")
    if parent is None:
        if actor.user is None or not actor.user.is_superuser:
            raise ActionError(_("Only an administrator may add a district."), code="not_permitted")
    else:
        require(actor.user, Capability.MANAGE_PLACES, parent)  # type: ignore[arg-type]
    _check_shape(kind=kind, parent=parent, compound_type=compound_type, exclusive_area=exclusive_area)
    if Place.objects.filter(parent=parent, name=name).exists():
        raise ActionError(_("A place with this name already stands here."), code="place_name_taken", field="name")
    place = Place(
        kind=kind,
        name=name,
        parent=parent,
        code=code,
        is_rural=is_rural if parent is None else (is_rural or parent.is_rural),
        compound_type=compound_type,
        exclusive_area=exclusive_area,
        area_source=area_source if exclusive_area is not None else "",
        depth=parent.depth + 1 if parent else 0,
        # A temporary unique path until the id is known; replaced in the same transaction.
        path=f"new-{name}-{parent.pk if parent else 0}",
    )
    place.save()
    place.path = child_path(parent_path=parent.path if parent else "/", node_id=place.pk)
    place.save(update_fields=["path"])
    record_audit(
        actor=actor, verb="place.create", target=place, place=parent, changes=diff({}, snapshot(place, _AUDITED))
    )
    return place


@transaction.atomic
def update_place(
    *,
    actor: Actor,
    place: Place,
    name: str | None = None,
    code: str | None = None,
    compound_type: str | None = None,
    exclusive_area: Decimal | None = None,
    area_source: str | None = None,
) -> Place:
    """Change a place's own facts (not its position in the tree)."""
    require(actor.user, Capability.MANAGE_PLACES, place)  # type: ignore[arg-type]
    before = snapshot(place, _AUDITED)
    if name is not None:
        name = name.strip()
        if not name:
            raise ActionError(_("A place needs a name."), code="place_name_empty", field="name")
        if Place.objects.filter(parent_id=place.parent_id, name=name).exclude(pk=place.pk).exists():
            raise ActionError(_("A place with this name already stands here."), code="place_name_taken", field="name")
        place.name = name
    if code is not None:
        place.code = code
    if compound_type is not None:
        place.compound_type = compound_type
    if exclusive_area is not None:
        place.exclusive_area = exclusive_area
    if area_source is not None:
        place.area_source = area_source
    _check_shape(
        kind=place.kind, parent=place.parent, compound_type=place.compound_type, exclusive_area=place.exclusive_area
    )
    place.save()
    record_audit(
        actor=actor, verb="place.update", target=place, place=place, changes=diff(before, snapshot(place, _AUDITED))
    )
    return place


@transaction.atomic
def move_place(*, actor: Actor, place: Place, new_parent: Place) -> Place:
    """Move a place and its whole subtree under another parent, refusing cycles."""
    require(actor.user, Capability.MANAGE_PLACES, place)  # type: ignore[arg-type]
    require(actor.user, Capability.MANAGE_PLACES, new_parent)  # type: ignore[arg-type]
    if would_create_cycle(node_path=place.path, new_parent_path=new_parent.path):
        raise ActionError(_("A place cannot be moved below itself."), code="place_cycle", field="parent")
    _check_shape(
        kind=place.kind, parent=new_parent, compound_type=place.compound_type, exclusive_area=place.exclusive_area
    )
    if Place.objects.filter(parent=new_parent, name=place.name).exists():
        raise ActionError(_("A place with this name already stands here."), code="place_name_taken", field="name")
    old_path = place.path
    old_parent_id = place.parent_id
    new_path = child_path(parent_path=new_parent.path, node_id=place.pk)
    depth_shift = new_parent.depth + 1 - place.depth
    # Rewrite the subtree's paths deepest-last; select_for_update keeps a concurrent move out.
    subtree = list(Place.objects.select_for_update().within(place).order_by("depth"))
    for node in subtree:
        node.path = new_path + node.path[len(old_path) :]
        node.depth += depth_shift
        if node.pk == place.pk:
            node.parent = new_parent
    # Two passes avoid transient unique-path collisions inside the subtree.
    for node in subtree:
        Place.objects.filter(pk=node.pk).update(path=f"moving-{node.pk}")
    for node in subtree:
        Place.objects.filter(pk=node.pk).update(path=node.path, depth=node.depth, parent=node.parent)
    place.refresh_from_db()
    record_audit(
        actor=actor,
        verb="place.move",
        target=place,
        place=new_parent,
        changes={"parent": [old_parent_id, new_parent.pk], "path": [old_path, place.path]},
    )
    return place

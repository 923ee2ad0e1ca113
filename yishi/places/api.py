"""Places in the JSON API."""

from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from yishi.places.models import Place

router = Router(tags=["places"])


class PlaceOut(Schema):
    id: int
    kind: str
    name: str
    parent_id: int | None
    path: str
    depth: int
    is_rural: bool
    compound_type: str
    exclusive_area: Decimal | None


@router.get("/{place_id}", response=PlaceOut)
def get_place(request: HttpRequest, place_id: int) -> Place:
    """One place."""
    return get_object_or_404(Place, pk=place_id)


@router.get("/{place_id}/children", response=list[PlaceOut])
def list_children(request: HttpRequest, place_id: int) -> list[Place]:
    """The places directly under a place."""
    return list(Place.objects.filter(parent_id=place_id).order_by("name"))

"""Forms of the place pages: they parse input; the actions judge it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.places.models import AreaSource, CompoundType, Place, PlaceKind

AREA_HELP = _("Square metres with at most two decimals, as registered, e.g. 89.50.")


def _blank_first(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("(none)")), *choices]


class AddPlaceForm(forms.Form):
    """A new place directly under the one shown."""

    kind = forms.ChoiceField(label=_("Kind"))
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=100)
    code = forms.CharField(label=_("Administrative code (optional)"), max_length=32, required=False)
    compound_type = forms.ChoiceField(
        label=_("Compound type (compounds only)"), choices=_blank_first(CompoundType.choices), required=False
    )
    exclusive_area = forms.CharField(
        label=_("Exclusive area in m² (dwelling units only)"), required=False, help_text=AREA_HELP
    )
    area_source = forms.ChoiceField(
        label=_("Source of the area"), choices=_blank_first(AreaSource.choices), required=False
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        labels = dict(PlaceKind.choices)
        self.fields["kind"].choices = [(kind, labels[kind]) for kind in kinds]  # type: ignore[attr-defined]
        if PlaceKind.COMPOUND not in kinds:
            del self.fields["compound_type"]
        if PlaceKind.UNIT not in kinds:
            del self.fields["exclusive_area"]
            del self.fields["area_source"]


class EditPlaceForm(forms.Form):
    """A place's own facts: its name and code, a compound's type, a unit's exclusive area."""

    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=100)
    code = forms.CharField(label=_("Administrative code"), max_length=32, required=False)
    compound_type = forms.ChoiceField(
        label=_("Compound type"), choices=_blank_first(CompoundType.choices), required=False
    )
    exclusive_area = forms.CharField(label=_("Exclusive area in m²"), required=False, help_text=AREA_HELP)
    area_source = forms.ChoiceField(
        label=_("Source of the area"), choices=_blank_first(AreaSource.choices), required=False
    )

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "edit")
        kwargs.setdefault(
            "initial",
            {
                "name": place.name,
                "code": place.code,
                "compound_type": place.compound_type,
                "exclusive_area": place.exclusive_area if place.exclusive_area is not None else "",
                "area_source": place.area_source,
            },
        )
        super().__init__(*args, **kwargs)
        if place.kind != PlaceKind.COMPOUND:
            del self.fields["compound_type"]
        if place.kind != PlaceKind.UNIT:
            del self.fields["exclusive_area"]
            del self.fields["area_source"]


class MovePlaceForm(forms.Form):
    """Move the place, with everything below it, under another parent."""

    # Any id is accepted here: the list offers the sensible targets, and move_place judges the one sent.
    new_parent = forms.IntegerField(label=_("New parent"), widget=forms.Select)

    def __init__(self, *args: Any, targets: list[tuple[Place, str]], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "move")
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].widget.choices = [  # type: ignore[attr-defined]
            (place.pk, f"{label} ({place.get_kind_display()})") for place, label in targets
        ]

"""The admin shows elections read-only: ballots, tallies and the register never change outside the workflow."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yishi.elections import models


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ("title", "community", "kind", "election_day", "phase")
    list_filter = ("kind", "phase")


@admin.register(models.Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("election", "number", "kind", "status", "voters", "ballots_in_box", "is_valid")


@admin.register(models.TellerBatch)
class TellerBatchAdmin(ReadOnlyAdmin):
    list_display = ("round", "label", "ballots_in_box", "blank", "spoiled", "entered_on")


@admin.register(models.Mandate)
class MandateAdmin(ReadOnlyAdmin):
    list_display = ("person", "post", "election", "starts_on", "term_ends_on", "ended_on", "end_reason")


@admin.register(models.DistrictProfile)
class DistrictProfileAdmin(ReadOnlyAdmin):
    list_display = ("district", "profile")

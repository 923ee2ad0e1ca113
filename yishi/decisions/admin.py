"""Votes in the admin: read-only. Votes, rolls, ballots and results change only through the actions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yishi.decisions.models import Ballot, FourTwoSequence, Result, RollEntry, Vote


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Vote)
class VoteAdmin(ReadOnly):
    list_display = ("title", "basis", "place", "status", "opens_at", "closes_at", "roll_size")
    list_filter = ("status", "basis")
    search_fields = ("title",)
    raw_id_fields = ("place", "community", "matter", "created_by", "roll_notice", "result_notice")


@admin.register(RollEntry)
class RollEntryAdmin(ReadOnly):
    list_display = ("vote", "number", "name", "unit_label", "area")
    search_fields = ("name",)
    raw_id_fields = ("vote", "person", "household")


@admin.register(Ballot)
class BallotAdmin(ReadOnly):
    list_display = ("vote", "entry", "option", "channel", "revision", "cast_at")
    list_filter = ("channel",)
    raw_id_fields = ("vote", "entry", "option", "cast_by", "recorded_by")


@admin.register(Result)
class ResultAdmin(ReadOnly):
    list_display = ("vote", "rule", "passed", "valid", "counted_at")
    raw_id_fields = ("vote", "counted_by")


@admin.register(FourTwoSequence)
class FourTwoSequenceAdmin(ReadOnly):
    list_display = ("matter", "village", "created_at")
    raw_id_fields = ("matter", "village", "created_by")

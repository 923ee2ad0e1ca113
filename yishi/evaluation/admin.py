"""The admin shows the evaluation records read-only: surveys and answers change only through their actions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yishi.evaluation.models import Survey, SurveyResponse


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Satisfaction surveys of matters ---


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("matter", "community", "status", "invitee_count", "outcome", "opened_at", "closed_at")
    list_filter = ("status", "outcome")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ("survey", "rating", "channel", "created_at")
    list_filter = ("rating", "channel")

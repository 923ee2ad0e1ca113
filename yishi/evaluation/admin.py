"""The admin shows the evaluation records read-only: surveys and answers change only through their actions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yishi.evaluation.models import (
    CaseAttachment,
    Designation,
    Programme,
    Review,
    ReviewerAssignment,
    SiteVisit,
    Submission,
    Survey,
    SurveyResponse,
)


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


# --- The designation programme: changed only through its actions ---


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("title", "district", "year", "stage", "threshold", "base_quota", "station_quota", "created_at")
    list_filter = ("stage", "year")


class CaseAttachmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CaseAttachment
    fields = ("name", "content_type", "size_bytes", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "programme", "kind", "theme", "status", "submitted_at")
    list_filter = ("status", "kind", "theme")
    search_fields = ("title", "unit__name")
    inlines = [CaseAttachmentInline]


@admin.register(ReviewerAssignment)
class ReviewerAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("submission", "expert_name", "assigned_at")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("submission", "expert_name", "points", "reviewed_at")


@admin.register(SiteVisit)
class SiteVisitAdmin(ReadOnlyAdmin):
    list_display = ("submission", "visited_on", "visitors", "recorded_by_name")


@admin.register(Designation)
class DesignationAdmin(ReadOnlyAdmin):
    list_display = ("programme", "unit", "kind", "rank", "points", "from_tie", "is_published")
    list_filter = ("kind", "is_published")

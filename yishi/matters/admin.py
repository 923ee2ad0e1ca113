"""The admin shows matters and their records read-only: every change goes through the actions and their audit.
Only the category list (platform-wide reference data) is edited here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yishi.matters.models import (
    CatalogueEntry,
    Category,
    Matter,
    MatterEvent,
    Notification,
    Referral,
    TriageRecord,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name_zh", "name_en", "position", "is_active")
    list_editable = ("position", "is_active")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Matters keep their category; retire one by unticking "in use" instead.
        return False


@admin.register(Matter)
class MatterAdmin(ReadOnlyAdmin):
    list_display = ("title", "community", "status", "triage_class", "due_on", "created_at")
    list_filter = ("status", "triage_class", "channel")
    search_fields = ("title",)
    list_select_related = ("community",)
    raw_id_fields = ("place", "community", "compound", "proposer", "responsible_place", "merged_into")


@admin.register(MatterEvent)
class MatterEventAdmin(ReadOnlyAdmin):
    list_display = ("matter", "kind", "occurred_at", "actor_name", "channel", "is_public")
    list_filter = ("kind", "channel", "is_public")


@admin.register(TriageRecord)
class TriageRecordAdmin(ReadOnlyAdmin):
    list_display = ("matter", "triage_class", "responsible_level", "triaged_at", "triaged_by_name")


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("matter", "department_name", "requested_at", "result", "replied_at")


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(ReadOnlyAdmin):
    list_display = ("community", "category", "note", "added_at")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("person", "title", "created_at", "read_at", "sms_sent_at")

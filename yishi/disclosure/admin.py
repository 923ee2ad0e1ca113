"""Notices in the admin: read-only. Drafts are written and published through the staff pages and actions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yishi.disclosure.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin[Notice]):
    list_display = ("number", "title", "kind", "community", "status", "published_at", "posted_until")
    list_filter = ("status", "kind")
    search_fields = ("title", "number")
    raw_id_fields = ("community", "place", "corrects", "published_by", "created_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

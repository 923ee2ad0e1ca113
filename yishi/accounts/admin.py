from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yishi.accounts.models import ApiToken, Lockout, SignInAttempt, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ["username", "person", "is_staff", "is_active"]
    search_fields = ["username", "person__name"]
    readonly_fields = ["password", "last_login", "date_joined"]


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Shown for oversight only: tokens are created and revoked on the API tokens page, through the actions."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    exclude = ["token_hash"]


@admin.register(SignInAttempt)
class SignInAttemptAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "method", "user", "succeeded", "reason"]
    list_filter = ["method", "succeeded", "reason"]
    exclude = ["key_lookup", "client_lookup"]


@admin.register(Lockout)
class LockoutAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "locked_until", "method", "failures"]
    list_filter = ["method"]
    exclude = ["key_lookup"]

from django.contrib import admin

from yishi.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ["username", "person", "is_staff", "is_active"]
    search_fields = ["username", "person__name"]
    readonly_fields = ["password", "last_login", "date_joined"]

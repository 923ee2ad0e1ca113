"""Reads about accounts, shared by pages and the API."""

from typing import Any

from django.db.models import F, QuerySet

from yishi.accounts.models import ApiToken
from yishi.people.domain.roles import GRANTS
from yishi.people.permissions import held_roles

# Roles that grant at least one capability: party members, volunteers and the like act as residents.
_ROLES_WITH_CAPABILITIES = frozenset(role for roles in GRANTS.values() for role in roles)


def may_hold_api_tokens(user: Any) -> bool:
    """Whether the user may create API tokens: an administrator, or staff holding a role that grants something."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.person_id is None:
        return False
    return any(item.role in _ROLES_WITH_CAPABILITIES for item in held_roles(user.person_id))


def list_api_tokens(*, user: Any) -> QuerySet[ApiToken]:
    """The user's tokens, active ones first, newest first."""
    return ApiToken.objects.filter(user=user).order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-id")

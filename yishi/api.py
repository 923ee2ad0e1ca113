"""The JSON API at /api/, with its OpenAPI schema at /api/openapi.json and docs at /api/docs."""

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from yishi.accounts.models import ApiToken
from yishi.audit.errors import ActionError


class SessionAuth(APIKeyCookie):
    """The browser's session cookie (CSRF is checked for unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        return None


class TokenAuth(HttpBearer):
    """An integration's bearer token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        digest = hashlib.sha256(token.encode()).hexdigest()
        found = ApiToken.objects.select_related("user").filter(token_hash=digest, revoked_at__isnull=True).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="Yishi API",
    version="1",
    description="Places, people (masked), roles, matters, votes and their explained results.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    # The bearer token first: ninja's cookie auth answers a missing CSRF token with a 403 that ends the search.
    auth=[TokenAuth(), SessionAuth(csrf=True)],
)


@api.exception_handler(ActionError)
def action_error(request: HttpRequest, error: ActionError) -> HttpResponse:
    return api.create_response(request, {"error": error.as_dict()}, status=error.status)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """A body or parameter that does not fit the schema: the shared error shape (code, translated message, the
    first field at fault), with the schema's own list of problems kept under "detail" for tools."""
    problems = list(error.errors)
    first = problems[0] if problems else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path", "payload")]
    field = ".".join(location)
    message = gettext("The request does not fit the API's schema: %(field)s: %(problem)s") % {
        "field": field or "-",
        "problem": first.get("msg", ""),
    }
    return api.create_response(
        request,
        {"error": {"code": "invalid_request", "message": message, "field": field}, "detail": problems},
        status=422,
    )


def _mount() -> None:
    from yishi.people.api import router as people_router
    from yishi.places.api import router as places_router

    api.add_router("/places", places_router)
    api.add_router("/people", people_router)
    api.add_router("", "yishi.accounts.api.router")
    api.add_router("/disclosure", "yishi.disclosure.api.router")
    api.add_router("", "yishi.decisions.api.router")
    api.add_router("/matters", "yishi.matters.api.router")
    api.add_router("/deliberation", "yishi.deliberation.api.router")
    api.add_router("/elections", "yishi.elections.api.router")
    api.add_router("/implementation", "yishi.implementation.api.router")
    api.add_router("/evaluation", "yishi.evaluation.api.router")


_mount()

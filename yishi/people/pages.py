"""Small helpers shared by the staff pages of places and people."""

from collections.abc import Mapping

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yishi.audit.errors import ActionError


def refused(request: HttpRequest, error: ActionError) -> HttpResponse:
    """A page that says why the request was refused, with the error's status (403, 404 or 400)."""
    return render(request, "people/refused.html", {"error": error}, status=error.status)


def form_error(form: Form, error: ActionError, *, aliases: Mapping[str, str] | None = None) -> None:
    """Show an action's refusal on the field it names (or its alias in this form), or on the form as a whole."""
    name = (aliases or {}).get(error.field or "", error.field)
    form.add_error(name if name in form.fields else None, str(error.message))

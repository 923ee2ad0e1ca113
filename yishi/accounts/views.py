"""The sign-in pages (residents by phone and code, staff by password), signing out, and API tokens."""

from cryptography.fernet import InvalidToken
from django import forms
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from yishi.accounts.actions import (
    create_api_token,
    request_sign_in_code,
    revoke_api_token,
    sign_in_with_code,
    sign_in_with_password,
)
from yishi.accounts.forms import CodeForm, PasswordForm, PhoneForm, TokenForm
from yishi.accounts.models import ApiToken, User
from yishi.accounts.queries import list_api_tokens, may_hold_api_tokens
from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError
from yishi.audit.models import Channel
from yishi.people import crypto

# The phone number waiting for its code is kept encrypted in the session, never in a page.
PENDING_PHONE = "accounts.pending_phone"
PENDING_MASKED = "accounts.pending_phone_masked"
PENDING_NEXT = "accounts.pending_next"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For can be forged unless a trusted proxy rewrites it, and a
    # forged address would let a client escape the per-address limit.
    return str(request.META.get("REMOTE_ADDR", ""))


def _safe_next(request: HttpRequest, candidate: str | None = None) -> str:
    target = candidate or request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _show_error(form: forms.Form, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _sign_in_page(
    request: HttpRequest,
    *,
    phone_form: PhoneForm | None = None,
    password_form: PasswordForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "phone_form": phone_form or PhoneForm(),
        "password_form": password_form or PasswordForm(),
        "next": _safe_next(request),
    }
    return render(request, "accounts/sign_in.html", context, status=status)


def _complete_sign_in(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    login(request, user, backend=MODEL_BACKEND)
    return HttpResponseRedirect(next_url)


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """The sign-in page; a POST here is the staff password form."""
    if request.method == "GET":
        if request.user.is_authenticated:
            return HttpResponseRedirect(_safe_next(request))
        return _sign_in_page(request)
    form = PasswordForm(request.POST)
    if not form.is_valid():
        return _sign_in_page(request, password_form=form, status=400)
    try:
        user = sign_in_with_password(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            client_address=_client_address(request),
        )
    except ActionError as error:
        _show_error(form, error)
        return _sign_in_page(request, password_form=form, status=error.status)
    return _complete_sign_in(request, user, _safe_next(request))


@never_cache
@require_POST
def request_code(request: HttpRequest) -> HttpResponse:
    """Ask for a one-time code; the same answer follows whether or not the number is registered."""
    form = PhoneForm(request.POST)
    if not form.is_valid():
        return _sign_in_page(request, phone_form=form, status=400)
    try:
        requested = request_sign_in_code(phone=form.cleaned_data["phone"], client_address=_client_address(request))
    except ActionError as error:
        _show_error(form, error)
        return _sign_in_page(request, phone_form=form, status=error.status)
    request.session[PENDING_PHONE] = crypto.encrypt(requested.phone)
    request.session[PENDING_MASKED] = requested.phone_masked
    request.session[PENDING_NEXT] = _safe_next(request)
    return redirect("accounts:verify_code")


def _verify_page(
    request: HttpRequest, form: CodeForm, *, status: int = 200, resend_error: str = "", resent: bool = False
) -> HttpResponse:
    context = {
        "form": form,
        "phone_masked": request.session.get(PENDING_MASKED, ""),
        "valid_minutes": max(1, settings.ONE_TIME_CODE_TTL_SECONDS // 60),
        "resend_error": resend_error,
        "resent": resent,
    }
    return render(request, "accounts/verify_code.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def verify_code(request: HttpRequest) -> HttpResponse:
    """Enter the code from the text message (or ask for a new one)."""
    try:
        phone = crypto.decrypt(request.session.get(PENDING_PHONE, ""))
    except InvalidToken:
        # Encrypted under a key that has since been replaced: start again.
        phone = ""
    if not phone:
        return redirect("accounts:sign_in")
    if request.method == "GET":
        return _verify_page(request, CodeForm(), resent=request.GET.get("resent") == "1")
    if "resend" in request.POST:
        try:
            request_sign_in_code(phone=phone, client_address=_client_address(request))
        except ActionError as error:
            return _verify_page(request, CodeForm(), status=error.status, resend_error=str(error.message))
        return redirect(reverse("accounts:verify_code") + "?resent=1")
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _verify_page(request, form, status=400)
    try:
        user = sign_in_with_code(phone=phone, code=form.cleaned_data["code"], client_address=_client_address(request))
    except ActionError as error:
        _show_error(form, error)
        return _verify_page(request, form, status=error.status)
    next_url = _safe_next(request, request.session.get(PENDING_NEXT))
    for key in (PENDING_PHONE, PENDING_MASKED, PENDING_NEXT):
        request.session.pop(key, None)
    return _complete_sign_in(request, user, next_url)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out and return to the front page."""
    logout(request)
    return redirect("web:home")


def _actor(request: HttpRequest) -> Actor:
    user = request.user
    assert isinstance(user, User)
    return Actor(user=user, channel=Channel.ONLINE)


def _tokens_page(
    request: HttpRequest,
    *,
    form: TokenForm,
    created: tuple[ApiToken, str] | None = None,
    revoke_error: str = "",
    status: int = 200,
) -> HttpResponse:
    permitted = may_hold_api_tokens(request.user)
    listed = list(list_api_tokens(user=request.user)) if permitted else []
    revoked_id = request.GET.get("revoked", "")
    context = {
        "permitted": permitted,
        "form": form,
        "created": created,
        "tokens": listed,
        "revoked": next((token for token in listed if str(token.pk) == revoked_id), None),
        "revoke_error": revoke_error,
    }
    return render(request, "accounts/tokens.html", context, status=status if permitted else 403)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens: create one (shown once, in this response only) and revoke them."""
    if request.method == "GET":
        return _tokens_page(request, form=TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form=form, status=400)
    try:
        created = create_api_token(actor=_actor(request), name=form.cleaned_data["name"])
    except ActionError as error:
        _show_error(form, error)
        return _tokens_page(request, form=form, status=error.status)
    return _tokens_page(request, form=TokenForm(), created=created)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's tokens."""
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    try:
        revoke_api_token(actor=_actor(request), token=token)
    except ActionError as error:
        return _tokens_page(request, form=TokenForm(), revoke_error=str(error.message), status=error.status)
    return redirect(reverse("accounts:tokens") + f"?revoked={token.pk}")

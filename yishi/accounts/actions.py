"""Writes about accounts: signing in by code or password, lockouts and API tokens, each with its audit record."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from yishi.accounts.domain.codes import (
    code_matches,
    hash_api_token,
    hash_code,
    new_api_token,
    new_code,
    new_salt,
    normalize_code,
)
from yishi.accounts.domain.limits import (
    HOUR,
    Limits,
    Refusal,
    Wait,
    code_is_usable,
    code_request_wait,
    failures_counted_since,
    lockout_due,
)
from yishi.accounts.models import ApiToken, Lockout, OneTimeCode, SignInAttempt, SignInMethod, User
from yishi.accounts.queries import may_hold_api_tokens
from yishi.accounts.sms import SmsMessage, send_sms
from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.people.actions import clean_phone
from yishi.people.crypto import lookup_hash
from yishi.people.domain.identity import is_mobile, mask_phone
from yishi.people.models import Person

MAX_ACTIVE_TOKENS = 10


class TryLater(ActionError):
    """A rate limit or lockout: nothing was done, and a new try is accepted from `retry_at`."""

    status = 429

    def __init__(
        self, message: str | Promise, *, code: str, retry_at: datetime.datetime, field: str | None = None
    ) -> None:
        super().__init__(message, code=code, field=field)
        self.retry_at = retry_at


def current_limits() -> Limits:
    """The limits in force, from settings (the optional ones fall back to the defaults of `Limits`)."""
    defaults = Limits()
    return Limits(
        code_ttl_seconds=settings.ONE_TIME_CODE_TTL_SECONDS,
        max_attempts_per_code=settings.ONE_TIME_CODE_MAX_ATTEMPTS,
        codes_per_phone_per_hour=getattr(
            settings, "ONE_TIME_CODES_PER_PHONE_PER_HOUR", defaults.codes_per_phone_per_hour
        ),
        codes_per_client_per_hour=getattr(
            settings, "ONE_TIME_CODES_PER_CLIENT_PER_HOUR", defaults.codes_per_client_per_hour
        ),
        min_gap_seconds=getattr(settings, "ONE_TIME_CODE_MIN_GAP_SECONDS", defaults.min_gap_seconds),
        max_failures=getattr(settings, "SIGN_IN_MAX_FAILURES", defaults.max_failures),
        failure_window_seconds=getattr(settings, "SIGN_IN_FAILURE_WINDOW_SECONDS", defaults.failure_window_seconds),
        lockout_seconds=settings.SIGN_IN_LOCKOUT_SECONDS,
    )


def client_lookup(address: str) -> str:
    """A keyed hash of the client's network address: enough to count its requests, not to read it back."""
    return lookup_hash(f"client:{address or 'unknown'}")


def username_lookup(username: str) -> str:
    """A keyed hash of a username, case-folded so that 'Secretary' and 'secretary' share one lockout."""
    return lookup_hash(f"username:{username.strip().casefold()}")


def _visitor() -> Actor:
    """The not-yet-identified person at the sign-in page."""
    return Actor(user=None, acting_role="visitor", channel=Channel.ONLINE)


def _clock(moment: datetime.datetime, now: datetime.datetime) -> str:
    """A local time to retry at, rounded up to the minute so that trying then always works."""
    local = timezone.localtime(moment)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    if local.date() != timezone.localtime(now).date():
        return formats.date_format(local, "Y-m-d H:i")
    return formats.time_format(local, "H:i")


def wait_message(wait: Wait, *, now: datetime.datetime) -> str:
    """The translated message that says why to wait and until when."""
    if wait.reason == Refusal.TOO_SOON:
        seconds = wait.seconds_left(now)
        return ngettext(
            "Please wait %(seconds)d second before asking for another code.",
            "Please wait %(seconds)d seconds before asking for another code.",
            seconds,
        ) % {"seconds": seconds}
    time = _clock(wait.retry_at, now)
    if wait.reason == Refusal.PHONE_HOURLY:
        return gettext("Too many codes were asked for this number. Please try again after %(time)s.") % {"time": time}
    if wait.reason == Refusal.CLIENT_HOURLY:
        return gettext("Too many codes were asked from this network. Please try again after %(time)s.") % {"time": time}
    return gettext(
        "Too many failed attempts. For your safety, signing in is paused until %(time)s. Please try again then."
    ) % {"time": time}


def _refuse(wait: Wait, *, now: datetime.datetime, field: str | None = None) -> TryLater:
    return TryLater(wait_message(wait, now=now), code=str(wait.reason), retry_at=wait.retry_at, field=field)


def _active_lockout(*, method: str, key: str, now: datetime.datetime) -> datetime.datetime | None:
    """When the current lockout of this phone or username ends, or None when there is none."""
    found: datetime.datetime | None = Lockout.objects.filter(
        method=method, key_lookup=key, locked_until__gt=now
    ).aggregate(until=Max("locked_until"))["until"]
    return found


# ---------------------------------------------------------------------------------------------
# Residents: phone number and one-time code


@dataclass(frozen=True, kw_only=True)
class CodeRequested:
    """What the sign-in page may say after a request: the same whether or not the number is known."""

    phone: str
    phone_masked: str
    valid_minutes: int


def _phone_for_code(raw: str) -> str:
    number = clean_phone(raw)
    if not is_mobile(number):
        raise ActionError(
            _("Codes are sent by text message: enter a mobile number (11 digits, starting with 1)."),
            code="phone_not_mobile",
            field="phone",
        )
    return number


def _person_with_phone(phone_key: str) -> Person | None:
    """The active person with this phone whose account (if any) is active: the only one who gets a code."""
    person = Person.objects.filter(phone_lookup=phone_key, is_active=True).first()
    if person is None:
        return None
    account = User.objects.filter(person=person).first()
    if account is not None and not account.is_active:
        return None
    return person


@transaction.atomic
def request_sign_in_code(*, phone: str, client_address: str, now: datetime.datetime | None = None) -> CodeRequested:
    """Send a one-time code to a known mobile number, within the rate limits; unknown numbers get no text."""
    moment = now or timezone.now()
    limits = current_limits()
    number = _phone_for_code(phone)
    phone_key = lookup_hash(number)
    client_key = client_lookup(client_address)
    since = moment - HOUR
    wait = code_request_wait(
        limits=limits,
        now=moment,
        locked_until=_active_lockout(method=SignInMethod.PHONE_CODE, key=phone_key, now=moment),
        phone_requests=list(
            OneTimeCode.objects.filter(phone_lookup=phone_key, requested_at__gt=since).values_list(
                "requested_at", flat=True
            )
        ),
        client_requests=list(
            OneTimeCode.objects.filter(client_lookup=client_key, requested_at__gt=since).values_list(
                "requested_at", flat=True
            )
        ),
    )
    if wait is not None:
        raise _refuse(wait, now=moment, field="phone")
    minutes = max(1, limits.code_ttl_seconds // 60)
    request = OneTimeCode(phone_lookup=phone_key, client_lookup=client_key, requested_at=moment)
    person = _person_with_phone(phone_key)
    # Only a known mobile gets a text; the answer to the visitor is the same either way, so the page
    # cannot be used to find out whose number is registered.
    if person is not None:
        code = new_code()
        request.person = person
        request.salt = new_salt()
        request.code_hash = hash_code(code=code, salt=request.salt, key=settings.SECRET_KEY)
        request.expires_at = moment + datetime.timedelta(seconds=limits.code_ttl_seconds)
        request.save()
        record_audit(
            actor=_visitor(),
            verb="sign_in.code_issued",
            target=request,
            changes={"person": [None, person.pk], "expires_at": [None, request.expires_at.isoformat()]},
        )
        message = SmsMessage(
            phone=number,
            code=code,
            text=gettext(
                "Yishi sign-in code: %(code)s. It is valid for %(minutes)d minutes. Never tell it to anyone,"
                " not even to staff."
            )
            % {"code": code, "minutes": minutes},
        )
        # Sent after commit: a rolled-back request sends nothing, and a slow gateway holds no lock.
        # A real gateway's backend should hand the message to its own queue and return at once, so
        # that the response time does not tell a registered number from an unknown one.
        transaction.on_commit(lambda: send_sms(message), robust=True)
    else:
        request.save()
    return CodeRequested(phone=number, phone_masked=mask_phone(number), valid_minutes=minutes)


def _account_for(person: Person, *, now: datetime.datetime) -> User:
    """The person's account, made on their first sign-in."""
    account = User.objects.filter(person=person).first()
    if account is not None:
        return account
    account = User.objects.create_user(username=None, person=person, date_joined=now)
    record_audit(
        actor=Actor(user=account, channel=Channel.ONLINE),
        verb="account.create",
        target=account,
        place=person.home,
        changes={"person": [None, person.pk], "method": [None, SignInMethod.PHONE_CODE]},
    )
    return account


def _record_success(*, method: str, key: str, client_key: str, user: User, now: datetime.datetime) -> None:
    SignInAttempt.objects.create(
        method=method, key_lookup=key, client_lookup=client_key, user=user, succeeded=True, occurred_at=now
    )
    record_audit(
        actor=Actor(user=user, channel=Channel.ONLINE),
        verb="sign_in.success",
        target=user,
        changes={"method": [None, method]},
    )


def _record_failure(
    *,
    method: str,
    key: str,
    client_key: str,
    user: User | None,
    reason: str,
    now: datetime.datetime,
    refusal: ActionError,
) -> ActionError:
    """Count a failed try; pause the phone or username when there have been too many. Returns the error to show."""
    limits = current_limits()
    attempt = SignInAttempt.objects.create(
        method=method, key_lookup=key, client_lookup=client_key, user=user, reason=reason, occurred_at=now
    )
    record_audit(
        actor=_visitor(),
        verb="sign_in.failure",
        target=attempt,
        changes={"method": [None, method], "reason": [None, reason], "user": [None, user.pk if user else None]},
    )
    earlier = SignInAttempt.objects.filter(method=method, key_lookup=key)
    since = failures_counted_since(
        limits=limits,
        now=now,
        last_success_at=earlier.filter(succeeded=True).aggregate(at=Max("occurred_at"))["at"],
        last_lockout_ended_at=Lockout.objects.filter(method=method, key_lookup=key).aggregate(at=Max("locked_until"))[
            "at"
        ],
    )
    failures = earlier.filter(succeeded=False, occurred_at__gt=since).count()
    if not lockout_due(limits=limits, failures=failures):
        return refusal
    lockout = Lockout.objects.create(
        method=method,
        key_lookup=key,
        started_at=now,
        locked_until=now + datetime.timedelta(seconds=limits.lockout_seconds),
        failures=failures,
    )
    record_audit(
        actor=_visitor(),
        verb="sign_in.lockout",
        target=lockout,
        changes={
            "method": [None, method],
            "failures": [None, failures],
            "locked_until": [None, lockout.locked_until.isoformat()],
            "user": [None, user.pk if user else None],
        },
    )
    return _refuse(Wait(reason=Refusal.LOCKED, retry_at=lockout.locked_until), now=now)


def _code_failure_reason(code_row: OneTimeCode | None, *, limits: Limits, now: datetime.datetime) -> str:
    if code_row is None:
        return "no_code"
    if code_row.used_at is not None:
        return "code_used"
    if code_row.expires_at is None or code_row.expires_at <= now:
        return "code_expired"
    if code_row.attempts >= limits.max_attempts_per_code:
        return "code_worn_out"
    return "code_wrong"


@transaction.atomic
def _check_code(*, phone_key: str, typed: str, client_key: str, now: datetime.datetime) -> User | ActionError:
    # Failures are returned, not raised: raising would roll back the count of wrong tries and the lockout.
    limits = current_limits()
    locked_until = _active_lockout(method=SignInMethod.PHONE_CODE, key=phone_key, now=now)
    if locked_until is not None:
        return _refuse(Wait(reason=Refusal.LOCKED, retry_at=locked_until), now=now, field="code")
    # Only the newest code sent to the number counts; asking for a new code retires the older ones.
    code_row = (
        OneTimeCode.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(phone_lookup=phone_key)
        .exclude(code_hash="")
        .order_by("-requested_at", "-id")
        .first()
    )
    usable = (
        code_row is not None
        and code_row.expires_at is not None
        and code_is_usable(
            limits=limits,
            now=now,
            expires_at=code_row.expires_at,
            used_at=code_row.used_at,
            attempts=code_row.attempts,
        )
    )
    reason = _code_failure_reason(code_row, limits=limits, now=now)
    account: User | None = None
    if code_row is not None and usable:
        if code_matches(code=typed, salt=code_row.salt, key=settings.SECRET_KEY, expected_hash=code_row.code_hash):
            person = code_row.person
            # The number may have moved to someone else, or the person left, since the code was sent.
            if person is not None and person.is_active and person.phone_lookup == phone_key:
                account = _account_for(person, now=now)
                if account.is_active:
                    code_row.used_at = now
                    code_row.save(update_fields=["used_at"])
                    _record_success(
                        method=SignInMethod.PHONE_CODE, key=phone_key, client_key=client_key, user=account, now=now
                    )
                    return account
            reason = "person_unavailable"
        else:
            code_row.attempts += 1
            code_row.save(update_fields=["attempts"])
    elif code_row is not None and code_row.person is not None:
        account = User.objects.filter(person=code_row.person).first()
    return _record_failure(
        method=SignInMethod.PHONE_CODE,
        key=phone_key,
        client_key=client_key,
        user=account,
        reason=reason,
        now=now,
        refusal=ActionError(
            _("This code is not right, or it is no longer valid. Check the text message, or ask for a new code."),
            code="code_wrong",
            field="code",
        ),
    )


def sign_in_with_code(*, phone: str, code: str, client_address: str, now: datetime.datetime | None = None) -> User:
    """The account of the person whose phone received `code`: a wrong, used or expired code counts as a failure."""
    moment = now or timezone.now()
    number = _phone_for_code(phone)
    typed = normalize_code(code)
    if typed is None:
        raise ActionError(_("Enter the 6 digits from the text message."), code="code_malformed", field="code")
    outcome = _check_code(
        phone_key=lookup_hash(number), typed=typed, client_key=client_lookup(client_address), now=moment
    )
    if isinstance(outcome, ActionError):
        raise outcome
    return outcome


# ---------------------------------------------------------------------------------------------
# Staff: username and password


@transaction.atomic
def _check_password(*, username: str, password: str, client_key: str, now: datetime.datetime) -> User | ActionError:
    key = username_lookup(username)
    locked_until = _active_lockout(method=SignInMethod.PASSWORD, key=key, now=now)
    if locked_until is not None:
        return _refuse(Wait(reason=Refusal.LOCKED, retry_at=locked_until), now=now)
    # authenticate() hashes the password even for an unknown username, so timing does not tell
    # which usernames exist; it refuses inactive accounts.
    user = authenticate(None, username=username, password=password)
    if isinstance(user, User):
        _record_success(method=SignInMethod.PASSWORD, key=key, client_key=client_key, user=user, now=now)
        return user
    return _record_failure(
        method=SignInMethod.PASSWORD,
        key=key,
        client_key=client_key,
        user=User.objects.filter(username=username).first(),
        reason="password_wrong",
        now=now,
        refusal=ActionError(_("The username or password is not right."), code="password_wrong"),
    )


def sign_in_with_password(
    *, username: str, password: str, client_address: str, now: datetime.datetime | None = None
) -> User:
    """The staff account with this username and password; wrong tries count toward a lockout."""
    moment = now or timezone.now()
    name = username.strip()
    if not name or not password:
        raise ActionError(_("Enter your username and password."), code="credentials_missing")
    outcome = _check_password(username=name, password=password, client_key=client_lookup(client_address), now=moment)
    if isinstance(outcome, ActionError):
        raise outcome
    return outcome


# ---------------------------------------------------------------------------------------------
# API tokens


def _token_holder(actor: Actor) -> User:
    user = actor.user
    if user is None or not may_hold_api_tokens(user):
        raise NotPermitted(_("API tokens are for staff who hold a role."), code="api_token_not_permitted")
    return user


@transaction.atomic
def create_api_token(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A new named bearer token for the actor; returns the stored row and the token, which is shown once."""
    user = _token_holder(actor)
    name = " ".join(name.split())
    if not name:
        raise ActionError(
            _("Give the token a name, such as the system that will use it."), code="api_token_name_empty", field="name"
        )
    if len(name) > 100:
        raise ActionError(_("The name is longer than 100 characters."), code="api_token_name_long", field="name")
    active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if active.filter(name=name).exists():
        raise ActionError(
            _("You already have an active token with this name."), code="api_token_name_taken", field="name"
        )
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ActionError(
            _("You have %(count)d active tokens, the most allowed. Revoke one you no longer use first.")
            % {"count": MAX_ACTIVE_TOKENS},
            code="api_token_too_many",
        )
    secret = new_api_token()
    token = ApiToken.objects.create(user=user, name=name, token_hash=hash_api_token(secret), prefix=secret[:8])
    record_audit(
        actor=actor,
        verb="api_token.create",
        target=token,
        changes={"name": [None, token.name], "prefix": [None, token.prefix]},
    )
    return token, secret


@transaction.atomic
def revoke_api_token(*, actor: Actor, token: ApiToken, now: datetime.datetime | None = None) -> ApiToken:
    """Revoke a token at once: requests bearing it are refused from now on."""
    user = actor.user
    if user is None or (token.user_id != user.pk and not user.is_superuser):
        raise NotPermitted(_("You can revoke only your own tokens."), code="api_token_not_yours")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ActionError(_("This token has already been revoked."), code="api_token_revoked")
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
    record_audit(
        actor=actor,
        verb="api_token.revoke",
        target=token,
        changes={"revoked_at": [None, token.revoked_at.isoformat()]},
    )
    return token


# ---------------------------------------------------------------------------------------------
# Housekeeping


@transaction.atomic
def purge_sign_in_records(*, older_than_days: int = 30, now: datetime.datetime | None = None) -> int:
    """Delete code requests, sign-in attempts and lockouts older than the retention period (PIPL: keep
    the minimum). The audit records of the same events stay. Returns how many rows went."""
    if older_than_days < 1:
        raise ActionError(_("Keep sign-in records for at least one day."), code="purge_days", field="older_than_days")
    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    removed = OneTimeCode.objects.filter(requested_at__lt=cutoff).delete()[0]
    removed += SignInAttempt.objects.filter(occurred_at__lt=cutoff).delete()[0]
    removed += Lockout.objects.filter(locked_until__lt=cutoff).delete()[0]
    return removed

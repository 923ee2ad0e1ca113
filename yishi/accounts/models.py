"""Sign-in accounts. Staff sign in by password; residents by phone number and a one-time code."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UserManager(BaseUserManager["User"]):
    def create_user(self, username: str | None = None, password: str | None = None, **extra: Any) -> "User":
        user = self.model(username=username or None, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(username=username, password=password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. Every account but a platform administrator belongs to a person."""

    username = models.CharField(_("username"), max_length=50, unique=True, null=True, blank=True)
    person = models.OneToOneField(
        "people.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="user"
    )
    is_staff = models.BooleanField(_("staff (may use the admin site)"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person_id is not None and self.person is not None:
            return self.person.name
        return self.username or f"#{self.pk}"


class ApiToken(models.Model):
    """A bearer token for an integration. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=100)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SignInMethod(models.TextChoices):
    PHONE_CODE = "phone_code", _("Phone number and one-time code")
    PASSWORD = "password", _("Username and password")


class OneTimeCode(models.Model):
    """A request for a sign-in code. Every request is kept (it counts toward the rate limits);
    only a request for a known mobile number carries a code, and then only its keyed hash."""

    phone_lookup = models.CharField(_("phone lookup hash"), max_length=64, editable=False)
    client_lookup = models.CharField(_("client lookup hash"), max_length=64, editable=False)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    code_hash = models.CharField(_("code hash"), max_length=64, blank=True, editable=False)
    salt = models.CharField(_("salt"), max_length=32, blank=True, editable=False)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["phone_lookup", "requested_at"]),
            models.Index(fields=["client_lookup", "requested_at"]),
        ]

    def __str__(self) -> str:
        return f"code #{self.pk}"

    @property
    def was_sent(self) -> bool:
        return bool(self.code_hash)


class SignInAttempt(models.Model):
    """One try at signing in, by phone code or password: failures count toward a lockout."""

    method = models.CharField(_("method"), max_length=20, choices=SignInMethod.choices)
    # A keyed hash of the phone number or the case-folded username, never the value itself.
    key_lookup = models.CharField(_("key lookup hash"), max_length=64, editable=False)
    client_lookup = models.CharField(_("client lookup hash"), max_length=64, editable=False)
    user = models.ForeignKey(
        User, verbose_name=_("user"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    succeeded = models.BooleanField(_("succeeded"), default=False)
    reason = models.CharField(pgettext_lazy("sign-in attempt", "reason"), max_length=40, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["method", "key_lookup", "occurred_at"])]

    def __str__(self) -> str:
        outcome = "ok" if self.succeeded else self.reason or "failed"
        return f"sign-in #{self.pk} ({self.method}, {outcome})"


class Lockout(models.Model):
    """Sign-in paused for one phone number or username after repeated failures."""

    method = models.CharField(_("method"), max_length=20, choices=SignInMethod.choices)
    key_lookup = models.CharField(_("key lookup hash"), max_length=64, editable=False)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    locked_until = models.DateTimeField(_("locked until"))
    failures = models.PositiveSmallIntegerField(_("failures"), default=0)

    class Meta:
        verbose_name = _("sign-in lockout")
        verbose_name_plural = _("sign-in lockouts")
        ordering = ["-locked_until", "-id"]
        indexes = [models.Index(fields=["method", "key_lookup", "locked_until"])]

    def __str__(self) -> str:
        return f"lockout #{self.pk} ({self.method})"

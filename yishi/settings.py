"""Yishi settings: one small file, read from the environment."""

import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext_lazy as _

from yishi.environment import env_bool, env_int, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
# A machine's own settings (made by `make setup` for development and the demo): never committed.
load_env_file(BASE_DIR / "var" / "local.env")
VAR_DIR = Path(env_str("YISHI_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", default=False)
# Under pytest the settings switch to test doubles (immediate tasks, a cheap password hash);
# pytest-django imports these settings before any conftest could set an environment variable.
TESTING = env_bool("YISHI_TESTING", default="pytest" in sys.modules)
# A development key only works with DEBUG or in tests; a deployment must set its own.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me" if (DEBUG or TESTING) else None)
ALLOWED_HOSTS = env_str("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [origin for origin in env_str("CSRF_TRUSTED_ORIGINS", "").split(",") if origin]

# Personal information (RULES.md §7): phone and ID numbers are encrypted at rest with
# FIELD_ENCRYPTION_KEY and looked up by an HMAC keyed with LOOKUP_HASH_KEY. Both must be set
# in a deployment; development derives them from the development secret.
FIELD_ENCRYPTION_KEY = env_str("YISHI_FIELD_ENCRYPTION_KEY", SECRET_KEY + ":field")
LOOKUP_HASH_KEY = env_str("YISHI_LOOKUP_HASH_KEY", SECRET_KEY + ":lookup")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "yishi.audit",
    "yishi.places",
    "yishi.people",
    "yishi.accounts",
    "yishi.matters",
    "yishi.deliberation",
    "yishi.decisions",
    "yishi.implementation",
    "yishi.evaluation",
    "yishi.elections",
    "yishi.disclosure",
    "yishi.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yishi.web.middleware.DisplayPreferencesMiddleware",
]

ROOT_URLCONF = "yishi.urls"
WSGI_APPLICATION = "yishi.wsgi.application"
ASGI_APPLICATION = "yishi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "yishi.web.context_processors.display_preferences",
            ],
        },
    },
]


def _database_from_url(url: str) -> dict[str, object]:
    """Turn postgres://user:pass@host:port/name into a Django DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must be a postgres:// URL, not {parsed.scheme!r}.")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        # Connection reuse: one connection per worker thread, checked before reuse.
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
    }


DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": _database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "yishi.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at
                # the start of a transaction so that two ballots never deadlock on lock upgrade.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA secure_delete=ON;",  # noqa: E501
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "web:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create many staff users; argon2's deliberate cost would dominate the run.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "yishi_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "yishi" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
    }
}

# One-time codes for residents' sign-in. The console backend prints the code and appends it
# to SMS_OUTBOX_FILE, which the demo names; a deployment plugs in its SMS gateway here.
SMS_BACKEND = env_str("YISHI_SMS_BACKEND", "yishi.accounts.sms.ConsoleFileBackend")
SMS_OUTBOX_FILE = Path(env_str("YISHI_SMS_OUTBOX", str(VAR_DIR / "sms-outbox.txt")))
ONE_TIME_CODE_TTL_SECONDS = env_int("YISHI_CODE_TTL_SECONDS", default=300)
ONE_TIME_CODE_MAX_ATTEMPTS = env_int("YISHI_CODE_MAX_ATTEMPTS", default=5)
SIGN_IN_LOCKOUT_SECONDS = env_int("YISHI_LOCKOUT_SECONDS", default=900)
ONE_TIME_CODES_PER_PHONE_PER_HOUR = env_int("YISHI_CODES_PER_PHONE_PER_HOUR", default=5)
ONE_TIME_CODES_PER_CLIENT_PER_HOUR = env_int("YISHI_CODES_PER_CLIENT_PER_HOUR", default=20)
ONE_TIME_CODE_MIN_GAP_SECONDS = env_int("YISHI_CODE_MIN_GAP_SECONDS", default=60)
SIGN_IN_MAX_FAILURES = env_int("YISHI_SIGN_IN_MAX_FAILURES", default=10)
SIGN_IN_FAILURE_WINDOW_SECONDS = env_int("YISHI_SIGN_IN_FAILURE_WINDOW_SECONDS", default=3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

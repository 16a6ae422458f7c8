"""Settings of Primaweb, read from the environment (django-environ).

Defaults are for a developer's machine with DEBUG off: SQLite in the checkout.
`DEBUG=true` (set by `make run`) gives the development server with a throwaway key.
Production sets `SECRET_KEY`, `DATABASE_URL=postgres://...`, `ALLOWED_HOSTS` and
keeps the secure defaults (HSTS, secure cookies, SSL redirect) that apply when DEBUG is off.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Set by the test suite (pyproject.toml): fast password hashing, and the demo's defaults for
# PASSWORD_LOGIN and ADMIN_2FA (tests of those features set them explicitly).
TESTING = env.bool("TESTING", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=true for development)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "primaweb",
    "registry",
    "accesslog",
    "requests_online",
    "dossiers",
    "integration_income",
    "instruction",
    "decisions",
    "reimbursement",
    # The simulated SPP IS: the CPAS side reaches it only through SPPIS_CONNECTOR.
    "sppis_simulator",
    # Django's admin, for superusers only (primaweb/admin_site.py).
    "primaweb.admin_site.PrimawebAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    # The superusers' second factor in the administration site (primaweb/admin_site.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # First: the request id and the one JSON log line per request (primaweb/request_log.py).
    "primaweb.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "primaweb.middleware.SessionIdleRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "primaweb.middleware.ActiveProfileMiddleware",
    # Last, as django-axes asks: it turns lockouts raised by the backend into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "primaweb.urls"
WSGI_APPLICATION = "primaweb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "primaweb.context_processors.active_profile",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # WAL lets the development server read while a command writes; a busy timeout avoids
    # "database is locked" under the light concurrency SQLite is meant for here.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The federal login (FAS); only the OIDC callback calls it (primaweb/fas/).
    "primaweb.fas.backend.FasBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "select_role"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
# Dates stay JJ/MM/AAAA in every language, as agents type and read them.
FORMAT_MODULE_PATH = ["primaweb.formats"]

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Sessions live in the database so that several stateless app servers can share them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(timedelta(minutes=30).total_seconds())
# The 30 minutes count from the last request (idle timeout): SessionIdleRefreshMiddleware
# renews the expiry at most once a minute instead of writing the session on every request.
SESSION_IDLE_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "primaweb.errors.csrf_failure"  # templates/403_csrf.html, with the layout

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# A load balancer probes the health checks over plain HTTP, straight to the app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]

_FAS_ISSUER_PARTS = urlsplit(env.str("FAS_ISSUER", default=""))
_FAS_ORIGIN = (
    f"{_FAS_ISSUER_PARTS.scheme}://{_FAS_ISSUER_PARTS.netloc}" if _FAS_ISSUER_PARTS.netloc else ""
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # The federal login's buttons and logout send the form on to FAS (primaweb/fas/).
        "form-action": ["'self'", *([_FAS_ORIGIN] if _FAS_ORIGIN else [])],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Repeated wrong passwords lock the username from that address for a while (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "primaweb/lockout.html"
AXES_VERBOSE = False

# Valid submissions of the public citizen form accepted per client address and hour (then 429).
REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = env.int("REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR", default=5)

# The cache of the request lists, the forms list, the filter forms and the side menu: local
# memory per process by default; point every app server at one shared cache to share it
# (`redis://host:6379/1`, `pymemcache://host:11211`). Correctness never depends on it: the
# lists' keys carry a version that the database renews on every change.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# How long the access log of registry consultations is kept before `purge_access_log` may
# remove it (days; 10 years by default). See docs/security.md.
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=3650)

# Where formulaires B and C go: a class with `send(message)` and `answers(after=…)`
# (reimbursement/connector.py). The simulated SPP IS by default; a real connector replaces it.
SPPIS_CONNECTOR = env.str("SPPIS_CONNECTOR", default="sppis_simulator.connector.SimulatorConnector")
# The simulator answers each message as soon as it is sent (demo, development) instead of at
# the next `sppis_process` (the cron job of a real installation).
SPPIS_PROCESS_NOW = env.bool("SPPIS_PROCESS_NOW", default=DEBUG)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Logs go to the console (stderr), one JSON object a line by default (`text` for a
# developer's terminal); the request log writes one line per request (primaweb/request_log.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "primaweb.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "primaweb.request_log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "primaweb.requests": {"handlers": ["console"], "level": "INFO", "propagate": False}
    },
}

# The user name and password form of the login page: the demo and local installations
# (`make run`); off by default in production, where agents log in with FAS.
PASSWORD_LOGIN = env.bool("PASSWORD_LOGIN", default=DEBUG or TESTING)

# The administration site asks superusers for a TOTP code (django-otp) after the password;
# a federal login (FAS) is strong already. Off for the demo (`make run`) and the test suite.
ADMIN_2FA = env.bool("ADMIN_2FA", default=not (DEBUG or TESTING))
OTP_TOTP_ISSUER = "Prima-web"

# The federal login (FAS: eID, itsme), docs/fas.md. Off while FAS_ISSUER is empty.
# Integration: https://idp.iamfas.int.belgium.be/fas/oauth2, production:
# https://idp.iamfas.belgium.be/fas/oauth2 (endpoints under it, primaweb/fas/config.py).
FAS_ISSUER = env.str("FAS_ISSUER", default="")
FAS_CLIENT_ID = env.str("FAS_CLIENT_ID", default="")
FAS_CLIENT_SECRET = env.str("FAS_CLIENT_SECRET", default="")
# The levels accepted in `amr`; Level200 and below are refused whatever this says.
FAS_ACCEPTED_LEVELS = env.list(
    "FAS_ACCEPTED_LEVELS",
    default=["urn:be:fedict:iam:fas:Level500", "urn:be:fedict:iam:fas:Level450"],
)
# The key of the national numbers' hash (HMAC-SHA256): agents are found by it.
FAS_NRN_KEY = env.str("FAS_NRN_KEY", default="")
if not FAS_NRN_KEY and (DEBUG or TESTING):
    FAS_NRN_KEY = "insecure-development-nrn-key"  # noqa: S105 - DEBUG and tests only
if FAS_ISSUER and not FAS_NRN_KEY:
    raise ImproperlyConfigured("FAS_NRN_KEY must be set when FAS_ISSUER is (docs/fas.md).")
# The function that reads profiles from the roles and enterprise claims (primaweb/fas/claims.py).
FAS_CLAIMS_PARSER = env.str("FAS_CLAIMS_PARSER", default="primaweb.fas.claims.profiles_from_claims")
# Seconds to wait for FAS's token, userinfo and key endpoints.
FAS_TIMEOUT = env.int("FAS_TIMEOUT", default=10)

if TESTING:
    # Hashing with the production hasher would make each test user cost ~0.3 s.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

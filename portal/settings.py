"""Settings for the Kemitraan portal, all read from the environment (see .env.example).

With DEBUG off, the defaults are the production ones (HTTPS only, secure cookies, HSTS) and
SECRET_KEY and ALLOWED_HOSTS must be given; with DEBUG on, everything has a local default.
"""

import os
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv
from import_export.formats.base_formats import CSV, XLSX

from portal.environment import Environment, web_origin

BASE_DIR = Path(__file__).resolve().parent.parent

# A local .env file fills in what the real environment leaves unset; it never overrides it.
load_dotenv(BASE_DIR / ".env", override=False)
env = Environment(os.environ)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: python -c "
            '"from django.core.management.utils import get_random_secret_key as k; print(k())"'
        )
    SECRET_KEY = "django-insecure-development-only-never-use-this-key-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set when DEBUG is off, e.g. ALLOWED_HOSTS=kemitraan.example.go.id"
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[], item=web_origin)

INSTALLED_APPS = [
    "portal.accounts",
    "partnerships",
    "portal",
    "portal.admin_site.PortalAdminConfig",  # django.contrib.admin with our home page
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Listed before staticfiles so runserver does not serve static files itself: WhiteNoise
    # serves them the same way in development as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "allauth",
    "allauth.account",
    "phonenumber_field",
    "django_countries",
    "simple_history",
    "import_export",
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
    "allauth.account.middleware.AccountMiddleware",
    # Records who made each change that django-simple-history keeps.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the views' exceptions first: 503 while the database is away.
    "portal.database_outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# No DATABASE_URL: an SQLite file beside manage.py. postgres://user@host:5432/name: PostgreSQL.
DATABASES = {
    "default": env.database(
        "DATABASE_URL",
        sqlite_path=BASE_DIR / "db.sqlite3",
        conn_max_age=env.int("CONN_MAX_AGE", default=60, minimum=0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
# django-allauth: people sign in with an e-mail address they have proven is theirs.
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "portal.accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Portal Kemitraan] "
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SIGNUP_REDIRECT_URL = LOGIN_REDIRECT_URL
# Counted in the cache (see CACHES): "5/5m/key" is five attempts per five minutes per address.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Guessing a password: ten failures a minute from one address, five per account per 5 min.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    # One confirmation e-mail per address every three minutes.
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    # Also guards the password asked for before an account is deleted.
    "reauthenticate": "10/m/user",
}
# The limits above count per client address. Behind reverse proxies every request comes from
# a proxy's address, so set TRUSTED_PROXY_COUNT to the number of proxies of ours that append to
# X-Forwarded-For (1 for one nginx or load balancer): the address the outermost of them saw
# is counted. The default, 0, ignores the header, which anyone can forge without such a proxy.
# The load test's registration drive sets 1 and gives each simulated person an address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0, minimum=0)

# --- Cache --------------------------------------------------------------------------------------
# Sign-in rate limits are counted here. Memory is per process: with several gunicorn workers,
# set CACHE_URL to a cache they share (a file:// directory on one host, or redis:// with the
# redis package installed).
_cache_url = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="locmem://")
_cache_scheme, _separator, _cache_location = _cache_url.partition("://")
if _cache_scheme == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif _cache_scheme == "file" and _cache_location.startswith("/"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _cache_location,
        }
    }
elif _cache_scheme in {"redis", "rediss"}:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL={_cache_url!r} is not locmem://, file:///absolute/path, redis:// or rediss://."
    )
# Supplier directory pages for visitors without a session come from the cache for this many
# seconds (partnerships/views/directory.py); off while developing and testing (DEBUG on).
DIRECTORY_CACHE_SECONDS = env.int("DIRECTORY_CACHE_SECONDS", default=0 if DEBUG else 60, minimum=0)

# --- Language, time and formats -----------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
# Dates as "18 Januari 2021" rather than Django's abbreviated "18 Jan. 2021".
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed file names so browsers may cache static files for a year.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = env.choice(
    "EMAIL_BACKEND",
    {
        "console": "django.core.mail.backends.console.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
    },
    default="console" if DEBUG else "smtp",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on; choose one.")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10, minimum=1)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portal Kemitraan <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's public address, for links in e-mails sent outside a request (no trailing slash).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL must be set when DEBUG is off, e.g. https://kemitraan.go.id"
    )
# Where people write about their personal data (UU 27/2022); shown on the privacy page.
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="privasi@localhost")

# --- Security -----------------------------------------------------------------------------------
# Production sits behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
if env.bool("TRUST_X_FORWARDED_PROTO", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 63_072_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere, the admin included: everything comes from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws a few icons (select arrows, toggles) as data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Phone numbers and countries ---------------------------------------------------------------
# Owners type "0812 3456 7890"; it is stored and shown as +62 812-3456-7890.
PHONENUMBER_DEFAULT_REGION = "ID"
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"

# --- Forms --------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Spreadsheets: the officials' exports and imports (django-import-export) -------------------
IMPORT_EXPORT_FORMATS = [CSV, XLSX]
# Whoever may view a list may export it (auditors too); importing commitments needs "add".
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
# Each import runs in a transaction: the preview is rolled back, and so is a refused file.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# The uploaded file waits between the preview and the confirmation in the default storage (not
# a host's temporary folder), so the two requests may reach different app servers.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
# Off on purpose: in 4.4 it only strips a leading "=" and turns every cell, numbers too, into
# text. partnerships/spreadsheets/cells.py guard_formula writes a leading apostrophe instead,
# before = + - @ in CSV and before = in XLSX, and leaves numbers and dates typed.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
# Control characters that XLSX cannot hold (pasted into a description) become U+FFFD rather
# than failing the export.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# --- Logging ------------------------------------------------------------------------------------
LOG_LEVEL = env.choice(
    "LOG_LEVEL",
    {level.lower(): level for level in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")},
    default="info",
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # Django's own logger gets our handler instead of its default one, so nothing prints twice.
    "loggers": {"django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

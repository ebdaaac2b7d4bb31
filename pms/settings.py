"""Settings, read from the environment (and an optional `.env`) through django-environ.

With no environment at all this is a development setup on the embedded SQLite database.
`DJANGO_SETTINGS_MODULE=pms.settings_production` adds the production hardening.
"""

from pathlib import Path

import environ

from modules import MODULES, TOP_TIER

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
DEMO_MODE = env.bool("DEMO_MODE", default=False)
# The bare baseline page of `make bench` (pms.settings_bench turns it on); never in production.
BENCH_BASELINE = False
# List pages count at most this many rows past the start (pms/pagination.py): "more than 1,000".
LIST_COUNT_CAP = env.int("LIST_COUNT_CAP", default=1000)
# Pages kept until anything on the user's vessels changes (pms/pagecache.py), at most this long for
# what turns with the clock alone; 0 switches it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)


def kept_pages(directory: str) -> dict:
    """Where kept pages live: in files under `directory`, shared by the server's workers (one render
    per user and page after a change, whichever worker answers, and kept when a worker is recycled);
    with no directory, in each worker's memory (development and the tests). Either way a bounded
    number of pages, and reading a page writes nothing to the database."""
    if directory:
        return {
            "BACKEND": "pms.pagecache.KeptPagesFiles",
            "LOCATION": directory,
            "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_ENTRIES", default=2000)},
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_ENTRIES", default=300)},
    }


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": kept_pages(env.str("PAGE_CACHE_DIR", default="")),
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks_db",  # the task queue's table, used when TASKS_BACKEND is its DatabaseBackend
    "pms",
    "audit",
    *MODULES,
    *TOP_TIER,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pms.auth.BearerTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pms.tenancy.CurrentVesselMiddleware",
    "audit.context.AuditRequestMiddleware",
    "pms.sessions.IdleSessionMiddleware",
    "axes.middleware.AxesMiddleware",
    "pms.caching.NoStoreMiddleware",
]

ROOT_URLCONF = "pms.urls"
WSGI_APPLICATION = "pms.wsgi.application"

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
                "django.template.context_processors.csp",
                "pms.tenancy.vessel_context",
            ],
            # `when`, `day` and `role_label`: one way to write a moment and a role on every page.
            "builtins": ["pms.templatetags.pms_format"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A record page's reads prepared on PostgreSQL, planned once per connection (pms/prepared.py); false
# behind a pooler that does not keep prepared statements (PgBouncer before 1.21).
PREPARED_READS = env.bool("PREPARED_READS", default=True)
# Every SQL a record page reuses compared with the SQL Django writes afresh (pms/prepared.py).
PREPARED_READS_CHECK = env.bool("PREPARED_READS_CHECK", default=DEBUG)
# Long reads (exports, verify_audit) use server-side cursors on PostgreSQL; PgBouncer in
# transaction pooling cannot keep one open between transactions: set this to true behind it.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for the write lock instead of failing at once; IMMEDIATE makes every
    # transaction take the write lock up front, so read-then-write cannot deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

AUTH_USER_MODEL = "pms.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id at OWASP's minimum (19 MiB, t=2, p=1): the reasoning is in pms/hashers.py and SECURITY.md.
PASSWORD_HASHERS = [
    "pms.hashers.PMSArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failures lock that username from that address for 15 minutes. Keyed on
# the pair, so someone guessing from one address cannot lock a colleague out everywhere.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)

# Sessions end after SESSION_COOKIE_AGE of inactivity; pms.sessions refreshes a used session
# at most every SESSION_REFRESH_SECONDS, so reading pages does not write on every request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=4 * 60 * 60)
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise serves static files; in development straight from the app folders, re-read on change.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG
# Files served at the site's root as they are: /favicon.ico.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"

# Strict CSP: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Signatures: wrong secrets tolerated in a window before signing locks for a while.
SIGNATURE_MAX_FAILURES = 5
SIGNATURE_FAILURE_WINDOW_SECONDS = 15 * 60
SIGNATURE_LOCK_SECONDS = 15 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # Task state changes are routine; failures (ERROR) still show.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}

# Background tasks (django.tasks). The immediate backend runs a task inside the request
# that enqueues it: right for development, tests and a single-vessel install. Production
# (pms.settings_production) queues them in the database ("django_tasks_db.DatabaseBackend",
# package django-tasks-db), run by `manage.py db_worker`; see docs/deployment.md.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django.tasks.backends.immediate.ImmediateBackend")}}

# Manual PDFs: in S3 when a bucket is configured (links are 30-minute presigned URLs),
# else on local disk under MEDIA_ROOT (links are signed URLs to a view that streams them).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="eu-west-1")
AWS_S3_ADDRESSING_STYLE = env.str("AWS_S3_ADDRESSING_STYLE", default="auto")
# Unset keys leave boto3 to its own chain (instance role, AWS_PROFILE, …).
AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="") or None
AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="") or None
AWS_S3_SIGNATURE_VERSION = "s3v4"
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = 30 * 60
AWS_DEFAULT_ACL = None
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MANUAL_MAX_UPLOAD_BYTES = env.int("MANUAL_MAX_UPLOAD_BYTES", default=100 * 1024 * 1024)
# Fault codes indexed per manual section: e.g. E047, A-102, SPN 110 FMI 0.
MANUAL_FAULT_CODE_PATTERN = env.str(
    "MANUAL_FAULT_CODE_PATTERN",
    default=r"\b(?i:spn)\s+\d{1,6}\s+(?i:fmi)\s+\d{1,2}\b|\b[A-Z]{1,3}-\d{2,4}\b|\b[A-Z]\d{3,4}\b",
)

"""Production settings: everything of pms.settings, hardened. `manage.py check --deploy` is clean.

Required in the environment: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL).
"""

from pms.settings import *  # noqa: F403
from pms.settings import BASE_DIR, env, kept_pages

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Reused SQL is not compared with fresh SQL in service (the tests do that, pms/prepared.py).
PREPARED_READS_CHECK = env.bool("PREPARED_READS_CHECK", default=False)

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Keep database connections between requests (checked before reuse) instead of one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Kept pages (pms/pagecache.py) in files every gunicorn worker reads: a page drawn by one worker is
# served by all, and survives the worker's recycling. The directory is created readable by the
# app's user only (it holds pickled pages); PAGE_CACHE_DIR= (empty) keeps them in each worker's memory.
CACHES["pages"] = kept_pages(env.str("PAGE_CACHE_DIR", default=str(BASE_DIR / "var" / "pages")))  # noqa: F405
# Background tasks (splitting uploaded manuals) in a database queue, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# Static files served by WhiteNoise from STATIC_ROOT (`collectstatic`), compressed, with hashed names.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "pms.staticfiles.ManifestStaticFiles"},
}

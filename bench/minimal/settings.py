"""The minimal Django app `make bench` measures the baseline page against.

The same view (`pms.health.bench_baseline`: session, user, one indexed query, a tiny
template) on the same database, with only what it needs: sessions and auth. Nothing of the
project's middleware stack (security headers, CSP, WhiteNoise, CSRF, the vessel, audit
context, htmx, lockout, session refresh) and no domain module is loaded, so the baseline's
ratio to it is what that stack costs. The session cookie the project's login sets is valid
here: same SECRET_KEY, same session table, the same password hash behind it.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "bench.minimal.apps.BarePmsConfig",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "bench.minimal.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"context_processors": []},
    }
]
DATABASES = {"default": env.db("DATABASE_URL")}
# Persistent connections, as the production settings keep them.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
AUTH_USER_MODEL = "pms.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "/login/"
USE_TZ = True
WSGI_APPLICATION = "bench.minimal.wsgi.application"

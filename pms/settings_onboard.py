"""`make run`: one vessel's onboard server — the production settings, served over the ship's LAN.

DEBUG off, gunicorn, static files from STATIC_ROOT through WhiteNoise, the app's own error
pages: as in production. What differs, so that a fresh clone runs with no `.env`:

- SECRET_KEY, when the environment gives none, is this checkout's own random key, created
  at first start in `.onboard-secret-key` (git-ignored, readable by its owner only);
- ALLOWED_HOSTS defaults to 127.0.0.1 and localhost (add the server's LAN name or address);
- plain HTTP (no TLS on loopback or a ship's LAN): no HTTPS redirect, HSTS or Secure cookies;
- the embedded SQLite database, and tasks run at once (no separate worker to keep alive).
"""

import os
from pathlib import Path

import environ

from pms.secret_key import local_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

# A `.env` (or the environment) still decides first; the local key only fills a gap.
environ.Env.read_env(BASE_DIR / ".env")
if not os.environ.get("SECRET_KEY"):
    os.environ["SECRET_KEY"] = local_secret_key(BASE_DIR / ".onboard-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from pms.settings_production import *  # noqa: E402, F403
from pms.settings_production import env  # noqa: E402

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(STATIC_ROOT)))  # noqa: F405
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django.tasks.backends.immediate.ImmediateBackend")}}

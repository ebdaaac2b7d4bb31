"""`make bench`: the production settings on loopback plain HTTP, plus the bare baseline page.

Only for benchmarking on one machine: cookies without the Secure flag (there is no TLS on
loopback) and /bench/baseline/ switched on.
"""

from pms.settings_production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
BENCH_BASELINE = True

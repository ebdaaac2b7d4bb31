"""Gunicorn settings for serving the app: `gunicorn -c gunicorn.conf.py` (see docs/deployment.md).

Every value can be overridden from the environment, so one file serves a laptop, the
benchmark and a production host.
"""

import multiprocessing
import os

wsgi_app = "pms.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threaded workers: a request waiting on PostgreSQL or S3 does not hold a whole process.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, staggered, so a slow leak never takes the service down.
max_requests = 2000
max_requests_jitter = 200
preload_app = True
# Trust X-Forwarded-* only from the load balancer in front.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# One host may run several servers (the app, the benchmark, the tests); none needs the runtime control socket.
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def when_ready(server):
    """The app is loaded (preload_app) and no worker is forked yet: what the workers share is
    frozen out of the garbage collector's walks (pms/serving.py)."""
    from pms.serving import settle_before_fork

    server.log.info("froze %d objects loaded before forking the workers", settle_before_fork())

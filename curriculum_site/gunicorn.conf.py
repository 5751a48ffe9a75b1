"""gunicorn's configuration for the web processes (Procfile; decision 0018).

Every value can be set from the environment, so one file serves a laptop, CI and each
machine behind a load balancer:

- HOST, PORT: where to listen (127.0.0.1:8000; HOST=0.0.0.0 behind a load balancer on
  another machine). PORT is what honcho and most platforms set.
- WEB_CONCURRENCY: worker processes (2 per core, plus 1). GUNICORN_THREADS: threads in each
  (4), so a slow client or a long upload does not hold a whole process.
- GUNICORN_TIMEOUT: seconds before a stuck request's worker is restarted (60; long work
  goes to Celery). GUNICORN_KEEPALIVE: seconds an idle connection is kept (5; set it above
  the load balancer's idle timeout, e.g. 75 behind one that keeps connections 60 s).
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A worker is replaced after this many requests (spread out), so no slow leak grows forever.
max_requests = 2000
max_requests_jitter = 200
# The workers' heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
wsgi_app = "curriculum_site.wsgi:application"
# gunicorn's control socket is one path per user ($HOME/.gunicorn/gunicorn.ctl): a second
# server on the machine (a benchmark beside a test run) would take it over. Nothing uses it.
control_socket_disable = True

# One JSON line per response on standard output, one per server event on standard error,
# in the same form as the application's own lines (curriculum_site/observability.py).
accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "curriculum_site.observability.json_formatter"},
        "access": {"()": "curriculum_site.observability.AccessLogFormatter"},
    },
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
        "access_console": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"handlers": ["error_console"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error_console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access_console"], "level": "INFO", "propagate": False},
    },
}

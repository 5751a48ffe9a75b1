"""Logs and error reports in production (decision 0018).

JSON lines on standard output (python-json-logger), one object per record, each with the
id of the request it belongs to; gunicorn's access log in the same form; Sentry only when
SENTRY_DSN is set. Imported by gunicorn's configuration before Django is set up, so this
module imports nothing from Django at its top.
"""

import contextvars
import os
import re
import uuid

from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# A load balancer's own id is kept when it looks like one; anything else could put
# arbitrary text into every log line of the request.
_ACCEPTABLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_request_id = contextvars.ContextVar("request_id", default=None)

# The fields every line carries, in this order, named as log collectors expect.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
RENAMED_FIELDS = {"asctime": "time", "levelname": "level", "name": "logger"}


class RequestIdMiddleware:
    """Gives each request an id (the load balancer's X-Request-ID, else a new one), puts it
    on every log line written while the request is served, and answers with it, so a
    person reporting a problem can quote the id that finds the lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _ACCEPTABLE_REQUEST_ID.match(given) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter:
    """Adds `request_id` to each record (None outside a request: tasks, commands)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


def json_formatter(**kwargs) -> JsonFormatter:
    """The formatter of every log line (LOGGING in production settings)."""
    return JsonFormatter(LOG_FORMAT, rename_fields=RENAMED_FIELDS, **kwargs)


class AccessLogFormatter(JsonFormatter):
    """gunicorn's access log as JSON: one line per response, with its fields named.

    gunicorn hands the access logger its "atoms" (a dict of the response's properties) as
    the record's arguments; they become fields here instead of text in the message."""

    def __init__(self, *args, **kwargs):
        super().__init__(LOG_FORMAT, rename_fields=RENAMED_FIELDS)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        atoms = record.args if isinstance(record.args, dict) else {}
        if atoms:
            log_data.update(
                {
                    "method": atoms.get("m"),
                    "path": atoms.get("U"),
                    "query": atoms.get("q") or None,
                    "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else None,
                    "bytes": atoms.get("B"),
                    "duration_ms": round(atoms.get("D", 0) / 1000, 1),
                    "remote_addr": atoms.get("h"),
                    "user_agent": atoms.get("a"),
                    "request_id": atoms.get("{x-request-id}o"),
                }
            )


def error_reporting_init() -> bool:
    """Sentry, when SENTRY_DSN is set; True when it was started.

    Django and Celery are found and instrumented by the SDK itself. No personal data is
    sent: no user, address or cookie (send_default_pii), and no request body, since
    session uploads hold farmers' member codes and trainers' notes."""
    dsn = os.environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    import sentry_sdk  # only a deployment that reports errors loads the SDK

    sentry_sdk.init(
        dsn=dsn,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
        max_request_body_size="never",
    )
    return True

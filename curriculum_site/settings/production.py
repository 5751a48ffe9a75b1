"""Production: every secret and address comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS (comma separated), DATABASE_URL.
Optional: CELERY_BROKER_URL (tasks run in-process without it), REDIS_URL or CACHE_URL
(the cache every process shares), AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL (an
S3-compatible service other than AWS) and the usual AWS_* variables (media in object
storage), PRIVATE_MEDIA_ROOT (where files only their owners may read are
kept without object storage), EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
EMAIL_USE_TLS (SMTP; the local relay by default), LOG_LEVEL, SENTRY_DSN (error reports),
H5P_LRS_ENDPOINT, H5P_LRS_USERNAME, H5P_LRS_PASSWORD (forwarding xAPI statements to an
LRS), H5P_XAPI_ACTOR_SECRET (key of the learners' xAPI pseudonyms).
The README's configuration table lists them all.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from curriculum_site.observability import error_reporting_init
from curriculum_site.settings.base import *  # noqa: F403
from curriculum_site.settings.base import BASE_DIR


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


DEBUG = False
MIDDLEWARE = [
    # Every log line of a request carries its id (decision 0018).
    "curriculum_site.observability.RequestIdMiddleware",
    MIDDLEWARE[0],  # noqa: F405  (SecurityMiddleware first)
    # Each stateless web process serves the hashed static files itself.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405
]
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]
_required("DATABASE_URL")  # base.py already parsed it; here it may not fall back to SQLite
CSRF_TRUSTED_ORIGINS = [f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"]

# Behind a TLS-terminating load balancer.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One proxy in front: the sign-in throttle counts the address it saw, not what a client
# claims in X-Forwarded-For.
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "1"))}  # noqa: F405
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# A load balancer probes the health check over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media")},
    },
    # Hashed, compressed static files served by WhiteNoise from each stateless web process.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps (collected because the chart library's and the SCORM run-times' scripts
# name theirs) and TypeScript files are for developers' tools: not compressed (gzip and
# Brotli both), which saves collectstatic's time for what no reader's browser asks for.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map", "ts", "cjs"]
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _bucket = {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        # Another S3-compatible service (MinIO, a national cloud; moto in CI) by its address.
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        "default_acl": "private",
        "file_overwrite": False,
    }
    # One bucket, two prefixes that never overlap, so neither storage can name (or sign a
    # URL to) the other's files, and a backup reads each once.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_bucket, "location": "media", "querystring_auth": True},
    }
    # Private ACL and signed URLs are never handed out for these: a view streams them.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_bucket, "location": "private"},
    }

# One cache for every web process and machine: the sign-in throttle's counts must be
# shared, or each process would allow its own ten tries a minute.
_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if _cache_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "backpack",
            # A cache that does not answer must not hold a request for long.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # One local-memory cache per worker: a worker would not see another's purge after a
    # publish, so whole pages are not cached without the shared cache (decision 0025).
    BACKPACK_PAGE_CACHE_SECONDS = 0

WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
)

# Mail goes out by SMTP, to the local mail relay unless EMAIL_HOST says otherwise.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"

# JSON lines on standard error, each with its request's id (decision 0018). Celery's worker
# leaves the root logger to this configuration instead of installing its own format.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "curriculum_site.observability.RequestIdFilter"}},
    "formatters": {"json": {"()": "curriculum_site.observability.json_formatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Error reports to Sentry, only when SENTRY_DSN is set.
error_reporting_init()

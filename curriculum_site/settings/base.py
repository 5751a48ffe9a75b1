"""Settings shared by every environment; dev, test and production only override."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "content",
    "reference",
    "modules",
    "adaptation",
    "h5p",
    "scorm",
    "organisation_levels",
    "training_plans",
    "training_delivery",
    "consultation",
    "internal_control",
    "supply_base",
    "meetings",
    "pilot_feedback",
    "monitoring",
    "operations",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales, adds sync settings
    # Wagtail's apps without registering its v3 API, which is not served (decision 0025).
    "curriculum_site.wagtail_apps.RedirectsConfig",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "curriculum_site.wagtail_apps.SnippetsConfig",
    "curriculum_site.wagtail_apps.DocumentsConfig",
    "curriculum_site.wagtail_apps.ImagesConfig",
    "wagtail.search",
    # The admin; its page explorer's API without pydantic until used (decision 0037).
    "curriculum_site.wagtail_apps.AdminConfig",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The cache's versions read once per request, and entries kept in the process (0037).
    "curriculum_site.middleware.CacheVersionsMiddleware",
    # HTML and JSON compressed for slow phones; answers to GETs only (decision 0025, BREACH).
    "curriculum_site.middleware.CompressionMiddleware",
    # Whole public pages for anonymous visitors, before sessions and the rest (decision 0025).
    "content.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The API (no language prefix) answers in the language the request asks for.
    "curriculum_site.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Permissions-Policy everywhere, and nothing made for a signed-in person is cached.
    "curriculum_site.security.PrivateResponsesMiddleware",
    "curriculum_site.security.ContentSecurityPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A page not translated into the visitor's language yet: the original, with a notice.
    "content.middleware.TranslationFallbackMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "curriculum_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "curriculum_site.context_processors.admin_link",
                "modules.context_processors.backpack",
                "adaptation.context_processors.curricula_link",
                "training_delivery.context_processors.trainer_app_link",
                "organisation_levels.context_processors.producer_groups",
                "monitoring.context_processors.dashboard_link",
            ],
        },
    },
]

WSGI_APPLICATION = "curriculum_site.wsgi.application"

# SQLite by default so a bare machine runs the site; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The same backend, knowing SQLite's real parameter limit (see its docstring).
    DATABASES["default"]["ENGINE"] = "curriculum_site.sqlite_backend"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spends about 200 ms compiling any query it thinks costly,
    # which for the dashboards' short aggregates is more than running them (decision 0016).
    # The dashboards' farmers semi-join hashes a year's attendance: at the default 4 MB it
    # spilled to disk in batches at national scale (decision 0025).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c jit=off -c work_mem={os.environ.get('DATABASE_WORK_MEM', '32MB')}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (decision 0025) ------------------------------------------------------------
# Local memory for the demo, development and tests (one process); production.py puts
# Redis here from REDIS_URL or CACHE_URL, shared by every process.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages for anonymous visitors, at most this long (0: not cached). Any
# content change purges them at once (content/page_cache.py).
BACKPACK_PAGE_CACHE_SECONDS = int(os.environ.get("BACKPACK_PAGE_CACHE_SECONDS", "600"))

# --- Signing in (decision 0019) ------------------------------------------------
# django-axes counts failed sign-ins on the site, the admin and the API's token request
# alike, per user name and per client address (as the proxies set it): ten failures
# pause that name, or that address, for fifteen minutes. A name can thus be paused by
# someone guessing at it; that is the price of stopping guesses spread over addresses.
AUTHENTICATION_BACKENDS = [
    "curriculum_site.security.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "curriculum_site.security.client_address"
AXES_LOCKOUT_CALLABLE = "curriculum_site.security.sign_in_lockout"
# Failures are counted, but the log line per attempt would name who tried which account.
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages --------------------------------------------------------------
# The seven countries' languages. English is the language the technical
# committee authors the generic backpack in.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("pt", "Português"),
    ("id", "Bahasa Indonesia"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
    ("my", "မြန်မာ"),
]
WAGTAIL_I18N_ENABLED = True
# A translation started in wagtail-localize stays a draft until its translator publishes
# it. By default it would go live at once, holding the untranslated original's text under
# the new language's name, with no notice (decision 0010).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates day first in every language, English included ("6 Oct 2026"), and Burmese, which
# Django has no formats for (curriculum_site/formats/, decision 0020).
FORMAT_MODULE_PATH = ["curriculum_site.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "curriculum_site.npm_static_files.NpmFilesFinder",
]
# Front-end files from npm packages (installed from the npm registry at set-up, never
# committed): address prefix → (the package's folder, the files served from it, shell
# patterns). Only these are collected and served (curriculum_site/npm_static_files.py):
# a package's other builds, sources and type declarations are not.
NPM_STATIC_FILES = {
    # Fonts for Thai and Burmese, regular and bold (decision 0010): loaded only on pages
    # in those languages, kept offline by the trainer app in them, embedded in PDFs.
    "fonts/noto-sans-thai": (
        BASE_DIR / "node_modules/@fontsource/noto-sans-thai",
        ["LICENSE", "files/noto-sans-thai-thai-[47]00-normal.woff2"],
    ),
    "fonts/noto-sans-myanmar": (
        BASE_DIR / "node_modules/@fontsource/noto-sans-myanmar",
        ["LICENSE", "files/noto-sans-myanmar-myanmar-[47]00-normal.woff2"],
    ),
    # Charts (decision 0008): loaded by js/level-chart.js only when a chart scrolls into
    # view. The source map because the script names it (collectstatic follows the name).
    "vendor/chart.js": (
        BASE_DIR / "node_modules/chart.js/dist",
        ["chart.umd.min.js", "chart.umd.min.js.map"],
    ),
    # The H5P player (decision 0014), loaded only inside the sandboxed player frame: its
    # two bundles, their styles and the fonts and images the styles name.
    "vendor/h5p-standalone": (
        BASE_DIR / "node_modules/h5p-standalone/dist",
        ["*.bundle.js", "*.LICENSE.txt", "styles/*", "fonts/*", "images/*"],
    ),
    # The SCORM run-times for SCORM 1.2 and 2004 (decision 0026), with their source maps.
    "vendor/scorm-again": (
        BASE_DIR / "node_modules/scorm-again/dist",
        ["scorm12.min.js", "scorm12.min.js.map", "scorm2004.min.js", "scorm2004.min.js.map"],
    ),
}
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files only their owners may read (assessment evidence): kept outside MEDIA_ROOT, so
    # no URL serves them; a view checks permission and streams them.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": BASE_DIR / "private_media"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Content-Security-Policy (curriculum_site/security.py) ------------------------
# Media may come from object storage, and embedded videos from their hosts: both are
# listed by environment variables in production (comma separated origins).
MEDIA_ORIGINS = [o for o in os.environ.get("CSP_MEDIA_ORIGINS", "").split(",") if o]
EMBED_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    *[o for o in os.environ.get("CSP_EMBED_ORIGINS", "").split(",") if o],
]
_SHARED_DIRECTIVES = {
    "default-src": [SELF],
    # Inline style attributes (bar widths on the dashboard) are harmless; scripts are not.
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
    "media-src": [SELF, "blob:", *MEDIA_ORIGINS],
    "font-src": [SELF, "data:"],
    "frame-src": [SELF, *EMBED_ORIGINS],
    "connect-src": [SELF],
    "worker-src": [SELF],
    "manifest-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**_SHARED_DIRECTIVES, "script-src": [SELF, NONCE]}}
# Wagtail's admin templates still write inline scripts (inline panels, date pickers).
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**_SHARED_DIRECTIVES, "script-src": [SELF, "'unsafe-inline'"]}
}

# --- Wagtail ----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Backpack"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The database backend becomes the PostgreSQL full-text backend on PostgreSQL. The pages
# index their text already made into words, folded and stemmed in their own language
# (reference/search_text.py, decision 0020): PostgreSQL's "simple" configuration only
# lower-cases them, as SQLite's FTS5 does, instead of stemming every language as English.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "csv", "txt"]
# An edit made during review needs its own approval before it is published.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# The admin makes no calls to outside hosts: on slow links each one is a wait, and
# avatars or release news are not worth it.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# --- Celery -----------------------------------------------------------------------
# Without a broker, tasks run in-process so the demo needs nothing but Python.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Run by `celery -A curriculum_site beat` (README). RSS step 5 asks for a review at least
# once a year: on 2 January at 02:00, the state of play of the year just ended is built
# for the world and for each country (monitoring.tasks.build_last_years_reports).
CELERY_BEAT_SCHEDULE = {
    "yearly-state-of-play": {
        "task": "monitoring.tasks.build_last_years_reports",
        "schedule": crontab(minute=0, hour=2, day_of_month=2, month_of_year=1),
    },
    # The dashboard's delivery figures remade from the raw rows each night, in case a
    # write went around the signals that keep them (monitoring.delivery_figures).
    "delivery-figures-rebuild": {
        "task": "monitoring.tasks.rebuild_delivery_figures",
        "schedule": crontab(minute=30, hour=1),
    },
    # Statements still waiting for the external LRS (after an outage longer than the
    # task's own retries); does nothing when no LRS is configured (h5p.tasks).
    "h5p-lrs-forward": {
        "task": "h5p.tasks.h5p_statements_forward",
        "schedule": crontab(minute="*/10"),
    },
    # SCORM results, likewise (scorm.tasks, decision 0026).
    "scorm-lrs-forward": {
        "task": "scorm.tasks.scorm_statements_forward",
        "schedule": crontab(minute="*/10"),
    },
}

# --- External learning record store (issue 16, point 5; decision 0021) --------------
# Off by default. When H5P_LRS_ENDPOINT is set (the LRS's xAPI base, e.g.
# https://lrs.example.org/xAPI/), every H5P statement is forwarded by a Celery task with
# basic authentication. Needs CELERY_BROKER_URL: without a worker nothing is forwarded.
H5P_LRS_ENDPOINT = os.environ.get("H5P_LRS_ENDPOINT", "")
H5P_LRS_USERNAME = os.environ.get("H5P_LRS_USERNAME", "")
H5P_LRS_PASSWORD = os.environ.get("H5P_LRS_PASSWORD", "")
# The actor's account name is an HMAC of the user id; with this set (rather than
# SECRET_KEY) the names stay the same when SECRET_KEY is rotated.
H5P_XAPI_ACTOR_SECRET = os.environ.get("H5P_XAPI_ACTOR_SECRET", "")

# --- API (decision 0012) ---------------------------------------------------------
# Django REST framework with an OpenAPI schema from drf-spectacular. The trainer app
# signs in with a token kept on the device (it syncs long after the session cookie
# would have expired); the browser pages use the session as everywhere else.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # One token per phone, revocable and expiring (decision 0023).
        "training_delivery.devices.DeviceTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    # Throttling counts per client address. Without a proxy in front, X-Forwarded-For is
    # the client's own word and must not be believed (production.py trusts its one proxy).
    "NUM_PROXIES": 0,
}
# A phone's token expires after this many days without a sync (decision 0023).
BACKPACK_DEVICE_TOKEN_IDLE_DAYS = 60
SPECTACULAR_SETTINGS = {
    "TITLE": "Backpack API",
    "DESCRIPTION": "Sync API for the trainer app: sessions up, rosters and modules down.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Requests and responses described apart: a request's text fields say they may not be
    # empty, and a photo upload is a binary file, not a URL.
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["curriculum_site.api_schema.only_backpack_api"],
}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "backpack@localhost")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"

# The public backpack paginates; a phone shows a dozen cards comfortably.
BACKPACK_MODULES_PER_PAGE = 12
# Approval in the committee review publishes; see modules/workflows.py for why.
WAGTAIL_FINISH_WORKFLOW_ACTION = "modules.workflows.publish_approved_revision"

"""Wagtail's apps without the registration of Wagtail's version 3 API, which Backpack
does not serve (issue 19: a worker under 150 MiB; decision 0025).

Wagtail 8's redirects, images, documents and snippets apps add their routers to the
`wagtail.api.v3` API object when Django starts, importing django-ninja, the routers and
their pydantic schemas: about 11 MiB in every web process, for an API that is reached
only when the `wagtail.api.v3` app is installed and its URLs are included. Neither is
the case here (curriculum_site/urls.py). Each app below runs Wagtail's own `ready()`
unchanged, with light stand-ins for those API modules while it runs, so everything else
it registers (permission policies, signal handlers, reference index, choosers) stays as
Wagtail does it. If `wagtail.api.v3` is ever installed, nothing is replaced.
`tests/curriculum_site/test_worker_imports.py` fails if ninja is loaded again."""

import sys
from contextlib import contextmanager
from types import ModuleType

# Before Willow is imported (by Wagtail's images app below): pillow-heif on first use.
import curriculum_site.image_formats  # noqa: F401

# isort: split
from django.apps import apps
from wagtail.admin.apps import WagtailAdminAppConfig
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig

# What those `ready()` methods import for the API, and the names they take from it.
V3_API_MODULES = (
    "wagtail.api.v3.api",
    "wagtail.contrib.redirects.api",
    "wagtail.contrib.redirects.api.v3",
    "wagtail.images.api.v3.registry",
    "wagtail.images.api.v3.router",
    "wagtail.documents.api.v3.registry",
    "wagtail.documents.api.v3.router",
    "wagtail.snippets.api.v3",
    "wagtail.snippets.api.v3.router",
)


class _UnservedApi:
    """Takes the routers and keeps none: the API they belong to is never served."""

    def add_router(self, *args, **kwargs):
        return None


def _stand_in(name: str) -> ModuleType:
    module = ModuleType(name, "Not imported: Wagtail's v3 API is not served (decision 0025).")
    module.__path__ = []  # a package, so that `from .api.v3 import router` finds it
    module.api = _UnservedApi()
    module.router = None
    module.register_content_types = lambda: None
    return module


@contextmanager
def without_the_v3_api():
    """Stand-ins for the API's modules while the block runs; the real ones untouched if
    already imported, and importable again afterwards."""
    if apps.is_installed("wagtail.api.v3"):
        yield
        return
    placed = {name: _stand_in(name) for name in V3_API_MODULES if name not in sys.modules}
    sys.modules.update(placed)
    try:
        yield
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


class _WithoutTheV3Api:
    def ready(self):
        with without_the_v3_api():
            super().ready()


class RedirectsConfig(_WithoutTheV3Api, WagtailRedirectsAppConfig):
    pass


class DocumentsConfig(_WithoutTheV3Api, WagtailDocsAppConfig):
    pass


class ImagesConfig(_WithoutTheV3Api, WagtailImagesAppConfig):
    pass


class SnippetsConfig(_WithoutTheV3Api, WagtailSnippetsAppConfig):
    pass


# --- Wagtail's public-pages queryset without pydantic until it is used --------------------
#
# The admin's page explorer is served by Wagtail's v2 API views, whose module imports
# `wagtail.api.querysets`, which imports `wagtail.api.validators` and so pydantic and
# pydantic-core: 5 to 7 MiB in every web process (decision 0037, fifth pass). The only
# name it takes, `SiteFilterValidator`, is used by `get_public_pages_queryset()`, for the
# public v2 and v3 APIs, neither of which is served; the admin's API has a queryset of its
# own. `wagtail.api.querysets` is therefore imported here with a stand-in for the
# validators' module whose `SiteFilterValidator` imports the real one when first called,
# so that function still works unchanged. Anything importing `wagtail.api.validators`
# itself (the v3 API) gets the real module.

VALIDATORS_MODULE = "wagtail.api.validators"


def _site_filter_validator(*args, **kwargs):
    """wagtail.api.validators.SiteFilterValidator(...), imported (with pydantic) when first
    called."""
    from wagtail.api.validators import SiteFilterValidator

    return SiteFilterValidator(*args, **kwargs)


@contextmanager
def validators_on_first_use():
    if "wagtail.api.querysets" in sys.modules or VALIDATORS_MODULE in sys.modules:
        yield
        return
    stand_in = ModuleType(VALIDATORS_MODULE, "Imported when first used (decision 0037).")
    stand_in.SiteFilterValidator = _site_filter_validator
    sys.modules[VALIDATORS_MODULE] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(VALIDATORS_MODULE) is stand_in:
            del sys.modules[VALIDATORS_MODULE]
        # `import wagtail.api.validators` then finds the module, not the package's attribute.
        package = sys.modules.get("wagtail.api")
        if package is not None and getattr(package, "validators", None) is stand_in:
            del package.validators


class AdminConfig(WagtailAdminAppConfig):
    def ready(self):
        super().ready()
        with validators_on_first_use():
            # Imported here, before the URLconf imports it, with the stand-in above.
            import wagtail.api.querysets  # noqa: F401

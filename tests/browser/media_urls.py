"""The site's addresses plus its media, served from the test storage (in memory), for
browser tests that show uploaded images: DEBUG is off in tests, so nothing serves them."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import re_path

from curriculum_site.urls import urlpatterns as site_urlpatterns


def media(request, path):
    if not default_storage.exists(path):
        raise Http404
    return FileResponse(default_storage.open(path))


urlpatterns = [
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media),
    *site_urlpatterns,
]

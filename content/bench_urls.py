"""The site's addresses plus a bare Django view, for `manage.py benchmark_speed` only.

The bare view goes through the same middleware as every page and answers a fixed text
without a template or a query: the ceiling against which the pages are measured (issue 19).
"""

from django.http import HttpResponse
from django.urls import path

from curriculum_site.urls import urlpatterns as site_urlpatterns

BARE_VIEW_PATH = "/bench-bare/"


def bare_view(request):
    return HttpResponse("<!doctype html><title>Bare</title><p>A bare Django view.</p>")


urlpatterns = [path(BARE_VIEW_PATH.strip("/") + "/", bare_view), *site_urlpatterns]

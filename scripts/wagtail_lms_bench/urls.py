from django.http import HttpResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls


def bare_view(request):
    return HttpResponse("<!doctype html><title>Bare</title><p>A bare Django view.</p>")


urlpatterns = [
    path("bench-bare/", bare_view),
    path("admin/", include(wagtailadmin_urls)),
    path("lms/", include("wagtail_lms.urls")),
    path("", include(wagtail_urls)),
]

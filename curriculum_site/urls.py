from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The API has no language prefix: the trainer app sends its language with each session.
    path("api/v1/", include("curriculum_site.api_urls")),
    # The H5P player frame and its files: no language prefix, authorised by a signed token.
    path("h5p/", include("h5p.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages answer in the visitor's language: /fr/…, /th/…; English has no prefix.
urlpatterns += i18n_patterns(
    # Signing in and out in the visitor's language too: LOGIN_URL is this URL's name, so
    # a French page asking for a sign-in sends the visitor to /fr/accounts/login/.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("groups/", include("organisation_levels.urls")),
    path("groups/<int:group_id>/training-plans/", include("training_plans.urls")),
    path("feedback/", include("pilot_feedback.urls")),
    # Not "my-progress/": the locale middleware would read "my-" as Burmese.
    path("progress/", include("h5p.progress_urls")),
    path("trainer/", include("training_delivery.urls")),
    path("dashboard/", include("monitoring.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

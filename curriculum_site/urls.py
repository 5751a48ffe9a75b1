from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.move import MoveConfirmView
from wagtail.documents import urls as wagtaildocs_urls

from curriculum_site.admin_pages import (
    ScopedPageTypesUsageReportView,
    ScopedTranslationsReportView,
    chooser_guard,
    chosen_guard,
    explorer_guard,
    move_confirm_guard,
)
from curriculum_site.admin_workflow import workflow_action_with_message
from curriculum_site.localize_api import ScopedSnippetApiViewSet
from curriculum_site.password_reset import password_reset_urls


def _admin_view(name):
    """Wagtail's own admin view of that URL name, to be wrapped by a guard below."""
    pattern = next(p for p in wagtailadmin_urls.urlpatterns if getattr(p, "name", None) == name)
    return pattern.callback


def _guarded(route, guard, name):
    """Wagtail's admin view at `route` behind `guard`, under Wagtail's own URL name."""
    return path(route, require_admin_access(guard(_admin_view(name))), name=name)


urlpatterns = [
    # Before the admin's own: these replace wagtail-localize's snippet API, which lists
    # every row of any snippet model to any admin user (curriculum_site/localize_api.py).
    path(
        "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/",
        require_admin_access(ScopedSnippetApiViewSet.as_view({"get": "list"})),
    ),
    path(
        "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
        require_admin_access(ScopedSnippetApiViewSet.as_view({"get": "retrieve"})),
    ),
    # Before the admin's own, with the same names: the explorer and the page chooser
    # keep to the pages a person may see (curriculum_site/admin_pages.py).
    _guarded("admin/pages/<int:parent_page_id>/", explorer_guard, "wagtailadmin_explore"),
    _guarded(
        "admin/pages/<int:parent_page_id>/results/", explorer_guard, "wagtailadmin_explore_results"
    ),
    _guarded(
        "admin/choose-page/<int:parent_page_id>/", chooser_guard, "wagtailadmin_choose_page_child"
    ),
    _guarded(
        "admin/choose-page/chosen-multiple/",
        chosen_guard,
        "wagtailadmin_choose_page_chosen_multiple",
    ),
    # Before the admin's own, found by the permission matrix (curriculum_site/admin_pages.py):
    # these named other countries' drafts to a platform.
    path(
        "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/",
        require_admin_access(move_confirm_guard(MoveConfirmView.as_view())),
    ),
    path(
        "admin/reports/page-types-usage/",
        require_admin_access(ScopedPageTypesUsageReportView.as_view()),
    ),
    path(
        "admin/reports/page-types-usage/results/",
        require_admin_access(ScopedPageTypesUsageReportView.as_view(results_only=True)),
    ),
    path(
        "admin/localize/reports/translations/",
        require_admin_access(ScopedTranslationsReportView.as_view()),
    ),
    path(
        "admin/localize/reports/translations/results/",
        require_admin_access(ScopedTranslationsReportView.as_view(results_only=True)),
    ),
    # Before the admin's own: a review decision from the dashboard says what it did.
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        require_admin_access(workflow_action_with_message),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The API has no language prefix: the trainer app sends its language with each session.
    path("api/v1/", include("curriculum_site.api_urls")),
    # The H5P player frame and its files: no language prefix, authorised by a signed token.
    path("h5p/", include("h5p.urls")),
    # SCORM courses likewise (decision 0026).
    path("scorm/", include("scorm.urls")),
    # For load balancers and monitoring (curriculum_site/health.py): no language prefix.
    path("health/", include("curriculum_site.health")),
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
    # People registered by their platform get a temporary password, changed here.
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Forgotten passwords, by e-mail, rate-limited (curriculum_site/password_reset.py).
    *[path(route, view, name=name) for route, view, name in password_reset_urls],
    path("groups/", include("organisation_levels.urls")),
    path("groups/<int:group_id>/training-plans/", include("training_plans.urls")),
    path("groups/<int:group_id>/internal-control/", include("internal_control.urls")),
    path("events/", include("meetings.urls")),
    path("feedback/", include("pilot_feedback.urls")),
    # Not "my-progress/": the locale middleware would read "my-" as Burmese.
    path("progress/", include("h5p.progress_urls")),
    path("trainer/", include("training_delivery.urls")),
    path("phones/", include("training_delivery.urls_devices")),
    path("dashboard/", include("monitoring.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

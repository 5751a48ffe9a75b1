"""wagtail-localize's "Translate this page" and "Sync translated pages", with a page
permission check (decision 0010; the rule is in translation_selectors).

Served at wagtail-localize's own addresses: the modules app registers its admin URLs
before wagtail_localize does (INSTALLED_APPS order), and the first matching address
wins, so every link wagtail-localize makes leads here.
tests/modules/test_translation_permissions.py fails if that stops being true.
"""

from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from modules.translation_selectors import translation_locales_allowed, translation_update_allowed


class GuardedSubmitPageTranslationView(SubmitPageTranslationView):
    """Offers only the languages the user may translate this page into; refuses a page
    they may translate into none (a forged locale id is not a valid choice either)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            page = self.get_object()
            self.allowed_locales = translation_locales_allowed(user=request.user, page=page)
            if not self.allowed_locales.exists():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        field = form.fields["locales"]
        field.queryset = field.queryset.filter(pk__in=self.allowed_locales.values("pk"))
        return form


class GuardedUpdateTranslationsView(UpdateTranslationsView):
    """Brings translations up to date only for someone who may translate into each."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            source = self.get_object()
            if not translation_update_allowed(user=request.user, source=source):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


urlpatterns = [
    path(
        "localize/submit/page/<int:page_id>/",
        GuardedSubmitPageTranslationView.as_view(),
        name="modules_submit_page_translation",
    ),
    path(
        "localize/update/<int:translation_source_id>/",
        GuardedUpdateTranslationsView.as_view(),
        name="modules_update_translations",
    ),
]

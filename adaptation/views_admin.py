"""Admin screens of national adaptation: adapt a module, follow upstream changes, see what
is behind. Thin: the rules are in adaptation.services and adaptation.selectors."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Locale

from adaptation import selectors, services
from adaptation.models import AdaptedModulePage
from adaptation.selectors import adaptable_countries
from modules.models import TrainingModulePage
from reference.models import Country
from reference.selectors import is_committee_member


class AdaptForm(forms.Form):
    country = forms.ModelChoiceField(
        label=gettext_lazy("Country"), queryset=Country.objects.none(), empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the user's own countries: a forged id for another is not a valid choice.
        self.fields["country"].queryset = adaptable_countries(user)


class AdaptView(WagtailAdminTemplateMixin, FormView):
    """ "Adapt for <country>": a draft copy of the generic module in the country's curriculum."""

    form_class = AdaptForm
    template_name = "adaptation/admin/adapt.html"
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        if not adaptable_countries(request.user).exists():
            raise PermissionDenied
        # The original, never a translation: one adaptation per module and country.
        self.module = get_object_or_404(
            TrainingModulePage.objects.live().filter(locale=Locale.get_default()),
            pk=kwargs["page_id"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Adapt %(code)s for your country") % {"code": self.module.code}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "module": self.module}

    def form_valid(self, form):
        try:
            adaptation = services.module_adapt(
                source=self.module, country=form.cleaned_data["country"], user=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Draft adaptation made: fill its adaptation slots, then publish it."),
        )
        return redirect("wagtailadmin_pages:edit", adaptation.pk)


def _editable_adaptation(request, adaptation_id) -> AdaptedModulePage:
    adaptation = get_object_or_404(AdaptedModulePage, pk=adaptation_id)
    if not adaptation.permissions_for_user(request.user).can_edit():
        raise Http404  # another country's adaptation is simply not found
    return adaptation


class UpstreamChangesView(WagtailAdminTemplateMixin, TemplateView):
    """What changed in the generic module since the adaptation; take it, or mark it reviewed."""

    template_name = "adaptation/admin/upstream_changes.html"
    header_icon = "history"

    def dispatch(self, request, *args, **kwargs):
        self.adaptation = _editable_adaptation(request, kwargs["adaptation_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Generic module updated: %(title)s") % {"title": self.adaptation.title}

    def get_breadcrumbs_items(self):
        # The header names the screen, not just "Home".
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.adaptation.pk]),
                "label": str(self.adaptation),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "adaptation": self.adaptation,
            "behind": selectors.adaptation_is_behind(adaptation=self.adaptation),
            "taken": selectors.adaptation_changes_taken(adaptation=self.adaptation),
            "changes": selectors.upstream_changes(adaptation=self.adaptation),
            "conflicts": services.adaptation_upstream_conflicts(adaptation=self.adaptation),
        }

    def post(self, request, *args, **kwargs):
        try:
            return self._act(request)
        except (ValidationError, PermissionDenied) as refusal:
            messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
            return redirect("modules_adaptation_upstream", self.adaptation.pk)

    def _act(self, request):
        if request.POST.get("action") == "take":
            choices = {
                key.removeprefix("choice-"): value
                for key, value in request.POST.items()
                if key.startswith("choice-")
            }
            kept = services.adaptation_take_changes(
                adaptation=self.adaptation, user=request.user, choices=choices
            )
            messages.success(
                request,
                _("Changes taken into a new draft. Review it, then publish.")
                if not kept
                else _(
                    "Changes taken into a new draft; as you chose, %(count)s block(s) changed on "
                    "both sides were kept as yours. Review it, then publish."
                )
                % {"count": len(kept)},
            )
        elif request.POST.get("action") == "reviewed":
            services.adaptation_mark_reviewed(adaptation=self.adaptation, user=request.user)
            messages.success(request, _("Marked as reviewed at the generic module's new version."))
        else:
            messages.error(request, _("Choose what to do with the changes."))
            return redirect("modules_adaptation_upstream", self.adaptation.pk)
        return redirect("wagtailadmin_pages:edit", self.adaptation.pk)


class AdaptationsBehindView(WagtailAdminTemplateMixin, TemplateView):
    """Per country, every adaptation whose generic module was published again since."""

    template_name = "adaptation/admin/adaptations_behind.html"
    header_icon = "history"
    page_title = gettext_lazy("Adaptations behind the backpack")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_superuser or is_committee_member(user):
            self.countries = Country.objects.all()
        else:
            self.countries = Country.objects.of_platform_member(user)
            if not self.countries.exists():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        by_country = {}
        for adaptation in selectors.adaptations_behind(countries=self.countries):
            by_country.setdefault(adaptation.country.name, []).append(adaptation)
        return {**super().get_context_data(**kwargs), "by_country": sorted(by_country.items())}


urlpatterns = [
    path("modules/<int:page_id>/adapt/", AdaptView.as_view(), name="modules_adapt"),
    path(
        "adaptations/<int:adaptation_id>/upstream/",
        UpstreamChangesView.as_view(),
        name="modules_adaptation_upstream",
    ),
    path(
        "reports/adaptations-behind/",
        AdaptationsBehindView.as_view(),
        name="modules_adaptations_behind",
    ),
]


def adapt_url(module) -> str:
    return reverse("modules_adapt", args=[module.pk])

"""Admin screens for needs and risk assessments, under one "Needs and risks" menu.

Each user sees only the assessments their role covers (AssessmentPermissionPolicy,
from ScopedAssessmentQuerySet): the listing, every object view and the chooser.
"""

import django_filters
from django import forms
from django.db.models import Case, Count, IntegerField, Max, Q, When
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from curriculum_site.admin_scoping import (
    FormulaSafeIndexView,
    ScopedInspectView,
    ScopedSnippetViewSet,
)
from organisation_levels.models import ProducerGroup
from reference.models import Country
from reference.selectors import is_committee_member
from training_plans.admin_forms import AssessmentForm
from training_plans.models import NeedsAssessment, RiskAssessment
from training_plans.risk import RiskLevel
from training_plans.selectors import risk_evidence_by_rating, risk_evidence_unrated

# Risk levels are words; ranking them lets the database find each assessment's highest.
RISK_RANK = {RiskLevel.LOW: 1, RiskLevel.MEDIUM: 2, RiskLevel.HIGH: 3}
RISK_BY_RANK = {rank: level for level, rank in RISK_RANK.items()}


def assessment_scope(assessment) -> str:
    """Where an assessment applies, in words: national, one group, or a region."""
    country = assessment.country.name
    if assessment.group_id:
        return gettext("%(country)s · %(group)s") % {
            "country": country,
            "group": assessment.group.name,
        }
    region = getattr(assessment, "region", "")
    if region:
        return gettext("%(country)s · %(region)s region") % {"country": country, "region": region}
    return gettext("%(country)s · national") % {"country": country}


def _filter_countries(request):
    # Only the countries whose assessments the user may see are offered as choices.
    user = request.user
    if user.is_superuser or is_committee_member(user):
        return Country.objects.all()
    return Country.objects.filter(
        Q(pk__in=Country.objects.of_platform_member(user))
        | Q(pk__in=Country.objects.monitored_by(user))
    )


def _filter_groups(request):
    # Other countries' group names are not the user's to read, not even as filter choices.
    return ProducerGroup.objects.visible_to(request.user).select_related("country")


class AssessmentFilterSet(WagtailFilterSet):
    country = django_filters.ModelChoiceFilter(label=_("Country"), queryset=_filter_countries)
    # A period, not one exact day: "the assessments of 2026".
    assessed_on = django_filters.DateFromToRangeFilter(
        label=_("Assessed on"), widget=DateRangePickerWidget
    )
    group = django_filters.ModelChoiceFilter(label=_("Producer group"), queryset=_filter_groups)


class NeedsAssessmentFilterSet(AssessmentFilterSet):
    class Meta:
        model = NeedsAssessment
        fields = ["country", "assessed_on", "group"]


class RiskAssessmentFilterSet(AssessmentFilterSet):
    class Meta:
        model = RiskAssessment
        fields = ["country", "assessed_on", "group"]


class AssessmentIndexView(FormulaSafeIndexView):
    @cached_property
    def columns(self):
        columns = super().columns
        # The title column links to the assessment; it shows the scope, which no
        # single field holds (country, group or region).
        title = next(column for column in columns if isinstance(column, TitleColumn))
        title.label = _("Scope")
        title.accessor = assessment_scope
        title.sort_key = "country__name"
        return columns


class AssessmentAdminForm(AssessmentForm):
    """Country and group as plain lists of the user's own choices.

    Both are snippets, so Wagtail would offer its chooser, which lists every country
    and every producer group: names the user may not read, and choices the form
    refuses anyway.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("country", "group"):
            field = self.fields[name]
            field.widget = forms.Select(choices=field.choices)


class AssessmentCreateView(snippet_views.CreateView):
    def save_instance(self):
        # Who recorded the findings is a fact of the request, never a form field.
        self.form.instance.created_by = self.request.user
        return super().save_instance()


RATING_COUNT = Column("rating_count", label=_("Ratings"), sort_key="rating_count")


class AssessmentViewSet(ScopedSnippetViewSet):
    index_view_class = AssessmentIndexView
    add_view_class = AssessmentCreateView
    inspect_view_enabled = True
    search_fields = ["source", "stakeholders", "evidence"]
    # Tens of rows per country: the database answers directly, as in reference/viewsets.py.
    search_backend_name = None
    ordering = ["-assessed_on", "-pk"]
    export_headings = {"rating_count": _("Ratings")}

    @cached_property
    def edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=AssessmentAdminForm)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("country", "group")
            .annotate(rating_count=Count("ratings"), **self.extra_annotations())
        )

    def extra_annotations(self) -> dict:
        return {}


class NeedsAssessmentViewSet(AssessmentViewSet):
    model = NeedsAssessment
    icon = "list-ul"
    menu_label = _("Needs assessments")
    filterset_class = NeedsAssessmentFilterSet
    list_display = [
        "country",
        "assessed_on",
        "source",
        RATING_COUNT,
        Column("highest_priority", label=_("Highest priority"), sort_key="highest_priority"),
    ]
    list_export = ["country", "group", "assessed_on", "source", "rating_count", "highest_priority"]
    export_headings = {
        **AssessmentViewSet.export_headings,
        "highest_priority": _("Highest priority"),
    }

    def extra_annotations(self):
        return {"highest_priority": Max("ratings__priority")}


class RiskAssessmentInspectView(ScopedInspectView):
    """The assessment's fields, then each rating with its residual level and evidence."""

    template_name = "training_plans/admin/risk_assessment_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ratings_with_evidence"] = risk_evidence_by_rating(assessment=self.object)
        context["evidence_unrated"] = risk_evidence_unrated(assessment=self.object)
        return context


def _highest_risk(assessment):
    level = RISK_BY_RANK.get(assessment.highest_risk_rank)
    return level.label if level else ""


class RiskAssessmentViewSet(AssessmentViewSet):
    model = RiskAssessment
    icon = "warning"
    inspect_view_class = RiskAssessmentInspectView
    menu_label = _("Risk assessments")
    filterset_class = RiskAssessmentFilterSet
    list_display = [
        "country",
        "assessed_on",
        "source",
        RATING_COUNT,
        Column(
            "highest_risk",
            # The residual level where mitigation set one (decision 0030-rss-actions).
            label=_("Highest risk (residual where rated)"),
            accessor=_highest_risk,
            sort_key="highest_risk_rank",
        ),
    ]
    list_export = ["country", "group", "region", "assessed_on", "source", "rating_count"]

    def extra_annotations(self):
        return {
            "highest_risk_rank": Max(
                Case(
                    *(
                        When(ratings__effective_level=level, then=rank)
                        for level, rank in RISK_RANK.items()
                    ),
                    output_field=IntegerField(),
                )
            )
        }


class NeedsAndRisksViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Needs and risks")
    menu_icon = "warning"
    menu_order = 320
    items = (NeedsAssessmentViewSet, RiskAssessmentViewSet)

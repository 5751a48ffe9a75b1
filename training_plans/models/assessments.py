"""RSS step 2: what a country or a group needs (2.b) and which core risks it runs (2.a)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from organisation_levels.models import ProducerGroup
from reference.localized import core_risks_only, originals_only, support_areas_only
from reference.models import Country
from reference.selectors import is_committee_member
from training_plans.admin_forms import AssessmentForm
from training_plans.risk import LOWEST_HIGH_SCORE, LOWEST_MEDIUM_SCORE, RiskLevel


def _level_of(score):
    """The database expression of training_plans.risk.risk_level for a score expression."""
    return Case(
        When(GreaterThanOrEqual(score, LOWEST_HIGH_SCORE), then=Value(RiskLevel.HIGH.value)),
        When(GreaterThanOrEqual(score, LOWEST_MEDIUM_SCORE), then=Value(RiskLevel.MEDIUM.value)),
        default=Value(RiskLevel.LOW.value),
    )


RESIDUAL_SET = Q(residual_likelihood__isnull=False, residual_severity__isnull=False)

PRIORITY_CHOICES = [
    (1, _("1 · very low")),
    (2, _("2 · low")),
    (3, _("3 · medium")),
    (4, _("4 · high")),
    (5, _("5 · very high")),
]
RATING_CHOICES = [
    (1, _("1 · very unlikely / minor")),
    (2, _("2")),
    (3, _("3")),
    (4, _("4")),
    (5, _("5 · almost certain / severe")),
]
ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class ScopedAssessmentQuerySet(models.QuerySet):
    """Who sees and changes which assessments; the same rules as for producer groups.

    A national platform sees and changes its country's assessments (national and
    per group); a group's manager sees its country's national assessment and the
    group's own, and changes the group's; the committee reads all; a monitoring
    viewer reads the countries granted to them.
    """

    def visible_to(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser or is_committee_member(user):
            return self
        groups = ProducerGroup.objects.visible_to(user)
        # A national assessment is read by whoever sees the country: its platform, its
        # granted viewers, and the managers of its groups.
        countries = (
            Country.objects.filter(producer_groups__in=groups)
            | Country.objects.of_platform_member(user)
            | Country.objects.monitored_by(user)
        )
        return self.filter(
            Q(group__in=groups) | Q(group__isnull=True, country__in=countries.values("pk"))
        ).distinct()

    def changeable_by(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(country__national_platform_group__in=user.groups.all())
            | Q(group__in=ProducerGroup.objects.changeable_by(user))
        ).distinct()

    def removable_by(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(country__national_platform_group__in=user.groups.all())


class ScopedAssessment(ClusterableModel):
    """What needs and risk assessments share: where, when, from what and from whom."""

    # `country` and `group` are declared on each assessment, with its own reverse name.
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("Where the findings come from, e.g. “SCAN national needs assessment 2026”."),
    )
    stakeholders = models.TextField(
        _("stakeholders consulted"),
        blank=True,
        help_text=_("Who was asked: members, buyers, extension services, NGOs…"),
    )
    evidence = models.TextField(
        _("evidence and findings"),
        blank=True,
        help_text=_("What was seen or heard that supports the ratings."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedAssessmentQuerySet.as_manager()
    base_form_class = AssessmentForm

    class Meta:
        abstract = True
        ordering = ["-assessed_on", "-pk"]

    def clean(self):
        # A group's assessment belongs to the group's country, whatever was chosen.
        if self.group_id:
            self.country_id = self.group.country_id
        if self.assessed_on and self.assessed_on > timezone.localdate():
            raise ValidationError({"assessed_on": _("The date cannot be in the future.")})

    @property
    def scope_label(self):
        return self.group.name if self.group_id else self.country.name


class NeedsAssessment(ScopedAssessment):
    """RSS step 2.b: how much a country (national assessment) or a group needs support."""

    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="needs_assessments",
    )
    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="needs_assessments",
        help_text=_(
            "For a field consultation with one group. Leave empty for the country's "
            "national needs assessment."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("country"), FieldPanel("group")]),
        FieldRowPanel([FieldPanel("assessed_on"), FieldPanel("source")]),
        InlinePanel(
            "ratings",
            heading=_("Priorities"),
            label=_("Priority"),
            help_text=_("Rate each support area or theme from 1 (very low) to 5 (very high)."),
        ),
        MultiFieldPanel(
            [FieldPanel("stakeholders"), FieldPanel("evidence")],
            heading=_("Stakeholders and evidence"),
        ),
    ]

    class Meta(ScopedAssessment.Meta):
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self):
        return _("Needs of %(scope)s, %(date)s") % {
            "scope": self.scope_label,
            "date": self.assessed_on,
        }


class NeedRating(Orderable):
    """The priority of one support area or one theme, 1 to 5."""

    assessment = ParentalKey(NeedsAssessment, on_delete=models.CASCADE, related_name="ratings")
    need_area = models.ForeignKey(
        "reference.NeedArea",
        verbose_name=_("support area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to=support_areas_only,
        related_name="+",
    )
    theme = models.ForeignKey(
        "reference.Theme",
        verbose_name=_("or theme"),
        limit_choices_to=originals_only,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=PRIORITY_CHOICES, validators=ONE_TO_FIVE
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    panels = [
        # Plain selects: they honour `limit_choices_to` (support areas only), choosers do not.
        FieldRowPanel(
            [
                FieldPanel("need_area", widget=forms.Select),
                FieldPanel("theme", widget=forms.Select),
                FieldPanel("priority"),
            ]
        ),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [
            models.CheckConstraint(
                condition=Q(need_area__isnull=True) ^ Q(theme__isnull=True),
                name="need_rating_rates_one_thing",
            ),
            # Each subject once per assessment, whatever screen or import wrote it.
            models.UniqueConstraint(
                fields=["assessment", "need_area"], name="need_area_rated_once"
            ),
            models.UniqueConstraint(fields=["assessment", "theme"], name="theme_rated_once"),
        ]

    def clean(self):
        if bool(self.need_area_id) == bool(self.theme_id):
            raise ValidationError(_("Choose either a support area or a theme, not both."))

    @property
    def subject(self):
        return self.need_area if self.need_area_id else self.theme


class RiskAssessment(ScopedAssessment):
    """RSS step 2.a: the three core risks for one group, or for a region of a country."""

    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="risk_assessments",
    )
    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="risk_assessments",
        help_text=_("For one group. Leave empty and name the region to assess a whole region."),
    )
    region = models.CharField(
        _("region"),
        max_length=120,
        blank=True,
        help_text=_("The region or district, as written on its producer groups."),
    )

    panels = [
        FieldRowPanel([FieldPanel("country"), FieldPanel("group"), FieldPanel("region")]),
        FieldRowPanel([FieldPanel("assessed_on"), FieldPanel("source")]),
        InlinePanel(
            "ratings",
            heading=_("Core risks"),
            label=_("Risk"),
            help_text=_(
                "Likelihood times severity gives the level: 15 or more is high, 8 to 12 medium, "
                "6 or less low. Where mitigation is in place, rate the residual risk too: "
                "plans and dashboards then use the residual level."
            ),
        ),
        InlinePanel(
            "evidence_rows",
            heading=_("Evidence"),
            label=_("Evidence"),
            help_text=_(
                "What each rating rests on: flagged plots, undocumented tenure, labour "
                "findings from visits, desk data. Each row names the core risk it supports."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("stakeholders"), FieldPanel("evidence")],
            heading=_("Stakeholders and other findings"),
        ),
    ]

    class Meta(ScopedAssessment.Meta):
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    def __str__(self):
        scope = self.group.name if self.group_id else f"{self.region}, {self.country.name}"
        return _("Risks of %(scope)s, %(date)s") % {"scope": scope, "date": self.assessed_on}

    def clean(self):
        super().clean()
        self.region = " ".join(self.region.split())
        if self.group_id:
            self.region = self.group.region
        elif not self.region:
            raise ValidationError(
                {"region": _("Name the region, or choose the producer group assessed.")}
            )


class RiskRating(Orderable):
    """One core risk rated by likelihood and severity; the level follows (training_plans.risk)."""

    assessment = ParentalKey(RiskAssessment, on_delete=models.CASCADE, related_name="ratings")
    core_risk = models.ForeignKey(
        "reference.NeedArea",
        verbose_name=_("core risk"),
        on_delete=models.PROTECT,
        limit_choices_to=core_risks_only,
        related_name="+",
    )
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"),
        choices=RATING_CHOICES,
        validators=ONE_TO_FIVE,
        help_text=_("How likely it is to happen here, 1 to 5."),
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"),
        choices=RATING_CHOICES,
        validators=ONE_TO_FIVE,
        help_text=_("How bad the harm would be, 1 to 5."),
    )
    # Computed by the database from the two ratings, so it can never disagree with them.
    level = models.GeneratedField(
        expression=_level_of(F("likelihood") * F("severity")),
        output_field=models.CharField(max_length=6, choices=RiskLevel.choices),
        db_persist=True,
        verbose_name=_("level"),
    )
    existing_mitigation = models.TextField(
        _("existing mitigation"),
        blank=True,
        help_text=_("What is already done about it, e.g. “farm boundaries mapped in 2025”."),
    )
    mitigation_verified_on = models.DateField(
        _("mitigation verified on"),
        null=True,
        blank=True,
        help_text=_("The day a field visit saw the mitigation in place."),
    )
    mitigation_verified_by = models.CharField(
        _("verified by"),
        max_length=200,
        blank=True,
        help_text=_("Who verified it and how, e.g. “field visit by the ICS officer”."),
    )
    # The session or visit logged in the trainer app, by the id the phone gave it: training
    # delivery sits on a floor above training plans, so no foreign key (decision 0030-rss-actions).
    mitigation_visit = models.UUIDField(
        _("visit logged in the trainer app"),
        null=True,
        blank=True,
        help_text=_("Optional: the id of the logged session or visit that verified it."),
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood"),
        choices=RATING_CHOICES,
        validators=ONE_TO_FIVE,
        null=True,
        blank=True,
        help_text=_("How likely it is with the mitigation in place, 1 to 5."),
    )
    residual_severity = models.PositiveSmallIntegerField(
        _("residual severity"),
        choices=RATING_CHOICES,
        validators=ONE_TO_FIVE,
        null=True,
        blank=True,
        help_text=_("How bad the harm would be with the mitigation in place, 1 to 5."),
    )
    residual_level = models.GeneratedField(
        expression=Case(
            When(RESIDUAL_SET, then=_level_of(F("residual_likelihood") * F("residual_severity"))),
            default=Value(None),
        ),
        output_field=models.CharField(max_length=6, choices=RiskLevel.choices, null=True),
        db_persist=True,
        verbose_name=_("residual level"),
    )
    # What plans and dashboards read: the residual level where set (decision 0030-rss-actions).
    effective_level = models.GeneratedField(
        expression=Case(
            When(RESIDUAL_SET, then=_level_of(F("residual_likelihood") * F("residual_severity"))),
            default=_level_of(F("likelihood") * F("severity")),
        ),
        output_field=models.CharField(max_length=6, choices=RiskLevel.choices),
        db_persist=True,
        verbose_name=_("level used"),
    )

    panels = [
        FieldRowPanel([FieldPanel("core_risk"), FieldPanel("likelihood"), FieldPanel("severity")]),
        FieldPanel("existing_mitigation"),
        FieldRowPanel(
            [
                FieldPanel("mitigation_verified_on"),
                FieldPanel("mitigation_verified_by"),
                FieldPanel("mitigation_visit"),
            ]
        ),
        FieldRowPanel([FieldPanel("residual_likelihood"), FieldPanel("residual_severity")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("risk rating")
        verbose_name_plural = _("risk ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "core_risk"], name="core_risk_rated_once"
            ),
            # Both residual ratings or neither, whatever screen or import wrote them.
            models.CheckConstraint(
                condition=Q(residual_likelihood__isnull=True, residual_severity__isnull=True)
                | RESIDUAL_SET,
                name="residual_rated_whole",
            ),
        ]

    def __str__(self):
        return f"{self.core_risk}: {self.level_label}"

    # Generated fields get no get_FOO_display(): the levels in words, for pages and forms.
    @property
    def level_label(self) -> str:
        return RiskLevel(self.level).label if self.level else ""

    @property
    def residual_level_label(self) -> str:
        return RiskLevel(self.residual_level).label if self.residual_level else ""

    @property
    def effective_level_label(self) -> str:
        return RiskLevel(self.effective_level).label if self.effective_level else ""

    def clean(self):
        errors = {}
        residual = (self.residual_likelihood, self.residual_severity)
        if any(value is not None for value in residual):
            if self.residual_likelihood is None:
                errors["residual_likelihood"] = _("Rate the residual likelihood too.")
            if self.residual_severity is None:
                errors["residual_severity"] = _("Rate the residual severity too.")
            if not self.existing_mitigation.strip():
                errors["existing_mitigation"] = _(
                    "A residual risk rests on mitigation in place: say what it is."
                )
            # Mitigation lowers a risk; it never makes it likelier or worse.
            for name, inherent in (
                ("residual_likelihood", self.likelihood),
                ("residual_severity", self.severity),
            ):
                value = getattr(self, name)
                if value is not None and inherent is not None and value > inherent:
                    errors.setdefault(
                        name,
                        _("The residual rating cannot be above the rating without mitigation."),
                    )
        if self.mitigation_verified_on and self.mitigation_verified_on > timezone.localdate():
            errors["mitigation_verified_on"] = _("The date cannot be in the future.")
        if (self.mitigation_verified_on or self.mitigation_verified_by.strip()) and not (
            self.existing_mitigation.strip()
        ):
            errors.setdefault("existing_mitigation", _("Say which mitigation the visit verified."))
        if errors:
            raise ValidationError(errors)

    @property
    def residual_score(self):
        if self.residual_likelihood is None or self.residual_severity is None:
            return None
        return self.residual_likelihood * self.residual_severity


class RiskEvidence(Orderable):
    """One piece of evidence a risk rating rests on (issue 20, point 4).

    Rows belong to the assessment and name the core risk they support, so the admin edits
    them beside the ratings (Wagtail has no inline inside an inline). Higher apps, such as
    the supply base's deforestation check, add rows through
    `training_plans.services.risk_evidence_add`, keyed by `source_key` so a check run
    again updates its row instead of adding another.
    """

    class Kind(models.TextChoices):
        FLAGGED_PLOTS = "flagged_plots", _("Plots flagged for forest loss")
        UNDOCUMENTED_TENURE = "undocumented_tenure", _("Plots without documented tenure")
        LABOUR_FINDINGS = "labour_findings", _("Labour findings from visits")
        DESK_DATA = "desk_data", _("Desk data (maps, reports, statistics)")
        CONSULTATION = "consultation", _("Consultation or grievances")
        OTHER = "other", _("Other")

    assessment = ParentalKey(RiskAssessment, on_delete=models.CASCADE, related_name="evidence_rows")
    core_risk = models.ForeignKey(
        "reference.NeedArea",
        verbose_name=_("core risk"),
        on_delete=models.PROTECT,
        limit_choices_to=core_risks_only,
        related_name="+",
        help_text=_("The rating this evidence supports."),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = models.CharField(
        _("description"),
        max_length=500,
        help_text=_("What was found, e.g. “3 plots overlap forest loss after 2020”."),
    )
    figure = models.DecimalField(
        _("count or figure"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("A number that measures it, when there is one: plots, hectares, cases."),
    )
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("e.g. plots, ha, workers.")
    )
    observed_on = models.DateField(_("date"), help_text=_("When it was found or measured."))
    link = models.URLField(_("link"), blank=True, help_text=_("Optional: a map, report or file."))
    # Set by the app that wrote the row ("supply_base:deforestation"), empty when typed in.
    source_key = models.CharField(_("written by"), max_length=100, blank=True, editable=False)

    panels = [
        FieldRowPanel(
            [
                FieldPanel("core_risk", widget=forms.Select),
                FieldPanel("kind"),
                FieldPanel("observed_on"),
            ]
        ),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("figure"), FieldPanel("unit"), FieldPanel("link")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "core_risk", "source_key"],
                condition=~Q(source_key=""),
                name="evidence_once_per_source",
            )
        ]

    def __str__(self):
        return self.description

    def clean(self):
        if self.observed_on and self.observed_on > timezone.localdate():
            raise ValidationError({"observed_on": _("The date cannot be in the future.")})

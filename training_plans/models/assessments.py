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
                "6 or less low."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("stakeholders"), FieldPanel("evidence")],
            heading=_("Stakeholders and evidence"),
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
        expression=Case(
            When(
                GreaterThanOrEqual(F("likelihood") * F("severity"), LOWEST_HIGH_SCORE),
                then=Value(RiskLevel.HIGH.value),
            ),
            When(
                GreaterThanOrEqual(F("likelihood") * F("severity"), LOWEST_MEDIUM_SCORE),
                then=Value(RiskLevel.MEDIUM.value),
            ),
            default=Value(RiskLevel.LOW.value),
        ),
        output_field=models.CharField(max_length=6, choices=RiskLevel.choices),
        db_persist=True,
        verbose_name=_("level"),
    )
    existing_mitigation = models.TextField(
        _("existing mitigation"),
        blank=True,
        help_text=_("What is already done about it, e.g. “farm boundaries mapped in 2025”."),
    )

    panels = [
        FieldRowPanel([FieldPanel("core_risk"), FieldPanel("likelihood"), FieldPanel("severity")]),
        FieldPanel("existing_mitigation"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("risk rating")
        verbose_name_plural = _("risk ratings")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "core_risk"], name="core_risk_rated_once")
        ]

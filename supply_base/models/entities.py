"""RSS step 1, preparation and scoping: the implementing entity, its scopes, the supply
base in each scope and the volumes bought from each farmer (issue 20, point 1)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from reference.localized import originals_only
from reference.scoping import CountryScopedQuerySet


class EntityKind(models.TextChoices):
    """The supply-chain companies and organisations the RSS framework names."""

    MILL = "mill", _("Mill")
    TRADER = "trader", _("Trader")
    COOPERATIVE = "cooperative", _("Cooperative")
    NGO = "ngo", _("NGO")
    OTHER = "other", _("Other")


class ImplementingEntityQuerySet(CountryScopedQuerySet):
    country_path = "country"


class ImplementingEntity(models.Model):
    """The company or organisation that runs RSS with the smallholders it sources from."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="implementing_entities",
        help_text=_("The country whose national platform follows this entity's RSS work."),
    )
    lead_person = models.CharField(
        _("lead person"),
        max_length=150,
        help_text=_("The person who leads RSS in the entity and answers for it."),
    )
    lead_email = models.EmailField(_("lead person's e-mail"), blank=True)
    lead_phone = models.CharField(_("lead person's phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ImplementingEntityQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldPanel("country"),
        MultiFieldPanel(
            [
                FieldPanel("lead_person"),
                FieldRowPanel([FieldPanel("lead_email"), FieldPanel("lead_phone")]),
            ],
            heading=_("Lead person"),
        ),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["country__name", "name"]
        verbose_name = _("implementing entity")
        verbose_name_plural = _("implementing entities")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="unique_entity_in_country")
        ]

    def __str__(self):
        return self.name


class SupplyScopeQuerySet(CountryScopedQuerySet):
    country_path = "entity__country"


class SupplyScope(ClusterableModel):
    """One RSS scope of an entity: where, which commodities, which groups, with what means."""

    entity = models.ForeignKey(
        ImplementingEntity,
        verbose_name=_("implementing entity"),
        on_delete=models.CASCADE,
        related_name="scopes",
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Such as “Cocoa, Ashanti region, 2026-2028”.")
    )
    geography = models.TextField(
        _("geography"),
        help_text=_("The regions, districts or sourcing areas the scope covers."),
    )
    commodities = ParentalManyToManyField(
        "reference.Commodity",
        verbose_name=_("commodities"),
        related_name="supply_scopes",
        limit_choices_to=originals_only,
    )
    groups = ParentalManyToManyField(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer groups in the supply base"),
        related_name="supply_scopes",
        blank=True,
        help_text=_(
            "The groups the entity sources from. Their roster farmers are the scope's "
            "supply base; only groups of the entity's country can be chosen."
        ),
    )
    objectives = models.TextField(_("objectives"), blank=True)
    existing_activities = models.TextField(
        _("existing activities"),
        blank=True,
        help_text=_("Support the smallholders already receive, from the entity or others."),
    )
    resources = models.TextField(
        _("resources"), blank=True, help_text=_("People, partners and tools the entity commits.")
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("Three letters, such as USD or GHS.")
    )
    consultation_mechanism = models.TextField(
        _("consultation mechanism"),
        blank=True,
        help_text=_("How the smallholders and other stakeholders are consulted and heard."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = SupplyScopeQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("entity"), FieldPanel("name")]),
        FieldPanel("geography"),
        FieldPanel("commodities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("groups"),
        MultiFieldPanel(
            [
                FieldPanel("objectives"),
                FieldPanel("existing_activities"),
                FieldPanel("resources"),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("budget_currency")]),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            ],
            heading=_("Objectives and means"),
        ),
        FieldPanel("consultation_mechanism"),
    ]

    class Meta:
        ordering = ["entity__name", "name"]
        verbose_name = _("RSS scope")
        verbose_name_plural = _("RSS scopes")

    def __str__(self):
        return f"{self.entity} · {self.name}"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The scope must end after it starts.")
        if self.budget is not None and not self.budget_currency:
            errors["budget_currency"] = _("Give the currency of the budget.")
        if errors:
            raise ValidationError(errors)


class FarmerVolumeQuerySet(CountryScopedQuerySet):
    country_path = "scope__entity__country"


class FarmerVolume(models.Model):
    """What the entity bought from one roster farmer in one season, of one commodity."""

    scope = models.ForeignKey(
        SupplyScope, verbose_name=_("RSS scope"), on_delete=models.CASCADE, related_name="volumes"
    )
    farmer = models.ForeignKey(
        "training_delivery.Farmer",
        verbose_name=_("farmer"),
        on_delete=models.CASCADE,
        related_name="volumes_bought",
    )
    season = models.CharField(
        _("season"), max_length=20, help_text=_("As the buyer names it, such as 2025/26.")
    )
    commodity = models.ForeignKey(
        "reference.Commodity", verbose_name=_("commodity"), on_delete=models.PROTECT
    )
    volume_kg = models.DecimalField(
        _("volume (kg)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    objects = FarmerVolumeQuerySet.as_manager()

    class Meta:
        ordering = ["scope", "season", "farmer"]
        verbose_name = _("volume bought")
        verbose_name_plural = _("volumes bought")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "farmer", "season", "commodity"],
                name="unique_volume_per_farmer_season",
            )
        ]

    def __str__(self):
        return f"{self.farmer} · {self.season} · {self.volume_kg} kg"

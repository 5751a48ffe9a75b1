"""The ground floor's data: the vocabularies modules are tagged with, the countries, and the
organisation levels. Edited as snippets (the committee keeps the vocabularies and levels).

A few dozen rows each: the admin searches them in the database (no search index).

These models were made in the `modules` and `organisation_levels` apps and moved here
without touching the database (decision 0017): each keeps its table, named after the
app it was made in.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail_localize.fields import SynchronizedField, TranslatableField

from reference import roles
from reference.localized import LocalizedMixin, originals_only

SLUG_HELP = _("Short name used in web addresses and filters. Letters, digits and hyphens only.")


class Taxonomy(LocalizedMixin, models.Model):
    """A named, sluggable term with a description, translatable (decision 0020).

    Names and slugs are unique in each language; a translation keeps the original's slug
    (it is synchronised, never offered to translators), and everything points at the
    original row.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, help_text=SLUG_HELP)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    # What translators are offered; the slug is the same in every language.
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
    ]

    class Meta(LocalizedMixin.Meta):
        abstract = True
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "name"], name="%(app_label)s_%(class)s_name_in_locale"
            ),
            models.UniqueConstraint(
                fields=["locale", "slug"], name="%(app_label)s_%(class)s_slug_in_locale"
            ),
        ]

    def __str__(self):
        return self.localized.name


class Theme(Taxonomy):
    """A priority theme of the generic curriculum (SCAN)."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        db_table = "modules_theme"


class NeedArea(Taxonomy):
    """An RSS core risk issue (pillar 1) or support area (pillar 2)."""

    class Kind(models.TextChoices):
        CORE_RISK = "core_risk", _("Core risk issue")
        SUPPORT_AREA = "support_area", _("Support area")

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        help_text=_(
            "Core risk issues are assessed by likelihood and severity; support areas by need."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("description")]
    translatable_fields = [*Taxonomy.translatable_fields, SynchronizedField("kind")]

    class Meta(Taxonomy.Meta):
        ordering = ["kind", "name"]
        verbose_name = _("need or risk area")
        verbose_name_plural = _("need and risk areas")
        db_table = "modules_needarea"


class Standard(Taxonomy):
    """A sustainability standard or management-system norm a module helps a group meet."""

    website = models.URLField(_("website"), blank=True)

    panels = [*Taxonomy.panels, FieldPanel("website")]
    translatable_fields = [*Taxonomy.translatable_fields, SynchronizedField("website")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        db_table = "modules_standard"


class Commodity(Taxonomy):
    """A crop the producer groups grow and sell."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("commodity")
        verbose_name_plural = _("commodities")
        db_table = "modules_commodity"


class DeliveryMethod(Taxonomy):
    """A way a trainer delivers a module: farmer field school, workshop, one-to-one, call."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("delivery method")
        verbose_name_plural = _("delivery methods")
        db_table = "modules_deliverymethod"


class CountryQuerySet(models.QuerySet):
    def of_platform_member(self, user):
        """The countries whose national platform `user` belongs to."""
        return self.filter(national_platform_group__in=user.groups.all())

    def monitored_by(self, user):
        """The countries a monitoring viewer (buyer, donor, M&E) was granted read access to.

        Only while they hold the Monitoring viewers role.
        """
        return self.filter(
            monitoring_viewers=user, monitoring_viewers__groups__name=roles.MONITORING_VIEWERS
        )


class Country(models.Model):
    """A country with a national platform. Its languages are Wagtail locales."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, help_text=SLUG_HELP)
    iso_code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_("Two-letter ISO 3166 code, e.g. GH for Ghana."),
    )
    languages = models.ManyToManyField(
        "wagtailcore.Locale",
        verbose_name=_("languages"),
        related_name="countries",
        help_text=_("Languages the national curriculum of this country is published in."),
    )
    national_platform_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("national platform group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="platform_country",
        help_text=_(
            "The user group of this country's national platform; created with the country."
        ),
    )

    # What the country's producer groups grow: its level paths leave out modules written
    # for other crops only (decision 0022). Empty: every module.
    commodities = models.ManyToManyField(
        "reference.Commodity",
        verbose_name=_("commodities"),
        blank=True,
        related_name="countries",
        # Links point at the original terms; a translation only lends its words (0020).
        limit_choices_to=originals_only,
        help_text=_(
            "The crops this country's groups grow. Its level paths leave out modules written "
            "only for other crops; leave empty to offer every module."
        ),
    )

    # The grant lives on the country, not on the role, because a buyer or donor
    # follows some countries only (DESIGN.md: "the countries they are granted").
    monitoring_viewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("monitoring viewers"),
        blank=True,
        related_name="monitored_countries",
        limit_choices_to={"groups__name": roles.MONITORING_VIEWERS},
        help_text=_(
            "Buyers, donors or M&E staff (in the “Monitoring viewers” role) who may read "
            "this country's producer groups, dashboards and reports, without changing them."
        ),
    )

    objects = CountryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("iso_code"),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("commodities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("monitoring_viewers"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        db_table = "modules_country"

    def __str__(self):
        return self.name

    def clean(self):
        # "gh" and "GH" are the same country; keep one spelling so uniqueness holds.
        self.iso_code = (self.iso_code or "").upper()


class OrganisationLevel(LocalizedMixin, models.Model):
    """How organised a producer group is (seed 002): Low < Moderate < Adequate < Specialized.

    The rank gives the order; what makes a group one level or another is decided
    by a rubric kept as data (the level assessment), not by this table.
    """

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(
        _("slug"),
        help_text=_("Short name used in web addresses and filters, e.g. 'moderate'."),
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"),
        help_text=_("Position from least to most organised: 1 is the lowest level."),
    )
    description = models.TextField(
        _("description"), help_text=_("What a producer group at this level looks like.")
    )
    training_focus = models.TextField(
        _("training focus"),
        help_text=_("What training for groups at this level concentrates on."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("rank"),
        FieldPanel("description"),
        FieldPanel("training_focus"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        TranslatableField("training_focus"),
        SynchronizedField("slug"),
        SynchronizedField("rank"),
    ]

    class Meta(LocalizedMixin.Meta):
        ordering = ["rank"]
        verbose_name = _("organisation level")
        verbose_name_plural = _("organisation levels")
        db_table = "organisation_levels_organisationlevel"
        constraints = [
            models.UniqueConstraint(fields=["locale", "name"], name="level_name_in_locale"),
            models.UniqueConstraint(fields=["locale", "slug"], name="level_slug_in_locale"),
            models.UniqueConstraint(fields=["locale", "rank"], name="level_rank_in_locale"),
        ]

    def __str__(self):
        return self.localized.name

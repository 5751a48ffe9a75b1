"""Farms and plots (issue 20, point 2): where each roster farmer grows what, and on what tenure.

A plot's location is GeoJSON (a Point or a Polygon, longitude and latitude on WGS 84)
kept in a JSON field rather than a PostGIS column: the site runs on SQLite as well
(DESIGN.md), and every spatial question asked of plots (checks, areas, overlaps with
forest loss) is answered in Python with shapely and pyproj (decision
0029-supply-base-geometry).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from organisation_levels.models import ProducerGroup
from reference.localized import originals_only


class Tenure(models.TextChoices):
    DOCUMENTED = "documented", _("Documented")
    UNDOCUMENTED = "undocumented", _("Not documented")
    UNKNOWN = "unknown", _("Not known yet")


class TenureDocument(models.TextChoices):
    """How a documented tenure is documented."""

    TITLE = "title", _("Land title")
    CUSTOMARY = "customary", _("Customary certificate or chief's letter")
    LEASE = "lease", _("Lease or sharecropping contract")
    COMMUNITY = "community", _("Community land register")
    OTHER = "other", _("Other document")


class PlotSource(models.TextChoices):
    WALKED = "walked", _("Walked with a phone")
    IMPORTED = "imported", _("Imported from a file")
    TYPED = "typed", _("Entered in the admin")


class PlotQuerySet(models.QuerySet):
    """A plot is seen by whoever sees its farmer on the roster (the group's platform,
    managers and trainers) and kept by whoever keeps the roster (platform, managers)."""

    def visible_to(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        kept = ProducerGroup.objects.changeable_by(user).values("pk")
        return self.filter(Q(farmer__group__in=kept) | Q(farmer__group__trainers=user)).distinct()

    def changeable_by(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(farmer__group__in=ProducerGroup.objects.changeable_by(user).values("pk"))

    def removable_by(self, user):
        return self.changeable_by(user)


class PlotImport(models.Model):
    """One uploaded file of plots, kept by its fingerprint so the same file is not
    imported twice."""

    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.CASCADE,
        related_name="plot_imports",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("fingerprint"), max_length=64)
    plots = models.PositiveIntegerField(_("plots"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("plot import")
        verbose_name_plural = _("plot imports")
        constraints = [
            models.UniqueConstraint(fields=["group", "sha256"], name="unique_plot_file_per_group")
        ]

    def __str__(self):
        return self.file_name


class Plot(models.Model):
    """One plot of one roster farmer."""

    # Made by the phone that walked it (or by the server for imports): a walk sent twice
    # is stored once (decision 0012's rule for sessions).
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    farmer = models.ForeignKey(
        "training_delivery.Farmer",
        verbose_name=_("farmer"),
        on_delete=models.CASCADE,
        related_name="plots",
    )
    name = models.CharField(
        _("plot name"), max_length=120, blank=True, help_text=_("How the farmer calls it.")
    )
    commodity = models.ForeignKey(
        "reference.Commodity",
        verbose_name=_("crop"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plots",
        limit_choices_to=originals_only,
    )
    tenure = models.CharField(
        _("tenure"), max_length=20, choices=Tenure.choices, default=Tenure.UNKNOWN
    )
    tenure_document = models.CharField(
        _("tenure documented by"),
        max_length=20,
        choices=TenureDocument.choices,
        blank=True,
        help_text=_("Which document shows the farmer's right to the land."),
    )
    tenure_notes = models.CharField(_("tenure notes"), max_length=500, blank=True)
    geometry = models.JSONField(
        _("location"),
        help_text=_(
            "GeoJSON: a Point or a Polygon in longitude and latitude (WGS 84). Plots above "
            "4 hectares need a polygon for due-diligence statements."
        ),
    )
    area_ha = models.DecimalField(
        _("area (ha)"),
        max_digits=10,
        decimal_places=4,
        help_text=_("Measured on the ellipsoid for a polygon; as declared for a point."),
    )
    # The centre, for listings and the map's frame without reading the geometry.
    longitude = models.FloatField(_("longitude"))
    latitude = models.FloatField(_("latitude"))
    source = models.CharField(
        _("source"), max_length=20, choices=PlotSource.choices, default=PlotSource.TYPED
    )
    imported_from = models.ForeignKey(
        PlotImport,
        verbose_name=_("imported from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plot_set",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = PlotQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("farmer"), FieldPanel("name")]),
        FieldPanel("commodity"),
        MultiFieldPanel(
            [
                FieldPanel("tenure"),
                FieldPanel("tenure_document"),
                FieldPanel("tenure_notes"),
            ],
            heading=_("Tenure"),
        ),
        FieldPanel("geometry"),
        FieldPanel("area_ha"),
    ]

    class Meta:
        ordering = ["farmer__group__name", "farmer__member_code", "name"]
        verbose_name = _("plot")
        verbose_name_plural = _("plots")

    def __str__(self):
        return self.name or _("Plot of %(farmer)s") % {"farmer": self.farmer.member_code}

    @property
    def is_polygon(self) -> bool:
        return (self.geometry or {}).get("type") == "Polygon"

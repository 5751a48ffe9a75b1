"""Forest-loss layers and the plots they flag (issue 20, point 3)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from reference.scoping import CountryScopedQuerySet


class ForestLossLayerQuerySet(CountryScopedQuerySet):
    country_path = "country"


class ForestLossLayer(models.Model):
    """A map of forest loss a national platform uploaded, with the cut-off date that
    counts: loss after it on a plot flags the plot (the EU regulation's date is
    31 December 2020)."""

    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="forest_loss_layers",
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Such as “Global Forest Watch, loss 2021-2025”.")
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the map comes from.")
    )
    cut_off_date = models.DateField(
        _("cut-off date"),
        help_text=_("Forest lost after this day flags the plots it overlaps."),
    )
    areas_count = models.PositiveIntegerField(_("loss areas"), default=0, editable=False)
    sha256 = models.CharField(_("fingerprint"), max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("plots last checked at"), null=True, editable=False)

    objects = ForestLossLayerQuerySet.as_manager()

    # The cut-off is read-only once uploaded: loss on or before it was left out of the
    # stored areas, so a later date could not bring it back. Upload the file again instead.
    panels = [FieldPanel("name"), FieldPanel("source"), FieldPanel("cut_off_date", read_only=True)]

    class Meta:
        ordering = ["country__name", "-uploaded_at"]
        verbose_name = _("forest-loss layer")
        verbose_name_plural = _("forest-loss layers")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "sha256"], name="unique_loss_file_per_country"
            )
        ]

    def __str__(self):
        return self.name


class ForestLossArea(models.Model):
    """One polygon of forest lost, with when it was lost when the file says."""

    layer = models.ForeignKey(ForestLossLayer, on_delete=models.CASCADE, related_name="areas")
    geometry = models.JSONField()
    # Empty when the file gives no date: the whole layer is then loss after its cut-off,
    # as the platform declares by uploading it with that date.
    lost_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("forest-loss area")
        verbose_name_plural = _("forest-loss areas")

    def __str__(self):
        return f"{self.layer_id} · {self.pk}"


class DeforestationFlag(models.Model):
    """A plot overlapping forest lost after a layer's cut-off, and by how much."""

    plot = models.ForeignKey(
        "supply_base.Plot",
        verbose_name=_("plot"),
        on_delete=models.CASCADE,
        related_name="deforestation_flags",
    )
    layer = models.ForeignKey(
        ForestLossLayer,
        verbose_name=_("forest-loss layer"),
        on_delete=models.CASCADE,
        related_name="flags",
    )
    overlap_ha = models.DecimalField(_("overlap (ha)"), max_digits=10, decimal_places=4)
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)

    class Meta:
        ordering = ["-overlap_ha"]
        verbose_name = _("deforestation flag")
        verbose_name_plural = _("deforestation flags")
        constraints = [
            models.UniqueConstraint(fields=["plot", "layer"], name="unique_flag_per_plot_layer")
        ]

    def __str__(self):
        return f"{self.plot} · {self.overlap_ha} ha"

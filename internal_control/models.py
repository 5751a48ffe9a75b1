"""One internal control system for several standards (issue 21, points 1 and 2).

SCAN's founding note: a producer group should keep only one internal control system
(QMS) even when it wants to comply with several standards. So the standards'
requirements are data the committee keeps (`RequirementCatalogue`, one version of one
standard's list, and its `Requirement`s), and the group's single system is a set of
`ControlPoint`s; each requirement is covered by one or more control points, and one
control point can satisfy requirements of several standards. The crosswalk
(`selectors.crosswalk`) shows, per standard, what covers each requirement and what is
not covered yet.

Catalogues are versioned like the level rubric: a draft is edited (by hand or from a
spreadsheet); once active it is frozen, because inspections will cite it; a change is a
new version, copied from the active one, which retires it when activated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class AppliesTo(models.TextChoices):
    GROUP = "group", _("The group")
    MEMBER = "member", _("Each member")


class ControlPoint(index.Indexed, models.Model):
    """One thing the group's internal control system checks, whatever standard asks for it."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short and stable, such as ICS-07; inspections and reports cite it."),
    )
    title = models.CharField(_("title"), max_length=200)
    what_to_check = models.TextField(
        _("what the inspector checks"),
        help_text=_("What the internal inspector looks at or asks, and what counts as met."),
    )
    applies_to = models.CharField(
        _("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.MEMBER
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("what_to_check"),
        FieldPanel("applies_to"),
    ]
    search_fields = [
        index.SearchField("code"),
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("applies_to"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("control point")
        verbose_name_plural = _("control points")

    def __str__(self):
        return f"{self.code} {self.title}"


class RequirementCatalogue(ClusterableModel):
    """One version of one standard's requirements."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft: being written")
        ACTIVE = "active", _("Active: used for inspections")
        RETIRED = "retired", _("Retired: kept for past inspections")

    standard = models.ForeignKey(
        "reference.Standard",
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        related_name="requirement_catalogues",
    )
    version = models.PositiveIntegerField(
        _("version"), editable=False, help_text=_("Numbered automatically, per standard.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    illustrative = models.BooleanField(
        _("illustrative example"),
        default=False,
        help_text=_(
            "Tick when the requirements are an example written for training, not the "
            "standard's own text. Pages and reports say so."
        ),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Where the text comes from and what changed.")
    )
    activated_at = models.DateTimeField(_("activated at"), null=True, editable=False)

    panels = [
        FieldPanel("standard"),
        FieldPanel("illustrative"),
        FieldPanel("notes"),
        InlinePanel("requirements", heading=_("Requirements"), label=_("Requirement")),
    ]

    class Meta:
        ordering = ["standard__name", "-version"]
        verbose_name = _("requirement catalogue")
        verbose_name_plural = _("requirement catalogues")
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "version"], name="unique_catalogue_version"
            ),
            models.UniqueConstraint(
                fields=["standard"],
                condition=models.Q(status="active"),
                name="one_active_catalogue_per_standard",
            ),
        ]

    def __str__(self):
        return _("%(standard)s, version %(version)s") % {
            "standard": self.standard,
            "version": self.version,
        }

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class Requirement(Orderable, ClusterableModel):
    catalogue = ParentalKey(
        RequirementCatalogue, on_delete=models.CASCADE, related_name="requirements"
    )
    code = models.CharField(
        _("code"), max_length=30, help_text=_("The standard's own number, such as 1.2.3.")
    )
    text = models.TextField(_("requirement"))
    applies_to = models.CharField(
        _("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.MEMBER
    )
    from_level = models.ForeignKey(
        "reference.OrganisationLevel",
        verbose_name=_("applies from level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: applies at every level. Else from this level of the group up."),
    )
    control_points = ParentalManyToManyField(
        ControlPoint,
        verbose_name=_("covered by"),
        blank=True,
        related_name="requirements",
        help_text=_("The control points of the group's one system that satisfy it."),
    )
    panels = [
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("applies_to"), FieldPanel("from_level")],
            heading=_("Requirement"),
        ),
        FieldPanel("text"),
        FieldPanel("control_points"),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="unique_requirement_code")
        ]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"

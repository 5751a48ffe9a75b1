from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class OrganisationLevel(models.Model):
    """How organised a producer group is (seed 002): Low < Moderate < Adequate < Specialized.

    The rank gives the order; what makes a group one level or another is decided
    by a rubric kept as data (the level assessment), not by this table.
    """

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(
        _("slug"),
        unique=True,
        help_text=_("Short name used in web addresses and filters, e.g. 'moderate'."),
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"),
        unique=True,
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

    class Meta:
        ordering = ["rank"]
        verbose_name = _("organisation level")
        verbose_name_plural = _("organisation levels")

    def __str__(self):
        return self.name

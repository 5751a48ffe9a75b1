"""The rubric that turns a group's answers into an organisation level, kept as versioned data."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail_localize.fields import SynchronizedField, TranslatableField

from organisation_levels.admin_forms import RubricForm
from organisation_levels.blocks import RubricBodyBlock
from reference.localized import LocalizedMixin


class Rubric(LocalizedMixin, models.Model):
    """One version of the level-assessment rubric.

    A version is edited while it is a draft. Once active it is frozen: assessments
    keep a link to the version they were made with and must always read it the
    same way. To change the rubric, copy the active version, edit the copy, and
    activate it; the old one is retired.

    A version is translated with wagtail-localize (decision 0020): each translation is a
    row in its language with the same version number. Assessments, scores and thresholds
    always use the original; a translation only gives the words shown to a reader, matched
    to the original by block id and position, so it can never change what was answered.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft: being written")
        ACTIVE = "active", _("Active: used for new assessments")
        RETIRED = "retired", _("Retired: kept for past assessments")

    version = models.PositiveIntegerField(
        _("version"), editable=False, help_text=_("Numbered automatically.")
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "Choose 'Active' when this version is ready: it then replaces the active one "
            "and can no longer be edited."
        ),
    )
    notes = models.TextField(_("what changed"), blank=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True, editable=False)
    dimensions = StreamField(RubricBodyBlock(), verbose_name=_("dimensions"))

    base_form_class = RubricForm
    panels = [
        FieldPanel("title"),
        FieldPanel("status"),
        FieldPanel("notes"),
        FieldPanel("dimensions"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("notes"),
        TranslatableField("dimensions"),
        SynchronizedField("status"),
    ]

    class Meta(LocalizedMixin.Meta):
        constraints = [
            models.UniqueConstraint(fields=["locale", "version"], name="rubric_version_in_locale")
        ]
        ordering = ["-version"]
        verbose_name = _("level rubric")
        verbose_name_plural = _("level rubrics")

    def __str__(self):
        return _("%(title)s (version %(version)s)") % {"title": self.title, "version": self.version}

"""A group's level assessment: the answers, the rubric version used, the result and its reasons."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LevelAssessment(models.Model):
    """One assessment of a producer group's organisation level.

    It keeps the rubric version it was answered with and the result as computed
    then, so it reads the same after the rubric changes.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, waiting for an assessor")
        CONFIRMED = "confirmed", _("Confirmed by an assessor")
        RETURNED = "returned", _("Sent back by an assessor")

    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    rubric = models.ForeignKey(
        "organisation_levels.Rubric",
        verbose_name=_("rubric version"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    answers = models.JSONField(_("answers"), help_text=_("Question id → chosen option number."))
    level = models.ForeignKey(
        "reference.OrganisationLevel",
        verbose_name=_("level"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    scores = models.JSONField(_("scores by dimension"), default=list)
    holding_back = models.JSONField(_("what holds the group back"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # An assessor may send it back instead, saying what to check (issue 23, point 8).
    returned_comment = models.TextField(_("why it was sent back"), blank=True)
    # Made by the trainer app on the phone that recorded it offline (issue 18, point 2):
    # an upload sent twice stores one assessment. Empty for assessments made on the site.
    client_uuid = models.UUIDField(
        _("identifier from the phone"), null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("level assessment")
        verbose_name_plural = _("level assessments")
        indexes = [
            # A group's level on a day is its latest confirmed assessment by then
            # (`monitoring.indicators.level_at`), asked for every group of a dashboard:
            # this index answers each from the index alone, newest first, with no sort
            # and no visit to the table (issue 19; decision 0036).
            models.Index(
                "group",
                models.F("confirmed_at").desc(),
                models.F("id").desc(),
                "level",
                name="level_confirmed_latest",
                condition=models.Q(status="confirmed"),
            )
        ]

    def __str__(self):
        return _("%(group)s: %(level)s") % {"group": self.group, "level": self.level}

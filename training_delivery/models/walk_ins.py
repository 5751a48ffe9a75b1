"""Walk-in farmers (issue 18, point 3; decision 0023): at a session, not on the roster.

The trainer adds them on the phone, offline; they arrive with the session, each under a
UUID made on the phone. The group's platform then adds them to the roster or merges them
into the farmer they turn out to be; either way their attendance is then recorded.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from training_delivery.models.roster import Farmer, Gender
from training_delivery.models.sessions import SCORE_VALIDATORS, TrainingSession


class WalkInStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the platform")
    ADDED = "added", _("Added to the roster")
    MERGED = "merged", _("Merged into a roster farmer")


class WalkIn(models.Model):
    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="walk_ins")
    # Only with consent: without it the farmer is their gender and age (decision 0023).
    name = models.CharField(_("name"), max_length=150, blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNSTATED
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    consent_given = models.BooleanField(_("consents to the use of their data"), default=False)
    pre_score = models.PositiveSmallIntegerField(
        _("score before"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    post_score = models.PositiveSmallIntegerField(
        _("score after"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    status = models.CharField(
        _("status"), max_length=8, choices=WalkInStatus.choices, default=WalkInStatus.PENDING
    )
    farmer = models.ForeignKey(
        Farmer,
        verbose_name=_("farmer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="walk_ins",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("walk-in farmer")
        verbose_name_plural = _("walk-in farmers")
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given=True) | Q(name=""), name="walk_in_named_only_with_consent"
            )
        ]

    def __str__(self):
        return str(self.uuid)

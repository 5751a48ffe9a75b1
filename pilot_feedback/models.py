"""Pilot feedback (issue 4, point 6): how an adapted module worked when it was delivered.

Trainers and the national platform record it while an adaptation is piloted (and
after it is approved); the technical committee reads it aggregated per generic
module across countries, to plan the next revision. Who may record it is
`pilot_feedback.selectors.pilot_feedback_allowed`; the write is
`pilot_feedback.services.pilot_feedback_record`.

The country is not stored here: it is the adaptation's country, the same fact the
permission rule reads, so the report and the rule can never disagree.

Made in the `modules` app and moved here keeping its table (decision 0017): this app
sits above field delivery, since a feedback may name the session it came from.

The session it came from (issue 7): optional, since a pilot may be reported from a
delivery that was not recorded in the trainer app. When it is given, it must be a
session the person delivered or recorded that covered this adaptation, and a person
gives one feedback per session (a database constraint). `delivered_on`,
`delivery_method` and `participants` describe a delivery without a recorded session,
and are filled from the session when they are left empty.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.localized import originals_only

RATING_CHOICES = [
    (1, _("1 · did not work")),
    (2, _("2 · worked poorly")),
    (3, _("3 · worked in part")),
    (4, _("4 · worked well")),
    (5, _("5 · worked very well")),
]


class PilotFeedback(models.Model):
    """One trainer's or platform member's account of delivering an adapted module once."""

    adaptation = models.ForeignKey(
        "adaptation.AdaptedModulePage",
        verbose_name=_("adapted module"),
        on_delete=models.CASCADE,
        related_name="pilot_feedback",
    )
    # SET_NULL: when an account is removed, what the pilot taught the committee stays.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    rating = models.PositiveSmallIntegerField(
        _("how well it worked"),
        choices=RATING_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    what_worked = models.TextField(
        _("what worked"),
        help_text=_("What the participants understood, used or liked."),
    )
    what_to_change = models.TextField(
        _("what to change"),
        help_text=_("What was unclear, missing, too long or did not fit the local situation."),
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivery_method = models.ForeignKey(
        "reference.DeliveryMethod",
        verbose_name=_("delivery method"),
        limit_choices_to=originals_only,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    participants = models.PositiveIntegerField(
        _("number of participants"),
        null=True,
        blank=True,
        # A delivery had someone to deliver to; 0 is a slip, not a session.
        validators=[MinValueValidator(1)],
    )
    session = models.ForeignKey(
        "training_delivery.TrainingSession",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pilot_feedback",
        help_text=_("The recorded session where the module was delivered, if there is one."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pilot feedback")
        verbose_name_plural = _("pilot feedback")
        db_table = "modules_pilotfeedback"
        constraints = [
            # The report averages ratings; a row written around the form must not skew it.
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="pilot_feedback_rating_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["author", "session"],
                condition=Q(session__isnull=False),
                name="one_pilot_feedback_per_person_and_session",
            ),
        ]

    def __str__(self):
        return _("Feedback on %(module)s, %(date)s") % {
            "module": self.adaptation,
            "date": self.delivered_on or timezone.localdate(self.created_at or timezone.now()),
        }

    def clean(self):
        # Feedback is about a delivery that happened; a future date is a typing slip.
        if self.delivered_on and self.delivered_on > timezone.localdate():
            raise ValidationError({"delivered_on": _("The date cannot be in the future.")})

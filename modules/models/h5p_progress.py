"""What learners did in H5P activities (issue 3, point 5): statements, progress, resume state.

The player's xAPI statements reach the server from the learner's browser, sometimes
long after they were made (the browser keeps them while offline) and sometimes twice
(a retry after a lost answer). Each statement carries a UUID made in the browser, and
that UUID is the primary key: a statement posted again is ignored by the database
itself, not by a check that two requests could both pass.

`H5PProgress` is derived: it is recomputed from the stored statements of one learner
and one activity whenever new ones arrive, so it never depends on the order in which
they came. It also holds the learner's resume state, which is not derived.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

XAPI_VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
XAPI_VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


class H5PStatement(models.Model):
    """One xAPI statement from the player, as the learner's browser stamped it."""

    id = models.UUIDField(_("statement id"), primary_key=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="h5p_statements",
    )
    activity = models.ForeignKey(
        "modules.H5PActivity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    verb = models.CharField(_("verb"), max_length=255)
    # A finished try of the whole activity (H5P's rule: "answered" or "completed" with no
    # parent activity); a single question inside the activity is not an attempt.
    is_attempt = models.BooleanField(_("is an attempt"), default=False)
    completion = models.BooleanField(_("completed"), null=True)
    success = models.BooleanField(_("passed"), null=True)
    score_raw = models.FloatField(_("score"), null=True)
    score_max = models.FloatField(_("maximum score"), null=True)
    # From 0 to 1, so activities with different maximum scores can be compared.
    score_scaled = models.FloatField(_("scaled score"), null=True)
    timestamp = models.DateTimeField(_("made at"), help_text=_("On the learner's device."))
    stored_at = models.DateTimeField(_("received at"), auto_now_add=True)
    statement = models.JSONField(_("statement"))

    class Meta:
        verbose_name = _("H5P statement")
        verbose_name_plural = _("H5P statements")
        indexes = [
            models.Index(
                fields=["activity", "user", "is_attempt"], name="h5p_statement_attempts_idx"
            )
        ]

    def __str__(self):
        return f"{self.verb} {self.activity_id} {self.user_id}"


class H5PProgress(models.Model):
    """A learner's results in one activity, and where they stopped."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="h5p_progress",
    )
    activity = models.ForeignKey(
        "modules.H5PActivity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    best_score = models.FloatField(_("best score"), null=True, help_text=_("From 0 to 1."))
    last_score = models.FloatField(_("last score"), null=True, help_text=_("From 0 to 1."))
    completed = models.BooleanField(_("completed"), default=False)
    completed_at = models.DateTimeField(_("first completed at"), null=True)
    last_played_at = models.DateTimeField(_("last played at"), null=True)
    # The player's "content user data": the JSON text its getCurrentState() returned.
    state = models.TextField(_("resume state"), blank=True)
    state_saved_at = models.DateTimeField(_("resume state saved at"), null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("H5P progress")
        verbose_name_plural = _("H5P progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="unique_h5p_progress")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.activity_id}"

    @property
    def best_percent(self):
        return None if self.best_score is None else round(self.best_score * 100)

    @property
    def last_percent(self):
        return None if self.last_score is None else round(self.last_score * 100)

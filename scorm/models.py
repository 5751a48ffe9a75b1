"""SCORM packages (issue 22) and what learners did in them.

A `ScormPackage` is one uploaded SCORM 1.2 or 2004 course, checked before anything is
stored (`scorm.package_policy`) and extracted under an unguessable storage prefix, as
H5P packages are (decision 0013). Its manifest's organisation is kept as a table of
contents; each launchable item is a SCO the learner can open.

`ScormAttempt` is a learner's run-time data for one SCO: what the SCORM run-time in the
browser (scorm-again) committed last, plus the columns reports read. Commits reach the
server from the learner's browser, sometimes after days offline and sometimes twice;
each carries a UUID made in the browser (`ScormCommit` remembers them, so a commit sent
again is ignored) and a sequence number, so an older commit arriving late never
overwrites a newer one.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from scorm.storage import package_files_delete


class ScormPackage(models.Model):
    VERSION_CHOICES = [("1.2", "SCORM 1.2"), ("2004", "SCORM 2004")]

    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("Read from the manifest; change it here if the course's title is unclear."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the learner does in this course, in a sentence or two."),
    )
    scorm_version = models.CharField(
        _("SCORM version"), max_length=8, choices=VERSION_CHOICES, editable=False
    )
    edition = models.CharField(_("edition"), max_length=64, blank=True, editable=False)
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_("The language of the course, from its manifest."),
    )
    # The manifest's default organisation: [{identifier, title, depth, launch}], in order.
    contents = models.JSONField(_("table of contents"), default=list, editable=False)
    storage_prefix = models.CharField(max_length=255, unique=True, editable=False)
    package_name = models.CharField(_("uploaded file"), max_length=255, editable=False)
    package_size = models.PositiveBigIntegerField(_("size in bytes"), editable=False, default=0)
    # The uploaded file's SHA-256: the same course uploaded twice is refused.
    package_sha256 = models.CharField(max_length=64, editable=False, db_index=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")

    def __str__(self):
        return self.title

    @property
    def scos(self) -> list[dict]:
        """The items a learner can open, in the manifest's order."""
        return [entry for entry in self.contents if entry.get("launch")]

    def sco(self, identifier: str) -> dict | None:
        return next((entry for entry in self.scos if entry["identifier"] == identifier), None)


@receiver(post_delete, sender=ScormPackage)
def remove_extracted_package(sender, instance, **kwargs):
    # Only once the deletion is committed: a rolled-back delete keeps its files.
    prefix = instance.storage_prefix
    if prefix:
        transaction.on_commit(lambda: package_files_delete(prefix=prefix), robust=True)


class ScormAttempt(models.Model):
    """A learner's run-time data for one SCO of a package, as last committed."""

    COMPLETION_CHOICES = [
        ("completed", _("completed")),
        ("incomplete", _("incomplete")),
        ("not attempted", _("not attempted")),
        ("unknown", _("unknown")),
    ]
    SUCCESS_CHOICES = [("passed", _("passed")), ("failed", _("failed")), ("unknown", _("unknown"))]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="scorm_attempts",
    )
    package = models.ForeignKey(
        ScormPackage,
        verbose_name=_("SCORM package"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    sco = models.CharField(_("SCO"), max_length=255, help_text=_("The manifest item's identifier."))
    completion_status = models.CharField(
        _("completion"), max_length=16, choices=COMPLETION_CHOICES, default="not attempted"
    )
    success_status = models.CharField(
        _("success"), max_length=16, choices=SUCCESS_CHOICES, default="unknown"
    )
    score_raw = models.FloatField(_("score"), null=True)
    score_min = models.FloatField(_("minimum score"), null=True)
    score_max = models.FloatField(_("maximum score"), null=True)
    # From 0 to 1, so courses with different maximum scores can be compared.
    score_scaled = models.FloatField(_("scaled score"), null=True)
    total_seconds = models.FloatField(_("time spent (seconds)"), default=0)
    location = models.CharField(_("bookmark"), max_length=1000, blank=True)
    suspend_data = models.TextField(_("resume data"), blank=True)
    interactions = models.JSONField(_("interactions"), default=list)
    # The whole run-time data as the browser last committed it (the "cmi" object).
    runtime_data = models.JSONField(_("run-time data"), default=dict)
    # The browser's order of commits: a late, older commit does not overwrite a newer one.
    last_sequence = models.BigIntegerField(default=0)
    first_completed_at = models.DateTimeField(_("first completed at"), null=True)
    last_committed_at = models.DateTimeField(_("last saved at"), null=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("played on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The module page, in its language, where the learner last played it."),
    )

    class Meta:
        verbose_name = _("SCORM attempt")
        verbose_name_plural = _("SCORM attempts")
        constraints = [
            models.UniqueConstraint(fields=["user", "package", "sco"], name="unique_scorm_attempt")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.package_id} · {self.sco}"

    @property
    def completed(self) -> bool:
        return self.completion_status == "completed" or self.success_status == "passed"

    @property
    def score_percent(self):
        return None if self.score_scaled is None else round(self.score_scaled * 100)

    @property
    def minutes(self) -> int:
        return round(self.total_seconds / 60)


class ScormCommit(models.Model):
    """A commit's UUID, once stored: the same commit posted again is ignored."""

    id = models.UUIDField(primary_key=True, editable=False)
    attempt = models.ForeignKey(ScormAttempt, on_delete=models.CASCADE, related_name="commits")
    sequence = models.BigIntegerField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SCORM commit")
        verbose_name_plural = _("SCORM commits")

    def __str__(self):
        return str(self.id)


class ScormStatement(models.Model):
    """An xAPI statement made from a change of a SCORM attempt, waiting for or sent to the
    external learning record store (scorm.tasks)."""

    id = models.UUIDField(primary_key=True, editable=False)
    attempt = models.ForeignKey(ScormAttempt, on_delete=models.CASCADE, related_name="statements")
    verb = models.CharField(max_length=255)
    statement = models.JSONField()
    stored_at = models.DateTimeField(auto_now_add=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    forward_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("SCORM statement")
        verbose_name_plural = _("SCORM statements")
        indexes = [
            models.Index(fields=["forwarded_at", "stored_at"], name="scorm_statement_waiting")
        ]

    def __str__(self):
        return f"{self.verb} {self.attempt_id}"

"""H5P activities (issue 3): interactive exercises the technical committee uploads.

An activity is one uploaded `.h5p` package. The package is checked before anything
is stored (`h5p.package_policy`, `h5p.extraction`); what is kept here is
what the admin and the player need to know about it: the facts read from its
`h5p.json`, and where its extracted files live in storage.

`storage_prefix` is an unguessable folder (a random token) under which the package
was extracted. Replacing a package extracts the new one under a fresh prefix and
swaps the field only when that extraction succeeded, so a failed upload never
leaves an activity pointing at half a package.

What learners did in them (issue 3, point 5): statements, progress, resume state.

The player's xAPI statements reach the server from the learner's browser, sometimes
long after they were made (the browser keeps them while offline) and sometimes twice
(a retry after a lost answer). Each statement carries a UUID made in the browser, and
that UUID is the primary key: a statement posted again is ignored by the database
itself, not by a check that two requests could both pass.

`H5PProgress` is derived: it is recomputed from the stored statements of one learner
and one activity whenever new ones arrive, so it never depends on the order in which
they came. It also holds the learner's resume state, which is not derived.

Made in the `modules` app and moved here keeping their tables (decision 0017).
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, TranslatableField

from h5p.extraction import package_files_delete
from reference.localized import LocalizedMixin

XAPI_VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
XAPI_VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


# What a translation shares with its original: the package and the facts read from it.
PACKAGE_FIELDS = (
    "language",
    "licence",
    "main_library",
    "h5p_json",
    "storage_prefix",
    "package_name",
    "package_size",
)


class H5PActivity(LocalizedMixin, models.Model):
    """One H5P package, placed in modules with the "H5P activity" block.

    A wagtail-localize translatable snippet (issue 15, decision 0020): translators get its
    title and description only; a translation is a row of its own sharing the original's
    package (the same `storage_prefix`, synchronised from the original). Everything points
    at the ORIGINAL: module blocks (every translation of a module plays the original, see
    `modules.blocks.OriginalSnippetChooserBlock`), statements, progress and library links,
    so an attempt is tracked once whatever language showed it; only the words shown come
    from the translation in the reader's language (`activity.localized.title`).
    """

    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("Read from the package; change it here if the package's title is unclear."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the learner does in this activity, in a sentence or two."),
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_("The language of the package's text, from its h5p.json."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=64,
        blank=True,
        help_text=_("The licence the package declares in its h5p.json, such as CC BY."),
    )
    main_library = models.CharField(
        _("content type"),
        max_length=255,
        editable=False,
        help_text=_("The H5P library that plays the package, with its version."),
    )
    # The package's h5p.json as read at upload: the player needs it verbatim.
    h5p_json = models.JSONField(editable=False, default=dict)
    # Unique in each language: a translation shares its original's extracted package.
    storage_prefix = models.CharField(max_length=255, editable=False)
    package_name = models.CharField(_("uploaded file"), max_length=255, editable=False)
    package_size = models.PositiveBigIntegerField(_("size in bytes"), editable=False, default=0)
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

    # The package is the original's: a translation only words it for its readers.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        *(SynchronizedField(name) for name in PACKAGE_FIELDS),
    ]

    class Meta(LocalizedMixin.Meta):
        ordering = ["title", "pk"]
        verbose_name = _("H5P activity")
        verbose_name_plural = _("H5P activities")
        db_table = "modules_h5pactivity"
        constraints = [
            models.UniqueConstraint(
                fields=["storage_prefix", "locale"], name="unique_h5p_activity_prefix"
            )
        ]

    def __str__(self):
        return self.title


class H5PLibrary(models.Model):
    """One version of an H5P library, stored once for every package that brings it
    (issue 16, point 2; decision 0021).

    Content-addressed: `content_hash` is the SHA-256 of the library's files (their paths
    and the SHA-256 of each). A package bringing the same version with the same files
    uses the stored copy; with other files (a newer patch, or the same version changed)
    it gets a copy of its own, and every package keeps playing the files it was
    uploaded with. Stored files are never changed: a library is removed only when no
    activity uses it (`manage.py h5p_libraries_prune`).
    """

    machine_name = models.CharField(_("library"), max_length=255)
    major_version = models.PositiveIntegerField(_("major version"))
    minor_version = models.PositiveIntegerField(_("minor version"))
    patch_version = models.PositiveIntegerField(_("patch version"), default=0)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    title = models.CharField(_("title"), max_length=255, blank=True)
    storage_prefix = models.CharField(max_length=255, unique=True, editable=False)
    file_count = models.PositiveIntegerField(_("files"), default=0)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        ordering = ["machine_name", "major_version", "minor_version", "patch_version", "pk"]
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "machine_name",
                    "major_version",
                    "minor_version",
                    "patch_version",
                    "content_hash",
                ],
                name="unique_h5p_library_content",
            )
        ]

    def __str__(self):
        return f"{self.machine_name} {self.version}"

    @property
    def version(self) -> str:
        return f"{self.major_version}.{self.minor_version}.{self.patch_version}"

    @property
    def folder(self) -> str:
        """The folder name h5p-standalone looks for: <machineName>-<major>.<minor>."""
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"


class H5PActivityLibrary(models.Model):
    """An activity plays this stored library under this folder of its package."""

    activity = models.ForeignKey(
        H5PActivity, on_delete=models.CASCADE, related_name="library_links"
    )
    library = models.ForeignKey(H5PLibrary, on_delete=models.PROTECT, related_name="activity_links")
    folder = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("library of an H5P activity")
        verbose_name_plural = _("libraries of H5P activities")
        constraints = [
            models.UniqueConstraint(fields=["activity", "folder"], name="unique_h5p_library_folder")
        ]

    def __str__(self):
        return f"{self.activity_id} · {self.folder}"


@receiver(post_delete, sender=H5PActivity)
def remove_extracted_package(sender, instance, **kwargs):
    # Only once the deletion is committed: a rolled-back delete keeps its files. A
    # signal rather than the service alone, so the admin's bulk delete cleans up too.
    # An original's translations go with it (they only word its package); a translation
    # deleted alone leaves the package its original still plays.
    if _is_original(instance):
        H5PActivity.objects.filter(translation_key=instance.translation_key).exclude(
            pk=instance.pk
        ).delete()
    prefix = instance.storage_prefix
    if prefix:
        transaction.on_commit(lambda: _files_delete_if_unused(prefix), robust=True)


def _is_original(activity: H5PActivity) -> bool:
    return activity.locale_id == Locale.get_default().pk


def _files_delete_if_unused(prefix: str) -> None:
    if not H5PActivity.objects.filter(storage_prefix=prefix).exists():
        package_files_delete(prefix=prefix)


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
        "h5p.H5PActivity",
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
    # The xAPI statement as an LRS gets it: the learner's pseudonymous account as actor,
    # this id, the timestamp, the activity's IRI (h5p.xapi.statement_normalise).
    statement = models.JSONField(_("statement"))
    # Where the attempt was taken: the module page (generic, adapted, or a translation of
    # either) whose player token the batch carried, and that page's language. Empty for
    # statements recorded before pages were named (issue 16, point 4).
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("taken on page"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("taken in language"), max_length=16, blank=True)
    # Forwarding to an external LRS (optional, h5p.tasks): when it accepted the statement,
    # or why it refused it for good (a refused statement is not sent again).
    forwarded_at = models.DateTimeField(_("sent to the LRS at"), null=True, blank=True)
    forward_error = models.TextField(_("refused by the LRS"), blank=True)

    class Meta:
        verbose_name = _("H5P statement")
        verbose_name_plural = _("H5P statements")
        db_table = "modules_h5pstatement"
        indexes = [
            models.Index(
                fields=["activity", "user", "is_attempt"], name="h5p_statement_attempts_idx"
            ),
            models.Index(
                fields=["stored_at"],
                name="h5p_statement_to_forward_idx",
                condition=models.Q(forwarded_at__isnull=True, forward_error=""),
            ),
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
        "h5p.H5PActivity",
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
    # Where the latest attempt was taken (issue 16, point 4): the module page that showed
    # the activity (generic, adapted, or a translation of either) and its language.
    last_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("last taken on page"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_language = models.CharField(_("last taken in language"), max_length=16, blank=True)
    # The player's "content user data": the JSON text its getCurrentState() returned.
    state = models.TextField(_("resume state"), blank=True)
    state_saved_at = models.DateTimeField(_("resume state saved at"), null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("H5P progress")
        verbose_name_plural = _("H5P progress")
        db_table = "modules_h5pprogress"
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

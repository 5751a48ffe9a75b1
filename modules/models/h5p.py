"""H5P activities (issue 3): interactive exercises the technical committee uploads.

An activity is one uploaded `.h5p` package. The package is checked before anything
is stored (`modules.h5p` holds the policy and the extraction); what is kept here is
what the admin and the player need to know about it: the facts read from its
`h5p.json`, and where its extracted files live in storage.

`storage_prefix` is an unguessable folder (a random token) under which the package
was extracted. Replacing a package extracts the new one under a fresh prefix and
swaps the field only when that extraction succeeded, so a failed upload never
leaves an activity pointing at half a package.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from modules.h5p.extraction import package_files_delete


class H5PActivity(models.Model):
    """One H5P package, placed in modules with the "H5P activity" block."""

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
    storage_prefix = models.CharField(max_length=255, unique=True, editable=False)
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

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("H5P activity")
        verbose_name_plural = _("H5P activities")

    def __str__(self):
        return self.title


@receiver(post_delete, sender=H5PActivity)
def remove_extracted_package(sender, instance, **kwargs):
    # Only once the deletion is committed: a rolled-back delete keeps its files. A
    # signal rather than the service alone, so the admin's bulk delete cleans up too.
    prefix = instance.storage_prefix
    if prefix:
        transaction.on_commit(lambda: package_files_delete(prefix=prefix), robust=True)

"""Files that back up an assessment answer or an improvement-plan item.

They are kept in the private storage (no public URL) and streamed by a view
that first checks the reader may see the group; see organisation_levels/evidence.py
for what is accepted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from curriculum_site.storage import delete_after_commit, private_storage


def evidence_path(instance, filename):
    # An unguessable folder per file: names never collide and never reveal a neighbour.
    return f"evidence/{uuid.uuid4().hex}/{get_valid_filename(filename)[-100:]}"


class EvidenceFile(models.Model):
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=evidence_path, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class AssessmentEvidence(EvidenceFile):
    assessment = models.ForeignKey(
        "organisation_levels.LevelAssessment",
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )

    class Meta(EvidenceFile.Meta):
        verbose_name = _("assessment evidence")
        verbose_name_plural = _("assessment evidence")


class ImprovementItemEvidence(EvidenceFile):
    item = models.ForeignKey(
        "organisation_levels.ImprovementItem",
        verbose_name=_("improvement-plan item"),
        on_delete=models.CASCADE,
        related_name="evidence_files",
    )

    class Meta(EvidenceFile.Meta):
        verbose_name = _("improvement-plan evidence")
        verbose_name_plural = _("improvement-plan evidence")


@receiver(post_delete, sender=AssessmentEvidence)
@receiver(post_delete, sender=ImprovementItemEvidence)
def remove_stored_file(sender, instance, **kwargs):
    delete_after_commit(instance.file)

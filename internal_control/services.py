"""Writes for the requirement catalogues: versions, activation, and the frozen rule.

Keyword-only, typed, transactional. Whoever calls them (admin views, the import, the
seed) gets the same rules: a catalogue's requirements change only while it is a draft;
activating a draft retires the standard's active version; a new version starts as a
copy of the one it follows, its coverage by control points included.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from internal_control.models import Requirement, RequirementCatalogue

KEEP_PERMISSION = "internal_control.change_requirementcatalogue"


def _require(user) -> None:
    if user is not None and not user.has_perm(KEEP_PERMISSION):
        raise PermissionDenied(_("You may not change requirement catalogues."))


def next_version(standard) -> int:
    return (
        RequirementCatalogue.objects.filter(standard=standard).aggregate(last=Max("version"))[
            "last"
        ]
        or 0
    ) + 1


@transaction.atomic
def catalogue_create(*, standard, user, illustrative=False, notes="") -> RequirementCatalogue:
    _require(user)
    return RequirementCatalogue.objects.create(
        standard=standard, version=next_version(standard), illustrative=illustrative, notes=notes
    )


def catalogue_require_draft(catalogue: RequirementCatalogue) -> None:
    if catalogue.is_frozen:
        raise ValidationError(
            _(
                "%(catalogue)s is %(status)s: its requirements can no longer change, because "
                "inspections cite them. Make a new version and change that."
            )
            % {"catalogue": catalogue, "status": catalogue.get_status_display().split(":")[0]}
        )


@transaction.atomic
def catalogue_new_version(*, catalogue: RequirementCatalogue, user) -> RequirementCatalogue:
    """A draft copy of `catalogue` (requirements and what covers them), numbered next."""
    _require(user)
    draft = RequirementCatalogue.objects.create(
        standard=catalogue.standard,
        version=next_version(catalogue.standard),
        illustrative=catalogue.illustrative,
        notes=catalogue.notes,
    )
    for requirement in catalogue.requirements.prefetch_related("control_points"):
        copy = Requirement.objects.create(
            catalogue=draft,
            code=requirement.code,
            text=requirement.text,
            applies_to=requirement.applies_to,
            from_level=requirement.from_level,
            sort_order=requirement.sort_order,
        )
        copy.control_points.set(requirement.control_points.all())
        copy.save()
    return draft


@transaction.atomic
def catalogue_activate(*, catalogue: RequirementCatalogue, user) -> RequirementCatalogue:
    """Make a draft the standard's active version; the one active before is retired."""
    _require(user)
    catalogue = RequirementCatalogue.objects.select_for_update().get(pk=catalogue.pk)
    catalogue_require_draft(catalogue)
    if not catalogue.requirements.exists():
        raise ValidationError(_("A catalogue without requirements cannot be activated."))
    RequirementCatalogue.objects.filter(
        standard=catalogue.standard, status=RequirementCatalogue.Status.ACTIVE
    ).update(status=RequirementCatalogue.Status.RETIRED)
    catalogue.status = RequirementCatalogue.Status.ACTIVE
    catalogue.activated_at = timezone.now()
    catalogue.save(update_fields=["status", "activated_at"])
    return catalogue

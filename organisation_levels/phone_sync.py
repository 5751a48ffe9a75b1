"""Group work from the trainer app, made offline and sent later (issue 18, point 2).

Two things travel, each with a UUID made on the phone, so a retried upload changes
nothing the second time:

- a level assessment (answers, notes, evidence photos), stored by
  services.assessment_submit exactly as the site's form stores it;
- an update of an improvement-plan item, made from the version of the item the phone
  had. **The rule**: an update is stored only if the item is still at that version.
  If someone changed the item since (on the site or from another phone), the update is
  refused with 409, nothing is stored, and the answer names the item, who changed it
  and when, and carries the item as it is now; the app shows both and the person
  chooses: keep theirs (the update is dropped) or keep mine (sent again, made from the
  current version, so it knowingly replaces the other change).

Every function here is a service (writes) or a read for the app; the API in
training_delivery/api_group_work.py only calls them.
"""

import uuid
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from organisation_levels.evidence import CheckedUpload
from organisation_levels.models import (
    ImprovementCycle,
    ImprovementItem,
    ImprovementItemUpdate,
    LevelAssessment,
    ProducerGroup,
    Rubric,
)
from organisation_levels.rubric_words import rubric_words
from organisation_levels.scoring import AnswersInvalid, rubric_questions
from organisation_levels.selectors import active_rubric
from organisation_levels.services import assessment_submit, improvement_item_save

ACCEPTED = "accepted"
ALREADY_KNOWN = "already_known"
REFUSED = "refused"
CONFLICT = "conflict"

# What a phone may change in an item; "carried over" stays the system's to set.
ITEM_FIELDS = ("stage", "description", "owner", "due_date", "status", "evidence_notes")


@dataclass
class PhoneResult:
    """What became of one thing a phone sent; `errors` maps a field to messages."""

    status: str
    code: int
    errors: dict[str, list[str]] = field(default_factory=dict)
    item: dict | None = None

    @property
    def message(self) -> str:
        return " ".join(message for messages in self.errors.values() for message in messages)


def _person(user) -> str:
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


# --- What the app keeps for group work ---------------------------------------------------


def item_row(item: ImprovementItem) -> dict:
    return {
        "id": item.pk,
        "group": item.cycle.group_id,
        "cycle": item.cycle.number,
        "stage": item.stage,
        "description": item.description,
        "owner": item.owner,
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "status": item.status,
        "evidence_notes": item.evidence_notes,
        "version": item.version,
        "updated_by": _person(item.updated_by) if item.updated_by_id else "",
        "updated_at": item.updated_at.isoformat(),
    }


def rubric_for_phone(rubric: Rubric | None) -> dict | None:
    """The active rubric's questions in the reader's language (decision 0020)."""
    if rubric is None:
        return None
    words = rubric_words(rubric)
    dimensions: dict[str, list] = {}
    for question_id, (dimension, question) in rubric_questions(rubric).items():
        shown = words.question(question_id, question)
        dimensions.setdefault(dimension, []).append({"id": question_id, **shown})
    return {
        "id": rubric.pk,
        "version": rubric.version,
        "dimensions": [
            {"name": words.dimension(name), "questions": questions}
            for name, questions in dimensions.items()
        ],
    }


def group_work_for_phone(*, user) -> dict:
    """The groups `user` may assess and plan for, with their open cycle's items, and the
    rubric; a fixed number of queries whatever the number of groups and items."""
    groups = list(
        ProducerGroup.objects.changeable_by(user).select_related("country").order_by("name", "pk")
    )
    items = (
        ImprovementItem.objects.filter(
            cycle__group__in=[group.pk for group in groups],
            cycle__status=ImprovementCycle.Status.OPEN,
        )
        .select_related("cycle", "updated_by")
        .order_by("due_date", "pk")
    )
    by_group: dict[int, list] = {}
    cycles: dict[int, ImprovementCycle] = {}
    for item in items:
        by_group.setdefault(item.cycle.group_id, []).append(item_row(item))
        cycles[item.cycle.group_id] = item.cycle
    for cycle in ImprovementCycle.objects.filter(
        group__in=[group.pk for group in groups], status=ImprovementCycle.Status.OPEN
    ):
        cycles[cycle.group_id] = cycle
    return {
        "rubric": rubric_for_phone(active_rubric()),
        "groups": [
            {
                "id": group.pk,
                "name": group.name,
                "country": group.country.name,
                "region": group.region,
                "cycle": (
                    {"number": cycles[group.pk].number, "title": cycles[group.pk].title}
                    if group.pk in cycles
                    else None
                ),
                "items": by_group.get(group.pk, []),
            }
            for group in groups
        ],
    }


# --- A level assessment made offline ----------------------------------------------------


def assessment_submit_once(
    *,
    client_uuid: uuid.UUID,
    group_id: int,
    user,
    answers: dict[str, int],
    rubric_id: int | None,
    notes: str = "",
    evidence: list[CheckedUpload] = (),
) -> PhoneResult:
    """Store the assessment once: a second upload with the same UUID and answers is
    "already known"; the same UUID with other answers or another group is refused."""
    known = LevelAssessment.objects.filter(client_uuid=client_uuid).first()
    if known is not None:
        return _assessment_known(known, group_id=group_id, answers=answers)
    group = ProducerGroup.objects.changeable_by(user).filter(pk=group_id).first()
    if group is None:
        return PhoneResult(REFUSED, 403, {"group": [_("You may not assess this producer group.")]})
    rubric = Rubric.objects.originals().filter(pk=rubric_id).first() if rubric_id else None
    try:
        with transaction.atomic():
            assessment = assessment_submit(
                group=group,
                answers=answers,
                submitted_by=user,
                notes=notes,
                evidence=evidence,
                rubric=rubric,
            )
            assessment.client_uuid = client_uuid
            assessment.save(update_fields=["client_uuid"])
    except AnswersInvalid as error:
        return PhoneResult(REFUSED, 400, {"answers": error.problems})
    except PermissionDenied as error:
        return PhoneResult(REFUSED, 403, {"group": [str(error)]})
    except ValidationError as error:
        return PhoneResult(REFUSED, 400, {"rubric": error.messages})
    except IntegrityError:
        # The same upload, sent twice at once: the other request stored it.
        known = LevelAssessment.objects.get(client_uuid=client_uuid)
        return _assessment_known(known, group_id=group_id, answers=answers)
    return PhoneResult(
        ACCEPTED, 201, item={"uuid": str(client_uuid), "level": str(assessment.level)}
    )


def _assessment_known(known: LevelAssessment, *, group_id, answers) -> PhoneResult:
    if known.group_id != group_id or known.answers != {str(k): v for k, v in answers.items()}:
        return PhoneResult(
            REFUSED,
            409,
            {"uuid": [_("An assessment with this identifier was stored with other answers.")]},
        )
    return PhoneResult(
        ALREADY_KNOWN, 200, item={"uuid": str(known.client_uuid), "level": str(known.level)}
    )


# --- An improvement-plan item updated offline --------------------------------------------


class ItemChangesForm(forms.ModelForm):
    """The fields a phone may change, checked as the site's form checks them."""

    class Meta:
        model = ImprovementItem
        fields = list(ITEM_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            choice
            for choice in ImprovementItem.Status.choices
            if choice[0] != ImprovementItem.Status.CARRIED_OVER
        ]


def item_update_once(
    *,
    update_uuid: uuid.UUID,
    item_id: int,
    user,
    base_version: int,
    changes: dict,
) -> PhoneResult:
    """Apply one update made offline, under the rule in this module's docstring."""
    known = ImprovementItemUpdate.objects.filter(uuid=update_uuid).select_related("item").first()
    if known is not None:
        return _update_known(known, item_id=item_id)
    item = (
        ImprovementItem.objects.filter(
            pk=item_id, cycle__group__in=ProducerGroup.objects.changeable_by(user).values("pk")
        )
        .select_related("cycle", "updated_by")
        .first()
    )
    if item is None:
        return PhoneResult(
            REFUSED, 404, {"item": [_("This plan item is not among your groups' items.")]}
        )
    unknown = sorted(set(changes) - set(ITEM_FIELDS))
    if unknown:
        return PhoneResult(
            REFUSED,
            400,
            {name: [_("This field cannot be changed from the app.")] for name in unknown},
        )
    try:
        with transaction.atomic():
            # The cycle's lock serialises changes of its items (services.improvement_item_save).
            ImprovementCycle.objects.select_for_update().filter(pk=item.cycle_id).first()
            item.refresh_from_db()
            if item.version != base_version:
                return _conflict(item)
            data = {name: getattr(item, name) for name in ITEM_FIELDS}
            data.update(changes)
            form = ItemChangesForm(data=data, instance=item)
            if not form.is_valid():
                return PhoneResult(
                    REFUSED,
                    400,
                    {name: [str(m) for m in messages] for name, messages in form.errors.items()},
                )
            saved = improvement_item_save(item=form.save(commit=False), user=user)
            ImprovementItemUpdate.objects.create(
                uuid=update_uuid,
                item=saved,
                from_version=base_version,
                to_version=saved.version,
                changes={
                    name: str(value) if value is not None else None
                    for name, value in changes.items()
                },
                changed_by=user,
            )
    except ValidationError as error:
        return PhoneResult(REFUSED, 400, {"item": error.messages})
    except PermissionDenied as error:
        return PhoneResult(REFUSED, 403, {"item": [str(error)]})
    except IntegrityError:
        known = ImprovementItemUpdate.objects.select_related("item").get(uuid=update_uuid)
        return _update_known(known, item_id=item_id)
    saved.refresh_from_db()
    return PhoneResult(ACCEPTED, 201, item=item_row(saved))


def _update_known(known: ImprovementItemUpdate, *, item_id) -> PhoneResult:
    if known.item_id != item_id:
        return PhoneResult(
            REFUSED, 409, {"uuid": [_("An update with this identifier belongs to another item.")]}
        )
    item = ImprovementItem.objects.select_related("cycle", "updated_by").get(pk=known.item_id)
    return PhoneResult(ALREADY_KNOWN, 200, item=item_row(item))


def _conflict(item: ImprovementItem) -> PhoneResult:
    message = _(
        "“%(item)s” was changed by %(person)s on %(when)s after your phone last had it. "
        "Your change was not stored: choose which to keep."
    ) % {
        "item": str(item),
        "person": _person(item.updated_by),
        "when": formats.date_format(timezone.localtime(item.updated_at), "DATETIME_FORMAT"),
    }
    return PhoneResult(CONFLICT, 409, {"item": [message]}, item=item_row(item))

"""Writes for field delivery: storing the sessions trainers upload (decision 0012).

A batch is checked as a whole with a fixed number of queries (the groups, their
rosters, the trainers assigned, the modules, the identifiers already known), then
the good sessions are inserted with one bulk insert per table. Each session gets
its own result:

- accepted (201): stored now;
- already known (200): a session with this UUID and the same content is stored
  already (a retried upload); nothing changes;
- refused: 400 for a session that breaks a rule (named, per field), 403 for a
  group the uploader may not record sessions for, 409 for a UUID already stored
  with different content.

Uniqueness is the database's: sessions are inserted with conflicts ignored, and
the rows carrying this upload's batch id are the ones this upload created. Two
uploads of the same session racing each other therefore store it once, and the
loser reports it "already known" (or a conflict), never an error.
"""

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image
from rest_framework import serializers
from wagtail.log_actions import log

from organisation_levels.evidence import upload_problem
from organisation_levels.models import ProducerGroup
from training_delivery.models import (
    Attendance,
    Farmer,
    SessionModule,
    SessionPhoto,
    SessionSource,
    SessionTrainer,
    TrainingSession,
    WalkIn,
)
from training_delivery.selectors import groups_user_may_record_for, module_countries
from training_delivery.serializers import SessionUploadSerializer
from training_delivery.signals import sessions_written

ACCEPTED = "accepted"
ALREADY_KNOWN = "already_known"
REFUSED = "refused"


@dataclass
class SessionResult:
    """What became of one uploaded session; `errors` maps a field (or "session") to messages."""

    index: int
    uuid: str | None
    status: str
    code: int
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The errors in one line, for a status shown on a phone or in an import report."""
        return " ".join(message for messages in self.errors.values() for message in messages)


@dataclass
class SessionCandidate:
    """A session that passed the shape checks, waiting for the database checks."""

    index: int
    data: dict
    content_hash: str
    # Member code -> farmer id, filled in once the roster check has passed.
    farmer_ids: dict[str, int] = field(default_factory=dict)

    @property
    def uuid(self) -> uuid.UUID:
        return self.data["uuid"]


def session_content_hash(data: dict) -> str:
    """A fingerprint of a checked session, the same however the device wrote it: lists in
    any order, optional fields left out or sent empty. Trainers count only when the device
    named them: left out, they are whoever uploads, and a colleague's retry of the same
    session must not look like another session."""
    counts = data.get("counts") or {}
    canonical = {
        "uuid": data["uuid"],
        "group": data["group"],
        "trainers": sorted(data.get("trainers") or []),
        "date": data["date"],
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "method": data["method"],
        "language": data["language"],
        "place": data.get("place") or "",
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "notes": data.get("notes") or "",
        "counts": [counts.get(key) or 0 for key in ("women", "men", "other")] if counts else None,
        "modules": sorted(
            (module["id"], module.get("feedback_rating"), module.get("feedback") or "")
            for module in data["modules"]
        ),
        "attendance": sorted(
            (attendee["member_code"], attendee.get("pre_score"), attendee.get("post_score"))
            for attendee in data.get("attendance") or []
        ),
    }
    # Only when there are some: the fingerprints of sessions stored before walk-ins
    # existed stay the same.
    if data.get("walk_ins"):
        canonical["walk_ins"] = sorted(
            (
                str(walk_in["uuid"]),
                bool(walk_in.get("consent")),
                walk_in.get("name") or "",
                walk_in.get("gender") or "",
                walk_in.get("birth_year"),
                walk_in.get("pre_score"),
                walk_in.get("post_score"),
            )
            for walk_in in data["walk_ins"]
        )
    text = json.dumps(canonical, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _refused(index, session_uuid, code, errors) -> SessionResult:
    return SessionResult(
        index=index,
        uuid=str(session_uuid) if session_uuid else None,
        status=REFUSED,
        code=code,
        errors={key: [str(message) for message in messages] for key, messages in errors.items()},
    )


def _flat_errors(errors, prefix="") -> dict[str, list[str]]:
    """DRF's nested errors as flat keys: {"attendance": {0: {"pre_score": [m]}}} becomes
    {"attendance.1.pre_score": [m]}, counting from 1 as people do, a key a phone or an
    import report can show."""
    if not isinstance(errors, dict):
        return {prefix or "session": [str(message) for message in errors]}
    flat: dict[str, list[str]] = {}
    for key, value in errors.items():
        if key == "non_field_errors":
            name = prefix  # a rule about the list or object itself: named after it
        elif isinstance(key, int):
            name = f"{prefix}.{key + 1}"
        else:
            name = f"{prefix}.{key}" if prefix else key
        for flat_key, messages in _flat_errors(value, name).items():
            flat.setdefault(flat_key, []).extend(messages)
    return flat


def sessions_shape_check(
    *, user, sessions: list
) -> tuple[list[SessionCandidate], list[SessionResult]]:
    """The checks that need no database; returns candidates and refusals."""
    candidates, refusals = [], []
    # One serializer for the whole batch: DRF builds a serializer's fields on first use,
    # and building them for each of 500 sessions took ten times as long as checking them.
    checker = SessionUploadSerializer()
    for index, raw in enumerate(sessions):
        if not isinstance(raw, dict):
            refusals.append(
                _refused(index, None, 400, {"session": [_("Each session must be an object.")]})
            )
            continue
        try:
            data = dict(checker.run_validation(raw))
        except serializers.ValidationError as error:
            given = raw.get("uuid") if isinstance(raw.get("uuid"), str) else None
            refusals.append(_refused(index, given, 400, _flat_errors(error.detail)))
            continue
        content_hash = session_content_hash(data)
        data["trainers"] = list(data.get("trainers") or [user.pk])
        candidates.append(SessionCandidate(index, data, content_hash))
    return candidates, refusals


@dataclass
class _Lookups:
    """What the database knows about a batch, read once for all its sessions."""

    groups: dict[int, ProducerGroup]
    recordable: set[int]
    farmers: dict[tuple[int, str], tuple[int, datetime.datetime | None]]
    assigned_trainers: set[tuple[int, int]]
    modules: dict[int, int | None]
    known: dict[uuid.UUID, str]

    @classmethod
    def load(cls, *, user, candidates: list[SessionCandidate]) -> "_Lookups":
        group_ids = {candidate.data["group"] for candidate in candidates}
        groups = ProducerGroup.objects.only("pk", "country_id", "name").in_bulk(group_ids)
        recordable = set(
            groups_user_may_record_for(user=user)
            .filter(pk__in=group_ids)
            .values_list("pk", flat=True)
        )
        # Removed farmers too, with the day they left: a session recorded offline before
        # the removal still names them.
        farmers = {
            (group_id, code): (farmer_id, removed_at)
            for group_id, code, farmer_id, removed_at in Farmer.objects.filter(
                group_id__in=recordable
            ).values_list("group_id", "member_code", "pk", "removed_at")
        }
        assigned = set(
            ProducerGroup.trainers.through.objects.filter(
                producergroup_id__in=recordable
            ).values_list("producergroup_id", "user_id")
        )
        module_ids = {m["id"] for candidate in candidates for m in candidate.data["modules"]}
        # Across all countries, so another country's adaptation is named as such.
        modules = module_countries(page_ids=module_ids)
        known = dict(
            TrainingSession.objects.filter(
                uuid__in=[candidate.uuid for candidate in candidates]
            ).values_list("uuid", "content_hash")
        )
        return cls(groups, recordable, farmers, assigned, modules, known)


def _content_problems(*, candidate, lookups, user) -> dict[str, list[str]]:
    data, problems = candidate.data, {}
    group = lookups.groups[data["group"]]
    strangers = [
        pk
        for pk in data["trainers"]
        if pk != user.pk and (group.pk, pk) not in lookups.assigned_trainers
    ]
    if strangers:
        problems["trainers"] = [
            _("Not trainers of %(group)s: users %(ids)s. The platform assigns trainers to groups.")
            % {"group": group.name, "ids": ", ".join(map(str, strangers))}
        ]
    unknown, departed = [], []
    for attendee in data.get("attendance") or []:
        farmer = lookups.farmers.get((group.pk, attendee["member_code"]))
        if farmer is None:
            unknown.append(attendee["member_code"])
        elif farmer[1] is not None and timezone.localdate(farmer[1]) < data["date"]:
            departed.append(attendee["member_code"])
    if departed:
        problems["attendance"] = [
            _("Removed from the roster of %(group)s before this session: %(codes)s.")
            % {"group": group.name, "codes": ", ".join(departed)}
        ]
    if unknown:
        problems.setdefault("attendance", []).append(
            _("Not on the roster of %(group)s: %(codes)s.")
            % {"group": group.name, "codes": ", ".join(unknown)}
        )
    for module in data["modules"]:
        if module["id"] not in lookups.modules:
            problems.setdefault("modules", []).append(
                _("Module %(id)s is not a published module.") % {"id": module["id"]}
            )
        elif lookups.modules[module["id"]] not in (None, group.country_id):
            problems.setdefault("modules", []).append(
                _(
                    "Module %(id)s is another country's adaptation; use your country's or the "
                    "generic module."
                )
                % {"id": module["id"]}
            )
    return problems


def _conflict(candidate) -> SessionResult:
    return _refused(
        candidate.index,
        candidate.uuid,
        409,
        {
            "uuid": [
                _(
                    "A different session is already stored under this identifier. If this is "
                    "another session, record it again so it gets its own identifier."
                )
            ]
        },
    )


def _already_known(candidate) -> SessionResult:
    return SessionResult(candidate.index, str(candidate.uuid), ALREADY_KNOWN, 200)


def sessions_check(*, user, sessions: list) -> tuple[list[SessionCandidate], list[SessionResult]]:
    """Every check, with a fixed number of queries: the sessions that may be stored, and
    a result for every other one (refused, or already known)."""
    candidates, results = sessions_shape_check(user=user, sessions=sessions)
    if not candidates:
        return [], results
    lookups = _Lookups.load(user=user, candidates=candidates)
    storable: list[SessionCandidate] = []
    first_in_batch: dict[uuid.UUID, SessionCandidate] = {}
    for candidate in candidates:
        if lookups.known.get(candidate.uuid) == candidate.content_hash:
            # Stored already, exactly so: a retry. Said before the permission check, so a
            # trainer unassigned since recording it does not see a stored session refused
            # (the device sent the whole session, so the answer reveals nothing).
            results.append(_already_known(candidate))
            continue
        if candidate.data["group"] not in lookups.recordable:
            results.append(
                _refused(
                    candidate.index,
                    candidate.uuid,
                    403,
                    {
                        "group": [
                            _(
                                "You may not record sessions for producer group %(id)s: you "
                                "are not assigned to it."
                            )
                            % {"id": candidate.data["group"]}
                        ]
                    },
                )
            )
            continue
        earlier = first_in_batch.get(candidate.uuid)
        known_hash = lookups.known.get(candidate.uuid) or (earlier and earlier.content_hash)
        if known_hash:
            same = known_hash == candidate.content_hash
            results.append(_already_known(candidate) if same else _conflict(candidate))
            continue
        problems = _content_problems(candidate=candidate, lookups=lookups, user=user)
        if problems:
            results.append(_refused(candidate.index, candidate.uuid, 400, problems))
            continue
        group_id = candidate.data["group"]
        candidate.farmer_ids = {
            attendee["member_code"]: lookups.farmers[(group_id, attendee["member_code"])][0]
            for attendee in candidate.data.get("attendance") or []
        }
        first_in_batch[candidate.uuid] = candidate
        storable.append(candidate)
    return storable, results


def sessions_store(
    *, user, candidates: list[SessionCandidate], source: str = SessionSource.APP
) -> list[SessionResult]:
    """Insert checked sessions with their trainers, modules and attendance, in one
    transaction and a fixed number of queries."""
    if not candidates:
        return []
    batch = uuid.uuid4()
    with transaction.atomic():
        TrainingSession.objects.bulk_create(
            [
                _session_row(candidate, user=user, batch=batch, source=source)
                for candidate in candidates
            ],
            ignore_conflicts=True,
        )
        stored = {
            row_uuid: (pk, row_hash, row_batch)
            for row_uuid, pk, row_hash, row_batch in TrainingSession.objects.filter(
                uuid__in=[candidate.uuid for candidate in candidates]
            ).values_list("uuid", "pk", "content_hash", "upload_batch")
        }
        results, ours = [], []
        for candidate in candidates:
            pk, row_hash, row_batch = stored[candidate.uuid]
            if row_batch == batch:
                ours.append((pk, candidate))
                results.append(SessionResult(candidate.index, str(candidate.uuid), ACCEPTED, 201))
            elif row_hash == candidate.content_hash:
                # Another upload of the same session got in between our check and insert.
                results.append(_already_known(candidate))
            else:
                results.append(_conflict(candidate))
        _children_create(ours)
        # Inserted in bulk, so without per-row signals: say which sessions are new.
        sessions_written.send(
            sender=TrainingSession, session_ids=[session_id for session_id, _ in ours]
        )
    return results


def _session_row(candidate, *, user, batch, source) -> TrainingSession:
    data = candidate.data
    counts = data.get("counts") or {}
    return TrainingSession(
        uuid=data["uuid"],
        group_id=data["group"],
        recorded_by=user,
        date=data["date"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        method=data["method"],
        language=data["language"],
        place=data.get("place", ""),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        women_count=counts.get("women"),
        men_count=counts.get("men"),
        other_count=counts.get("other"),
        notes=data.get("notes", ""),
        source=source,
        content_hash=candidate.content_hash,
        upload_batch=batch,
    )


def _children_create(ours) -> None:
    trainers, modules, attendance, walk_ins = [], [], [], []
    for session_id, candidate in ours:
        data = candidate.data
        trainers += [
            SessionTrainer(session_id=session_id, trainer_id=pk) for pk in data["trainers"]
        ]
        modules += [
            SessionModule(
                session_id=session_id,
                module_id=module["id"],
                feedback_rating=module.get("feedback_rating"),
                feedback=module.get("feedback", ""),
            )
            for module in data["modules"]
        ]
        attendance += [
            Attendance(
                session_id=session_id,
                farmer_id=candidate.farmer_ids[attendee["member_code"]],
                pre_score=attendee.get("pre_score"),
                post_score=attendee.get("post_score"),
            )
            for attendee in data.get("attendance") or []
        ]
        walk_ins += [
            WalkIn(
                uuid=walk_in["uuid"],
                session_id=session_id,
                consent_given=walk_in.get("consent", False),
                name=walk_in.get("name", "") if walk_in.get("consent") else "",
                gender=walk_in.get("gender", "unstated"),
                birth_year=walk_in.get("birth_year"),
                pre_score=walk_in.get("pre_score"),
                post_score=walk_in.get("post_score"),
            )
            for walk_in in data.get("walk_ins") or []
        ]
    SessionTrainer.objects.bulk_create(trainers)
    SessionModule.objects.bulk_create(modules)
    Attendance.objects.bulk_create(attendance)
    # A walk-in's UUID is the phone's: one already stored (the same farmer sent under
    # another session by a copied record) is not stored twice.
    WalkIn.objects.bulk_create(walk_ins, ignore_conflicts=True)


def sessions_sync(*, user, sessions: list, source: str = SessionSource.APP) -> list[SessionResult]:
    """Check and store an uploaded batch; one result per session, in upload order."""
    storable, results = sessions_check(user=user, sessions=sessions)
    results += sessions_store(user=user, candidates=storable, source=source)
    return sorted(results, key=lambda result: result.index)


MAX_PHOTOS_PER_SESSION = 10
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}


class PhotoRefused(Exception):
    """A photo upload that cannot be stored; `code` is the HTTP status the API answers."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def session_photo_add(
    *, user, session_uuid: uuid.UUID, photo_uuid: uuid.UUID, upload, caption: str = ""
) -> tuple[SessionPhoto, bool]:
    """Store a photo of a session; (photo, True) when stored now, (photo, False) when
    this photo (same UUID) was stored already, by an earlier try of the same upload.

    The app sends photos after their session was accepted; a photo for a session the
    server does not know yet is refused with 404, and the app tries again later.
    """
    # A session the user may not add photos to is "not found" like a missing one, so the
    # answer never tells whether someone else's session exists.
    session = (
        TrainingSession.objects.filter(uuid=session_uuid)
        .filter(
            Q(group__in=groups_user_may_record_for(user=user).values("pk")) | Q(recorded_by=user)
        )
        .first()
    )
    if session is None:
        raise PhotoRefused(
            404,
            _("The session is not on the server yet. Send it first."),
        )
    if len(caption) > 200:
        raise PhotoRefused(400, _("The caption is longer than 200 characters."))
    existing = SessionPhoto.objects.filter(uuid=photo_uuid).first()
    if existing is not None:
        return _photo_already_stored(existing, session)
    if upload.size > MAX_PHOTO_BYTES:
        raise PhotoRefused(
            413, _("The photo is larger than 5 MB. The app makes photos smaller; send it again.")
        )
    problem = upload_problem(upload, extensions=PHOTO_EXTENSIONS, max_bytes=MAX_PHOTO_BYTES)
    if problem:
        raise PhotoRefused(400, problem)
    if not _decodes_as_image(upload):
        raise PhotoRefused(400, _("“%(name)s” is damaged or not a photo.") % {"name": upload.name})
    if session.photos.count() >= MAX_PHOTOS_PER_SESSION:
        raise PhotoRefused(
            400,
            _("A session keeps at most %(count)s photos.") % {"count": MAX_PHOTOS_PER_SESSION},
        )
    photo = SessionPhoto(uuid=photo_uuid, session=session, caption=caption)
    extension = upload.name.rsplit(".", 1)[-1].lower()
    try:
        with transaction.atomic():
            photo.file.save(f"photo.{extension}", upload, save=False)
            photo.save()
    except IntegrityError:
        # The same photo, sent twice at once: the other request stored it.
        photo.file.storage.delete(photo.file.name)
        return _photo_already_stored(SessionPhoto.objects.get(uuid=photo_uuid), session)
    return photo, True


def _photo_already_stored(photo, session) -> tuple[SessionPhoto, bool]:
    if photo.session_id != session.pk:
        raise PhotoRefused(409, _("A photo with this identifier belongs to another session."))
    return photo, False


def _decodes_as_image(upload) -> bool:
    """Pillow reads the header and checks the structure, without decoding every pixel;
    a decompression bomb (a huge image in a small file) is refused by its size."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
        return True
    except (OSError, SyntaxError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)


# --- Corrections by the group's national platform (issue 23, point 3) ------------------

SESSION_CORRECTED = "training_delivery.session_corrected"
CORRECTABLE_FIELDS = (
    "date",
    "starts_at",
    "ends_at",
    "method",
    "place",
    "women_count",
    "men_count",
    "other_count",
    "notes",
)


def _shown(value) -> str:
    return "—" if value is None or value == "" else str(value)


@transaction.atomic
def session_correct(
    *, session: TrainingSession, user, values: dict, scores: dict[int, tuple] | None = None
) -> list[str]:
    """Correct what was recorded, keeping a history of who changed what.

    `values` holds fields of CORRECTABLE_FIELDS; `scores` maps an attendance row's id to
    its (score before, score after). Only the group's national platform corrects (the
    same people who may delete a session). The uploaded content's fingerprint is left
    as it was, so the device's retry of the original is still "already known". Returns
    the changes, also logged on the session (its History) with the user.
    """
    if not TrainingSession.objects.removable_by(user).filter(pk=session.pk).exists():
        raise PermissionDenied(_("Only the group's national platform corrects its sessions."))
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    changes = []
    for name, value in values.items():
        if name not in CORRECTABLE_FIELDS:
            raise ValidationError(_("“%(field)s” cannot be corrected.") % {"field": name})
        before = getattr(session, name)
        if before != value:
            label = str(TrainingSession._meta.get_field(name).verbose_name)
            changes.append(f"{label}: {_shown(before)} → {_shown(value)}")
            setattr(session, name, value)
    if session.ends_at <= session.starts_at:
        raise ValidationError(_("The session must end after it starts."))
    rows = {row.pk: row for row in session.attendance.select_related("farmer")}
    for row_id, (pre, post) in (scores or {}).items():
        row = rows.get(row_id)
        if row is None:
            raise ValidationError(_("That farmer did not attend this session."))
        for name, value in (("pre_score", pre), ("post_score", post)):
            if value is not None and not 0 <= value <= 100:
                raise ValidationError(_("Scores are from 0 to 100."))
            before = getattr(row, name)
            if before != value:
                label = str(Attendance._meta.get_field(name).verbose_name)
                changes.append(f"{row.farmer.name}, {label}: {_shown(before)} → {_shown(value)}")
                setattr(row, name, value)
        row.save(update_fields=["pre_score", "post_score"])
    if changes:
        session.save(update_fields=[*values])
        log(instance=session, action=SESSION_CORRECTED, user=user, data={"changes": changes})
    return changes

"""Training sessions (issue 7, point 2): one delivery of one or more modules to a group.

A session is created where it happened, usually on a trainer's phone with no
connection, and reaches the server later, perhaps several times over (a retry
after a dropped upload). So its identity is a UUID made on the device
(`uuid`), unique in the database: a retried upload can never make a second
session. `content_hash` is a fingerprint of what was uploaded, so a replay of
the same session is recognised as "already known", while a different session
under a known UUID is refused as a conflict (decision 0012).

Attendance is either a list of roster farmers (`Attendance`, with knowledge-check
scores) or, for a group without a roster, counts by gender on the session.
"""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from curriculum_site.storage import private_storage
from organisation_levels.models import ProducerGroup
from organisation_levels.models.evidence import remove_stored_file
from training_delivery.models.roster import Farmer

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class SessionMethod(models.TextChoices):
    """How a session was delivered (seed 001): the five ways trainers reach groups."""

    FARMER_FIELD_SCHOOL = "farmer-field-school", _("Farmer field school")
    WORKSHOP = "workshop", _("Workshop")
    ONE_TO_ONE = "one-to-one", _("One-to-one visit")
    NATIONAL_CALL = "national-call", _("National call")
    INTERNATIONAL_CALL = "international-call", _("International call")


class SessionSource(models.TextChoices):
    APP = "app", _("Trainer app")
    PAPER = "paper", _("Paper form, imported")


class TrainingSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sessions of the groups `user` may see, and those they delivered or recorded."""
        if not user.is_active:
            return self.none()
        return self.filter(
            Q(group__in=ProducerGroup.objects.visible_to(user).values("pk"))
            | Q(trainers=user)
            | Q(recorded_by=user)
        ).distinct()

    def with_attendance_total(self):
        """`attendance_total`: farmers on the list, or the head counts without one."""
        listed = models.Count("attendance", distinct=True)
        counted = Coalesce("women_count", 0) + Coalesce("men_count", 0) + Coalesce("other_count", 0)
        return self.annotate(attendance_total=listed + counted)

    def changeable_by(self, user):
        """Nobody edits a session after the fact: it is what the trainer recorded, and an
        edit would make the device's next retry look like a conflict. Wrong ones are deleted
        and recorded again."""
        return self.none()

    def removable_by(self, user):
        """The group's national platform removes a session recorded by mistake."""
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(group__country__national_platform_group__in=user.groups.all())


class TrainingSession(models.Model):
    """One farmer field school meeting, workshop, visit or call, as the trainer recorded it."""

    uuid = models.UUIDField(
        _("session identifier"),
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Made on the device that recorded the session; the same on every retry."),
    )
    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.CASCADE,
        related_name="training_sessions",
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        related_name="delivered_training_sessions",
        through="SessionTrainer",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    date = models.DateField(_("date"), db_index=True)
    starts_at = models.TimeField(_("start"))
    ends_at = models.TimeField(_("end"))
    method = models.CharField(_("method"), max_length=24, choices=SessionMethod.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    # Without a roster the trainer counts heads; with one, the counts come from attendance.
    women_count = models.PositiveIntegerField(_("women attending"), null=True, blank=True)
    men_count = models.PositiveIntegerField(_("men attending"), null=True, blank=True)
    other_count = models.PositiveIntegerField(
        _("others attending"),
        null=True,
        blank=True,
        help_text=_("People who did not state their gender or gave another."),
    )
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(
        _("recorded with"), max_length=8, choices=SessionSource.choices, default=SessionSource.APP
    )
    content_hash = models.CharField(max_length=64, editable=False)
    # Which upload stored the row: after a conflict-ignoring bulk insert, the rows
    # carrying this request's batch id are the ones it created (decision 0012).
    upload_batch = models.UUIDField(editable=False, null=True, db_index=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-starts_at", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return _("%(method)s with %(group)s on %(date)s") % {
            "method": self.get_method_display(),
            "group": self.group,
            "date": self.date,
        }

    @property
    def duration_hours(self) -> float:
        return hours_between(self.starts_at, self.ends_at)


def hours_between(starts_at: datetime.time, ends_at: datetime.time) -> float:
    """A session's length in hours (two decimals); sessions start and end on one day."""
    start = starts_at.hour * 60 + starts_at.minute
    end = ends_at.hour * 60 + ends_at.minute
    return round((end - start) / 60, 2)


class SessionTrainer(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE)
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "trainer"], name="unique_session_trainer")
        ]

    def __str__(self):
        return f"{self.trainer} · {self.session}"


class SessionModule(models.Model):
    """A module covered in the session, with the trainer's feedback on how it went."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="modules_covered"
    )
    # A generic or an adapted module page; PROTECT, since reports count deliveries per module.
    module = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("module"), on_delete=models.PROTECT, related_name="+"
    )
    feedback_rating = models.PositiveSmallIntegerField(
        _("how well it worked"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    feedback = models.TextField(_("feedback on the module"), blank=True)

    class Meta:
        verbose_name = _("module covered")
        verbose_name_plural = _("modules covered")
        constraints = [
            models.UniqueConstraint(fields=["session", "module"], name="unique_module_in_session"),
            models.CheckConstraint(
                condition=Q(feedback_rating__isnull=True)
                | Q(feedback_rating__gte=1, feedback_rating__lte=5),
                name="session_module_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.module} · {self.session}"


class Attendance(models.Model):
    """A roster farmer at a session, with their knowledge-check scores (0 to 100) if taken."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    # PROTECT: farmers leave the roster by being marked removed, never deleted (roster.py).
    farmer = models.ForeignKey(
        Farmer, verbose_name=_("farmer"), on_delete=models.PROTECT, related_name="attendance"
    )
    pre_score = models.PositiveSmallIntegerField(
        _("score before"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    post_score = models.PositiveSmallIntegerField(
        _("score after"), null=True, blank=True, validators=SCORE_VALIDATORS
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "farmer"], name="unique_farmer_in_session"),
            models.CheckConstraint(
                condition=(Q(pre_score__isnull=True) | Q(pre_score__lte=100))
                & (Q(post_score__isnull=True) | Q(post_score__lte=100)),
                name="attendance_scores_0_to_100",
            ),
        ]

    def __str__(self):
        return f"{self.farmer} · {self.session}"


def session_photo_path(photo, filename):
    # The session's UUID in the path keeps one session's photos together; the
    # photo's own UUID keeps a retried upload from colliding with itself.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"session-photos/{photo.session.uuid}/{photo.uuid}.{extension}"


class SessionPhoto(models.Model):
    """A photo taken at the session; private, since it shows farmers' faces."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(
        _("photo"), storage=private_storage, upload_to=session_photo_path, max_length=255
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session photo")
        verbose_name_plural = _("session photos")

    def __str__(self):
        return self.caption or self.file.name


# Photo files go with their rows, as evidence files do, once the deletion is committed.
post_delete.connect(remove_stored_file, sender=SessionPhoto)

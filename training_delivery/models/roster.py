"""Farmer rosters (issue 7, point 1): the members of a producer group who attend training.

A farmer is removed by marking `removed_at`, never by deleting the row: past
attendance must stay readable ("who was at the session on 3 March"), and the
trainer app must learn that the farmer left (the roster download sends removals).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from organisation_levels.models import ProducerGroup

EARLIEST_BIRTH_YEAR = 1900

# (key, label, lowest age, highest age); ages are reached in the year asked about. The
# dashboards count by these bands, and a farmer without consent is shown by gender and
# band only (decision 0023).
AGE_BANDS = [
    ("under-25", _("Under 25"), 0, 24),
    ("25-34", _("25 to 34"), 25, 34),
    ("35-44", _("35 to 44"), 35, 44),
    ("45-54", _("45 to 54"), 45, 54),
    ("55-plus", _("55 and over"), 55, 200),
]
UNKNOWN_AGE = "unknown"


def age_band(birth_year: int | None, year: int) -> str:
    """The key of the band the age reached in `year` falls in ("unknown" without a year)."""
    if not birth_year:
        return UNKNOWN_AGE
    age = year - birth_year
    for key, _label, low, high in AGE_BANDS:
        if low <= age <= high:
            return key
    return UNKNOWN_AGE


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other")
    UNSTATED = "unstated", _("Not stated")


class FarmerQuerySet(models.QuerySet):
    def on_roster(self):
        """Farmers still in their group (not removed)."""
        return self.filter(removed_at__isnull=True)

    def visible_to(self, user):
        """Farmers of the groups `user` keeps (platform, managers) or trains. Names are
        personal data: the committee and monitoring viewers, who read every group, see
        figures on dashboards, not rosters."""
        if not user.is_active:
            return self.none()
        kept = ProducerGroup.objects.changeable_by(user).values("pk")
        return self.filter(Q(group__in=kept) | Q(group__trainers=user)).distinct()

    def changeable_by(self, user):
        """The group's platform and managers keep the roster (trainers only read it)."""
        return self.filter(group__in=ProducerGroup.objects.changeable_by(user).values("pk"))

    def removable_by(self, user):
        """Only farmers who never attended are deleted (a typing slip); the others are
        marked removed from the roster, so their attendance stays readable."""
        return self.changeable_by(user).filter(attendance__isnull=True)


class Farmer(models.Model):
    """A member of a producer group, identified in the group by their member code."""

    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.CASCADE,
        related_name="farmers",
    )
    member_code = models.CharField(
        _("member code"),
        max_length=40,
        help_text=_("The code the group gives this member, such as a membership number."),
    )
    name = models.CharField(_("name"), max_length=150)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNSTATED
    )
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_BIRTH_YEAR)],
        help_text=_("The year only: enough for age bands in reports."),
    )
    consent_given = models.BooleanField(
        _("consents to the use of their data"),
        default=False,
        help_text=_(
            "The farmer agreed that their name and attendance are recorded and reported. "
            "Without consent the name stays on the server: phones, exports and reports "
            "show the farmer's gender and age band only."
        ),
    )
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    erased_at = models.DateTimeField(
        _("erased at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Personal data erased; only gender and birth year stay, for the figures."),
    )
    removed_at = models.DateTimeField(
        _("removed from the roster"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the farmer leaves the group. They are no longer offered for new "
            "sessions; their past attendance stays."
        ),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    # Indexed: the trainer app downloads "farmers changed since" its last sync.
    updated_at = models.DateTimeField(_("changed at"), auto_now=True, db_index=True)

    objects = FarmerQuerySet.as_manager()

    panels = [
        FieldPanel("group"),
        FieldRowPanel([FieldPanel("member_code"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("gender"), FieldPanel("birth_year")]),
        FieldRowPanel([FieldPanel("consent_given"), FieldPanel("consent_date")]),
        FieldPanel("consent_text"),
        FieldPanel("removed_at"),
    ]

    class Meta:
        ordering = ["group", "member_code"]
        verbose_name = _("farmer")
        verbose_name_plural = _("farmers")
        constraints = [
            # Also over removed farmers: a code names one person in the group's history.
            models.UniqueConstraint(
                fields=["group", "member_code"], name="unique_member_code_in_group"
            ),
            models.CheckConstraint(
                condition=Q(consent_given=False) | Q(consent_date__isnull=False),
                name="farmer_consent_has_a_date",
            ),
        ]

    def __str__(self):
        # The admin's own pages (and its log) name the farmer; a farmer without consent
        # is named by their code only, so the log keeps no name that erasure would miss.
        if not self.consent_given:
            return self.member_code
        return f"{self.name} ({self.member_code})"

    @property
    def shared_name(self) -> str:
        """The name as it may leave the server (sync API, exports): only with consent."""
        return self.name if self.consent_given else ""

    @property
    def age_band(self) -> str:
        return age_band(self.birth_year, timezone.localdate().year)

    @property
    def on_roster(self) -> bool:
        return self.removed_at is None

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.birth_year and self.birth_year > today.year:
            errors["birth_year"] = _("The birth year cannot be in the future.")
        if self.consent_given and not self.consent_date:
            errors["consent_date"] = _("Give the date the farmer consented.")
        if self.consent_date and self.consent_date > today:
            errors["consent_date"] = _("The date cannot be in the future.")
        if self.consent_date and not self.consent_given:
            errors["consent_given"] = _("A consent date is given: tick that the farmer consents.")
        if errors:
            raise ValidationError(errors)

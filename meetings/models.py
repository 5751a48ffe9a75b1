"""Calls and meetings that bring producer groups together (issue 21, point 6).

GPSNR's note describes national and international calls in local languages across seven
countries; a training session has one group and cannot hold them. An `Event` spans
several groups or countries, with its languages, interpretation, agenda, minutes and the
attendance by gender of each group (or of a country, when people were not counted per
group). It is recorded by a national platform (its own country's groups only) or by the
technical committee (any country).

Who sees what (decided here, tested in tests/meetings):
- an event is seen by the platforms and monitoring viewers of the countries it spans, by
  the managers of its groups, and by the committee; a Vietnam-only call is not seen in
  Ghana at all, minutes included;
- a call spanning Ghana and Vietnam is seen by both, agenda and minutes included; each
  sees its own country's attendance per group, and of the other country only the totals
  by gender (a country's groups are its own data; the totals are what the call shared).
"""

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from reference import roles
from reference.models import Country
from reference.selectors import is_committee_member


class EventKind(models.TextChoices):
    NATIONAL_CALL = "national_call", _("National call")
    INTERNATIONAL_CALL = "international_call", _("International call")
    MEETING = "meeting", _("Meeting")
    WORKSHOP = "workshop", _("Workshop")


class EventQuerySet(models.QuerySet):
    """The one place that says who may see or change which events."""

    def visible_to(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser or is_committee_member(user):
            return self
        rule = Q(countries__in=Country.objects.of_platform_member(user)) | Q(groups__managers=user)
        if user.groups.filter(name=roles.MONITORING_VIEWERS).exists():
            rule |= Q(countries__monitoring_viewers=user)
        return self.filter(pk__in=self.filter(rule).values("pk"))

    def changeable_by(self, user):
        """The committee changes every event; a platform the events it recorded."""
        if not user.is_active:
            return self.none()
        if user.is_superuser or is_committee_member(user):
            return self
        return self.filter(recorded_for__in=Country.objects.of_platform_member(user))

    removable_by = changeable_by


class Event(ClusterableModel):
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    recorded_for = models.ForeignKey(
        Country,
        verbose_name=_("recorded by the national platform of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Empty when the technical committee records it. A national platform records "
            "events of its own country's groups only."
        ),
    )
    countries = ParentalManyToManyField(
        Country,
        verbose_name=_("countries"),
        related_name="events",
        help_text=_("Every country whose groups took part. A national call has one."),
    )
    groups = ParentalManyToManyField(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer groups"),
        blank=True,
        related_name="events",
        help_text=_("The groups that took part, of the countries above."),
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        help_text=_("The languages the event was held in, e.g. “Twi, English”."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("What was said and decided."))
    modules = ParentalManyToManyField(
        "modules.TrainingModulePage",
        verbose_name=_("modules discussed"),
        blank=True,
        related_name="+",
        help_text=_("Optional: the backpack's modules the event was about."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("held_on")]),
                FieldPanel("title"),
                # Plain lists, not snippet choosers: a platform picks among a few rows.
                FieldPanel("recorded_for", widget=forms.Select),
                FieldPanel("countries"),
                FieldPanel("groups"),
            ],
            heading=_("The event"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("languages"),
                InlinePanel(
                    "interpretations", heading=_("Interpretation"), label=_("Interpretation")
                ),
            ],
            heading=_("Languages"),
        ),
        FieldPanel("agenda"),
        FieldPanel("minutes"),
        FieldPanel("modules"),
        InlinePanel(
            "attendance",
            heading=_("Attendance by gender"),
            label=_("Attendance of a group or a country"),
        ),
    ]

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("call or meeting")
        verbose_name_plural = _("calls and meetings")

    def __str__(self):
        return f"{self.title} ({self.held_on})"


class Interpretation(Orderable):
    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="interpretations")
    from_language = models.CharField(_("from"), max_length=60)
    to_language = models.CharField(_("into"), max_length=60)

    panels = [FieldRowPanel([FieldPanel("from_language"), FieldPanel("to_language")])]

    class Meta(Orderable.Meta):
        verbose_name = _("interpretation")
        verbose_name_plural = _("interpretation")

    def __str__(self):
        return f"{self.from_language} → {self.to_language}"


class EventAttendance(Orderable):
    """Who came from one group (or from a country, when not counted per group)."""

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="attendance")
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the country's participants were not counted per group."),
    )
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    other = models.PositiveIntegerField(
        _("other or not stated"), default=0, help_text=_("Other genders, or not stated.")
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("country", widget=forms.Select),
                FieldPanel("group", widget=forms.Select),
            ]
        ),
        FieldRowPanel([FieldPanel("women"), FieldPanel("men"), FieldPanel("other")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    @property
    def total(self) -> int:
        return self.women + self.men + self.other

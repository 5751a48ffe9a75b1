"""RSS consultation (issue 20, point 5): stakeholders, consultation events, grievances.

Each row belongs to one country (and optionally one producer group). Only that
country's national platform sees and changes them: grievances name people and land
disputes, so no other country's platform, no buyer and no committee member reads
them; the dashboard counts them without showing any.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from reference.scoping import CountryPlatformQuerySet

# A consultation is a meeting: thousands of people would be a typing error.
MAX_ATTENDANCE = 5000


class CountryScoped(models.Model):
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty when it concerns the whole country or region."),
    )

    # Only the country's platform sees, changes and removes them (the module's docstring).
    objects = CountryPlatformQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        # A group's row belongs to the group's country, whatever was chosen.
        if self.group_id:
            self.country_id = self.group.country_id


class Stakeholder(CountryScoped):
    """Someone the RSS consultation involves: a community, an authority, an NGO, a buyer."""

    class Kind(models.TextChoices):
        FARMERS = "farmers", _("Farmers or their community")
        WOMEN = "women", _("Women's group")
        WORKERS = "workers", _("Workers")
        CUSTOMARY = "customary", _("Customary or indigenous authority")
        GOVERNMENT = "government", _("Local government or agency")
        NGO = "ngo", _("NGO or civil society")
        BUYER = "buyer", _("Buyer, mill or trader")
        EXTENSION = "extension", _("Extension service")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=150, help_text=_("A person, or a role such as “village chief”.")
    )
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Phone, e-mail or address, as the stakeholder agreed to give."),
    )
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("country"), FieldPanel("group")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("name"), FieldPanel("organisation")]),
        FieldPanel("contact"),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["country", "name", "pk"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class ConsultationEvent(CountryScoped, ClusterableModel):
    """A meeting with stakeholders: who came, what was found, which conclusions they validated."""

    held_on = models.DateField(_("held on"), default=timezone.localdate)
    place = models.CharField(_("place"), max_length=150)
    purpose = models.CharField(
        _("purpose"),
        max_length=300,
        help_text=_("e.g. “validate the risk assessment with the community”."),
    )
    stakeholders = ParentalManyToManyField(
        Stakeholder, verbose_name=_("stakeholders present"), blank=True, related_name="events"
    )
    women = models.PositiveIntegerField(
        _("women"), default=0, validators=[MaxValueValidator(MAX_ATTENDANCE)]
    )
    men = models.PositiveIntegerField(
        _("men"), default=0, validators=[MaxValueValidator(MAX_ATTENDANCE)]
    )
    other_attendees = models.PositiveIntegerField(
        _("other or not stated"),
        default=0,
        validators=[MaxValueValidator(MAX_ATTENDANCE)],
        help_text=_("People who gave another gender or none."),
    )
    findings = models.TextField(_("findings"), blank=True, help_text=_("What was heard and seen."))
    # The training session (or visit) during which it was held, when one was logged.
    session = models.ForeignKey(
        "training_delivery.TrainingSession",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Optional: the logged session or visit during which it was held."),
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

    panels = [
        FieldRowPanel([FieldPanel("country"), FieldPanel("group")]),
        FieldRowPanel([FieldPanel("held_on"), FieldPanel("place")]),
        FieldPanel("purpose"),
        FieldPanel("stakeholders"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("women"), FieldPanel("men"), FieldPanel("other_attendees")]
                )
            ],
            heading=_("Attendance"),
        ),
        FieldPanel("findings"),
        InlinePanel(
            "conclusions",
            heading=_("Conclusions"),
            label=_("Conclusion"),
            help_text=_("Tick “validated” only when the participants agreed with it."),
        ),
        FieldPanel("session"),
    ]

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return f"{self.place}, {self.held_on}"

    @property
    def attendance(self) -> int:
        return self.women + self.men + self.other_attendees

    def clean(self):
        super().clean()
        errors = {}
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("The date cannot be in the future.")
        if self.session_id and self.session.group.country_id != self.country_id:
            errors["session"] = _("Choose a session of this country's groups.")
        if errors:
            raise ValidationError(errors)


class Conclusion(Orderable):
    event = ParentalKey(ConsultationEvent, on_delete=models.CASCADE, related_name="conclusions")
    text = models.CharField(_("conclusion"), max_length=500)
    validated = models.BooleanField(
        _("validated by the participants"),
        default=False,
        help_text=_("The participants agreed with it."),
    )

    panels = [FieldPanel("text"), FieldPanel("validated")]

    class Meta(Orderable.Meta):
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self):
        return self.text


class Grievance(CountryScoped):
    """A complaint received through the grievance channel, and what was done about it."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        TRAINER = "trainer", _("Told to a trainer in the field")
        PHONE = "phone", _("Phone call")
        MESSAGE = "message", _("SMS or messaging app")
        LETTER = "letter", _("Letter or e-mail")
        BOX = "box", _("Suggestion box")
        MEETING = "meeting", _("At a consultation meeting")
        OTHER = "other", _("Other")

    class Category(models.TextChoices):
        LAND = "land", _("Land rights or a land conflict")
        LABOUR = "labour", _("Labour rights")
        DEFORESTATION = "deforestation", _("Deforestation or expansion")
        PAYMENT = "payment", _("Payment or prices")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    OPEN = (Status.RECEIVED, Status.UNDER_REVIEW)

    # Made on the phone when a trainer records it offline, so a resent upload is stored once.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("The person asked not to be named.")
    )
    complainant = models.CharField(
        _("from whom"),
        max_length=150,
        blank=True,
        help_text=_("Name, or role, of who raised it; empty when anonymous."),
    )
    category = models.CharField(_("category"), max_length=14, choices=Category.choices)
    description = models.TextField(_("what it is about"))
    status = models.CharField(
        _("status"), max_length=13, choices=Status.choices, default=Status.RECEIVED
    )
    response = models.TextField(
        _("response"), blank=True, help_text=_("What was answered or done.")
    )
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    session = models.ForeignKey(
        "training_delivery.TrainingSession",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Optional: the logged session or visit where it was received."),
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

    panels = [
        FieldRowPanel([FieldPanel("country"), FieldPanel("group")]),
        FieldRowPanel([FieldPanel("received_on"), FieldPanel("channel")]),
        FieldRowPanel([FieldPanel("anonymous"), FieldPanel("complainant")]),
        FieldPanel("category"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("response"), FieldPanel("responded_on")],
            heading=_("Follow-up"),
        ),
    ]

    class Meta:
        ordering = ["-received_on", "-created_at"]
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")
        constraints = [
            # An anonymous grievance keeps no name, whatever screen or upload wrote it.
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(complainant=""),
                name="anonymous_grievance_has_no_name",
            )
        ]

    def __str__(self):
        return f"{self.get_category_display()}, {self.received_on}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.received_on and self.received_on > today:
            errors["received_on"] = _("The date cannot be in the future.")
        if self.anonymous and self.complainant.strip():
            errors["complainant"] = _("An anonymous grievance names nobody: clear this field.")
        if self.status in (self.Status.ANSWERED, self.Status.CLOSED):
            if not self.response.strip():
                errors["response"] = _("Write the response before marking it answered or closed.")
            if not self.responded_on:
                errors["responded_on"] = _("Give the date it was answered.")
        if self.responded_on:
            if self.responded_on > today:
                errors["responded_on"] = _("The date cannot be in the future.")
            elif self.received_on and self.responded_on < self.received_on:
                errors["responded_on"] = _("It cannot be answered before it was received.")
        if errors:
            raise ValidationError(errors)

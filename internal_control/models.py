"""One internal control system for several standards (issue 21, points 1 and 2).

SCAN's founding note: a producer group should keep only one internal control system
(QMS) even when it wants to comply with several standards. So the standards'
requirements are data the committee keeps (`RequirementCatalogue`, one version of one
standard's list, and its `Requirement`s), and the group's single system is a set of
`ControlPoint`s; each requirement is covered by one or more control points, and one
control point can satisfy requirements of several standards. The crosswalk
(`selectors.crosswalk`) shows, per standard, what covers each requirement and what is
not covered yet.

Catalogues are versioned like the level rubric: a draft is edited (by hand or from a
spreadsheet); once active it is frozen, because inspections will cite it; a change is a
new version, copied from the active one, which retires it when activated.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from curriculum_site.storage import private_storage
from organisation_levels.models.evidence import remove_stored_file
from reference.localized import originals_only


class AppliesTo(models.TextChoices):
    GROUP = "group", _("The group")
    MEMBER = "member", _("Each member")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class ControlPoint(index.Indexed, models.Model):
    """One thing the group's internal control system checks, whatever standard asks for it."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short and stable, such as ICS-07; inspections and reports cite it."),
    )
    title = models.CharField(_("title"), max_length=200)
    what_to_check = models.TextField(
        _("what the inspector checks"),
        help_text=_("What the internal inspector looks at or asks, and what counts as met."),
    )
    applies_to = models.CharField(
        _("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.MEMBER
    )
    severity = models.CharField(
        _("severity when not met"),
        max_length=10,
        choices=Severity.choices,
        default=Severity.MAJOR,
        help_text=_(
            "Decides the sanction by the group's rules when an inspection finds it not met."
        ),
    )

    # Issue 21, point 5: the modules that teach what the control point checks. A finding
    # "not met" recommends them to the group, with the finding as the reason.
    modules = models.ManyToManyField(
        "modules.TrainingModulePage",
        verbose_name=_("modules that teach it"),
        blank=True,
        related_name="+",
        help_text=_(
            "When an inspection finds this control point not met, these modules are "
            "recommended to the group, with the finding as the reason."
        ),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("what_to_check"),
        FieldPanel("applies_to"),
        FieldPanel("severity"),
        FieldPanel("modules"),
    ]
    search_fields = [
        index.SearchField("code"),
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("applies_to"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("control point")
        verbose_name_plural = _("control points")

    def __str__(self):
        return f"{self.code} {self.title}"


class RequirementCatalogue(ClusterableModel):
    """One version of one standard's requirements."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft: being written")
        ACTIVE = "active", _("Active: used for inspections")
        RETIRED = "retired", _("Retired: kept for past inspections")

    standard = models.ForeignKey(
        "reference.Standard",
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        related_name="requirement_catalogues",
    )
    version = models.PositiveIntegerField(
        _("version"), editable=False, help_text=_("Numbered automatically, per standard.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    illustrative = models.BooleanField(
        _("illustrative example"),
        default=False,
        help_text=_(
            "Tick when the requirements are an example written for training, not the "
            "standard's own text. Pages and reports say so."
        ),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Where the text comes from and what changed.")
    )
    activated_at = models.DateTimeField(_("activated at"), null=True, editable=False)

    panels = [
        FieldPanel("standard"),
        FieldPanel("illustrative"),
        FieldPanel("notes"),
        InlinePanel("requirements", heading=_("Requirements"), label=_("Requirement")),
    ]

    class Meta:
        ordering = ["standard__name", "-version"]
        verbose_name = _("requirement catalogue")
        verbose_name_plural = _("requirement catalogues")
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "version"], name="unique_catalogue_version"
            ),
            models.UniqueConstraint(
                fields=["standard"],
                condition=models.Q(status="active"),
                name="one_active_catalogue_per_standard",
            ),
        ]

    def __str__(self):
        return _("%(standard)s, version %(version)s") % {
            "standard": self.standard,
            "version": self.version,
        }

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class Requirement(Orderable, ClusterableModel):
    catalogue = ParentalKey(
        RequirementCatalogue, on_delete=models.CASCADE, related_name="requirements"
    )
    code = models.CharField(
        _("code"), max_length=30, help_text=_("The standard's own number, such as 1.2.3.")
    )
    text = models.TextField(_("requirement"))
    applies_to = models.CharField(
        _("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.MEMBER
    )
    from_level = models.ForeignKey(
        "reference.OrganisationLevel",
        verbose_name=_("applies from level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        # Links point at the original levels; a translation only lends its words (0020).
        limit_choices_to=originals_only,
        help_text=_("Empty: applies at every level. Else from this level of the group up."),
    )
    control_points = ParentalManyToManyField(
        ControlPoint,
        verbose_name=_("covered by"),
        blank=True,
        related_name="requirements",
        help_text=_("The control points of the group's one system that satisfy it."),
    )
    panels = [
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("applies_to"), FieldPanel("from_level")],
            heading=_("Requirement"),
        ),
        FieldPanel("text"),
        FieldPanel("control_points"),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="unique_requirement_code")
        ]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


class Sanction(models.TextChoices):
    """What a non-conformity does to the member's place on the approved list."""

    WARNING = "warning", _("Warning: stays approved")
    CONDITIONAL = "conditional", _("Conditional: approved if corrected in time")
    SUSPENSION = "suspension", _("Suspension: not approved until corrected")


# The group's rules when it has written none: a common ICS practice (warnings for minor
# findings, conditional approval for major ones, suspension for critical ones).
DEFAULT_SANCTIONS = {
    Severity.MINOR: (Sanction.WARNING, 90),
    Severity.MAJOR: (Sanction.CONDITIONAL, 60),
    Severity.CRITICAL: (Sanction.SUSPENSION, 30),
}


class SanctionRule(models.Model):
    """A group's own rule: for findings of this severity, this sanction and this long to
    correct. Without one, DEFAULT_SANCTIONS applies."""

    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.CASCADE,
        related_name="sanction_rules",
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    sanction = models.CharField(_("sanction"), max_length=12, choices=Sanction.choices)
    days_to_correct = models.PositiveSmallIntegerField(
        _("days to correct"), default=60, help_text=_("From the day of the inspection.")
    )

    class Meta:
        verbose_name = _("sanction rule")
        verbose_name_plural = _("sanction rules")
        constraints = [
            models.UniqueConstraint(fields=["group", "severity"], name="one_rule_per_severity")
        ]

    def __str__(self):
        return f"{self.group} · {self.get_severity_display()}"


class Inspection(models.Model):
    """An internal inspection of one member (or of the group itself) against the control
    points that apply to the group's certifications.

    The id is made on the inspector's phone, so an inspection sent twice (a retry after a
    lost answer) is stored once.
    """

    id = models.UUIDField(_("inspection id"), primary_key=True, editable=False)
    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    farmer = models.ForeignKey(
        "training_delivery.Farmer",
        verbose_name=_("member inspected"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        help_text=_("Empty for an inspection of the group itself."),
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("internal inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    inspected_on = models.DateField(_("inspected on"))
    acknowledged = models.BooleanField(
        _("acknowledged by the member"),
        default=False,
        help_text=_("The member heard the findings and agreed they were read to them."),
    )
    acknowledged_by = models.CharField(
        _("acknowledged by"), max_length=150, blank=True, help_text=_("Who acknowledged.")
    )
    notes = models.TextField(_("notes"), blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on", "-received_at"]
        verbose_name = _("internal inspection")
        verbose_name_plural = _("internal inspections")

    def __str__(self):
        return f"{self.group} · {self.farmer or _('group')} · {self.inspected_on}"


class Finding(models.Model):
    class Result(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    control_point = models.ForeignKey(
        ControlPoint, verbose_name=_("control point"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    note = models.TextField(_("what was seen"), blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "control_point"], name="one_finding_per_control_point"
            )
        ]

    def __str__(self):
        return f"{self.control_point.code}: {self.get_result_display()}"


class NonConformity(models.Model):
    """Opened by a finding that is not met; closed with evidence of the correction."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="non_conformity")
    group = models.ForeignKey(
        "organisation_levels.ProducerGroup", on_delete=models.CASCADE, related_name="+"
    )
    farmer = models.ForeignKey(
        "training_delivery.Farmer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="non_conformities",
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    sanction = models.CharField(_("sanction"), max_length=12, choices=Sanction.choices)
    corrective_action = models.TextField(
        _("corrective action"), help_text=_("What the member (or the group) must do.")
    )
    deadline = models.DateField(_("correct by"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    evidence = models.TextField(
        _("evidence of the correction"), blank=True, help_text=_("What showed it was corrected.")
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The group's improvement-plan item this finding became (issue 21, point 5). The same
    # control point failing again links to the same open item, never to a second one.
    improvement_item = models.ForeignKey(
        "organisation_levels.ImprovementItem",
        verbose_name=_("improvement-plan item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="non_conformities",
    )

    class Meta:
        ordering = ["status", "deadline"]
        verbose_name = _("non-conformity")
        verbose_name_plural = _("non-conformities")

    def __str__(self):
        return f"{self.finding.control_point.code} · {self.farmer or self.group}"


def inspection_photo_path(photo, filename):
    # The inspection's id keeps its photos together; the photo's own id keeps a retried
    # upload from colliding with itself.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"inspection-photos/{photo.inspection_id}/{photo.uuid}.{extension}"


class InspectionPhoto(models.Model):
    """A photo the inspector took during an inspection (the member's store, a record
    book…); private, since it may show the member and their farm."""

    uuid = models.UUIDField(unique=True, editable=False)
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(
        _("photo"), storage=private_storage, upload_to=inspection_photo_path, max_length=255
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")

    def __str__(self):
        return self.caption or self.file.name


# Photo files go with their rows, as session photos do, once the deletion is committed.
post_delete.connect(remove_stored_file, sender=InspectionPhoto)

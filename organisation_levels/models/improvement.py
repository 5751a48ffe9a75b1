"""The group's QMS improvement plan: plan-do-check-act cycles and their items (seed 002)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImprovementCycle(models.Model):
    """One turn of the plan-do-check-act wheel. A group has at most one open cycle."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.CASCADE,
        related_name="improvement_cycles",
    )
    number = models.PositiveSmallIntegerField(_("cycle number"))
    title = models.CharField(
        _("title"), max_length=150, help_text=_("For example “2027 quality plan”.")
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    review_on = models.DateField(
        _("review date"),
        null=True,
        blank=True,
        help_text=_("When the group plans to check results and decide what to act on."),
    )
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    review_notes = models.TextField(
        _("review notes"),
        blank=True,
        help_text=_("What the check showed and what the group decided, written when closing."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["group", "-number"]
        verbose_name = _("improvement cycle")
        verbose_name_plural = _("improvement cycles")
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="unique_cycle_number"),
            # Two people starting a cycle at once cannot both succeed.
            models.UniqueConstraint(
                fields=["group"], condition=Q(status="open"), name="one_open_cycle_per_group"
            ),
        ]

    def __str__(self):
        return _("Cycle %(number)s: %(title)s") % {"number": self.number, "title": self.title}


class ImprovementItemQuerySet(models.QuerySet):
    def still_open(self):
        return self.filter(status__in=ImprovementItem.OPEN_STATUSES)

    def overdue(self, today=None):
        return self.still_open().filter(due_date__lt=today or timezone.localdate())


class ImprovementItem(models.Model):
    """One thing the group will do, at one stage of the cycle, with an owner and a due date."""

    class Stage(models.TextChoices):
        PLAN = "plan", _("Plan")
        DO = "do", _("Do")
        CHECK = "check", _("Check")
        ACT = "act", _("Act")

    class Status(models.TextChoices):
        TO_DO = "to_do", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")
        # Set only when a cycle closes: the work goes on as a copy in the next cycle.
        CARRIED_OVER = "carried_over", _("Carried into the next cycle")

    OPEN_STATUSES = (Status.TO_DO, Status.IN_PROGRESS)

    cycle = models.ForeignKey(
        ImprovementCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    stage = models.CharField(_("stage"), max_length=5, choices=Stage.choices, default=Stage.PLAN)
    description = models.TextField(_("what will be done"))
    owner = models.CharField(
        _("owner"),
        max_length=120,
        help_text=_("The person responsible, e.g. the secretary or the internal inspector."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.TO_DO
    )
    evidence_notes = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("What shows it was done, e.g. “minutes of the March meeting”."),
    )
    modules = models.ManyToManyField(
        "modules.TrainingModulePage",
        verbose_name=_("training modules that help"),
        blank=True,
        related_name="+",
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Every change adds one (issue 18, point 2): an update made offline names the version
    # it was made from, and is refused when someone changed the item since.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ImprovementItemQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "due_date", "pk"]
        verbose_name = _("improvement-plan item")
        verbose_name_plural = _("improvement-plan items")

    def __str__(self):
        return self.description[:80]

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class ImprovementItemUpdate(models.Model):
    """One change of an item sent by the trainer app, kept by the UUID the phone made, so
    an update sent twice (a dropped answer, a retry) changes the item once."""

    uuid = models.UUIDField(_("identifier from the phone"), unique=True, editable=False)
    item = models.ForeignKey(
        ImprovementItem,
        verbose_name=_("improvement-plan item"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    from_version = models.PositiveIntegerField(_("made from version"))
    to_version = models.PositiveIntegerField(_("gave version"))
    changes = models.JSONField(_("changes"), default=dict)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["item", "to_version"]
        verbose_name = _("improvement-plan update from a phone")
        verbose_name_plural = _("improvement-plan updates from phones")

    def __str__(self):
        return str(self.uuid)

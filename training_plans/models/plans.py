"""RSS step 3: a producer group's training plan, built from a recommendation, then edited."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from reference.localized import originals_only


class TrainingPlan(models.Model):
    """Which modules a group will be trained in, when, by whom, with what budget."""

    group = models.ForeignKey(
        "organisation_levels.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.CASCADE,
        related_name="training_plans",
    )
    title = models.CharField(_("title"), max_length=150)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        help_text=_("Three-letter code the budget is in, e.g. GHS, XOF, BRL, IDR, VND."),
    )
    notes = models.TextField(_("notes"), blank=True)
    follows = models.ForeignKey(
        "self",
        verbose_name=_("follows"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="followed_by",
        help_text=_("The previous cycle's plan, whose unfinished actions this one took over."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["group", "-starts_on", "-pk"]
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")

    def __str__(self):
        return self.title

    # An action plan is reviewed at least yearly (RSS step 5); three years is plenty.
    MAX_YEARS = 3

    def clean(self):
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": _("The plan cannot end before it starts.")})
            if (self.ends_on.year - self.starts_on.year) * 12 + (
                self.ends_on.month - self.starts_on.month
            ) >= self.MAX_YEARS * 12:
                raise ValidationError(
                    {"ends_on": _("A plan covers at most three years; make another for later.")}
                )


class TrainingPlanItem(models.Model):
    """One module in the plan, with the reasons it is there and how it will be delivered."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SCHEDULED = "scheduled", _("Scheduled")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(
        TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    module = models.ForeignKey(
        "modules.TrainingModulePage",
        verbose_name=_("module"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Kept so the plan still reads after a module is deleted from the backpack.
    module_code = models.CharField(_("module code"), max_length=20)
    module_title = models.CharField(_("module title"), max_length=255)
    reasons = models.JSONField(
        _("why it is in the plan"),
        default=list,
        blank=True,
        help_text=_("The recommendation's reasons, in words."),
    )
    planned_from = models.DateField(_("planned from"), null=True, blank=True)
    planned_until = models.DateField(_("planned until"), null=True, blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    delivery_method = models.ForeignKey(
        "reference.DeliveryMethod",
        verbose_name=_("delivery method"),
        limit_choices_to=originals_only,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("training plan item")
        verbose_name_plural = _("training plan items")
        constraints = [
            models.UniqueConstraint(fields=["plan", "module"], name="module_once_per_plan")
        ]

    def __str__(self):
        return f"{self.module_code} · {self.module_title}"

    def clean(self):
        if self.planned_from and self.planned_until and self.planned_until < self.planned_from:
            raise ValidationError(
                {"planned_until": _("The end of the period cannot come before its start.")}
            )
        plan = self.plan if self.plan_id else None
        for name in ("planned_from", "planned_until"):
            day = getattr(self, name)
            if plan and day and not plan.starts_on <= day <= plan.ends_on:
                raise ValidationError(
                    {
                        name: _("Choose a date within the plan, %(start)s to %(end)s.")
                        % {"start": plan.starts_on, "end": plan.ends_on}
                    }
                )

"""RSS steps 3 and 5 beyond training: mitigation and support actions, and their yearly review.

A training plan holds the group's modules (plans.py) and, beside them, the other actions
of the RSS action plan: a mitigation action answers a core risk (a rating of the group's
risk assessment), a support action answers a need. Each cycle (a calendar year) a review
rates every action's effectiveness with its evidence; the next cycle's plan takes over
what is unfinished, each copy pointing at the action it continues.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.localized import core_risks_only
from training_plans.models.plans import TrainingPlan


class PlanAction(models.Model):
    """One mitigation or support action of a group's plan, beside its training modules."""

    class Kind(models.TextChoices):
        MITIGATION = "mitigation", _("Mitigation of a risk")
        SUPPORT = "support", _("Support")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    UNFINISHED = (Status.PLANNED, Status.IN_PROGRESS)

    plan = models.ForeignKey(
        TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MITIGATION)
    title = models.CharField(
        _("action"),
        max_length=200,
        help_text=_("What will be done, e.g. “map the boundaries of every member's plots”."),
    )
    core_risk = models.ForeignKey(
        "reference.NeedArea",
        verbose_name=_("core issue"),
        on_delete=models.PROTECT,
        limit_choices_to=core_risks_only,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The core issue it addresses: land rights, deforestation, labour…"),
    )
    risk_rating = models.ForeignKey(
        "training_plans.RiskRating",
        verbose_name=_("risk rating"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        help_text=_("The rating of the group's risk assessment that calls for it."),
    )
    owner = models.CharField(
        _("owner"), max_length=150, help_text=_("Who is responsible: a person or an organisation.")
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        help_text=_("Three-letter code; empty for the plan's currency."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    indicator = models.CharField(
        _("indicator"),
        max_length=300,
        help_text=_("How progress is measured, e.g. “share of plots with mapped boundaries”."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="carried_into",
        help_text=_("The unfinished action of the previous cycle's plan that this one continues."),
    )

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return self.title

    @property
    def unfinished(self) -> bool:
        return self.status in self.UNFINISHED

    @property
    def budget_currency(self) -> str:
        return self.currency or (self.plan.currency if self.plan_id else "")

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The action cannot end before it starts.")
        plan = self.plan if self.plan_id else None
        for name in ("starts_on", "ends_on"):
            day = getattr(self, name)
            if plan and day and not plan.starts_on <= day <= plan.ends_on and name not in errors:
                errors[name] = _("Choose a date within the plan, %(start)s to %(end)s.") % {
                    "start": plan.starts_on,
                    "end": plan.ends_on,
                }
        if self.currency and not (len(self.currency) == 3 and self.currency.isalpha()):
            errors["currency"] = _("Write the three-letter code, e.g. GHS.")
        if self.risk_rating_id and self.plan_id:
            rating = self.risk_rating
            # Only a rating about this group (or its region) may be cited.
            group = self.plan.group
            assessment = rating.assessment
            of_group = assessment.group_id == group.pk or (
                assessment.group_id is None
                and assessment.country_id == group.country_id
                and assessment.region.lower() == " ".join(group.region.split()).lower()
            )
            if not of_group:
                errors["risk_rating"] = _("Choose a rating of this group's risk assessments.")
            elif self.core_risk_id and self.core_risk_id != rating.core_risk_id:
                errors["core_risk"] = _("The rating chosen is about %(risk)s.") % {
                    "risk": rating.core_risk
                }
        if self.kind == self.Kind.MITIGATION and not (self.core_risk_id or self.risk_rating_id):
            errors["core_risk"] = _("Say which core issue this mitigation addresses.")
        if errors:
            raise ValidationError(errors)


class PlanReview(models.Model):
    """RSS step 5: one cycle's (year's) review of a plan's actions."""

    plan = models.ForeignKey(
        TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(
        _("cycle (year)"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("What worked, what did not, what changes next.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["plan", "-year"]
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="plan_reviewed_once_per_year")
        ]

    def __str__(self):
        return _("Review %(year)s of %(plan)s") % {"year": self.year, "plan": self.plan}


class ActionReview(models.Model):
    """How well one action worked in the cycle, and what shows it."""

    class Effectiveness(models.TextChoices):
        EFFECTIVE = "effective", _("Effective")
        PARTLY = "partly", _("Partly effective")
        NOT_EFFECTIVE = "not_effective", _("Not effective")
        TOO_EARLY = "too_early", _("Too early to tell")

    review = models.ForeignKey(
        PlanReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="actions"
    )
    action = models.ForeignKey(
        PlanAction, verbose_name=_("action"), on_delete=models.CASCADE, related_name="reviews"
    )
    effectiveness = models.CharField(
        _("effectiveness"), max_length=14, choices=Effectiveness.choices
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("What shows it: indicator figures, visits, grievances, consultation."),
    )

    class Meta:
        ordering = ["review", "action__position", "action__pk"]
        verbose_name = _("action review")
        verbose_name_plural = _("action reviews")
        constraints = [
            models.UniqueConstraint(fields=["review", "action"], name="action_reviewed_once")
        ]

    def __str__(self):
        return f"{self.action}: {self.get_effectiveness_display()}"

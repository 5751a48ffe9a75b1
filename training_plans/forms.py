"""Forms of the training-plan pages. They validate; services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from curriculum_site.widgets import PhoneDateInput
from modules.models import TrainingModulePage
from modules.selectors import published_modules
from training_plans.models import ActionReview, PlanAction, TrainingPlan, TrainingPlanItem
from training_plans.selectors import group_risk_ratings, trainers_for_group
from training_plans.services import ActionRating


class TrainingPlanForm(forms.ModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["title", "starts_on", "ends_on", "currency", "notes"]
        widgets = {
            "starts_on": PhoneDateInput(),
            "ends_on": PhoneDateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class TrainingPlanItemForm(forms.ModelForm):
    """When, by whom, how and for how much one module is delivered."""

    class Meta:
        model = TrainingPlanItem
        fields = [
            "planned_from",
            "planned_until",
            "trainer",
            "delivery_method",
            "budget",
            "status",
            "notes",
        ]
        widgets = {"planned_from": PhoneDateInput(), "planned_until": PhoneDateInput()}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the country's trainers (and the one named already): a forged id of anyone
        # else is not a valid choice.
        named = [self.instance.trainer] if self.instance.trainer_id else []
        self.fields["trainer"].queryset = trainers_for_group(group=group, already=named)
        self.fields["trainer"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )
        self.fields["budget"].widget.attrs.update({"inputmode": "decimal", "min": "0"})


class AddModuleForm(forms.Form):
    module = forms.ModelChoiceField(
        label=_("Module"),
        queryset=TrainingModulePage.objects.none(),
        empty_label=_("Choose a module"),
    )

    def __init__(self, *args, plan: TrainingPlan, **kwargs):
        super().__init__(*args, **kwargs)
        modules = published_modules().exclude(
            pk__in=plan.items.filter(module__isnull=False).values("module_id")
        )
        self.fields["module"].queryset = modules.order_by("code")
        self.fields["module"].label_from_instance = lambda module: f"{module.code} · {module.title}"


class PlanActionForm(forms.ModelForm):
    """A mitigation or support action beside the plan's modules (issue 20, point 6)."""

    class Meta:
        model = PlanAction
        fields = [
            "kind",
            "title",
            "risk_rating",
            "core_risk",
            "owner",
            "starts_on",
            "ends_on",
            "budget",
            "currency",
            "indicator",
            "status",
            "notes",
        ]
        widgets = {"starts_on": PhoneDateInput(), "ends_on": PhoneDateInput()}

    def __init__(self, *args, plan: TrainingPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        # Only ratings about this group: a forged id of another group's is not a choice.
        self.fields["risk_rating"].queryset = group_risk_ratings(group=plan.group)
        self.fields["risk_rating"].label_from_instance = _rating_label
        self.fields["budget"].widget.attrs.update({"inputmode": "decimal", "min": "0"})


def _rating_label(rating) -> str:
    level = rating.effective_level_label
    return f"{rating.core_risk} · {level} · {rating.assessment.assessed_on:%Y-%m-%d}"


class PlanReviewForm(forms.Form):
    """One cycle's review: per action, its effectiveness and the evidence for it."""

    year = forms.IntegerField(label=_("Cycle (year)"), min_value=2000, max_value=2100)
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=PhoneDateInput())
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What worked, what did not, what changes next."),
    )

    def __init__(self, *args, actions, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = list(actions)
        previous = {row.action_id: row for row in review.actions.all()} if review else {}
        if review:
            self.initial.update(
                year=review.year, reviewed_on=review.reviewed_on, summary=review.summary
            )
        for action in self.actions:
            before = previous.get(action.pk)
            self.fields[f"effectiveness-{action.pk}"] = forms.ChoiceField(
                label=_("Effectiveness: %(action)s") % {"action": action.title},
                choices=[("", "—"), *ActionReview.Effectiveness.choices],
                required=False,
                initial=before.effectiveness if before else "",
            )
            self.fields[f"evidence-{action.pk}"] = forms.CharField(
                label=_("Evidence: %(action)s") % {"action": action.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=before.evidence if before else "",
            )

    def rows(self):
        """(action, effectiveness field, evidence field) for the template."""
        return [
            (action, self[f"effectiveness-{action.pk}"], self[f"evidence-{action.pk}"])
            for action in self.actions
        ]

    def ratings(self) -> list[ActionRating]:
        return [
            ActionRating(
                action_id=action.pk,
                effectiveness=self.cleaned_data[f"effectiveness-{action.pk}"],
                evidence=self.cleaned_data[f"evidence-{action.pk}"],
            )
            for action in self.actions
            if self.cleaned_data.get(f"effectiveness-{action.pk}")
        ]

    def add_service_errors(self, error) -> None:
        """The service's errors by field, on the field they name."""
        for key, messages in error.message_dict.items():
            if key.startswith("action-"):
                field = f"effectiveness-{key.removeprefix('action-')}"
                self.add_error(field if field in self.fields else None, messages)
            else:
                self.add_error(key if key in self.fields else None, messages)


class NextCycleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    starts_on = forms.DateField(label=_("Starts on"), widget=PhoneDateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=PhoneDateInput())

"""Forms of the training-plan pages. They validate; services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from curriculum_site.widgets import PhoneDateInput
from modules.models import TrainingModulePage
from modules.selectors import published_modules
from training_plans.models import TrainingPlan, TrainingPlanItem
from training_plans.selectors import trainers_for_group


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

"""Admin forms and filters of field delivery that keep each user to their own groups."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from organisation_levels.models import ProducerGroup
from training_delivery.models import Farmer, Gender


class FarmerForm(WagtailAdminModelForm):
    """Only the groups the user keeps are offered, which also refuses a forged group id.

    Once a farmer exists, their group is fixed: a member of another group is another
    farmer (a new member code there), and the trainer apps of the old group must not
    keep a farmer who silently left.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["group"].queryset = ProducerGroup.objects.changeable_by(self.for_user)
        if self.instance.pk:
            self.fields["group"].disabled = True


class FarmerFilterSet(WagtailFilterSet):
    # Only the user's own groups: a filter listing every group would name other
    # countries' groups to a platform.
    group = django_filters.ModelChoiceFilter(
        label=_("Producer group"),
        queryset=lambda request: ProducerGroup.objects.changeable_by(request.user).order_by("name"),
    )
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Gender.choices)
    on_roster = django_filters.BooleanFilter(
        label=_("On the roster"), field_name="removed_at", lookup_expr="isnull"
    )

    class Meta:
        model = Farmer
        fields = ["group", "gender", "consent_given"]

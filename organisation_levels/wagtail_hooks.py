from wagtail import hooks
from wagtail.snippets.models import register_snippet

from organisation_levels.models import Rubric
from organisation_levels.services import rubric_activate
from organisation_levels.viewsets import OrganisationLevelsViewSetGroup

register_snippet(OrganisationLevelsViewSetGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def activate_rubric_when_chosen(request, instance):
    """Choosing 'Active' retires the version that was active until now."""
    if isinstance(instance, Rubric) and instance.status == Rubric.Status.ACTIVE:
        rubric_activate(rubric=instance)

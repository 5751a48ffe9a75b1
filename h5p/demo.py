"""An H5P activity in module PO-01, so `make demo` shows one."""

from django.db import transaction
from wagtail.models import Locale

from h5p.demo_package import knowledge_check_upload
from h5p.models import H5PActivity
from h5p.services import h5p_activity_create
from h5p.serving import page_activity_ids
from modules.models import TrainingModulePage

DEMO_PACKAGE_NAME = "backpack-knowledge-check.h5p"


@transaction.atomic
def demo_h5p_activity_ensure(*, author=None) -> H5PActivity | None:
    """Backpack's own knowledge-check package, uploaded once and placed at the end of PO-01.

    Only the run that uploads it touches the module: an editor who later removes the
    activity from PO-01 does not find it back after the next `make demo`. The change is
    published in `author`'s name, so the seed loader treats PO-01 as edited in the CMS
    and does not take the activity out again.
    """
    module = (
        TrainingModulePage.objects.live().filter(code="PO-01", locale=Locale.get_default()).first()
    )
    if module is None:
        return None
    existing = H5PActivity.objects.originals().filter(package_name=DEMO_PACKAGE_NAME).first()
    if existing is not None:
        return existing
    activity = h5p_activity_create(
        upload=knowledge_check_upload(name=DEMO_PACKAGE_NAME),
        uploaded_by=None,
        description="Two questions on why and how members sell together.",
    )
    # A module with an unpublished draft is being edited: leave it to its author.
    if module.has_unpublished_changes or activity.pk in page_activity_ids(module):
        return activity
    module.body = [
        *module.body.raw_data,
        {"type": "h5p_activity", "value": {"activity": activity.pk}},
    ]
    # Published by the loader itself: the committee publishes only through review.
    module.save_revision(user=author).publish()
    return activity

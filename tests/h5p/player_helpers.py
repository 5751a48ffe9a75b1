"""Activities and modules for the player and tracking tests: the real knowledge-check
package, uploaded through the packages service, placed in a published module."""

import datetime
import uuid

from h5p.demo_package import knowledge_check_upload
from h5p.extraction import package_files_list
from h5p.library_store import activity_file_location
from h5p.models import XAPI_VERB_COMPLETED, H5PActivity, H5PActivityLibrary
from h5p.services import h5p_activity_create
from h5p.tracking_services import StatementIn
from modules.factories import TrainingModulePageFactory, module_body


def knowledge_check_activity(**kwargs) -> H5PActivity:
    return h5p_activity_create(upload=knowledge_check_upload(**kwargs), uploaded_by=None)


def activity_blocks(*activities) -> list[dict]:
    return [{"type": "h5p_activity", "value": {"activity": activity.pk}} for activity in activities]


def module_with_activities(*, parent, activities, publish=True, **kwargs):
    """A generic module whose body ends with the given activities, published unless told."""
    module = TrainingModulePageFactory(
        parent=parent, body=module_body() + activity_blocks(*activities), **kwargs
    )
    if publish:
        module.save_revision().publish()
    else:
        module.unpublish()
    return module


# Statements as the browser made them, at minutes after T0.
T0 = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)


def at(minutes):
    return T0 + datetime.timedelta(minutes=minutes)


def statement(scaled=None, *, verb=XAPI_VERB_COMPLETED, minutes=0, parent=False, completion=True):
    data = {"verb": {"id": verb}, "result": {"completion": completion}}
    if scaled is not None:
        data["result"]["score"] = {"raw": scaled * 4, "max": 4}
    if parent:
        data["context"] = {"contextActivities": {"parent": [{"id": "http://x/1"}]}}
    return StatementIn(id=uuid.uuid4(), timestamp=at(minutes), statement=data)


def package_as_served(activity) -> set[str]:
    """The package's files as the player sees them: the activity's own (h5p.json,
    content/) and its libraries' from the shared store, under their folders (decision
    0021)."""
    prefix = activity.storage_prefix + "/"
    names = {
        name.removeprefix(prefix) for name in package_files_list(prefix=activity.storage_prefix)
    }
    for link in H5PActivityLibrary.objects.filter(activity=activity).select_related("library"):
        library_prefix = link.library.storage_prefix + "/"
        names |= {
            f"{link.folder}/{name.removeprefix(library_prefix)}"
            for name in package_files_list(prefix=link.library.storage_prefix)
        }
    return names


def stored_path(activity, path: str) -> str:
    """Where the file the player asks for as `path` is kept in storage."""
    prefix, inner = activity_file_location(
        activity_id=activity.pk, storage_prefix=activity.storage_prefix, path=path
    )
    return f"{prefix}/{inner}"

"""`make demo` shows an H5P activity: the knowledge-check package in module PO-01."""

import pytest

from h5p.demo import demo_h5p_activity_ensure
from h5p.models import H5PActivity
from h5p.serving import page_activity_ids
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def po_01(backpack):
    module = TrainingModulePageFactory(parent=backpack, code="PO-01", title="Selling together")
    module.save_revision().publish()
    return module


def test_the_demo_uploads_the_package_and_places_it_once(client, po_01, committee_member):
    activity = demo_h5p_activity_ensure(author=committee_member)
    again = demo_h5p_activity_ensure(author=committee_member)

    assert again == activity and H5PActivity.objects.count() == 1
    assert activity.main_library == "H5P.BackpackKnowledgeCheck 1.0"
    module = TrainingModulePage.objects.get(pk=po_01.pk)
    assert page_activity_ids(module) == {activity.pk}
    assert module.live and not module.has_unpublished_changes
    # In the committee's name: the seed loader keeps modules edited in the CMS as they are.
    assert module.get_latest_revision().user == committee_member
    html = client.get(module.url).content.decode()
    assert "Selling together: check your knowledge" in html and "Start activity" in html


def test_the_demo_leaves_a_module_alone_once_its_activity_was_removed(po_01):
    activity = demo_h5p_activity_ensure()
    module = TrainingModulePage.objects.get(pk=po_01.pk)
    module.body = [block for block in module.body.raw_data if block["type"] != "h5p_activity"]
    module.save_revision().publish()

    assert demo_h5p_activity_ensure() == activity
    assert page_activity_ids(TrainingModulePage.objects.get(pk=po_01.pk)) == set()


def test_without_module_po_01_the_demo_uploads_nothing(backpack):
    assert demo_h5p_activity_ensure() is None
    assert not H5PActivity.objects.exists()

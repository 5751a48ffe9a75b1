"""The new-module form (issue 23, point 8): opens with an objective to fill, not an error,
and a new module's address is its code, as the seed's are."""

import pytest
from django.urls import reverse

from modules.models import TrainingModulePage
from tests.modules.admin_forms import module_form_data

pytestmark = pytest.mark.django_db


def add_url(backpack):
    return reverse("wagtailadmin_pages:add", args=["modules", "trainingmodulepage", backpack.pk])


def test_the_new_module_form_opens_with_one_empty_objective(client, committee_member, backpack):
    client.force_login(committee_member)

    form = client.get(add_url(backpack)).context["form"]

    objectives = form["objectives"].value()
    assert [block.block_type for block in objectives] == ["objective"]


def test_a_new_module_takes_its_code_as_its_address(client, committee_member, backpack):
    client.force_login(committee_member)
    data = module_form_data(code="tr-09")
    data["slug"] = "keeping-farm-diaries"  # what the editor proposed from the title

    response = client.post(add_url(backpack), data)

    assert response.status_code == 302
    assert TrainingModulePage.objects.get(code="TR-09").slug == "tr-09"

"""The "H5P activity" block in generic and adapted module bodies (issue 3, point 4)."""

import re

import pytest

from adaptation.blocks import AdaptedModuleBodyBlock
from adaptation.services import module_adapt
from modules.blocks import H5PActivityBlock, ModuleBodyBlock
from reference.models import Country
from tests.h5p.player_helpers import (
    activity_blocks,
    knowledge_check_activity,
    module_with_activities,
)

pytestmark = pytest.mark.django_db


def test_generic_and_adapted_bodies_offer_the_block():
    assert isinstance(ModuleBodyBlock().child_blocks["h5p_activity"], H5PActivityBlock)
    assert isinstance(AdaptedModuleBodyBlock().child_blocks["h5p_activity"], H5PActivityBlock)
    meta = H5PActivityBlock._meta_class
    assert meta.icon and meta.template and meta.description
    assert H5PActivityBlock.__doc__


def test_each_activity_is_a_light_placeholder_until_started(client, backpack, learner):
    first = knowledge_check_activity(title="Check one")
    second = knowledge_check_activity(title="Check two")
    module = module_with_activities(parent=backpack, activities=[first, second])
    client.force_login(learner)

    html = client.get(module.url).content.decode()

    assert "Check one" in html and "Check two" in html
    assert html.count("Start activity") == 2
    # Nothing of the player runs on the page: no frame, no h5p-standalone, until "Start"
    # (its files are only named, for the page to fetch at idle: decision 0037).
    assert "<iframe" not in html
    assert not re.search(r"<(script|link)[^>]*main\.bundle\.js", html)
    assert html.count("data-player-files=") == 2
    assert html.count("data-h5p-activity") == 2
    assert 'data-tracked="true"' in html
    assert "Sign in to save your progress" not in html


def test_the_preview_of_the_block_without_an_activity_renders_nothing_broken():
    block = H5PActivityBlock()

    assert block.render(block.to_python({"activity": None})).strip() == ""


def test_an_adapted_module_plays_the_activity_too(client, backpack, learner, ghana_platform_member):
    activity = knowledge_check_activity(title="Selling together check")
    generic = module_with_activities(parent=backpack, activities=[activity])
    adaptation = module_adapt(
        source=generic, country=Country.objects.get(slug="ghana"), user=ghana_platform_member
    )
    adaptation.save_revision(user=ghana_platform_member).publish()
    client.force_login(learner)

    html = client.get(adaptation.url).content.decode()

    assert "Selling together check" in html
    assert "data-player-url=" in html


def test_a_national_platform_may_add_its_own_activity_block(ghana_platform_member, backpack):
    activity = knowledge_check_activity(title="Local check")
    generic = module_with_activities(parent=backpack, activities=[])
    adaptation = module_adapt(
        source=generic, country=Country.objects.get(slug="ghana"), user=ghana_platform_member
    )
    adaptation.body = list(adaptation.body.raw_data) + activity_blocks(activity)
    adaptation.save_revision(user=ghana_platform_member).publish()

    adaptation.refresh_from_db()
    assert adaptation.body[-1].value["activity"] == activity

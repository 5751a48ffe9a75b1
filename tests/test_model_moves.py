"""A model's content type follows it to its new app (decision 0017): relabelled in place, so
what hangs off it stays attached, and merged with one the site made for the new app."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from curriculum_site.model_moves import content_types_moved

pytestmark = pytest.mark.django_db


def move(from_app, to_app, models, *, backwards=False):
    operation = content_types_moved(from_app=from_app, to_app=to_app, models=models)
    run = operation.reverse_code if backwards else operation.code
    run(apps, SimpleNamespace(connection=connection))


def test_the_content_type_is_relabelled_with_its_permissions():
    old = ContentType.objects.create(app_label="oldapp", model="thing")
    change = Permission.objects.create(content_type=old, codename="change_thing", name="Change")
    group = Group.objects.create(name="Editors of things")
    group.permissions.add(change)

    move("oldapp", "newapp", ["thing", "absent"])

    moved = ContentType.objects.get(pk=old.pk)
    assert (moved.app_label, moved.model) == ("newapp", "thing")
    assert list(group.permissions.all()) == [change]
    move("oldapp", "newapp", ["thing"], backwards=True)
    assert ContentType.objects.get(pk=old.pk).app_label == "oldapp"


def test_one_made_for_the_new_app_meanwhile_joins_the_old_one():
    old = ContentType.objects.create(app_label="oldapp", model="thing")
    kept = Permission.objects.create(content_type=old, codename="change_thing", name="Change")
    made = ContentType.objects.create(app_label="newapp", model="thing")
    twin = Permission.objects.create(content_type=made, codename="change_thing", name="Change")
    extra = Permission.objects.create(content_type=made, codename="export_thing", name="Export")
    group = Group.objects.create(name="Exporters of things")
    group.permissions.add(twin, extra)

    move("oldapp", "newapp", ["thing"])

    assert not ContentType.objects.filter(pk=made.pk).exists()
    assert ContentType.objects.get(pk=old.pk).app_label == "newapp"
    assert set(group.permissions.all()) == {kept, extra}
    assert set(Permission.objects.filter(content_type=old)) == {kept, extra}

"""Moving models from one app to another in a migration, keeping their rows (decision 0017).

A model that moves keeps its table; only Django's idea of which app it belongs to
changes: the migrations of the new app create it in their state, those of the old
app delete it from theirs, and neither touches the database. What the database does
record is the model's content type (`django_content_type.app_label`): Wagtail pages,
revisions, log entries, the search and reference indexes and every permission hang
off it. `content_types_moved` relabels those rows in place, so everything attached to
them stays attached, and no second content type (or second set of permissions) is
made for the new app.

Used by migrations, so it must keep working for them: change it only in ways that
leave what it does to a database the same.
"""

from django.db import migrations


def content_types_moved(*, from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """A RunPython operation that relabels these models' content types from `from_app` to
    `to_app` (and back when the migration is reversed)."""

    def forwards(apps, schema_editor):
        _relabel(apps, schema_editor, models, from_app, to_app)

    def backwards(apps, schema_editor):
        _relabel(apps, schema_editor, models, to_app, from_app)

    return migrations.RunPython(forwards, backwards)


def _relabel(apps, schema_editor, models, from_app, to_app):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_types = ContentType.objects.using(db)
    for model in models:
        old = content_types.filter(app_label=from_app, model=model).first()
        if old is None:
            continue  # never used under the old app: Django makes it for the new one
        new = content_types.filter(app_label=to_app, model=model).first()
        if new is not None:
            # Made for the new app before this ran (the site served new code before its
            # migrations): what hangs off it joins the old one, which then takes its place.
            _merge(apps, db, ContentType, keep=old, drop=new)
        old.app_label = to_app
        old.save(update_fields=["app_label"])


def _merge(apps, db, ContentType, *, keep, drop):
    Permission = apps.get_model("auth", "Permission")
    kept = {p.codename: p for p in Permission.objects.using(db).filter(content_type=keep)}
    for permission in Permission.objects.using(db).filter(content_type=drop):
        twin = kept.get(permission.codename)
        if twin is None:
            permission.content_type = keep
            permission.save(update_fields=["content_type"])
            continue
        twin.group_set.add(*permission.group_set.all())
        twin.user_set.add(*permission.user_set.all())
        for relation in Permission._meta.related_objects:
            if relation.many_to_many or relation.related_model is Permission:
                continue
            relation.related_model._base_manager.using(db).filter(
                **{relation.field.name: permission}
            ).update(**{relation.field.name: twin})
        permission.delete()
    for relation in ContentType._meta.related_objects:
        if relation.many_to_many or relation.related_model is Permission:
            continue
        relation.related_model._base_manager.using(db).filter(**{relation.field.name: drop}).update(
            **{relation.field.name: keep}
        )
    drop.delete()

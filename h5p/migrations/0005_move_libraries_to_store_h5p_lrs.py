"""Packages stored before the shared library store (issue 16, point 2) kept their library
folders under the activity's own prefix. Each is moved into the store: copied, checked,
linked, and only then removed from the activity's prefix, so nothing is lost if the
migration is interrupted (running it again finishes the job). Reversing does nothing:
the libraries stay in the store."""

from django.db import migrations


def move_libraries(apps, schema_editor):
    # Only here: the copying logic is the store's own, given the historical models.
    from h5p.library_store import activity_libraries_move_to_store

    activity_model = apps.get_model("h5p", "H5PActivity")
    library_model = apps.get_model("h5p", "H5PLibrary")
    link_model = apps.get_model("h5p", "H5PActivityLibrary")
    for activity in activity_model.objects.order_by("pk").iterator():
        activity_libraries_move_to_store(
            activity=activity, library_model=library_model, link_model=link_model
        )


class Migration(migrations.Migration):
    dependencies = [("h5p", "0004_shared_library_store_h5p_lrs")]

    operations = [migrations.RunPython(move_libraries, migrations.RunPython.noop)]

"""People already named on groups work in those groups' countries: register them there, so
the pickers that now keep to a country's people still offer them (issue 14)."""

from django.db import migrations


def register_people(apps, schema_editor):
    ProducerGroup = apps.get_model("organisation_levels", "ProducerGroup")
    CountryPerson = apps.get_model("organisation_levels", "CountryPerson")
    pairs = set()
    for relation in ("trainers", "managers"):
        through = ProducerGroup._meta.get_field(relation).remote_field.through
        group_column = ProducerGroup._meta.get_field(relation).m2m_field_name()
        person_column = ProducerGroup._meta.get_field(relation).m2m_reverse_field_name()
        for country_id, person_id in through.objects.values_list(
            f"{group_column}__country_id", f"{person_column}_id"
        ):
            pairs.add((country_id, person_id))
    CountryPerson.objects.bulk_create(
        [CountryPerson(country_id=country, person_id=person) for country, person in pairs],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("organisation_levels", "0012_people_working_in_a_country")]

    operations = [migrations.RunPython(register_people, migrations.RunPython.noop)]

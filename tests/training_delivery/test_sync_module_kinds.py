"""The app tells the generic module from the country's adaptation (issue 18; decision 0023)."""

from adaptation.services import module_adapt
from content.factories import UserFactory


def test_an_adaptation_names_the_generic_module_it_adapts_and_its_country(api, module, group):
    admin = UserFactory(is_superuser=True)
    ghana_version = module_adapt(source=module, country=group.country, user=admin)
    ghana_version.save_revision().publish()

    body = api.get("/api/v1/sync/").json()

    rows = {row["id"]: row for row in body["modules"]}
    assert rows[ghana_version.pk]["adapts"] == str(module.translation_key)
    assert rows[ghana_version.pk]["country_name"] == group.country.name
    assert rows[module.pk]["adapts"] is None and rows[module.pk]["kind"] == "generic"

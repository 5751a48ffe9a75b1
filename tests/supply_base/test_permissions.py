"""Each country's platform sees its own supply base only; trainers walk their groups'
plots through the API, once however often a walk is sent."""

import uuid

import pytest
from django.urls import reverse

from supply_base.models import ImplementingEntity, Plot, SupplyScope

from .conftest import LAT, LON, SIDE, square

pytestmark = pytest.mark.django_db


def list_url(model):
    return reverse(model.snippet_viewset.get_url_name("list"))


def edit_url(model, pk):
    return reverse(model.snippet_viewset.get_url_name("edit"), args=[pk])


def test_a_platform_sees_its_countrys_entities_and_scopes_only(
    client, scope, platform, vietnam_platform
):
    client.force_login(platform)
    assert "Kumasi Cocoa Traders" in client.get(list_url(ImplementingEntity)).text
    assert client.get(edit_url(SupplyScope, scope.pk)).status_code == 200
    client.force_login(vietnam_platform)
    assert "Kumasi Cocoa Traders" not in client.get(list_url(ImplementingEntity)).text
    assert "Ashanti" not in client.get(list_url(SupplyScope)).text
    assert client.get(edit_url(SupplyScope, scope.pk)).status_code in (403, 404)
    assert client.get(reverse("supply_base_scope_eudr", args=[scope.pk])).status_code == 404


def test_the_committee_reads_but_does_not_change(client, scope, committee_member):
    client.force_login(committee_member)
    assert "Kumasi Cocoa Traders" in client.get(list_url(ImplementingEntity)).text
    assert client.get(edit_url(ImplementingEntity, scope.entity.pk)).status_code in (403, 404)


def test_a_scope_refuses_a_group_of_another_country(client, scope, platform):
    from organisation_levels.factories import ProducerGroupFactory
    from reference.models import Country

    other = ProducerGroupFactory(country=Country.objects.get(slug="vietnam"))
    client.force_login(platform)
    response = client.post(
        edit_url(SupplyScope, scope.pk),
        {
            "entity": scope.entity.pk,
            "name": scope.name,
            "geography": "Ashanti",
            "commodities": [each.pk for each in scope.commodities.all()],
            "groups": [other.pk],
        },
    )
    assert response.status_code == 200
    assert list(scope.groups.all()) != [other]


def walk(**extra):
    ring = extra.pop("ring", square())
    return {
        "id": str(extra.pop("id", uuid.uuid4())),
        "farmer": extra.pop("farmer"),
        "name": "Walked",
        "commodity": "cocoa",
        "tenure": "undocumented",
        "points": ring,
        **extra,
    }


def send(client, token_user, *plots):
    client.force_login(token_user)
    return client.post(
        reverse("api_plots_upload"), {"plots": list(plots)}, content_type="application/json"
    )


def test_a_trainer_sends_a_walked_plot_once(client, farmers, group_trainer):
    plot = walk(farmer=farmers["ama"].pk)
    first = send(client, group_trainer, plot).json()["results"][0]
    assert first["status"] == "accepted" and 0.97 < float(first["area_ha"]) < 1.0
    again = send(client, group_trainer, plot).json()["results"][0]
    assert again["status"] == "already_known"
    stored = Plot.objects.get()
    assert stored.source == "walked" and stored.recorded_by == group_trainer
    assert str(stored.uuid) == plot["id"]


def test_a_walk_crossing_itself_is_refused_and_named(client, farmers, group_trainer):
    bow_tie = [
        [LON, LAT],
        [LON + SIDE, LAT + SIDE],
        [LON + SIDE, LAT],
        [LON, LAT + SIDE],
        [LON, LAT],
    ]
    result = send(client, group_trainer, walk(farmer=farmers["ama"].pk, ring=bow_tie)).json()
    [refused] = result["results"]
    assert refused["status"] == "refused" and "crosses itself" in refused["errors"]["points"][0]
    assert not Plot.objects.exists()


def test_another_countrys_platform_cannot_walk_the_groups_plots(client, farmers, vietnam_platform):
    result = send(client, vietnam_platform, walk(farmer=farmers["ama"].pk)).json()["results"][0]
    assert result["status"] == "refused" and "farmer" in result["errors"]
    assert not Plot.objects.exists()


def test_the_group_page_shows_the_map_of_its_plots(client, group, farmers, group_trainer, platform):
    send(client, group_trainer, walk(farmer=farmers["ama"].pk))
    client.force_login(platform)
    page = client.get(reverse("producer_groups:detail", args=[group.pk])).text
    assert (
        "Farms and plots" in page and "<svg" in page and 'class="plot plot--undocumented"' in page
    )
    drawn = page.split('class="plots-map"')[1]
    assert "Walked · 0.9" in drawn and "AC-001" not in drawn and "Ama Owusu" not in drawn


def test_the_plot_listing_keeps_to_the_country(
    client, farmers, group_trainer, platform, vietnam_platform
):
    send(client, group_trainer, walk(farmer=farmers["ama"].pk, name="Ridge plot"))
    client.force_login(platform)
    assert "Ridge plot" in client.get(list_url(Plot)).text
    client.force_login(vietnam_platform)
    assert "Ridge plot" not in client.get(list_url(Plot)).text


def add_url(model):
    return reverse(model.snippet_viewset.get_url_name("add"))


def test_a_plot_added_in_the_admin_is_checked_and_measured(client, farmers, platform):
    import json

    client.force_login(platform)
    form = {
        "farmer": farmers["ama"].pk,
        "name": "Typed plot",
        "tenure": "documented",
        "tenure_document": "title",
        "tenure_notes": "",
        "area_ha": "",
    }
    open_ring = json.dumps({"type": "Polygon", "coordinates": [square()[:-1]]})
    response = client.post(add_url(Plot), {**form, "geometry": open_ring})
    assert response.status_code == 200 and "is not closed" in response.text
    assert not Plot.objects.exists()
    closed = json.dumps({"type": "Polygon", "coordinates": [square()]})
    response = client.post(add_url(Plot), {**form, "geometry": closed})
    assert response.status_code == 302
    plot = Plot.objects.get()
    assert 0.97 < float(plot.area_ha) < 1.0 and plot.source == "typed"
    assert plot.recorded_by == platform and plot.latitude == pytest.approx(LAT, abs=0.001)


def test_a_layer_is_added_by_uploading_its_file(client, platform):
    from supply_base.models import ForestLossLayer

    client.force_login(platform)
    response = client.get(add_url(ForestLossLayer))
    assert response.status_code == 302
    assert response["Location"] == reverse("supply_base_forest_loss_upload")

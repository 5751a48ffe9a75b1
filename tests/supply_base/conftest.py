"""Shared data of the supply-base tests: a Ghanaian group with a roster, its platform, a
trainer, and GeoJSON made to measure around Kumasi."""

import json

import pytest
from django.utils import timezone

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from reference.models import Commodity, Country
from supply_base.models import ImplementingEntity, SupplyScope
from training_delivery.factories import FarmerFactory

# Near Kumasi, Ghana. 0.0009 degrees is about 100 m: a square of that side is ~1 ha.
LON, LAT, SIDE = -1.62, 6.69, 0.0009


def square(lon=LON, lat=LAT, side=SIDE):
    return [
        [lon, lat],
        [lon + side, lat],
        [lon + side, lat + side],
        [lon, lat + side],
        [lon, lat],
    ]


def polygon(ring=None):
    return {"type": "Polygon", "coordinates": [ring or square()]}


def feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


@pytest.fixture
def ghana():
    return Country.objects.get(slug="ghana")


@pytest.fixture
def cocoa():
    return Commodity.objects.get(slug="cocoa")


@pytest.fixture
def group(ghana, cocoa):
    group = ProducerGroupFactory(name="Asante Cocoa Farmers", country=ghana)
    group.commodities.add(cocoa)
    return group


@pytest.fixture
def farmers(group):
    today = timezone.localdate()
    return {
        "ama": FarmerFactory(
            group=group,
            member_code="AC-001",
            name="Ama Owusu",
            consent_given=True,
            consent_date=today,
        ),
        "kojo": FarmerFactory(
            group=group, member_code="AC-002", name="Kojo Mensah", consent_given=False
        ),
    }


@pytest.fixture
def platform(ghana):
    return UserFactory(username="ghana-platform", groups=[ghana.national_platform_group])


@pytest.fixture
def vietnam_platform():
    vietnam = Country.objects.get(slug="vietnam")
    return UserFactory(username="vietnam-platform", groups=[vietnam.national_platform_group])


@pytest.fixture
def group_trainer(group):
    trainer = UserFactory(username="kwame", groups=[roles.TRAINERS])
    group.trainers.add(trainer)
    group.save()  # a parental many-to-many: stored with the group
    return trainer


@pytest.fixture
def scope(ghana, group, cocoa):
    entity = ImplementingEntity.objects.create(
        name="Kumasi Cocoa Traders",
        kind="trader",
        country=ghana,
        lead_person="Efua Asante",
    )
    scope = SupplyScope.objects.create(
        entity=entity, name="Cocoa, Ashanti, 2026-2028", geography="Ashanti region"
    )
    scope.commodities.add(cocoa)
    scope.groups.add(group)
    scope.save()  # parental many-to-many fields: stored when the scope is saved
    return scope

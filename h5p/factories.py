"""Factories for H5P activities."""

import factory
from factory.django import DjangoModelFactory

from h5p.models import H5PActivity


class H5PActivityFactory(DjangoModelFactory):
    """An activity row with no package in storage: for lists, filters and permissions.

    Anything that plays or serves the package needs real files: upload one with
    `h5p.services.h5p_activity_create` instead.
    """

    title = factory.Sequence(lambda n: f"Knowledge check {n}")
    language = "en"
    licence = "CC BY"
    main_library = "H5P.MultiChoice 1.16"
    h5p_json = factory.LazyAttribute(
        lambda obj: {"title": obj.title, "language": obj.language, "mainLibrary": "H5P.MultiChoice"}
    )
    storage_prefix = factory.Sequence(lambda n: f"h5p/factory-{n}")
    package_name = factory.LazyAttribute(lambda obj: f"{obj.title.lower().replace(' ', '-')}.h5p")
    package_size = 2048

    class Meta:
        model = H5PActivity

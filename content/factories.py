import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from content.models import HomePage, StandardPage


class UserFactory(DjangoModelFactory):
    """A user; ``groups=["Trainers"]`` puts them in those role groups by name."""

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda obj: f"{obj.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "password")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.set(
                [
                    group if isinstance(group, Group) else Group.objects.get(name=group)
                    for group in extracted
                ]
            )
        if create:
            obj.save()


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    body = factory.LazyFunction(lambda: [{"type": "text", "value": "<p>About us.</p>"}])

    class Meta:
        model = StandardPage

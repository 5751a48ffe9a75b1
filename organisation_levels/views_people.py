"""The admin's People screens: a national platform registers the trainers and group managers
who work in its country, adds someone already registered, or takes someone off.

Only these people can be named trainer or manager of the country's groups and training
plans (organisation_levels.models.people). Thin views: forms validate, the services in
people_services.py write, people_selectors.py reads.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from organisation_levels.admin_forms import person_name
from organisation_levels.models import CountryPerson, ProducerGroup
from organisation_levels.people_selectors import (
    ROLE_LABELS,
    countries_registering_people,
    people_of_user_countries,
    person_roles,
)
from organisation_levels.people_services import (
    person_add_to_country,
    person_register,
    person_remove_from_country,
)

ROLE_CHOICES = list(ROLE_LABELS.items())


def people_url() -> str:
    return reverse("organisation_levels_people")


class _CountryRoleForm(forms.Form):
    country = forms.ModelChoiceField(label=gettext_lazy("Country"), queryset=None)
    role = forms.ChoiceField(
        label=gettext_lazy("Works as"), choices=ROLE_CHOICES, widget=forms.RadioSelect
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        countries = countries_registering_people(user=user)
        self.fields["country"].queryset = countries
        if countries.count() == 1:
            self.fields["country"].initial = countries.get()


class PersonRegisterForm(_CountryRoleForm):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    username = forms.RegexField(
        label=gettext_lazy("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=gettext_lazy(
            "What they type to sign in: letters, digits and . @ + - _ only, e.g. ama.mensah."
        ),
        error_messages={
            "invalid": gettext_lazy("Use only letters, digits and the signs . @ + - _")
        },
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        required=False,
        help_text=gettext_lazy("Optional: many trainers have none."),
    )
    field_order = ["country", "first_name", "last_name", "username", "email", "role"]


class PersonAddForm(_CountryRoleForm):
    who = forms.CharField(
        label=gettext_lazy("User name or e-mail address"),
        max_length=254,
        help_text=gettext_lazy("Of someone who already has an account (in another country)."),
    )
    field_order = ["country", "who", "role"]

    def clean_who(self):
        who = self.cleaned_data["who"].strip()
        people = get_user_model().objects.filter(is_active=True)
        found = list(people.filter(Q(username__iexact=who) | Q(email__iexact=who))[:2])
        if len(found) != 1:
            # Also when two accounts share the e-mail: ask for the user name then.
            raise ValidationError(
                _("No single account has the user name or e-mail address “%(who)s”.") % {"who": who}
            )
        return found[0]


class _PlatformOnly(WagtailAdminTemplateMixin):
    """Platform members (for their countries) and superusers; others are refused."""

    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not countries_registering_people(user=request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": people_url(), "label": _("People")}]
        if self.page_title != _("People"):
            items.append({"url": "", "label": self.page_title})
        return items


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


class PeopleIndexView(_PlatformOnly, TemplateView):
    template_name = "organisation_levels/admin/people_index.html"
    page_title = gettext_lazy("People")

    def get_context_data(self, **kwargs):
        registrations = people_of_user_countries(user=self.request.user)
        rows = [(each, person_roles(each.person)) for each in registrations]
        return super().get_context_data(rows=rows, **kwargs)


class _PersonFormView(_PlatformOnly, FormView):
    template_name = "organisation_levels/admin/person_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class PersonRegisterView(_PersonFormView):
    form_class = PersonRegisterForm
    page_title = gettext_lazy("Register a person")

    def form_valid(self, form):
        try:
            person, password = person_register(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        # Shown once, never stored in clear: the platform passes it on by phone or in person.
        return TemplateResponse(
            self.request,
            "organisation_levels/admin/person_registered.html",
            self.get_context_data(
                person=person, password=password, country=form.cleaned_data["country"]
            ),
        )


class PersonAddView(_PersonFormView):
    form_class = PersonAddForm
    page_title = gettext_lazy("Add someone already registered")

    def form_valid(self, form):
        person, country = form.cleaned_data["who"], form.cleaned_data["country"]
        try:
            person_add_to_country(
                country=country, person=person, role=form.cleaned_data["role"], by=self.request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s now works in %(country)s.")
            % {"name": person_name(person), "country": country},
        )
        return redirect(people_url())


class PersonRemoveView(_PlatformOnly, TemplateView):
    template_name = "organisation_levels/admin/person_remove.html"
    page_title = gettext_lazy("Take someone off a country")

    def registration(self):
        return get_object_or_404(
            CountryPerson.objects.visible_to(self.request.user).select_related("country", "person"),
            pk=self.kwargs["registration_id"],
        )

    def get_context_data(self, **kwargs):
        registration = self.registration()
        groups = (
            ProducerGroup.objects.filter(country=registration.country)
            .filter(Q(trainers=registration.person) | Q(managers=registration.person))
            .distinct()
        )
        return super().get_context_data(registration=registration, groups=groups, **kwargs)

    def post(self, request, registration_id):
        registration = self.registration()
        person, country = registration.person, registration.country
        person_remove_from_country(country=country, person=person, by=request.user)
        messages.success(
            request,
            _("%(name)s no longer works in %(country)s.")
            % {"name": person_name(person), "country": country},
        )
        return redirect(people_url())


urlpatterns = [
    path("people/", PeopleIndexView.as_view(), name="organisation_levels_people"),
    path(
        "people/register/", PersonRegisterView.as_view(), name="organisation_levels_person_register"
    ),
    path("people/add/", PersonAddView.as_view(), name="organisation_levels_person_add"),
    path(
        "people/<int:registration_id>/remove/",
        PersonRemoveView.as_view(),
        name="organisation_levels_person_remove",
    ),
]

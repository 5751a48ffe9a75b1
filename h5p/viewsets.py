"""The admin screens for H5P activities (Snippets > H5P activities).

The technical committee uploads, replaces and deletes packages; national platforms
see the list and choose activities for their modules (decision 0013). The add and
edit views save through the services (see `forms.H5PActivityForm.save`).
"""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages as admin_messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from curriculum_site.admin_addresses import AddressesKeptFrom
from curriculum_site.admin_display import ReadableInspectView
from h5p.forms import H5PActivityForm
from h5p.models import H5PActivity
from h5p.package_policy import H5PPackageRejected


def _distinct_values(field_name):
    def choices():
        values = (
            H5PActivity.objects.exclude(**{field_name: ""})
            .order_by(field_name)
            .values_list(field_name, flat=True)
            .distinct()
        )
        return [(value, value) for value in values]

    return choices


class H5PActivityFilterSet(WagtailFilterSet):
    main_library = django_filters.ChoiceFilter(
        label=_("Content type"), choices=_distinct_values("main_library")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=_distinct_values("language")
    )
    uploaded_by = django_filters.ModelChoiceFilter(
        label=_("Uploaded by"),
        queryset=lambda request: (
            get_user_model()
            .objects.filter(pk__in=H5PActivity.objects.values("uploaded_by"))
            .order_by("username")
        ),
    )
    updated_at = django_filters.DateFromToRangeFilter(
        label=_("Changed between"),
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = H5PActivity
        fields = []


class _ShowsPackageProblems:
    """A package that passed the form's check can still fail while it is extracted
    (bytes that break a limit, damaged data); show that on the form like any problem.
    Files left out of a saved package are told in a notice under the success message."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except H5PPackageRejected as rejected:
            form.add_error("package", list(rejected.problems))
            return self.form_invalid(form)

    def save_action(self):
        response = super().save_action()
        notices = getattr(self.form, "package_notices", ())
        if notices and not self.expects_json_response:
            package_notices_show(self.request, notices)
        return response


def package_notices_show(request, notices) -> None:
    """One warning listing what was left out of the package that was just saved."""
    heading = ngettext(
        "The package was saved, but %(count)s file was left out of it:",
        "The package was saved, but these %(count)s files or folders were left out of it:",
        len(notices),
    ) % {"count": len(notices)}
    items = format_html_join("", "<li>{}</li>", ((notice,) for notice in notices))
    detail = format_html('<ul class="h5p-package-notices">{}</ul>', items)
    messages.warning(request, admin_messages.render(heading, None, detail=detail))


class H5PActivityCreateView(_ShowsPackageProblems, CreateView):
    error_message = _("The package was not accepted: see the problems listed below.")


class H5PActivityEditView(_ShowsPackageProblems, EditView):
    error_message = _("The changes were not saved: see the problems listed below.")


CREATE_PANELS = [
    FieldPanel("package"),
    FieldPanel("title"),
    FieldPanel("description"),
]
EDIT_PANELS = [
    FieldPanel("title"),
    FieldPanel("description"),
    MultiFieldPanel(
        [
            FieldPanel("main_library", read_only=True),
            FieldPanel("language", read_only=True),
            FieldPanel("licence", read_only=True),
            FieldPanel("package_name", read_only=True),
        ],
        heading=_("Read from the package"),
    ),
    FieldPanel("package"),
]


class PackageSizeColumn(Column):
    def get_value(self, instance):
        return filesizeformat(instance.package_size)


class H5PActivityViewSet(AddressesKeptFrom, SnippetViewSet):
    model = H5PActivity
    addresses_app_label = "modules"  # the app the model was made in
    icon = "form"
    menu_label = _("H5P activities")
    add_view_class = H5PActivityCreateView
    edit_view_class = H5PActivityEditView
    # A copy would share the original's stored files; upload the package again instead.
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    inspect_view_fields = [
        "title",
        "description",
        "main_library",
        "language",
        "licence",
        "package_name",
        "package_size",
        "uploaded_by",
        "created_at",
        "updated_at",
    ]
    list_display = [
        "title",
        Column("main_library", label=_("Content type"), sort_key="main_library"),
        "language",
        "licence",
        PackageSizeColumn("package_size", label=_("Size"), sort_key="package_size"),
        "uploaded_by",
        UpdatedAtColumn(),
    ]
    list_export = [
        "title",
        "description",
        "main_library",
        "language",
        "licence",
        "package_name",
        "package_size",
        "uploaded_by",
        "created_at",
        "updated_at",
    ]
    filterset_class = H5PActivityFilterSet
    search_fields = ["title", "description", "main_library"]
    # Tens of activities: the database answers directly, with no search index to keep in step.
    search_backend_name = None
    ordering = ["title"]
    edit_handler = ObjectList(EDIT_PANELS, base_form_class=H5PActivityForm)

    def get_queryset(self, request):
        return H5PActivity.objects.select_related("uploaded_by")

    def get_add_view_kwargs(self, **kwargs):
        panel = ObjectList(CREATE_PANELS, base_form_class=H5PActivityForm).bind_to_model(self.model)
        return super().get_add_view_kwargs(panel=panel, form_class=panel.get_form_class(), **kwargs)

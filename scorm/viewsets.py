"""The admin screens for SCORM packages (Snippets > SCORM packages).

The technical committee uploads, replaces and deletes courses; national platforms
upload their own courses and choose any for their modules (decision 0026).
"""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from curriculum_site.admin_display import ReadableInspectView
from scorm.forms import ScormPackageForm
from scorm.models import ScormPackage
from scorm.package_policy import ScormPackageRejected


class _ShowsPackageProblems:
    """A package that passed the form's check can still fail while it is stored (a
    duplicate, damaged bytes): show that on the form like any other problem."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ScormPackageRejected as rejected:
            form.add_error("package", list(rejected.problems))
            return self.form_invalid(form)


class ScormPackageCreateView(_ShowsPackageProblems, CreateView):
    error_message = _("The package was not accepted: see the problems listed below.")


class ScormPackageEditView(_ShowsPackageProblems, EditView):
    error_message = _("The changes were not saved: see the problems listed below.")


CREATE_PANELS = [FieldPanel("package"), FieldPanel("title"), FieldPanel("description")]
EDIT_PANELS = [
    FieldPanel("title"),
    FieldPanel("description"),
    MultiFieldPanel(
        [
            FieldPanel("scorm_version", read_only=True),
            FieldPanel("edition", read_only=True),
            FieldPanel("language", read_only=True),
            FieldPanel("package_name", read_only=True),
        ],
        heading=_("Read from the package"),
    ),
    FieldPanel("package"),
]


class PackageSizeColumn(Column):
    def get_value(self, instance):
        return filesizeformat(instance.package_size)


class PartsColumn(Column):
    def get_value(self, instance):
        return len(instance.scos)


class ScormPackageViewSet(SnippetViewSet):
    model = ScormPackage
    icon = "media"
    menu_label = _("SCORM packages")
    add_view_class = ScormPackageCreateView
    edit_view_class = ScormPackageEditView
    # A copy would share the original's stored files; upload the package again instead.
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    inspect_view_fields = [
        "title",
        "description",
        "edition",
        "language",
        "package_name",
        "package_size",
        "uploaded_by",
        "created_at",
        "updated_at",
    ]
    list_display = [
        "title",
        Column("edition", label=_("SCORM version"), sort_key="edition"),
        PartsColumn("contents", label=_("Parts")),
        "language",
        PackageSizeColumn("package_size", label=_("Size"), sort_key="package_size"),
        "uploaded_by",
        UpdatedAtColumn(),
    ]
    list_filter = ["scorm_version", "language"]
    search_fields = ["title", "description"]
    search_backend_name = None
    ordering = ["title"]
    edit_handler = ObjectList(EDIT_PANELS, base_form_class=ScormPackageForm)

    def get_queryset(self, request):
        return ScormPackage.objects.select_related("uploaded_by")

    def get_add_view_kwargs(self, **kwargs):
        panel = ObjectList(CREATE_PANELS, base_form_class=ScormPackageForm).bind_to_model(
            self.model
        )
        return super().get_add_view_kwargs(panel=panel, form_class=panel.get_form_class(), **kwargs)

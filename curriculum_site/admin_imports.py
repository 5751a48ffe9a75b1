"""The admin screen every spreadsheet import shares: upload, check, list problems or import.

A subclass says what the form asks (`form_class`, a `SpreadsheetImportForm`: it is given
the user, whose choices it offers), what the page explains (`intro`, and for the usual
one-sheet .xlsx/.csv file just `template_url_name` and `columns`; `get_templates` and
`get_column_sections` for anything else), and does the work in `run_import(form)`, which
returns the problems found (nothing stored) or a success message (all stored).
"""

from django import forms
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from curriculum_site.admin_scoping import FormulaSafeIndexView
from curriculum_site.downloads import attachment
from curriculum_site.spreadsheets import XLSX_CONTENT_TYPE, ImportFileError

# The first problems show the pattern; thousands would only bury the page.
PROBLEMS_SHOWN = 200


def listing_url(model) -> str:
    """The admin listing of a snippet model."""
    return reverse(model.snippet_viewset.get_url_name("list"))


def listing_breadcrumbs(view, model) -> list[dict]:
    """An admin screen's breadcrumbs: the admin's, the model's listing, the screen."""
    return [
        *view.breadcrumbs_items,
        {"url": listing_url(model), "label": capfirst(model._meta.verbose_name_plural)},
        {"url": "", "label": view.page_title},
    ]


class SpreadsheetImportForm(forms.Form):
    """The upload form of an import. It takes the user, so that the choices it offers
    (the group, the scope, the country…) are only those the user keeps: a forged id for
    another is not a valid choice."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class SpreadsheetImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "admin/spreadsheet_import.html"
    header_icon = "upload"
    intro = ""
    # What most imports say of their columns (spreadsheets.read_rows matches them so).
    columns_note = _(
        "Column names may be written in capitals or small letters, with or without spaces. "
        "Only the required columns must be there."
    )
    # The URL name of the template download, which takes "xlsx" or "csv": both are offered.
    template_url_name = ""
    # The columns of a one-sheet file (spreadsheets.ImportColumn), listed in one section.
    columns = ()
    show_sheets = False
    # The form field that takes the file: a refusal of the file as a whole is shown there.
    file_field = "file"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_templates(self) -> list[tuple[str, str]]:
        if not self.template_url_name:
            return []
        return [
            (_("Excel template (.xlsx)"), reverse(self.template_url_name, args=["xlsx"])),
            (_("CSV template"), reverse(self.template_url_name, args=["csv"])),
        ]

    def get_column_sections(self) -> list[tuple[str, tuple]]:
        return [(_("The columns"), self.columns)] if self.columns else []

    def get_success_url(self) -> str:
        raise NotImplementedError

    def run_import(self, form):
        """(problems, message): the problems and no message, or no problems and a message."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=self.intro,
            columns_note=self.columns_note,
            templates=self.get_templates(),
            column_sections=self.get_column_sections(),
            show_sheets=self.show_sheets,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            problems, message = self.run_import(form)
        except ImportFileError as error:
            form.add_error(self.file_field, error.message)
            return self.form_invalid(form)
        if problems:
            shown = problems[:PROBLEMS_SHOWN]
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    problems=problems,
                    problems_shown=shown,
                    problems_hidden=len(problems) - len(shown),
                )
            )
        messages.success(self.request, message)
        return redirect(self.get_success_url())


class SpreadsheetTemplateView(View):
    """The blank template of an import, as .xlsx or .csv (`file_format` in its address,
    named by the import view's `template_url_name`). A subclass gives `file_name` (the
    download's name before its extension) and the two files."""

    file_name = ""

    def template_xlsx(self) -> bytes:
        raise NotImplementedError

    def template_csv(self) -> bytes:
        raise NotImplementedError

    def get(self, request, file_format):
        if file_format == "xlsx":
            content, content_type = self.template_xlsx(), XLSX_CONTENT_TYPE
        elif file_format == "csv":
            content, content_type = self.template_csv(), "text/csv; charset=utf-8"
        else:
            raise Http404
        return attachment(content, content_type, f"{self.file_name}.{file_format}")


class ImportButtonIndexView(FormulaSafeIndexView):
    """A snippet listing with an "Import" button beside "Add", for whoever holds
    `import_action` on the model. Subclass with `import_label` and `import_url_name`."""

    import_label = _("Import")
    import_url_name = ""
    import_action = "add"

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, self.import_action):
            buttons.append(
                HeaderButton(
                    self.import_label, url=reverse(self.import_url_name), icon_name="upload"
                )
            )
        return buttons

"""The admin screen every spreadsheet import shares: upload, check, list problems or import.

A subclass says what the form asks (`form_class`), what the page explains (`intro`,
`templates`, `column_sections`), and does the work in `run_import(form)`, which
returns the problems found (nothing stored) or a success message (all stored).
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from curriculum_site.admin_scoping import FormulaSafeIndexView
from curriculum_site.spreadsheets import ImportFileError

# The first problems show the pattern; thousands would only bury the page.
PROBLEMS_SHOWN = 200


class SpreadsheetImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "admin/spreadsheet_import.html"
    header_icon = "upload"
    intro = ""
    columns_note = ""
    show_sheets = False
    # The form field that takes the file: a refusal of the file as a whole is shown there.
    file_field = "file"

    def get_templates(self) -> list[tuple[str, str]]:
        return []

    def get_column_sections(self) -> list[tuple[str, tuple]]:
        return []

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

"""Values on the admin's inspect pages as a person writes them (issue 23, point 8).

Wagtail shows a field's Python value: "None" for nothing, "True"/"False" for a tick. A
committee member reads "—", "Yes" and "No" instead, in their language.
"""

from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views import snippets as snippet_views


class ReadableValuesMixin:
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if value is True:
            return _("Yes")
        if value is False:
            return _("No")
        return value


class ReadableInspectView(ReadableValuesMixin, snippet_views.InspectView):
    pass


class YesNoColumn(BooleanColumn):
    """Wagtail's tick and cross, titled "Yes" and "No" in the reader's language (its own
    column titles them "True" and "False", which a screen reader reads out)."""

    cell_template_name = "admin/yes_no_cell.html"

"""Snippet admin screens that show each user only the objects their role covers.

Wagtail's object views look an object up in the whole table and check only
model-wide permissions, and its chooser lists the whole table to anyone with
admin access. Here every object view also asks the model's permission policy
about this very object, for the action the view performs, and the listing and
chooser show only what the policy lets the user see: an object outside the
user's scope is simply "not found", never "forbidden" (which would confirm it
exists). Use with a policy such as `QuerySetScopedPermissionPolicy`.
"""

from django.http import Http404
from django.utils.functional import cached_property
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from curriculum_site.admin_display import ReadableValuesMixin
from curriculum_site.spreadsheets import csv_text


class FormulaSafeIndexView(snippet_views.IndexView):
    """A snippet listing whose CSV download never holds a formula.

    Names, places and notes are typed by people, and a spreadsheet runs a cell starting
    with "=", "+", "-" or "@" (issue 14: "=HYPERLINK(…)" in a group's name). Wagtail
    already writes such cells as text in Excel downloads; CSV has no cell types, so
    those values get the apostrophe that spreadsheets read as "this is text".
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return csv_text(value)
        return value


class ScopedToUser:
    """An object view that finds only the objects the user may `scope_action` (else: 404).

    Not named `action`: Wagtail's edit view sets `self.action` ("edit", "publish"…)
    while it runs, and the view looks its object up again after that.
    """

    scope_action = "view"

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.scope_action, instance
        ):
            raise Http404
        return instance


class ScopedEditView(ScopedToUser, snippet_views.EditView):
    scope_action = "change"


class ScopedDeleteView(ScopedToUser, snippet_views.DeleteView):
    scope_action = "delete"


class ScopedUsageView(ScopedToUser, snippet_views.UsageView):
    pass


class ScopedHistoryView(ScopedToUser, snippet_views.HistoryView):
    pass


class ScopedInspectView(ReadableValuesMixin, ScopedToUser, snippet_views.InspectView):
    pass


def _visible(view):
    policy = policy_registry.get_by_type(view.model_class)
    return policy.instances_user_has_permission_for(view.request.user, "view")


class ScopedChooseView(chooser_views.ChooseView):
    def get_object_list(self):
        return _visible(self)


class ScopedChooseResultsView(chooser_views.ChooseResultsView):
    def get_object_list(self):
        return _visible(self)


class ScopedChosenView(chooser_views.SnippetChosenView):
    def get_object(self, pk):
        try:
            return _visible(self).get(pk=pk)
        except (ValueError, self.model_class.DoesNotExist):
            raise Http404 from None  # a forged or malformed id is simply not found


class ScopedChosenMultipleView(chooser_views.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return _visible(self).filter(pk__in=pks)


class ScopedChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


class ScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose listing, object views and chooser keep to the user's scope.

    Copying is off: a copy view would open any object of the table as a template.
    """

    copy_view_enabled = False
    index_view_class = FormulaSafeIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    usage_view_class = ScopedUsageView
    history_view_class = ScopedHistoryView
    inspect_view_class = ScopedInspectView
    chooser_viewset_class = ScopedChooserViewSet

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_permission_for(request.user, "view")


class ScopedDeleteBulkAction(DeleteBulkAction):
    """Bulk delete whose confirmation never names an object the user may not even see.

    Wagtail lists the selected objects the user may not delete by name; for objects
    outside the user's scope that would reveal them, so those are left out as if the
    ids did not exist. Subclass with `models = [...]`, registered with a late hook
    order so it replaces the default delete action for those models.
    """

    @cached_property
    def _actionable_objects(self):
        objects, extra = super()._actionable_objects
        refused = extra["items_with_no_access"]
        visible = set(
            self.permission_policy.instances_user_has_permission_for(self.request.user, "view")
            .filter(pk__in=[obj.pk for obj in refused])
            .values_list("pk", flat=True)
        )
        return objects, {"items_with_no_access": [obj for obj in refused if obj.pk in visible]}

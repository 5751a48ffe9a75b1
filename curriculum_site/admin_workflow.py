"""A review decision taken from the admin dashboard says what it did (issue 23, point 7).

Wagtail's workflow action view (the dashboard's *Approve* and *Request changes*) acts
and sends the reviewer back to the dashboard without a word: the reviewer could not tell
whether the click did anything. Here the same view runs, then the outcome is put in the
admin's messages, shown on the page it returns to.
"""

from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.models import Page, TaskState

_workflow_action = WorkflowActionView.as_view()


def workflow_action_with_message(request, page_id, action_name, task_state_id):
    response = _workflow_action(
        request, page_id=page_id, action_name=action_name, task_state_id=task_state_id
    )
    if request.method != "POST" or response.status_code >= 400:
        return response
    state = TaskState.objects.filter(pk=task_state_id).first()
    if state is None or state.status == TaskState.STATUS_IN_PROGRESS:
        return response  # not acted on (a form to fill first, or refused)
    page = Page.objects.filter(pk=page_id).first()
    title = page.get_admin_display_title() if page else ""
    if state.status == TaskState.STATUS_APPROVED:
        page_live = page is not None and page.live and not page.has_unpublished_changes
        text = (
            _("“%(title)s” approved and published.")
            if page_live
            else _("“%(title)s” approved: it goes to the next review step.")
        )
    elif state.status == TaskState.STATUS_REJECTED:
        text = _("Changes requested on “%(title)s”: its author has been told.")
    else:
        text = _("“%(title)s”: done.")
    messages.success(request, text % {"title": title})
    return response

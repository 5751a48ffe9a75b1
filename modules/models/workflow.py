"""The review step of the technical committee."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Revision


class CommitteeReviewTask(AbstractGroupApprovalTask):
    """Approval by the committee, never by someone who wrote what is under review (four eyes).

    An author is whoever submitted the module or saved any revision of it since this
    review started: a reviewer who edits the text during review becomes an author of
    it, and another member must approve.
    """

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if self._is_author(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        revisions_by_user = Revision.objects.filter(
            base_content_type_id=OuterRef("workflow_state__base_content_type_id"),
            object_id=OuterRef("workflow_state__object_id"),
            created_at__gte=OuterRef("workflow_state__created_at"),
            user=user,
        )
        return states.exclude(workflow_state__requested_by=user).exclude(Exists(revisions_by_user))

    @staticmethod
    def _is_author(obj, user):
        state = obj.current_workflow_state
        if state is None:
            return False
        if state.requested_by_id == user.pk:
            return True
        return obj.revisions.filter(user=user, created_at__gte=state.created_at).exists()

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve; nobody who wrote the module under review "
            "(the submitter, or anyone who edited it since) can approve it."
        )

    class Meta:
        verbose_name = _("Committee review task")
        verbose_name_plural = _("Committee review tasks")

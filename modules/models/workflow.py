"""The review step of the technical committee."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


class CommitteeReviewTask(AbstractGroupApprovalTask):
    """Approval by the committee, never by the person who submitted the module (four eyes)."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if self._is_submitter(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @staticmethod
    def _is_submitter(obj, user):
        state = obj.current_workflow_state
        return state is not None and state.requested_by_id == user.pk

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve; whoever submitted the module cannot approve it."
        )

    class Meta:
        verbose_name = _("Committee review task")
        verbose_name_plural = _("Committee review tasks")

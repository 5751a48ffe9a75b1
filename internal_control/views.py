"""The group's internal control page: its approved-member list, open non-conformities
and their closing, and the list's export for a certifier (issue 21, point 4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from curriculum_site.downloads import attachment
from curriculum_site.spreadsheets import XLSX_CONTENT_TYPE
from internal_control.exports import approved_member_list_xlsx
from internal_control.inspections import approved_member_list, non_conformity_close
from internal_control.models import Inspection, NonConformity
from internal_control.readiness import group_readiness
from internal_control.selectors import group_sanction_rules
from organisation_levels.selectors import group_for_user


@login_required
def group_internal_control(request, group_id):
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    return render(
        request,
        "internal_control/group.html",
        {
            "group": group,
            "members": approved_member_list(group=group),
            "open_group_findings": NonConformity.objects.filter(
                group=group, farmer=None, status=NonConformity.Status.OPEN
            ).select_related("finding__control_point"),
            # Point 5: the share of each standard's control points met, and the gaps.
            "readiness": group_readiness(group=group),
            "sanction_rules": group_sanction_rules(group=group),
            "inspections": Inspection.objects.filter(group=group)
            .select_related("farmer", "inspector")
            .prefetch_related("findings")[:20],
        },
    )


@login_required
@require_POST
def non_conformity_close_view(request, group_id, nc_id):
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    non_conformity = get_object_or_404(NonConformity, pk=nc_id, group=group)
    try:
        non_conformity_close(
            non_conformity=non_conformity,
            user=request.user,
            evidence=request.POST.get("evidence", ""),
        )
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The non-conformity is closed."))
    return redirect("internal_control:group", group_id=group.pk)


@login_required
def approved_list_download(request, group_id):
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    return attachment(
        approved_member_list_xlsx(group=group, members=approved_member_list(group=group)),
        XLSX_CONTENT_TYPE,
        f"approved-members-{group.pk}.xlsx",
    )

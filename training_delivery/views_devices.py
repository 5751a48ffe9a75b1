"""The phones signed in to the trainer app (issue 18, point 5; decision 0023).

One page on the site: a trainer sees their own phones with their last sync; a platform
also sees those of the trainers of its country's groups. Either revokes a phone, which
deletes what it keeps at its next contact.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from training_delivery.devices import device_is_expired, device_revoke, idle_limit
from training_delivery.models import DeviceToken


def _visible(user):
    return DeviceToken.objects.of_platform(user).select_related("user", "revoked_by")


@login_required
def device_list(request):
    devices = list(_visible(request.user).order_by("user__username", "-created_at"))
    for device in devices:
        device.expired = device_is_expired(device)
        device.expires_at = (device.last_used_at or device.created_at) + idle_limit()
    return render(
        request,
        "training_delivery/devices.html",
        {"devices": devices, "idle_days": idle_limit().days},
    )


@login_required
@require_POST
def device_revoke_view(request, device_id):
    device = get_object_or_404(_visible(request.user), pk=device_id)
    device_revoke(device=device, by=request.user)
    messages.success(
        request, _("The phone is signed out: it deletes what it keeps at its next contact.")
    )
    return redirect("trainer_devices")

"""Calls and meetings on the site, for everyone who takes part in them: platforms,
group managers, monitoring viewers and the committee, each seeing what
EventQuerySet.visible_to allows and of another country's attendance only its totals."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from meetings.models import Event
from meetings.selectors import event_attendance_for, events_visible

EVENTS_PER_PAGE = 30


@login_required
def event_list(request):
    page = Paginator(events_visible(user=request.user), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "meetings/event_list.html", {"events": page.object_list, "page": page})


@login_required
def event_detail(request, event_id):
    # Not visible: "not found", never "forbidden" (which would say it exists).
    event = get_object_or_404(
        Event.objects.visible_to(request.user).prefetch_related(
            "countries", "interpretations", "modules"
        ),
        pk=event_id,
    )
    attendance = event_attendance_for(user=request.user, event=event)
    return render(
        request,
        "meetings/event_detail.html",
        {
            "event": event,
            "attendance": attendance,
            "totals": {
                "women": sum(row.women for row in attendance),
                "men": sum(row.men for row in attendance),
                "other": sum(row.other for row in attendance),
            },
        },
    )

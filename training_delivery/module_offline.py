"""Modules kept on the phone (issue 18, point 1; decision 0023): the module's text,
phone-sized images, knowledge checks with their answers and facilitator notes, rendered
once by the server's own block templates, for the app to store and show offline."""

import re

from django.template.loader import render_to_string

from adaptation.models import AdaptedModulePage
from h5p.serving import page_activity_ids
from modules.selectors import reader_can_see_facilitator_notes
from training_delivery.selectors import groups_of_trainer, modules_usable_in
from training_delivery.serializers import MAX_ID

IMAGE_SOURCE = re.compile(r'<img[^>]*\ssrc="([^"]+)"')


def module_for_offline(*, user, module_id: int):
    """The module if one of the user's groups may use it (else None)."""
    # An id no database column can hold names no module (the API is fuzzed with such ids;
    # SQLite would raise an overflow rather than find nothing).
    if not 1 <= module_id <= MAX_ID:
        return None
    countries = set(groups_of_trainer(user=user).values_list("country_id", flat=True))
    generic, adapted = modules_usable_in(country_ids=countries)
    page = generic.filter(pk=module_id).first() or adapted.filter(pk=module_id).first()
    return page.specific if page else None


def module_offline(*, page, request) -> dict:
    # An adaptation's notes are seen by those who may see its generic module's.
    source = page.source if isinstance(page, AdaptedModulePage) else page
    html = render_to_string(
        "training_delivery/app/module_offline.html",
        {
            "page": page,
            "request": request,
            "show_facilitator_notes": reader_can_see_facilitator_notes(
                user=request.user, module=source
            ),
        },
    )
    return {
        "id": page.pk,
        "version": page.last_published_at.isoformat() if page.last_published_at else "",
        "html": html,
        "images": list(dict.fromkeys(IMAGE_SOURCE.findall(html))),
        # Its H5P activities, which the app downloads to play offline (api_h5p).
        "h5p": sorted(page_activity_ids(page)),
    }

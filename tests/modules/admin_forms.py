"""Form data for the module editor, as the Wagtail admin's browser code would post it."""

from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from reference.models import DeliveryMethod, OrganisationLevel, Theme


def module_form_data(
    *,
    title="Keeping farm diaries",
    code="TR-09",
    body_html="<p>Write down every sale.</p>",
    prerequisites=(),
    action=None,
):
    data = nested_form_data(
        {
            "title": title,
            "slug": slugify(code),
            "code": code,
            "duration_minutes": 90,
            "summary": "Members keep simple records of what they sell.",
            "objectives": streamfield([("objective", "Keep a farm diary.")]),
            "body": streamfield([("text", rich_text(body_html))]),
            "prerequisite_links": inline_formset(
                [
                    {"prerequisite": module.pk, "ORDER": order}
                    for order, module in enumerate(prerequisites)
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    data["levels"] = [OrganisationLevel.objects.get(slug="moderate").pk]
    data["themes"] = [Theme.objects.get(slug="traceability-food-safety").pk]
    data["delivery_methods"] = [DeliveryMethod.objects.get(slug="workshop").pk]
    if action:
        data[f"action-{action}"] = action
    return data

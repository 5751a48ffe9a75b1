"""A small illustrative set of requirements and control points (issue 21, point 1).

Marked as illustrative everywhere it shows: it lets the committee, trainers and the demo
see how one internal control system covers two standards. The standards' real catalogues
are entered by the committee (by hand or imported from a spreadsheet). Loaded by
`manage.py load_seed_curriculum`; running it again changes nothing.
"""

from django.db import transaction

from internal_control.models import AppliesTo, ControlPoint, Requirement, RequirementCatalogue
from reference.models import OrganisationLevel, Standard

CONTROL_POINTS = [
    (
        "ICS-01",
        "Member register",
        AppliesTo.GROUP,
        "The group keeps an up-to-date register of members, their farms and when they joined.",
    ),
    (
        "ICS-02",
        "Internal rules signed",
        AppliesTo.MEMBER,
        "The member has signed the group's internal rules and knows the sanctions.",
    ),
    (
        "ICS-03",
        "Safe pesticide storage",
        AppliesTo.MEMBER,
        "Pesticides are kept locked, away from food, water and children, in their own containers.",
    ),
    (
        "ICS-04",
        "Spray records",
        AppliesTo.MEMBER,
        "The member records each pesticide applied: product, date, field and dose.",
    ),
    (
        "ICS-05",
        "No child labour",
        AppliesTo.MEMBER,
        "No child under 15 works on the farm; children of 15 to 17 do no hazardous work.",
    ),
    (
        "ICS-06",
        "Internal inspection each year",
        AppliesTo.GROUP,
        "Every member is inspected by a trained internal inspector at least once a year.",
    ),
]
# (standard slug, [(code, text, applies to, from level slug or None, control point codes)])
CATALOGUES = [
    (
        "fairtrade",
        [
            (
                "1.1.1",
                "The organisation keeps a list of its members.",
                AppliesTo.GROUP,
                None,
                ["ICS-01"],
            ),
            ("1.2.1", "Members store pesticides safely.", AppliesTo.MEMBER, None, ["ICS-03"]),
            ("3.1.1", "Children under 15 are not employed.", AppliesTo.MEMBER, None, ["ICS-05"]),
            (
                "4.2.1",
                "The organisation runs an internal control system.",
                AppliesTo.GROUP,
                "moderate",
                ["ICS-02", "ICS-06"],
            ),
        ],
    ),
    (
        "rainforest-alliance",
        [
            (
                "1.2.4",
                "The group management keeps a register of members and farms.",
                AppliesTo.GROUP,
                None,
                ["ICS-01"],
            ),
            (
                "1.3.1",
                "Each member is inspected internally at least once a year.",
                AppliesTo.GROUP,
                None,
                ["ICS-06"],
            ),
            ("4.6.2", "Pesticide applications are recorded.", AppliesTo.MEMBER, None, ["ICS-04"]),
            ("5.1.6", "Workers have access to drinking water.", AppliesTo.MEMBER, "adequate", []),
        ],
    ),
]
NOTE = "Illustrative example written for training, not the standard's text."


@transaction.atomic
def illustrative_catalogues_ensure() -> int:
    """Create the illustrative control points and catalogues if missing; how many made."""
    made = 0
    points = {}
    for code, title, applies_to, what in CONTROL_POINTS:
        points[code], created = ControlPoint.objects.get_or_create(
            code=code, defaults={"title": title, "applies_to": applies_to, "what_to_check": what}
        )
        made += created
    levels = _original_levels()
    for slug, requirements in CATALOGUES:
        standard = Standard.objects.filter(slug=slug).order_by("pk").first()
        if standard is None or RequirementCatalogue.objects.filter(standard=standard).exists():
            continue
        catalogue = RequirementCatalogue.objects.create(
            standard=standard,
            version=1,
            status=RequirementCatalogue.Status.ACTIVE,
            illustrative=True,
            notes=NOTE,
        )
        made += 1
        for order, (code, text, applies_to, level, covered_by) in enumerate(requirements, 1):
            requirement = Requirement.objects.create(
                catalogue=catalogue,
                code=code,
                text=text,
                applies_to=applies_to,
                from_level=levels.get(level),
                sort_order=order,
            )
            requirement.control_points.set([points[point] for point in covered_by])
            requirement.save()
    return made


def _original_levels() -> dict[str, OrganisationLevel]:
    levels = OrganisationLevel.objects.order_by("pk")
    found = {}
    for level in levels:
        found.setdefault(level.slug, level)  # the first row of a slug is its original
    return found

"""Every URL pattern of the site, read from the resolver, and what kind of thing it serves.

`RULES` is the reviewed list: each pattern is public, a listing (no object in the
address, but it may list a country's objects), an object of a country (its arguments
filled from `world.py`), or not requested (with the reason). A pattern no rule
covers is a new view nobody classified: the matrix test fails naming it.

A rule matches a pattern's route (the resolver's pattern strings joined, as
`admin/pages/<int:page_id>/edit/`): exactly, or by prefix when it ends with `*`.
The first matching rule wins.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC, LISTING, OBJECT, SKIP = "public", "listing", "object", "not requested"
# Public pages the same for everyone (sign-in forms, assets, templates): requested once,
# by the anonymous visitor, not once per role.
STATIC = "the same for everyone"


@dataclass(frozen=True)
class Spec:
    kind: str
    reason: str = ""
    # URL argument → key in a CountryWorld's objects, or "=literal".
    args: dict = field(default_factory=dict)
    # For routes with regular expressions: the address with {argument} placeholders.
    path: str | None = None
    # Send a forged POST too (forms and actions that could change the object).
    post: bool = True
    # Query strings naming another country's objects by world key ({country}, {group}…),
    # or whole addresses (starting with "/"): requested (and, with `post`, posted as a
    # form) once per country tried, besides the rule's own address.
    forged: tuple = ()


def public(reason="", path=None):
    return Spec(PUBLIC, reason, path=path)


def static(reason="", path=None):
    return Spec(STATIC, reason, path=path, post=False)


def listing(reason="", path=None, post=False, forged=()):
    return Spec(LISTING, reason, path=path, post=post, forged=forged)


def obj(path=None, post=True, forged=(), **args):
    return Spec(OBJECT, args=args, path=path, post=post, forged=forged)


def skip(reason):
    return Spec(SKIP, reason)


SHARED = "holds no country's data (shared content, reference lists or site settings)"

# Snippet models: those holding a country's rows, with the world key of their object.
COUNTRY_SNIPPETS = {
    "organisation_levels/producergroup": "group",
    "training_delivery/farmer": "farmer",
    "training_delivery/trainingsession": "session",
    "training_plans/needsassessment": "needs",
    "training_plans/riskassessment": "risks",
    "consultation/stakeholder": "stakeholder",
    "consultation/consultationevent": "consultation",
    "consultation/grievance": "grievance",
    "modules/country": "country",
    "supply_base/implementingentity": "entity",
    "supply_base/supplyscope": "scope",
    "supply_base/plot": "plot",
    "supply_base/forestlosslayer": "layer",
    "meetings/event": "event",
}
# The same models by app label and model name (Country's admin URLs sit under "modules").
COUNTRY_MODELS = {
    model.replace("modules/country", "reference/country"): key
    for model, key in COUNTRY_SNIPPETS.items()
}


def _snippet_rules():
    rules = []
    for model, key in COUNTRY_SNIPPETS.items():
        base, chooser = f"admin/snippets/{model}/", f"admin/snippets/choose/{model}/"
        rules += [
            (base + "add/", listing("the add form: no object yet", post=False)),
            (base + "results/", listing()),
            (base, listing()),
            (base + "*", obj(pk=key)),
            (chooser + "chosen/<str:pk>/", obj(pk=key, post=False)),
            (chooser + "create/", listing(post=False)),
            (chooser + "*", listing()),
        ]
    rules += [
        ("admin/snippets/choose/*", skip(SHARED)),
        ("admin/snippets/*", skip(SHARED)),
    ]
    return rules


YEAR = "start=2026-01-01&end=2026-12-31"

RULES = [
    # --- The public site and signing in -------------------------------------------------
    ("^((?:[\\w\\-]+/)*)$", public("Wagtail's pages", path="")),
    ("accounts/login/", static()),
    ("accounts/logout/", skip("would end the session the matrix is signed in with")),
    ("accounts/password/", listing("the person's own password")),
    ("accounts/password/changed/", listing()),
    ("accounts/password/reset/", static("asks for an address; the e-mail goes to its owner")),
    ("accounts/password/reset/sent/", static()),
    ("accounts/password/reset/done/", static()),
    (
        "accounts/password/reset/<uidb64>/<token>/",
        skip("needs the link e-mailed to the owner: tests/curriculum_site/test_password_reset.py"),
    ),
    ("phones/", listing("the trainer's own phones")),
    (
        "phones/<int:device_id>/revoke/",
        skip("needs a phone: tests/training_delivery/test_devices.py"),
    ),
    ("_util/login/", static()),
    ("_util/authenticate_with_password/*", skip("no page in the world has a password")),
    ("health/", static()),
    ("health/ready/", static()),
    ("documents/^(\\d+)/(.*)$", skip("documents are shared content, none is private")),
    ("documents/authenticate_with_password/*", skip("no document has a password")),
    ("h5p/play/*", skip("authorised by a signed token per reader (tests/h5p)")),
    (
        "h5p/libraries/<int:activity_id>-<str:key>/<path:path>",
        skip("H5P's library code, public by design at a stable address (decision 0025)"),
    ),
    ("scorm/play/*", skip("authorised by a signed token per reader (tests/scorm)")),
    ("progress/", listing("the learner's own progress")),
    ("trainer/", static("the app shell: data comes from the API")),
    ("trainer/manifest.webmanifest", static()),
    ("trainer/sw.js", static()),
    ("trainer/h5p-player/", static("the H5P player host: no data, files come from the app")),
    # --- Producer groups and their plans ------------------------------------------------
    ("groups/", listing()),
    ("groups/<int:group_id>/", obj(group_id="group", post=False)),
    ("groups/<int:group_id>/assess/", obj(group_id="group")),
    (
        "groups/<int:group_id>/assessments/<int:assessment_id>/",
        obj(group_id="group", assessment_id="assessment", post=False),
    ),
    (
        "groups/<int:group_id>/assessments/<int:assessment_id>/confirm/",
        obj(group_id="group", assessment_id="assessment"),
    ),
    (
        "groups/<int:group_id>/assessments/<int:assessment_id>/return/",
        obj(group_id="group", assessment_id="assessment"),
    ),
    ("groups/<int:group_id>/plan/", obj(group_id="group", post=False)),
    ("groups/<int:group_id>/plan/start/", obj(group_id="group")),
    ("groups/<int:group_id>/plan/close/", obj(group_id="group")),
    ("groups/<int:group_id>/plan/items/new/", obj(group_id="group")),
    (
        "groups/<int:group_id>/plan/items/<int:item_id>/",
        obj(group_id="group", item_id="improvement_item"),
    ),
    (
        "groups/<int:group_id>/evidence/<slug:kind>/<int:evidence_id>/",
        obj(
            path="groups/{group_id}/evidence/assessment/{evidence_id}/",
            group_id="group",
            evidence_id="assessment_evidence",
            post=False,
        ),
    ),
    ("groups/<int:group_id>/training-plans/", obj(group_id="group", post=False)),
    ("groups/<int:group_id>/training-plans/new/", obj(group_id="group")),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/",
        obj(group_id="group", plan_id="plan", post=False),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/edit/",
        obj(group_id="group", plan_id="plan"),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/items/add/",
        obj(group_id="group", plan_id="plan"),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/items/<int:item_id>/",
        obj(group_id="group", plan_id="plan", item_id="plan_item"),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/items/<int:item_id>/move/<direction>/",
        obj(group_id="group", plan_id="plan", item_id="plan_item", direction="=down"),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/items/<int:item_id>/remove/",
        obj(group_id="group", plan_id="plan", item_id="plan_item"),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/export.<file_format>",
        obj(group_id="group", plan_id="plan", file_format="=xlsx", post=False),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/actions/add/",
        obj(group_id="group", plan_id="plan"),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/actions/<int:action_id>/",
        obj(group_id="group", plan_id="plan", action_id="action"),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/actions/<int:action_id>/remove/",
        obj(group_id="group", plan_id="plan", action_id="action"),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/reviews/add/",
        obj(group_id="group", plan_id="plan"),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/reviews/<int:year>/",
        obj(group_id="group", plan_id="plan", year="=2027"),
    ),
    (
        "groups/<int:group_id>/training-plans/<int:plan_id>/next/",
        obj(group_id="group", plan_id="plan"),
    ),
    ("groups/<int:group_id>/internal-control/", obj(group_id="group", post=False)),
    # Calls and meetings (issue 21, point 6): each country's national call.
    ("events/", listing("the events of the person's countries and groups")),
    ("events/<int:event_id>/", obj(event_id="event", post=False)),
    (
        "groups/<int:group_id>/internal-control/approved-members.xlsx",
        obj(group_id="group", post=False),
    ),
    (
        "groups/<int:group_id>/internal-control/non-conformities/<int:nc_id>/close/",
        skip("needs a non-conformity: tests/internal_control refuses another country's (404)"),
    ),
    ("feedback/adapted/<int:page_id>/", obj(page_id="piloted")),
    # --- Monitoring -----------------------------------------------------------------------
    ("dashboard/", listing(forged=(f"country={{country}}&{YEAR}", f"group={{group}}&{YEAR}"))),
    (
        "dashboard/^tables/(?P<key>[a-z-]+)\\.(?P<file_format>csv|xlsx)$",
        listing(
            path=f"dashboard/tables/all.xlsx?{YEAR}",
            forged=(f"country={{country}}&{YEAR}", f"group={{group}}&{YEAR}"),
        ),
    ),
    (
        "dashboard/exports/",
        listing(
            "starts the asker's own export",
            post=True,
            forged=(
                f"country={{country}}&{YEAR}&file_format=csv",
                f"group={{group}}&{YEAR}&file_format=csv",
            ),
        ),
    ),
    ("dashboard/exports/<int:export_id>/", obj(export_id="export", post=False)),
    ("dashboard/exports/<int:export_id>/status/", obj(export_id="export", post=False)),
    ("dashboard/exports/<int:export_id>/download/", obj(export_id="export", post=False)),
    ("dashboard/reports/", listing(post=True, forged=("year=2026&scope={country}",))),
    (
        "dashboard/^reports/(?P<report_id>[0-9]+)/(?P<kind>pdf|xlsx)$",
        obj(path="dashboard/reports/{report_id}/pdf", report_id="report", post=False),
    ),
    # --- The API ---------------------------------------------------------------------------
    ("api/v1/schema/", static()),
    ("api/v1/token/", skip("signs in: tests/curriculum_site/test_security.py")),
    ("api/v1/sessions/", listing("uploads the trainer's own sessions")),
    (
        "api/v1/sessions/<uuid:session_uuid>/photos/",
        obj(session_uuid="session.uuid", post=False),
    ),
    ("api/v1/sync/", listing()),
    ("api/v1/devices/", listing("the caller's own phones")),
    (
        "api/v1/devices/<int:device_id>/revoke/",
        skip("needs a phone: tests/training_delivery/test_devices.py"),
    ),
    (
        "api/v1/modules/<int:module_id>/offline/",
        skip("a module's shared content for the app: tests/training_delivery/test_field_kit*"),
    ),
    (
        "api/v1/modules/<int:module_id>/h5p/<int:activity_id>/",
        skip("a module of the caller's groups: tests/training_delivery/test_h5p_offline_api.py"),
    ),
    (
        "api/v1/modules/<int:module_id>/h5p/<int:activity_id>/libraries/<str:name>/",
        skip(
            "a library that activity plays, in a module of the caller's groups: "
            "tests/training_delivery/test_h5p_offline_api.py"
        ),
    ),
    (
        "api/v1/h5p-results/",
        skip(
            "one activity by number: tests/training_delivery/test_h5p_offline_api.py refuses others"
        ),
    ),
    ("api/v1/group-work/", listing("the groups the caller may change: phone_sync filters")),
    (
        "api/v1/group-work/assessments/",
        skip("one group by number: tests/training_delivery/test_group_work_api.py refuses others"),
    ),
    (
        "api/v1/group-work/plan-items/",
        skip("items by number: tests/training_delivery/test_group_work_api.py refuses others"),
    ),
    ("api/v1/h5p/statements/", listing("the learner's own statements")),
    ("api/v1/h5p/state/", listing("the learner's own resume state")),
    ("api/v1/scorm/commits/", listing("the learner's own SCORM progress")),
    (
        "api/v1/inspections/",
        listing("the inspector's own groups: tests/internal_control refuses another country's"),
    ),
    ("api/v1/plots/", listing("plots of the walker's own groups' farmers: tests/supply_base")),
    ("api/v1/inspections/setup/", listing("the groups the asker inspects")),
    (
        "api/v1/inspections/<uuid:inspection_id>/photos/",
        skip("needs an inspection: tests/internal_control/test_field.py refuses another's (404)"),
    ),
    (
        "api/v1/grievances/",
        listing("the trainer's own groups: tests/consultation refuses another country's"),
    ),
    ("api/v1/^", skip("answers 404 to any other API address")),
    # --- Wagtail's admin: our own screens ---------------------------------------------------
    (
        "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/",
        listing(
            path="admin/localize/api/snippets/training_delivery/farmer/",
            forged=tuple(f"/admin/localize/api/snippets/{model}/" for model in COUNTRY_MODELS),
        ),
    ),
    (
        "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
        obj(
            path="admin/localize/api/snippets/training_delivery/farmer/{pk}/",
            pk="farmer",
            post=False,
            forged=tuple(
                f"/admin/localize/api/snippets/{model}/{{{key}}}/"
                for model, key in COUNTRY_MODELS.items()
            ),
        ),
    ),
    (
        "admin/internal-control/readiness/",
        listing("the groups the person may see (tests/internal_control/test_links.py)"),
    ),
    ("admin/internal-control/*", skip(SHARED)),
    ("admin/walk-ins/", listing("the platform's own countries' walk-in farmers")),
    ("admin/walk-ins/*", skip("needs a walk-in farmer: tests/training_delivery/test_walk_ins.py")),
    ("admin/farmers/<int:pk>/export/", obj(pk="farmer", post=False)),
    ("admin/farmers/<int:pk>/erase/", obj(pk="farmer")),
    ("admin/farmers/<int:pk>/withdraw-consent/", obj(pk="farmer")),
    ("admin/sessions/<int:pk>/correct/", obj(pk="session")),
    ("admin/sessions/photos/<uuid:photo_uuid>/", obj(photo_uuid="photo.uuid", post=False)),
    ("admin/producer-groups/import/", listing("imports into the asker's own countries")),
    (
        "admin/producer-groups/import/template.<slug:file_format>",
        static("an empty template", path="admin/producer-groups/import/template.xlsx"),
    ),
    ("admin/people/", listing()),
    ("admin/people/register/", listing()),
    ("admin/people/add/", listing()),
    ("admin/people/<int:registration_id>/remove/", obj(registration_id="registration")),
    ("admin/rosters/import/", listing("imports into the asker's own groups")),
    (
        "admin/rosters/import/template.<slug:file_format>",
        static("an empty template", path="admin/rosters/import/template.xlsx"),
    ),
    # --- The RSS supply base (issue 20) ---
    ("admin/supply-base/volumes/import/", listing("imports into the asker's own scopes")),
    (
        "admin/supply-base/volumes/template.<slug:file_format>",
        static("an empty template", path="admin/supply-base/volumes/template.xlsx"),
    ),
    ("admin/supply-base/plots/import/", listing("imports into the asker's own groups")),
    ("admin/supply-base/forest-loss/upload/", listing("uploads for the asker's own countries")),
    ("admin/supply-base/scopes/<int:scope_id>/eudr.geojson", obj(scope_id="scope", post=False)),
    ("admin/sessions/import/", listing("imports into the asker's own groups")),
    ("admin/sessions/import/template.xlsx", listing()),
    ("admin/modules/<int:page_id>/adapt/", skip("adapts a generic module: shared content")),
    ("admin/adaptations/<int:adaptation_id>/upstream/", obj(adaptation_id="adaptation")),
    ("admin/reports/*", listing()),
    # --- Wagtail's admin: pages ---------------------------------------------------------------
    ("admin/pages/", listing()),
    ("admin/pages/<int:parent_page_id>/", obj(parent_page_id="adaptation", post=False)),
    ("admin/pages/<int:parent_page_id>/results/", obj(parent_page_id="curriculum", post=False)),
    ("admin/pages/search/", listing(path="admin/pages/search/?q=zq")),
    ("admin/pages/search/results/", listing(path="admin/pages/search/results/?q=zq")),
    (
        "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
        "<int:parent_page_id>/",
        obj(
            path="admin/pages/add/adaptation/adaptedmodulepage/{parent_page_id}/",
            parent_page_id="curriculum",
        ),
    ),
    (
        "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
        "<int:parent_page_id>/preview/",
        obj(
            path="admin/pages/add/adaptation/adaptedmodulepage/{parent_page_id}/preview/",
            parent_page_id="curriculum",
        ),
    ),
    (
        "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/",
        listing(path="admin/pages/usage/adaptation/adaptedmodulepage/"),
    ),
    (
        "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/",
        listing(path="admin/pages/usage/adaptation/adaptedmodulepage/results/"),
    ),
    (
        "admin/pages/create/<slug:app_label>/<slug:model_name>",
        listing(path="admin/pages/create/adaptation/adaptedmodulepage"),
    ),
    ("admin/pages/<int:parent_page_id>/add_subpage/", obj(parent_page_id="curriculum")),
    (
        "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/",
        obj(page_to_move_id="adaptation", destination_id="curriculum"),
    ),
    ("admin/pages/<int:page_to_move_id>/*", obj(page_to_move_id="adaptation")),
    (
        "admin/pages/<int:page_id>/revisions/<int:revision_id>/*",
        obj(page_id="adaptation", revision_id="revision"),
    ),
    (
        "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)"
        "\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$",
        obj(path="admin/pages/{pk}/revisions/compare/earliest...latest/", pk="adaptation"),
    ),
    (
        "admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/",
        skip("no page of the world is in a workflow"),
    ),
    ("admin/pages/workflow/*", skip("no page of the world is in a workflow")),
    ("admin/pages/<int:page_id>/*", obj(page_id="adaptation")),
    ("admin/choose-page/", listing()),
    ("admin/choose-page/<int:parent_page_id>/", obj(parent_page_id="curriculum", post=False)),
    ("admin/choose-page/search/", listing(path="admin/choose-page/search/?q=zq")),
    (
        "admin/choose-page/chosen-multiple/",
        obj(path="admin/choose-page/chosen-multiple/?id={id}", id="adaptation", post=False),
    ),
    ("admin/choose-*", skip(SHARED)),
    ("admin/api/main/^pages/", listing(path="admin/api/main/pages/?search=zq")),
    ("admin/api/main/^pages/<int:pk>/", obj(pk="adaptation", post=False)),
    (
        "admin/api/main/^pages/find/",
        obj(path="admin/api/main/pages/find/?id={id}", id="adaptation"),
    ),
    ("admin/api/main/^pages/<int:pk>/action/<str:action_name>/", skip("POST only, page actions")),
    ("admin/api/main/^documents/<int:pk>/", skip(SHARED)),
    ("admin/api/main/^images/<int:pk>/", skip(SHARED)),
    ("admin/api/main/*", listing()),
    (
        "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/",
        obj(
            path="admin/bulk/organisation_levels/producergroup/delete/?id={id}",
            id="group",
            forged=tuple(
                f"/admin/bulk/{model}/delete/?id={{{key}}}" for model, key in COUNTRY_MODELS.items()
            ),
        ),
    ),
    # --- Wagtail's admin: translation ---------------------------------------------------------
    ("admin/localize/submit/page/<int:page_id>/", obj(page_id="adaptation")),
    (
        "admin/localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
        obj(
            path="admin/localize/submit/snippet/organisation_levels/producergroup/{pk}/",
            pk="group",
        ),
    ),
    (
        "admin/localize/update/<int:translation_source_id>/",
        obj(translation_source_id="translation_source"),
    ),
    (
        "admin/localize/translate/<int:translation_id>/pofile/download/",
        obj(translation_id="translation", post=False),
    ),
    (
        "admin/localize/translate/<int:translation_id>/preview/<str:mode>/",
        obj(translation_id="translation", mode="=", post=False),
    ),
    (
        "admin/localize/translate/<int:translation_id>/strings/*",
        skip("needs a segment of the translation: covered by the translation's own views"),
    ),
    (
        "admin/localize/translate/<int:translation_id>/overrides/*",
        skip("needs a segment of the translation: covered by the translation's own views"),
    ),
    ("admin/localize/translate/<int:translation_id>/*", obj(translation_id="translation")),
    ("admin/localize/page/<int:page_id>/convert_to_alias/", obj(page_id="adaptation")),
    ("admin/localize/reports/*", listing()),
    ("admin/localize/jsi18n/", static()),
    # --- Wagtail's admin: snippets, listed per model ---------------------------------------
    *_snippet_rules(),
    # --- Wagtail's admin: everything else -------------------------------------------------------
    ("admin/", listing("the dashboard")),
    ("admin/login/", static()),
    ("admin/logout/", skip("would end the session the matrix is signed in with")),
    ("admin/password_reset/confirm/*", skip("needs a reset token sent by e-mail")),
    ("admin/password_reset/*", static()),
    ("admin/test404/", skip("Wagtail's 404 test page")),
    ("admin/failwhale/", skip("Wagtail's 500 test page")),
    ("admin/^.*/$", skip("Wagtail's catch-all 404")),
    ("admin/sprite/", static()),
    ("admin/jsi18n/", static()),
    ("admin/account/", listing("the person's own account")),
    ("admin/dismissibles/", listing("the person's own dismissed hints")),
    ("admin/editing-sessions/*", skip("needs an editing session of the asker's own")),
    ("admin/block-preview/", skip(SHARED)),
    ("admin/tag-autocomplete/*", skip(SHARED)),
    ("admin/collections/*", skip(SHARED)),
    ("admin/workflows/*", skip(SHARED)),
    ("admin/redirects/*", skip(SHARED)),
    ("admin/settings/*", skip(SHARED)),
    ("admin/embeds/*", skip(SHARED)),
    ("admin/documents/*", skip(SHARED)),
    ("admin/images/*", skip(SHARED)),
    ("admin/training_modules/*", skip(SHARED)),
    ("admin/locales/*", skip(SHARED)),
    ("admin/sites/*", skip(SHARED)),
    ("admin/users/", listing()),
    ("admin/users/*", skip("accounts: the committee's and superusers' screens")),
    ("admin/groups/*", skip("roles: the superusers' screens")),
]


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str
    view: str


def _view_name(callback) -> str:
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    return f"{view.__module__}.{getattr(view, '__qualname__', repr(view))}"


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield Pattern(prefix + str(pattern.pattern), name, _view_name(pattern.callback))


def url_patterns() -> list[Pattern]:
    """Every pattern of the URL configuration, the first of each route only (the others
    are never reached: ours come before Wagtail's under the same route)."""
    seen, found = set(), []
    for pattern in _walk(get_resolver().url_patterns):
        if pattern.route not in seen:
            seen.add(pattern.route)
            found.append(pattern)
    return found


def misclassified(route: str, spec: Spec) -> str | None:
    """Why `spec` cannot be requested for `route`, if it cannot."""
    has_arguments = bool(re.search(r"<|\(\?P", route))
    if spec.kind in (PUBLIC, STATIC, LISTING) and has_arguments and spec.path is None:
        return "takes arguments: give the rule a `path`, or make it an object"
    if spec.kind == OBJECT and not spec.args:
        return "an object rule names no argument"
    return None


def spec_for(route: str) -> Spec | None:
    for rule, spec in RULES:
        if rule == route or (rule.endswith("*") and route.startswith(rule[:-1])):
            return spec
    return None


_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")


def address(pattern: Pattern, spec: Spec, values: dict) -> str:
    """The address to request for `pattern`, its arguments filled with `values`."""
    if spec.path is not None:
        path = spec.path.format(**values)
    else:
        path = _ARGUMENT.sub(lambda match: str(values[match.group(1)]), pattern.route)
    return "/" + path.replace("^", "").replace("$", "")


def argument_values(spec: Spec, country) -> dict:
    """Each URL argument of `spec` filled from a CountryWorld's objects."""
    values = {}
    for argument, key in spec.args.items():
        if key.startswith("="):
            values[argument] = key[1:]
            continue
        name, _dot, attribute = key.partition(".")
        value = country.country if name == "country" else country[name]
        if attribute:
            value = getattr(value, attribute)
        values[argument] = value.pk if isinstance(value, Model) else value
    return values

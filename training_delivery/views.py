"""The trainer app (issue 7, point 3; decision 0015): its shell, manifest and service worker.

The app runs in the browser (static/training_delivery/js/); these views serve what it
is made of, in the visitor's language (/trainer/, /fr/trainer/, …). None needs a
signed-in user: the app signs in with an API token kept on the device, and the shell
holds nothing personal, so the service worker may keep it for offline use.

The apps on the floors above add their screens and settings through one Wagtail hook,
`TRAINER_APP_CONFIG` (what its functions return is written there). It is the way every
lower floor shows what the floors above add (curriculum_site/page_hooks.py, decision
0017), so it replaced a second way, a registry filled from `AppConfig.ready`: one
mechanism to learn, no module state.
"""

import functools
import hashlib
import json
import uuid

from csp.constants import NONCE, NONE, SELF
from csp.decorators import csp
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from wagtail import hooks

from organisation_levels.evidence import MAX_FILES_PER_UPLOAD
from organisation_levels.models import ImprovementItem
from organisation_levels.phone_sync import ITEM_FIELDS
from training_delivery.api import MAX_SESSIONS_PER_UPLOAD
from training_delivery.models import AGE_BANDS, UNKNOWN_AGE, Gender, SessionMethod, SessionPhoto
from training_delivery.serializers import (
    MAX_ATTENDANCE,
    MAX_MODULES,
    HeadCountSerializer,
    ModuleCoveredSerializer,
    SessionUploadSerializer,
)
from training_delivery.services import MAX_PHOTO_BYTES, MAX_PHOTOS_PER_SESSION

STATIC_PREFIX = "training_delivery/"
# The app's own files. The first is the page's entry module; the others it imports by
# relative address, which the manifest storage of production does not rewrite to hashed
# names, so they are requested (and precached) under their plain names too.
APP_SCRIPT = "training_delivery/js/app.js"
APP_MODULES = [
    "training_delivery/js/api.js",
    "training_delivery/js/data.js",
    "training_delivery/js/db.js",
    "training_delivery/js/form.js",
    "training_delivery/js/group-work.js",
    "training_delivery/js/inspections.js",
    "training_delivery/js/inspections-data.js",
    "training_delivery/js/modules.js",
    "training_delivery/js/photos.js",
    "training_delivery/js/sync.js",
    "training_delivery/js/util.js",
    "training_delivery/js/validate.js",
]
H5P_COMMON_SCRIPT = "js/h5p-common.js"
# Modules the app imports only when needed (walking a plot, the grievance screen, playing
# H5P offline): precached for offline use, but not part of the first load.
APP_LAZY_MODULES = [
    "training_delivery/js/plots.js",
    "training_delivery/js/grievances.js",
    "training_delivery/js/h5p-offline.js",
    # What both H5P players share (h5p's static files, the floor below, decision 0033):
    # imported by js/h5p-offline.js by relative address, loaded by the player host.
    H5P_COMMON_SCRIPT,
]
APP_FILES = [
    "training_delivery/app.css",
    # The H5P player host's script (h5p_player_host below): kept offline, loaded only there.
    "training_delivery/js/h5p-host.js",
    "training_delivery/icons/icon.svg",
    "training_delivery/icons/icon-192.png",
    "training_delivery/icons/icon-512.png",
]
# Thai and Burmese letters need the site's own fonts (decision 0010); the app in those
# languages keeps them offline. The other languages draw none and fetch none.
SCRIPT_FONTS = {
    "th": [
        "fonts/noto-sans-thai/files/noto-sans-thai-thai-400-normal.woff2",
        "fonts/noto-sans-thai/files/noto-sans-thai-thai-700-normal.woff2",
    ],
    "my": [
        "fonts/noto-sans-myanmar/files/noto-sans-myanmar-myanmar-400-normal.woff2",
        "fonts/noto-sans-myanmar/files/noto-sans-myanmar-myanmar-700-normal.woff2",
    ],
}
# The limits of internal_control's inspection API (a floor above: not importable here).
INSPECTION_LIMITS = {"batch": 50, "photos": 10, "finding_note": 2000, "notes": 5000}
SERVICE_WORKER_TEMPLATE = "training_delivery/app/sw.js"
# What the apps on the floors above add to the trainer app (issue 20): the supply base's
# plot walking, the consultation's grievance screen. The app is this app's, but some
# records made in the field belong to apps above it, which this app may not import
# (decision 0017). Each such app registers, in its wagtail_hooks.py, a function under this
# name, called with `language` (active) at each request of the shell, returning a dict:
#   "api": {name: address}, "messages": {key: sentence}: merged into the app's own;
#   "screen": {"key", "label", "template"}: a screen of its own in the shell, the template
#     one <section id="screen-<key>" hidden> and the label its home screen button's (to
#     #<key>); its script reads its settings under "extensions": {<key>: {…}};
#   any other key: a key of the configuration, merged into it when both are dicts.
# One mechanism, not two: this hook (the Wagtail hooks every lower floor uses for what the
# floors above add, curriculum_site/page_hooks.py) replaced a registry filled from
# AppConfig.ready, which kept module state and did the same with more code.
TRAINER_APP_CONFIG = "trainer_app_config"
UPLOAD_BATCH = 50
# Stands for the session's UUID in the photo upload address the app fills in.
_UUID_SLOT = uuid.UUID(int=0)


def app_shell(request):
    """The app's one page; the browser script draws every screen in it."""
    language = translation.get_language()
    added, screens = _app_additions(language)
    response = render(
        request,
        "training_delivery/app/shell.html",
        {
            "app_config": _app_config(language, added),
            "app_script": static(APP_SCRIPT),
            "manifest_url": reverse("trainer:manifest"),
            "methods": SessionMethod.choices,
            "languages_offered": settings.LANGUAGES,
            # Screens of the apps above this one (TRAINER_APP_CONFIG).
            "app_extensions": screens,
        },
    )
    # The service worker refreshes the shell from the network first; a proxy or the
    # browser's own cache must not hand it an old copy instead.
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request):
    """The web app manifest that makes the app installable, in the visitor's language."""
    scope = reverse("trainer:app")
    return JsonResponse(
        {
            "name": _("Backpack for trainers"),
            "short_name": _("Backpack"),
            "description": _(
                "Record training sessions in the field, with or without a connection."
            ),
            "lang": translation.get_language(),
            "start_url": scope,
            "scope": scope,
            "id": scope,
            "display": "standalone",
            "orientation": "portrait",
            "background_color": "#ffffff",
            "theme_color": "#1f6b3a",
            "icons": [
                {
                    "src": static(f"{STATIC_PREFIX}icons/icon.svg"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                },
                {
                    "src": static(f"{STATIC_PREFIX}icons/icon-192.png"),
                    "sizes": "192x192",
                    "type": "image/png",
                },
                {
                    "src": static(f"{STATIC_PREFIX}icons/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                },
                {
                    "src": static(f"{STATIC_PREFIX}icons/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


def service_worker(request):
    """The service worker of the app in the visitor's language; its scope is the app's
    address in that language, so each language's app keeps its own shell."""
    language = translation.get_language()
    scope = reverse("trainer:app")
    precache = _precache_urls(language)
    response = render(
        request,
        SERVICE_WORKER_TEMPLATE,
        {
            # Addresses and a hex fingerprint only: nothing a visitor can put in.
            "worker_config_json": json.dumps(
                {
                    "version": _files_version(tuple(_static_names(language))),
                    "language": language,
                    "shell": scope,
                    "precache": precache,
                    "staticPrefix": settings.STATIC_URL,
                }
            )
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = scope
    # Browsers look for a new worker on each visit; no cache may answer for the server.
    response["Cache-Control"] = "no-cache"
    return response


# The H5P player host's policy (decision 0033-h5p-offline). The hub's content types
# (Multiple Choice, Question Set, Course Presentation…) compile their templates with
# eval / new Function, so this page, and the sandboxed srcdoc frame it builds (which
# inherits this policy), allow 'unsafe-eval'; the app's own page never does. Everything
# else is shut: scripts by this response's nonce only (not even 'self', so the package
# cannot pull in any other script of the site), no connection anywhere (the package
# reads only the files the app posts), no forms, no base, and only the app may frame it.
H5P_PLAYER_POLICY = {
    "default-src": [NONE],
    "script-src": [NONCE, "'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:", "data:"],
    "media-src": ["blob:"],
    "font-src": ["data:"],
    "connect-src": [NONE],
    "worker-src": [NONE],
    "object-src": [NONE],
    "form-action": [NONE],
    "base-uri": [NONE],
    "frame-ancestors": [SELF],
}


@xframe_options_sameorigin
@csp(H5P_PLAYER_POLICY)
def h5p_player_host(request):
    """The page in which the app plays H5P offline (decision 0033-h5p-offline).

    Same origin as the app, so its worker keeps it (precached with the shell) and serves
    it offline; it holds no one's data and reads none: it builds the sandboxed frame
    (scripts only, opaque origin, so the package reaches neither the app's storage nor
    its token) and passes messages between it and the app (js/h5p-host.js)."""
    response = render(
        request,
        "training_delivery/app/h5p_player.html",
        {
            "host_script": static("training_delivery/js/h5p-host.js"),
            "common_script": static(H5P_COMMON_SCRIPT),
        },
    )
    # Like the shell: network first in the worker, never an old copy from a proxy.
    response["Cache-Control"] = "no-cache"
    return response


def _static_names(language: str) -> list[str]:
    return [
        APP_SCRIPT,
        *APP_MODULES,
        *APP_LAZY_MODULES,
        *APP_FILES,
        *SCRIPT_FONTS.get(language, []),
    ]


def _precache_urls(language: str) -> list[str]:
    urls = [reverse("trainer:app"), reverse("trainer:manifest"), reverse("trainer:h5p_player")]
    for name in _static_names(language):
        urls.append(static(name))
        if name in APP_MODULES or name in APP_LAZY_MODULES:
            urls.append(settings.STATIC_URL + name)
    return list(dict.fromkeys(urls))


@functools.lru_cache(maxsize=16)
def _files_version(names: tuple[str, ...]) -> str:
    """A fingerprint of the app's files and the worker's own code: a deployment that
    changes either gives the worker new cache names, and it drops the old caches. Read
    once per process; the files change only with a deployment."""
    digest = hashlib.sha256()
    paths = [finders.find(name) for name in names]
    paths.append(get_template(SERVICE_WORKER_TEMPLATE).origin.name)
    for path in paths:
        if path:
            with open(path, "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()[:12]


def _app_additions(language: str) -> tuple[dict, list[dict]]:
    """What the apps above add (TRAINER_APP_CONFIG): their part of the configuration, and
    the screens they put in the shell."""
    added, screens = {}, []
    for contribute in hooks.get_hooks(TRAINER_APP_CONFIG):
        part = dict(contribute(language=language))
        if "screen" in part:
            screens.append(part.pop("screen"))
        _merge(added, part)
    return added, screens


def _merge(config: dict, added: dict) -> None:
    # One level deep: two apps' "api", "messages" or "extensions" both stay.
    for key, value in added.items():
        if isinstance(value, dict) and isinstance(config.get(key), dict):
            config[key].update(value)
        else:
            config[key] = value


def _app_config(language: str, added: dict) -> dict:
    """What the browser script needs to know: addresses, choices, limits and messages,
    with what the apps above add (`_app_additions`)."""
    session_fields = SessionUploadSerializer().fields
    config = {
        "language": language,
        "scope": reverse("trainer:app"),
        "serviceWorker": reverse("trainer:service_worker"),
        # Where H5P activities play offline (decision 0033-h5p-offline).
        "h5pPlayer": reverse("trainer:h5p_player"),
        # The app in every language, so the languages of the trainer's country are kept
        # offline after one sign-in (decision 0023).
        "appScopes": _app_scopes(),
        "api": {
            "token": reverse("api_token"),
            "sync": reverse("api_sync_download"),
            "sessions": reverse("api_sessions_upload"),
            "moduleOffline": reverse("api_module_offline", args=[999999]).replace("999999", "{id}"),
            "photos": reverse("api_session_photos", args=[_UUID_SLOT]).replace(
                str(_UUID_SLOT), "{uuid}"
            ),
            # H5P activities played offline (decision 0033-h5p-offline).
            "h5pOffline": reverse("api_h5p_offline", args=[999998, 999999])
            .replace("999998", "{module}")
            .replace("999999", "{id}"),
            "h5pLibrary": reverse("api_h5p_offline_library", args=[999998, 999999, "LIBRARY"])
            .replace("999998", "{module}")
            .replace("999999", "{id}")
            .replace("LIBRARY", "{name}"),
            "h5pResults": reverse("api_h5p_results"),
            "groupWork": reverse("api_group_work"),
            "groupWorkAssessments": reverse("api_group_work_assessments"),
            "groupWorkItems": reverse("api_group_work_plan_items"),
            # Internal inspections (issue 21, point 3), served by internal_control, a floor
            # above: named here by their URL names only.
            "inspections": reverse("api_inspections_upload"),
            "inspectionSetup": reverse("api_inspections_setup"),
            "inspectionPhotos": reverse("api_inspection_photos", args=[_UUID_SLOT]).replace(
                str(_UUID_SLOT), "{uuid}"
            ),
        },
        "groupWork": _group_work_config(),
        "methods": [[value, str(label)] for value, label in SessionMethod.choices],
        "languages": [[code, name] for code, name in settings.LANGUAGES],
        "genders": {value: str(label) for value, label in Gender.choices},
        # A farmer without consent comes without a name: shown by gender and age band.
        "ageBands": {
            **{key: str(label) for key, label, _low, _high in AGE_BANDS},
            UNKNOWN_AGE: _("Birth year not known"),
        },
        # The server's own limits, so the app refuses what the server would refuse.
        "limits": {
            "modules": MAX_MODULES,
            "attendance": MAX_ATTENDANCE,
            "photos": MAX_PHOTOS_PER_SESSION,
            "photoBytes": MAX_PHOTO_BYTES,
            # Small uploads on a poor connection: a dropped one costs little to resend.
            "uploadBatch": min(MAX_SESSIONS_PER_UPLOAD, UPLOAD_BATCH),
            "place": session_fields["place"].max_length,
            "notes": session_fields["notes"].max_length,
            "feedback": ModuleCoveredSerializer().fields["feedback"].max_length,
            "count": HeadCountSerializer().fields["women"].max_value,
            "caption": SessionPhoto._meta.get_field("caption").max_length,
            # internal_control's API limits (api.py, field.py), which this floor may not
            # import: tests/internal_control/test_field.py checks they agree.
            "inspectionBatch": INSPECTION_LIMITS["batch"],
            "inspectionPhotos": INSPECTION_LIMITS["photos"],
            "findingNote": INSPECTION_LIMITS["finding_note"],
            "inspectionNotes": INSPECTION_LIMITS["notes"],
        },
        "messages": {**_app_messages(), **_inspection_messages()},
        # Each screen's settings under its key (TRAINER_APP_CONFIG's "screen").
        "extensions": {},
    }
    _merge(config, added)
    return config


def _group_work_config() -> dict:
    """The choices and labels of the group-work screens (issue 18, point 2), the model's
    own, so the app says what the site says."""
    fields = {name: ImprovementItem._meta.get_field(name) for name in ITEM_FIELDS}
    return {
        "stages": [[value, str(label)] for value, label in ImprovementItem.Stage.choices],
        # "Carried over" is set only by closing a cycle, never chosen.
        "statuses": [
            [value, str(label)]
            for value, label in ImprovementItem.Status.choices
            if value != ImprovementItem.Status.CARRIED_OVER
        ],
        "labels": {name: str(capfirst(field.verbose_name)) for name, field in fields.items()},
        "maxFiles": MAX_FILES_PER_UPLOAD,
    }


def _app_scopes() -> dict[str, str]:
    scopes = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            scopes[code] = reverse("trainer:app")
    return scopes


def _app_messages() -> dict[str, str]:
    """The sentences the script shows, translated here so the shell carries them offline.
    Placeholders are %(name)s, as in the server's messages; the rules the server also
    checks use its very sentences, so a translator translates each once."""
    return {
        # A session's status on the phone (decision 0015).
        "statusSaved": _("Saved on this phone"),
        "statusSending": _("Sending…"),
        "statusOnServer": _("On the server"),
        "statusRefused": _("Refused: %(message)s"),
        "photosWaiting": _("Photos waiting to be sent: %(count)s"),
        "photoRefused": _("A photo was refused: %(message)s"),
        "correct": _("Correct and send again"),
        "saveAsNew": _("Save as a new session"),
        "conflictHelp": _(
            "Another session already has this identifier on the server. Save this one as a "
            "new session to send it."
        ),
        "delete": _("Delete from this phone"),
        "confirmDelete": _("Delete this session from this phone? It is not on the server."),
        "noSessions": _("No session recorded on this phone yet."),
        "attended": _("Attended: %(count)s"),
        "modulesCovered": _("Modules: %(count)s"),
        "saved": _("Saved on this phone. It is sent when there is a connection."),
        # Syncing.
        "syncNever": _("Groups and modules are not downloaded yet."),
        "syncLast": _("Last synced: %(time)s"),
        "syncRunning": _("Syncing…"),
        "syncOffline": _(
            "No connection. Everything stays on this phone and is sent when the connection returns."
        ),
        "syncRetry": _("The server could not be reached. Trying again at %(time)s."),
        "syncServerError": _("The server answered with an error (%(status)s). Trying again later."),
        "syncSignedOut": _(
            "Your sign-in has expired. Sign in again to send your sessions; nothing recorded "
            "on this phone is lost."
        ),
        "firstDownload": _("Connect to the internet once to download your groups and modules."),
        "noGroups": _(
            "You are not assigned to a producer group yet. The national platform assigns "
            "trainers to groups."
        ),
        # Signing in and out.
        "signInFailed": _("Signing in failed. Check the user name and password."),
        "signInOffline": _(
            "Signing in needs a connection. Connect once and sign in; then the app works "
            "without one."
        ),
        "signInThrottled": _("Too many tries. Wait a minute and try again."),
        "signedInAs": _("Signed in as %(username)s"),
        "unsentWarning": _(
            "Sessions or photos not on the server yet: %(count)s. Signing out deletes them "
            "from this phone."
        ),
        "nothingUnsent": _("Everything recorded on this phone is on the server."),
        "deviceRevoked": _(
            "This phone was signed out on the server, and what it kept was deleted from it. "
            "Sign in again to use it."
        ),
        # The form: the same rules as the server, with its sentences where it has one.
        "formHasErrors": _("Some answers need correcting: see the messages in red."),
        "groupRequired": _("Choose the producer group."),
        "dateRequired": _("Give the date of the session."),
        "dateFuture": _("The date is in the future."),
        "dateTooEarly": _("The date is before the year 2000."),
        "startRequired": _("Give the time the session started."),
        "endRequired": _("Give the time the session ended."),
        "endBeforeStart": _("The session must end after it starts."),
        "methodRequired": _("Choose how the session was delivered."),
        "languageRequired": _("Choose the language of the session."),
        "tooLong": _("Write at most %(limit)s characters."),
        "coordinatesBoth": _("Give both latitude and longitude, or neither."),
        "modulesRequired": _("Choose at least one module."),
        "modulesTooMany": _("A session covers at most %(limit)s modules."),
        "scoreRange": _("A score is a whole number from 0 to 100."),
        "countRange": _("A count is a whole number from 0 to %(limit)s."),
        "nobody": _("No one attended: give the attendance list or head counts."),
        "attendanceTooMany": _("A session lists at most %(limit)s farmers."),
        "photosTooMany": _("A session keeps at most %(count)s photos."),
        "photoUnreadable": _("This file could not be read as a photo."),
        "photoSent": _("Photo on the server"),
        "otherUser": _(
            "This phone keeps the data of %(username)s. Sign in as %(username)s, or sign out first."
        ),
        "cannotEdit": _("This session is on the server already: it cannot be changed here."),
        "notFound": _("This session is not on this phone."),
        "noRoster": _("This group has no roster on this phone: count the people attending."),
        "noModulesMatch": _("No module matches."),
        "moduleGeneric": _("Generic module"),
        "walkIn": _("not on the roster"),
        "storageUsed": _("Storage used on this phone: %(used)s MB of %(quota)s MB."),
        "storageFull": _(
            "This phone's storage is full: some modules could not be kept. Free some space."
        ),
        "noModulesKept": _("No module kept on this phone yet."),
        "moduleNotKept": _("This module is not on this phone yet. Sync with a connection."),
        # H5P activities played offline (js/h5p-offline.js).
        "h5pNotKept": _("This activity is not on this phone yet. Sync with a connection."),
        "h5pWaiting": _("Your answers are kept on this phone and sent when there is a connection."),
        "h5pFailed": _("This activity could not start on this phone."),
        "walkInRemove": _("Remove this farmer"),
        "walkInNameRequired": _("Give the farmer's name, or untick their agreement."),
        "walkInYear": _("Write the birth year as four digits, such as 1978."),
        "moduleAdapted": _("Adapted for %(country)s"),
        "removedFarmer": _("removed from the roster"),
        "locating": _("Finding your location…"),
        "location": _("Location: %(latitude)s, %(longitude)s"),
        "locationFailed": _("Your location could not be found. Write the place instead."),
        "ratingLabel": _("How well it worked, from 1 (poorly) to 5 (very well)"),
        "noRating": _("No rating"),
        "feedbackLabel": _("Feedback on this module (optional)"),
        "preScore": _("Score before"),
        "postScore": _("Score after"),
        "caption": _("Caption (optional)"),
        "removePhoto": _("Remove photo"),
        "newSession": _("Record a session"),
        "editSession": _("Correct the session"),
        # Group work (issue 18, point 2).
        "back": _("Back"),
        "groupWorkTitle": _("Assessments and improvement plans"),
        "assessLevel": _("Assess the level"),
        "noRubric": _("No level rubric is active yet; ask the technical committee."),
        "assessmentOf": _("Level assessment of %(date)s"),
        "planTitle": _("Improvement plan"),
        "noOpenCycle": _("This group has no open improvement cycle. Start one on the site."),
        "updateItem": _("Update this item"),
        "conflictYours": _("Your change:"),
        "conflictTheirs": _("Now on the server:"),
        "keepMine": _("Keep my change"),
        "keepTheirs": _("Keep theirs"),
        "answerEvery": _("Answer every question: %(count)s still without an answer."),
        "notesForAssessor": _("Notes for the assessor"),
        "addPhoto": _("Take or add a photo"),
        "photoKept": _("Photo %(count)s ready"),
        "saveOnPhone": _("Save on this phone"),
        "required": _("This field is required."),
        "confirmDeleteAssessment": _(
            "Delete this assessment from this phone? It is not on the server."
        ),
    }


def _inspection_messages() -> dict[str, str]:
    """The sentences of internal inspections on the phone (issue 21, point 3)."""
    return {
        "inspectionSaved": _(
            "Inspection saved on this phone. It is sent when there is a connection."
        ),
        "choose": _("Choose…"),
        "groupItself": _("The group itself"),
        "memberRequired": _("Choose the member inspected, or the group itself."),
        "resultMet": _("Met"),
        "resultNotMet": _("Not met"),
        "resultNotApplicable": _("Not applicable"),
        "findingNote": _("What was seen · %(code)s"),
        "resultRequired": _("Choose met, not met or not applicable."),
        "noControlPoints": _(
            "No control point applies to this inspection: the group's certifications have no "
            "active requirements for it."
        ),
        "ackNameRequired": _("Write who acknowledged the findings."),
        "inspectionPhotosTooMany": _("An inspection keeps at most %(count)s photos."),
        "nonConformitiesOpened": _("Non-conformities opened: %(count)s (%(codes)s)"),
        "noNonConformity": _("No non-conformity opened."),
        "findingsCount": _("Findings: %(count)s"),
        "noInspections": _("No inspection recorded on this phone yet."),
        "confirmDeleteInspection": _(
            "Delete this inspection from this phone? The server did not keep it."
        ),
    }

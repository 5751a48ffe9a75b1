"""The sync API of the trainer app (issue 7, point 4; decision 0012).

Thin views: the rules are in services.py (upload) and sync_download.py (download).
"""

import uuid

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from curriculum_site.api_schema import SIGNED_VALUE_PATTERN, error_responses
from training_delivery.devices import device_name_from, device_revoke, idle_limit
from training_delivery.models import DeviceToken
from training_delivery.module_offline import module_for_offline, module_offline
from training_delivery.serializers import SessionBatchSerializer, SessionUploadSerializer
from training_delivery.services import (
    ACCEPTED,
    ALREADY_KNOWN,
    REFUSED,
    PhotoRefused,
    session_photo_add,
    sessions_sync,
)
from training_delivery.sync_download import SyncCursorError, sync_changes

# 500 sessions of 20 farmers is about 1 MB of JSON: the limits leave room for a
# trainer who stayed offline for months, and stop a body that would exhaust memory.
MAX_SESSIONS_PER_UPLOAD = 1000
MAX_UPLOAD_BYTES = 8 * 1024 * 1024


class SessionResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The session's position in the upload, from 0.")
    uuid = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=[ACCEPTED, ALREADY_KNOWN, REFUSED])
    code = serializers.IntegerField(
        help_text="201 accepted, 200 already known, 400/403/409 refused."
    )
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    message = serializers.CharField()


class SyncGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    country_id = serializers.IntegerField()
    region = serializers.CharField(allow_blank=True)
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="The languages the group's country uses."
    )
    level = serializers.IntegerField(
        allow_null=True, help_text="The group's level: its last confirmed, else the lowest."
    )
    path = serializers.ListField(
        child=serializers.UUIDField(),
        help_text="Translation keys of the modules for that level: the app keeps these offline.",
    )


class SyncFarmerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = serializers.IntegerField()
    member_code = serializers.CharField()
    name = serializers.CharField(
        allow_blank=True,
        help_text="Empty when the farmer has not consented: show the gender and age band.",
    )
    consent = serializers.BooleanField(help_text="The farmer consents to their name being used.")
    gender = serializers.CharField()
    age_band = serializers.CharField(help_text="under-25, 25-34, 35-44, 45-54, 55-plus or unknown.")
    birth_year = serializers.IntegerField(allow_null=True, help_text="Null without consent.")
    removed = serializers.BooleanField(help_text="Left the group: no longer offered for sessions.")


class SyncModuleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["generic", "adapted"])
    code = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    duration_minutes = serializers.IntegerField(allow_null=True)
    language = serializers.CharField()
    translation_key = serializers.UUIDField(help_text="Shared by a module's translations.")
    country = serializers.IntegerField(
        allow_null=True, help_text="The country of an adapted module's curriculum."
    )
    country_name = serializers.CharField(allow_blank=True)
    adapts = serializers.UUIDField(
        allow_null=True,
        help_text="An adaptation: the translation key of the generic module it adapts.",
    )
    url = serializers.CharField(allow_null=True)
    version = serializers.CharField(
        allow_blank=True, help_text="When it was last published: fetch its content again."
    )


class SyncChangesSerializer(serializers.Serializer):
    """What changed for the trainer since the cursor (everything without one)."""

    cursor = serializers.CharField(help_text="Send it with the next download.")
    full = serializers.BooleanField(help_text="True when everything was sent (no cursor).")
    groups = SyncGroupSerializer(many=True)
    farmers = SyncFarmerSerializer(many=True)
    modules = SyncModuleSerializer(many=True)
    farmer_ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every farmer of these groups: drop others."
    )
    module_ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every usable module: drop others."
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="This phone's own token: keep it, it is shown once.")
    device = serializers.IntegerField(help_text="The id of this phone's token.")


class DeviceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True, help_text="The last sync.")
    revoked_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(help_text="Unless used again before.")
    current = serializers.BooleanField(help_text="The phone asking.")


class SessionUploadView(APIView):
    """Upload sessions recorded on a device; each gets its own result."""

    # JSON only: a form or multipart body would reach the checks as strings (photos have
    # their own endpoint), so it is refused with 415 before anything is read.
    parser_classes = [JSONParser]

    @extend_schema(
        request=inline_serializer(
            "SessionBatch",
            {
                "sessions": serializers.ListField(
                    child=SessionUploadSerializer(),
                    min_length=1,
                    max_length=MAX_SESSIONS_PER_UPLOAD,
                )
            },
        ),
        responses={
            200: inline_serializer(
                "SessionBatchResult",
                {
                    "accepted": serializers.IntegerField(),
                    "already_known": serializers.IntegerField(),
                    "refused": serializers.IntegerField(),
                    "results": SessionResultSerializer(many=True),
                },
            ),
            **error_responses(400, 401, 403, 413, 415),
        },
    )
    def post(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return Response(
                {"detail": _("The Content-Length header is not a number.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if length > MAX_UPLOAD_BYTES:
            return _too_large(
                _("The upload is larger than 8 MB. Send the sessions in several smaller uploads.")
            )
        try:
            body = SessionBatchSerializer(data=request.data)
        except ParseError:
            return Response(
                {"detail": _("The body is not valid JSON.")}, status=status.HTTP_400_BAD_REQUEST
            )
        except UnsupportedMediaType:
            return Response(
                {
                    "detail": _(
                        "Send the sessions as JSON (Content-Type: application/json); photos "
                        "go to /api/v1/sessions/<uuid>/photos/ once their session is stored."
                    )
                },
                status=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            )
        if not isinstance(request.data, dict) or not body.is_valid():
            return Response(
                {
                    "detail": _(
                        'Send a JSON object with a non-empty list of sessions: {"sessions": [...]}.'
                    )
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        sessions = body.validated_data["sessions"]
        if len(sessions) > MAX_SESSIONS_PER_UPLOAD:
            return _too_large(
                _(
                    "An upload holds at most %(limit)s sessions; this one has %(count)s. "
                    "Send them in several uploads."
                )
                % {"limit": MAX_SESSIONS_PER_UPLOAD, "count": len(sessions)}
            )
        results = sessions_sync(user=request.user, sessions=sessions)
        counts = {name: 0 for name in (ACCEPTED, ALREADY_KNOWN, REFUSED)}
        for result in results:
            counts[result.status] += 1
        return Response(
            {
                **counts,
                "results": [
                    {
                        "index": result.index,
                        "uuid": result.uuid,
                        "status": result.status,
                        "code": result.code,
                        "errors": result.errors,
                        "message": result.message,
                    }
                    for result in results
                ],
            }
        )


def _too_large(message) -> Response:
    return Response({"detail": message}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)


class SyncDownloadView(APIView):
    """What the trainer app keeps offline: groups, rosters and modules changed since a cursor."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "cursor",
                str,
                pattern=SIGNED_VALUE_PATTERN,
                description=(
                    "The cursor of the previous download, as given; leave out for everything. "
                    "A cursor this server did not give to this person is refused (400)."
                ),
            )
        ],
        responses={200: SyncChangesSerializer, **error_responses(400, 401, 403)},
    )
    def get(self, request):
        try:
            changes = sync_changes(user=request.user, cursor=request.query_params.get("cursor"))
        except SyncCursorError as error:
            return Response({"cursor": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(changes)


@extend_schema(responses={200: TokenSerializer, **error_responses(400, 415, 429)})
class TokenView(ObtainAuthToken):
    """Exchange a user name and password for the token the trainer app keeps on the device."""

    # Guessing passwords through the API is slowed to a few tries a minute per address.
    throttle_classes = [ScopedRateThrottle]
    # The password is the credential: a site session cookie sent along must not make the
    # request need a CSRF token (session authentication would).
    authentication_classes = []
    throttle_scope = "token"

    def get_serializer_context(self):
        # django-axes marks a locked-out sign-in on the request `authenticate()` is given,
        # and its middleware reads the mark back from Django's request, not DRF's wrapper.
        return {**super().get_serializer_context(), "request": self.request._request}

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Each sign-in is one phone with its own token (decision 0023): revoking a lost
        # phone leaves the trainer's other phones signed in.
        device, key = DeviceToken.issue(
            user=serializer.validated_data["user"], name=device_name_from(request)
        )
        return Response({"token": key, "device": device.pk})


def _device_row(device, *, current) -> dict:
    return {
        "id": device.pk,
        "name": device.name,
        "created_at": device.created_at,
        "last_used_at": device.last_used_at,
        "revoked_at": device.revoked_at,
        "expires_at": (device.last_used_at or device.created_at) + idle_limit(),
        "current": device.pk == getattr(current, "pk", None),
    }


class DeviceListView(APIView):
    """The phones signed in as the caller, with their last sync."""

    @extend_schema(responses={200: DeviceSerializer(many=True), **error_responses(401)})
    def get(self, request):
        devices = DeviceToken.objects.filter(user=request.user).order_by("-created_at")
        current = getattr(request._request, "device", None) or getattr(request, "device", None)
        return Response([_device_row(device, current=current) for device in devices])


class DeviceRevokeView(APIView):
    """Revoke one of the caller's phones (a lost one): it deletes its data at next contact."""

    @extend_schema(request=None, responses={200: DeviceSerializer, **error_responses(401, 404)})
    def post(self, request, device_id):
        device = DeviceToken.objects.filter(user=request.user, pk=device_id).first()
        if device is None:
            return Response(
                {"detail": _("No such device among yours.")}, status=status.HTTP_404_NOT_FOUND
            )
        device_revoke(device=device, by=request.user)
        return Response(_device_row(device, current=None))


def photo_upload_schema(name: str, *, made_on: str):
    """The schema of a photo_upload view (below): its form and answers, named `<name>Photo…`."""
    return extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                f"{name}PhotoUpload",
                {
                    "uuid": serializers.UUIDField(
                        help_text=f"Made on the {made_on} for this photo."
                    ),
                    "file": serializers.FileField(help_text="JPEG, PNG or WebP, at most 5 MB."),
                    "caption": serializers.CharField(required=False),
                },
            )
        },
        responses={
            201: inline_serializer(f"{name}PhotoStored", {"uuid": serializers.UUIDField()}),
            200: inline_serializer(f"{name}PhotoKnown", {"uuid": serializers.UUIDField()}),
            **error_responses(400, 401, 403, 404, 409, 413, 415),
        },
    )


def photo_upload(request, add) -> Response:
    """A photo sent by the field app for a record already on the server: a session's here,
    an inspection's in internal_control (a floor above, which uses this). The form's
    "uuid" (made on the phone), "file" and "caption" are checked alike for both;
    `add(photo_uuid=, upload=, caption=)` stores the photo, or finds it already stored
    (sending it again is harmless: 200, not 201), or raises PhotoRefused."""
    given = request.data.get("uuid", "")
    # A string in the UUID's own form only: uuid.UUID would also take other shapes.
    try:
        photo_uuid = uuid.UUID(given) if isinstance(given, str) and len(given) == 36 else None
    except ValueError:
        photo_uuid = None
    if photo_uuid is None:
        return Response(
            {"detail": _("Give the photo's identifier (a UUID) in the field “uuid”.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
    upload = request.FILES.get("file")
    if upload is None:
        return Response(
            {"detail": _("Attach the photo in the field “file”.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
    try:
        photo, created = add(
            photo_uuid=photo_uuid, upload=upload, caption=str(request.data.get("caption", ""))
        )
    except PhotoRefused as refusal:
        return Response({"detail": refusal.message}, status=refusal.code)
    return Response(
        {"uuid": str(photo.uuid)},
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


class SessionPhotoView(APIView):
    """Add a photo to a session already on the server; sending the same photo again is harmless."""

    parser_classes = [MultiPartParser]

    @photo_upload_schema("Session", made_on="device")
    def post(self, request, session_uuid):
        return photo_upload(
            request,
            lambda **photo: session_photo_add(
                user=request.user, session_uuid=session_uuid, **photo
            ),
        )


class ModuleOfflineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.CharField(help_text="Changes when the module is republished.")
    html = serializers.CharField(help_text="The module for reading and printing on a phone.")
    images = serializers.ListField(child=serializers.CharField())


class ModuleOfflineView(APIView):
    """One module as the trainer app keeps it offline: text, phone-sized images, knowledge
    checks with their answers, facilitator notes (for those who may see them)."""

    @extend_schema(responses={200: ModuleOfflineSerializer, **error_responses(401, 404)})
    def get(self, request, module_id):
        page = module_for_offline(user=request.user, module_id=module_id)
        if page is None:
            return Response(
                {"detail": _("No such module for your groups.")}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(module_offline(page=page, request=request._request))

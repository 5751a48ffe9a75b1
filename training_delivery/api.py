"""The sync API of the trainer app (issue 7, point 4; decision 0012).

Thin views: the rules are in services.py (upload) and sync_download.py (download).
"""

import uuid

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ParseError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

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


class SessionUploadView(APIView):
    """Upload sessions recorded on a device; each gets its own result."""

    @extend_schema(
        request=inline_serializer("SessionBatch", {"sessions": SessionUploadSerializer(many=True)}),
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
            400: inline_serializer("UploadError", {"detail": serializers.CharField()}),
            413: inline_serializer("UploadTooLarge", {"detail": serializers.CharField()}),
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
                description="The cursor of the previous download; leave out for everything.",
            )
        ],
        responses={200: inline_serializer("SyncChanges", {"cursor": serializers.CharField()})},
    )
    def get(self, request):
        try:
            changes = sync_changes(user=request.user, cursor=request.query_params.get("cursor"))
        except SyncCursorError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(changes)


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


class SessionPhotoView(APIView):
    """Add a photo to a session already on the server; sending the same photo again is harmless."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "SessionPhotoUpload",
                {
                    "uuid": serializers.UUIDField(help_text="Made on the device for this photo."),
                    "file": serializers.FileField(help_text="JPEG, PNG or WebP, at most 5 MB."),
                    "caption": serializers.CharField(required=False),
                },
            )
        },
        responses={
            201: inline_serializer("SessionPhotoStored", {"uuid": serializers.UUIDField()}),
            200: inline_serializer("SessionPhotoKnown", {"uuid": serializers.UUIDField()}),
        },
    )
    def post(self, request, session_uuid):
        given = request.data.get("uuid", "")
        try:
            # A string in the UUID's own form only: uuid.UUID would also take other shapes.
            photo_uuid = uuid.UUID(given) if isinstance(given, str) and len(given) == 36 else None
            if photo_uuid is None:
                raise ValueError
        except ValueError:
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
            photo, created = session_photo_add(
                user=request.user,
                session_uuid=session_uuid,
                photo_uuid=photo_uuid,
                upload=upload,
                caption=str(request.data.get("caption", "")),
            )
        except PhotoRefused as refusal:
            return Response({"detail": refusal.message}, status=refusal.code)
        return Response(
            {"uuid": str(photo.uuid)},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

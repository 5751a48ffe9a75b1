"""Internal inspections from the inspector's phone (issue 21, point 3), under /api/v1/.

Like sessions (decision 0012): each inspection carries the id the phone made, so one sent
twice is stored once ("already_known"); each gets its own result, and a refused one names
every field that must change. Nothing of a refused inspection is stored.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from curriculum_site.api_schema import error_responses
from internal_control.field import inspection_photo_add, inspection_setup
from internal_control.inspections import FindingIn, InspectionIn, inspection_record
from internal_control.models import Finding
from training_delivery.api import photo_upload, photo_upload_schema

MAX_INSPECTIONS = 50


class FindingSerializer(serializers.Serializer):
    control_point = serializers.CharField(max_length=20, help_text="The control point's code.")
    result = serializers.ChoiceField(choices=Finding.Result.values)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class InspectionSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Made on the phone (crypto.randomUUID).")
    group = serializers.IntegerField(min_value=1)
    member_code = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="The member inspected; empty for an inspection of the group itself.",
    )
    inspected_on = serializers.DateField()
    acknowledged = serializers.BooleanField(default=False)
    acknowledged_by = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    findings = FindingSerializer(many=True, max_length=200)


class InspectionBatchSerializer(serializers.Serializer):
    inspections = InspectionSerializer(many=True, min_length=1, max_length=MAX_INSPECTIONS)


class InspectionUploadView(APIView):
    """Upload inspections recorded on a phone; each gets its own result."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=InspectionBatchSerializer,
        responses={
            200: inline_serializer(
                "InspectionBatchResult",
                {
                    "results": serializers.ListField(
                        child=inline_serializer(
                            "InspectionResult",
                            {
                                "id": serializers.UUIDField(),
                                "status": serializers.ChoiceField(
                                    choices=["accepted", "already_known", "refused"]
                                ),
                                "errors": serializers.DictField(),
                                "non_conformities": serializers.IntegerField(),
                            },
                        )
                    )
                },
            ),
            **error_responses(400, 401, 403, 415),
        },
    )
    def post(self, request):
        batch = InspectionBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        results = []
        for item in batch.validated_data["inspections"]:
            result = inspection_record(
                user=request.user,
                data=InspectionIn(
                    id=item["id"],
                    group_id=item["group"],
                    member_code=item["member_code"].strip(),
                    inspected_on=item["inspected_on"],
                    acknowledged=item["acknowledged"],
                    acknowledged_by=item["acknowledged_by"],
                    notes=item["notes"],
                    findings=[FindingIn(**finding) for finding in item["findings"]],
                ),
            )
            results.append(
                {
                    "id": str(item["id"]),
                    "status": result.status,
                    "errors": result.errors,
                    "non_conformities": result.non_conformities,
                }
            )
        return Response({"results": results})


class SetupPointSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    what_to_check = serializers.CharField(allow_blank=True)
    severity = serializers.ChoiceField(choices=["minor", "major", "critical"])


class SetupMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    member_code = serializers.CharField()
    name = serializers.CharField(
        allow_blank=True, help_text="Empty without consent: show the code, gender and age band."
    )
    consent = serializers.BooleanField()
    gender = serializers.CharField()
    age_band = serializers.CharField()


class SetupGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    region = serializers.CharField(allow_blank=True)
    member_points = SetupPointSerializer(many=True, help_text="A member's inspection.")
    group_points = SetupPointSerializer(many=True, help_text="The group's own inspection.")
    members = SetupMemberSerializer(many=True, help_text="The members on the roster.")


class SetupSerializer(serializers.Serializer):
    groups = SetupGroupSerializer(many=True)


class InspectionSetupView(APIView):
    """What the field app keeps for inspecting offline: the groups this person inspects,
    the control points that apply to each, and their members. Sent whole each time."""

    @extend_schema(responses={200: SetupSerializer, **error_responses(401, 403)})
    def get(self, request):
        return Response(inspection_setup(user=request.user))


class InspectionPhotoView(APIView):
    """Add a photo to an inspection already on the server; sending it again is harmless."""

    parser_classes = [MultiPartParser]

    @photo_upload_schema("Inspection", made_on="phone")
    def post(self, request, inspection_id):
        # The same checks and answers as a session's photo (training_delivery's API).
        return photo_upload(
            request,
            lambda **photo: inspection_photo_add(
                user=request.user, inspection_id=inspection_id, **photo
            ),
        )

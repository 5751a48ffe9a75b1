"""Internal inspections from the inspector's phone (issue 21, point 3), under /api/v1/.

Like sessions (decision 0012): each inspection carries the id the phone made, so one sent
twice is stored once ("already_known"); each gets its own result, and a refused one names
every field that must change. Nothing of a refused inspection is stored.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from curriculum_site.api_schema import error_responses
from internal_control.inspections import FindingIn, InspectionIn, inspection_record
from internal_control.models import Finding

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

"""/api/v1/grievances/: grievances a trainer recorded offline (issue 20, point 5).

Like sessions and inspections (decision 0012): each grievance carries the id the phone
made, so one sent twice is stored once ("already_known"); each gets its own result, and a
refused one names every field that must change. Nothing of a refused grievance is stored.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from consultation.models import Grievance
from consultation.services import ACCEPTED, ALREADY_KNOWN, REFUSED, GrievanceIn, grievance_record
from consultation.trainer_app import DESCRIPTION_MAX
from curriculum_site.api_schema import error_responses

MAX_GRIEVANCES = 50


class GrievanceSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Made on the phone (crypto.randomUUID).")
    group = serializers.IntegerField(min_value=1)
    received_on = serializers.DateField()
    channel = serializers.ChoiceField(
        choices=Grievance.Channel.values, default=Grievance.Channel.TRAINER
    )
    anonymous = serializers.BooleanField(default=False)
    complainant = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    category = serializers.ChoiceField(choices=Grievance.Category.values)
    description = serializers.CharField(max_length=DESCRIPTION_MAX)


class GrievanceBatchSerializer(serializers.Serializer):
    grievances = serializers.ListField(
        child=serializers.DictField(), min_length=1, max_length=MAX_GRIEVANCES
    )


class GrievanceUploadView(APIView):
    """Upload grievances recorded on a phone; each gets its own result."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=inline_serializer("GrievanceBatch", {"grievances": GrievanceSerializer(many=True)}),
        responses={
            200: inline_serializer(
                "GrievanceBatchResult",
                {
                    "results": serializers.ListField(
                        child=inline_serializer(
                            "GrievanceResult",
                            {
                                "index": serializers.IntegerField(),
                                "id": serializers.CharField(allow_null=True),
                                "status": serializers.ChoiceField(
                                    choices=[ACCEPTED, ALREADY_KNOWN, REFUSED]
                                ),
                                "errors": serializers.DictField(),
                            },
                        )
                    )
                },
            ),
            **error_responses(400, 401, 403, 415),
        },
    )
    def post(self, request):
        batch = GrievanceBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        results = []
        # Each grievance on its own: one refused by a field does not hold back the others.
        for index, raw in enumerate(batch.validated_data["grievances"]):
            item = GrievanceSerializer(data=raw)
            if not item.is_valid():
                results.append(
                    {
                        "index": index,
                        "id": str(raw.get("id")) if raw.get("id") is not None else None,
                        "status": REFUSED,
                        "errors": {
                            name: [str(m) for m in errs] for name, errs in item.errors.items()
                        },
                    }
                )
                continue
            data = item.validated_data
            result = grievance_record(
                user=request.user,
                data=GrievanceIn(
                    id=data["id"],
                    group_id=data["group"],
                    received_on=data["received_on"],
                    channel=data["channel"],
                    anonymous=data["anonymous"],
                    complainant=data["complainant"],
                    category=data["category"],
                    description=data["description"],
                ),
            )
            results.append(
                {
                    "index": index,
                    "id": str(data["id"]),
                    "status": result.status,
                    "errors": result.errors,
                }
            )
        return Response({"results": results})

"""Plots walked with the trainer's phone (issue 20, point 2), under /api/v1/plots/.

Like sessions (decision 0012): each plot carries the id the phone made, so one sent
twice is stored once ("already_known"); each gets its own result, and a refused one
names what must change. Nothing of a refused plot is stored.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from curriculum_site.api_schema import error_responses
from supply_base.models import Tenure
from supply_base.services import WalkedPlotIn, plot_walked_record

MAX_PLOTS_PER_UPLOAD = 50
MAX_POINTS = 2000


class WalkedPlotSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Made on the phone (crypto.randomUUID).")
    farmer = serializers.IntegerField(min_value=1, help_text="The roster farmer's id.")
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    commodity = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="Slug or name."
    )
    tenure = serializers.ChoiceField(choices=Tenure.values, default=Tenure.UNKNOWN)
    tenure_document = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    points = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=3),
        min_length=1,
        max_length=MAX_POINTS,
        help_text="[longitude, latitude] as walked; the first point again closes the ring.",
    )
    area_ha = serializers.DecimalField(
        max_digits=10, decimal_places=4, required=False, allow_null=True, default=None
    )


class PlotBatchSerializer(serializers.Serializer):
    plots = WalkedPlotSerializer(many=True, min_length=1, max_length=MAX_PLOTS_PER_UPLOAD)


class PlotUploadView(APIView):
    """Upload plots walked on a phone; each gets its own result."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=PlotBatchSerializer,
        responses={
            200: inline_serializer(
                "PlotBatchResult",
                {
                    "results": serializers.ListField(
                        child=inline_serializer(
                            "PlotResult",
                            {
                                "id": serializers.UUIDField(),
                                "status": serializers.ChoiceField(
                                    choices=["accepted", "already_known", "refused"]
                                ),
                                "errors": serializers.DictField(),
                                "area_ha": serializers.CharField(allow_null=True),
                                "flagged": serializers.BooleanField(),
                            },
                        )
                    )
                },
            ),
            **error_responses(400, 401, 403, 415),
        },
    )
    def post(self, request):
        batch = PlotBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        results = []
        for item in batch.validated_data["plots"]:
            result = plot_walked_record(
                user=request.user,
                data=WalkedPlotIn(
                    id=item["id"],
                    farmer_id=item["farmer"],
                    name=item["name"].strip(),
                    commodity=item["commodity"].strip(),
                    tenure=item["tenure"],
                    tenure_document=item["tenure_document"].strip(),
                    points=[[point[0], point[1]] for point in item["points"]],
                    area_ha=item["area_ha"],
                ),
            )
            results.append(
                {
                    "id": str(item["id"]),
                    "status": result.status,
                    "errors": result.errors,
                    "area_ha": str(result.area_ha) if result.area_ha is not None else None,
                    "flagged": result.flagged,
                }
            )
        return Response({"results": results})

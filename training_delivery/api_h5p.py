"""H5P activities played offline in the trainer app (issue 18, point 1; decision
0033-h5p-offline): the files to keep, and the results sent later with the device token.
Thin views: the files in training_delivery/h5p_offline.py, the recording in h5p's own
tracking service, the same records the site's module page makes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from curriculum_site.api_schema import error_responses
from h5p.api import (
    MAX_STATEMENTS,
    PROGRESS_SCHEMA,
    SizeLimitedJSONParser,
    StatementItemSerializer,
    progress_json,
)
from h5p.tracking_services import StatementIn, h5p_statements_record
from training_delivery.h5p_offline import (
    activity_offline_files,
    library_offline_files,
    offline_activity,
    offline_library,
)
from training_delivery.serializers import MAX_ID

NOT_YOURS = _("No such H5P activity in a module of your groups.")


class OfflineActivityView(APIView):
    """Every file the H5P player reads for one activity of a module kept offline."""

    @extend_schema(
        responses={
            200: inline_serializer("H5POffline", {"id": serializers.IntegerField()}),
            **error_responses(401, 404),
        }
    )
    def get(self, request, module_id, activity_id):
        found = offline_activity(user=request.user, module_id=module_id, activity_id=activity_id)
        if found is None:
            return Response({"detail": NOT_YOURS}, status=status.HTTP_404_NOT_FOUND)
        response = Response(activity_offline_files(request=request._request, activity=found[1]))
        return response


class OfflineLibraryView(APIView):
    """The files of one library version an activity of a module kept offline plays. The
    app asks once per version, whichever activity needs it first, and keeps it for every
    activity that plays it (decision 0033, "Libraries kept once"). Allowed by the same
    rule as the activity itself, and only for a library that activity plays."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "H5POfflineLibrary",
                {
                    "name": serializers.CharField(),
                    "files": serializers.DictField(child=serializers.CharField()),
                },
            ),
            **error_responses(401, 404),
        }
    )
    def get(self, request, module_id, activity_id, name):
        found = offline_activity(user=request.user, module_id=module_id, activity_id=activity_id)
        prefix = offline_library(activity=found[1], name=name) if found else None
        if prefix is None:
            return Response({"detail": NOT_YOURS}, status=status.HTTP_404_NOT_FOUND)
        return Response({"name": name, "files": library_offline_files(storage_prefix=prefix)})


class OfflineResultsSerializer(serializers.Serializer):
    module = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The module page that showed the activity."
    )
    activity = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    statements = StatementItemSerializer(many=True, max_length=MAX_STATEMENTS, allow_empty=False)

    def validate(self, data):
        found = offline_activity(
            user=self.context["request"].user,
            module_id=data["module"],
            activity_id=data["activity"],
        )
        if found is None:
            raise serializers.ValidationError({"activity": [NOT_YOURS]})
        data["page"], data["activity_object"] = found
        return data


class OfflineResultsView(APIView):
    """Statements of an activity played offline. Each statement's UUID (made on the phone)
    is stored once, so sending a batch again changes nothing."""

    parser_classes = [SizeLimitedJSONParser]

    @extend_schema(
        request=OfflineResultsSerializer,
        responses={
            200: inline_serializer(
                "H5POfflineResults",
                {
                    "accepted": serializers.ListField(child=serializers.UUIDField()),
                    "progress": PROGRESS_SCHEMA,
                },
            ),
            **error_responses(400, 401, 413, 415),
        },
    )
    def post(self, request):
        serializer = OfflineResultsSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        progress = h5p_statements_record(
            user=request.user,
            activity=data["activity_object"],
            page_id=data["page"].pk,
            statements=[StatementIn(**item) for item in data["statements"]],
        )
        return Response(
            {
                "accepted": [str(item["id"]) for item in data["statements"]],
                "progress": progress_json(progress),
            }
        )

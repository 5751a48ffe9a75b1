"""The tracking API of the SCORM player (issue 22), under /api/v1/scorm/.

Only the module page talks to it, never the sandboxed course: the page holds the
session and the CSRF token. Each call names its package by the player token the page
was given, which proves this learner was shown the course on that page.
"""

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Page

from curriculum_site.api_schema import SIGNED_VALUE_PATTERN, error_responses
from h5p.api import SizeLimitedJSONParser
from scorm import serving
from scorm.models import ScormAttempt, ScormPackage
from scorm.tracking_services import (
    COMPLETION_VALUES,
    SUCCESS_VALUES,
    CommitIn,
    scorm_commits_record,
)

MAX_COMMITS = 50
MAX_RUNTIME_CHARS = 200 * 1024
TOKEN_REFUSED = _(
    "This course link has expired or belongs to someone else. Reload the module page."
)


class ScoreSerializer(serializers.Serializer):
    raw = serializers.FloatField(required=False, allow_null=True)
    min = serializers.FloatField(required=False, allow_null=True)
    max = serializers.FloatField(required=False, allow_null=True)
    scaled = serializers.FloatField(required=False, allow_null=True, min_value=-1, max_value=1)


class CommitSerializer(serializers.Serializer):
    """One commit of the run-time, as the module page stamped it."""

    id = serializers.UUIDField(help_text="Made by the browser (crypto.randomUUID).")
    sequence = serializers.IntegerField(
        min_value=0, help_text="The browser's order of commits (milliseconds, then a counter)."
    )
    sco = serializers.CharField(max_length=255, help_text="The manifest item's identifier.")
    completion_status = serializers.ChoiceField(choices=sorted(COMPLETION_VALUES))
    success_status = serializers.ChoiceField(choices=sorted(SUCCESS_VALUES))
    score = ScoreSerializer(required=False)
    total_seconds = serializers.FloatField(min_value=0, max_value=10 * 365 * 86400)
    runtime_data = serializers.DictField(help_text="The run-time's whole data (the cmi object).")

    def validate_runtime_data(self, value):
        if len(json.dumps(value)) > MAX_RUNTIME_CHARS:
            raise serializers.ValidationError(
                _("The run-time data is larger than %(limit)s KB.")
                % {"limit": MAX_RUNTIME_CHARS // 1024}
            )
        return value


class CommitBatchSerializer(serializers.Serializer):
    package = serializers.RegexField(
        SIGNED_VALUE_PATTERN,
        max_length=500,
        help_text="The player token of the page.",
        error_messages={"invalid": TOKEN_REFUSED},
    )
    commits = CommitSerializer(many=True, max_length=MAX_COMMITS, allow_empty=True)

    def validate_package(self, token):
        grant = serving.player_token_read(token=token, max_age=serving.TRACKING_TOKEN_MAX_AGE)
        user = self.context["request"].user
        if grant is None or grant.user_id is None or grant.user_id != user.pk:
            raise serializers.ValidationError(TOKEN_REFUSED)
        package = ScormPackage.objects.filter(pk=grant.package_id).first()
        if package is None:
            raise serializers.ValidationError(_("This course no longer exists."))
        page = Page.objects.filter(pk=grant.page_id).first() if grant.page_id else None
        return package, page

    def validate(self, data):
        package, _page = data["package"]
        known = {sco["identifier"] for sco in package.scos}
        for index, commit in enumerate(data["commits"]):
            if commit["sco"] not in known:
                raise serializers.ValidationError(
                    {
                        "commits": _("Commit %(number)s names a part the course does not have.")
                        % {"number": index + 1}
                    }
                )
        return data


def attempt_json(attempt: ScormAttempt) -> dict:
    return {
        "sco": attempt.sco,
        "completion_status": attempt.completion_status,
        "success_status": attempt.success_status,
        "score_scaled": attempt.score_scaled,
        "total_seconds": attempt.total_seconds,
    }


class CommitBatchView(APIView):
    """Record a batch of one package's commits."""

    parser_classes = [SizeLimitedJSONParser]

    @extend_schema(
        request=CommitBatchSerializer,
        responses={
            200: inline_serializer(
                "ScormCommitBatchResult",
                {
                    "accepted": serializers.ListField(child=serializers.UUIDField()),
                    "attempts": serializers.ListField(
                        child=inline_serializer(
                            "ScormAttemptSummary",
                            {
                                "sco": serializers.CharField(),
                                "completion_status": serializers.CharField(),
                                "success_status": serializers.CharField(),
                                "score_scaled": serializers.FloatField(allow_null=True),
                                "total_seconds": serializers.FloatField(),
                            },
                        )
                    ),
                },
            ),
            **error_responses(400, 401, 403, 413, 415),
        },
    )
    def post(self, request):
        serializer = CommitBatchSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        package, page = data["package"]
        attempts = scorm_commits_record(
            user=request.user,
            package=package,
            page=page,
            commits=[
                CommitIn(
                    id=item["id"],
                    sequence=item["sequence"],
                    sco=item["sco"],
                    completion_status=item["completion_status"],
                    success_status=item["success_status"],
                    score={k: v for k, v in (item.get("score") or {}).items() if v is not None},
                    total_seconds=item["total_seconds"],
                    runtime_data=item["runtime_data"],
                )
                for item in data["commits"]
            ],
        )
        # Every id is accepted, stored now or before: the browser may forget them all.
        return Response(
            {
                "accepted": [str(item["id"]) for item in data["commits"]],
                "attempts": [attempt_json(attempt) for attempt in attempts],
            }
        )

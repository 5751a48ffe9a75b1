"""The tracking API of the H5P player (issue 3, point 5), under /api/v1/h5p/.

Only the module page talks to it, never the sandboxed player frame: the page holds
the session and the CSRF token. Each call names its activity by the player token the
page was given, which proves that this learner was shown the activity (decision 0014).
"""

import io

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from curriculum_site.api_schema import SIGNED_VALUE_PATTERN, error_responses
from h5p import serving
from h5p.models import H5PActivity, H5PProgress
from h5p.tracking_services import StateIn, StatementIn, h5p_statements_record

MAX_BODY_BYTES = 256 * 1024
MAX_STATEMENTS = 100
MAX_STATE_CHARS = 64 * 1024


class BatchTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _(
        "The request is larger than %(limit)s KB. Send fewer statements at a time."
    ) % {"limit": MAX_BODY_BYTES // 1024}
    default_code = "too_large"


class SizeLimitedJSONParser(JSONParser):
    """JSON, refused before parsing when the body is larger than MAX_BODY_BYTES."""

    def parse(self, stream, media_type=None, parser_context=None):
        declared = (parser_context or {}).get("request").META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            raise BatchTooLarge
        # A body sent without a length (chunked) is read no further than the limit.
        body = stream.read(MAX_BODY_BYTES + 1)
        if len(body) > MAX_BODY_BYTES:
            raise BatchTooLarge
        return super().parse(io.BytesIO(body), media_type, parser_context)


TOKEN_REFUSED = _(
    "This activity link has expired or belongs to someone else. Reload the module page."
)


def activity_and_page_from_token(*, token: str, user) -> tuple[H5PActivity, int | None]:
    """The activity a token names, and the id of the module page that showed it."""
    grant = serving.h5p_player_token_read(token=token, max_age=serving.TRACKING_TOKEN_MAX_AGE)
    if grant is None or grant.user_id is None or grant.user_id != user.pk:
        raise serializers.ValidationError(TOKEN_REFUSED)
    activity = H5PActivity.objects.filter(pk=grant.activity_id).first()
    if activity is None:
        raise serializers.ValidationError(_("This activity no longer exists."))
    return activity, grant.page_id


def activity_from_token(*, token: str, user) -> H5PActivity:
    return activity_and_page_from_token(token=token, user=user)[0]


class XAPIVerbSerializer(serializers.Serializer):
    id = serializers.RegexField(
        r"^https?://\S+$",
        max_length=255,
        error_messages={"invalid": _("The verb must be an IRI such as http://…/answered.")},
    )


class XAPIScoreSerializer(serializers.Serializer):
    raw = serializers.FloatField(required=False)
    min = serializers.FloatField(required=False)
    max = serializers.FloatField(required=False, min_value=0)
    scaled = serializers.FloatField(required=False, min_value=-1, max_value=1)

    def validate(self, data):
        raw, maximum = data.get("raw"), data.get("max")
        if raw is not None and maximum is not None and raw > maximum:
            raise serializers.ValidationError(_("The raw score is above the maximum score."))
        if raw is not None and maximum is None and data.get("scaled") is None:
            raise serializers.ValidationError(_("A raw score needs a maximum or a scaled score."))
        return data


class XAPIResultSerializer(serializers.Serializer):
    score = XAPIScoreSerializer(required=False)
    completion = serializers.BooleanField(required=False, allow_null=True)
    success = serializers.BooleanField(required=False, allow_null=True)


class XAPIStatementSerializer(serializers.Serializer):
    """The parts of an xAPI statement the server reads; the rest is kept as sent."""

    verb = XAPIVerbSerializer()
    object = serializers.DictField(required=False)
    context = serializers.DictField(required=False)
    result = XAPIResultSerializer(required=False)


class StatementItemSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Made by the browser (crypto.randomUUID).")
    timestamp = serializers.DateTimeField(help_text="When the browser saw the statement.")
    statement = serializers.DictField(help_text="The xAPI statement from the H5P player.")

    def validate_statement(self, value):
        checked = XAPIStatementSerializer(data=value)
        if not checked.is_valid():
            raise serializers.ValidationError(checked.errors)
        # Keep what was sent, with the numbers and flags as the server understood them.
        result = checked.validated_data.get("result")
        if result is not None:
            value = {**value, "result": {**value["result"], **_plain(result)}}
        return value


def _plain(data):
    return {key: _plain(item) if isinstance(item, dict) else item for key, item in data.items()}


class StateSerializer(serializers.Serializer):
    data = serializers.CharField(
        max_length=MAX_STATE_CHARS, allow_blank=True, trim_whitespace=False
    )
    saved_at = serializers.DateTimeField()


def activity_token_field() -> serializers.RegexField:
    """The player token the page was given, in the form the schema states."""
    return serializers.RegexField(
        SIGNED_VALUE_PATTERN,
        max_length=500,
        help_text="The player token of the page.",
        error_messages={"invalid": TOKEN_REFUSED},
    )


class StatementBatchSerializer(serializers.Serializer):
    activity = activity_token_field()
    statements = StatementItemSerializer(many=True, max_length=MAX_STATEMENTS, allow_empty=True)
    state = StateSerializer(required=False)

    def validate_activity(self, token):
        return activity_and_page_from_token(token=token, user=self.context["request"].user)


def progress_json(progress: H5PProgress | None) -> dict:
    if progress is None:
        return {"attempts": 0, "best_score": None, "last_score": None, "completed": False}
    return {
        "attempts": progress.attempts,
        "best_score": progress.best_score,
        "last_score": progress.last_score,
        "completed": progress.completed,
    }


PROGRESS_SCHEMA = inline_serializer(
    "H5PProgress",
    {
        "attempts": serializers.IntegerField(),
        "best_score": serializers.FloatField(allow_null=True),
        "last_score": serializers.FloatField(allow_null=True),
        "completed": serializers.BooleanField(),
    },
)


class StatementBatchView(APIView):
    """Record a batch of one activity's statements (and its resume state)."""

    parser_classes = [SizeLimitedJSONParser]

    @extend_schema(
        request=StatementBatchSerializer,
        responses={
            200: inline_serializer(
                "H5PStatementBatchResult",
                {
                    "accepted": serializers.ListField(child=serializers.UUIDField()),
                    "progress": PROGRESS_SCHEMA,
                },
            ),
            **error_responses(400, 401, 403, 413, 415),
        },
    )
    def post(self, request):
        serializer = StatementBatchSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        state = data.get("state")
        activity, page_id = data["activity"]
        progress = h5p_statements_record(
            user=request.user,
            activity=activity,
            page_id=page_id,
            statements=[StatementIn(**item) for item in data["statements"]],
            state=StateIn(**state) if state else None,
        )
        # Every id is accepted, stored now or before: the browser may forget them all.
        return Response(
            {
                "accepted": [str(item["id"]) for item in data["statements"]],
                "progress": progress_json(progress),
            }
        )


class ResumeStateView(APIView):
    """The learner's saved resume state and progress for one activity."""

    @extend_schema(
        parameters=[
            inline_serializer("H5PStateQuery", {"activity": activity_token_field()}),
        ],
        responses={
            200: inline_serializer(
                "H5PResumeState",
                {
                    "state": serializers.CharField(allow_null=True),
                    "saved_at": serializers.DateTimeField(allow_null=True),
                    "progress": PROGRESS_SCHEMA,
                },
            ),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request):
        try:
            activity = activity_from_token(
                token=request.query_params.get("activity", ""), user=request.user
            )
        except serializers.ValidationError as error:
            return Response({"activity": error.detail}, status=status.HTTP_400_BAD_REQUEST)
        progress = H5PProgress.objects.filter(user=request.user, activity=activity).first()
        has_state = progress is not None and progress.state_saved_at is not None
        return Response(
            {
                "state": progress.state if has_state else None,
                "saved_at": progress.state_saved_at if has_state else None,
                "progress": progress_json(progress),
            }
        )

"""Group work in the trainer app (issue 18, point 2): the level assessment and the
improvement plan, made offline and sent later. Thin views: the rules, the conflict rule
above all, are in organisation_levels/phone_sync.py."""

import json
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from curriculum_site.api_schema import error_responses
from organisation_levels.evidence import evidence_uploads_check
from organisation_levels.phone_sync import (
    ACCEPTED,
    ALREADY_KNOWN,
    CONFLICT,
    REFUSED,
    PhoneResult,
    assessment_submit_once,
    group_work_for_phone,
    item_update_once,
)

MAX_UPDATES_PER_UPLOAD = 200


def _uuid_or_none(value):
    # A string in the UUID's own form only: uuid.UUID would also take other shapes.
    if not isinstance(value, str) or len(value) != 36:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _answer(result: PhoneResult) -> dict:
    return {
        "status": result.status,
        "code": result.code,
        "errors": result.errors,
        "message": result.message,
        "item": result.item,
    }


class GroupWorkView(APIView):
    """The groups the caller may assess and plan for, their open cycle's items (each with
    its version) and the active rubric's questions in the caller's language."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "GroupWork",
                {
                    "rubric": serializers.DictField(allow_null=True),
                    "groups": serializers.ListField(child=serializers.DictField()),
                },
            ),
            **error_responses(401),
        }
    )
    def get(self, request):
        return Response(group_work_for_phone(user=request.user))


class AssessmentUploadView(APIView):
    """One level assessment made on a phone, with its evidence photos, stored once."""

    # The photos travel with their answers: one request, stored whole or not at all.
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "PhoneAssessment",
                {
                    "uuid": serializers.UUIDField(help_text="Made on the phone."),
                    "group": serializers.IntegerField(),
                    "rubric": serializers.IntegerField(help_text="The rubric the phone showed."),
                    "answers": serializers.CharField(
                        help_text='JSON: {"question id": option number, …}'
                    ),
                    "notes": serializers.CharField(required=False),
                    "evidence": serializers.ListField(child=serializers.FileField()),
                },
            )
        },
        responses={
            201: inline_serializer("PhoneAssessmentStored", {"status": serializers.CharField()}),
            200: inline_serializer("PhoneAssessmentKnown", {"status": serializers.CharField()}),
            **error_responses(400, 401, 403, 409, 415),
        },
    )
    def post(self, request):
        data = request.data
        errors: dict[str, list[str]] = {}
        client_uuid = _uuid_or_none(data.get("uuid"))
        if client_uuid is None:
            errors["uuid"] = [_("Give the assessment's identifier (a UUID).")]
        group = str(data.get("group", ""))
        if not group.isdigit():
            errors["group"] = [_("Give the producer group's number.")]
        rubric = str(data.get("rubric", ""))
        if not rubric.isdigit():
            errors["rubric"] = [_("Give the number of the rubric that was answered.")]
        try:
            answers = json.loads(data.get("answers") or "")
            if not isinstance(answers, dict) or not all(
                isinstance(value, int) and not isinstance(value, bool) for value in answers.values()
            ):
                raise ValueError
        except ValueError:
            answers = None
            errors["answers"] = [
                _("Give the answers as JSON: an object of question ids and option numbers.")
            ]
        notes = str(data.get("notes", ""))
        try:
            evidence = evidence_uploads_check(request.FILES.getlist("evidence"))
        except ValidationError as error:  # each message names its file
            evidence = []
            errors["evidence"] = error.messages
        if errors:
            return Response(
                _answer(PhoneResult(REFUSED, 400, errors)), status=status.HTTP_400_BAD_REQUEST
            )
        result = assessment_submit_once(
            client_uuid=client_uuid,
            group_id=int(group),
            user=request.user,
            answers=answers,
            rubric_id=int(rubric),
            notes=notes,
            evidence=evidence,
        )
        return Response(_answer(result), status=result.code)


class ItemUpdateSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(help_text="Made on the phone for this update.")
    item = serializers.IntegerField()
    base_version = serializers.IntegerField(
        min_value=1, help_text="The item's version the phone had when it was changed."
    )
    changes = serializers.DictField(help_text="Field → new value: only what was changed.")


class PlanItemUpdatesView(APIView):
    """Updates of improvement-plan items made on a phone; each gets its own result. An
    update made from an older version than the server's is refused 409 (conflict), with
    the item as it is now."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=inline_serializer(
            "PlanItemUpdates",
            {"updates": ItemUpdateSerializer(many=True)},
        ),
        responses={
            200: inline_serializer(
                "PlanItemUpdateResults",
                {
                    "results": serializers.ListField(child=serializers.DictField()),
                },
            ),
            **error_responses(400, 401, 413, 415),
        },
    )
    def post(self, request):
        updates = request.data.get("updates") if isinstance(request.data, dict) else None
        if not isinstance(updates, list) or not updates:
            return Response(
                {
                    "detail": _(
                        'Send a JSON object with a non-empty list of updates: {"updates": [...]}.'
                    )
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if len(updates) > MAX_UPDATES_PER_UPLOAD:
            return Response(
                {
                    "detail": _("An upload holds at most %(limit)s updates.")
                    % {"limit": MAX_UPDATES_PER_UPLOAD}
                },
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        checker = ItemUpdateSerializer()
        results = []
        for index, raw in enumerate(updates):
            try:
                update = checker.run_validation(raw)
            except serializers.ValidationError as error:
                detail = (
                    error.detail if isinstance(error.detail, dict) else {"update": error.detail}
                )
                result = PhoneResult(
                    REFUSED,
                    400,
                    {key: [str(m) for m in messages] for key, messages in detail.items()},
                )
            else:
                result = item_update_once(
                    update_uuid=update["uuid"],
                    item_id=update["item"],
                    user=request.user,
                    base_version=update["base_version"],
                    changes=update["changes"],
                )
            given = raw.get("uuid") if isinstance(raw, dict) else None
            results.append({"index": index, "uuid": given, **_answer(result)})
        counts = {name: 0 for name in (ACCEPTED, ALREADY_KNOWN, REFUSED, CONFLICT)}
        for result in results:
            counts[result["status"]] += 1
        return Response({**counts, "results": results})

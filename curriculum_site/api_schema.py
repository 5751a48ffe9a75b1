"""The OpenAPI schema of Backpack's own API (drf-spectacular): its hooks, and the shape of
a refusal that every endpoint documents for each status it answers (decision 0017)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


def only_backpack_api(endpoints, **kwargs):
    """Keep the endpoints under /api/; Wagtail and wagtail-localize bring DRF views of
    their own (the admin's internal API) that are not ours to document."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


# A value the server signed (django.core.signing): the sync cursor, the H5P player token.
# The schema can say its form; only the server can tell a genuine one, and answers 400
# with the field's name for any other.
SIGNED_VALUE_PATTERN = r"^\.?[A-Za-z0-9_-]+:[A-Za-z0-9]+:[A-Za-z0-9_-]+$"

ERROR_DESCRIPTIONS = {
    400: _("The request was refused: `detail` says why, or each field named says what to change."),
    401: _("No valid token or session: sign in (POST /api/v1/token/) and send the token."),
    403: _(
        "Not allowed for this person; with a session cookie, also a missing or wrong CSRF token."
    ),
    404: _("Not found, or not one this person may reach."),
    409: _("The identifier is already taken by something else."),
    413: _("Too large: send less in one request."),
    415: _("This body type is not accepted here: see the request body's media types."),
    429: _("Too many tries: wait the seconds given in Retry-After."),
}


class ApiError(serializers.Serializer):
    """Why a request was refused: a message, or the fields' own messages under their names."""

    detail = serializers.CharField(required=False)


class ApiErrorSchema(OpenApiSerializerExtension):
    """ApiError in the schema as what the API sends: `detail`, or any field's name holding
    its messages (a list, or for a list or object field, its items' or fields' messages)."""

    target_class = ApiError

    def map_serializer(self, auto_schema, direction):
        return {
            "type": "object",
            "description": ApiError.__doc__,
            "properties": {"detail": {"type": "string"}},
            "additionalProperties": {},
        }


def error_responses(*codes: int) -> dict:
    """The refusals an endpoint answers, for `extend_schema(responses=...)`."""
    return {
        code: OpenApiResponse(ApiError, description=str(ERROR_DESCRIPTIONS[code])) for code in codes
    }

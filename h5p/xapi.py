"""xAPI statements a learning record store can use (issue 16, point 5; decision 0021).

The H5P player inside the sandbox makes statements with H5P's own anonymous actor (a
random id regenerated on every load) and object ids that are addresses of the player
frame (which carry an expiring token). Neither says who learned what. Before a
statement is stored, the server, which knows the signed-in learner and the activity
from the player token, rewrites what identifies it:

- `actor`: an Agent with an `account` whose `homePage` is the site and whose `name` is
  a pseudonym, an HMAC of the user id (never the username or the e-mail address): the
  same learner always gets the same name, and the name alone tells nothing about them;
- `id`: the UUID the browser made (the primary key of `H5PStatement`);
- `timestamp`: when the browser saw the statement;
- `object.id`: the activity's stable IRI, `<site>/h5p/activities/<pk>`, with H5P's
  `?subContentId=…` kept for a question inside the activity; the same for the parent
  and grouping activities of the context;
- `context.platform` and, when known, `context.language` (the page's language).

`xapi_statement_problems` checks a statement against what xAPI 1.0.3 requires
(Data 2.4); it is our own, written from the specification, because PyPI has no
maintained xAPI validator apart from Ralph's models, which the tests also use when
they send statements to Ralph.
"""

import datetime
import re
import uuid
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.utils.crypto import salted_hmac

ACTOR_SALT = "backpack.h5p.xapi.actor"
PLATFORM = "Backpack"
SUB_CONTENT_EXTENSION = "http://h5p.org/x-api/h5p-subContentId"
XAPI_VERSION = "1.0.3"


def site_home_page() -> str:
    return getattr(settings, "H5P_XAPI_HOME_PAGE", "") or settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def learner_pseudonym(user_id: int) -> str:
    """A stable name for the learner that does not reveal who they are: HMAC-SHA256 of
    the user id with the site's secret key (or H5P_XAPI_ACTOR_SECRET, if set, so the name
    survives a rotation of SECRET_KEY)."""
    secret = getattr(settings, "H5P_XAPI_ACTOR_SECRET", "") or None
    return salted_hmac(ACTOR_SALT, str(user_id), secret=secret, algorithm="sha256").hexdigest()


def learner_actor(user_id: int) -> dict:
    return {
        "objectType": "Agent",
        "account": {"homePage": site_home_page(), "name": learner_pseudonym(user_id)},
    }


def activity_iri(activity_id: int) -> str:
    return f"{site_home_page()}/h5p/activities/{activity_id}"


def _dict(value) -> dict:
    """The value if it is an object, else an empty one: a statement comes from a browser."""
    return value if isinstance(value, dict) else {}


def _sub_content_id(item: dict) -> str | None:
    extensions = _dict(_dict(item.get("definition")).get("extensions"))
    sub = extensions.get(SUB_CONTENT_EXTENSION)
    if not sub and isinstance(item.get("id"), str):
        sub = (parse_qs(urlsplit(item["id"]).query).get("subContentId") or [None])[0]
    return str(sub) if sub else None


def _activity_object(item: dict, activity_id: int) -> dict:
    iri = activity_iri(activity_id)
    sub = _sub_content_id(item)
    return {**item, "objectType": "Activity", "id": f"{iri}?subContentId={sub}" if sub else iri}


def statement_normalise(
    *,
    statement: dict,
    statement_id,
    timestamp: datetime.datetime,
    user_id: int,
    activity_id: int,
    language: str = "",
) -> dict:
    """The statement as an LRS should get it: the learner, ids and activity IRIs set by
    the server (see the module's docstring). Applying it twice changes nothing."""
    result = {key: value for key, value in statement.items() if key not in ("stored", "authority")}
    result["id"] = str(statement_id)
    result["timestamp"] = timestamp.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    result["actor"] = learner_actor(user_id)
    item = result.get("object")
    result["object"] = _activity_object(item if isinstance(item, dict) else {}, activity_id)
    context = dict(_dict(result.get("context")))
    activities = dict(_dict(context.get("contextActivities")))
    for key in ("parent", "grouping"):
        if activities.get(key):
            entries = activities[key]
            entries = entries if isinstance(entries, list) else [entries]
            activities[key] = [
                _activity_object(entry, activity_id) for entry in entries if isinstance(entry, dict)
            ]
    if activities:
        context["contextActivities"] = activities
    context["platform"] = PLATFORM
    if language:
        context["language"] = language
    result["context"] = context
    verb = dict(_dict(result.get("verb")))
    if not verb.get("display"):
        verb["display"] = {"en-US": str(verb.get("id", "")).rstrip("/").rsplit("/", 1)[-1]}
    result["verb"] = verb
    return result


# ---- Validation against xAPI 1.0.3 (Data, section 2.4) -------------------------------

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_ISO_8601 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")
_MBOX = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")
_SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
_STATEMENT_KEYS = {
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
}


def _is_iri(value) -> bool:
    return isinstance(value, str) and bool(_IRI.match(value))


def _language_map_problems(value, where: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where} must be a language map (an object)."]
    return [
        f"{where} has '{key}', which is not a language tag."
        for key, text in value.items()
        if not _LANGUAGE_TAG.match(str(key)) or not isinstance(text, str)
    ]


def _agent_problems(agent, where: str) -> list[str]:
    if not isinstance(agent, dict):
        return [f"{where} must be an object."]
    kind = agent.get("objectType", "Agent")
    identifiers = [key for key in ("mbox", "mbox_sha1sum", "openid", "account") if key in agent]
    problems = []
    if kind == "Group" and not identifiers:
        members = agent.get("member")
        if not isinstance(members, list) or not members:
            problems.append(f"{where}: an anonymous group needs members.")
        return problems
    if kind not in ("Agent", "Group"):
        return [f"{where}.objectType must be Agent or Group."]
    if len(identifiers) != 1:
        return [f"{where} must have exactly one identifier (mbox, mbox_sha1sum, openid, account)."]
    key = identifiers[0]
    value = agent[key]
    if key == "mbox" and not (isinstance(value, str) and _MBOX.match(value)):
        problems.append(f"{where}.mbox must be a mailto: address.")
    if key == "mbox_sha1sum" and not (isinstance(value, str) and _SHA1.match(value)):
        problems.append(f"{where}.mbox_sha1sum must be a SHA-1 in hexadecimal.")
    if key == "openid" and not _is_iri(value):
        problems.append(f"{where}.openid must be a URI.")
    if key == "account":
        if not isinstance(value, dict):
            problems.append(f"{where}.account must be an object.")
        else:
            if not _is_iri(value.get("homePage")):
                problems.append(f"{where}.account.homePage must be an IRL.")
            if not isinstance(value.get("name"), str) or not value.get("name"):
                problems.append(f"{where}.account.name must be a non-empty string.")
    return problems


def _activity_problems(item, where: str) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where} must be an object."]
    problems = []
    if item.get("objectType", "Activity") != "Activity":
        problems.append(f"{where}.objectType must be Activity.")
    if not _is_iri(item.get("id")):
        problems.append(f"{where}.id must be an IRI.")
    definition = item.get("definition")
    if definition is not None:
        if not isinstance(definition, dict):
            problems.append(f"{where}.definition must be an object.")
        else:
            for key in ("name", "description"):
                if key in definition:
                    problems += _language_map_problems(definition[key], f"{where}.definition.{key}")
            if "type" in definition and not _is_iri(definition["type"]):
                problems.append(f"{where}.definition.type must be an IRI.")
    return problems


def _uuid_problem(value, where: str) -> list[str]:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return [f"{where} must be a UUID."]
    return [] if isinstance(value, str) else [f"{where} must be a UUID string."]


def _score_problems(score) -> list[str]:
    if not isinstance(score, dict):
        return ["result.score must be an object."]
    problems = []
    numbers = {}
    for key in ("scaled", "raw", "min", "max"):
        if key in score:
            value = score[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.append(f"result.score.{key} must be a number.")
            else:
                numbers[key] = value
    if "scaled" in numbers and not -1 <= numbers["scaled"] <= 1:
        problems.append("result.score.scaled must be between -1 and 1.")
    low, high, raw = numbers.get("min"), numbers.get("max"), numbers.get("raw")
    if low is not None and high is not None and low >= high:
        problems.append("result.score.min must be less than max.")
    if raw is not None and low is not None and raw < low:
        problems.append("result.score.raw must not be less than min.")
    if raw is not None and high is not None and raw > high:
        problems.append("result.score.raw must not be more than max.")
    return problems


def xapi_statement_problems(statement) -> list[str]:
    """Every way `statement` breaks xAPI 1.0.3's rules for a statement; [] if none."""
    if not isinstance(statement, dict):
        return ["A statement must be an object."]
    problems = [
        f"'{key}' is not a statement property." for key in statement if key not in _STATEMENT_KEYS
    ]
    for key in ("actor", "verb", "object"):
        if key not in statement:
            problems.append(f"A statement must have '{key}'.")
    if "id" in statement:
        problems += _uuid_problem(statement["id"], "id")
    if "actor" in statement:
        problems += _agent_problems(statement["actor"], "actor")
    verb = statement.get("verb")
    if "verb" in statement:
        if not isinstance(verb, dict) or not _is_iri(verb.get("id")):
            problems.append("verb.id must be an IRI.")
        elif "display" in verb:
            problems += _language_map_problems(verb["display"], "verb.display")
    item = statement.get("object")
    if isinstance(item, dict) and item.get("objectType") in ("Agent", "Group"):
        problems += _agent_problems(item, "object")
    elif isinstance(item, dict) and item.get("objectType") == "StatementRef":
        problems += _uuid_problem(item.get("id"), "object.id")
    elif "object" in statement:
        problems += _activity_problems(item, "object")
    result = statement.get("result")
    if result is not None:
        if not isinstance(result, dict):
            problems.append("result must be an object.")
        else:
            if "score" in result:
                problems += _score_problems(result["score"])
            for key in ("success", "completion"):
                if key in result and not isinstance(result[key], bool):
                    problems.append(f"result.{key} must be true or false.")
            if "response" in result and not isinstance(result["response"], str):
                problems.append("result.response must be a string.")
    context = statement.get("context")
    if context is not None:
        if not isinstance(context, dict):
            problems.append("context must be an object.")
        else:
            if "registration" in context:
                problems += _uuid_problem(context["registration"], "context.registration")
            if "language" in context and not _LANGUAGE_TAG.match(str(context["language"])):
                problems.append("context.language must be a language tag.")
            for key, entries in (context.get("contextActivities") or {}).items():
                if key not in ("parent", "grouping", "category", "other"):
                    problems.append(f"context.contextActivities.{key} is not allowed.")
                    continue
                for index, entry in enumerate(entries if isinstance(entries, list) else [entries]):
                    problems += _activity_problems(
                        entry, f"context.contextActivities.{key}[{index}]"
                    )
    if "timestamp" in statement and not (
        isinstance(statement["timestamp"], str) and _ISO_8601.match(statement["timestamp"])
    ):
        problems.append("timestamp must be an ISO 8601 date and time with a time zone.")
    if "version" in statement and not re.match(r"^1\.0(\.\d+)?$", str(statement["version"])):
        problems.append("version must be 1.0.x.")
    return problems


def xapi_statement_for_lrs(statement: dict) -> list[str]:
    """Problems that stop an LRS from using a statement: the 1.0.3 rules, plus what this
    site always sends (an id, a timestamp and an account actor)."""
    problems = xapi_statement_problems(statement)
    for key in ("id", "timestamp"):
        if key not in statement:
            problems.append(f"A statement for an LRS must have '{key}'.")
    return problems

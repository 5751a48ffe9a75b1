"""What the "SCORM course" block of a module body needs to show the course and start it."""

from urllib.parse import quote

from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse

from scorm import serving
from scorm.models import ScormAttempt


def scorm_package_block_context(*, package, parent_context) -> dict:
    parent_context = parent_context or {}
    request, page = parent_context.get("request"), parent_context.get("page")
    token = None
    if request is not None and package is not None:
        token = serving.player_token_issue(request=request, page=page, package=package)
    if token is None:
        return {"scos": []}
    tracked = request.user.is_authenticated
    attempts = {}
    if tracked:
        attempts = {
            attempt.sco: attempt
            for attempt in ScormAttempt.objects.filter(user=request.user, package=package)
        }
    contents, index = [], 0
    for entry in package.contents:
        row = {**entry, "index": None, "attempt": attempts.get(entry["identifier"])}
        if entry.get("launch"):
            row["index"] = index
            row["launch_url"] = serving.sco_launch_url(
                request, token=token, index=index, launch=entry["launch"]
            )
            index += 1
        contents.append(row)
    return {
        "scos": package.scos,
        "contents": contents,
        "package_token": token,
        "tracked": tracked,
        "user_key": str(request.user.pk) if tracked else "",
        "csrf_token": get_token(request) if tracked else "",
        "script_url": static("js/scorm-activity.js"),
        "commits_url": reverse("scorm_commits"),
        "login_url": f"{reverse('login')}?next={quote(request.get_full_path())}",
    }

"""Reads for SCORM tracking: a learner's own progress, and the committee's report."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from scorm.models import ScormAttempt, ScormPackage

REPORTS_PERMISSION = "scorm.change_scormpackage"


def scorm_reports_allowed(user) -> bool:
    return user.is_active and user.has_perm(REPORTS_PERMISSION)


@dataclass(frozen=True)
class CourseProgress:
    package: ScormPackage
    parts: list[tuple[str, ScormAttempt]]  # (part title, attempt) in manifest order

    @property
    def completed(self) -> bool:
        return len(self.parts) == len(self.package.scos) and all(
            attempt.completed for _title, attempt in self.parts
        )


def learner_scorm_progress(*, user) -> list[CourseProgress]:
    """The courses this learner opened, each with the parts they started, in one query."""
    attempts = (
        ScormAttempt.objects.filter(user=user)
        .select_related("package")
        .order_by("package__title", "package_id")
    )
    courses: dict[int, CourseProgress] = {}
    for attempt in attempts:
        package = attempt.package
        course = courses.setdefault(package.pk, CourseProgress(package=package, parts=[]))
        titles = {sco["identifier"]: sco["title"] for sco in package.scos}
        course.parts.append((titles.get(attempt.sco, attempt.sco), attempt))
    for course in courses.values():
        order = [sco["identifier"] for sco in course.package.scos]
        course.parts.sort(
            key=lambda part: order.index(part[1].sco) if part[1].sco in order else len(order)
        )
    return list(courses.values())


@dataclass(frozen=True)
class PackageReportRow:
    title: str
    version: str
    parts: int
    learners: int
    completed: int
    passed: int
    average_score: int | None
    average_minutes: int | None

    @property
    def completion_rate(self) -> int | None:
        return round(100 * self.completed / self.learners) if self.learners else None


def scorm_package_report() -> list[PackageReportRow]:
    """Per package: learners who opened it, who completed or passed, average score and
    time. A learner counts once per package, however many parts they opened; the query
    count does not grow with learners."""
    rows = []
    per_learner = (
        ScormAttempt.objects.values("package_id", "user_id")
        .annotate(
            parts_done=Count(
                "pk", filter=Q(completion_status="completed") | Q(success_status="passed")
            ),
            passed=Count("pk", filter=Q(success_status="passed")),
            score=Avg("score_scaled"),
        )
        .order_by()
    )
    by_package: dict[int, list[dict]] = {}
    for row in per_learner:
        by_package.setdefault(row["package_id"], []).append(row)
    minutes = dict(
        ScormAttempt.objects.values("package_id")
        .annotate(seconds=Avg("total_seconds"))
        .values_list("package_id", "seconds")
    )
    for package in ScormPackage.objects.order_by("title", "pk"):
        learners = by_package.get(package.pk, [])
        parts = len(package.scos)
        scores = [row["score"] for row in learners if row["score"] is not None]
        rows.append(
            PackageReportRow(
                title=package.title,
                version=package.edition or package.scorm_version,
                parts=parts,
                learners=len(learners),
                completed=sum(1 for row in learners if parts and row["parts_done"] >= parts),
                passed=sum(1 for row in learners if parts and row["passed"] >= parts),
                average_score=round(100 * sum(scores) / len(scores)) if scores else None,
                average_minutes=(
                    round(minutes[package.pk] / 60) if minutes.get(package.pk) else None
                ),
            )
        )
    return rows

"""From a group's answers to its organisation level, with the reasons. No database writes.

A dimension's score is the share of its possible points the answers earn. A group
reaches a level when every dimension meets that level's threshold and the
thresholds of all levels below it; its level is the highest level reached (the
lowest level needs nothing). What holds it back are its weaker answers in the
dimensions that fall short of the next level.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from organisation_levels.models import Rubric
from organisation_levels.rubric_words import reason_text, rubric_words
from reference.models import OrganisationLevel


class AnswersInvalid(ValueError):
    """The answers do not fit the rubric; `problems` names each question concerned."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class DimensionScore:
    name: str
    points: int
    possible: int

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.possible) if self.possible else 0


@dataclass(frozen=True)
class LevelResult:
    level: OrganisationLevel
    scores: list[DimensionScore]
    next_level: OrganisationLevel | None = None
    # "Internal control: Inspections happen, but with no written procedure", …
    holding_back: list[str] = field(default_factory=list)


def rubric_questions(rubric: Rubric) -> dict[str, tuple[str, dict]]:
    """Question id → (dimension name, question), in the rubric's order."""
    return {
        question.id: (dimension.value["name"], question.value)
        for dimension in rubric.dimensions
        for question in dimension.value["questions"].bound_blocks
    }


def level_compute(*, rubric: Rubric, answers: Mapping[str, int]) -> LevelResult:
    """The level of a group that chose `answers` (question id → index of the option)."""
    _check_answers(rubric, answers)
    scores: list[DimensionScore] = []
    thresholds: dict[int, list[tuple[DimensionScore, int]]] = {}  # level id → (score, needed)
    for dimension in rubric.dimensions:
        questions = dimension.value["questions"].bound_blocks
        score = DimensionScore(
            name=dimension.value["name"],
            points=sum(q.value["options"][answers[q.id]]["score"] for q in questions),
            possible=sum(max(o["score"] for o in q.value["options"]) for q in questions),
        )
        scores.append(score)
        for threshold in dimension.value["thresholds"]:
            thresholds.setdefault(threshold["level"].pk, []).append(
                (score, threshold["min_percent"])
            )

    levels = list(OrganisationLevel.objects.originals().order_by("rank"))
    reached = levels[0]
    for level in levels[1:]:
        if any(score.percent < needed for score, needed in thresholds.get(level.pk, [])):
            return LevelResult(
                level=reached,
                scores=scores,
                next_level=level,
                holding_back=_holding_back(rubric, answers, thresholds[level.pk]),
            )
        reached = level
    return LevelResult(level=reached, scores=scores)


def _check_answers(rubric: Rubric, answers: Mapping[str, int]) -> None:
    problems = []
    words = None
    for question_id, (dimension, question) in rubric_questions(rubric).items():
        choice = answers.get(question_id)
        valid = isinstance(choice, int) and 0 <= choice < len(question["options"])
        if valid:
            continue
        # Quoted in the reader's language, as the form showed the question (decision
        # 0020); read only when something is wrong.
        words = words or rubric_words(rubric)
        shown = {
            "dimension": words.dimension(dimension),
            "question": words.question(question_id, question)["text"],
        }
        if choice is None:
            problems.append(_("%(dimension)s: “%(question)s” is not answered.") % shown)
        else:
            problems.append(
                _("%(dimension)s: “%(question)s” has no answer number %(choice)s.")
                % {**shown, "choice": choice}
            )
    unknown = set(answers) - set(rubric_questions(rubric))
    if unknown:
        problems.append(
            _("%(count)s answers are for questions not in this rubric.") % {"count": len(unknown)}
        )
    if problems:
        raise AnswersInvalid(problems)


def _holding_back(rubric, answers, failing) -> list[str]:
    short = {score.name for score, needed in failing if score.percent < needed}
    reasons = []
    for question_id, (dimension, question) in rubric_questions(rubric).items():
        if dimension not in short:
            continue
        chosen = question["options"][answers[question_id]]
        if chosen["score"] < max(option["score"] for option in question["options"]):
            reasons.append(reason_text(dimension, chosen["label"]))
    return reasons

"""The words of a rubric version in the reader's language (decision 0020).

Scores, thresholds and stored answers always use the original version; its translation
(a wagtail-localize translation of the same version) only gives the words. They are
matched to the original by block id, else by position, so a translation can neither
add, drop nor reorder an answer: an assessment reads the same, in every language, after
a translation changes (only the wording it shows follows the translation).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reference.localized import localized


@dataclass
class RubricWords:
    dimensions: dict[str, str] = field(default_factory=dict)  # original name → shown
    descriptions: dict[str, str] = field(default_factory=dict)  # original name → shown
    questions: dict[str, dict] = field(default_factory=dict)  # question id → shown words
    reasons: dict[str, str] = field(default_factory=dict)  # stored reason → shown

    def dimension(self, name: str) -> str:
        return self.dimensions.get(name, name)

    def question(self, question_id: str, question: dict) -> dict:
        """{"text", "guidance", "options": [labels]} of one question as shown."""
        return self.questions.get(question_id) or {
            "text": question["text"],
            "guidance": question.get("guidance") or "",
            "options": [option["label"] for option in question["options"]],
        }

    def reason(self, stored: str) -> str:
        return self.reasons.get(stored, stored)


def reason_text(dimension: str, answer: str) -> str:
    """What holds a group back, as stored with the assessment (in the original's words)."""
    return f"{dimension}: {answer}"


def rubric_words(rubric) -> RubricWords:
    """The words of `rubric` (an original version) in the active language."""
    words = RubricWords()
    shown = localized(rubric)
    if shown is rubric or shown.pk == rubric.pk:
        return words
    originals = _items(rubric.dimensions.raw_data)
    translated = _items(shown.dimensions.raw_data)
    for position, dimension in enumerate(originals):
        other = _match(translated, dimension, position)
        name = dimension["value"]["name"]
        other_value = other["value"] if other else {}
        shown_name = other_value.get("name") or name
        words.dimensions[name] = shown_name
        words.descriptions[name] = other_value.get("description") or dimension["value"].get(
            "description", ""
        )
        other_questions = _items(other_value.get("questions", []))
        for index, question in enumerate(_items(dimension["value"]["questions"])):
            value = question["value"]
            other_question = (_match(other_questions, question, index) or {}).get("value", {})
            options = _items(value["options"])
            other_options = _items(other_question.get("options", []))
            labels = []
            for number, option in enumerate(options):
                other_option = (_match(other_options, option, number) or {}).get("value", {})
                label = other_option.get("label") or option["value"]["label"]
                labels.append(label)
                words.reasons[reason_text(name, option["value"]["label"])] = _(
                    "%(dimension)s: %(answer)s"
                ) % {"dimension": shown_name, "answer": label}
            words.questions[question["id"]] = {
                "text": other_question.get("text") or value["text"],
                "guidance": other_question.get("guidance") or value.get("guidance") or "",
                "options": labels,
            }
    return words


def _items(raw) -> list[dict]:
    """Stream or list children in block format ({"type", "value", "id"})."""
    items = []
    for child in raw or []:
        if isinstance(child, dict) and "value" in child:
            items.append(child)
        else:  # a list item stored without block format: no id, matched by position
            items.append({"value": child, "id": None})
    return items


def _match(candidates: list[dict], original: dict, position: int):
    if original.get("id"):
        for candidate in candidates:
            if candidate.get("id") == original["id"]:
                return candidate
    return candidates[position] if position < len(candidates) else None

"""Reading and checking the seed curriculum files (content/seed/modules/*.toml).

Parsing is kept apart from writing so every problem in every file is found
and reported before anything is stored.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError

from modules.blocks import ADAPTATION_SLOT_KEYS
from modules.models import TrainingModulePage
from modules.prerequisites import prerequisite_path_back_to
from reference.models import Commodity, DeliveryMethod, NeedArea, OrganisationLevel, Standard, Theme

SEED_DIRECTORY = Path(__file__).resolve().parent / "seed" / "modules"

TAXONOMIES = {
    "levels": OrganisationLevel,
    "themes": Theme,
    "need_areas": NeedArea,
    "standards": Standard,
    "commodities": Commodity,
    "delivery_methods": DeliveryMethod,
}
REQUIRED_TAXONOMIES = ("levels", "themes", "delivery_methods")
REQUIRED_FIELDS = ("code", "title", "summary", "duration_minutes", "objectives", "body")


class SeedError(Exception):
    """The seed files have problems; `problems` lists each one with its file."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class SeedModule:
    """One module as the seed file describes it, with taxonomy slugs resolved to objects."""

    source: str
    code: str
    title: str
    summary: str
    duration_minutes: int
    objectives: list[str]
    body: list[dict]
    prerequisite_codes: list[str]
    terms: dict[str, list] = field(default_factory=dict)


def seed_modules_read(*, directory: Path = SEED_DIRECTORY) -> list[SeedModule]:
    """Parse and check every seed file. Raises SeedError naming every problem found."""
    problems: list[str] = []
    modules: list[SeedModule] = []
    terms_by_taxonomy = {
        name: {term.slug: term for term in model.objects.originals()}
        for name, model in TAXONOMIES.items()
    }
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise SeedError([f"{directory}: no seed module files (*.toml) found."])

    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            problems.append(f"{path.name}: not valid TOML ({error}).")
            continue
        module = _module_from_data(path.name, data, terms_by_taxonomy, problems)
        if module is not None:
            modules.append(module)

    _check_codes_and_prerequisites(modules, problems)
    if problems:
        raise SeedError(problems)
    return modules


def _module_from_data(source, data, terms_by_taxonomy, problems) -> SeedModule | None:
    missing = [name for name in REQUIRED_FIELDS if not data.get(name)]
    if missing:
        problems.append(f"{source}: missing {', '.join(missing)}.")
        return None
    if not isinstance(data["duration_minutes"], int) or data["duration_minutes"] <= 0:
        problems.append(f"{source}: duration_minutes must be a positive whole number.")

    terms = {}
    for name, by_slug in terms_by_taxonomy.items():
        slugs = data.get(name, [])
        unknown = [slug for slug in slugs if slug not in by_slug]
        if unknown:
            problems.append(f"{source}: unknown {name} {', '.join(map(repr, unknown))}.")
        if name in REQUIRED_TAXONOMIES and not slugs:
            problems.append(f"{source}: {name} needs at least one value.")
        terms[name] = [by_slug[slug] for slug in slugs if slug in by_slug]

    _check_lengths(source, data, problems)
    _check_stream(
        source,
        "objectives",
        [{"type": "objective", "value": text} for text in data["objectives"]],
        problems,
    )

    body = []
    for number, block in enumerate(data["body"], start=1):
        try:
            body.append(_raw_block(block))
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"{source}: body block {number} ({block.get('type')!r}): {error}.")
    _check_stream(source, "body", body, problems)

    return SeedModule(
        source=source,
        code=str(data["code"]).strip().upper(),
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        duration_minutes=data["duration_minutes"],
        objectives=[objective.strip() for objective in data["objectives"]],
        body=body,
        prerequisite_codes=[code.strip().upper() for code in data.get("prerequisites", [])],
        terms=terms,
    )


def _check_lengths(source: str, data: dict, problems: list[str]) -> None:
    """The limits the module editor enforces on its plain fields."""
    for name in ("code", "title", "summary"):
        limit = TrainingModulePage._meta.get_field(name).max_length
        if len(str(data[name]).strip()) > limit:
            problems.append(f"{source}: {name} is longer than {limit} characters.")


def _check_stream(source: str, name: str, raw: list, problems: list[str]) -> None:
    """Validate stream data with the same blocks (and rules) as the module editor."""
    stream_block = TrainingModulePage._meta.get_field(name).stream_block
    try:
        stream_block.clean(stream_block.to_python(raw))
    except ValidationError as error:
        problems.append(f"{source}: {name} does not validate: {_flatten(error)}")


def _raw_block(block: dict) -> dict:
    """The TOML shape of a block (see content/seed/README.md) as Wagtail's raw stream data."""
    kind = block["type"]
    if kind == "text":
        value = block["html"]
    elif kind == "field_exercise":
        value = {
            "title": block["title"],
            "time_minutes": block["time_minutes"],
            "materials": list(block.get("materials", [])),
            "steps": list(block["steps"]),
        }
    elif kind == "knowledge_check":
        options, correct = block["options"], block["correct"]
        if not 1 <= correct <= len(options):
            raise ValueError(f"correct is {correct}, but there are {len(options)} options")
        value = {
            "question": block["question"],
            "options": [
                {"text": text, "is_correct": number == correct}
                for number, text in enumerate(options, start=1)
            ],
            "explanation": block["explanation"],
        }
    elif kind == "facilitator_note":
        value = {"text": block["html"]}
    elif kind == "discussion_questions":
        value = {"intro": block.get("intro", ""), "questions": list(block["questions"])}
    elif kind == "adaptation_slot":
        if block["key"] not in dict(ADAPTATION_SLOT_KEYS):
            raise ValueError(f"unknown adaptation slot key {block['key']!r}")
        value = {
            "key": block["key"],
            "prompt": block["prompt"],
            "default_text": block["default_html"],
        }
    else:
        raise ValueError(f"unknown block type {kind!r}")
    return {"type": kind, "value": value}


def _check_codes_and_prerequisites(modules: list[SeedModule], problems: list[str]) -> None:
    by_code: dict[str, SeedModule] = {}
    for module in modules:
        if module.code in by_code:
            other = by_code[module.code].source
            problems.append(f"{module.source}: code {module.code} is also used by {other}.")
        by_code[module.code] = module
    for module in modules:
        for code in module.prerequisite_codes:
            if code == module.code:
                problems.append(f"{module.source}: {code} lists itself as a prerequisite.")
            elif code not in by_code:
                problems.append(f"{module.source}: prerequisite {code} is not a seed module.")
    cycle = _prerequisite_cycle(modules)
    if cycle:
        problems.append(f"prerequisites make a loop: {' → '.join(cycle)}.")


def _prerequisite_cycle(modules: list[SeedModule]) -> list[str]:
    graph = {module.code: module.prerequisite_codes for module in modules}
    for code in graph:
        if path := prerequisite_path_back_to(start=code, edges=graph):
            return path
    return []


def _flatten(error: ValidationError, top: bool = True) -> str:
    """A block validation error as 'block 5 → materials → item 1: message', counting from 1."""
    if hasattr(error, "block_errors"):
        parts = [str(message) for message in error.non_block_errors]
        for key, child in error.block_errors.items():
            where = (
                (f"block {key + 1}" if top else f"item {key + 1}") if isinstance(key, int) else key
            )
            parts.append(f"{where} → {_flatten(child, top=False)}")
        return "; ".join(parts)
    return "; ".join(error.messages)

import shutil

import pytest
from django.core.management import CommandError, call_command

from content.seed import SEED_DIRECTORY
from modules.factories import TrainingModulePageFactory
from modules.models import ModulePrerequisite, TrainingModulePage
from reference.models import NeedArea, OrganisationLevel, Theme
from tests.loaded_once import seed_curriculum_loaded

pytestmark = pytest.mark.django_db


def load():
    call_command("load_seed_curriculum", stdout=open("/dev/null", "w"))  # noqa: SIM115


def loaded():
    """The seed as `load()` leaves it: loaded for real by the process's first test that asks,
    written back as the same rows after that (tests/loaded_once.py)."""
    seed_curriculum_loaded()


def test_loading_twice_changes_nothing_the_second_time():
    loaded()
    pages = {page.code: page for page in TrainingModulePage.objects.all()}
    revisions = {code: page.revisions.count() for code, page in pages.items()}
    prerequisite_count = ModulePrerequisite.objects.count()

    load()

    assert TrainingModulePage.objects.count() == len(pages) >= 12
    assert {
        page.code: page.revisions.count() for page in TrainingModulePage.objects.all()
    } == revisions
    assert ModulePrerequisite.objects.count() == prerequisite_count


def test_the_seed_curriculum_covers_every_theme_level_and_need_area():
    loaded()
    modules = TrainingModulePage.objects.live()

    for model, relation in [
        (Theme, "themes"),
        (OrganisationLevel, "levels"),
        (NeedArea, "need_areas"),
    ]:
        used = set(modules.values_list(f"{relation}__slug", flat=True))
        assert set(model.objects.values_list("slug", flat=True)) <= used, relation


def test_every_seed_module_is_complete_and_published():
    loaded()

    for module in TrainingModulePage.objects.all():
        kinds = {block.block_type for block in module.body}
        assert module.live, module.code
        assert len(module.objectives) >= 3, module.code
        assert {"field_exercise", "knowledge_check", "adaptation_slot", "text"} <= kinds, (
            module.code
        )


def test_seed_prerequisites_are_linked():
    loaded()

    ics = TrainingModulePage.objects.get(code="QM-01")

    assert [link.prerequisite.code for link in ics.prerequisite_links.all()] == ["PO-02"]


@pytest.fixture
def seed_copy(tmp_path, settings):
    """A writable copy of the seed files, which the loader is pointed at."""
    directory = tmp_path / "modules"
    shutil.copytree(SEED_DIRECTORY, directory)
    return directory


def load_from(directory):
    from content.services import seed_curriculum_load

    return seed_curriculum_load(directory=directory)


def test_an_edited_file_is_saved_as_a_new_revision_keeping_block_ids(seed_copy):
    load_from(seed_copy)
    module = TrainingModulePage.objects.get(code="PO-01")
    block_ids = [block.id for block in module.body]
    revisions = module.revisions.count()
    path = seed_copy / "po-01.toml"
    path.write_text(path.read_text().replace("duration_minutes = 180", "duration_minutes = 200"))

    result = load_from(seed_copy)

    module.refresh_from_db()
    assert result.updated == ["PO-01"]
    assert module.duration_minutes == 200
    assert module.revisions.count() == revisions + 1
    assert [block.id for block in module.body] == block_ids


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (
            lambda text: text.replace('levels = ["low"]', 'levels = ["expert"]'),
            "unknown levels 'expert'",
        ),
        (lambda text: text + "\n[[body]]\ntype = 'poem'\n", "unknown block type 'poem'"),
        (lambda text: text.replace("code = ", "code_ = "), "missing code"),
        (lambda text: text.replace('title = "', "title = "), "not valid TOML"),
    ],
)
def test_a_broken_seed_file_is_named_and_nothing_is_written(seed_copy, breakage, message):
    path = seed_copy / "po-01.toml"
    path.write_text(breakage(path.read_text()))
    from content.services import seed_curriculum_load

    with pytest.raises(Exception) as error:
        seed_curriculum_load(directory=seed_copy)

    assert "po-01.toml" in str(error.value)
    assert message in str(error.value)
    assert TrainingModulePage.objects.count() == 0


def test_a_wrong_knowledge_check_answer_and_a_loop_are_both_reported(seed_copy):
    qm = seed_copy / "qm-01.toml"
    qm.write_text(qm.read_text().replace("correct = ", "correct = 9 # was ", 1))
    po = seed_copy / "po-01.toml"
    po.write_text(po.read_text().replace("prerequisites = []", 'prerequisites = ["QM-01"]'))

    with pytest.raises(Exception) as error:
        load_from(seed_copy)

    problems = error.value.problems
    assert any(p.startswith("qm-01.toml: body block") and "correct is 9" in p for p in problems)
    assert any("prerequisites make a loop" in p for p in problems)


def test_the_command_reports_problems_without_a_traceback(monkeypatch, seed_copy):
    (seed_copy / "po-01.toml").write_text("code = 'PO-01'\n")
    monkeypatch.setattr("content.services.SEED_DIRECTORY", seed_copy)
    monkeypatch.setattr(
        "content.management.commands.load_seed_curriculum.seed_curriculum_load",
        lambda: load_from(seed_copy),
    )

    with pytest.raises(CommandError) as error:
        load()

    assert "nothing was changed" in str(error.value)
    assert "po-01.toml: missing" in str(error.value)


def test_modules_edited_in_the_cms_are_never_overwritten(seed_copy, committee_member):
    load_from(seed_copy)
    edited = TrainingModulePage.objects.get(code="PO-01")
    edited.title = "Forming a group, the committee's version"
    edited.save_revision(user=committee_member).publish()  # as if approved in review
    in_review = TrainingModulePage.objects.get(code="QM-01")
    in_review.get_workflow().start(in_review, committee_member)
    for name in ("po-01.toml", "qm-01.toml"):
        path = seed_copy / name
        path.write_text(path.read_text().replace("duration_minutes = ", "duration_minutes = 1"))

    result = load_from(seed_copy)

    assert sorted(result.kept) == ["PO-01", "QM-01"]
    assert result.updated == []
    edited.refresh_from_db()
    assert edited.title == "Forming a group, the committee's version"
    in_review.refresh_from_db()
    assert in_review.workflow_in_progress
    assert in_review.duration_minutes == 240


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (
            lambda text: text.replace('summary = "', 'summary = "' + "x" * 400),
            "summary is longer than 400",
        ),
        (
            lambda text: text.replace("objectives = [", 'objectives = ["' + "y" * 301 + '", '),
            "objectives does not validate",
        ),
    ],
)
def test_seed_fields_follow_the_editors_limits(seed_copy, breakage, message):
    path = seed_copy / "po-01.toml"
    path.write_text(breakage(path.read_text()))

    with pytest.raises(Exception) as error:
        load_from(seed_copy)

    assert f"po-01.toml: {message}" in str(error.value)


def test_an_address_taken_by_another_page_is_reported(seed_copy, backpack):
    from content.factories import StandardPageFactory

    StandardPageFactory(parent=backpack.get_parent(), title="x")  # not in the backpack: fine
    TrainingModulePageFactory(parent=backpack, code="OTHER-1", slug="po-01")

    with pytest.raises(Exception) as error:
        load_from(seed_copy)

    assert "po-01.toml: the address /po-01/ is already used by another page." in str(error.value)
    assert not TrainingModulePage.objects.filter(code="PO-01").exists()

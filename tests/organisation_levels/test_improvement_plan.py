"""The QMS improvement plan: cycles, items, overdue, carry-over, progress (issue 5, point 4)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from modules.factories import TrainingModulePageFactory
from organisation_levels.evidence import evidence_uploads_check
from organisation_levels.factories import ImprovementCycleFactory, ImprovementItemFactory
from organisation_levels.models import ImprovementCycle, ImprovementItem, ImprovementItemEvidence
from organisation_levels.selectors import cycle_items_by_stage, plan_progress
from organisation_levels.services import (
    improvement_cycle_close,
    improvement_cycle_start,
    improvement_item_save,
)
from tests.dates import FromToday, days_from_today, on_the_day, today

pytestmark = pytest.mark.django_db

Status = ImprovementItem.Status


def test_a_manager_starts_the_first_cycle(group, manager):
    cycle = improvement_cycle_start(group=group, user=manager, title="2027 quality plan")

    assert (cycle.number, cycle.status, cycle.starts_on) == (1, "open", today())


def test_a_second_open_cycle_is_refused_with_a_reason(group, manager):
    improvement_cycle_start(group=group, user=manager, title="2027 quality plan")

    with pytest.raises(ValidationError, match="already has an open cycle"):
        improvement_cycle_start(group=group, user=manager, title="Another plan")

    assert group.improvement_cycles.count() == 1


def test_the_database_itself_allows_one_open_cycle_per_group(group):
    ImprovementCycleFactory(group=group, number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementCycleFactory(group=group, number=2)


def test_only_people_who_may_change_the_group_start_a_cycle(
    group, vietnam_group, ghana_platform_member, ghana_viewer, committee_member
):
    improvement_cycle_start(group=group, user=ghana_platform_member, title="Platform's plan")
    for outsider, target in [
        (ghana_platform_member, vietnam_group),
        # Both read the Ghanaian group, and neither may change it.
        (ghana_viewer, group),
        (committee_member, group),
    ]:
        with pytest.raises(PermissionDenied):
            improvement_cycle_start(group=target, user=outsider, title="Not mine")
    assert not vietnam_group.improvement_cycles.exists()
    assert group.improvement_cycles.count() == 1


def test_finishing_an_item_stamps_its_completion_date_and_reopening_clears_it(group, manager):
    item = ImprovementItemFactory(cycle__group=group)

    item.status = Status.DONE
    improvement_item_save(item=item, user=manager)
    assert ImprovementItem.objects.get(pk=item.pk).completed_on == today()

    item.status = Status.IN_PROGRESS
    improvement_item_save(item=item, user=manager)
    assert ImprovementItem.objects.get(pk=item.pk).completed_on is None


def test_nobody_sets_carried_over_by_hand(group, manager):
    item = ImprovementItemFactory(cycle__group=group)
    item.status = Status.CARRIED_OVER

    with pytest.raises(ValidationError, match="Only closing a cycle"):
        improvement_item_save(item=item, user=manager)

    assert ImprovementItem.objects.get(pk=item.pk).status == Status.TO_DO


def test_closing_a_cycle_carries_open_items_into_the_next(group, manager, backpack):
    module = TrainingModulePageFactory(parent=backpack, code="QMS-01")
    cycle = ImprovementCycleFactory(group=group)
    unfinished = ImprovementItemFactory(
        cycle=cycle,
        stage="do",
        status=Status.IN_PROGRESS,
        owner="Kofi",
        due_date=days_from_today(-1),
    )
    unfinished.modules.add(module)
    not_started = ImprovementItemFactory(cycle=cycle, stage="plan", status=Status.TO_DO)
    done = ImprovementItemFactory(cycle=cycle, status=Status.DONE, completed_on=days_from_today(-1))
    dropped = ImprovementItemFactory(cycle=cycle, status=Status.DROPPED)

    next_cycle = improvement_cycle_close(
        cycle=cycle,
        user=manager,
        review_notes="Inspections improved; records still missing.",
        next_title="2028 quality plan",
    )

    cycle.refresh_from_db()
    assert (cycle.status, cycle.closed_by, cycle.review_notes) == (
        "closed",
        manager,
        "Inspections improved; records still missing.",
    )
    assert (next_cycle.number, next_cycle.status) == (2, "open")
    carried = {item.carried_from_id: item for item in next_cycle.items.all()}
    assert set(carried) == {unfinished.pk, not_started.pk}
    copy = carried[unfinished.pk]
    assert (copy.stage, copy.status, copy.owner, copy.due_date) == (
        "do",
        Status.IN_PROGRESS,
        "Kofi",
        days_from_today(-1),
    )
    assert list(copy.modules.all()) == [module]
    statuses = dict(cycle.items.values_list("pk", "status"))
    assert statuses == {
        unfinished.pk: Status.CARRIED_OVER,
        not_started.pk: Status.CARRIED_OVER,
        done.pk: Status.DONE,
        dropped.pk: Status.DROPPED,
    }


def test_evidence_files_go_on_with_the_carried_work(group, manager):
    cycle = ImprovementCycleFactory(group=group)
    unfinished = ImprovementItemFactory(cycle=cycle, status=Status.IN_PROGRESS)
    improvement_item_save(
        item=unfinished,
        user=manager,
        evidence=evidence_uploads_check([SimpleUploadedFile("half-done.pdf", b"%PDF-1.4")]),
    )

    next_cycle = improvement_cycle_close(
        cycle=cycle, user=manager, review_notes="Half way.", next_title="Next"
    )

    copy = next_cycle.items.get()
    assert [f.original_name for f in copy.evidence_files.all()] == ["half-done.pdf"]
    assert not unfinished.evidence_files.exists()


def test_a_file_that_fails_to_store_takes_the_earlier_ones_with_it(group, manager, monkeypatch):
    item = ImprovementItemFactory(cycle__group=group)
    uploads = evidence_uploads_check(
        [SimpleUploadedFile(name, b"%PDF-1.4") for name in ("one.pdf", "two.pdf")]
    )
    storage = ImprovementItemEvidence._meta.get_field("file").storage
    original_save = storage.save
    names = []

    def save_then_fail_second(name, content, **kwargs):
        if names:
            raise OSError("disk full")
        names.append(original_save(name, content, **kwargs))
        return names[-1]

    monkeypatch.setattr(storage, "save", save_then_fail_second)

    with pytest.raises(OSError):
        improvement_item_save(item=item, user=manager, evidence=uploads)

    assert not ImprovementItemEvidence.objects.exists()
    assert names and not storage.exists(names[0])


def test_a_closed_cycle_neither_closes_again_nor_takes_changes(group, manager):
    cycle = ImprovementCycleFactory(group=group)
    item = ImprovementItemFactory(cycle=cycle, status=Status.DONE)
    improvement_cycle_close(cycle=cycle, user=manager, review_notes="Done.", next_title="Next")

    with pytest.raises(ValidationError, match="already closed"):
        improvement_cycle_close(cycle=cycle, user=manager, review_notes="x", next_title="y")
    item.description = "Rewritten history"
    with pytest.raises(ValidationError, match="closed"):
        improvement_item_save(item=item, user=manager)

    assert ImprovementCycle.objects.filter(group=group).count() == 2
    assert ImprovementItem.objects.get(pk=item.pk).description != "Rewritten history"


@pytest.mark.parametrize(
    "statuses_and_due, expected",
    [
        ([], {"done": 0, "counted": 0, "overdue": 0, "percent": 0}),
        ([(Status.DONE, FromToday(-1))], {"done": 1, "counted": 1, "overdue": 0, "percent": 100}),
        # Due today is not overdue yet; due yesterday and still open is.
        (
            [
                (Status.TO_DO, FromToday(0)),
                (Status.IN_PROGRESS, FromToday(-1)),
                (Status.DONE, None),
            ],
            {"done": 1, "counted": 3, "overdue": 1, "percent": 33},
        ),
        # Dropped and carried-over items do not count against the cycle.
        (
            [
                (Status.DROPPED, FromToday(-1)),
                (Status.CARRIED_OVER, FromToday(-1)),
                (Status.DONE, None),
            ],
            {"done": 1, "counted": 1, "overdue": 0, "percent": 100},
        ),
        (
            [(Status.TO_DO, None), (Status.TO_DO, FromToday(1))],
            {"done": 0, "counted": 2, "overdue": 0, "percent": 0},
        ),
    ],
)
def test_plan_progress(group, statuses_and_due, expected):
    cycle = ImprovementCycleFactory(group=group)
    for status, due in statuses_and_due:
        ImprovementItemFactory(cycle=cycle, status=status, due_date=on_the_day(due))

    progress = plan_progress(cycle=cycle)

    assert {
        "done": progress.done,
        "counted": progress.counted,
        "overdue": progress.overdue,
        "percent": progress.percent_done,
    } == expected


def test_items_are_shown_by_stage_with_overdue_ones_first(group):
    cycle = ImprovementCycleFactory(group=group)
    later = ImprovementItemFactory(cycle=cycle, stage="do", due_date=days_from_today(1))
    late = ImprovementItemFactory(cycle=cycle, stage="do", due_date=days_from_today(-1))
    undated = ImprovementItemFactory(cycle=cycle, stage="do", due_date=None)
    check = ImprovementItemFactory(cycle=cycle, stage="check")

    stages = cycle_items_by_stage(cycle=cycle)

    assert [stage for stage, _label, _items in stages] == ["plan", "do", "check", "act"]
    assert stages[1][2][0] == late
    assert set(stages[1][2]) == {later, late, undated}
    assert stages[2][2] == [check]

"""Thin Celery tasks: they call the service that does the work."""

from celery import shared_task


@shared_task
def groups_reference_index_write(group_ids: list[int]) -> None:
    # Imported here: group_import imports this module to enqueue the task.
    from organisation_levels.group_import import groups_reference_index_write

    groups_reference_index_write(group_ids=group_ids)

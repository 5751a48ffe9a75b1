"""Store the list items of module bodies in Wagtail's block format.

Answer options, materials, steps and discussion questions written by the seed loader,
the factories and "Adapt for your country" were plain lists. wagtail-localize offers a
translator only list items stored as {"type": "item", "value": …, "id": …}, so these
never reached translators (decision 0010). Pages and every revision of generic and
adapted modules are rewritten; items already in that format keep their ids. Reading
both formats is Wagtail's own job, so going back needs no change.

Self-contained on purpose: the block paths are written out here rather than read from
modules.blocks, which will keep changing after this migration has run.
"""

import json
import uuid

from django.db import migrations

LIST_FIELDS = {
    "knowledge_check": ("options",),
    "field_exercise": ("materials", "steps"),
    "discussion_questions": ("questions",),
}
MODELS = ("trainingmodulepage", "adaptedmodulepage")


def _item(value):
    if isinstance(value, dict) and value.get("type") == "item" and "value" in value:
        return value if value.get("id") else {**value, "id": str(uuid.uuid4())}
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def body_in_block_format(body):
    """(new body, changed?) for raw stream data given as a list or a JSON string."""
    as_text = isinstance(body, str)
    blocks = json.loads(body) if as_text else body
    if not isinstance(blocks, list):
        return body, False
    changed = False
    for block in blocks:
        value = block.get("value") if isinstance(block, dict) else None
        for name in LIST_FIELDS.get(block.get("type") if isinstance(block, dict) else None, ()):
            items = value.get(name) if isinstance(value, dict) else None
            if not isinstance(items, list):
                continue
            converted = [_item(item) for item in items]
            if converted != items:
                value[name] = converted
                changed = True
    if not changed:
        return body, False
    return (json.dumps(blocks) if as_text else blocks), True


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    for model_name in MODELS:
        model = apps.get_model("modules", model_name)
        for page in model.objects.all().iterator():
            body, changed = body_in_block_format(list(page.body.raw_data) if page.body else [])
            if changed:
                # Through the queryset: no save() side effects, no new revision.
                model.objects.filter(pk=page.pk).update(body=body)
        content_type = ContentType.objects.filter(app_label="modules", model=model_name).first()
        if content_type is None:
            continue
        for revision in Revision.objects.filter(content_type=content_type).iterator():
            content = revision.content or {}
            if "body" not in content:
                continue
            body, changed = body_in_block_format(content["body"])
            if changed:
                content["body"] = body
                Revision.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0010_h5p_activity"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

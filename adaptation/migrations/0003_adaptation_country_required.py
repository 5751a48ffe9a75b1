"""An adapted module's country is required: every adaptation has one since 0002."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("adaptation", "0002_adaptation_country")]

    operations = [
        migrations.AlterField(
            model_name="adaptedmodulepage",
            name="country",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="adaptations",
                to="reference.country",
                verbose_name="country",
            ),
        ),
    ]

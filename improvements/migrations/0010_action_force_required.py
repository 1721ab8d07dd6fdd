"""Action.force is required, and indexed with the due date for a force's lists. A migration
of its own, after the data migration has committed (PostgreSQL refuses to alter a table
with pending trigger events)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("improvements", "0009_action_force_fill")]

    operations = [
        migrations.AlterField(
            model_name="action",
            name="force",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="inspections.force",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["force", "effective_due_date", "id"], name="action_force_due"
            ),
        ),
    ]

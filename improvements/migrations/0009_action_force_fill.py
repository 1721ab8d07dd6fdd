"""Every existing action takes its finding's force (see Action.force)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Action = apps.get_model("improvements", "Action")
    Finding = apps.get_model("inspections", "Finding")
    force = Finding.objects.filter(pk=OuterRef("finding_id")).values("inspection__force_id")[:1]
    Action.objects.filter(force__isnull=True).update(force_id=Subquery(force))


class Migration(migrations.Migration):
    dependencies = [("improvements", "0008_action_force")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]

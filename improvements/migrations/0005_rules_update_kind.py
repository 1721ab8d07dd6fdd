"""ActionUpdate.kind: what each timeline entry records, as data.

Existing entries are classified from their wording and shape, the way the page used to
tell them apart; existing evidence gets its `evidence_added` entry (at the time it was
added, by whoever added it), so asking for entries by kind finds every one.
"""

from django.db import migrations, models

STATUS_KINDS = ["status_change", "returned"]


def kind_of(update) -> str:
    note = update.note
    if update.to_status:
        if update.from_status == "submitted" and update.to_status == "in_progress":
            return "returned"
        return "status_change"
    if note.startswith("Action created"):
        return "created"
    if note.startswith("Proposed a new due date"):
        return "due_date_proposed"
    if note.startswith("Agreed the new due date"):
        return "due_date_agreed"
    if note.startswith("Declined the proposed due date"):
        return "due_date_declined"
    if note.startswith("Details changed"):
        return "details_changed"
    if update.progress is not None:
        return "progress"
    return "note"


def classify(apps, schema_editor):
    ActionUpdate = apps.get_model("improvements", "ActionUpdate")
    Evidence = apps.get_model("improvements", "Evidence")
    by_kind: dict[str, list[int]] = {}
    for update in ActionUpdate.objects.only(
        "pk", "note", "from_status", "to_status", "progress"
    ).iterator(chunk_size=2000):
        by_kind.setdefault(kind_of(update), []).append(update.pk)
    for kind, ids in by_kind.items():
        for start in range(0, len(ids), 900):
            ActionUpdate.objects.filter(pk__in=ids[start : start + 900]).update(kind=kind)
    ActionUpdate.objects.bulk_create(
        [
            ActionUpdate(
                action_id=item.action_id,
                author_id=item.added_by_id,
                created_at=item.added_at,
                kind="evidence_added",
                note=f"Evidence added: {item.description}",
            )
            for item in Evidence.objects.only(
                "action_id", "added_by_id", "added_at", "description"
            ).iterator(chunk_size=2000)
        ],
        batch_size=1000,
    )


def unclassify(apps, schema_editor):
    ActionUpdate = apps.get_model("improvements", "ActionUpdate")
    ActionUpdate.objects.filter(kind="evidence_added").delete()


class Migration(migrations.Migration):
    # The constraints follow in 0005_rules_update_kind_constraints: on PostgreSQL a table
    # cannot be altered in the transaction that just updated its rows ("pending trigger
    # events"), so the data migration commits first.
    dependencies = [
        ("improvements", "0004_rules_effective_due_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionupdate",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "Action created"),
                    ("note", "Update"),
                    ("progress", "Progress updated"),
                    ("status_change", "Status changed"),
                    ("returned", "Returned to the force"),
                    ("due_date_proposed", "New due date proposed"),
                    ("due_date_agreed", "New due date agreed"),
                    ("due_date_declined", "New due date declined"),
                    ("details_changed", "Details changed"),
                    ("evidence_added", "Evidence added"),
                ],
                default="note",
                max_length=20,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(classify, unclassify),
    ]

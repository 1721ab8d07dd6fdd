from django.db import migrations, models

STATUS_KINDS = ["status_change", "returned"]


class Migration(migrations.Migration):
    dependencies = [
        ("improvements", "0005_rules_update_kind"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="actionupdate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "created",
                            "note",
                            "progress",
                            "status_change",
                            "returned",
                            "due_date_proposed",
                            "due_date_agreed",
                            "due_date_declined",
                            "details_changed",
                            "evidence_added",
                        ],
                    )
                ),
                name="update_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="actionupdate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("kind__in", STATUS_KINDS), models.Q(("to_status", ""), _negated=True)
                    ),
                    models.Q(
                        models.Q(("kind__in", STATUS_KINDS), _negated=True), ("to_status", "")
                    ),
                    _connector="OR",
                ),
                name="update_kind_matches_status_change",
            ),
        ),
        migrations.AddIndex(
            model_name="actionupdate",
            index=models.Index(fields=["action", "kind"], name="update_action_kind"),
        ),
    ]

"""ImportRun.status (running / finished / interrupted), and the pid and host that run it."""

from django.db import migrations, models


def close_old_runs(apps, schema_editor):
    ImportRun = apps.get_model("notes", "ImportRun")
    ImportRun.objects.filter(finished__isnull=False).update(status="finished")
    # A run unfinished before this migration has no process to check: it was interrupted.
    ImportRun.objects.filter(finished__isnull=True).update(
        status="interrupted", finished=models.F("started")
    )


class Migration(migrations.Migration):

    dependencies = [
        ("notes", "0006_seed_speakers"),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("running", "running"),
                    ("finished", "finished"),
                    ("interrupted", "interrupted"),
                ],
                db_index=True,
                default="running",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="importrun",
            name="pid",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="importrun",
            name="host",
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.RunPython(close_old_runs, migrations.RunPython.noop),
    ]

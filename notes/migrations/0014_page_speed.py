"""The content generation row that keys the cache of public pages (notes.page_cache)."""

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("notes", "ContentGeneration").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0013_import_tasks"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("stamp", models.CharField(default="initial", max_length=32)),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]

"""Importer identity keys: Speaker.name_key, Summary metadata/title_key/source_url; a merged
DuplicateSuggestion survives its other talk (SET_NULL)."""

import django.db.models.deletion
from django.db import migrations, models


def fill_name_keys(apps, schema_editor):
    from notes.normalise import normalise_name

    Speaker = apps.get_model("notes", "Speaker")
    for speaker in Speaker.objects.all():
        speaker.name_key = normalise_name(speaker.name)
        speaker.save(update_fields=["name_key"])


class Migration(migrations.Migration):

    dependencies = [
        ('notes', '0003_search_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='speaker',
            name='name_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name='summary',
            name='metadata',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='summary',
            name='source_url',
            field=models.CharField(blank=True, db_index=True, editable=False, help_text='The normalised source URL the file states.', max_length=1000),
        ),
        migrations.AddField(
            model_name='summary',
            name='title_key',
            field=models.CharField(blank=True, db_index=True, editable=False, help_text='normalise_title of the title the file states (empty when the title was made up).', max_length=500),
        ),
        migrations.AlterField(
            model_name='duplicatesuggestion',
            name='other',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='notes.talk'),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
    ]

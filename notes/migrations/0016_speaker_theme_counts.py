"""Counter rows per (talk, speaker, tag) and per (speaker, tag), for theme pages (issue 11).

A theme page lists the speakers who said something on the theme and narrows its claims to one of
them; both came from probing claims per speaker. The new rows are filled by a full recount
(notes.services.counters.recount_all, today's models: it reads only claims, their tags, talks and
talk speakers), as ``manage.py recount`` does at any time. A covering index of TalkTagCount
(tag, talk, claims) lets a theme page read its talks' counts from the index alone.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill_counters(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM notes_claim)")
        if not cursor.fetchone()[0]:
            return
    from notes.services.counters import recount_all

    recount_all()


class Migration(migrations.Migration):

    dependencies = [
        ('notes', '0015_search_speed'),
    ]

    operations = [
        migrations.CreateModel(
            name='SpeakerTagCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('claims', models.PositiveIntegerField(default=0)),
                ('talks', models.PositiveIntegerField(default=0)),
                ('speaker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='notes.speaker')),
                ('tag', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='speaker_counts', to='notes.tag')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('tag', 'speaker'), name='unique_speaker_tag_count')],
            },
        ),
        migrations.CreateModel(
            name='TalkSpeakerTagCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('claims', models.PositiveIntegerField(default=0)),
                ('speaker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='notes.speaker')),
                ('tag', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='notes.tag')),
                ('talk', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='notes.talk')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('tag', 'speaker', 'talk'), name='unique_talk_speaker_tag_count')],
            },
        ),
        migrations.AddIndex(
            model_name='talktagcount',
            index=models.Index(fields=['tag', 'talk', 'claims'], name='talktagcount_tag_talk_claims'),
        ),
        migrations.RunPython(fill_counters, migrations.RunPython.noop),
    ]

"""Counter rows per (talk, tag pair) and per tag pair, for theme pages and two-tag lists (issue 11).

A theme page's "also on these claims" counted the tags of a 1,000-claim sample (an EXISTS probe
per candidate claim: 30-70 ms on PostgreSQL at a million claims, and only lower bounds). The pair
counters give exact counts from an index range. Filled here by two set-based statements (a full
recount of a million claims takes ten minutes): the claims' pairs of tags counted per talk, with
the point rule of notes.points (a claim whose translation partner of a lower id carries both tags
is left out), then summed per pair. ``manage.py recount`` computes the same rows the slow way.
"""

import django.db.models.deletion
from django.db import migrations, models


VISIBLE = "{c}.status <> 'hidden' AND EXISTS (SELECT 1 FROM notes_talk t WHERE t.id = {c}.talk_id AND t.public)"

# CROSS JOIN: SQLite keeps the written order (claims, then their tags by the claim index);
# PostgreSQL plans it as a plain join.
FILL_TALK_PAIRS = f"""
INSERT INTO notes_talktagpaircount (talk_id, tag_a_id, tag_b_id, claims)
SELECT c.talk_id, a.tag_id, b.tag_id, COUNT(*)
FROM notes_claim c
CROSS JOIN notes_taggedclaim a
CROSS JOIN notes_taggedclaim b
WHERE a.content_object_id = c.id AND b.content_object_id = c.id AND a.tag_id < b.tag_id
AND {VISIBLE.format(c="c")}
AND NOT EXISTS (
    SELECT 1 FROM notes_claim p
    WHERE (p.translation_id = c.id OR p.id = c.translation_id) AND p.id < c.id
    AND {VISIBLE.format(c="p")}
    AND EXISTS (SELECT 1 FROM notes_taggedclaim pa WHERE pa.content_object_id = p.id AND pa.tag_id = a.tag_id)
    AND EXISTS (SELECT 1 FROM notes_taggedclaim pb WHERE pb.content_object_id = p.id AND pb.tag_id = b.tag_id)
)
GROUP BY c.talk_id, a.tag_id, b.tag_id
"""  # noqa: E501

FILL_PAIRS = """
INSERT INTO notes_tagpaircount (tag_a_id, tag_b_id, claims, talks)
SELECT tag_a_id, tag_b_id, SUM(claims), COUNT(*) FROM notes_talktagpaircount
GROUP BY tag_a_id, tag_b_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('notes', '0018_search_lists'),
    ]

    operations = [
        migrations.CreateModel(
            name='TagPairCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('claims', models.PositiveIntegerField(default=0)),
                ('talks', models.PositiveIntegerField(default=0)),
                ('tag_a', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='notes.tag')),
                ('tag_b', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='notes.tag')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('tag_a', 'tag_b'), name='unique_tag_pair_count')],
            },
        ),
        migrations.CreateModel(
            name='TalkTagPairCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('claims', models.PositiveIntegerField(default=0)),
                ('tag_a', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='notes.tag')),
                ('tag_b', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='notes.tag')),
                ('talk', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='notes.talk')),
            ],
            options={
                'indexes': [models.Index(fields=['talk'], name='talktagpaircount_talk')],
                'constraints': [models.UniqueConstraint(fields=('tag_a', 'tag_b', 'talk'), name='unique_talk_tag_pair_count')],
            },
        ),
        migrations.RunSQL(FILL_TALK_PAIRS, migrations.RunSQL.noop),
        migrations.RunSQL(FILL_PAIRS, migrations.RunSQL.noop),
    ]

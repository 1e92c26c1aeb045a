"""Seed well-known speakers and the short forms and show names notes use for them.

These replace a table that used to live in the extractor: the importer now resolves every name a
note gives against the speakers and aliases in the database, so a curator edits (or adds to) this
list in the admin, and a merge there ("Karpathy" into "Andrej Karpathy") teaches later imports.
Existing rows are left alone: a speaker or alias that already exists is never overwritten.
"""

from django.db import migrations
from django.utils.text import slugify

SPEAKERS = [
    ("Dwarkesh Patel", ["Dwarkesh", "Dwarkesh Podcast"]),
    ("Ilya Sutskever", ["Ilya", "伊利亚·苏茨科夫", "伊利亚"]),
    ("Lex Fridman", ["Lex", "Lex Fridman Podcast"]),
    ("Lenny Rachitsky", ["Lenny", "Lenny's Podcast"]),
    ("Andrej Karpathy", ["Karpathy"]),
]


def seed_speakers(apps, schema_editor):
    from notes.normalise import normalise_name

    Speaker = apps.get_model("notes", "Speaker")
    SpeakerAlias = apps.get_model("notes", "SpeakerAlias")
    for name, aliases in SPEAKERS:
        key = normalise_name(name)
        speaker = Speaker.objects.filter(name_key=key).first()
        if speaker is None:
            speaker = Speaker.objects.create(
                name=name, slug=slugify(name, allow_unicode=True), name_key=key
            )
        for alias in aliases:
            normalised = normalise_name(alias)
            if not SpeakerAlias.objects.filter(normalised=normalised).exists():
                SpeakerAlias.objects.create(speaker=speaker, alias=alias, normalised=normalised)


def unseed_speakers(apps, schema_editor):
    from notes.normalise import normalise_name

    SpeakerAlias = apps.get_model("notes", "SpeakerAlias")
    for _name, aliases in SPEAKERS:
        SpeakerAlias.objects.filter(normalised__in=[normalise_name(a) for a in aliases]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0005_summary_evidence"),
    ]

    operations = [
        migrations.RunPython(seed_speakers, unseed_speakers),
    ]

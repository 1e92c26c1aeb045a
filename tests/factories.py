"""factory_boy factories for kb's models: the one way tests make rows."""

import factory
from factory.django import DjangoModelFactory

from notes import models


class SpeakerFactory(DjangoModelFactory):
    class Meta:
        model = models.Speaker
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class SpeakerAliasFactory(DjangoModelFactory):
    class Meta:
        model = models.SpeakerAlias

    speaker = factory.SubFactory(SpeakerFactory)
    alias = factory.Sequence(lambda n: f"Alias {n}")


class TalkFactory(DjangoModelFactory):
    class Meta:
        model = models.Talk

    title = factory.Sequence(lambda n: f"Talk number {n}")
    slug = factory.Sequence(lambda n: f"talk-{n}")
    url = factory.Sequence(lambda n: f"https://example.org/talks/{n}")
    public = True


class TalkSpeakerFactory(DjangoModelFactory):
    class Meta:
        model = models.TalkSpeaker

    talk = factory.SubFactory(TalkFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = models.TalkSpeaker.Role.GUEST


class SummaryFactory(DjangoModelFactory):
    class Meta:
        model = models.Summary

    talk = factory.SubFactory(TalkFactory)
    source_name = factory.Sequence(lambda n: f"summary-{n}.md")
    raw = factory.Sequence(lambda n: f"# Summary {n}\n\nSome text.\n")
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    file_sha256 = factory.LazyAttribute(lambda o: o.sha256)
    language = models.Language.EN
    html = "<p>Some text.</p>"


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = models.Section

    summary = factory.SubFactory(SummaryFactory)
    heading = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(lambda n: n)


class ClaimFactory(DjangoModelFactory):
    class Meta:
        model = models.Claim

    summary = factory.SubFactory(SummaryFactory)
    talk = factory.LazyAttribute(lambda o: o.summary.talk)
    text = factory.Sequence(lambda n: f"Claim {n}: models generalize worse than people.")
    language = models.Language.EN
    kind = models.ClaimKind.KEY_POINT
    position = factory.Sequence(lambda n: n)


class TagFactory(DjangoModelFactory):
    class Meta:
        model = models.Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")

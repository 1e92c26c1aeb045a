"""A seeded synthetic corpus for the benchmarks: 10,000 to 1,000,000 claims, built fast and cached.

    .venv/bin/python scripts/bench_corpus.py --claims 1000000            # into the DATABASE_URL database
    .venv/bin/python scripts/bench_corpus.py --claims 100000 --cache-dir ~/.cache/kb-bench

Without --cache-dir the corpus is written into the (migrated, empty) database DATABASE_URL selects — the
SQLite file in KB_DATA_DIR by default. With --cache-dir it is built once per (claims, seed, migration
state) as a template (a SQLite file in the folder; on PostgreSQL a database ``kb_bench_tpl_<key>`` named
by a marker file in the folder) and later runs copy the template instead of building again.

The corpus: talks of ~100 claims with a summary (raw markdown and its HTML) and sections; Chinese,
English and mixed claims (bench_search.claim_text); Zipf-distributed speakers (one per 5 talks), 200 tags
and the seeded themes; 1% of claims in translation pairs, 2% hidden, 5% of talks private, 10% undated.
Rows go in through executemany (SQLite) or COPY (PostgreSQL) with the table and column names of each
model's ``_meta``, every field the generator does not set taking its default, so a column another
change adds with a default is filled. Derived state comes from the project's own functions:
``recount_all()`` for the counters, ``rebuild_index()`` for search, then ``ANALYZE``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import os
import random
import sys
import time
from itertools import accumulate
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "scripts"))

GENERATOR_VERSION = 1  # bump when the generated rows change: cached corpora are then built again
DEFAULT_SEED = 20250101
CLAIMS_PER_TALK = 100
CLAIMS_PER_SECTION = 20
TAGS = 200
FLUSH_ROWS = 20_000
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kb-bench"


def zipf_picker(rng: random.Random, items: list, exponent: float = 1.1):
    """A function drawing ``k`` items (with repeats) from ``items`` with Zipf weights, first most."""
    if not items:
        return lambda k=1: []
    cumulative = list(accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))
    return lambda k=1: rng.choices(items, cum_weights=cumulative, k=k)


class TableWriter:
    """Rows of one model written in bulk with the model's own table and column names.

    A row is a dict of attribute names (``talk_id``, ``text``…); every concrete field missing from
    it gets the field's default (``auto_now`` fields: the build's time), prepared once.
    """

    def __init__(self, model, connection, now: dt.datetime):
        self.model = model
        self.connection = connection
        self.fields = list(model._meta.concrete_fields)
        self.table = model._meta.db_table
        self.defaults = {}
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            else:  # the default, else "" for a text field that is not null, else None
                value = field.get_default()
            self.defaults[field.attname] = field.get_db_prep_save(value, connection)
        self.preparers = [(field.attname, self._preparer(field)) for field in self.fields]
        self.rows: list[tuple] = []
        self.written = 0
        self.next_id = self._max_id() + 1

    def _preparer(self, field):
        """How a row's value becomes a database value: as is, except dates, times and JSON
        (SQLite stores dates and naive UTC times as text, as Django's own adapters do)."""
        kind = field.get_internal_type()
        sqlite = self.connection.vendor == "sqlite"
        if kind == "DateTimeField" and sqlite:
            return lambda v: None if v is None else str(v.astimezone(dt.UTC).replace(tzinfo=None))
        if kind == "DateField" and sqlite:
            return lambda v: None if v is None else v.isoformat()
        if kind == "JSONField":
            return lambda v: field.get_db_prep_save(v, self.connection)
        return None

    def _max_id(self) -> int:
        with self.connection.cursor() as cursor:
            pk = self.model._meta.pk.column
            cursor.execute(f'SELECT MAX("{pk}") FROM "{self.table}"')
            return cursor.fetchone()[0] or 0

    def take_id(self) -> int:
        taken, self.next_id = self.next_id, self.next_id + 1
        return taken

    def add(self, values: dict) -> None:
        defaults = self.defaults
        self.rows.append(
            tuple(
                defaults[name]
                if name not in values
                else (values[name] if prepare is None else prepare(values[name]))
                for name, prepare in self.preparers
            )
        )
        if len(self.rows) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        columns = ", ".join(f'"{field.column}"' for field in self.fields)
        self.connection.ensure_connection()
        raw = self.connection.connection
        if self.connection.vendor == "postgresql":
            copy_sql = f'COPY "{self.table}" ({columns}) FROM STDIN'
            with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
                for row in self.rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in self.fields)
            raw.executemany(f'INSERT INTO "{self.table}" ({columns}) VALUES ({marks})', self.rows)
        self.written += len(self.rows)
        self.rows = []


def _speaker_name(rng: random.Random, number: int) -> str:
    if number % 3 == 2:
        surname = rng.choice("王李张刘陈杨黄赵吴周")
        return f"{surname}{rng.choice('明华伟芳静磊洋艳')}{number}"
    return f"Bench Speaker {number}"


def _section_heading(language: str, number: int) -> str:
    return f"第{number + 1}部分" if language == "zh" else f"Part {number + 1}"


def generate(claims: int, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write the corpus's rows into the (migrated) current database; returns rows per table.

    Derived state (counters, search index, statistics) is not filled: see ``derive()``.
    """
    from bench_search import KINDS, claim_text
    from django.db import connection, transaction

    from notes.models import (
        Claim,
        Section,
        Speaker,
        Summary,
        Tag,
        TaggedClaim,
        Talk,
        TalkSpeaker,
    )
    from notes.normalise import normalise_name, normalise_title

    rng = random.Random(seed)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    talk_count = max(1, round(claims / CLAIMS_PER_TALK))
    writers = {
        model: TableWriter(model, connection, now)
        for model in (Speaker, Tag, Talk, Summary, Section, TalkSpeaker, Claim, TaggedClaim)
    }
    speakers = []
    for number in range(max(20, talk_count // 5)):
        name = _speaker_name(rng, number)
        pk = writers[Speaker].take_id()
        slug = f"bench-speaker-{number}"
        writers[Speaker].add(
            {"id": pk, "name": name, "slug": slug, "name_key": normalise_name(name)}
        )
        speakers.append(pk)
    tags = []
    for number in range(TAGS):
        pk = writers[Tag].take_id()
        writers[Tag].add({"id": pk, "name": f"bench tag {number}", "slug": f"bench-tag-{number}"})
        tags.append(pk)
    themes = list(
        Tag.objects.filter(is_theme=True).order_by("position", "name").values_list("pk", flat=True)
    )
    pick_speaker, pick_tag = zipf_picker(rng, speakers), zipf_picker(rng, tags)
    pick_theme = zipf_picker(rng, themes, 0.8)
    claim_start = writers[Claim].next_id
    with transaction.atomic():
        for table in (Speaker, Tag):
            writers[table].flush()
        for talk_number in range(talk_count):
            first = talk_number * claims // talk_count
            last = (talk_number + 1) * claims // talk_count
            _write_talk(rng, writers, talk_number, last - first, now, claim_start + first,
                        pick_speaker, pick_tag, pick_theme, claim_text, KINDS,
                        normalise_title)  # fmt: skip
        for writer in writers.values():
            writer.flush()
    if connection.vendor == "postgresql":
        _reset_sequences(list(writers))
    return {writer.table: writer.written for writer in writers.values()}


def _write_talk(rng, writers, number, size, now, first_claim_id, pick_speaker, pick_tag,
                pick_theme, claim_text, kinds, normalise_title) -> None:  # fmt: skip
    """One talk: its row, speakers, one summary with sections, and ``size`` claims with tags."""
    from notes.models import Claim, Section, Summary, TaggedClaim, Talk, TalkSpeaker

    talk_id = writers[Talk].take_id()
    chinese_title = number % 2 == 0
    title = f"基准演讲 {number}" if chinese_title else f"Bench talk {number}"
    published = now.date() - dt.timedelta(days=rng.randrange(3000))
    writers[Talk].add(
        {
            "id": talk_id,
            "title": title,
            "title_key": normalise_title(title),
            "slug": f"bench-talk-{number}",
            "url": f"https://talks.example.org/{number}",
            "published": published if rng.random() >= 0.10 else None,
            "public": rng.random() >= 0.05,
            "description": f"Synthetic talk {number} of the benchmark corpus.",
        }
    )
    people = list(dict.fromkeys(pick_speaker(2)))
    for position, (speaker, role) in enumerate(zip(people, ["host", "guest"], strict=False)):
        writers[TalkSpeaker].add(
            {"id": writers[TalkSpeaker].take_id(), "talk_id": talk_id, "speaker_id": speaker,
             "role": role, "position": position}
        )  # fmt: skip
    texts = [claim_text(rng) for _ in range(size)]
    languages = [language for _, language in texts]
    main_language = max(set(languages), key=languages.count) if languages else "en"
    summary_id = writers[Summary].take_id()
    section_ids = []
    raw = [f"# {title}", ""]
    rendered = [f"<h1>{html.escape(title)}</h1>"]
    for position in range(max(1, -(-size // CLAIMS_PER_SECTION))):
        section_ids.append(writers[Section].take_id())
        heading = _section_heading(main_language, position)
        chunk = texts[position * CLAIMS_PER_SECTION : (position + 1) * CLAIMS_PER_SECTION]
        raw += [f"## {heading}", ""] + [f"- {text}" for text, _ in chunk] + [""]
        rendered += [f"<h2>{heading}</h2>", "<ul>"]
        rendered += [f"<li>{html.escape(text)}</li>" for text, _ in chunk] + ["</ul>"]
    raw_text = "\n".join(raw)
    digest = hashlib.sha256(f"{summary_id}:{raw_text}".encode()).hexdigest()
    writers[Summary].add(
        {
            "id": summary_id,
            "talk_id": talk_id,
            "source_name": f"bench/{number:06}.md",
            "raw": raw_text,
            "sha256": digest,
            "file_sha256": digest,
            "language": main_language,
            "title_as_written": title,
            "title_key": normalise_title(title),
            "html": "\n".join(rendered),
        }
    )
    for position, section_id in enumerate(section_ids):
        writers[Section].add(
            {"id": section_id, "summary_id": summary_id, "position": position,
             "heading": _section_heading(main_language, position), "start_seconds": position * 600,
             "end_seconds": (position + 1) * 600}
        )  # fmt: skip
    pairs = {}
    for offset in range(0, size - 1, 2):
        if rng.random() < 0.01:  # 1% of pairs of neighbours: 1% of claims in a translation pair
            pairs[offset], pairs[offset + 1] = offset + 1, offset
    for offset, (text, language) in enumerate(texts):
        claim_id = first_claim_id + offset
        writers[Claim].add(
            {
                "id": claim_id,
                "talk_id": talk_id,
                "summary_id": summary_id,
                "section_id": section_ids[offset // CLAIMS_PER_SECTION],
                "speaker_id": rng.choice(people) if people else None,
                "text": text,
                "language": language,
                "kind": rng.choice(kinds),
                "start_seconds": (offset // CLAIMS_PER_SECTION) * 600 + (offset % 20) * 30,
                "position": offset,
                "status": "hidden" if rng.random() < 0.02 else "imported",
                "translation_id": (first_claim_id + pairs[offset] if offset in pairs else None),
                "created": now - dt.timedelta(days=730) + dt.timedelta(minutes=claim_id),
                "updated": now,
            }
        )
        linked = set(pick_tag(rng.choice((0, 0, 1, 1, 2, 3))))
        linked |= set(pick_theme(rng.choice((0, 1, 1, 2))))
        for tag in linked:
            writers[TaggedClaim].add(
                {"id": writers[TaggedClaim].take_id(), "content_object_id": claim_id,
                 "tag_id": tag, "reason": "benchmark corpus"}
            )  # fmt: skip
    writers[Claim].next_id = first_claim_id + size


def _reset_sequences(models: list) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def derive() -> dict[str, float]:
    """Fill what the project derives from claims, with its own functions; seconds per phase."""
    from django.db import connection

    from notes.search import rebuild_index
    from notes.services.counters import recount_all

    seconds = {}
    started = time.perf_counter()
    recount_all()
    seconds["recount"] = time.perf_counter() - started
    started = time.perf_counter()
    rebuild_index()
    seconds["index"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds["analyze"] = time.perf_counter() - started
    return seconds


def build(claims: int, seed: int = DEFAULT_SEED, report=print) -> dict[str, float]:
    """Generate the corpus and its derived state in the current database; seconds per phase."""
    from django.db import connection

    started = time.perf_counter()
    rows = generate(claims, seed)
    phases = {"generate": time.perf_counter() - started}
    report(f"[{connection.vendor}] generated {claims:,} claims in {phases['generate']:.1f} s: "
           + ", ".join(f"{table} {count:,}" for table, count in rows.items()))  # fmt: skip
    phases.update(derive())
    for name in ("recount", "index", "analyze"):
        report(f"[{connection.vendor}] {name} in {phases[name]:.1f} s")
    return phases


def _child_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--cache-dir", type=Path, help=f"keep/reuse a template (e.g. {DEFAULT_CACHE})"
    )
    parser.add_argument("--vendor", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--json", action="store_true", help="print the phases as JSON last")
    args = parser.parse_args()
    if args.cache_dir:
        from bench_cache import ensure_template
        from bench_common import chosen_vendors

        for vendor in chosen_vendors(args.vendor):
            ensure_template(vendor, args.claims, args.seed, args.cache_dir.expanduser())
        return
    _child_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    phases = build(args.claims, args.seed)
    if args.json:
        print(json.dumps({name: round(seconds, 1) for name, seconds in phases.items()}))


if __name__ == "__main__":
    main()

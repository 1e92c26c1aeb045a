"""Many small, varied summary notes for the fault, concurrency and load drills, written to a folder.

The notes are generated from a seed: YAML, TOML or no front matter; English, Chinese or both; bullets,
timestamped headings, bold lead-ins and dialogue lines. Speakers and tags repeat across notes, so an
import resolves identities that earlier files created (which is what a kill mid-run can break). When
the shared notes are beside the checkout, every tenth note is a renamed, edited copy of one of them, so
the drills also carry real, bigger shapes.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"
SPEAKERS = [
    "Mara Okonkwo",
    "Tobias Lindqvist",
    "Priya Raman",
    "Chen Yulan",
    "Dmitri Volkov",
    "Aiko Tanabe",
    "Lucía Herrera",
    "Samuel Adeyemi",
]
TOPICS_EN = [
    "scaling laws",
    "reward models",
    "robot hands",
    "sparse attention",
    "data curation",
    "evaluation suites",
    "memory in agents",
    "synthetic data",
]
TOPICS_ZH = [
    "规模定律",
    "奖励模型",
    "机器人灵巧手",
    "稀疏注意力",
    "数据筛选",
    "评测体系",
    "智能体记忆",
]
TAGS = ["agents", "robotics", "evaluation", "scaling", "alignment", "data"]
VERBS_EN = ["matters more than", "depends on", "is limited by", "will replace", "explains"]
_YOUTUBE_ID = re.compile(r"((?:v=|youtu\.be/))([A-Za-z0-9_-]{11})")
_URL = re.compile(r"https?://[^\s)>\]\"'<]+")
_TITLE_LINE = re.compile(
    r"^((?:title\s*[:=]\s*[\"']?)|(?:#{1,2} )|(?:- 标题：))(.+?)([\"']?)$", re.M
)


def write_corpus(folder: Path, count: int, seed: int = 10, first: int = 0) -> list[Path]:
    """Write ``count`` notes into ``folder`` (created), each about its own talk; returns their paths.

    Notes are numbered from ``first``; notes of different numbers are about different talks.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed * 100_003 + first)
    shared = _shared_notes()
    paths = []
    for number in range(first, first + count):
        if shared and number % 10 == 9:
            name, text = shared[(number // 10 * 9) % len(shared)]  # small corpora get varied shapes
            path = folder / f"{number:04}-{Path(name).stem}.md"
            path.write_text(_vary_shared(text, number), encoding="utf-8")
        else:
            path = folder / f"{number:04}-note.md"
            path.write_text(_note(rng, number), encoding="utf-8")
        paths.append(path)
    return paths


def _note(rng: random.Random, number: int) -> str:
    shape = rng.choice(["yaml-en", "yaml-zh", "toml-en", "plain-en", "plain-zh", "bilingual"])
    speaker = rng.choice(SPEAKERS)
    host = rng.choice([s for s in SPEAKERS if s != speaker])
    topic = rng.choice(TOPICS_EN)
    topic_zh = rng.choice(TOPICS_ZH)
    video = hashlib.sha1(f"drill-{number}".encode()).hexdigest()[:10] + "Q"
    url = f"https://www.youtube.com/watch?v={video}"
    tags = rng.sample(TAGS, rng.randint(1, 3))
    date = f"2025-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
    title_en = f"{speaker} on {topic} (talk {number})"
    title_zh = f"{speaker}谈{topic_zh}（第{number}期）"
    points_en = [
        f"{rng.choice(TOPICS_EN).capitalize()} {rng.choice(VERBS_EN)} {rng.choice(TOPICS_EN)} "
        f"in case {number}.{k}."
        for k in range(rng.randint(2, 6))
    ]
    points_zh = [
        f"{rng.choice(TOPICS_ZH)}比{rng.choice(TOPICS_ZH)}更重要，第{number}.{k}条。"
        for k in range(rng.randint(2, 5))
    ]
    lines: list[str] = []
    if shape.startswith("yaml"):
        title = title_zh if shape == "yaml-zh" else title_en
        lines += ["---", f'title: "{title}"', f"url: {url}", f"date: {date}"]
        lines += [f"speakers: [{speaker}]", f"tags: [{', '.join(tags)}]", "---", ""]
    elif shape == "toml-en":
        lines += ["+++", f'title = "{title_en}"', f'url = "{url}"', f'date = "{date}"']
        lines += [f"tags = [{', '.join(repr(t).replace(chr(39), chr(34)) for t in tags)}]", "+++"]
        lines += ["", f"Speaker: {speaker}", ""]
    elif shape == "plain-zh" or shape == "yaml-zh":
        lines += [f"# {title_zh}", "", f"- 链接：{url}", f"- 嘉宾：{speaker}", ""]
    else:
        lines += [f"# {title_en}", "", f"Link: {url}", f"Guest: {speaker}", ""]
    chinese = shape in ("yaml-zh", "plain-zh")
    if shape == "bilingual" or not chinese:
        lines += ["## Key points", ""] + [f"- {p}" for p in points_en] + [""]
    if shape == "bilingual" or chinese:
        lines += ["## 要点", ""] + [f"- {p}" for p in points_zh] + [""]
    minutes = rng.randint(1, 40)
    lines += [f"## {topic.capitalize()} ({minutes:02}:{rng.randint(0, 59):02})", ""]
    lines += [f"**{speaker}**: {rng.choice(points_en)}", f"**{host}**: Why would that hold?", ""]
    lines += [f"**A lead-in.** {rng.choice(points_en)}", ""]
    return "\n".join(lines)


def _shared_notes() -> list[tuple[str, str]]:
    if not SHARED.is_dir():
        return []
    paths = sorted((SHARED / "samples").glob("*.txt")) + sorted(
        p for p in (SHARED / "wild").glob("*.md") if p.name != "README.md"
    )
    return [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in paths]


def _vary_shared(text: str, number: int) -> str:
    """The same summary as if about another talk: other video ids, URLs and titles."""

    def video(match):
        digest = hashlib.sha1(f"{match.group(2)}{number}".encode()).hexdigest()
        return match.group(1) + (digest[:10] + "A")

    def url(match):
        if "youtube.com" in match.group(0) or "youtu.be" in match.group(0):
            return match.group(0)
        return match.group(0).rstrip("/") + f"/drill{number}"

    text = _URL.sub(url, _YOUTUBE_ID.sub(video, text))
    text = _TITLE_LINE.sub(lambda m: f"{m.group(1)}{m.group(2)} (drill {number}){m.group(3)}", text)
    return text + f"\n\nDrill copy {number}.\n"

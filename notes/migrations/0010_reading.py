"""Reading across languages: Chinese theme descriptions (seeded for the 13 themes) and the glossary of
English ↔ Chinese terms search uses (seeded with common AI terms; curators extend it in the admin)."""

from django.db import migrations, models

DESCRIPTIONS_ZH = {
    "generalization": "模型能否把学到的东西用到新情境中，以及为什么它们的泛化能力不如人。",
    "rl-scaling": "扩展强化学习：可验证的奖励、强化学习环境、投入强化学习的算力。",
    "continual-learning": "像人一样在工作中、部署之后、从经验中不断学习。",
    "value-functions": "价值函数、作为价值信号的情绪，以及长时间跨度上的功劳分配。",
    "pre-training": "预训练数据与缩放定律，以及预训练能给模型什么、不能给什么。",
    "evals-reward-hacking": "基准测试与真实世界表现之间的差距；模型钻奖励和评测的空子。",
    "alignment-safety": "让强大的系统与人类价值对齐；安全、监督与风险。",
    "superintelligence": "远超人类能力的系统：它们是什么、如何到来、会做什么。",
    "timelines": "能力何时到来：以年计的预测及其背后的证据。",
    "economic-impact": "增长、劳动力、部署，以及 AI 公司与算力的经济学。",
    "research-taste": "优秀的研究者如何选题：美感、简洁、来自大脑的直觉。",
    "self-play-diversity": "自我博弈、多智能体设置，以及保持模型和数据的多样性。",
    "robotics": "具身智能：机器人、操作，以及在物理世界中学习。",
}

GLOSSARY = [
    ("value function", "价值函数"),
    ("value function", "值函数"),
    ("reinforcement learning", "强化学习"),
    ("generalization", "泛化"),
    ("continual learning", "持续学习"),
    ("pre-training", "预训练"),
    ("sample efficiency", "样本效率"),
    ("reward hacking", "奖励黑客"),
    ("alignment", "对齐"),
    ("superintelligence", "超级智能"),
    ("self-play", "自我博弈"),
    ("scaling law", "缩放定律"),
    ("research taste", "研究品味"),
    ("large language model", "大语言模型"),
    ("agent", "智能体"),
    ("emotion", "情绪"),
]


def seed(apps, schema_editor):
    Tag = apps.get_model("notes", "Tag")
    for slug, description_zh in DESCRIPTIONS_ZH.items():
        Tag.objects.filter(slug=slug, description_zh="").update(description_zh=description_zh)
    GlossaryTerm = apps.get_model("notes", "GlossaryTerm")
    for english, chinese in GLOSSARY:
        GlossaryTerm.objects.get_or_create(english=english, chinese=chinese)


def unseed(apps, schema_editor):
    """The fields and the table go with the schema change; nothing else to undo."""


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0009_curation"),
    ]

    operations = [
        migrations.AddField(
            model_name="tag",
            name="description_zh",
            field=models.TextField(blank=True, verbose_name="Chinese description"),
        ),
        migrations.CreateModel(
            name="GlossaryTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("english", models.CharField(max_length=200, verbose_name="English term")),
                ("chinese", models.CharField(max_length=200, verbose_name="Chinese term")),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
            ],
            options={
                "verbose_name": "glossary term",
                "verbose_name_plural": "glossary",
                "ordering": ["english"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("english", "chinese"), name="unique_glossary_pair"
                    )
                ],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]

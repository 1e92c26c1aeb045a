"""Seed the themes the person browses by, each with English and Chinese keywords.

Keywords are matched case-insensitively; a Latin keyword matches at a word start, so "generaliz"
matches "generalization" and "generalize"; a Chinese keyword matches anywhere.
"""

from django.db import migrations

THEMES = [
    ("generalization", "Generalization", "泛化",
     "How well models carry what they learn to new situations, and why they generalize worse than people.",
     ["generaliz", "generalis", "out-of-distribution", "out of distribution", "sample efficien",
      "robustness", "泛化", "样本效率", "分布外", "举一反三"]),
    ("rl-scaling", "RL scaling", "强化学习扩展",
     "Scaling reinforcement learning: verifiable rewards, RL environments, compute spent on RL.",
     ["reinforcement learning", "RL", "RLHF", "RLVR", "verifiable reward", "verifiable outcome",
      "RL environment", "reward signal", "强化学习", "可验证", "奖励信号", "RL环境"]),
    ("continual-learning", "Continual learning", "持续学习",
     "Learning on the job, after deployment, from experience, the way people do.",
     ["continual learning", "continual-learning", "continuous learning", "on-the-job", "on the job",
      "lifelong learning", "learn from experience", "持续学习", "在职学习", "终身学习", "边干边学",
      "在工作中学习", "持续地学习"]),
    ("value-functions", "Value functions", "价值函数",
     "Value functions, emotions as value signals, credit assignment over long horizons.",
     ["value function", "credit assignment", "值函数", "价值函数", "情绪", "emotion"]),
    ("pre-training", "Pre-training", "预训练",
     "Pre-training data and scaling laws, and what pre-training does and does not give a model.",
     ["pre-training", "pretraining", "pre-train", "pretrain", "scaling law", "预训练", "缩放定律",
      "规模定律", "扩展定律"]),
    ("evals-reward-hacking", "Evals & reward hacking", "评测与奖励黑客",
     "Benchmarks versus real-world performance; models gaming their rewards and evals.",
     ["eval", "benchmark", "reward hacking", "reward-hacking", "评测", "评估", "基准测试",
      "奖励黑客", "刷榜"]),
    ("alignment-safety", "Alignment & safety", "对齐与安全",
     "Aligning powerful systems with human values; safety, oversight and risk.",
     ["alignment", "aligned", "AI safety", "safety", "misalign", "对齐", "安全", "风险"]),
    ("superintelligence", "Superintelligence", "超级智能",
     "Systems far beyond human ability: what they are, how they arrive, what they do.",
     ["superintelligence", "superintelligent", "ASI", "AGI", "超级智能", "通用人工智能", "超智能"]),
    ("timelines", "Timelines", "时间线",
     "When capabilities arrive: forecasts in years and the evidence behind them.",
     ["timeline", "years away", "by 20", "within a decade", "时间线", "几年内", "年内", "十年"]),
    ("economic-impact", "Economic impact", "经济影响",
     "Growth, labour, deployment and the economics of AI companies and compute.",
     ["econom", "GDP", "labor", "labour", "jobs", "productivity", "revenue", "经济", "就业",
      "生产力", "劳动力", "收入"]),
    ("research-taste", "Research taste", "研究品味",
     "How good researchers choose problems: beauty, simplicity, intuition from the brain.",
     ["research taste", "taste", "aesthetic", "beauty", "elegan", "研究品味", "品味", "审美", "美感"]),
    ("self-play-diversity", "Self-play & diversity", "自我博弈与多样性",
     "Self-play, multi-agent setups, and keeping models and their data diverse.",
     ["self-play", "self play", "multi-agent", "diversity", "diverse", "自我博弈", "自博弈",
      "多智能体", "多样性"]),
    ("robotics", "Robotics", "机器人",
     "Embodied AI: robots, manipulation, and learning in the physical world.",
     ["robot", "embodied", "manipulation", "humanoid", "机器人", "具身", "人形"]),
]


def seed_themes(apps, schema_editor):
    Tag = apps.get_model("notes", "Tag")
    for position, (slug, name, name_zh, description, keywords) in enumerate(THEMES):
        Tag.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_zh": name_zh,
                "description": description,
                "keywords": keywords,
                "is_theme": True,
                "position": position,
            },
        )


def unseed_themes(apps, schema_editor):
    apps.get_model("notes", "Tag").objects.filter(slug__in=[t[0] for t in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("notes", "0001_initial")]
    operations = [migrations.RunPython(seed_themes, unseed_themes)]

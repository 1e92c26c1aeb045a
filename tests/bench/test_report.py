"""scripts/bench.py's report: verdicts against the targets, growth, markdown, the doc's marked section."""

import json

import bench
from bench_common import replace_marked


def page(name, p95, queries=3, load=1.5):
    return {"page": name, "url": "/", "status": 200, "p50_ms": p95 / 2, "p95_ms": p95,
            "samples": 10, "queries": queries, "load": load}  # fmt: skip


def search(name, p95, naive):
    return {"search": name, "query": name, "hits": "1,000+", "p50_ms": p95, "p95_ms": p95,
            "naive_p50_ms": naive, "ratio": round(naive / p95, 1), "load": 2.0}  # fmt: skip


def sample_report():
    small = {"claims": 100, "build": {"cached": True}, "version": "SQLite 3.40.1",
             "pages": [page("home", 20), page("talk", 40, queries=8)],
             "searches": [search("泛化", 10, 500)]}  # fmt: skip
    large = {"claims": 1000, "build": {"generate": 12.5, "total": 20.0}, "version": "SQLite 3.40.1",
             "pages": [page("home", 30), page("talk", 200, queries=8)],
             "searches": [search("泛化", 60, 600)]}  # fmt: skip
    imported = {"version": "SQLite 3.40.1", "files": 160, "first_files_per_second": 8.0,
                "again_files_per_second": 2000.0, "peak_rss_mb": 210.0, "load": 3.0}  # fmt: skip
    run = {"vendor": "sqlite", "version": "SQLite 3.40.1", "sizes": {"1000": large, "100": small},
           "import": imported}  # fmt: skip
    return {
        "commit": "abc1234",
        "date": "2026-12-01 16:00 UTC",
        "cpus": 2,
        "seed": 1,
        "runs": [run],
    }


def test_verdicts_say_met_or_by_how_much():
    assert bench.verdict(50, 50) == "met"
    assert bench.verdict(200, 50) == "missed ×4.0"
    assert bench.verdict(45, 30, at_most=False) == "met"
    assert bench.verdict(10, 30, at_most=False) == "missed ×3.0"
    assert bench.verdict(None, 30) == "–"


def test_figure_rows_growth_and_targets():
    rows = {row["figure"]: row for row in bench.figure_rows(sample_report()["runs"][0])}
    assert rows["home"]["growth"] == 1.5
    assert rows["home"]["verdict"] == "met" and rows["home"]["growth_verdict"] == "met"
    assert rows["talk"]["growth"] == 5.0
    assert rows["talk"]["verdict"] == "missed ×4.0"
    assert rows["talk"]["growth_verdict"] == "missed ×2.5"
    assert rows["泛化"]["verdict"] == "time missed ×2.0; ratio missed ×3.0"
    assert rows["import, new files"]["verdict"] == "missed ×12.5"
    assert rows["import, unchanged files"]["verdict"] == "met"


def test_markdown_orders_sizes_and_shows_every_figure():
    report = sample_report()
    text = bench.markdown(report)
    header = next(line for line in text.splitlines() if line.startswith("| figure"))
    assert header.index("100 claims") < header.index("1,000 claims")
    talk = next(line for line in text.splitlines() if line.startswith("| talk "))
    assert "20.0 / 40 (8)" in talk and "100.0 / 200 (8)" in talk and "×5.0" in talk
    assert "scan 600 (×10.0)" in text
    assert "| import, new files | 160 | 8.0 | 210.0 MB | 3.0 |" in text
    assert "corpus from the cache" in text and "generate 12.5 s" in text
    assert json.loads(json.dumps(report, ensure_ascii=False)) == report


def test_replace_marked_replaces_only_between_the_markers():
    doc = "# Benchmarks\n\n## Other\n\nkept\n"
    first = replace_marked(doc, "bench", "table one", "## Suite")
    assert first.startswith(doc.rstrip("\n"))
    assert first.endswith("## Suite\n\n<!-- bench:begin -->\ntable one\n<!-- bench:end -->\n")
    second = replace_marked(first + "\n## After\n\nalso kept\n", "bench", "table two", "## Suite")
    assert "table one" not in second and "table two" in second
    assert second.count("## Suite") == 1 and "also kept" in second and "kept" in second


def test_merged_reports_keep_every_run_and_say_each_commit():
    first, second = sample_report(), sample_report()
    second["commit"], second["runs"][0]["version"] = "def5678", "PostgreSQL 15.18"
    second["runs"][0]["vendor"] = "postgresql"
    merged = bench.merged_reports([first, second])
    assert [run["version"] for run in merged["runs"]] == ["SQLite 3.40.1", "PostgreSQL 15.18"]
    assert merged["commit"] == "abc1234 / def5678"
    assert "### PostgreSQL 15.18" in bench.markdown(merged)


def test_merged_reports_join_the_sizes_of_one_database():
    first, second = sample_report(), sample_report()
    del first["runs"][0]["sizes"]["1000"]
    del second["runs"][0]["sizes"]["100"]
    merged = bench.merged_reports([first, second])
    assert len(merged["runs"]) == 1
    assert set(merged["runs"][0]["sizes"]) == {"100", "1000"}
    assert bench.figure_rows(merged["runs"][0])[1]["growth"] == 5.0

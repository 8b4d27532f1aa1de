"""Progress lines for a harvest whose output is not a terminal (cron, a log file)."""

from __future__ import annotations

from harvester.progress import LineProgress


def test_a_line_per_interval_not_per_page():
    now = [0.0]
    lines: list[str] = []
    progress = LineProgress("KH st66", indent="  ", interval=30, clock=lambda: now[0],
                            echo=lines.append)  # fmt: skip
    progress.total = 4000
    for _ in range(10):  # ten pages within 20 s: no line yet
        now[0] += 2
        progress.update(100)
    assert lines == []
    now[0] += 15
    progress.update(200)
    assert lines == ["  KH st66: 1,200 of 4,000 records so far (35s)"]
    now[0] += 1
    progress.update(100)
    assert len(lines) == 1
    progress.close()

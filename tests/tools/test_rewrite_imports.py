"""tools/rewrite_imports.py applies MOVES.md to code written before the moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.rewrite_imports import read_moves, rewrite_python, rewrite_tree

ROOT = Path(__file__).resolve().parents[2]

MOVES = {
    "node.storage.models": "store.models",
    "node.quality.lifecycle": "store.findings",
    "store.findings.run_stats": "store.finding_figures.run_stats",
    "node.migrations": "store.migrations",
}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("from node.storage.models import Office, Endpoint\n",
         "from store.models import Office, Endpoint\n"),
        ("from node.storage import get_db, models  # noqa: F401\n",
         "from node.storage import get_db  # noqa: F401\nfrom store import models  # noqa: F401\n"),
        ("from node.quality import lifecycle as lc\n", "from store import findings as lc\n"),
        ("from node.quality.lifecycle import run_stats, apply_findings\n",
         "from store.findings import apply_findings\n"
         "from store.finding_figures import run_stats\n"),
        ("def f():\n    import node.storage.models\n", "def f():\n    import store.models\n"),
        ('patch("node.storage.models.Office.code")\n', 'patch("store.models.Office.code")\n'),
        ("# see node/migrations/versions/ and node/storage/models.py\n",
         "# see store/migrations/versions/ and store/models.py\n"),
        ("from node.storage.modelsx import A\nimport node.storage\n",
         "from node.storage.modelsx import A\nimport node.storage\n"),
    ],
)  # fmt: skip
def test_rewrites(before, after):
    assert rewrite_python(before, MOVES) == after


def test_the_project_moves_are_read_and_already_applied(tmp_path):
    moves = read_moves(ROOT / "MOVES.md")
    assert moves["node.storage.models"] == "store.models"
    assert all(old != new for old, new in moves.items())
    copy = tmp_path / "node_views.py"
    copy.write_text((ROOT / "node" / "oai" / "views.py").read_text(encoding="utf-8"))
    assert rewrite_tree([tmp_path], moves) == []

"""Request latency under gunicorn: with PROMETHEUS_MULTIPROC_DIR, the observations of several
worker processes are merged when any of them is scraped (nothing only in one process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[3]
WORKER = """
import sys
from node import create_app
from store import migrate
app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": sys.argv[1],
                  "METRICS_TOKEN": "t"})
migrate.upgrade(app.extensions["iphub.db"])
client = app.test_client()
client.get("/status/?format=json")
if sys.argv[2] == "scrape":
    sys.stdout.write(client.get("/metrics", headers={"Authorization": "Bearer t"}).text)
"""


def _worker(tmp_path: Path, role: str) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
           "IPHUB_INSTANCE_PATH": str(tmp_path)}  # fmt: skip
    url = f"sqlite:///{tmp_path / 'iphub.sqlite'}"
    done = subprocess.run([sys.executable, "-c", WORKER, url, role], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    return done.stdout


def test_latency_of_every_worker_is_in_one_scrape(tmp_path):
    (tmp_path / "prom").mkdir()
    _worker(tmp_path, "serve")
    text = _worker(tmp_path, "scrape")

    families = {f.name: f for f in text_string_to_metric_families(text)}
    counts = [
        s.value
        for s in families["iphub_request_duration_seconds"].samples
        if s.name.endswith("_count") and s.labels["endpoint"] == "monitoring.status"
    ]
    assert counts == [2.0]

"""Harvest several offices one after the other, a line each: ``iphub harvest`` and the demo.

An endpoint's failure never stops the next one; a store that fails stops all (``iphub`` says
so in one sentence).
"""

from __future__ import annotations

import logging
import sys

import click
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from tqdm import tqdm

from harvester.progress import LineProgress
from harvester.runner import harvest_endpoint
from harvester.settings import HarvestSettings
from store.database import Database
from store.models import Endpoint, Office


def _endpoint_ids(db: Database, codes: tuple[str, ...]) -> list[int]:
    with db.session() as session:
        query = select(Endpoint.id).join(Office).where(Endpoint.enabled.is_(True))
        if codes:
            query = query.where(Office.code.in_([c.upper() for c in codes]))
            known = set(session.scalars(select(Office.code).where(
                Office.code.in_([c.upper() for c in codes]))))  # fmt: skip
            for code in {c.upper() for c in codes} - known:
                raise click.ClickException(f"no office {code}")
        return list(session.scalars(query.order_by(Office.code, Endpoint.id)))


def _progress(quiet: bool, indent: str):
    """A tqdm bar on a terminal, a line now and then otherwise (cron), nothing with --quiet."""
    if quiet:
        return None
    if not sys.stdout.isatty():
        return lambda desc: LineProgress(desc, indent=indent)
    return lambda desc: tqdm(desc=desc, unit="rec", leave=False)


#: Run outcomes that make ``iphub harvest`` and ``iphub upload`` exit non-zero.
FAILED = ("failed", "partial", "interrupted")


def harvest_offices(
    db: Database,
    settings: HarvestSettings,
    codes: tuple[str, ...] = (),
    *,
    full: bool = False,
    quiet: bool = False,
    indent: str = "",
    verbose: bool = False,
) -> bool:
    """Harvest the offices' enabled endpoints one after the other, printing a line for each;
    False when one failed. An endpoint's failure never stops the next one. Shared by
    ``iphub harvest`` and ``iphub demo`` (which then run monitoring's ``after_runs``)."""
    failed = False
    for endpoint_id in _endpoint_ids(db, codes):
        try:
            summary = harvest_endpoint(db, endpoint_id, settings, full=full,
                                       progress=_progress(quiet, indent))  # fmt: skip
        except SQLAlchemyError:
            raise  # the store itself: `iphub` says so in one sentence and stops
        except Exception as error:  # a bug met on one endpoint: report it, harvest the others
            if verbose:
                logging.getLogger("iphub.harvester").exception("endpoint %s", endpoint_id)
            click.echo(f"{indent}endpoint {endpoint_id}: failed — {_sentence(error)}")
            failed = True
            continue
        click.echo(indent + summary.line())
        failed |= summary.status in FAILED
    return not failed


def _sentence(error: BaseException) -> str:
    """``Class: first line`` of an unexpected error (-v shows the traceback)."""
    first = (str(error).strip().splitlines() or [""])[0]
    return f"{error.__class__.__name__}: {first}" if first else error.__class__.__name__

"""Progress of a harvest on a non-terminal (cron, a log file): a line now and then.

On a terminal the CLI shows a tqdm bar; redirected, a bar is noise and silence is worse (a
long first harvest printed nothing for minutes). :class:`LineProgress` has the part of tqdm's
interface the runner uses (``total``, ``update``, ``close``) and prints one line per
``interval`` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import click

#: Seconds between two progress lines.
INTERVAL = 30.0


class LineProgress:
    """``KH st66: 1,200 of 4,000 records so far (30s)`` every ``interval`` seconds."""

    def __init__(
        self,
        desc: str,
        *,
        indent: str = "",
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        echo: Callable[[str], None] = click.echo,
    ) -> None:
        self.desc, self.indent, self.interval = desc, indent, interval
        self.clock, self.echo = clock, echo
        self.total: int | None = None
        self.count = 0
        self.started = self.last = clock()

    def update(self, n: int) -> None:
        self.count += n
        now = self.clock()
        if now - self.last >= self.interval:
            self.last = now
            of = f" of {self.total:,}" if self.total else ""
            self.echo(
                f"{self.indent}{self.desc}: {self.count:,}{of} records so far "
                f"({now - self.started:.0f}s)"
            )

    def close(self) -> None:
        """Nothing to clean up: the summary line follows."""

"""Progress of a batch run: a bar on a terminal, a few quiet lines otherwise.

Every file also gets one line in ``OUT/run.log`` (see ``runner``); this is only what a
person watching sees.  Without a terminal (cron, CI, a pipe) a line goes to stderr at each
tenth of the run or every 30 seconds, whichever comes first.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO


class Progress:
    def __init__(self, total: int, bar: bool | None = None, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.errors = 0
        self.bar: Any = None
        if bar is None:
            bar = bool(getattr(self.stream, "isatty", lambda: False)())
        if bar and total:
            from tqdm import tqdm  # a dependency

            self.bar = tqdm(
                total=total, unit="file", file=self.stream, dynamic_ncols=True, smoothing=0.1
            )
        self.step = max(1, total // 10)
        self.last_line = time.monotonic()

    def advance(self, row: dict[str, Any]) -> None:
        self.done += 1
        if row.get("status") == "error":
            self.errors += 1
        if self.bar is not None:
            self.bar.set_postfix(errors=self.errors, refresh=False)
            self.bar.update(1)
            return
        now = time.monotonic()
        if self.done % self.step == 0 or self.done == self.total or now - self.last_line > 30:
            self.last_line = now
            print(
                f"budgetparse corpus: {self.done}/{self.total} files, {self.errors} errors",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

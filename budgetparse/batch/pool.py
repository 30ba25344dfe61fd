"""Run one function over many items in worker processes, surviving crashes and hangs.

``concurrent.futures.ProcessPoolExecutor`` alone would end a run on the first worker that
dies (every pending future fails with ``BrokenProcessPool``) and would wait forever for a
worker stuck inside C code.  Here:

- at most ``jobs`` items are in flight, so each one's start time is known;
- an item running longer than ``hard_timeout`` gets its workers killed and becomes a
  failure; the other items in flight are queued again;
- when a worker dies, the items that were in flight become *suspects* and are run again one
  at a time: the one that kills its worker when alone is the failure, the others complete.

Workers ignore SIGINT: an interrupt reaches the parent, which stops them.  A worker whose
parent is gone (killed with SIGKILL, which no handler sees) exits within a second instead
of parsing on.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

CRASHED = "worker process crashed (killed by a signal or out of memory)"


WARM_UP_LIMIT = 120.0


PARENT_POLL = 0.5  # seconds between a worker's checks that its parent lives


def _init_worker(parent: int) -> None:
    """In each worker: ignore SIGINT, and exit when the parent process (its pid given by
    the parent itself: it may be gone before this runs) is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL)
            if os.getppid() != parent:  # re-parented: the parent died
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _import(module: str | None) -> None:
    if module:
        importlib.import_module(module)


class Pool(Generic[T, R]):
    """Calls ``fn(item)`` in ``jobs`` spawned processes; ``on_done(item, result, failure)``
    is called in the parent for each item, with exactly one of result/failure set."""

    def __init__(
        self,
        fn: Callable[[T], R],
        jobs: int,
        on_done: Callable[[T, R | None, str | None], None],
        hard_timeout: float | None = None,
    ) -> None:
        self.fn = fn
        self.jobs = max(1, jobs)
        self.on_done = on_done
        self.hard_timeout = hard_timeout
        self.executor: ProcessPoolExecutor | None = None
        self.inflight: dict[Future[R], tuple[T, float]] = {}

    def run(self, items: Iterable[T]) -> None:
        queue: deque[T] = deque(items)
        suspects: deque[T] = deque()
        alone = False  # the one item in flight is a suspect run on its own
        try:
            while queue or suspects or self.inflight:
                if suspects:
                    if not self.inflight:
                        self._submit(suspects.popleft())
                        alone = True
                else:
                    alone = False
                    while queue and len(self.inflight) < self.jobs:
                        self._submit(queue.popleft())
                done, _ = wait(
                    list(self.inflight), timeout=self._wait(), return_when=FIRST_COMPLETED
                )
                broken = False
                for future in done:
                    item, _start = self.inflight.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        self._crashed(item, alone, suspects)
                    except Exception as error:  # the result could not be sent back
                        self.on_done(item, None, f"internal error: {type(error).__name__}: {error}")
                    else:
                        self.on_done(item, result, None)
                if broken:
                    for item, _start in self.inflight.values():
                        self._crashed(item, alone, suspects)
                    self.inflight.clear()
                    self._stop()
                    continue
                self._enforce_deadline(queue)
        finally:
            self._stop(kill=bool(self.inflight))

    def _submit(self, item: T) -> None:
        for _attempt in range(2):
            if self.executor is None:
                self._start()
            assert self.executor is not None
            try:
                future = self.executor.submit(self.fn, item)
            except BrokenProcessPool:
                self._stop(kill=True)
                continue
            self.inflight[future] = (item, time.monotonic())
            return
        self.on_done(item, None, "cannot start a worker process")

    def _start(self) -> None:
        """A fresh pool, its workers started and the function's module imported before any
        item's clock starts (spawning takes a while on a busy machine)."""
        self.executor = ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(os.getpid(),),
        )
        module = getattr(self.fn, "__module__", None)
        warm = [self.executor.submit(_import, module) for _ in range(self.jobs)]
        wait(warm, timeout=WARM_UP_LIMIT)

    def _wait(self) -> float:
        if self.hard_timeout is None or not self.inflight:
            return 1.0
        oldest = min(start for _item, start in self.inflight.values())
        return max(0.05, min(1.0, oldest + self.hard_timeout - time.monotonic()))

    def _crashed(self, item: T, alone: bool, suspects: deque[T]) -> None:
        if alone:
            self.on_done(item, None, CRASHED)
        else:
            suspects.append(item)

    def _enforce_deadline(self, queue: deque[T]) -> None:
        if self.hard_timeout is None:
            return
        now = time.monotonic()
        late = [f for f, (_i, start) in self.inflight.items() if now - start > self.hard_timeout]
        if not late:
            return
        # A worker stuck in C code cannot be interrupted: stop them all and start afresh.
        others = [item for f, (item, _s) in self.inflight.items() if f not in late]
        failed = [self.inflight[f][0] for f in late]
        self.inflight.clear()
        self._stop(kill=True)
        for item in failed:
            self.on_done(item, None, f"timed out after {self.hard_timeout:g} s (worker stopped)")
        queue.extendleft(reversed(others))

    def _stop(self, kill: bool = False) -> None:
        executor, self.executor = self.executor, None
        if executor is None:
            return
        if kill:
            killer = getattr(executor, "kill_workers", None)  # Python 3.14+
            if killer is not None:
                killer()
            else:
                for process in list((getattr(executor, "_processes", None) or {}).values()):
                    process.kill()
        executor.shutdown(wait=not kill, cancel_futures=True)

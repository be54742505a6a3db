"""Logging for a loop that keeps failing (a database or broker outage): the first failure with
its reason, then at most one line per interval while it goes on, and one when it recovers."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

REPEAT_SECONDS = 60.0


class FailureLog:
    def __init__(
        self,
        logger: logging.Logger,
        what: str,
        *,
        repeat_seconds: float = REPEAT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger = logger
        self.what = what
        self.repeat_seconds = repeat_seconds
        self.clock = clock
        self.failures = 0
        self._since = self._next_line = 0.0

    def failed(self, reason: str) -> None:
        now = self.clock()
        self.failures += 1
        if self.failures == 1:
            self._since = now
            self.logger.warning("%s failing: %s", self.what, reason)
        elif now >= self._next_line:
            self.logger.warning(
                "%s still failing (%d failures in %.0f s): %s",
                self.what,
                self.failures,
                now - self._since,
                reason,
            )
        else:
            return
        self._next_line = now + self.repeat_seconds

    def recovered(self) -> None:
        if not self.failures:
            return
        self.logger.warning(
            "%s recovered after %d failures in %.0f s",
            self.what,
            self.failures,
            self.clock() - self._since,
        )
        self.failures = 0

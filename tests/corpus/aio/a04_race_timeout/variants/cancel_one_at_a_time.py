"""Cancels and awaits the losers one at a time, swallowing each CancelledError."""

import asyncio
import contextlib


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("nothing to race")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    pending = [asyncio.ensure_future(factory()) for factory in factories]
    last = None
    try:
        while pending:
            done, rest = await asyncio.wait(pending, timeout=max(0, deadline - loop.time()),
                                            return_when=asyncio.FIRST_COMPLETED)
            if not done:
                raise TimeoutError("time is up")
            pending = [task for task in pending if task in rest]
            # Failures first: each one's exception is retrieved, even beside the winner.
            for task in sorted(done, key=lambda task: task.exception() is None):
                try:
                    return task.result()
                except Exception as error:
                    last = error
        raise last
    finally:
        for task in pending:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

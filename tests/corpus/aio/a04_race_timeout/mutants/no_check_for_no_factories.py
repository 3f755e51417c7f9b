"""No check for an empty list: the loop over the pending tasks never runs, and
`raise last_failure` raises None, a TypeError, instead of ValueError.

expect: test_no_factories_raise_value_error | wrong result | ValueError
"""

import asyncio
from collections.abc import Awaitable, Callable


async def first_success(factories: list[Callable[[], Awaitable]], timeout: float):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    # One task per factory, all created before waiting for any: they run together.
    # ensure_future accepts any awaitable, not only coroutines.
    pending = {asyncio.ensure_future(factory()) for factory in factories}
    last_failure = None
    try:
        while pending:
            done, pending = await asyncio.wait(
                pending, timeout=max(0.0, deadline - loop.time()),
                return_when=asyncio.FIRST_COMPLETED,
            )
            if not done:
                raise TimeoutError(f"no factory succeeded within {timeout} s")
            # Tell success from failure by the exception, never by the value: None is a result.
            for task in done:
                if task.exception() is None:
                    return task.result()
            # A failure does not end the race; keep the latest one for when all have failed.
            last_failure = next(iter(done)).exception()
        raise last_failure
    finally:
        # cancel() only asks: each task gets CancelledError at its next await and may clean
        # up for a while. gather waits until they are all finished and keeps their
        # CancelledError from reaching us.
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


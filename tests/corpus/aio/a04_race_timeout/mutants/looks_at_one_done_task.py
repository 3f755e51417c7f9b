"""Takes one task out of `done` (done.pop()) as if FIRST_COMPLETED always gave one: when a
failure and a success end at the same moment, the success may be dropped unseen.

expect: test_generated_races_sizes_ties_and_falsy_results | wrong result | first to succeed
"""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("first_success needs at least one factory")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    pending = {asyncio.ensure_future(factory()) for factory in factories}
    last_failure = None
    try:
        while pending:
            done, pending = await asyncio.wait(
                pending, timeout=max(0.0, deadline - loop.time()),
                return_when=asyncio.FIRST_COMPLETED)
            if not done:
                raise TimeoutError(f"no factory succeeded within {timeout} s")
            task = done.pop()
            if task.exception() is None:
                return task.result()
            last_failure = task.exception()
        raise last_failure
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

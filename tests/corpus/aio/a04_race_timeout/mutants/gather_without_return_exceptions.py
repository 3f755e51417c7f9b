"""Cancels the losers and awaits them with a plain gather: their CancelledError escapes.

expect: test_the_first_to_succeed_in_loop_time_wins | exception | CancelledError
"""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("no factories")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    pending = {asyncio.ensure_future(factory()) for factory in factories}
    last = None
    try:
        while pending:
            done, pending = await asyncio.wait(pending, timeout=deadline - loop.time(),
                                               return_when=asyncio.FIRST_COMPLETED)
            if not done:
                raise TimeoutError("too slow")
            for task in done:
                if task.exception() is None:
                    return task.result()
                last = task.exception()
        raise last
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending)

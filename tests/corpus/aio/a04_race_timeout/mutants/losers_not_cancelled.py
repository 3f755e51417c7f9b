"""Returns the first success but leaves the other tasks running.

expect: test_losers_are_cancelled_and_finish_their_cleanup | leak | never cancelled
expect: test_no_success_in_time_raises_timeout_error | leak | still running
"""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("no factories")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    pending = {asyncio.ensure_future(factory()) for factory in factories}
    last = None
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

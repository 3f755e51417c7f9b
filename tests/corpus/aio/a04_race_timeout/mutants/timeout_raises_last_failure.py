"""When the time is up, raises the last failure so far (or a RuntimeError), not TimeoutError.

expect: test_no_success_in_time_raises_timeout_error | wrong result | TimeoutError
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
                raise last or RuntimeError("timed out")
            for task in done:
                if task.exception() is None:
                    return task.result()
                last = task.exception()
        raise last
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

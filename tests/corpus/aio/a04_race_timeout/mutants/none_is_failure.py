"""Treats a result of None as "no result" and keeps waiting.

expect: test_a_result_of_none_wins | wrong result | None is a successful result
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
                try:
                    result = task.result()
                except Exception as error:
                    last = error
                    continue
                if result is not None:
                    return result
        raise last or TimeoutError("nothing succeeded")
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

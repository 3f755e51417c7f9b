"""When all fail, re-raises the first failure instead of the last.

expect: test_when_all_fail_the_last_failure_is_raised | wrong result | first to fail
"""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("no factories")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    pending = {asyncio.ensure_future(factory()) for factory in factories}
    failures = []
    try:
        while pending:
            done, pending = await asyncio.wait(pending, timeout=deadline - loop.time(),
                                               return_when=asyncio.FIRST_COMPLETED)
            if not done:
                raise TimeoutError("too slow")
            for task in done:
                if task.exception() is None:
                    return task.result()
                failures.append(task.exception())
        raise failures[0]
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

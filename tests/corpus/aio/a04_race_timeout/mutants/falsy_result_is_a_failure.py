"""Takes a result for a success only when it is truthy (`if result:`): a factory that
returns 0, "" or [] first loses to a later one.

expect: test_generated_races_sizes_ties_and_falsy_results | wrong result | succeeded later
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
            for task in done:
                if task.exception() is not None:
                    last_failure = task.exception()
                elif task.result() or task.result() is None:
                    return task.result()
        raise last_failure
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

"""Takes whichever task finishes first, even a failure.

expect: test_a_failure_before_the_first_success_does_not_end_the_race | wrong result | does not end the race
expect: test_a_result_of_none_wins | wrong result | None is a successful result
"""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("no factories")
    tasks = [asyncio.ensure_future(factory()) for factory in factories]
    try:
        done, _ = await asyncio.wait(tasks, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if not done:
            raise TimeoutError("too slow")
        return done.pop().result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

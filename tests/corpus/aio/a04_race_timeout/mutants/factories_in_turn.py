"""Gives each factory its own wait_for, in turn, with the time that is left.

expect: test_the_first_to_succeed_in_loop_time_wins | no concurrency | one after another
expect: test_when_all_fail_the_last_failure_is_raised | no concurrency | started at
"""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("no factories")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last = None
    for factory in factories:
        try:
            return await asyncio.wait_for(factory(), deadline - loop.time())
        except asyncio.TimeoutError:
            raise TimeoutError("too slow") from None
        except Exception as error:
            last = error
    raise last

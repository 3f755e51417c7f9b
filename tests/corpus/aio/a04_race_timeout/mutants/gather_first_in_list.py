"""Gathers every result, then returns the first success in list order.

expect: test_the_first_to_succeed_in_loop_time_wins | wrong result | whatever its place in the list
"""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("no factories")
    results = await asyncio.wait_for(
        asyncio.gather(*(factory() for factory in factories), return_exceptions=True), timeout)
    for result in results:
        if not isinstance(result, BaseException):
            return result
    raise results[-1]

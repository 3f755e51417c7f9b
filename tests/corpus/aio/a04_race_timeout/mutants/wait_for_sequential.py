"""asyncio.wait_for around a loop that awaits the factories one by one.

expect: test_the_first_to_succeed_in_loop_time_wins | no concurrency | one after another
expect: test_a_failure_before_the_first_success_does_not_end_the_race | no concurrency | had started
"""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("no factories")

    async def one_by_one():
        last = None
        for factory in factories:
            try:
                return await factory()
            except Exception as error:
                last = error
        raise last

    return await asyncio.wait_for(one_by_one(), timeout)

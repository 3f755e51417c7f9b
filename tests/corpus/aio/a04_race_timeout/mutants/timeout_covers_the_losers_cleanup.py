"""A TaskGroup inside asyncio.timeout; the winner cancels its rivals, but the timeout still
runs while they clean up: a win in time becomes a TimeoutError when the losers' cleanup
lasts past the deadline.

requires: 3.11
expect: test_generated_races_sizes_ties_and_falsy_results | wrong result | within the timeout
"""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("nothing to race")
    won = []
    failures = []
    tasks = []

    async def contender(factory):
        try:
            result = await factory()
        except Exception as error:
            failures.append(error)
            return
        if not won:
            won.append(result)
            for task in tasks:
                if task is not asyncio.current_task():
                    task.cancel()

    async with asyncio.timeout(timeout):
        # The group waits for every child, the cancelled ones included, before it ends.
        async with asyncio.TaskGroup() as group:
            for factory in factories:
                tasks.append(group.create_task(contender(factory)))
    if won:
        return won[0]
    raise failures[-1]

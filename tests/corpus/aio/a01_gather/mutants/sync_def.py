"""run_concurrently is a plain def that runs its own event loop.

expect: test_empty_and_single | exception | event loop
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


def run_concurrently(jobs):
    return asyncio.run(asyncio.gather(*(greet(n, d) for n, d in jobs)))

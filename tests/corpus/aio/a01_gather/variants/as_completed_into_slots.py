"""asyncio.as_completed, each greeting stored at its job's index (carried by a wrapper)."""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    async def numbered(index, name, delay):
        return index, await greet(name, delay)

    results = [None] * len(jobs)
    for next_done in asyncio.as_completed([numbered(i, n, d) for i, (n, d) in enumerate(jobs)]):
        index, greeting = await next_done
        results[index] = greeting
    return results

"""gather inside asyncio.wait_for with no limit, and asyncio.timeout(None) around it.

requires: 3.11
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    async with asyncio.timeout(None):
        greetings = await asyncio.wait_for(
            asyncio.gather(*[greet(name, delay) for name, delay in jobs]), timeout=None)
    return [*greetings]

"""Creates every task first, then awaits them in order: concurrent, and in order."""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    tasks = [asyncio.create_task(greet(name, delay)) for name, delay in jobs]
    return [await task for task in tasks]

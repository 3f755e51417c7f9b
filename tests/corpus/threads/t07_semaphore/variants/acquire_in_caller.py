"""The caller takes a slot before starting each thread; the thread gives it back."""

import threading


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError("limit must be >= 1")
    results = [None] * len(tasks)
    slots = threading.Semaphore(limit)

    def work(i):
        try:
            results[i] = tasks[i]()
        finally:
            slots.release()

    threads = []
    for i in range(len(tasks)):
        slots.acquire()  # blocks while `limit` tasks are running
        thread = threading.Thread(target=work, args=(i,))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return results

"""Worker threads take tasks from a shared queue, at least one worker "to be safe": an empty
list still starts a thread, and a fast worker may run several tasks.

expect: test_empty_list_gives_empty_list | wrong result | started 1 thread(s), expected 0
expect: test_generated_task_lists | wrong result | expected 0: exactly one
"""

import queue
import threading


def run_all(tasks):
    results = [None] * len(tasks)
    todo = queue.Queue()
    for index, task in enumerate(tasks):
        todo.put((index, task))

    def worker():
        while True:
            try:
                index, (func, args) = todo.get_nowait()
            except queue.Empty:
                return
            results[index] = func(*args)

    threads = [threading.Thread(target=worker) for _ in range(max(1, len(tasks)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results

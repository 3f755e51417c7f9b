"""Every message a student reads, in one table, so that it can be translated.

Keys are stable identifiers; values are str.format templates. Graders and the
harness never build student-facing sentences inline: they call say(key, ...).
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- the grading table and CLI ---
    "cli.no_target": "target folder {target} does not exist",
    "cli.unknown_exercise": "unknown exercise {id!r}{suggestion}; the exercises are listed "
    "in graders/catalogue.py",
    "cli.did_you_mean": " (did you mean {id}?)",
    "cli.bad_json_path": "cannot write the JSON report to {path}: {reason}",
    "cli.progress": "grading {id} ({done}/{total} tests)",
    "cli.total": "Total",
    "cli.replay": "replay: {command}",
    "cli.likely": "likely cause: {kind}",
    "cli.hint": "hint: {hint}",
    "cli.seed": "seed {seed}",
    "cli.all_passed": "Every exercise passed. Well done!",
    "cli.next": "Next: fix {id} ({path}).",
    "status.passed": "passed",
    "status.failed": "failed",
    "status.error": "error",
    "status.missing": "missing",
    "status.timeout": "timeout",
    # --- the harness ---
    "harness.missing_file": "{path} is missing: there is nothing to grade",
    "harness.import_failed": "your file could not be imported: {error}",
    "harness.not_implemented": "not implemented yet: {where} still raises NotImplementedError "
    "(fill in the TODOs)",
    "harness.raised": "{call} raised {error}{where}",
    "harness.at_line": " at {file}:{line}: {code}",
    "harness.stuck_at": ", at {file}:{line} ({code}),",
    "harness.caller": "the thread calling {call}",
    "harness.thread_raised": "a thread raised {error}{where}; an exception inside a thread "
    "vanishes unless you hand it to the caller",
    "harness.run_of": " (stress run {run} of {runs}, seed {seed})",
    "harness.leaked_threads": "{count} thread(s) still alive after {call} returned: {names}. "
    "Join every thread you start before returning",
    "harness.leaked_children": "{count} child process(es) still running after {call} returned: "
    "{processes}. Join every process you start (and close and join a Pool) before returning",
    "harness.unjoined_child": "pid {pid} (finished, but never joined)",
    "harness.deadlock": "deadlock in {call}: {cycle}",
    "harness.self_deadlock": "{thread}{where} tried to acquire {lock}, which it already "
    "holds. A threading.Lock is not re-entrant, so the thread waits for itself for ever: "
    "use threading.RLock where a method that holds the lock calls another that takes it",
    "harness.cycle_edge": "{thread}{where} holds {held} and waits for {lock} (held by "
    "{owner})",
    "harness.lock_name": "the lock made at {file}:{line}{index}",
    "harness.lock_name_unknown": "a {kind} made outside your file",
    "harness.hang": "{call} did not return within {seconds:g} s; nothing was making "
    "progress.",
    "harness.where_stuck": "{thread} was stuck at {file}:{line}: {code}",
    "harness.no_student_frame": "{thread} was stuck outside your file, in {function}",
    "harness.grader_error": "the grader itself failed ({error}); please report this",
    "harness.busy_wait": "{who} used {cpu:.2f} s of CPU while waiting {waited:.2f} s for "
    "input: it spins (polls in a loop) instead of blocking",
    "harness.not_together": "only {met} of {needed} {what} were running at the same time; "
    "the others had not started or had already finished",
    "harness.test_timeout": "the grader's time limit of {seconds:g} s for this test ran out",
    "harness.killed": "grading was stopped after {seconds:g} s (the whole exercise's time "
    "limit); tests that had not reported are counted as timeouts",
    "harness.no_result": "this test did not report a result before grading stopped",
    # --- the event loop (aio track) ---
    "loop.not_async": "{call} returned a {kind}, not a coroutine: declare it with async def "
    "and await inside it",
    "loop.task_waits": "task {what}() waits at {file}:{line}: {code}",
    "loop.task_waits_outside": "task {what}() (outside your file)",
    "hang.loop_time": "{call} did not finish within {seconds:g} s of loop time: every task "
    "was waiting for something that never came. {where}",
    "hang.real_time": "{call} did not finish within {seconds:g} s. {where}",
    "hang.no_task": "No task of yours was waiting: the loop had nothing left to run",
    "loop.pending": "{call} returned while {count} task(s) it started were still pending: "
    "{where}. Await (or cancel and then await) every task you create before returning",
    "loop.lost_exception": "a task raised {error}{where}, and nobody retrieved its "
    "exception: await every task you create (or use gather/TaskGroup), or the error vanishes",
    "loop.unclosed": "{call} left an aiohttp session or connector open ({what}). Use "
    "`async with aiohttp.ClientSession() as session:` so it is closed even on errors",
    "loop.never_awaited": "coroutine {what}() was never awaited",
    "loop.never_awaited_at": "coroutine {what}() was created at {file}:{line} ({code}) but "
    "never awaited",
    "loop.never_awaited_verdict": "in {call}, {what}. Calling an async function only makes "
    "a coroutine object; nothing runs until you await it (or wrap it in a task and await that)",
    "blocked.call": "the event loop was blocked: {func} was called on the loop's thread at "
    "{file}:{line}: {code}. While it runs, no other task can make progress; {advice}",
    "blocked.call_somewhere": "the event loop was blocked: {func} was called on the loop's "
    "thread from your code. While it runs, no other task can make progress; {advice}",
    "blocked.lag": "the event loop was blocked for more than {seconds:g} s at {file}:{line}: "
    "{code}. CPU-heavy or blocking work inside a coroutine stops every other task: run it "
    "with `await asyncio.to_thread(...)`",
    "blocked.use_sleep": "use `await asyncio.sleep(...)` instead of time.sleep",
    "blocked.use_async_io": "use an asyncio client (aiohttp, asyncio streams) instead of a "
    "blocking socket",
    "blocked.use_async_lock": "use asyncio.Lock (or another asyncio primitive) instead of a "
    "threading lock inside coroutines",
    "blocked.use_thread": "run blocking work with `await asyncio.to_thread(...)`",
    # --- threads/t01_start_join ---
    "t01.wrong_result": "{call} returned {actual!r}, expected {expected!r}",
    "t01.wrong_order": "{call} returned {actual!r}, expected {expected!r}: the right values "
    "in the wrong order, probably the order in which the threads finished. Store each "
    "result at its task's index (results[i]) instead of appending it",
    "t01.lost_results": "{call} returned {actual!r}, expected {expected!r}: some results are "
    "missing. A thread's target cannot return a value to you (nor can join()): store "
    "func(*args) in results[i], and join the thread before reading it",
    "t01.not_called": "{count} of {total} tasks were never called",
    "t01.in_caller": "{count} of {total} calls ran in the thread that called run_all(), not "
    "in a thread of their own. Thread(target=func(*args)) calls func right away, in your "
    "thread: pass the function and its arguments instead (target=..., args=...)",
    "t01.shared_thread": "{total} calls ran in only {threads} thread(s): each call needs a "
    "threading.Thread of its own",
    "t01.serial": ". Start every thread before joining any: a join() in the loop that starts "
    "them waits for each thread to finish before the next one starts",
    "t01.serial_in_caller": ". The tasks ran in the thread that called run_all(), one "
    "after another: Thread(target=func(*args)) calls func right away; pass the function "
    "and its arguments instead (target=..., args=...)",
    # --- threads/t02_shared_list ---
    "t02.wrong_result": "{call} returned {actual!r}, expected {expected!r}",
    "t02.missed": "{call}: {count} item(s) were never passed to func (the first one at "
    "index {example}): the chunks do not cover the whole list. Check the bounds, above all "
    "the last chunk's stop: chunk k is k * len(items) // n to (k + 1) * len(items) // n",
    "t02.twice": "{call}: {count} item(s) were passed to func more than once (the one at "
    "index {example}, {times} times): the chunks overlap. A chunk's stop must be the next "
    "chunk's start, and range(start, stop) excludes stop",
    "t02.caller_worked": "{call}: the thread calling parallel_map processed {count} item(s) "
    "itself. It must only start and join the workers: give every chunk to a thread",
    "t02.thread_count": "{call}: {actual} thread(s) did the work, expected exactly "
    "{expected} = min(n_threads, len(items)): one thread per chunk, every thread with at "
    "least one item",
    "t02.serial": ". Start every worker before joining any: a join() in the loop that starts "
    "them waits for each chunk to be done before the next one starts",
    "t02.empty": "parallel_map(func, [], {n}) returned {actual!r} and called func {calls} "
    "time(s); expected [] and no call",
    "t02.should_raise": "{call} should raise ValueError: n_threads must be at least 1{got}",
    "t02.raised_instead": " (it raised {error})",
    "t02.returned_instead": " (it returned {actual!r})",
    "t02.called_anyway": "{call} raised ValueError, but only after calling func {calls} "
    "time(s): check n_threads before doing any work",
    # --- threads/t03_queue_pipeline ---
    "t03.items": "pipeline() delivered {count} item(s) to sink, expected {expected}: {problem}",
    "t03.stopped_at_none": "delivery stopped just before item {index}, which is None. The "
    "source may yield None, so None cannot mark the end of the stream: use a sentinel of "
    "your own (SENTINEL = object()) and compare with `is`",
    "t03.stopped_early": "the consumer stopped after {count} item(s), before the producer was "
    "done. It read the shared data before the producer had produced it: take items from a "
    "queue.Queue, whose get() waits for the next one, until the end sentinel",
    "t03.mismatch": "item {index} was {actual!r}, expected {expected!r}; each item must reach "
    "sink once, as transform(item), in the order the source yields it",
    "t03.extra": "after all {count} items, sink still got {actual!r}; each item must reach "
    "sink exactly once",
    "t03.wrong_return": "pipeline() returned {returned!r}, but {expected} items were delivered; "
    "return the number of items delivered",
    "t03.in_caller": "{role} ran in the thread that called pipeline(), not in a thread of its "
    "own: start one producer thread and one consumer thread",
    "t03.split": "{role} ran in {count} different threads; one {which} thread must do all of it",
    "t03.one_thread": "the source was read and sink was called in the same thread: the "
    "producer and the consumer must be two different threads",
    "t03.transform_elsewhere": "transform ran in a different thread than sink; the consumer "
    "calls sink(transform(item))",
    "t03.returned_early": "pipeline() returned while only {delivered} of {expected} items had "
    "reached sink{source}: join both threads before returning",
    "t03.source_unfinished": " and the source was not yet exhausted",
    "t03.swallowed": "{part} raised {error}, but pipeline() returned {returned!r} instead of "
    "raising it: catch the exception in the thread, hand it to the caller, join both threads, "
    "then re-raise it",
    "t03.not_reached": "pipeline() returned {returned!r}, but {part} never got to item "
    "{index}, where it raises {error}: the consumer stopped before the producer was done; "
    "every item must go through the pipeline",
    # --- threads/t04_lock_counter ---
    "t04.wrong_value": "after {calls} value is {actual!r}, expected {expected}",
    "t04.shared_state": "a new Counter() has value {actual!r} after another counter was "
    "incremented: each Counter must keep its own count (set it up in __init__)",
    "t04.not_read_only": "`counter.value = {attempt}` {outcome}; value must be a read-only "
    "property (@property with no setter), so that only increment() changes the count",
    "t04.assigned": "was accepted (value is now {now!r})",
    "t04.wrong_error": "raised {error} instead of AttributeError",
    "t04.lost": "{threads} threads made {calls} increment() calls adding up to {expected}, but "
    "value is {actual} ({difference:+d}): value += n is a read, an add and a write, and another "
    "thread ran in between. Hold one lock, the same for every call, around the whole update",
    "t04.partial": "a reader saw value == {seen} while {threads} threads only ever called "
    "increment(5) ({bad} of {reads} reads were not a multiple of 5): it saw an increment half "
    "done. Add all of n under a single hold of the lock, and take the lock in value too",
    "t04.backwards": "value went down from {before} to {after} while threads only incremented "
    "it: a stale read was written back over newer increments",
    # --- threads/t05_bank ---
    "t05.wrong_balance": "after {calls} the balance of {acct!r} is {actual}, expected {expected}",
    "t05.wrong_return": "{call} returned {actual!r}, expected {expected!r}",
    "t05.should_raise": "{call} should raise {error}",
    "t05.changed_on_error": "{call} raised {error} but changed the balances: {before} became "
    "{after}; check everything before changing anything",
    "t05.not_via_methods": "transfer() must move the money by calling self.withdraw and "
    "self.deposit (a subclass saw withdraw {withdraws} time(s) and deposit {deposits})",
    "t05.money_changed": "money was {verb}: after {transfers} concurrent transfers the bank "
    "holds {actual}, but {expected} went in ({difference:+d}); a read-modify-write on a "
    "balance ran while another thread was in the middle of one",
    "t05.negative": "balance of {acct!r} went negative ({balance}) under concurrent "
    "withdrawals: the check and the change are not one atomic step",
    "t05.overdrawn": "{threads} threads withdrew {withdrawn} in total from an account holding "
    "{initial}: a balance was checked, then changed by another thread before this one "
    "withdrew",
    "t05.audit": "total() returned {seen} while transfers ran, but the bank always holds "
    "{expected}: it saw money in flight between the withdraw and the deposit of a transfer "
    "({bad} of {audits} audits were wrong). transfer must hold the lock across both halves, "
    "and total() must take it too",
    # --- threads/t06_philosophers ---
    "t06.philosopher": "philosopher {i}",
    "t06.not_eaten": "a philosopher who has not eaten yet",
    "t06.bad_argument": "eat() was called with {arg!r}, but philosophers are numbered 0 to "
    "{last}: philosopher i calls eat(i)",
    "t06.meal_count": "with n={n} and meals={meals}, philosopher {i} ate {ate} time(s) instead "
    "of {meals} ({wrong} philosopher(s) wrong; meals eaten: {counts}). Each philosopher "
    "calls eat(i) exactly `meals` times, and dine() returns only after all have finished",
    "t06.neighbours": "philosophers {i} and {j} were eating at the same moment (n={n}, "
    "meals={meals}), but they share fork {fork}: philosopher i must hold both fork i and fork "
    "(i + 1) % n, the very locks its neighbours use, for the whole of eat(i)",
    "t06.deadlock": ". A philosopher who holds a fork while it waits for ever stops the "
    "table: take the two forks in one global order (lower number first), or let at most "
    "n - 1 philosophers reach for forks at once; and put down every fork you picked up "
    "before trying again",
    "t06.twice_at_once": "philosopher {i} was eating twice at the same moment (n={n}, "
    "meals={meals}): one thread per philosopher, and each meal under both of its forks",
    "t06.serial": "philosophers who share no fork never ate at the same moment: n={n}, "
    "meals={meals}; {tries} time(s) one philosopher kept eating, and each time every other "
    "one waited for it to finish. Only neighbours compete for a fork, so with n={n} two can "
    "eat at once; one lock around all the eating (or around taking the forks, held while "
    "eating) makes the whole table eat one at a time",
    # --- threads/t07_semaphore ---
    "t07.wrong_result": "{call} returned {actual!r}, expected {expected!r}",
    "t07.too_many": "{peak} tasks were running at the same time in {call}, more than "
    "limit={limit}. Create the semaphore with exactly `limit` slots, and hold a slot for "
    "the whole task: acquire before calling it, release only after it returned",
    "t07.serial": ". With limit={limit}, {limit} tasks must be able to run together: give "
    "the semaphore `limit` slots (a Lock has only one), start every thread before joining "
    "any, and let the semaphore (not a join) make the others wait",
    "t07.not_called": "{call}: {count} of {total} tasks were never called",
    "t07.in_caller": "{call}: {count} of {total} tasks ran in the thread that called "
    "run_limited, not in a thread of their own",
    "t07.shared_thread": "{call}: {total} tasks ran in only {threads} thread(s); each task "
    "needs a threading.Thread of its own (a thread pool reuses its threads), and the "
    "semaphore limits how many of them run",
    "t07.should_raise": "{call} should raise ValueError: limit must be at least 1, even "
    "when there is no task{got}",
    "t07.raised_instead": " (it raised {error})",
    "t07.returned_instead": " (it returned {actual!r})",
    "t07.ran_anyway": "{call} raised ValueError, but only after running {count} task(s): "
    "check limit before starting anything",
    # --- processes (shared by the track) ---
    "proc.wrong_result": "{call} returned {actual!r}, expected {expected!r}",
    "proc.not_children": "{problem}: the work must run in processes of its own "
    "(multiprocessing.Process started with start(), not run())",
    # --- processes/p01_named_processes ---
    "p01.whoami": "whoami() returned {actual!r} in the parent, expected {expected!r}",
    "p01.own_process": "{call}: {detail}; each name must run in its own process",
    "p01.names": "the children saw the names {seen}, expected {expected}: pass name= to "
    "Process and read multiprocessing.current_process().name",
    "p01.exit_codes": "{call} returned the exit codes {actual}, expected {expected}: "
    "exitcode is only known after join()",
    # --- processes/p02_pool_map ---
    "p02.order": "{call} returned {actual!r}: the right results, but not in the order of "
    "the items; map() keeps input order, imap_unordered() does not",
    "p02.unclosed": "{call} returned with its Pool still open (Python warned: {warning}); "
    "close() and join() it, or leave a with block, before returning",
    "p02.one_pid": "only {pids} worker pid(s) did the work of {items} items with "
    "processes={processes}: two tasks that must run at the same time never did "
    "(a Pool of one worker, or all the items handed to one worker?)",
    # --- processes/p03_pipe_exchange ---
    "p03.process_changed": "process({arg!r}) returned {actual!r}, expected {expected!r}: "
    "process() is given (it returns obj * 2); leave it as it is",
    "p03.wrong_order": "{call} returned {actual!r}, expected {expected!r}: the right replies "
    "in the wrong order. In lockstep, the reply you receive right after sending an item is "
    "that item's reply: append it there",
    "p03.hang_hint": ". Where does each side wait? A pipe holds only about 64 KiB, and send() "
    "of a big object waits until the other side recv()s it: send one item and receive its "
    "reply before sending the next. And the child leaves its loop only when it receives "
    "None: send None before join()",
    "p03.child_gone": "{call} raised {error}{where}: the child process closed its end of the "
    "pipe or ended before replying. Did child_worker raise, or stop before None arrived?",
    "p03.exit_code": "the child process of {call} ended with exit code {code!r}, expected 0: "
    "child_worker must leave its loop when None arrives and return normally (1 means an "
    "exception ended the child; a negative code, a signal killed it)",
    "p03.worker_hang": ". child_worker must return once it receives None (the grader sent "
    "its items, then None)",
    "p03.worker_raised": "child_worker(conn) raised {error}{where}; the grader had sent it "
    "{count} items, then None. None means \"stop\": leave the loop without processing it",
    "p03.worker_stopped": "child_worker(conn) sent {got} of {count} replies and stopped at the "
    "item {item!r}{hint}",
    "p03.falsy_hint": ": only None ends the loop, and {item!r} is an item like any other. "
    "Test `obj is None`, not `not obj` (0, \"\" and [] are false too)",
    "p03.worker_replies": "child_worker(conn) was sent {items!r}; it replied {actual!r}, "
    "expected {expected!r} (process(obj) for each, in order)",
    "p03.worker_not_closed": "child_worker(conn) returned without closing its end of the "
    "pipe: the other side's recv() then waits for ever instead of raising EOFError. Call "
    "conn.close() (or use `with conn:`) once None has arrived",
    # --- processes/p04_queue_workers ---
    "p04.order": "{call} returned {actual!r}: the right results, but not in the order of "
    "the items, probably the order in which the workers finished them. Send (index, item) "
    "tasks, get (index, result) back and store each result at its index",
    "p04.repeated": "{call}: {items} item(s) were processed more than once (item {index} "
    "{times} times); each item must be put on the one task queue that all workers share, "
    "once",
    "p04.missing": "{call}: func never ran for {count} item(s), e.g. {missing}; every item "
    "must be put on the task queue before the poison pills",
    "p04.one_pid": "only {pids} worker pid(s) did the work of {items} items with "
    "n_workers=2: two tasks that must run at the same time never did. Start every worker "
    "before joining any, and let them all take tasks from the same queue",
    "p04.exception_result": "{call}: func raised {expected!r} for the item {item!r}, and its "
    "result was {actual!r}; expected the exception itself, the same type with the same "
    "args. Catch it in the worker and put (index, exception) on the result queue",
    "p04.hang_pills": ". A worker stops only when it takes a poison pill, and each takes "
    "one: put one pill per worker (n_workers of them), or the others wait in get() for ever "
    "and join() waits for them",
    "p04.hang_drain": ". The results are 1 MiB each and a pipe holds about 64 KiB: a worker "
    "cannot exit until the parent has read its results. Drain the result queue (get every "
    "result) first, and only then join the workers",
    "p04.hang_exception": ". func raises for some of these items: a worker that lets the "
    "exception escape dies, and that item's result never arrives. Catch it in the worker "
    "and put the exception as the item's result",
    "p04.hang_any": ". Where was it stuck? In join(): a worker is still waiting for a task "
    "(one poison pill per worker?) or still holds results nobody read (get every result "
    "before joining). In get(): a result never came (did a worker die?)",
    # --- processes/p05_shared_value ---
    "p05.lost": "{call} counted {actual}, expected {expected}: {lost} increments were lost. "
    "counter.value += 1 reads, then writes: another process can write in between unless "
    "every process holds the same lock, counter.get_lock(), around it",
    "p05.too_many": "{call} counted {actual}, expected {expected}: more than was added",
    # --- processes/p06_executor ---
    "p06.shape": "{call} returned {actual!r}: expected a list with one tuple per item, "
    "(\"ok\", value) or (\"error\", type name)",
    "p06.lost": "{call} returned {got} outcome(s) for {count} items (starting {actual!r}): "
    "every item needs its own. One failing item must not lose the others: pool.map() stops "
    "at the first exception, so submit() each item and catch the exception of each future's "
    "result() on its own",
    "p06.order": "{call} returned the right outcomes, but not in the order of the items: "
    "position {index} holds {actual!r}, expected {expected!r}. as_completed() yields futures "
    "as they finish: collect the futures in the order you submitted them (or store each "
    "outcome at its item's index)",
    "p06.type_name": "{call}: the item {item!r} raised {name} in its worker, so its outcome "
    "is ('error', {name!r}); got {actual!r}. Report type(exc).__name__, the exception's type "
    "name, not its message",
    "p06.item": "{call}: the item {item!r} got {actual!r}, expected {expected!r}",
    "p06.in_caller": "{call}: items ran in the grader's own process (pid {pid}), not in worker "
    "processes. Use ProcessPoolExecutor: a ThreadPoolExecutor, or calling func yourself, "
    "runs everything in the calling process",
    "p06.one_pid": "{call}: two items that must run at the same time never did (the {items} "
    "items ran in {pids} worker process(es), never two at once). Give the executor "
    "max_workers, and submit every item before asking any future for its result (result() "
    "right after submit() waits for that item before the next is even submitted)",
    "p06.killer": "{call}: item {index}, whose worker died, got {actual!r}; expected "
    "('error', 'BrokenProcessPool'), the exception its future's result() raises",
    "p06.broken_other": "{call}: item {index} got {actual!r}; when a worker dies, every other "
    "item gets its own ('ok', {value!r}) if it finished, or ('error', 'BrokenProcessPool')",
    "p06.finished_lost": "{call}: item 0 had finished before the worker died, yet got "
    "{actual!r}, expected ('ok', 10). A broken pool fails only the futures still running or "
    "waiting: keep each finished item's result (ask each future, do not give up on the "
    "whole batch)",
    "p06.escaped_result": "{call} raised BrokenProcessPool{where}: a worker died, and "
    "result() re-raises BrokenProcessPool for every unfinished future. Catch it per item like "
    "any other exception, giving ('error', 'BrokenProcessPool'), and return. (Catching "
    "exceptions inside the worker cannot help: a process that dies never reaches its except "
    "clause)",
    "p06.escaped_submit": "{call} raised BrokenProcessPool{where}, from submit(): once a "
    "worker has died, the pool is broken and submit() itself raises BrokenProcessPool for each "
    "item still to be submitted. Catch it there too: that item's outcome is ('error', "
    "'BrokenProcessPool')",
    "p06.escaped": "{call} raised {error}{where}. An exception func raises in a worker is "
    "re-raised in your process by that future's result(): catch it for each item and record "
    "('error', type(exc).__name__)",
    "p06.hang_broken": ". A worker died here (os._exit): ProcessPoolExecutor then fails every "
    "unfinished future with BrokenProcessPool, but multiprocessing.Pool replaces the worker "
    "and waits for ever for the lost item's result",
    "p06.kept": "after {call} returned, {count} ProcessPoolExecutor(s) were still running "
    "(their manager thread alive)",
    "p06.shutdown": ". Shut the executor down before returning: leave its with block (or call "
    "shutdown(wait=True)); an executor kept for the next call keeps its workers alive",
    # --- aio/a01_gather ---
    "a01.wrong": "{call} returned {actual!r}, expected {expected!r}",
    "a01.order": "{call} returned {actual!r}, expected {expected!r}: the right greetings in "
    "the wrong order, probably the order in which they finished. asyncio.gather returns the "
    "results in the order of its arguments; asyncio.as_completed does not",
    "a01.greet_value": "greet('Ana', 2.5) returned {actual!r}, expected 'hello Ana'",
    "a01.greet_time": "greet('Ana', 2.5) took {elapsed:g} s of loop time, expected 2.5: it "
    "must await asyncio.sleep(delay) before returning",
    "a01.calls": "{call} called greet {count} time(s) for {jobs} jobs: call it once per job, "
    "by its module-level name",
    "a01.serial": "{call} took {elapsed:g} s of loop time: the longest delay is {longest:g} s "
    "and all the delays add up to {total:g} s; at most {peak} of {jobs} greets were waiting "
    "at once. Awaiting each coroutine in turn runs them one after another: create them all "
    "and await them together (asyncio.gather)",
    "a01.slow": "{call} took {elapsed:g} s of loop time, expected 3 s (the longest delay; "
    "they add up to 6.5 s): the greets did not all wait at the same time. Awaiting each "
    "coroutine in turn runs them one after another: await them together (asyncio.gather)",
    # --- aio/a02_async_fetcher ---
    # --- aio/a03_async_queue ---
    # --- aio/a04_race_timeout ---
    # --- aio/a05_to_thread ---
}


def say(key: str, **fields: object) -> str:
    """The student-facing text for `key`, filled in with `fields`."""
    return MESSAGES[key].format(**fields)

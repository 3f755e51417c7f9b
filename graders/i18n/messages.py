"""Every message a student reads, in one table, so that it can be translated.

Keys are stable identifiers; values are str.format templates, in English, the
source text. Graders and the harness never build student-facing sentences
inline: they call say(key, ...), which speaks the current language (i18n.py).
The translations are in graders/i18n/locale/<lang>/LC_MESSAGES/kit.po, one entry per
key (its msgctxt) whose msgid is the English here: after adding or changing a
message, run `make translations` and translate what it marks as new or fuzzy.
"""

from __future__ import annotations

from graders import i18n

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
    # the kinds of failure (verdicts.KINDS), as `likely cause: ...` names them
    "kind.wrong_result": "wrong result",
    "kind.race": "race",
    "kind.deadlock": "deadlock",
    "kind.timeout": "timeout",
    "kind.leak": "leak",
    "kind.busy_wait": "busy wait",
    "kind.blocked_loop": "blocked loop",
    "kind.no_concurrency": "no concurrency",
    "kind.exception": "exception",
    "kind.not_implemented": "not implemented",
    "kind.import_error": "import error",
    "kind.tampered": "tampered with the grader",
    "cli.unknown_language": "unknown language {lang!r}; the kit speaks {languages}",
    "cli.no_folder": "no such folder",
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
    "harness.explored_of": " (schedule {schedule} of the systematic search, the same for every "
    "seed)",
    # --- the story of a race (story.py) ---
    "story.caller": "caller",
    "story.generic": "The interleaving below breaks it, with {switches} thread switches.",
    "story.lost_update": "Lost update: {a} and {b} both read {what} (= {value}) before either "
    "wrote it back: {a} read it at {read}, {b} wrote it at {other}, then {a} wrote its stale "
    "result at {wrote} over {b}'s.",
    "story.check_then_act": "Check-then-act: {a} checked {what} (= {value}) at {check}, {b} "
    "changed it at {other}, and {a} then acted on its old check at {act}.",
    "story.torn_read": "Torn read: {a} read {what} at {read} while {b} was half-way through an "
    "update, after its write at {first} and before its write at {second}.",
    "story.unforced": "No forced switch was needed: the threads below broke it as they took "
    "their turns.",
    "story.deadlock_steps": "The steps that led there:",
    "story.thread": "thread {number}",
    "story.read_value": "read {what} = {value}",
    "story.read": "read {what}",
    "story.wrote_value": "wrote {what} = {value}",
    "story.wrote": "wrote {what}",
    "story.takes": "takes {lock}",
    "story.waits_for": "waits for {lock}",
    "story.releases": "releases {lock}",
    "story.elided": "  ... {count} steps left out ...",
    "inputs.fails_for": " (fails for {example}: the smallest generated input that breaks it)",
    "harness.spawn_unsafe": "process {process!r} could not be started the way spawn starts "
    "it: its target {target} or its arguments cannot be pickled by reference ({error}){where}. "
    "This works under fork only; macOS and Windows use spawn, which sends the target and its "
    "arguments to the new process by name: define what a child runs at module level, and pass "
    "it only picklable arguments",
    "harness.leaked_threads": "{count} thread(s) still alive after {call} returned: {names}. "
    "Join every thread you start before returning",
    "harness.leaked_children": "{count} child process(es) still running after {call} returned: "
    "{processes}. Join every process you start (and close and join a Pool) before returning",
    "harness.unjoined_child": "pid {pid} (finished, but never joined)",
    "harness.deadlock": "deadlock in {call}: {cycle}",
    "harness.a_thread": "a thread your code started",
    "harness.orphaned_lock": "after {call} returned, {lock} was still held by {thread}, which "
    "has finished: nobody can release it now, so the next call that needs it waits for ever. "
    "An exception escaped between acquire() and release(): take the lock with `with` (or "
    "release it in a finally), and do what can raise before taking it",
    "harness.self_deadlock": "{thread}{where} tried to acquire {lock}, which it already "
    "holds. A threading.Lock is not re-entrant, so the thread waits for itself for ever: "
    "use threading.RLock where a method that holds the lock calls another that takes it",
    "harness.cycle_edge": "{thread}{where} holds {held} and waits for {lock} (held by {owner})",
    "harness.lock_name": "the lock made at {file}:{line}{index}",
    "harness.lock_name_unknown": "a {kind} made outside your file",
    "harness.hang": "{call} did not return within {seconds:g} s; nothing was making progress.",
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
    "harness.your_code": "your code",
    "harness.source_line": " (line {line})",
    # what a rendezvous waits for: "only 2 of 4 {what} were running at the same time"
    "harness.what_tasks": "tasks",
    "harness.what_worker_threads": "worker threads",
    "harness.what_children": "child processes",
    "harness.what_sha256_calls": "sha256_file calls",
    # --- batch: intake ---
    "intake.not_a_folder": "{path} is not a folder of submissions",
    "intake.empty_folder": "{path} holds no submissions (sub-folders or .zip files)",
    "intake.name_not_utf8": "the submission's name is not valid UTF-8; it is graded as {name!r}",
    "intake.nothing_found": "{source}: no exercise file was found (files are found by track "
    "and name anywhere inside, e.g. threads/t05_bank.py)",
    "intake.several": "{count} files could be {id}; graded {chosen}, the shallowest",
    "intake.symlink": "{path} is a symbolic link; submissions must hold real files",
    "intake.bad_zip": "{source} cannot be read as a zip archive ({reason})",
    "intake.zip_too_big": "{source} unpacks to more than {limit} MB or too many files",
    "intake.zip_escapes": "{source} holds {member!r}, a path outside the archive's folder "
    "(absolute or with ..); it was not unpacked",
    "intake.zip_link": "{source} holds {member!r}, a symbolic link; it was not unpacked",
    "intake.file_too_big": "the file for {id} is larger than {limit} MB: not source code",
    # --- batch: sandbox ---
    "sandbox.unknown_mode": "unknown sandbox {mode!r}; choose one of {modes}",
    "sandbox.bwrap_unusable": "--sandbox bwrap was asked for, but bubblewrap cannot run here: "
    "{reason}",
    "sandbox.fallback": "grading WITHOUT a sandbox ({reason}): submissions run with "
    "resource limits only and can read and change every file this user can. Install "
    "bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) or pass --sandbox none to accept "
    "this",
    "sandbox.bwrap_missing": "bwrap is not installed",
    "sandbox.not_linux": "bubblewrap needs Linux",
    "sandbox.would_expose": "refusing to mount {folder} in the sandbox: it holds {secret}",
    "sandbox.no_python": "cannot find where {python} keeps its files: {error}",
    "sandbox.too_many_processes": "grading was stopped: your code had more than {limit} "
    "processes running at once",
    "sandbox.too_much_memory": "grading was stopped: your code's processes held more than "
    "{limit} of memory",
    "channel.tampered": "the submission tampered with the grader (its results channel: {how}): "
    "no result of this exercise counts",
    "guard.tampered": "the submission tampered with the grader ({how}): no result of this "
    "exercise counts",
    "guard.unsealed": "the grading ended before the grader finished, without the guard's seal "
    "(os._exit, or the grading process stopped from inside)",
    "guard.killed": "the grading process was killed by signal {signal} before the grader "
    "finished: no result of this exercise counts",
    "guard.scanned": "{file}:{line} {what}",
    "scan.imports": "imports {name}",
    "scan.imports_from": "imports {name} from {module}",
    "scan.uses": "uses {name}",
    "scan.names": "names {name}",
    "batch.flagged": " (flagged: tampered with the grader in {ids})",
    # --- batch: gradebook, exports, platforms ---
    "status.ungraded": "ungraded",
    "gradebook.no_submission": "{path} is neither a folder nor a file: there is no "
    "submission to hash",
    "gradebook.unusable": "cannot use {path} as a gradebook: {reason}",
    "gradebook.newer": "{path} was written by a newer kit (gradebook version {found}; this "
    "kit reads version {expected})",
    "gradebook.bad_status": "cannot record {student!r} as {status!r}: a submission without "
    "results is one of {allowed}",
    "gradebook.bad_student": "a student needs a non-empty name, not {student!r}",
    "gradebook.no_tests": "this exercise was not graded: the grader could not start (no test "
    "reported). That is not a score of 0; it will be graded again",
    "feedback.title": "Feedback for {student}",
    "feedback.total": "Total: {score} of {max_score} points ({status})",
    "feedback.total_ungraded": "Total: not graded yet",
    "feedback.ungraded": "Your submission was not graded because of a problem on our side: "
    "{problem}. That is not a score of 0; it will be graded again",
    "feedback.problem": "Your submission could not be graded as it is: {problem}",
    "feedback.exercise_score": "{score} of {max_score} points: {status}",
    "feedback.flagged": "; flagged: the submission tampered with the grader, so no "
    "result of it counts",
    "feedback.tests_passed": " ({passed} of {total} tests passed)",
    "feedback.exercise_ungraded": "not graded ({status}): it counts for no points yet, and "
    "for none lost",
    "feedback.test": "{name} [{status}]",
    "gradescope.bad_visibility": "unknown visibility {visibility!r}; choose one of {allowed}",
    "gradescope.out_not_empty": "{path} is not an empty folder: choose a new one",
    "gradescope.not_zip": "{path} must end in .zip",
    "gradescope.found": "found {found} of {total} exercise files in the submission: {files}",
    "gradescope.no_report": "grading produced no usable report ({reason}): no results.json "
    "was written, so Gradescope shows this submission as not graded; rerun it",
    "gradescope.ungraded": "an exercise could not be graded (its grader did not start): no "
    "results.json was written, so Gradescope shows this submission as not graded; rerun it",
    "gradescope.wrote": "wrote {path}: {score} of {max_score} points",
    "gradescope.built": "wrote {path}",
    "classroom.more_failures": "{count} more test(s) of this exercise failed; `make grade` "
    "shows them all",
    "classroom.no_report": "cannot turn {path} into points: {reason}",
    # --- batch: the batch itself ---
    "batch.out_inside": "--out {out} is inside the submissions folder {submissions}: put it "
    "elsewhere, out of the submissions' reach",
    "batch.canaries": "checking the graders on this machine first: grading the {count} "
    "reference solution(s) and stub(s)",
    "batch.canaries_ok": "graders checked: every solution passes, every stub fails",
    "batch.solution_failed": "refusing to grade: the reference solution of {id} does not pass "
    "here ({count} solution(s) failing): {detail}. Grades from this machine would be wrong",
    "batch.stub_passed": "refusing to grade: the stub of {ids} passes its grader, so the "
    "grader proves nothing",
    "batch.infrastructure": "not graded: the grading itself failed ({error}); run the batch "
    "again to grade it",
    "batch.progress": "[{bar}] {done}/{total} ETA {eta:.0f}s  {student}: {status} {score}{note}",
    "batch.skipped": " (unchanged since its last grading: kept)",
    "batch.summary": "{count} submission(s) in {seconds:g} s (sandbox: {sandbox}; {skipped} "
    "unchanged and kept; {ungraded} not graded). Grades, feedback and Gradescope results are "
    "in {out}",
    # --- nbgrader ---
    "nbgrader.how_to": "**Working in this notebook.** Write your code in the answer cells. "
    "Each starts with a line such as `# {file}, part 1 of {parts}`: keep it, the grader "
    "joins the cells that start with one into your {file}. Extra imports and helpers go "
    "inside an answer cell: cells of your own are not graded. The other code cells are "
    "given and read-only. Run every cell (Run All), then the last cell grades your answer with the "
    "kit's grader, the same one as `make grade EX={id}`: it prints what failed and why, and "
    "the points you earned.",
    "nbgrader.grade_cell": "Grades the answer cells above (run them first) with the kit's "
    "grader, in a separate process, as the autograder will. The number shown last is your "
    "points, of {points}.",
    "nbgrader.points": "points: {earned} of {points}",
    "nbgrader.unchanged": "0 of {points} points: your answer cells still hold the code you "
    "were given, unchanged",
    "nbgrader.missing_part": "part {part} of {parts} of {file} has not run in this notebook: "
    "run every cell from the top (Run All), keeping the first line of each answer cell, then "
    "this cell again. 0 of {points} points",
    "nbgrader.stopped": "grading did not finish within {seconds} s, so it was stopped: 0 of "
    "{points} points. Something in your code waits for ever: a thread or process never "
    "ends or is never joined, a lock is never released, or a loop never stops",
    "nbgrader.no_kernel": "kit_grader.grade() runs in a notebook's grade cell (an IPython "
    "kernel), where the answer cells ran",
    "nbgrader.no_kit": "the kit's grader cannot run here: {kit} or {python} is missing. To "
    "grade here, set {kit_variable} to the kit's folder and {python_variable} to a Python "
    "with its requirements; your work is graded when you submit it in any case",
    "nbgrader.unknown": "{id!r} is not an exercise of this course's kit_grader.json: "
    "regenerate the course with `make nbgrader`",
    "nbgrader.failed": "the kit's grader failed (exit status {status}): this is not a "
    "verdict on your code; the instructor must grade it again. Its last words: {detail}",
    "nbgrader.out_not_empty": "{path} is not an empty folder: choose a new one, or pass "
    "--force (make nbgrader FORCE=1) to rewrite its nbgrader_config.py and source/ only",
    "nbgrader.built": "wrote the nbgrader course {path}: {count} notebook(s) in source/ "
    "(assignments: {assignments}). Next: cd {path} && nbgrader generate_assignment {first}",
    # --- student tools ---
    "cli.how_often": " ({failed} of {total} tests failed; the first is shown)",
    "cli.limits": "time limits: {call:g} s for each call of your code, {test:g} s for each "
    "test, {whole:g} s for the whole exercise; the same on every machine, so this verdict is "
    "the same in CI",
    "cli.cut": "[... {count} characters cut here; `--json FILE` keeps the whole message ...]",
    "tools.after_failure": "Next: fix it and grade again, or `make watch EX={id}` to grade it "
    "on every save; `make hint EX={id}` for the hints.",
    "tools.instructors_only": "`{verb}` is for instructors and is not part of the student bundle",
    "tools.grading_changed": "grading {id} (changed since its last grading)...",
    "tools.skipped": "skipped",
    "tools.state.not_started": "not started",
    "tools.state.failing": "failing",
    "tools.state.race": "race",
    "tools.state.deadlock": "deadlock",
    "tools.state.timeout": "timeout",
    "tools.state.passed": "passed",
    "tools.state.missing": "missing",
    "tools.state.not_graded": "not graded",
    "tools.progress": "Progress [{bar}] {done}/{total} exercises passed, {points}/{most} points",
    "tools.list_next": "Next: {id} (`make next` shows what to do).",
    "tools.skipping": "Skipped {id} for now: `make next` comes back to it when the others are "
    "done (`make next EX={id}` at any time).",
    "tools.next_title": "{id}: {title} (exercise {position} of {total}, {points} points)",
    "tools.came_back": "You skipped it earlier; every other exercise is done or skipped too.",
    "tools.next_file": "Your file: {path} (state: {state})",
    "tools.next_commands": "Grade it:               make grade EX={id}\n"
    "Grade it on every save: make watch EX={id}\n"
    "Stuck?                  make hint EX={id}\n"
    "Skip it for now:        make next SKIP=1",
    "tools.no_instructions": "{path} has no instructions (no docstring): `make reset` "
    "restores the original",
    "tools.no_such_level": "{id} has hints 1 to {count}",
    "tools.hint_title": "Hint {level} of {count} for {id} ({title})",
    "tools.hint_because": ", chosen because its last grading found: {kind}",
    "tools.hint_passed": ": it passes already",
    "tools.hint_not_started": ": you have not started it yet",
    "tools.hint_failure": "  last failure: {message}",
    "tools.hint_more": "More: make hint EX={id} LEVEL={level}",
    "tools.no_pristine": "this kit has no original copy of {id} (graders/tools/pristine.json is "
    "missing or broken): download the kit again",
    "tools.reset_already": "{path} is already the original stub: nothing to do",
    "tools.reset_ask": "Replace {path} with the original stub? Your version is kept in "
    ".kit-state/backups/. [y/N]",
    "tools.reset_declined": "{path} was left as it is (`make reset EX={id} YES=1` resets "
    "without asking)",
    "tools.reset_done": "{path} is the original stub again; your version is in {backup}",
    "tools.reset_done_new": "{path} was missing: it is the original stub again",
    "watch.events": "Watching {what}: every save is graded at once. Ctrl-C stops.",
    "watch.polling": "Watching {what} by looking at the files every {seconds:g} s, because "
    "{why}. Ctrl-C stops.",
    "watch.poll_asked": "you asked for polling",
    "watch.no_watchdog": "the watchdog package is not installed (run `make` to install the "
    "kit's requirements)",
    "watch.remote": "{mount} is a {fstype} file system, where saves made from another machine "
    "or from Windows raise no file event here",
    "watch.events_failed": "file events could not be set up ({error})",
    "watch.events_missing": "{path} changed and no file event reported it",
    "watch.fell_back": "File events do not arrive here ({why}): looking at the files every "
    "half second from now on.",
    "tools.passed_next": "Passed! Next: {id} ({path}); `make next` shows its instructions.",
    "watch.keep_going": "Fix it and save: it is graded again. Stuck? `make hint EX={id}`.",
    "watch.waiting": "... waiting for a save",
    "watch.stopped": "stopped watching",
    "release.not_instructor_kit": "this is a student's kit (there is no solutions/ folder): "
    "only the instructors' kit makes a release or rewrites the stubs' copy",
    "release.stubs_differ": "refusing to ship: exercises/ is not the stubs for {ids} "
    "(graders/tools/pristine.json differs). After editing a stub, run `python -m "
    "graders.tools.pristine`; after trying something in exercises/, `make reset EX=...`",
    "release.leak": "refusing to ship: {path} holds a line of a reference solution: {line}",
    "release.built": "wrote {folder}/ and {archive} ({count} files): the stubs, the graders, "
    "the student tools, the Makefile and the README; no solutions, no tests",
    "pristine.written": "wrote {path} from exercises/ ({count} stubs)",
    "harness.called_from": ", called from {file}:{line}: {code}",
    # --- the event loop (aio track) ---
    "loop.not_async": "{call} returned a {kind}, not a coroutine: declare it with async def "
    "and await inside it",
    "loop.task_waits": "task {what}() waits at {file}:{line}: {code}",
    "loop.call_waits": "{call} waits at {file}:{line}: {code}",
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
    "t01.call_last_first": "run_all(<{count} tasks finishing last-first>)",
    "t01.thread_count": "{call} started {started} thread(s), expected {expected}: exactly one "
    "threading.Thread per task, started by run_all itself (no spare or idle threads, and "
    "none at all for an empty list)",
    "t01.call_count": "{call} called the tasks {calls} time(s) in all, expected {count}: each "
    "task is called exactly once, even when the same task appears twice",
    "t01.wrong_length": "{call} returned {actual} result(s), expected a list of {count}: one "
    "result per task",
    "t01.wrong_slot": "{call}: position {index} does not hold what the call of task {index} "
    "returned. Store each call's result at its task's index (results[i]); looking results up "
    "by task (a dict keyed by the task, list.index) mixes up tasks that are equal",
    "t01.same_result_twice": "{call}: one call's return value appears at several positions, "
    "so another call's is lost. Equal tasks are separate calls: store each result at its "
    "task's index (results[i]), never in a dict keyed by the task",
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
    "t02.threads_started": "{call} started {started} thread(s), expected exactly {expected}: "
    "min(n_threads, len(items)) threads, one per chunk (no idle threads, and none at all "
    "for an empty list)",
    "t02.not_contiguous": "{call}: one thread processed the items at positions {positions}: "
    "each thread must take one contiguous chunk, items[start:stop], not every n-th item",
    "t02.call_count": "{call} called func {calls} time(s), expected {count}: once per item, "
    "even when the same item appears twice",
    "t02.wrong_length": "{call} returned {actual} result(s), expected a list of {count}: one "
    "per item",
    "t02.wrong_slot": "{call}: position {index} does not hold func's result for the item at "
    "position {index}. Write results[i] = func(items[i]) by index; looking positions up by "
    "item (a dict keyed by the item, items.index) mixes up items that are equal",
    "t02.same_result_twice": "{call}: one call's result appears at several positions, so "
    "another's is lost. Equal items are separate items: store each result at its own index, "
    "never in a dict keyed by the item",
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
    "t03.role_source": "the source",
    "t03.producer": "producer",
    "t03.consumer": "consumer",
    "t03.consumer_thread": "the consumer thread",
    "t03.not_that_item": "item {index} reached sink as something other than "
    "transform(item) of the very item the source yielded there",
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
    "t04.call_threads": "{threads} threads calling increment()",
    "t04.call_reader": "increment(5) in {threads} threads while a reader reads value",
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
    "t05.call_threads": "{threads} threads calling {method}()",
    "t05.call_auditor": "transfer() in {threads} threads while an auditor calls total()",
    "t05.raised_instead": " (it raised {error})",
    "t05.left": "; {left} is left",
    "t05.verb_created": "created",
    "t05.verb_lost": "lost",
    "t05.call_ops": "a sequence of deposits, withdrawals and transfers",
    "t05.opening": "Bank({given!r}) reports the balances {actual!r} before any operation: "
    "each account keeps its own opening balance, whatever order the names come in",
    "t05.closing": "after {count} operation(s) the balances are {actual!r}, expected {expected!r}",
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
    "t07.call_last_first": "run_limited(<5 tasks finishing last-first>, limit=5)",
    "t07.not_started_by_call": "{call}: {count} of {total} tasks ran in a thread that "
    "run_limited did not start: each task needs a threading.Thread of its own, started by "
    "the call",
    "t07.call_count": "{call} called the tasks {calls} time(s) in all, expected {count}: each "
    "task runs exactly once, even when the same task appears twice",
    "t07.wrong_length": "{call} returned {actual} result(s), expected a list of {count}: one "
    "per task",
    "t07.wrong_slot": "{call}: position {index} does not hold what task {index} returned. "
    "Store each result at its task's index (results[i]); looking results up by task (a dict "
    "keyed by the task, tasks.index) mixes up a task that appears twice",
    "t07.same_result_twice": "{call}: one call's result appears at several positions, so "
    "another's is lost. A task listed twice runs twice: store each result at its own index, "
    "never in a dict keyed by the task",
    # --- processes (shared by the track) ---
    "proc.wrong_result": "{call} returned {actual!r}, expected {expected!r}",
    "proc.not_children": "{problem}: the work must run in processes of its own "
    "(multiprocessing.Process started with start(), not run())",
    "proc.wrong_at": "{call} returned {actual}, expected {expected}: position {index} holds "
    "{got}, expected {want}",
    "proc.missing_at": "{call} returned {actual}, expected {expected}: {got} result(s) for "
    "{count} items",
    # --- processes/p01_named_processes ---
    "p01.whoami": "whoami() returned {actual!r} in the parent, expected {expected!r}",
    "p01.own_process": "{call}: {detail}; each name must run in its own process",
    "p01.names": "the children saw the names {seen}, expected {expected}: pass name= to "
    "Process and read multiprocessing.current_process().name",
    "p01.exit_codes": "{call} returned the exit codes {actual}, expected {expected}: "
    "exitcode is only known after join()",
    "p01.in_parent": "a target ran in the parent process (run() instead of start()?)",
    "p01.shared_process": "{names} names ran in {processes} process(es)",
    "p01.started": "{call} started processes named {started}, expected one per name, "
    "{names}: Process(target=target, args=args, name=name) for each name, started once",
    # --- processes/p02_pool_map ---
    "p02.order": "{call} returned {actual!r}: the right results, but not in the order of "
    "the items; map() keeps input order, imap_unordered() does not",
    "p02.unclosed": "{call} returned with its Pool still open (Python warned: {warning}); "
    "close() and join() it, or leave a with block, before returning",
    "p02.one_pid": "only {pids} worker pid(s) did the work of {items} items with "
    "processes={processes}: two tasks that must run at the same time never did "
    "(a Pool of one worker, or all the items handed to one worker?)",
    "p02.call_last_first": "parallel_map(<tasks that finish last-first>, <3 items>, 3)",
    "p02.call_pairing": "parallel_map(<a task that needs a second worker>, <4 items>, 2)",
    "p02.too_few": "{call} started {started} worker process(es), expected {wanted}: give the "
    "Pool the number of processes asked for, Pool(processes) (or min(processes, "
    "len(items))); Pool() alone starts one per CPU of the machine",
    "p02.pool_size": "{call} made a Pool of {size} worker(s) for {items} item(s) with "
    "processes={processes}, expected a Pool of {wanted}: Pool(min(processes, len(items))), "
    "since a worker with no item to run only costs start-up time",
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
    '{count} items, then None. None means "stop": leave the loop without processing it',
    "p03.worker_stopped": "child_worker(conn) sent {got} of {count} replies and stopped at the "
    "item {item!r}{hint}",
    "p03.falsy_hint": ": only None ends the loop, and {item!r} is an item like any other. "
    'Test `obj is None`, not `not obj` (0, "" and [] are false too)',
    "p03.worker_replies": "child_worker(conn) was sent {items!r}; it replied {actual!r}, "
    "expected {expected!r} (process(obj) for each, in order)",
    "p03.worker_not_closed": "child_worker(conn) returned without closing its end of the "
    "pipe: the other side's recv() then waits for ever instead of raising EOFError. Call "
    "conn.close() (or use `with conn:`) once None has arrived",
    "p03.no_child": "{call} started no child process",
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
    "p04.hang_exception_types": ". func raises exceptions of several types for these items "
    "(KeyError, RuntimeError, IndexError, an Exception subclass of the grader's own): a "
    "worker that catches only some types dies at another one, and that item's result never "
    "arrives. Catch Exception in the worker and put the exception as the item's result",
    "p04.hang_any": ". Where was it stuck? In join(): a worker is still waiting for a task "
    "(one poison pill per worker?) or still holds results nobody read (get every result "
    "before joining). In get(): a result never came (did a worker die?)",
    "p04.call_last": "process_all(<4 items; item 0 finishes last>, first_waits_for_last, 2)",
    "p04.call_pairing": "process_all(<4 tasks that each need a second worker>, "
    "pid_after_pairing, 2)",
    "p04.in_parent": "{call} ran func in the parent",
    # --- processes/p05_shared_value ---
    "p05.lost": "{call} counted {actual}, expected {expected}: {lost} increments were lost. "
    "counter.value += 1 reads, then writes: another process can write in between unless "
    "every process holds the same lock, counter.get_lock(), around it",
    "p05.too_many": "{call} counted {actual}, expected {expected}: more than was added",
    "p05.call_processes": "add_many(counter, 5000) in 4 processes at once",
    "p05.added": "{call} turned counter.value {before} into {actual}, expected {expected}: "
    "add_many adds 1, n times, to whatever the counter already holds",
    "p05.not_processes": "{call} started {started} process(es), expected {n_procs}: run "
    "add_many in n_procs processes of their own (multiprocessing.Process, start() then "
    "join()); threads, or the calling process doing a share, do not show that the Value is "
    "shared across processes",
    # --- processes/p06_executor ---
    "p06.shape": "{call} returned {actual!r}: expected a list with one tuple per item, "
    '("ok", value) or ("error", type name)',
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
    "p06.call_last_first": "parallel_apply(<tasks that finish last-first>, <3 items>, 3)",
    "p06.call_dies": "parallel_apply(<item 1 of 8 ends its worker with os._exit(1)>, <8 items>, 2)",
    "p06.call_dies_submitting": "parallel_apply(<item 1 of 9 ends its worker with "
    "os._exit(1) while items are still being submitted>, <9 items>, 3)",
    "p06.call_pairing": "parallel_apply(<an item that needs a second worker>, <4 items>, 2)",
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
    "a02.raised": "{call} raised {error}{where}. A failing URL must become a FetchResult, "
    "never an exception: catch aiohttp.ClientError and asyncio.TimeoutError around each "
    "attempt and record them in that URL's result",
    "a02.session_open": "{call} returned with its aiohttp.ClientSession still open. Open it "
    "with `async with aiohttp.ClientSession() as session:` around all the requests, so it is "
    "closed on return, errors included",
    "a02.not_list": "{call} returned {actual}: expected a list with one FetchResult per URL",
    "a02.count": "{call} returned {count} results for {urls} URLs: expected one FetchResult "
    "per URL",
    "a02.not_fetch_result": "{call} returned a {kind} ({actual}) among its results: each "
    "result must be a FetchResult(url, status, body, error, attempts)",
    "a02.not_dataclass": "FetchResult must be a dataclass with the fields url, status, body, "
    "error, attempts in that order (@dataclasses.dataclass); {found}",
    "a02.found_fields": "yours has the fields {fields}",
    "a02.found_none": "your module has no FetchResult",
    "a02.found_class": "your FetchResult is {kind}, not a dataclass",
    "a02.order": "{call} returned the results for the URLs {actual}, expected {expected}: the "
    "right results in the wrong order, probably the order in which the answers came. Keep the "
    "order of urls: asyncio.gather returns results in the order of its arguments; with "
    "workers or as_completed, store each result at its URL's index",
    "a02.urls": "{call} returned results for the URLs {actual}, expected {expected}: each "
    "result's url is the URL it was fetched from, one result per URL, in the order of urls",
    "a02.result": "{call}: the result for {url} ({what}) is {actual}; expected {expected}. "
    "{advice}",
    "a02.what_ok": "it answers 200",
    "a02.what_4xx": "it always answers with that 4xx status",
    "a02.what_5xx": "it answers with that 5xx status every time",
    "a02.what_flaky": "it answers 503 the first n times, n as in its path, then 200",
    "a02.what_hang": "it never answers",
    "a02.what_refused": "nothing listens on its port: every connection is refused",
    "a02.advice_4xx": "A 4xx is final: the same request would fail again, so never retry it "
    "(attempts is 1)",
    "a02.advice_once": "A 200 is final: one attempt, no retry",
    "a02.advice_retry": "A 5xx, a timeout and a connection error are retried, `retries` more "
    "times at most (attempts is at most retries + 1); stop at the first answer below 500",
    "a02.advice_hang": "Each attempt that times out is retried: the timeout must bound one "
    "attempt (start it inside the retry loop, once per attempt), not the whole call",
    "a02.advice_bytes": "body is the raw bytes of the answer (await response.read()), not text",
    "a02.advice_timeout": 'An attempt that ran out of time ends with error "timeout"',
    "a02.advice_class_name": "error names the exception's class: type(error).__name__, e.g. "
    "ClientConnectorError for a refused connection",
    "a02.advice_error": 'error is "HTTP <status>" (e.g. "HTTP 404") when the final status '
    "is 400 or more, and None below",
    "a02.advice_no_response": "No answer came, so status and body are None",
    "a02.advice_last": "status and body are those of the last answer: keep what the last "
    "attempt read, not the first",
    "a02.advice_status": "status is response.status and body is `await response.read()` of "
    "the last attempt",
    "a02.attempts_sent": "{call}: the result for {url} says attempts={attempts}, but the "
    "server received {sent} request(s) for it: attempts counts the requests sent",
    "a02.over_limit": "{call}: the server had {peak} requests in flight at once, more than "
    "limit={limit}. Hold a slot of an asyncio.Semaphore(limit) (or be one of `limit` "
    "workers) for the whole of each attempt, from the request to the end of the body",
    "a02.under_limit": "{call}: the server never had more than {peak} request(s) in flight "
    "at once, expected limit={limit} (the call took {elapsed:g} s of loop time). Start every "
    "URL at once (asyncio.gather over all of them) and let only the semaphore hold them back; "
    "awaiting the requests one by one runs them one by one",
    "a02.held_back": "{call}: the URLs that answer in {timeout:g}/4 s were answered only by "
    "{latest:g} s of loop time; with the two slots the hanging URL leaves free they take "
    "{bound:g} s. A URL that never answers must hold only its own slot while the others go "
    "on: fetch the URLs concurrently and bound each attempt with the timeout",
    "a02.cut_short": "{call}: attempt {attempt} at the URL that never answers lasted "
    "{spent:g} s of loop time, less than timeout={timeout:g}: each attempt gets the whole "
    "timeout for itself. Start it once per attempt, after the attempt got its slot: not "
    "once for the whole call, nor before waiting for the slot",
    "a02.overran": "{call}: attempt {attempt} at the URL that never answers lasted "
    "{spent:g} s of loop time, but timeout={timeout:g} (plus under 1 s of backoff): bound "
    "each attempt, from the request to the end of the body, with the `timeout` argument "
    "(asyncio.wait_for, asyncio.timeout or aiohttp.ClientTimeout)",
    "a02.slot_timeout": "{call}: {count} of the {urls} URLs, each answering in {delay:g} s "
    "< timeout={timeout:g}, did not succeed at the first attempt (URL #{first}: {result}). "
    "With limit=1 the later URLs first wait for the slot, and that wait must not count: "
    "start the timeout once the slot is yours (inside `async with semaphore`), for each "
    "attempt alone",
    "a02.no_session": "{call} made no aiohttp.ClientSession ({requests} request(s) reached "
    "the server): fetch with aiohttp, through one ClientSession for the whole call",
    "a02.sessions": "{call} made {count} aiohttp.ClientSession objects for {requests} "
    "requests; expected exactly one for the whole call. Open it once in fetch_all (`async "
    "with aiohttp.ClientSession() as session:`) and pass it to every request: a session "
    "per request opens a new connection pool each time",
    "a02.no_backoff": "{call}: {url} was retried at once (the gaps between its attempts were "
    "{gaps} s of loop time; it answers at once). Wait a little before each retry, with "
    "`await asyncio.sleep(...)`, e.g. 0.1 s then 0.2 s",
    "a02.slow_backoff": "{call}: the backoff before the 2 retries of {url} took {total:g} s "
    "of loop time in all (gaps {gaps} s), expected under 1 s: keep it short, e.g. 0.1 s "
    "then 0.2 s",
    "a02.what_slow": "it answers 200 at once and sends its body in pieces, all of it "
    "within the timeout",
    "a02.what_slow_timeout": "it answers 200 at once, then sends its body in pieces that "
    "together take longer than the timeout",
    "a02.advice_body": "The timeout bounds the whole attempt, from sending the request to "
    "reading the whole body: put `await response.read()` inside it too (asyncio.wait_for "
    "or asyncio.timeout around the request and the read, or aiohttp.ClientTimeout(total=...)"
    "), not only around session.get(), nor a timeout per read (sock_read)",
    "a02.advice_no_body": "The body did not arrive in time, so body is None: keep nothing "
    "of an attempt that ran out of time",
    "a02.repeated_url": "{call}: {url} is in urls {count} time(s); the server got {sent} "
    'request(s) for it and answers each with a body of its own ("answer k to ..." for '
    "the k-th), but the results at its positions have the bodies {bodies}. Each position of "
    "urls gets the result of its own request: a result kept in a dict keyed by URL (or found "
    "with urls.index) serves one result to every copy of a repeated URL",
    "a02.body_cut_short": "{call}: attempt {attempt} at {url}, whose body comes slowly, "
    "lasted {spent:g} s of loop time, less than timeout={timeout:g}: each attempt gets the "
    "whole timeout for itself, started once per attempt",
    # --- aio/a03_async_queue ---
    "a03.wrong": "{call} returned {actual!r}, expected {expected!r}",
    "a03.order": "{call} returned {actual!r}, expected {expected!r}: the right results in "
    "the wrong order, probably the order in which the items finished. Put (index, item) "
    "pairs on the queue and store each result at results[index] instead of appending it",
    "a03.calls": "{call} called worker_fn {count} time(s) for {total} items (never with "
    "{never!r}, more often than listed with {again!r}): every item put on the queue must be "
    "taken by exactly one worker and passed to worker_fn once, duplicates included",
    "a03.error_lost": "{call}: the result for item {item!r} (index {index}) is {actual!r}, "
    "expected the exception object that worker_fn raised for it ({expected!r}). Catch it "
    "inside the worker (`except Exception as error:`) and store the error itself as that "
    "item's result",
    "a03.raised_out": "{call} raised {error}, which worker_fn raised for item {item!r}: an "
    "exception from worker_fn must become that item's result (catch it inside the worker), "
    "and the worker goes on with the next item",
    "a03.cancelled_out": "{call} raised CancelledError: awaiting workers you cancelled "
    "re-raises their CancelledError. Await them with asyncio.gather(*workers, "
    "return_exceptions=True), which collects it instead",
    "a03.too_many": "{call} had {peak} items in worker_fn at once, more than n_workers={n}: "
    "start exactly n_workers worker tasks, each taking one item at a time from the queue (a "
    "task per item runs them all at once)",
    "a03.idle": "{call}: at {time:g} s of loop time only {busy} item(s) were in worker_fn "
    "while {waiting} had not started yet, so some of the {n} workers sat idle. A pool keeps "
    "every worker busy until the queue is empty: start n_workers tasks that each loop on "
    "`await queue.get()` (one item at a time, or batches of n that wait for their slowest "
    "item, leave workers idle)",
    "a03.rounds": "{call} took {elapsed:g} s of loop time: {count} items of {d:g} s each "
    "with {n} workers take {rounds} rounds, {expected:g} s (one at a time they take "
    "{serial:g} s); at most {peak} item(s) were in worker_fn at once. Start n_workers tasks "
    "that each loop on `await queue.get()`",
    "a03.reversed_time": "{call} took {elapsed:g} s of loop time, expected 3.5 s: three "
    "workers processing items of 3, 2.5, 2, 1.5, 1 and 0.5 s, each taking the next item as "
    "soon as it is free",
    "a03.one_worker": "{call} took {elapsed:g} s of loop time with at most {peak} item(s) in "
    "worker_fn at once, expected 6 s and 1: one worker processes six 1-second items one "
    "after another, the failing one included",
    "a03.few_items": "{call} took {elapsed:g} s of loop time, expected {longest:g} s (the "
    "longest item): with at least as many workers as items, every item is processed at once",
    "a03.not_cancelled": "when {call} returned, {count} task(s) it started were still "
    "waiting: {where}. Workers that loop on `await queue.get()` wait for ever once the queue "
    "is empty: after queue.join(), cancel every worker, then await them "
    "(asyncio.gather(*workers, return_exceptions=True))",
    "a03.not_awaited": "when {call} returned, {count} task(s) it cancelled had not finished "
    "yet: {where}. task.cancel() only asks a task to stop; it ends later, when the loop "
    "runs it again. Await the cancelled workers before returning "
    "(asyncio.gather(*workers, return_exceptions=True))",
    "a03.hang_after_error": ". worker_fn raised for item {item!r}, and then the queue never "
    "drained ({done} of {total} items processed): an exception that escapes a worker ends "
    "that task before it calls task_done(). Catch it inside the worker, store it as the "
    "item's result, and call task_done() in a finally block",
    "a03.hang_no_task_done": ". worker_fn had finished with every item ({total}), yet "
    "queue.join() kept waiting: join() returns only once task_done() was called for every "
    "item put. Call queue.task_done() once after each get(), in a finally block so that an "
    "exception from worker_fn cannot skip it",
    "a03.missing": "{call} returned {actual!r}, expected {expected!r}: worker_fn was called "
    "for every item, but {count} result(s) are None, never stored in their slot. Store each "
    "result at its own item's index: put (index, item) pairs on the queue (with repeated "
    "items, items.index(item) always finds the first one)",
    "a03.task_not_started": "task {what}() had not even started",
    "a03.hang_stalled": ". Only {done} of {total} items were processed by worker_fn",
    "a03.shared_result": "{call}: the result at index {first} is also at index {second} "
    "({value!r}), yet worker_fn was called for each of them and returned a result of its "
    "own (the item there is {item}). Results kept in a dict keyed by the item share one "
    "entry for equal items (and unhashable items cannot be keys): put (index, item) pairs "
    "on the queue and store each result at results[index]",
    # --- aio/a04_race_timeout ---
    "a04.call": "first_success(<{count} factories>, timeout={timeout:g})",
    "a04.returns": "factory {index} returns {value!r} at {at:g} s",
    "a04.fails": "factory {index} fails at {at:g} s",
    "a04.race": " The race: {runners}",
    "a04.returned": "returned {value!r}",
    "a04.raised": "raised {error}",
    "a04.called_twice": "{call} called factory {index} {count} times: call each factory "
    "exactly once (each call makes a new coroutine, and every coroutine must be awaited)",
    "a04.serial": "{call}: only {started} of {total} factories had started when the race "
    "began ({late}). Call every factory and wrap each coroutine in a task "
    "(asyncio.ensure_future) before waiting for any: awaiting them one by one, even inside "
    "asyncio.wait_for, runs them one after another",
    "a04.never_called": "{which} never called",
    "a04.never_ran": "{which} called, but the coroutine never ran",
    "a04.started_at": "factory {index} started at {at:g} s",
    "a04.wrong_value": "{call} returned {actual!r}; expected {expected!r}, the result of "
    "factory {index}, the first to succeed (at {at:g} s).{race}",
    "a04.later_winner": "{call} returned {actual!r}, the result of factory {other} at "
    "{other_at:g} s, but factory {index} succeeded first, at {at:g} s: the winner is the first "
    "to succeed in loop time, whatever its place in the list. Wait for the tasks as they finish "
    "(asyncio.wait with FIRST_COMPLETED, or asyncio.as_completed).{race}",
    "a04.none_lost": "{call} {ended}, but factory {index} had returned None at {at:g} s: "
    "None is a successful result like any other, so it wins. Tell success from failure by "
    "whether the task raised (task.exception() is None), never by the value.{race}",
    "a04.failure_ended": "{call} raised {error}, but factory {index} succeeded later, at "
    "{at:g} s, within the timeout: a failure does not end the race. Remember it and keep "
    "waiting for the others.{race}",
    "a04.timeout_instead": "{call} raised {error} after {elapsed:g} s, but factory {index} "
    "succeeded at {at:g} s, within the timeout of {timeout:g} s.{race}",
    "a04.raised_instead": "{call} raised {error}{where}; expected {expected!r}, the result "
    "of factory {index}, the first to succeed (at {at:g} s).{hint}{race}",
    "a04.cancelled_hint": " Awaiting a task you cancelled raises CancelledError in you: "
    "await asyncio.gather(*tasks, return_exceptions=True) waits for the cancelled tasks and "
    "keeps their CancelledError.",
    "a04.returned_at_timeout": "{call} returned {actual!r} after {elapsed:g} s; no factory "
    "succeeded within the timeout of {timeout:g} s, so it must raise TimeoutError (at "
    "{timeout:g} s of loop time).{race}",
    "a04.late_success": "{call} returned {actual!r}, the result of factory {index}, which "
    "came at {at:g} s, after the timeout of {timeout:g} s: stop waiting when the time is up "
    "and raise TimeoutError.{race}",
    "a04.failure_not_timeout": "{call} raised {error}, but {which} still running when the "
    "timeout of {timeout:g} s ran out: that is a TimeoutError. Re-raise a "
    "failure only when every factory has failed.{race}",
    "a04.not_timeout_error": "{call} raised {error}{where} after {elapsed:g} s; when no "
    "factory succeeds within the timeout it must raise TimeoutError (the builtin one; "
    "asyncio.TimeoutError is accepted on Python 3.10, where it differs).{hint}{race}",
    "a04.not_last_failure": "{call} raised {error}; every factory failed, and the last to "
    "fail was factory {index}, at {at:g} s: re-raise the failure that happened last in "
    "time, not the {which}.{race}",
    "a04.first_in_time": "first to fail",
    "a04.in_list": "last in the list",
    "a04.earlier": "one that came earlier",
    "a04.copied_failure": "{call} raised {error}, a new exception that copies the failure of "
    "factory {index} (the last to fail) instead of that failure itself: re-raise the exception "
    "object the task raised (`raise error`), so the caller gets its type, traceback and "
    "identity",
    "a04.returned_all_failed": "{call} returned {actual!r}; every factory failed (the last, "
    "factory {index}, at {at:g} s): re-raise that last failure.{race}",
    "a04.timeout_all_failed": "{call} raised {error} after {elapsed:g} s, but every factory "
    "had failed by {at:g} s, before the timeout of {timeout:g} s: once every factory has "
    "failed, re-raise the last failure (factory {index}'s).{race}",
    "a04.raised_not_last": "{call} raised {error}{where}; every factory failed, so it must "
    "re-raise the last failure, {expected} (factory {index}, at {at:g} s).{hint}{race}",
    "a04.not_cancelled": "{call} {ended} while {which} still running: never cancelled, and "
    "still pending. Cancel every task that lost (task.cancel()) and await them "
    "before returning or raising",
    "a04.not_awaited": "{call} {ended} while {which} still cancelling: it called "
    "cancel() but did not wait for them to finish. cancel() only asks: the task gets a "
    "CancelledError at its next step and may then take a while to clean up. After "
    "cancelling, await them: await asyncio.gather(*tasks, return_exceptions=True)",
    "a04.ran_to_end": "{call}: {which} never cancelled but ran to the end (the last at "
    "{at:g} s), although the race was decided at {decided:g} s ({why}). Cancel the losers "
    "as soon as the race is decided, then await them",
    "a04.factories": "factories {indexes} were",
    "a04.factory": "factory {index} was",
    "a04.late_cancel": "{call} cancelled the losers at {at:g} s of loop time, expected at "
    "{decided:g} s ({why})",
    "a04.elapsed": "{call} {ended} after {elapsed:g} s of loop time, expected {expected:g} s "
    "({why}), as no loser needed time to clean up",
    "a04.why_win": "when factory {index} succeeded",
    "a04.why_timeout": "when the timeout ran out",
    "a04.why_all_failed": "when the last factory failed",
    "a04.empty_returned": "first_success([], timeout=1) returned {actual!r}: with no factories "
    "there is no race; raise ValueError",
    "a04.empty_raised": "first_success([], timeout=1) raised {error}{where}; expected "
    "ValueError: check for an empty list before starting anything",
    # --- aio/a05_to_thread ---
    "a05.helper_value": "{call} returned {actual}, expected {expected} (hashlib.sha256 of the "
    "file's bytes). sha256_file comes complete in the stub: keep it a plain, blocking "
    "function that reads the file in chunks",
    "a05.helper_not_plain": "{call} returned a coroutine: sha256_file must stay a plain "
    "(blocking) def. Make checksum_all async and run sha256_file in a thread with "
    "`await asyncio.to_thread(sha256_file, path)`",
    "a05.not_dict": "{call} returned a {kind} ({actual}), expected a dict mapping each path "
    "to its checksum",
    "a05.missing_keys": "{call} returned no value for {count} of {total} paths, e.g. "
    "{example!r}{instead}. Key the dict by each path exactly as it "
    "was given (not its base name), and keep every file's result, also of the failing ones",
    "a05.instead": " (its keys: {keys})",
    "a05.extra_keys": "{call} returned {count} key(s) that are not among the paths, e.g. "
    "{example!r}: key the dict by each path exactly as it was given",
    "a05.swapped": "{call}: the checksums are right but {count} of {total} are attached to "
    "the wrong paths, e.g. {path!r} got the checksum of {other!r}. Pair each result with "
    "its own path: asyncio.gather returns results in the order of its arguments (then "
    "zip them with paths), asyncio.as_completed in the order they finish; or have each "
    "task return (path, digest)",
    "a05.wrong_value": "{call}: {path!r} got {actual}, expected {expected!r}, the value "
    "sha256_file returned for it",
    "a05.error_text": "{call}: {path!r} ({what}) got {actual!r}, expected exactly "
    '{expected!r}. A file that cannot be hashed gets "error: " followed by the '
    "exception's class name, type(error).__name__ (not str(error), which is its message)",
    "a05.what_missing": "a file that does not exist",
    "a05.what_folder": "a folder, not a file",
    "a05.what_permission": "sha256_file raised PermissionError for it",
    "a05.what_raised": "sha256_file raised {name} for it",
    "a05.what_unreadable": "a file that cannot be read",
    "a05.raised": "{call} raised {error}{where}. A file that cannot be hashed must not end "
    "the call: catch the exception where that one file is hashed (around the await of "
    'asyncio.to_thread) and make its value "error: " + type(error).__name__, so the '
    "other files still get their checksums",
    "a05.never_called": "{call} never called sha256_file for {count} of {total} paths, e.g. "
    "{example!r}. Hash every path by calling sha256_file through its module-level name "
    "(the grader swaps in its own sha256_file to watch the calls)",
    "a05.called_twice": "{call} called sha256_file {times} times for {example!r}: hash each "
    "path exactly once",
    "a05.on_loop": "the event loop was blocked: sha256_file ran {count} time(s) on the event "
    "loop's own thread{where}. While it reads and hashes a file no other task runs. Run it "
    "in a worker thread: `await asyncio.to_thread(sha256_file, path)`, passing the function "
    "and its argument (asyncio.to_thread(sha256_file(path)) still calls it on the loop first)",
    "a05.on_loop_at": ", called at {file}:{line}: {code}",
    "a05.stalled": "the event loop was blocked during {call}: while sha256_file ran in a "
    "worker thread, the grader's heartbeat task on the loop did not get to run for "
    "{seconds:g} s. The coroutine waits for the threads in a blocking way "
    "(future.result(), executor.map(), concurrent.futures.wait(), a polling loop): await "
    "them instead (await asyncio.to_thread(...), await loop.run_in_executor(...))",
    "a05.also_seen": ". The loop watch saw the same: {seen}",
    "a05.over_limit": "{call}: {peak} sha256_file calls ran at the same time, more than "
    "limit={limit}. Hold an asyncio.Semaphore(limit) for the whole `await "
    "asyncio.to_thread(...)` (not only while creating the task), or use a pool of `limit` "
    "workers or a ThreadPoolExecutor(max_workers=limit)",
    "a05.under_limit": "{call}: only {met} of {needed} sha256_file calls were running at the "
    "same time ({files} files, limit={limit}); the others had not started or had already "
    "finished. Start them together (asyncio.gather of one task per file) and let an "
    "asyncio.Semaphore(limit) hold back the rest, instead of awaiting one file after another",
    "a05.shut_down": ". A ThreadPoolExecutor you create keeps its threads until it is shut "
    "down: use `with ThreadPoolExecutor(max_workers=limit) as pool:` or call "
    "pool.shutdown() in a finally (asyncio.to_thread needs no executor of your own)",
}


def template(key: str, lang: str | None = None) -> str:
    """The template of `key` in `lang` (default: the current language), not filled in."""
    return i18n.translate(key, MESSAGES[key], lang)


def say(key: str, **fields: object) -> str:
    """The student-facing text for `key` in the current language, filled in with `fields`."""
    english = MESSAGES[key]
    text = i18n.translate(key, english)
    if text is not english:
        try:
            return text.format(**fields)
        except (KeyError, IndexError, ValueError):
            pass  # a broken translation must not hide the verdict (tests/test_i18n.py)
    return english.format(**fields)


def likely(kind: str) -> str:
    """`likely cause: <kind>`, the kind (a verdicts.KINDS value) in the current language."""
    key = "kind." + kind.replace(" ", "_")
    return say("cli.likely", kind=say(key) if key in MESSAGES else kind)

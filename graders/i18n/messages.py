"""The kit's own sentences, and `say`, which speaks them in the student's language.

Keys are stable identifiers; values are str.format templates, in English, the
source text. Graders and the harness never build student-facing sentences
inline: they call say(key, ...), which speaks the current language (i18n.py).
This table holds the engine's, the tools' and the platforms' sentences; each
grader keeps its exercise's in a MESSAGES table of its own, at its end, and
speaks with `speaker(__name__)`, which looks there first.
The translations are in graders/i18n/locale/<lang>/LC_MESSAGES/kit.po, one entry per
key (its msgctxt) whose msgid is the English here: after adding or changing a
message, run `make translations` and translate what it marks as new or fuzzy.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from graders import i18n

MESSAGES: dict[str, str] = {
    # --- the grading table and CLI ---
    "cli.no_target": "target folder {target} does not exist",
    "cli.unknown_exercise": "unknown exercise {id!r}{suggestion}; `{command}` shows every exercise",
    "cli.did_you_mean": " (did you mean {id}?)",
    "cli.bad_json_path": "cannot write the JSON report to {path}: {reason}",
    "cli.progress": "grading {id} ({done}/{total} tests)",
    "cli.interrupted": "interrupted: this grading was stopped",
    "cli.grading_many": "grading {ids} ({done} of {total} exercises done, {seconds} s)",
    "cli.not_started": "(not started: the stub as it came)",
    "cli.still_grading": "still grading {id} ({done}/{total} tests, {seconds} s)...",
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
    "harness.import_stalled": "your file did not finish importing: after {seconds:g} s it was "
    "still running its top level{where}. The top of a file runs when it is imported, before "
    "any test: a loop or a wait there never ends, so put it in a function",
    "harness.inside": " (inside {function}() at {file}:{line})",
    "harness.import_failed": "your file could not be imported, so none of its tests ran: {error}",
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
    "harness.stuck": "{call} can never return: for {seconds:g} s no thread or process it runs "
    "has moved, each waiting for another:",
    "harness.process_named": "process {name} (pid {pid})",
    "harness.process_pid": "a process it started (pid {pid})",
    "harness.wait_send": "sending on a full pipe that nobody reads",
    "harness.wait_recv": "receiving from a pipe that nobody writes to",
    "harness.wait_join": "joining a thread or process that never ends",
    "harness.wait_lock": "waiting for a lock nobody releases",
    "harness.wait_condition": "waiting, with no timeout, for a signal nobody sends (a queue, an "
    "event, a condition)",
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
    "sandbox.fallback": "grading WITHOUT a sandbox ({reason}): submissions run as you, with "
    "resource limits only: they can read the kit's solutions and change every file you can, "
    "signal or trace your processes (a submission that kills its supervisor is that "
    "submission's error; one that kills the batch itself stops it), leave processes behind "
    "and reach the network. Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap), "
    "or run the batch as root for a uid of its own per grading, or pass --sandbox none to "
    "accept this",
    "sandbox.user_fallback": "bubblewrap cannot run here ({reason}): each grading runs as a "
    "uid of its own, in its own session, with resource limits, on a read-only copy; the "
    "kit's solutions, exercises and tests, the submissions and the results are closed to "
    "other users (mode 700). Not protected without bubblewrap: the network, and writing in "
    "/tmp (swept after each grading)",
    "sandbox.user_still_open": "these folders could not be closed to other users, so every "
    "grading can read them: {folders} (mount them elsewhere, or copy them where the batch "
    "may change their mode)",
    "sandbox.user_unusable": "--sandbox user was asked for, but gradings cannot run as a "
    "uid of their own here: {reason}",
    "sandbox.user_not_root": "a uid of its own per grading needs the kit to run as root",
    "sandbox.user_closed": "the grading user cannot reach {path}: {folder} is closed to "
    "other users (install Python and the kit where others can read them, or chmod o+x "
    "{folder})",
    "sandbox.user_failed": "a grading user could not start the graders: {error}",
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
    "autograder.no_report": "grading produced no usable report ({reason})",
    "autograder.ungraded": "an exercise could not be graded (its grader did not start)",
    "gradescope.not_graded": "no results.json was written, so Gradescope shows this "
    "submission as not graded; rerun it",
    "gradescope.wrote": "wrote {path}: {score} of {max_score} points",
    "gradescope.built": "wrote {path}",
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
    "batch.supervisor_killed": "the grading of {id} killed its supervisor ({how}): this "
    "submission is not graded further",
    "batch.supervisor_wedged": "the grading of {id} stopped its supervisor (no result in "
    "{seconds} s): this submission is not graded further",
    "batch.signal": "signal {signal}",
    "batch.exited": "it was made to exit",
    "batch.skipped": " (unchanged since its last grading: kept)",
    "batch.summary": "{count} submission(s) in {seconds:g} s (sandbox: {sandbox}; {skipped} "
    "unchanged and kept; {ungraded} not graded). Grades, feedback and Gradescope results are "
    "in {out}",
    # --- batch: shards on many machines (shards.py), their merge (merge.py), cluster.py ---
    "shards.bad_spec": "--shard {given!r}: expected I/N, the I-th of N shards, with 1 <= I <= N "
    "(e.g. 2/5)",
    "shards.count_missing": "{variable} is set but {count_variable} is not: set it to the "
    "number of shards (the Job's completions; the manifest of `make k8s` sets it)",
    "shards.bad_variable": "{variable}={value!r} is not a whole number of at least {least}",
    "shards.index_outside": "{variable}={value} is not one of the {count} shards "
    "({count_variable}={count}): they are 0 to {count}-1",
    "shards.task_outside": "SLURM_ARRAY_TASK_ID={task} is not one of the array's {count} "
    "tasks from {first} in steps of {step}: give the array as a range (--array=0-N)",
    "shards.graded": "shard {index}/{count}: {selected} of {total} submissions",
    "merge.no_gradebook": "{folder} holds no gradebook.sqlite: give the --out folder of each "
    "shard's batch",
    "merge.unreadable": "cannot read the gradebook {path}: {reason}",
    "merge.other_version": "{path} is a gradebook of version {found}; this kit merges version "
    "{expected}: merge it with the kit that graded it",
    "merge.not_a_gradebook": "its {table} table is not a gradebook's",
    "merge.out_is_shard": "--out {out} is one of the shards being merged: choose another folder",
    "merge.out_holds_batch": "{path} is a batch's own gradebook, not a merge: choose another "
    "folder for --out",
    "merge.graders_differ": "refusing to merge: shards graded by different graders ({first_hash} "
    "in {first}, {second_hash} in {second}); grade every shard with the same kit",
    "merge.seeds_differ": "refusing to merge: shards graded with different seeds ({first_seed} "
    "in {first}, {second_seed} in {second}); grade every shard with the same --seed, or with "
    "none",
    "merge.student_differs": "refusing to merge: {student!r} is in {first} and in {second} with "
    "different submissions; grade it again, then merge",
    "merge.merged": "merged {shards} shard(s): {count} submission(s) ({ungraded} not graded). "
    "Grades, feedback and Gradescope results are in {out}",
    "cluster.slurm_paths": "SLURM needs --submissions and --out (make slurm SUBMISSIONS=DIR "
    "OUT=DIR): folders on the file system every node shares",
    "cluster.cannot_write": "cannot write into {folder}: {reason}",
    "cluster.wrote": "wrote {files} in {folder}",
    "cluster.next_k8s": "Next: build and push the image (see {folder}/Dockerfile), then "
    "`kubectl apply -f {folder}/kit-grade.yaml`; when it completes, `kubectl apply -f "
    "{folder}/kit-merge.yaml`",
    "cluster.next_slurm": "Next, on the cluster: `bash {folder}/submit.sh` (the shards, then "
    "their merge)",
    # --- batch: the class report (report.html, and its summary in the terminal) ---
    "report.title": "Class report",
    "report.overview": "Overview",
    "report.submissions": "submissions",
    "report.graded": "graded",
    "report.errors": "in error",
    "report.ungraded": "ungraded",
    "report.flagged": "flagged",
    "report.mean": "mean score",
    "report.median": "median score",
    "report.points": "{score} of {max_score}",
    "report.no_score": "none yet",
    "report.scores_note": "Mean and median are over the {scored} submission(s) with a score "
    "(those in error included); the {ungraded} ungraded one(s) are left out, not counted as 0.",
    "report.exercises": "Exercises",
    "report.exercises_note": "Over the gradings of each exercise that have a score (a missing "
    "file scores 0); ungraded gradings are counted apart, never as 0.",
    "report.exercise": "exercise",
    "report.pass_rate": "pass rate",
    "report.distribution": "scores (submissions per band of points)",
    "report.not_graded": "not graded in any submission yet",
    "report.histogram": "Scores in {id}: submissions per band of points",
    "report.kinds": "Kinds of failure",
    "report.kinds_note": "Failing tests by their likely cause.",
    "report.kinds_all": "All exercises",
    "report.kinds_track": "Track {track}",
    "report.kinds_chart": "Failing tests per kind of failure: {scope}",
    "report.no_kind": "no kind reported",
    "report.no_failures": "No test failed.",
    "report.failing": "Most common failing tests",
    "report.test": "test",
    "report.failed_by": "submissions failing it",
    "report.common_kind": "most common kind",
    "report.example": "one student's feedback",
    "report.more_lines": "… ({count} more line(s))",
    "report.problems": "Submissions in error, ungraded or flagged",
    "report.no_problems": "None: every submission was graded, and none was flagged.",
    "report.student": "student",
    "report.status": "status",
    "report.problem": "problem",
    "report.slowest": "Slowest gradings",
    "report.seconds": "seconds",
    "report.no_gradings": "No grading recorded yet.",
    "report.summary_class": "Class: {count} submission(s), mean {mean} of {max_score} points, "
    "median {median} ({ungraded} ungraded, left out)",
    "report.summary_unscored": "Class: {count} submission(s), none with a score yet "
    "({ungraded} ungraded)",
    "report.summary_rate": "{name} {rate} ({passed}/{graded})",
    "report.summary_tracks": "Pass rate per track: {rates}",
    "report.summary_lowest": "Lowest pass rates: {rates}",
    "report.summary_kind": "Most common failure: {kind} ({count} failing test(s), in "
    "{submissions} submission(s))",
    "report.summary_problems": "{errors} in error, {flagged} flagged, {ungraded} ungraded",
    "report.summary_path": "Class report: {path}",
    # --- Classroom 50 (classroom50.py) ---
    "classroom50.out_not_empty": "{path} is not an empty folder: choose a new one",
    "classroom50.too_big": "{path} packs to {size} MB, more than the {limit} MB a Classroom "
    "50 runner fetches: build it with fewer --exercise",
    "classroom50.built": "wrote {path} ({size} MB packed): copy what it holds to "
    "CLASSROOM/autograders/ASSIGNMENT/ in your organization's classroom50 repository, "
    "then commit and push",
    "classroom50.no_checkout": "--checkout {path} is not a folder",
    "classroom50.heading": "{score} / {max_score} points",
    "classroom50.summary": "{score}/{max_score} points, {passed} of {total} tests passed",
    "classroom50.wrote": "wrote {path}: {summary}",
    "classroom50.body_cut": "(feedback cut at {limit} characters: `make grade` shows all of it)",
    "classroom50.old_python": "Python {version} is too old for the kit (3.10 or newer): set "
    "runtime.python in the assignment",
    "classroom50.venv": "the runner's Python lacks the kit's pinned packages: installing "
    "them into {path}",
    "classroom50.venv_failed": "could not install the kit's packages ({reason}): set "
    "runtime.python in the assignment, or choose a container image with Python 3.10+ and venv",
    # --- PrairieLearn (prairielearn.py) ---
    "prairielearn.topic": "Concurrency: {track}",
    "prairielearn.question": "Complete {file} in the editor below: its docstring says what "
    "to do. Each submission is graded by the kit's tests, and every failing test says what "
    "went wrong.",
    "prairielearn.bad_image": "{image!r} is not a Docker image name (such as "
    "myname/concurrency-grader:1)",
    "prairielearn.out_not_empty": "{path} is not an empty folder: choose a new one",
    "prairielearn.bad_track": "unknown track {track!r}; choose one of {tracks}",
    "prairielearn.built": "wrote {count} question(s) to {path}; build the image in {folder} "
    "and push it as {image}",
    "prairielearn.not_built": "this grader was built for {built}, not for {ids}: build the "
    "questions again with it",
    "prairielearn.no_file": "no {files} in the submission: nothing was graded, and this "
    "attempt does not count",
    "prairielearn.ungraded": "this submission could not be graded, because of a problem on "
    "our side, not in your code: it is not a score of 0, it does not count as an attempt, "
    "and you can submit it again",
    "prairielearn.cut": "[{count} more characters left out: results.json must stay under 1 MB]",
    "prairielearn.wrote": "wrote {path}: {score} of {max_score} points",
    "prairielearn.wrote_not_gradable": "wrote {path}: not gradable, so PrairieLearn counts "
    "neither a score nor an attempt",
    # --- Canvas and Moodle (lms.py) ---
    "lms.no_gradebook": "{out} holds no gradebook.sqlite: give the --out folder of a batch or "
    "of a merge",
    "lms.unreadable_roster": "cannot read the roster {path}: {reason}",
    "lms.empty": "it has no header line",
    "lms.no_column": "the roster {path} has no column {column!r} (its columns: {columns})",
    "lms.no_match_column": "the roster {path} has no column naming the submissions: add a "
    "`submission` column holding the batch's student names, or name one with --match (its "
    "columns: {columns})",
    "lms.no_canvas_identity": "the roster {path} has none of the columns Canvas finds a "
    "student by (ID, SIS User ID, SIS Login ID, Student)",
    "lms.no_moodle_identity": "the roster {path} has no {field!r} column, the Moodle user "
    "field chosen by --id-field (its columns: {columns})",
    "lms.id_field_canvas": "--id-field is for Moodle: Canvas finds each student by the "
    "roster's ID, SIS User ID, SIS Login ID or Student",
    "lms.bad_name_form": 'expected COLUMN=HEADER, e.g. threads="Threads (123)", not {given!r}',
    "lms.reserved_header": "{given!r}: an LMS would not read a column headed {header!r} as a "
    "grade (a name of its own, or the start of a spreadsheet formula): choose another header",
    "lms.bad_name": "--name {given!r}: there is no such column; the columns are {columns}",
    "lms.header_twice": "two columns would be headed {header!r}: give each its own with --name",
    "lms.no_submission_named": "roster line {line} ({who}) names no submission: not exported",
    "lms.no_submission": "roster line {line} ({who}) names {submission!r}, which the gradebook "
    "does not hold: not exported",
    "lms.duplicate_name": "{submission!r} is named on roster lines {lines}: not exported until "
    "one line is left",
    "lms.duplicate_identity": "{submissions} are all given {column} {value!r} (roster lines "
    "{lines}): not exported until each has an identity of its own",
    "lms.no_identity": "roster line {line} ({who}) has no {columns}: the LMS could not tell "
    "who it is; not exported",
    "lms.unsafe_identity": "roster line {line}: its {column} {value!r} would be neutralised "
    "as a spreadsheet formula or misread by the LMS, and then match no one: not exported",
    "lms.unmatched": "{submission!r} is graded but no line of the roster {roster} names it: "
    "not exported",
    "lms.ungraded": "{submission!r} ({who}) is not graded in {columns}: those cells are left "
    "empty, which the LMS reads as no grade, never 0; grade it again, then export again",
    "lms.wrote": "wrote {path}: {rows} student(s), columns {columns}; {problems} problem(s), "
    "listed in {problems_path}",
    "lms.next_canvas": "Next: in Canvas, Grades > Import, choose {path}, and check the changes "
    "it shows before you accept them",
    "lms.next_moodle": "Next: in Moodle, Grades > Import > CSV file, choose {path}; map from "
    "{field} to {map_to}, and each column to a grade item of that maximum grade ({maxima})",
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
    "cli.cut": "[... {count} characters cut here; `{command}` keeps the whole message ...]",
    "tools.after_failure": "Next: fix it and grade again, or `make watch EX={id}` to grade it "
    "on every save; `make hint EX={id}` for the hints.",
    "tools.instructors_only": "`{verb}` is for instructors and is not part of the student bundle",
    "tools.pytest_code_folder": "{folder}/ holds code to grade, not tests: grade it with "
    "`make grade` (one exercise: `make grade EX={id}`), or run that exercise's grader "
    "with pytest: `python -m pytest {grader}`",
    "tools.pytest_kit_tests": "these are the kit's own tests, which need its development "
    "packages ({missing} is not installed): run them with `make test`, which installs them. "
    "To grade your exercises: `make grade`",
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
    "tools.progress": "Progress [{bar}] {standing}",
    "tools.standing": "{done}/{total} exercises passed, {points}/{most} points",
    "tools.points_rule": " (an exercise's points count once it passes)",
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
    "tools.hint_because": ", whose last grading found: {kind}",
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
    # --- processes (shared by the track) ---
    "proc.wrong_result": "{call} returned {actual!r}, expected {expected!r}",
    "proc.not_children": "{problem}: the work must run in processes of its own "
    "(multiprocessing.Process started with start(), not run())",
    "proc.wrong_at": "{call} returned {actual}, expected {expected}: position {index} holds "
    "{got}, expected {want}",
    "proc.missing_at": "{call} returned {actual}, expected {expected}: {got} result(s) for "
    "{count} items",
}


def template(key: str, lang: str | None = None) -> str:
    """The template of `key` in `lang` (default: the current language), not filled in."""
    return i18n.translate(key, MESSAGES[key], lang)


def say(key: str, **fields: object) -> str:
    """The student-facing text for `key` in the current language, filled in with `fields`."""
    return _fill(key, MESSAGES[key], fields)


def speaker(module: str) -> Callable[..., str]:
    """The `say` of a grader: the MESSAGES table of `module` first, then the kit's.

    The table is read when the grader speaks, so it can stand at the end of the
    grader, after the tests it serves.
    """

    def say_(key: str, **fields: object) -> str:
        own = getattr(sys.modules[module], "MESSAGES", {})
        return _fill(key, own[key] if key in own else MESSAGES[key], fields)

    return say_


def _fill(key: str, english: str, fields: dict) -> str:
    text = i18n.translate(key, english)
    if text is not english:
        try:
            return text.format(**fields)
        except (KeyError, IndexError, ValueError):
            pass  # a broken translation must not hide the verdict (tests/i18n/test_i18n.py)
    return english.format(**fields)


def likely(kind: str) -> str:
    """`likely cause: <kind>`, the kind (a verdicts.KINDS value) in the current language."""
    key = "kind." + kind.replace(" ", "_")
    return say("cli.likely", kind=say(key) if key in MESSAGES else kind)

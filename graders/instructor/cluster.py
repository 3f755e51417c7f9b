"""`python -m graders cluster k8s|slurm`: the files that grade a class on many machines.

Each grading is already a process tree of its own, so a job runner spreads
the class: N shards of `python -m graders batch` (shards.py), one per
Kubernetes Indexed Job pod or SLURM array task, each into OUT/shard-<index>,
then one `python -m graders merge` of their gradebooks (merge.py). Both
runners get the same two commands, built here and nowhere else.

k8s writes a Dockerfile for the image (with its .dockerignore), the Indexed
Job and the merge Job; slurm writes the array script, the merge script and
submit.sh, which queues the merge after every shard has finished.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
from pathlib import Path

from graders import catalogue
from graders.grading.sandbox import MODES
from graders.i18n.messages import say
from graders.instructor import shards
from graders.tools.command import Command, Parser, UsageError, exercises, positive

KIT_IN_IMAGE = "/kit"
SUBMISSIONS_IN_POD = "/submissions"
RESULTS_IN_POD = "/results"
GRADER_UID = 1000  # the shards' user in the image, for a bwrap sandbox
# What `--sandbox user` needs to hand each grading a uid of its own, and nothing more.
USER_MODE_CAPABILITIES = ("SETUID", "SETGID", "KILL", "CHOWN", "FOWNER", "DAC_OVERRIDE")
MERGED = "merged"  # OUT/merged: the merge's folder beside the shards'
GRADE_JOB = "kit-grade"
MERGE_JOB = "kit-merge"


class Shell(str):
    """A word already in shell syntax (it expands a variable): written as it is."""


# -- the two commands --


def shard_folder(out: str, index: int | str) -> str:
    """The --out of a shard, from its index as the job runner counts (from 0)."""
    return f"{out}/shard-{index}"


def batch_command(
    submissions: str,
    out: str,
    *,
    jobs: int,
    sandbox: str,
    seed: int | None,
    exercise_ids: list[str],
) -> list[str]:
    """One shard's batch; the shard itself comes from the job runner's variables."""
    words = ["python", "-m", "graders", "batch", submissions, "--out", out]
    words += ["--jobs", str(jobs), "--sandbox", sandbox]
    for exercise_id in exercise_ids:
        words += ["--exercise", exercise_id]
    if seed is not None:  # else every shard derives the same one from the graders
        words += ["--seed", str(seed)]
    return words


def merge_command(out: str, count: int, exercise_ids: list[str]) -> list[str]:
    words = ["python", "-m", "graders", "merge"]
    words += [shard_folder(out, index) for index in range(count)]
    words += ["--out", f"{out}/{MERGED}"]
    for exercise_id in exercise_ids:
        words += ["--exercise", exercise_id]
    return words


def shell_line(words: list[str]) -> str:
    return " ".join(w if isinstance(w, Shell) else shlex.quote(w) for w in words)


# -- Kubernetes --


def k8s_files(args: argparse.Namespace) -> dict[str, str]:
    as_root = args.sandbox == "user"
    grade = batch_command(
        SUBMISSIONS_IN_POD,
        # Kubernetes fills in $(VAR) from the container's variables, the index included.
        shard_folder(RESULTS_IN_POD, f"$({shards.KUBERNETES_INDEX})"),
        jobs=args.cpus,
        sandbox=args.sandbox,
        seed=args.seed,
        exercise_ids=args.exercise_ids,
    )
    merge = merge_command(RESULTS_IN_POD, args.shards, args.exercise_ids)
    memory = args.memory or "5Gi"
    grade_job = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": GRADE_JOB, "labels": {"app": "concurrency-kit"}},
        "spec": {
            "completionMode": "Indexed",
            "completions": args.shards,
            "parallelism": args.parallelism or args.shards,
            "backoffLimit": 2 * args.shards,  # a pod lost with its node resumes its shard
            "podFailurePolicy": {  # exit 2: refused (canaries, arguments): retrying won't help
                "rules": [
                    {
                        "action": "FailJob",
                        "onExitCodes": {"containerName": "grade", "operator": "In", "values": [2]},
                    }
                ]
            },
            "template": {
                "metadata": {"labels": {"app": "concurrency-kit", "job": GRADE_JOB}},
                "spec": {
                    "restartPolicy": "Never",
                    "securityContext": _pod_security(as_root, sandboxed=True),
                    "containers": [
                        {
                            "name": "grade",
                            "image": args.image,
                            "workingDir": KIT_IN_IMAGE,
                            "command": grade,
                            "env": [
                                # Kubernetes sets the index, never the count: the shards need it.
                                {"name": shards.KUBERNETES_COUNT, "value": str(args.shards)},
                                {"name": "KIT_LANG", "value": "en"},
                            ],
                            "resources": _resources(str(args.cpus), memory),
                            "securityContext": _container_security(as_root),
                            "volumeMounts": [
                                {
                                    "name": "submissions",
                                    "mountPath": SUBMISSIONS_IN_POD,
                                    "readOnly": True,
                                },
                                {"name": "results", "mountPath": RESULTS_IN_POD},
                            ],
                        }
                    ],
                    "volumes": _volumes(args.submissions, args.out, with_submissions=True),
                },
            },
        },
    }
    merge_job = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": MERGE_JOB, "labels": {"app": "concurrency-kit"}},
        "spec": {
            "backoffLimit": 0,  # a refused merge says why in its log; it is not retried
            "template": {
                "metadata": {"labels": {"app": "concurrency-kit", "job": MERGE_JOB}},
                "spec": {
                    "restartPolicy": "Never",
                    "securityContext": _pod_security(as_root, sandboxed=False),
                    "containers": [
                        {
                            "name": "merge",
                            "image": args.image,
                            "workingDir": KIT_IN_IMAGE,
                            "command": merge,
                            "env": [{"name": "KIT_LANG", "value": "en"}],
                            "resources": _resources("1", "1Gi"),
                            "securityContext": _container_security(as_root=False),
                            "volumeMounts": [{"name": "results", "mountPath": RESULTS_IN_POD}],
                        }
                    ],
                    "volumes": _volumes(args.submissions, args.out, with_submissions=False),
                },
            },
        },
    }
    folder = args.folder
    grade_header = [
        f"{args.shards} shards of `python -m graders batch`, one pod each: shard <i> grades its",
        f"slice of the claim {args.submissions} (read-only) into {RESULTS_IN_POD}/shard-<i> of the",
        f"claim {args.out} (ReadWriteMany: every pod writes there). Then {MERGE_JOB}.yaml.",
        f"The batch reads its shard from {shards.KUBERNETES_INDEX}, which Kubernetes sets,",
        f"and {shards.KUBERNETES_COUNT} below, which it does not: keep it equal to completions.",
        f"  kubectl apply -f {folder}/{GRADE_JOB}.yaml",
        f"  kubectl wait --for=condition=complete --timeout=24h job/{GRADE_JOB}",
        f"  kubectl apply -f {folder}/{MERGE_JOB}.yaml",
        *_sandbox_note(args.sandbox),
    ]
    merge_header = [
        f"After job/{GRADE_JOB} completed: its shards' gradebooks merged into",
        f"{RESULTS_IN_POD}/{MERGED} of the claim {args.out} (grades.csv, feedback, gradescope).",
        f"  kubectl logs job/{MERGE_JOB}",
    ]
    return {
        "Dockerfile": _dockerfile(folder),
        "Dockerfile.dockerignore": _DOCKERIGNORE,
        f"{GRADE_JOB}.yaml": _yaml_document(grade_job, grade_header),
        f"{MERGE_JOB}.yaml": _yaml_document(merge_job, merge_header),
    }


def _pod_security(as_root: bool, *, sandboxed: bool) -> dict:
    if as_root:  # --sandbox user: root in the pod hands each grading a uid of its own
        return {"runAsUser": 0, "runAsGroup": 0, "seccompProfile": {"type": "RuntimeDefault"}}
    context: dict = {"runAsUser": GRADER_UID, "runAsGroup": GRADER_UID, "fsGroup": GRADER_UID}
    if sandboxed:  # bubblewrap makes namespaces: the default profiles forbid it
        context["seccompProfile"] = {"type": "Unconfined"}
        context["appArmorProfile"] = {"type": "Unconfined"}
    else:
        context["seccompProfile"] = {"type": "RuntimeDefault"}
    return context


def _container_security(as_root: bool) -> dict:
    capabilities: dict = {"drop": ["ALL"]}
    if as_root:
        capabilities["add"] = list(USER_MODE_CAPABILITIES)
    return {"allowPrivilegeEscalation": False, "capabilities": capabilities}


def _resources(cpu: str, memory: str) -> dict:
    # Requests equal to limits: a pod of the Guaranteed class keeps its CPUs, so a
    # grading's time limits mean the same on every node.
    return {"requests": {"cpu": cpu, "memory": memory}, "limits": {"cpu": cpu, "memory": memory}}


def _volumes(submissions: str, results: str, *, with_submissions: bool) -> list:
    volumes = []
    if with_submissions:
        volumes.append(
            {
                "name": "submissions",
                "persistentVolumeClaim": {"claimName": submissions, "readOnly": True},
            }
        )
    volumes.append({"name": "results", "persistentVolumeClaim": {"claimName": results}})
    return volumes


def _sandbox_note(sandbox: str) -> list[str]:
    if sandbox == "user":
        return [
            "Sandbox: --sandbox user, the kit as root in the pod, each grading as a uid of its",
            "own (capabilities kept: " + ", ".join(USER_MODE_CAPABILITIES) + ").",
        ]
    return [
        f"Sandbox: --sandbox {sandbox}. bubblewrap needs user namespaces on the node and",
        "the Unconfined seccomp and AppArmor profiles below; where it cannot run, write",
        "this file again with SANDBOX=user (root in the pod, a uid of its own per grading).",
    ]


def _dockerfile(folder: str) -> str:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return f"""\
# The image every shard runs, written by `python -m graders cluster k8s` (make k8s).
# Build it from the kit's folder (BuildKit reads Dockerfile.dockerignore beside it):
#   docker build -f {folder}/Dockerfile -t IMAGE . && docker push IMAGE
# The Python is the one that wrote this file: the graders' fingerprint, and so the
# seed every shard derives from it, includes its version.
FROM python:{version}-slim
# bubblewrap: the batch's sandbox.
RUN apt-get update \\
 && apt-get install -y --no-install-recommends bubblewrap \\
 && rm -rf /var/lib/apt/lists/*
WORKDIR {KIT_IN_IMAGE}
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# The shards' user under bubblewrap (--sandbox user runs the kit as root instead).
RUN useradd --uid {GRADER_UID} --user-group --no-create-home grader
"""


# What the image needs is graders/, solutions/ and exercises/ (the canaries) and the pins.
_DOCKERIGNORE = """\
.git
.github
.ci
.venv*
.kit-state
**/__pycache__
**/*.pyc
dist
tests
bench
bench-results
nbgrader-course
"""


# -- SLURM --


def slurm_files(args: argparse.Namespace) -> dict[str, str]:
    if not args.submissions or not args.out:
        raise UsageError(say("cluster.slurm_paths"))
    task = shards.SLURM_TASK
    grade = batch_command(
        str(args.submissions),
        Shell(shlex.quote(shard_folder(str(args.out), "")) + f'"${task}"'),
        jobs=args.cpus,
        sandbox=args.sandbox,
        seed=args.seed,
        exercise_ids=args.exercise_ids,
    )
    merge = merge_command(str(args.out), args.shards, args.exercise_ids)
    start = [
        "set -euo pipefail",
        f"cd {shlex.quote(str(args.kit))}",
        'if [ -x .venv/bin/python ]; then PATH="$PWD/.venv/bin:$PATH"; fi  # the kit\'s own',
    ]
    grade_script = [
        "#!/bin/bash",
        f"# {args.shards} shards of `python -m graders batch`, one array task each: task <i>",
        f"# grades its slice of {args.submissions} into {shard_folder(str(args.out), '<i>')}.",
        "# The batch reads its shard from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT.",
        f"# submit.sh queues {MERGE_JOB}.sbatch after every task has succeeded.",
        f"#SBATCH --job-name={GRADE_JOB}",
        f"#SBATCH --array=0-{args.shards - 1}",
        f"#SBATCH --cpus-per-task={args.cpus}",
        f"#SBATCH --mem={args.memory or '5G'}",
        f"#SBATCH --time={args.time}",
        f"#SBATCH --output={GRADE_JOB}-%A_%a.log",
        *start,
        "exec " + shell_line(grade),
    ]
    merge_script = [
        "#!/bin/bash",
        f"# The shards' gradebooks merged into {args.out}/{MERGED}, after {GRADE_JOB}.sbatch.",
        f"#SBATCH --job-name={MERGE_JOB}",
        "#SBATCH --cpus-per-task=1",
        "#SBATCH --mem=1G",
        "#SBATCH --time=1:00:00",
        f"#SBATCH --output={MERGE_JOB}-%j.log",
        *start,
        "exec " + shell_line(merge),
    ]
    submit = [
        "#!/bin/bash",
        "# Queue the shards, then the merge once every shard has succeeded (afterok: a shard",
        "# that left a submission not graded exits 1; run it again with",
        f"# `sbatch --array=<i> {GRADE_JOB}.sbatch`, then `sbatch {MERGE_JOB}.sbatch`).",
        "set -euo pipefail",
        'here="$(cd "$(dirname "$0")" && pwd)"',
        f'grading="$(sbatch --parsable "$here/{GRADE_JOB}.sbatch")"',
        f'sbatch --dependency=afterok:"${{grading%%;*}}" "$here/{MERGE_JOB}.sbatch"',
    ]
    return {
        f"{GRADE_JOB}.sbatch": "\n".join(grade_script) + "\n",
        f"{MERGE_JOB}.sbatch": "\n".join(merge_script) + "\n",
        "submit.sh": "\n".join(submit) + "\n",
    }


# -- a little YAML: what these manifests hold (maps, lists, strings, numbers, booleans) --

_PLAIN = re.compile(r"[A-Za-z_/][A-Za-z0-9_./-]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}


def _yaml_document(value: dict, header: list[str]) -> str:
    lines = ["Written by `python -m graders cluster k8s` (make k8s).", *header]
    return "\n".join(["# " + line if line else "#" for line in lines] + _yaml(value, 0)) + "\n"


def _yaml(value, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines += _yaml(item, indent + 2)
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, (dict, list)) and item:
                nested = _yaml(item, indent + 2)
                lines.append(f"{pad}- {nested[0].lstrip()}")
                lines += nested[1:]
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text)  # a JSON string is a YAML string


# -- the command --

RUNNERS = {"k8s": k8s_files, "slurm": slurm_files}
NEXT = {
    "k8s": "cluster.next_k8s",
    "slurm": "cluster.next_slurm",
}


def arguments(parser: argparse.ArgumentParser) -> None:
    runners = parser.add_subparsers(dest="runner", required=True, parser_class=Parser)
    k8s = runners.add_parser("k8s", help="a Kubernetes Indexed Job, its merge Job, a Dockerfile")
    _common(k8s, "dist/k8s", "PersistentVolumeClaim")
    k8s.add_argument("--image", default="concurrency-kit:latest", help="the image every pod runs")
    k8s.add_argument(
        "--parallelism", type=positive, help="pods running at once (default: every shard)"
    )
    slurm = runners.add_parser("slurm", help="a SLURM array script, its merge script, submit.sh")
    _common(slurm, "dist/slurm", "folder on the shared file system")
    slurm.add_argument("--time", default="4:00:00", help="each task's time limit (--time)")
    slurm.add_argument(
        "--kit",
        default=str(catalogue.ROOT),
        help="the kit's folder as the nodes see it (default: this kit's)",
    )


def _common(parser: argparse.ArgumentParser, folder: str, place: str) -> None:
    parser.add_argument("--shards", type=positive, default=10, help="how many (default: 10)")
    parser.add_argument(
        "--submissions",
        default="submissions" if place.startswith("Persistent") else None,
        help=f"the submissions' {place}",
    )
    parser.add_argument(
        "--out",
        default="grading-results" if place.startswith("Persistent") else None,
        help=f"the results' {place}: shard-<i>/ for each shard, {MERGED}/ for the merge",
    )
    parser.add_argument("--cpus", type=positive, default=2, help="CPUs of each shard")
    parser.add_argument("--memory", help="memory of each shard (default: 5Gi, SLURM 5G)")
    parser.add_argument(
        "--sandbox", choices=MODES, default="bwrap", help="the batch's sandbox (default: bwrap)"
    )
    parser.add_argument("--exercise", action="append", default=[], metavar="ID")
    parser.add_argument("--seed", type=int, help="default: one from the graders, on every shard")
    parser.add_argument("--folder", default=folder, help=f"where to write (default: {folder})")


def run(args: argparse.Namespace) -> int:
    args.exercise_ids = [e.id for e in exercises(args.exercise)] if args.exercise else []
    files = RUNNERS[args.runner](args)
    folder = Path(args.folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            path = folder / name
            path.write_text(text, encoding="utf-8")
            if name.endswith((".sh", ".sbatch")):
                path.chmod(0o755)
    except OSError as error:
        raise UsageError(say("cluster.cannot_write", folder=folder, reason=error)) from None
    print(say("cluster.wrote", folder=folder, files=", ".join(files)))
    print(say(NEXT[args.runner], folder=folder))
    return 0


COMMAND = Command(arguments, run)

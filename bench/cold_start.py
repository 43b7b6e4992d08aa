"""`python -m bench.cold_start`: each Lambda function's cold start path against a bare Chalice websocket app.

For each function, a fresh interpreter imports app.py as Lambda does (`_HANDLER` set to that function's
handler) and then builds the function's services, as its first event does (`app.runtime()`: no AWS
request is made). The reference is a bare Chalice websocket app with a boto3 session (what the AWS
sample's chat function costs). Each figure is the process's CPU time, the best of several runs, in
milliseconds: the machine's other work only adds to a run, so the best is the least disturbed. `--instructions` counts
instructions with valgrind instead (the same count on every run). `--package` also builds the Lambda
zip (`chalice package`, with PIP_NO_DEPS=1 as the deploy does) and prints its size. Prints; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS = {
    "websocket_message": "app.message",
    "websocket_connect": "app.connect",
    "websocket_disconnect": "app.disconnect",
    "queue_broadcast": "app.queue_broadcast",
    "api_handler (REST)": "app.app",
}
TARGET_RATIO = 1.5

BARE = """
import boto3
from chalice import Chalice
app = Chalice(app_name="bare")
app.experimental_feature_flags.update({"WEBSOCKETS"})
app.websocket_api.session = boto3.session.Session()
@app.on_ws_message()
def message(event):
    return None
"""
TIMED = "import time\nstarted = time.process_time()\n{body}\nprint(time.process_time() - started)\n"
APP_IMPORT = "import app"
APP_FIRST_EVENT = "import app\napp.runtime()"


def _environment(handler: str | None) -> dict[str, str]:
    # Bytecode is cached (PYTHONDONTWRITEBYTECODE dropped): the first run writes the .pyc files, the best run
    # reads them, as the runtime's own boto3 does. A Chalice zip holds no .pyc, so on Lambda every shipped
    # module is compiled at each cold start on top of this (see docs/operations.md).
    env = {
        **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "eu-west-3",
        "GUICHET_QUEUE_BROADCAST_FUNCTION": "guichet-bench-queue_broadcast",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }
    env.pop("_HANDLER", None)
    if handler:
        env["_HANDLER"] = handler
    return env


def best_ms(body: str, handler: str | None, runs: int) -> float:
    """The fastest of `runs` fresh interpreters running `body`, in milliseconds."""
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", TIMED.format(body=body)],
            cwd=ROOT,
            env=_environment(handler),
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(done.stdout.strip().splitlines()[-1]) * 1000)
    return min(times)


def instructions(body: str, handler: str | None) -> int:
    """Instructions executed by a fresh interpreter running `body`, counted by valgrind's callgrind: the same
    count on every run, whatever else the machine does (CPU time on a shared machine moves by tens of ms)."""
    best_ms(body, handler, 1)  # the .pyc files written, as for the timed runs
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", body],
        cwd=ROOT,
        env=_environment(handler),
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError("callgrind printed no instruction count")
    return int(found.group(1))


def print_table(heading: str, measure: Callable[[str, str | None], float]) -> None:
    """The bare app, then each function's import and first-event wiring, as `measure(body, handler)` counts them."""
    bare = measure(BARE, None)
    print(f"{heading}; target within {TARGET_RATIO}x bare")
    print(f"{'function':24} {'import app.py':>14} {'+ first-event wiring':>21} {'ratio':>6}")
    print(f"{'bare Chalice ws + boto3':24} {bare:14.0f} {'':>21} {1.0:6.2f}")
    for name, handler in FUNCTIONS.items():
        imported = measure(APP_IMPORT, handler)
        wired = measure(APP_FIRST_EVENT, handler)
        print(f"{name:24} {imported:14.0f} {wired:21.0f} {wired / bare:6.2f}")


def package_size() -> None:
    """Build the Lambda zip as the deploy does and print its size and its largest top-level entries."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [str(Path(sys.executable).parent / "chalice"), "package", "--stage", "dev", out],
            cwd=ROOT,
            env={**_environment(None), "PIP_NO_DEPS": "1"},
            check=True,
            capture_output=True,
        )
        path = Path(out) / "deployment.zip"
        with zipfile.ZipFile(path) as archive:
            sizes: Counter[str] = Counter()
            for info in archive.infolist():
                sizes[info.filename.split("/")[0]] += info.file_size
        print(f"Lambda package: {path.stat().st_size / 1e6:.1f} MB zipped, {sum(sizes.values()) / 1e6:.1f} MB unzipped")
        for name, size in sizes.most_common(6):
            print(f"  {name:32} {size / 1e6:6.2f} MB")
        shipped = {name.split("-")[0].removesuffix(".py") for name in sizes}
        print(f"  botocore or boto3 shipped: {'yes' if shipped & {'botocore', 'boto3'} else 'no'}")


def main(argv: list[str] | None = None) -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters per figure (the best is kept)")
    parser.add_argument("--package", action="store_true", help="also build the Lambda zip and print its size")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions with valgrind instead of timing (repeatable)"
    )
    args = parser.parse_args(argv)
    if args.instructions:
        if shutil.which("valgrind") is None:
            parser.error("--instructions needs valgrind (Debian package valgrind)")
        print_table(
            "Cold start: instructions (valgrind callgrind, millions)",
            lambda body, handler: instructions(body, handler) / 1e6,
        )
    else:
        print_table(
            f"Cold start: CPU ms, best of {args.runs} fresh interpreters, bytecode cached",
            lambda body, handler: best_ms(body, handler, args.runs),
        )
    if args.package:
        package_size()

if __name__ == "__main__":
    main()

"""Notebook runner executed *inside* the sandbox, with the students' Python environment.

Standalone on purpose (stdlib + nbformat + nbclient): it is copied into the submission's scratch
directory and run there by the sandbox; it never imports the grader. Everything it writes is
untrusted data for the host, which re-validates it.

Inputs come from the read-only job directory ``/job`` (``job.json``, the submission, its
files, the probes); the runner copies them into the home (a size-capped tmpfs) at start::

    {"notebook": "submission.ipynb", "cell_timeout": 30, "max_cell_output": 20000,
     "max_restarts": 3, "preamble": "<code>", "wall_seconds": 300,
     "files": [["submission.ipynb", "home"], ["probes.json", "dm"]]}

Results never go through a file the student's code could replace: the runner writes them as
frames (``<name> <length>\n<bytes>``) on the fd named by ``DEEPMATH_RESULT_FD``, a pipe whose
other end the grader holds:
``started`` (a student cell began: a later failure is the submission's, not the grader's),
``status`` (JSON), ``answers`` (the kernel's JSON lines) and ``executed`` (the notebook).
Each attempt sends its notebook and result to the runner the same way, on a pipe of its own.
Both processes mark themselves non-dumpable, so the student's processes (same uid) cannot
open those fds through ``/proc``. Before reading the answers, the runner kills every other
process of the sandbox (a daemon cannot rewrite anything after the kernel's end).

A cell that kills the kernel (memory, ``os._exit``, signal) or runs past the per-cell timeout
is recorded as a *culprit*; after a kernel death the notebook is run again from the start
without the culprits, so that what the student solved elsewhere still counts.
"""

import json
import os
import select
import shutil
import signal
import stat
import sys
import threading
import time
from queue import Empty

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync

HOME = os.path.expanduser("~")
DM = os.path.join(HOME, ".deepmath")
JOB = "/job"
RESULT_FD = int(os.environ.pop("DEEPMATH_RESULT_FD", "-1"))
MAX_NOTEBOOK = 32 * 1024**2


def protect():
    """Non-dumpable: processes of the same uid can neither ptrace us nor open /proc/<pid>/fd."""
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4


def read_untrusted(path, cap):
    """A file the student's code could have replaced: no symlink followed, no FIFO waited
    on, regular files only, at most ``cap`` bytes. None when it is not such a file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks, size = [], 0
        while size <= cap:
            chunk = os.read(fd, min(1 << 20, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)[:cap]
    except OSError:
        return None
    finally:
        os.close(fd)


def send(fd, name, data):
    """One frame on a result pipe."""
    view = memoryview(f"{name} {len(data)}\n".encode() + data)
    while view:
        view = view[os.write(fd, view):]


class FrameReader:
    """Reads frames from a pipe in a thread: ``progress`` frames as they come (the latest is
    kept), the others (the last of each name) until the pipe's end; at most ``cap`` bytes."""

    def __init__(self, fd, cap):
        self.frames, self.progress, self.cap = {}, None, cap
        self.thread = threading.Thread(target=self._run, args=(fd,), daemon=True)
        self.thread.start()

    def _run(self, fd):
        buf, total = bytearray(), 0
        with os.fdopen(fd, "rb", buffering=0) as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    return
                total += len(chunk)
                if total > self.cap:
                    continue  # keep draining (the writer must not block), keep nothing more
                buf += chunk
                while True:
                    end = buf.find(b"\n", 0, 64)
                    if end < 0:
                        break
                    try:
                        name, length = buf[:end].decode("ascii").split(" ")
                        length = int(length)
                    except ValueError:
                        self.cap = 0  # malformed: stop keeping anything
                        break
                    if end + 1 + length > len(buf):
                        break
                    data = bytes(buf[end + 1:end + 1 + length])
                    del buf[:end + 1 + length]
                    if name == "progress":
                        self.progress = data
                    else:
                        self.frames[name] = data


def kill_others():
    """SIGKILL every other process of the sandbox (our pid namespace, our uid) and reap our
    children. ``kill(-1)`` spares only init (bwrap's reaper) and ourselves. Then wait until
    init has reaped the orphans too: until then they still count in RLIMIT_NPROC."""
    for _ in range(200):
        try:
            os.kill(-1, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            break
        reap()
        time.sleep(0.005)
    deadline = time.monotonic() + 10
    me = str(os.getpid())
    while time.monotonic() < deadline:
        reap()
        try:
            others = [p for p in os.listdir("/proc") if p.isdigit() and p not in ("1", me)]
        except OSError:
            return
        if not others:
            return
        time.sleep(0.01)


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def retry_eagain(make, attempts=40):
    """Thread or process creation right after a kill: retry while the uid is still at its
    process cap (EAGAIN), instead of failing the whole run."""
    for _ in range(attempts - 1):
        try:
            return make()
        except (BlockingIOError, RuntimeError):
            time.sleep(0.25)
    return make()


TRUNCATED = "\n[sortie tronquée / output truncated]\n"


class ReadyClient(AsyncKernelClient):
    """jupyter_client's kernel client, but ready as soon as the kernel is: its
    ``wait_for_ready`` ends by waiting for 0.2 s of silence on IOPub (a pure wait at every
    kernel start); this one drains only what IOPub already holds (nbclient files outputs by
    their parent message, so a stray start-up message is never taken for a cell's)."""

    async def wait_for_ready(self, timeout=None):
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:  # same handshake: a kernel_info reply, then proof that IOPub is connected
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0)
            except Empty:
                return


class LimitedClient(NotebookClient):
    """An nbclient client that keeps at most ``max_cell_output`` bytes of outputs per cell,
    with a kernel client that does not idle at start-up (:class:`ReadyClient`)."""

    max_cell_output = 20000

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        km.client_factory = ReadyClient
        return km

    def output(self, outs, msg, display_id, cell_index):
        if any(o.get("text") == TRUNCATED for o in outs):
            return None
        out = super().output(outs, msg, display_id, cell_index)
        size = sum(len(json.dumps(o)) for o in outs)
        if size <= self.max_cell_output:
            return out
        last = outs.pop()
        budget = max(0, self.max_cell_output - (size - len(json.dumps(last))))
        if last.get("output_type") == "stream" and budget > 0:
            last["text"] = last["text"][: budget // 2]
            outs.append(last)
        outs.append(nbformat.v4.new_output("stream", name="stderr", text=TRUNCATED))
        return None


SKIPPED = ("[cellule ignorée : elle a arrêté ou bloqué le noyau / "
           "skipped: it killed or stalled the kernel]\n")


def is_setup_cell(cell):
    """An instructor cell that is not a hidden test (imports, parameters): it may be slow."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("locked")) and not meta.get("grade")


def cell_timeout(job, cell):
    return job["setup_timeout"] if is_setup_cell(cell) else job["cell_timeout"]


def is_instructor_cell(cell):
    """Setup, locked and hidden-test cells come from the instructor's master copy."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("locked") or meta.get("grade"))


def hand_out_expression(cell):
    """The hand-out call of a hidden test cell (its only non-comment code), or None."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if not meta.get("grade"):
        return None
    code = [line for line in cell.source.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    return "\n".join(code) if len(code) == 1 else None


def hand_out(client, cell, expression, timeout):
    """Evaluate the hand-out as a *user expression* of an empty silent request: IPython input
    and AST transformers the student may have registered never see it. Raises
    CellTimeoutError when the kernel does not answer in time."""
    msg_id = client.kc.execute("", silent=True, store_history=False,
                               user_expressions={"r": expression})
    deadline = time.monotonic() + timeout
    while True:
        if time.monotonic() > deadline:
            raise CellTimeoutError("hand-out timed out")
        try:
            reply = run_sync(client.kc.shell_channel.get_msg)(timeout=1)
        except Empty:
            if not run_sync(client.km.is_alive)():
                raise DeadKernelError("the kernel died") from None
            continue
        if reply.get("parent_header", {}).get("msg_id") == msg_id:
            result = reply["content"].get("user_expressions", {}).get("r", {})
            if result.get("status") == "error":
                cell.outputs = [nbformat.v4.new_output(
                    "error", ename=result.get("ename", ""), evalue=result.get("evalue", ""),
                    traceback=result.get("traceback", []))]
            return


def blame(nb, index, culprits):
    """The cell to skip when cell ``index`` killed or stalled the kernel. Instructor cells
    never hang by themselves: if one does, the latest student cell before it broke the kernel
    (e.g. monkeypatched builtins), and that one is skipped on the re-run. None: nobody to
    blame (an instructor cell before any student cell, e.g. a very loaded machine)."""
    if not is_instructor_cell(nb.cells[index + 1]):
        return index
    for earlier in range(index - 1, -1, -1):
        cell = nb.cells[earlier + 1]
        if (cell.cell_type == "code" and not is_instructor_cell(cell)
                and earlier not in culprits):
            return earlier
    return None


def progress(out_fd, index, timeout, started):
    """Tell the supervisor which cell runs now (it kills an attempt that stalls), and whether
    a student cell has started, on the attempt's pipe (nothing on disk: a full home cannot
    break the runner)."""
    send(out_fd, "progress", json.dumps(
        {"index": index, "timeout": timeout, "started": started}).encode())


def log(message):
    """Progress on stderr: the host keeps its tail for diagnosis."""
    print(f"[runner {time.monotonic():.3f}] {message}", file=sys.stderr, flush=True)


def kernel_signal(client):
    """The signal that ended the kernel (SIGXCPU: the CPU limit; SIGKILL, SIGABRT, SIGSEGV:
    often the memory limit), or None when unknown."""
    try:
        process = client.km.provisioner.process
        for _ in range(20):
            code = process.poll()
            if code is not None:
                return -code if code < 0 else None
            time.sleep(0.05)
    except Exception:  # noqa: BLE001 - best effort: only used to explain the death
        pass
    return None


def run_once(nb, job, culprits, status, out_fd):
    """Run every code cell but the culprits. Returns None when the run finished, else the
    index of the cell to add to the culprits before a re-run with a fresh kernel."""
    client = LimitedClient(
        nb, timeout=job["cell_timeout"], timeout_func=lambda cell: cell_timeout(job, cell),
        kernel_name="python3", allow_errors=True,
        interrupt_on_timeout=True, record_timing=False,
        # everything left in the sandbox is killed right after (kill_others): no need to
        # wait for a graceful shut-down; the answers file is closed after each hand-out
        shutdown_kernel="immediate",
        resources={"metadata": {"path": HOME}},
    )
    client.max_cell_output = job["max_cell_output"]
    answers = os.path.join(DM, "answers.jsonl")
    if os.path.lexists(answers):
        os.remove(answers)
    started = False
    log("kernel starting")
    with client.setup_kernel():
        log("kernel started")
        # NB: nbclient stores an executed cell back at nb.cells[index]: the preamble therefore
        # sits at index 0 while it runs, and notebook cells are numbered from 1 here.
        client.execute_cell(nb.cells[0], 0)
        log("preamble done")
        for position, cell in enumerate(nb.cells[1:], start=1):
            index = position - 1
            if cell.cell_type != "code":
                continue
            if index in culprits:
                cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=SKIPPED)]
                status["cells"][str(index)] = "skipped"
                continue
            start = time.monotonic()
            log(f"cell {index} starts")
            limit = cell_timeout(job, cell)
            started = started or not is_instructor_cell(cell)
            progress(out_fd, index, limit, started)
            expression = hand_out_expression(cell)
            try:
                if expression is None:
                    client.execute_cell(cell, position)
                else:
                    hand_out(client, cell, expression, limit)
            except DeadKernelError:
                log(f"cell {index} killed the kernel")
                status["cells"][str(index)] = "kernel_died"
                status["signal"] = kernel_signal(client)
                culprit = blame(nb, index, culprits)
                return -1 if culprit is None else culprit
            except CellTimeoutError:
                timed_out = True
            else:
                timed_out = time.monotonic() - start >= limit
            log(f"cell {index} done in {time.monotonic() - start:.1f}s timed_out={timed_out}")
            if timed_out:
                status["cells"][str(index)] = "timeout"
                if is_instructor_cell(cell):
                    culprit = blame(nb, index, culprits)
                    if culprit is not None:
                        return culprit
                    continue  # interrupted; no student cell to blame
                culprits.add(index)  # interrupted; skipped too if the kernel is re-run
            elif any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                status["cells"][str(index)] = "error"
            else:
                status["cells"][str(index)] = "ok"
        log("cells done")
        stop_kernel(client)
    log("kernel shut down")
    return None


def stop_kernel(client):
    """SIGKILL the kernel and reap it now: nbclient's shut-down then finds it dead and only
    cleans up (jupyter_client's own kill waits for the death in 0.1 s polls). Everything
    else left in the sandbox is killed by the supervisor before the answers are read."""
    try:
        process = client.km.provisioner.process
        process.kill()
        process.wait(timeout=5)
    except Exception:  # noqa: BLE001 - best effort: nbclient's shut-down still runs
        pass


def attempt(job, culprits, out_fd):
    """One run of the notebook with a fresh kernel (a child process of the supervisor); its
    notebook and result go to the supervisor on ``out_fd``."""
    nb = nbformat.read(os.path.join(HOME, job["notebook"]), as_version=4)
    # the preamble counts as a setup cell (its generous timeout: the first execution of a
    # fresh kernel can be slow on a loaded machine)
    nb.cells.insert(0, nbformat.v4.new_code_cell(
        job["preamble"], metadata={"nbgrader": {"locked": True, "grade": False}}))
    status = {"cells": {}}
    try:
        died = run_once(nb, job, culprits, status, out_fd)
    except DeadKernelError:
        died = -1
    del nb.cells[0]
    text = nbformat.writes(nb).encode("utf-8")
    if len(text) <= MAX_NOTEBOOK:
        send(out_fd, "executed", text)
    send(out_fd, "attempt", json.dumps(
        {"died": died, "culprits": sorted(culprits), "cells": status["cells"],
         "signal": status.get("signal")}).encode())


def student_started(nb, index):
    cell = nb.cells[index + 1] if 0 <= index + 1 < len(nb.cells) else None
    return cell is not None and cell.cell_type == "code" and not is_instructor_cell(cell)


def fork_attempt(job, culprits, write_end, read_end):
    """Fork the attempt (a fresh child of this supervisor, which has never run student code:
    it inherits the imported nbformat/nbclient instead of starting a new interpreter). The
    child leads a session of its own, closes every fd but its pipe's write end, and exits
    without returning."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        os.setsid()
        os.close(read_end)
        if RESULT_FD >= 0:
            os.close(RESULT_FD)  # the grader's pipe is the supervisor's alone
        protect()
        attempt(job, culprits, write_end)
        code = 0
    except BaseException as exc:  # noqa: BLE001 - reported on stderr; the supervisor decides
        log(f"attempt failed: {type(exc).__name__}: {exc}")
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def wait_child(pid, pidfd, timeout):
    """Wait up to ``timeout`` s for the child ``pid`` to exit (woken by its exit: a pidfd);
    True (reaped) when it has."""
    if pidfd is not None:
        select.select([pidfd], [], [], timeout)
    else:
        time.sleep(min(timeout, 0.02))
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return done == pid


def kill_child(pid):
    for kill in (os.kill, os.killpg):  # the child itself, even before its setsid, and its group
        try:
            kill(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def supervise(job, culprits, deadline, on_started):
    """Run one attempt in a child process; kill it if a cell stalls past its timeout (a kernel
    broken by the student can stop answering even interrupts) or the wall clock runs out.
    Returns (outcome, index, frames)."""
    read_end, write_end = os.pipe()
    # fork before this attempt's reader thread starts (a forked child has only one thread)
    pid = retry_eagain(lambda: fork_attempt(job, set(culprits), write_end, read_end))
    os.close(write_end)
    reader = retry_eagain(lambda: FrameReader(read_end, MAX_NOTEBOOK + (1 << 20)))
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    current, since, grace = None, time.monotonic(), job["setup_timeout"] + 6
    outcome = None
    try:
        while not wait_child(pid, pidfd, 0.2):
            if time.monotonic() > deadline:
                log("wall clock exhausted: attempt killed")
                kill_child(pid)
                outcome = "timeout"
                break
            try:
                seen = json.loads(reader.progress)
                index, limit = int(seen["index"]), float(seen["timeout"])
                if seen.get("started") is True:
                    on_started()
            except (TypeError, ValueError, KeyError):
                continue
            if index != current:
                current, since, grace = index, time.monotonic(), limit + 6
            elif time.monotonic() - since > grace:
                log(f"cell {index} stalled the kernel: attempt killed")
                kill_child(pid)
                outcome = "stalled"
                break
    finally:
        if pidfd is not None:
            os.close(pidfd)
    # the kernel (its own session) and anything the student left running die here
    kill_others()
    reader.thread.join(10)
    frames = reader.frames
    if outcome is not None:
        return outcome, current, frames
    try:
        result = json.loads(frames["attempt"])
        died = result["died"]
    except (KeyError, ValueError, TypeError):
        return "crashed", current, frames
    return ("finished", None, frames) if died is None else ("died", died, frames)


def setup_home(job):
    """Copy the job's files from the read-only /job into the home (the scratch tmpfs)."""
    os.makedirs(DM, mode=0o700, exist_ok=True)
    for name, where in job["files"]:
        target = os.path.join(DM if where == "dm" else HOME, os.path.basename(name))
        shutil.copyfile(os.path.join(JOB, os.path.basename(name)), target)


def main():
    with open(os.path.join(JOB, "job.json")) as fh:
        job = json.load(fh)
    log("runner starts")
    os.set_inheritable(RESULT_FD, False)
    protect()
    deadline = time.monotonic() + job.get("wall_seconds", 300)
    setup_home(job)
    nb = nbformat.read(os.path.join(HOME, job["notebook"]), as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(""))  # same numbering as in run_once
    started = []

    def on_started():
        if not started:
            started.append(True)
            send(RESULT_FD, "started", b"")

    culprits = set()
    status = {"state": "kernel_died", "culprits": [], "cells": {}, "attempts": 0}
    frames = {}
    executed = None
    try:
        executed, frames = attempts(job, nb, culprits, status, deadline, on_started)
    except Exception as exc:  # whatever broke, the host still gets a status and the answers
        log(f"runner failed: {type(exc).__name__}: {exc}")
    finish(job, status, culprits, frames, executed)
    import resource
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    log(f"finish (CPU s: runner {own.ru_utime + own.ru_stime:.3f}, attempts and kernels "
        f"{kids.ru_utime + kids.ru_stime:.3f})")
    return 0


def attempts(job, nb, culprits, status, deadline, on_started):
    """Run attempts until one finishes (or the restarts or the wall clock run out)."""
    frames, executed = {}, None
    for _ in range(job.get("max_restarts", 3) + 1):
        status["attempts"] += 1
        log(f"attempt {status['attempts']} without cells {sorted(culprits)}")
        outcome, index, frames = supervise(job, culprits, deadline, on_started)
        executed = frames.get("executed", executed)
        if outcome == "finished":
            status["state"] = "finished"
            break
        if outcome == "timeout":
            status["state"] = "timeout"
            break
        if outcome == "stalled":
            index = blame(nb, index, culprits)
            if index is None:
                continue  # nobody to blame: try again with the same cells (bounded)
        if index is None or index < 0 or index in culprits:
            break
        if outcome == "died":
            try:  # which signal ended the kernel: the host names the limit that was hit
                sig = json.loads(frames["attempt"]).get("signal")
            except (KeyError, ValueError, TypeError, AttributeError):
                sig = None
            if type(sig) is int:
                status.setdefault("signals", {})[str(index)] = sig
        culprits.add(index)
    return executed, frames


def finish(job, status, culprits, frames, executed):
    """Send the status, the answers and the notebook to the host (after killing the rest)."""
    try:
        status["cells"] = json.loads(frames["attempt"]).get("cells", {})
    except (KeyError, ValueError, TypeError, AttributeError):
        pass
    status["culprits"] = sorted(culprits)
    kill_others()
    answers = read_untrusted(os.path.join(DM, "answers.jsonl"), job["answers_bytes"])
    send(RESULT_FD, "status", json.dumps(status).encode())
    send(RESULT_FD, "answers", answers or b"")
    if executed is not None:
        send(RESULT_FD, "executed", executed)
    collected = bytearray()  # files a student run hands back (its trained weights)
    for name, cap in job.get("collect", []):
        data = read_untrusted(os.path.join(HOME, os.path.basename(name)), cap + 1)
        if data is not None and len(data) <= cap:
            collected += f"{os.path.basename(name)} {len(data)}\n".encode() + data
    if job.get("collect"):
        send(RESULT_FD, "collected", bytes(collected))


if __name__ == "__main__":
    sys.exit(main())

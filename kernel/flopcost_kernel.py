"""flopcost_kernel: a Jupyter kernel for flopcost (ipykernel's wrapper-kernel base).

One `flopcost repl --kernel` process per notebook keeps the Lua state between
cells. The REPL speaks a line protocol (lua/flopcost/cli/repl.lua): one JSON
request {"code": ...} per line on its stdin; the cell's own output on stdout,
then a line "\\x01FLOPCOST " + JSON with {"ok": true, "data": {mime: text}} or
{"ok": false, "ename": ..., "evalue": ...}. Results with an HTML form (scenario
results, lists of them) show as tables, SVG strings as images, errors as errors.

    flopcost-kernel install [--user | --prefix DIR]   write the kernelspec
    flopcost-kernel -f CONNECTION_FILE                 run (what Jupyter does)
"""
import json
import os
import signal
import subprocess
import sys

MARK = b"\n\x01FLOPCOST "
HERE = os.path.dirname(os.path.realpath(__file__))


def flopcost_command():
    """The flopcost executable: $FLOPCOST, else the checkout's bin/flopcost, else PATH."""
    env = os.environ.get("FLOPCOST")
    if env:
        return [env]
    local = os.path.join(os.path.dirname(HERE), "bin", "flopcost")
    if os.path.exists(local):
        return ["lua5.4", local]
    return ["flopcost"]


def die_with_parent():
    """In the child before exec: SIGKILL when the kernel process dies (Linux prctl
    PR_SET_PDEATHSIG = 1); elsewhere nothing."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def install(argv):
    """Writes kernels/flopcost/kernel.json under --prefix DIR/share/jupyter, or the user's dir."""
    from jupyter_client.kernelspec import KernelSpecManager
    import tempfile
    spec = {
        "argv": [sys.executable, os.path.realpath(__file__), "-f", "{connection_file}"],
        "display_name": "flopcost (Lua 5.4)",
        "language": "lua",
    }
    if os.environ.get("FLOPCOST"):
        spec["env"] = {"FLOPCOST": os.environ["FLOPCOST"]}
    with tempfile.TemporaryDirectory() as td:
        d = os.path.join(td, "flopcost")
        os.mkdir(d)
        with open(os.path.join(d, "kernel.json"), "w") as f:
            json.dump(spec, f, indent=1)
        prefix = argv[argv.index("--prefix") + 1] if "--prefix" in argv else None
        where = KernelSpecManager().install_kernel_spec(
            d, "flopcost", user=prefix is None, prefix=prefix)
    print("installed the flopcost kernelspec in " + where)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "install":
        install(sys.argv[2:])
        return
    from ipykernel.kernelapp import IPKernelApp
    from ipykernel.kernelbase import Kernel

    class FlopcostKernel(Kernel):
        implementation = "flopcost"
        implementation_version = "0.1.0"
        language = "lua"
        language_version = "5.4"
        language_info = {"name": "lua", "mimetype": "text/x-lua", "file_extension": ".lua",
                         "codemirror_mode": "lua", "pygments_lexer": "lua"}
        banner = "flopcost: Lua 5.4 with fc = require 'flopcost' loaded"
        proc = None
        request_id = 0
        pending = b""  # read from the repl but not yet handed out
        interrupted = forwarded = False  # Jupyter's interrupt during this request; sent on

        # Jupyter's "interrupt" is SIGINT to the kernel. ipykernel makes it a
        # KeyboardInterrupt for the length of a request, and one raised outside
        # the wait for the repl's reply (while the cell is being written, or
        # before do_execute's body runs) ended the handler with no
        # execute_reply at all. So during a request SIGINT runs our handler
        # instead: it forwards the interrupt to the repl (once per request),
        # which stops the cell, or stops it as it starts, and answers
        # "interrupted" like any other reply.
        def pre_handler_hook(self):
            self.interrupted = self.forwarded = False
            self.saved_sigint_handler = signal.signal(signal.SIGINT, self._on_sigint)

        def post_handler_hook(self):
            signal.signal(signal.SIGINT, self.saved_sigint_handler)

        def _on_sigint(self, signum, frame):
            self.interrupted = True
            self._forward_interrupt()

        def _forward_interrupt(self):
            if self.interrupted and not self.forwarded and self.proc is not None and self.proc.poll() is None:
                self.forwarded = True
                self.proc.send_signal(signal.SIGINT)

        def _start(self):
            self.pending = b""
            # its own session: Jupyter's interrupt (SIGINT to our process group)
            # reaches the repl only as forwarded below, once per cell that waits
            # ... and, being outside our group, it would outlive a kernel that
            # Jupyter kills (restart, shutdown): Linux ends it with us instead
            self.proc = subprocess.Popen(flopcost_command() + ["repl", "--kernel"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, bufsize=0,
                                         start_new_session=True, preexec_fn=die_with_parent)

        def _run(self, code):
            """Sends one cell; returns (text printed, reply dict)."""
            if self.proc is None or self.proc.poll() is not None:
                self._start()
            self.request_id += 1
            self.proc.stdin.write((json.dumps({"code": code, "id": self.request_id}) + "\n").encode())
            self.proc.stdin.flush()
            # an interrupt that came before the repl was there to receive it
            self._forward_interrupt()
            while True:
                # (os.read is resumed after the SIGINT handler runs: PEP 475)
                text, reply = self._read_reply()
                # a reply to an earlier cell, left unread when its wait was cut short
                if reply.get("id", self.request_id) == self.request_id:
                    return text, reply

        def _read_reply(self):
            """Reads up to the next reply line: (text printed before it, reply dict)."""
            buf = self.pending
            fd = self.proc.stdout.fileno()
            while True:
                i = buf.find(MARK)
                if i >= 0:
                    j = buf.find(b"\n", i + len(MARK))
                    if j >= 0:
                        self.pending = buf[j + 1:]
                        text = buf[:i].decode("utf-8", "replace")
                        reply = json.loads(buf[i + len(MARK):j].decode("utf-8", "replace"))
                        return text, reply
                chunk = os.read(fd, 65536)
                if not chunk:
                    self.proc, self.pending = None, b""
                    return buf.decode("utf-8", "replace"), {
                        "ok": False, "ename": "KernelDied",
                        "evalue": "flopcost repl exited; the next cell starts a new one"}
                buf += chunk
                self.pending = buf  # kept if an interrupt cuts this read short

        def do_execute(self, code, silent, store_history=True, user_expressions=None,
                       allow_stdin=False):
            text, reply = self._run(code)
            if text and not silent:
                self.send_response(self.iopub_socket, "stream", {"name": "stdout", "text": text})
            if not reply.get("ok"):
                ename, evalue = reply.get("ename", "Error"), reply.get("evalue", "")
                if not silent:
                    self.send_response(self.iopub_socket, "error", {
                        "ename": ename, "evalue": evalue, "traceback": [ename + ": " + evalue]})
                return {"status": "error", "execution_count": self.execution_count,
                        "ename": ename, "evalue": evalue, "traceback": [ename + ": " + evalue]}
            data = reply.get("data")
            if data and not silent:
                self.send_response(self.iopub_socket, "execute_result", {
                    "execution_count": self.execution_count, "data": data, "metadata": {}})
            return {"status": "ok", "execution_count": self.execution_count,
                    "payload": [], "user_expressions": {}}

        def do_shutdown(self, restart):
            if self.proc is not None and self.proc.poll() is None:
                self.proc.stdin.close()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
            self.proc = None
            return {"status": "ok", "restart": restart}

    IPKernelApp.launch_instance(kernel_class=FlopcostKernel)


if __name__ == "__main__":
    main()

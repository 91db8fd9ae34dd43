#!/usr/bin/env python3
"""Runs a command on a new pseudo-terminal (standard input, output and error), waits for
a prompt, types an answer and Return, and prints everything the command wrote to the
terminal. Exits with the command's exit code. For tests of what spconnect asks at a terminal."""
import argparse
import os
import pty
import select
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--expect", help="text to wait for before answering")
    parser.add_argument("--answer", default="", help="the line to type")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    seen = b""
    answered = args.expect is None
    if answered and args.answer:
        os.write(fd, args.answer.encode() + b"\n")
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if not answered and args.expect.encode() in seen:
            os.write(fd, args.answer.encode() + b"\n")
            answered = True
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(seen.decode("utf-8", "replace"))
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""spconnect's benchmark: the performance targets of the issues, measured.

Called by `make bench` as:

    python3 scripts/bench.py --bin PATH/TO/spconnect [--dev-bin PATH/TO/spconnect-dev] [--only PATTERN] [--runs N] [--quick]

Every measurement is one function registered with @measurement(...) in MEASUREMENTS;
it returns a Result made of timed Series (wall time of whole processes, measured with
time.perf_counter around subprocess.run, output to /dev/null) and Checks (a value
against its target). Comparisons run their variants interleaved (A, B, A, B, ...) after
a few discarded warm-up runs, in a fresh temporary folder per measurement. Passwords go
through files or the environment, never through spconnect's argv.

The table goes to stdout; the results, with every sample, go to
bench-results/issueN.json (one file per issue, git-ignored). The exit code is 0 even
when a target fails (this is a report), 1 when a measurement could not run at all
(a command failed), 2 for a usage error.

Adding a measurement for a later issue: write a function taking a Context and returning
a Result, decorate it with @measurement(name=..., issue=N, title=..., runs=...), and use
ctx.interleaved([...Variant...]) or ctx.repeat(...) to time commands.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import fnmatch
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "bench-Passw0rd-1234"
QUICK_RUNS = 5


# --------------------------------------------------------------------------- model

@dataclass
class Variant:
    """One thing being timed: a sequence of commands run one after the other."""
    label: str
    commands: list[list[str]]
    env: Optional[dict[str, str]] = None
    cwd: Optional[str] = None


@dataclass
class Series:
    """The samples (in seconds) of one variant: wall time, and the CPU time (user + system)
    its processes used, which says how much of the wall time was spent waiting (for a
    busy machine, say)."""
    label: str
    commands: list[list[str]]
    samples: list[float]
    cpu_samples: list[float] = field(default_factory=list)

    @property
    def runs(self) -> int:
        return len(self.samples)

    def ms(self, what: str, cpu: bool = False) -> float:
        values = [s * 1000.0 for s in (self.cpu_samples if cpu else self.samples)]
        return {"min": min, "median": statistics.median, "max": max,
                "mean": statistics.fmean}[what](values)

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "commands": [" ".join(c) for c in self.commands],
            "runs": self.runs,
            "min_ms": round(self.ms("min"), 3),
            "median_ms": round(self.ms("median"), 3),
            "max_ms": round(self.ms("max"), 3),
            "mean_ms": round(self.ms("mean"), 3),
            "stdev_ms": round(statistics.stdev([s * 1000 for s in self.samples]), 3) if self.runs > 1 else 0.0,
            "samples_ms": [round(s * 1000.0, 3) for s in self.samples],
            "cpu_median_ms": round(self.ms("median", cpu=True), 3) if self.cpu_samples else None,
            "cpu_samples_ms": [round(s * 1000.0, 3) for s in self.cpu_samples],
        }


@dataclass
class Check:
    """A value held against its target: `value <= limit` (or `>=`)."""
    name: str
    value: float
    limit: float
    unit: str = ""          # "" for a ratio, "ms", "msg/s", ...
    op: str = "<="

    @property
    def passed(self) -> bool:
        return self.value <= self.limit if self.op == "<=" else self.value >= self.limit

    def target_text(self) -> str:
        return f"{self.op} {_fmt(self.limit)}{(' ' + self.unit) if self.unit else ''}"

    def to_json(self) -> dict:
        return {"name": self.name, "value": round(self.value, 4), "op": self.op,
                "limit": self.limit, "unit": self.unit, "passed": self.passed}


@dataclass
class Result:
    name: str
    issue: int
    title: str
    series: list[Series] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: Optional[str] = None
    seconds: float = 0.0
    other_load: Optional[float] = None     # CPUs kept busy by other processes meanwhile

    def to_json(self) -> dict:
        return {"name": self.name, "issue": self.issue, "title": self.title,
                "series": [s.to_json() for s in self.series],
                "checks": [c.to_json() for c in self.checks],
                "notes": self.notes, "error": self.error,
                "elapsed_s": round(self.seconds, 1), "other_load_cpus": self.other_load}


@dataclass
class Measurement:
    name: str
    issue: int
    title: str
    runs: int               # default runs per variant
    minimum: int            # the issue's minimum runs per variant
    function: Callable[["Context"], Result]


MEASUREMENTS: list[Measurement] = []


def measurement(*, name: str, issue: int, title: str, runs: int, minimum: Optional[int] = None):
    """Registers a measurement function in MEASUREMENTS (in source order). `runs` is its
    default number of runs per variant, `minimum` the least its issue accepts (default: runs)."""
    def register(function: Callable[["Context"], Result]):
        MEASUREMENTS.append(Measurement(name, issue, title, runs, minimum or runs, function))
        return function
    return register


class CommandFailed(Exception):
    pass


# --------------------------------------------------------------------------- running

class Context:
    """What a measurement gets: the binary, the run counts, a scratch folder, timers."""

    def __init__(self, binary: str, dev_binary: str, openssl: str, runs_override: Optional[int], warmup: int,
                 verbose: bool):
        self.bin = binary
        self.dev = dev_binary           # spconnect-dev: seeding, integrity, SMTP bursts, reply parsing
        self.openssl = openssl
        self.runs_override = runs_override
        self.warmup = warmup
        self.verbose = verbose
        self.tmp: Path = Path(".")      # set per measurement
        self.default_runs = 0           # set per measurement

    @property
    def runs(self) -> int:
        return self.runs_override if self.runs_override is not None else self.default_runs

    def env(self, **extra: str) -> dict[str, str]:
        """A clean environment for spconnect: its home in the scratch folder, no stray secrets."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("SPCONNECT_")}
        env["SPCONNECT_HOME"] = str(self.tmp / "home")
        env["LC_ALL"] = "C"
        env.update(extra)
        return env

    def folder(self, name: str) -> Path:
        path = self.tmp / name
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path

    def secret_file(self, name: str = "password", text: str = PASSWORD) -> Path:
        path = self.tmp / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(text + "\n")
        return path

    def check_run(self, variant: Variant) -> None:
        """Runs a variant once with its output captured; raises CommandFailed with stderr on failure."""
        for argv in variant.commands:
            r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=variant.env, cwd=variant.cwd)
            if r.returncode != 0:
                message = (r.stderr or r.stdout).decode(errors="replace").strip().splitlines()
                raise CommandFailed(f"{variant.label}: `{' '.join(argv)}` exited {r.returncode}: "
                                    + (" | ".join(message[-3:]) if message else "(no output)"))

    def time_once(self, variant: Variant) -> tuple[float, float]:
        """Wall time and CPU time (user + system of the child processes) of the variant's
        whole command sequence, in seconds."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        for argv in variant.commands:
            r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=variant.env, cwd=variant.cwd)
            if r.returncode != 0:
                self.check_run(variant)  # to get the message
                raise CommandFailed(f"{variant.label}: `{' '.join(argv)}` exited {r.returncode}")
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

    def interleaved(self, variants: list[Variant], runs: Optional[int] = None) -> list[Series]:
        """Runs the variants alternately (A, B, A, B, ...) `runs` times each, after
        `warmup` discarded runs of each, and returns one Series per variant."""
        runs = runs or self.runs
        for variant in variants:
            self.check_run(variant)
            for _ in range(self.warmup):
                self.time_once(variant)
        series = [Series(v.label, v.commands, [], []) for v in variants]
        for i in range(runs):
            for variant, into in zip(variants, series):
                wall, cpu = self.time_once(variant)
                into.samples.append(wall)
                into.cpu_samples.append(cpu)
            if self.verbose:
                print(f"    run {i + 1}/{runs}: " + "  ".join(
                    f"{s.label} {s.samples[-1] * 1000:.1f} ms" for s in series), file=sys.stderr)
        return series

    def repeat(self, variant: Variant, runs: Optional[int] = None) -> Series:
        return self.interleaved([variant], runs)[0]


def ratio_check(name: str, a: Series, b: Series, limit: float) -> Check:
    return Check(name, a.ms("median") / b.ms("median"), limit)


# --------------------------------------------------------------------------- issue 2

CERT_EXTENSIONS = [
    "basicConstraints=critical,CA:FALSE",
    "keyUsage=critical,digitalSignature",
    "extendedKeyUsage=clientAuth",
    "subjectKeyIdentifier=hash",
    "authorityKeyIdentifier=keyid:always",
]


def _extensions(ctx: Context, pem: Path) -> str:
    """The X509v3 extensions block of `openssl x509 -text`, for a like-for-like check."""
    text = subprocess.run([ctx.openssl, "x509", "-in", str(pem), "-noout", "-text"],
                          capture_output=True, text=True, check=True).stdout
    block = text.split("X509v3 extensions:", 1)[-1].split("Signature Algorithm:", 1)[0]
    return "\n".join(line.strip() for line in block.splitlines() if line.strip())


@measurement(name="cert-new-key", issue=2, runs=30,
             title="(a) cert new --key (fixed RSA-3072 key) vs the openssl command sequence")
def cert_new_existing_key(ctx: Context) -> Result:
    result = Result("cert-new-key", 2, "")
    key = ctx.tmp / "fixed.key.pem"
    subprocess.run([ctx.openssl, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072",
                    "-out", str(key)], check=True, capture_output=True)
    os.chmod(key, 0o600)
    password = ctx.secret_file()
    ours, theirs = ctx.folder("spconnect"), ctx.folder("openssl")
    name = "bench"

    spconnect = Variant("spconnect cert new --key", [[
        ctx.bin, "cert", "new", "--name", name, "--key", str(key), "--out", str(ours),
        "--password-file", str(password), "--force"]], env=ctx.env())

    o = ctx.openssl
    pem, der, keypem, pfx = (str(theirs / f"{name}{ext}") for ext in (".pem", ".cer", ".key.pem", ".pfx"))
    req = [o, "req", "-x509", "-key", str(key), "-subj", f"/CN={name}", "-days", "365", "-sha256"]
    for extension in CERT_EXTENSIONS:
        req += ["-addext", extension]
    sequence = Variant("openssl sequence (6 commands)", [
        req + ["-out", pem],
        [o, "x509", "-in", pem, "-outform", "DER", "-out", der],
        [o, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", str(key), "-out", keypem,
         "-passout", f"file:{password}"],
        [o, "pkcs12", "-export", "-in", pem, "-inkey", str(key), "-out", pfx, "-name", name,
         "-keypbe", "AES-256-CBC", "-certpbe", "AES-256-CBC", "-macalg", "sha256",
         "-passout", f"file:{password}"],
        [o, "x509", "-in", pem, "-noout", "-fingerprint", "-sha1"],
        [o, "x509", "-in", pem, "-noout", "-fingerprint", "-sha256"],
    ], env=ctx.env())

    # Like for like: both sides must make the same certificate extensions.
    ctx.check_run(spconnect)
    ctx.check_run(sequence)
    mine, reference = _extensions(ctx, ours / f"{name}.pem"), _extensions(ctx, Path(pem))
    if mine != reference:
        result.notes.append("WARNING: the certificates' extensions differ: spconnect "
                            f"{mine!r} vs openssl {reference!r}")
    else:
        names = [line.split(":")[0].removeprefix("X509v3 ") for line in mine.splitlines() if line.startswith("X509v3 ")]
        result.notes.append("identical extensions on both sides (same key): " + ", ".join(names))

    a, b = ctx.interleaved([spconnect, sequence])
    result.series = [a, b]
    result.checks = [ratio_check("median ratio spconnect / openssl", a, b, 0.5)]
    return result


def _keygen_measurement(bits: int) -> None:
    name = f"cert-new-rsa{bits}"

    # 60 runs by default, twice the issue's minimum: random prime search makes key
    # generation vary from ~0.3x to ~3x its median, and 30 runs leave the ratio of
    # medians uncertain by about +-0.08.
    @measurement(name=name, issue=2, runs=60, minimum=30,
                 title=f"(b) cert new --key-size {bits} vs openssl req -x509 -newkey rsa:{bits} -nodes")
    def cert_new_with_keygen(ctx: Context) -> Result:
        password = ctx.secret_file()
        ours, theirs = ctx.folder("spconnect"), ctx.folder("openssl")
        spconnect = Variant(f"spconnect cert new --key-size {bits}", [[
            ctx.bin, "cert", "new", "--name", "bench", "--key-size", str(bits), "--out", str(ours),
            "--password-file", str(password), "--force"]], env=ctx.env())
        openssl = Variant(f"openssl req -x509 -newkey rsa:{bits}", [[
            ctx.openssl, "req", "-x509", "-newkey", f"rsa:{bits}", "-nodes",
            "-keyout", str(theirs / "bench.key.pem"), "-out", str(theirs / "bench.pem"),
            "-subj", "/CN=bench", "-days", "365"]], env=ctx.env())
        a, b = ctx.interleaved([spconnect, openssl])
        extra = a.ms("median") - b.ms("median")
        return Result(name, 2, "", series=[a, b],
                      checks=[ratio_check("median ratio spconnect / openssl", a, b, 1.10)],
                      notes=["key generation is random: min and max vary a lot from run to run",
                             f"median difference {extra:+.1f} ms (spconnect also encrypts the key and writes "
                             "the PFX and JSON; openssl -nodes writes a plain key and the certificate)"])


for _bits in (2048, 3072):
    _keygen_measurement(_bits)


@measurement(name="cert-new-fixed-cost", issue=2, runs=30,
             title="(b') no target: what (b) adds to key generation, RSA-2048 key given to both")
def cert_new_fixed_cost(ctx: Context) -> Result:
    """The (b) commands with the key generation taken out: the cost each side adds on top
    of the key generation they share, which decides (b)'s ratio."""
    key = ctx.tmp / "fixed.key.pem"
    subprocess.run([ctx.openssl, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                    "-out", str(key)], check=True, capture_output=True)
    password = ctx.secret_file()
    ours, theirs = ctx.folder("spconnect"), ctx.folder("openssl")
    spconnect = Variant("spconnect cert new --key (RSA-2048)", [[
        ctx.bin, "cert", "new", "--name", "bench", "--key", str(key), "--out", str(ours),
        "--password-file", str(password), "--force"]], env=ctx.env())
    openssl = Variant("openssl req -x509 -key -nodes -keyout", [[
        ctx.openssl, "req", "-x509", "-key", str(key), "-nodes",
        "-keyout", str(theirs / "bench.key.pem"), "-out", str(theirs / "bench.pem"),
        "-subj", "/CN=bench", "-days", "365"]], env=ctx.env())
    a, b = ctx.interleaved([spconnect, openssl])
    return Result("cert-new-fixed-cost", 2, "", series=[a, b], notes=[
        f"spconnect adds {a.ms('median') - b.ms('median'):+.1f} ms (median) to the key generation compared "
        "with openssl; against a key generation median of G ms, (b)'s ratio is about "
        f"(G + {a.ms('median'):.0f}) / (G + {b.ms('median'):.0f})"])


@measurement(name="startup", issue=2, runs=50, title="(c) start-up: spconnect --version")
def startup(ctx: Context) -> Result:
    version = Variant("spconnect --version", [[ctx.bin, "--version"]], env=ctx.env())
    floor = Variant("/bin/true (spawn floor, for reference)", [["/bin/true"]], env=ctx.env())
    a, b = ctx.interleaved([version, floor])
    return Result("startup", 2, "", series=[a, b],
                  checks=[Check("median spconnect --version", a.ms("median"), 15.0, "ms")])


# --------------------------------------------------------------------------- issue 6

IMPORT_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
IMPORT_CLIENT = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"
MEBIBYTE = 1 << 20
_REPLY_REPEATS: Optional[int] = None


def _reply_of_one_mebibyte(request: str, thumbprint: str) -> bytes:
    """An Outlook-style reply of 1 MiB: multipart/alternative, both parts quoted-printable,
    the filled block on top of a long thread of quoted originals (each with its empty block),
    made with Python's email package."""
    from email import policy
    from email.charset import QP, Charset
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    def block(tenant: str = "", client: str = "", tp: str = "") -> str:
        return (f"----- BEGIN SPCONNECT REPLY -----\nRequest: {request}\nDirectory (tenant) ID: {tenant}\n"
                f"Application (client) ID: {client}\nCertificate thumbprint: {tp}\n----- END SPCONNECT REPLY -----")

    original = ("Hello,\n\nI need an app registration with a certificate credential so that our reporting job can read "
                "and write the Reports site (Sites.Selected, write). Tenant: contoso.onmicrosoft.com.\n\n"
                "Please reply with this block filled in:\n\n" + block() + "\n\nThank you!\nDana\n")

    def message(repeats: int) -> bytes:
        thread = "".join(f"\nFrom: Person {i} <p{i}@contoso.com>\nSent: Monday, March 3, 2025 9:{i % 60:02d} AM\n"
                         f"To: IT Admin <admin@contoso.com>\nSubject: RE: request {request}\n\n{original}" for i in range(repeats))
        top = "Hi Dana,\n\n" + block(IMPORT_TENANT, IMPORT_CLIENT, thumbprint) + "\n\nAlex\n"
        html_lines = (top + thread).split("\n")
        html = ('<html><head><style><!-- p.MsoNormal {margin:0cm;} --></style></head><body><div class="WordSection1">\n'
                + "\n".join(f'<p class="MsoNormal">{line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") or "&nbsp;"}'
                             '<o:p></o:p></p>' for line in html_lines) + "\n</div></body></html>\n")
        charset = Charset("utf-8")
        charset.body_encoding = QP
        msg = MIMEMultipart("alternative", boundary="_000_bench_reply_")
        msg.attach(MIMEText(top + thread, "plain", charset))
        msg.attach(MIMEText(html, "html", charset))
        msg["From"] = "IT Admin <admin@contoso.com>"
        msg["To"] = "Dana Developer <dev@contoso.com>"
        msg["Subject"] = f"RE: SharePoint app registration request {request}"
        return msg.as_bytes(policy=policy.SMTP)

    global _REPLY_REPEATS
    if _REPLY_REPEATS is None:
        low, high = 1, 4000      # the number of quoted originals that makes it just under 1 MiB
        while low < high:
            middle = (low + high + 1) // 2
            if len(message(middle)) <= MEBIBYTE:
                low = middle
            else:
                high = middle - 1
        _REPLY_REPEATS = low
    data = message(_REPLY_REPEATS)
    return data + b"\r\n" * ((MEBIBYTE - len(data)) // 2)   # pad with blank lines after the message


@measurement(name="import-1mb", issue=6, runs=30,
             title="spconnect import of a 1 MiB reply (Outlook QP, long quoted thread)")
def import_one_mebibyte(ctx: Context) -> Result:
    result = Result("import-1mb", 6, "")
    env = ctx.env(SPCONNECT_PASSPHRASE=PASSWORD, SPCONNECT_SCRYPT_LOGN="14")
    ctx.check_run(Variant("init", [[ctx.bin, "init"]], env=env))
    key = ctx.tmp / "seed.key.pem"
    subprocess.run([ctx.openssl, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(key)],
                   check=True, capture_output=True)
    count = ctx.warmup + ctx.runs + 1
    seeded = subprocess.run([ctx.dev, "seed", "--requests", str(count), "--key", str(key)],
                            env=env, capture_output=True, text=True)
    if seeded.returncode != 0:
        raise CommandFailed(f"spconnect-dev seed: {seeded.stderr.strip()}")
    ids = seeded.stdout.split()
    shown = subprocess.run([ctx.bin, "show", ids[0], "--json"], env=env, capture_output=True, text=True, check=True)
    thumbprint = json.loads(shown.stdout)["thumbprint"]
    replies = []
    for request in ids:
        path = ctx.tmp / f"reply-{request}.eml"
        path.write_bytes(_reply_of_one_mebibyte(request, thumbprint))
        replies.append(path)
    sizes = sorted({p.stat().st_size for p in replies})
    result.notes.append(f"reply size {sizes[0]:,} bytes; each run imports another pending request's reply")

    # The parser alone, in the process (no start-up, no store): the median of 50 parses.
    parsed = subprocess.run([ctx.dev, "parse-reply", str(replies[-1]), "--repeat", "50"],
                            env=env, capture_output=True, text=True, check=True)
    report = json.loads(parsed.stdout)
    found = {field: [v["text"] for v in values] for field, values in report["values"].items()}
    if found.get("clientID") != [IMPORT_CLIENT] or found.get("thumbprint") != [thumbprint]:
        result.notes.append(f"WARNING: the parser found {found}")
    parse_ms = report["medianMicroseconds"] / 1000.0

    # Whole imports: a new process, the store opened, the reply read and checked, the transaction.
    series = Series("spconnect import REPLY (1 MiB)", [[ctx.bin, "import", "REPLY"]], [], [])
    for index, path in enumerate(replies[:count - 1]):
        variant = Variant("import", [[ctx.bin, "import", str(path)]], env=env)
        wall, cpu = ctx.time_once(variant)
        if index >= ctx.warmup:
            series.samples.append(wall)
            series.cpu_samples.append(cpu)
    floor = ctx.repeat(Variant("spconnect --version (start-up, for reference)", [[ctx.bin, "--version"]], env=env))
    result.series = [series, floor]
    result.checks = [Check("median spconnect import, 1 MiB reply", series.ms("median"), 50.0, "ms"),
                     Check("median parse of the 1 MiB reply, in process", parse_ms, 50.0, "ms")]
    connections = subprocess.run([ctx.bin, "connections", "--json"], env=env, capture_output=True, text=True, check=True)
    made = len(json.loads(connections.stdout)["connections"])
    result.notes.append(f"{made} connections made, one per timed or warm-up import")
    return result


# --------------------------------------------------------------------------- issue 12

def _entra_stub(ctx: Context, app: Path) -> tuple[subprocess.Popen, Path]:
    """scripts/entra_stub.py on loopback (Entra, SharePoint and Graph), registering `app`; needs
    the tests' venv (joserfc)."""
    state = ctx.folder("stub")
    python = REPO / ".build" / "venv" / "bin" / "python3"
    server = subprocess.Popen([str(python), str(REPO / "scripts" / "entra_stub.py"), "--dir", str(state), "--app", str(app),
                               "--lifetime", "3600"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline and not (state / "port").exists():
        time.sleep(0.05)
    if not (state / "port").exists():
        server.kill()
        raise CommandFailed("scripts/entra_stub.py did not start (run scripts/deps.sh test)")
    return server, state


@measurement(name="renew", issue=12, runs=10,
             title="renew + renew --retire against the loopback Entra/Graph/SharePoint stand-in, per cycle")
def renew(ctx: Context) -> Result:
    env = _init_store(ctx, SPCONNECT_SCRYPT_LOGN="14", NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
    seeded = subprocess.run([ctx.dev, "seed", "--connections", "1", "--key", str(_rsa_key(ctx))],
                            env=env, check=True, capture_output=True, text=True).stdout.strip()
    name = f"seed-{seeded}"
    subprocess.run([ctx.bin, "connection", "set", name, "--object-id", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"],
                   env=env, check=True, capture_output=True)
    app = ctx.tmp / "app.json"
    subprocess.run([ctx.bin, "export", name, "--format", "json", "--out", str(app)], env=env, check=True, capture_output=True)
    server, state = _entra_stub(ctx, app)
    try:
        host = f"127.0.0.1:{(state / 'port').read_text().strip()}"
        graph = f"127.0.0.1:{(state / 'graph_port').read_text().strip()}"
        hosts = ["--authority-host", host, "--graph-host", graph, "--ca-file", str(state / "ca.pem")]
        renew_args = [ctx.bin, "renew", name, "--site", f"https://{host}/sites/reports", "--key-size", "3072"] + hosts
        retire_args = [ctx.bin, "renew", name, "--retire"] + hosts
        first, second = _rsa_key(ctx, 3072), ctx.tmp / "rsa3072-b.key.pem"
        subprocess.run([ctx.openssl, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", str(second)],
                       check=True, capture_output=True)
        # Two cycles per sample: a renewal may not reuse the current key, so the given keys alternate.
        given = Variant("2 x (renew --key FILE + retire)", [renew_args + ["--key", str(first)], retire_args,
                                                            renew_args + ["--key", str(second)], retire_args], env=env)
        generated = Variant("2 x (renew, RSA-3072 generated + retire)", [renew_args, retire_args, renew_args, retire_args], env=env)
        a, b = ctx.interleaved([given, generated])
    finally:
        server.kill()
    return Result("renew", 12, "", series=[a, b],
                  notes=[f"per cycle (renew + retire), key generation excluded: {a.ms('median') / 2:.0f} ms median; "
                         f"included: {b.ms('median') / 2:.0f} ms; key generation ~{(b.ms('median') - a.ms('median')) / 2:.0f} ms",
                         "each renew: an unlock (scrypt logN 14), a Graph token, addKey, a token and a site call with the new "
                         "certificate, the switch; each retire: an unlock, a token, removeKey",
                         "RSA key generation is random: the generated variant's spread is wide"])


# --------------------------------------------------------------------------- report

# --------------------------------------------------------------------------- issue 3

PASSPHRASE = "bench-passphrase-1234"


def _init_store(ctx: Context, **env: str) -> dict[str, str]:
    """A fresh store in the scratch home (scrypt calibrated as users get it); returns the env."""
    environment = ctx.env(SPCONNECT_PASSPHRASE=PASSPHRASE, **env)
    subprocess.run([ctx.bin, "init"], env=environment, check=True, capture_output=True)
    return environment


def _rsa_key(ctx: Context, bits: int = 2048) -> Path:
    key = ctx.tmp / f"rsa{bits}.key.pem"
    if not key.exists():
        subprocess.run([ctx.openssl, "genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}",
                        "-out", str(key)], check=True, capture_output=True)
    return key


@measurement(name="store-unlock", issue=3, runs=20,
             title="unlock: scrypt (calibrated at init to about 250 ms) and AES-256-GCM, one process each")
def store_unlock(ctx: Context) -> Result:
    env = _init_store(ctx)
    unlock = Variant("spconnect _dev integrity --deep (unlock, empty store)", [[ctx.dev, "integrity", "--deep"]], env=env)
    start = Variant("spconnect _dev integrity (no unlock)", [[ctx.dev, "integrity"]], env=env)
    a, b = ctx.interleaved([unlock, start])
    cost = a.ms("median") - b.ms("median")
    return Result("store-unlock", 3, "", series=[a, b],
                  checks=[Check("unlock cost (median difference)", cost, 400.0, "ms"),
                          Check("unlock cost (median difference), lower bound", cost, 125.0, "ms", op=">=")],
                  notes=[f"unlock adds {cost:.0f} ms; the design aims at about 250 ms (SEALING.md)"])


@measurement(name="connections-json-10k", issue=3, runs=20,
             title="connections --json over 10,000 connections")
def connections_json(ctx: Context) -> Result:
    env = _init_store(ctx, SPCONNECT_SCRYPT_LOGN="14")
    subprocess.run([ctx.dev, "seed", "--connections", "10000", "--key", str(_rsa_key(ctx))],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    listing = Variant("spconnect connections --json (10,000)", [[ctx.bin, "connections", "--json"]], env=env)
    a = ctx.repeat(listing)
    return Result("connections-json-10k", 3, "", series=[a],
                  checks=[Check("median connections --json", a.ms("median"), 200.0, "ms")])


@measurement(name="request-add", issue=3, runs=10,
             title="adding a request, key generation excluded (seals twice, one transaction, audit line)")
def request_add(ctx: Context) -> Result:
    env = _init_store(ctx, SPCONNECT_SCRYPT_LOGN="14")
    key = str(_rsa_key(ctx))
    one = Variant("_dev seed --requests 1", [[ctx.dev, "seed", "--requests", "1", "--key", key]], env=env)
    many = Variant("_dev seed --requests 101", [[ctx.dev, "seed", "--requests", "101", "--key", key]], env=env)
    a, b = ctx.interleaved([one, many])
    per_request = (b.ms("median") - a.ms("median")) / 100
    return Result("request-add", 3, "", series=[a, b],
                  checks=[Check("per request ((101 - 1) / 100)", per_request, 5.0, "ms")])


# --------------------------------------------------------------------------- issue 4

REQUEST_ARGS = ["request", "--tenant", "contoso.onmicrosoft.com", "--admin", "it@contoso.com",
                "--site", "https://contoso.sharepoint.com/sites/reports", "--from", "Dana <dana@contoso.com>",
                "--transport", "outbox", "--key-size", "3072"]


@measurement(name="request-outbox", issue=4, runs=30,
             title="request --transport outbox end to end vs openssl req -x509 -newkey rsa:3072 -nodes")
def request_outbox(ctx: Context) -> Result:
    env = _init_store(ctx)
    theirs = ctx.folder("openssl")
    ours = Variant("spconnect request (outbox, RSA-3072)", [[ctx.bin] + REQUEST_ARGS], env=env)
    openssl = Variant("openssl req -x509 -newkey rsa:3072", [[
        ctx.openssl, "req", "-x509", "-newkey", "rsa:3072", "-nodes", "-keyout", str(theirs / "k.pem"),
        "-out", str(theirs / "c.pem"), "-subj", "/CN=bench", "-days", "365"]], env=ctx.env())
    a, b = ctx.interleaved([ours, openssl])
    return Result("request-outbox", 4, "", series=[a, b],
                  checks=[ratio_check("median ratio spconnect / openssl", a, b, 1.25)],
                  notes=["key generation is random: min and max vary a lot from run to run"])


def _smtp_server(ctx: Context) -> tuple[subprocess.Popen, Path, int]:
    state = ctx.folder("smtp")
    server = subprocess.Popen(["/usr/bin/python3", str(REPO / "scripts" / "smtp_server.py"), "--state", str(state),
                               "--user", "bench"], env={**os.environ, "SMTP_TEST_PASSWORD": PASSWORD},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline and not (state / "port").exists():
        time.sleep(0.05)
    return server, state, int((state / "port").read_text())


@measurement(name="smtp-200", issue=4, runs=3,
             title="200 messages in one libESMTP session to aiosmtpd on loopback, beside curl (one connection each)")
def smtp_throughput(ctx: Context) -> Result:
    server, state, port = _smtp_server(ctx)
    try:
        env = _init_store(ctx, SPCONNECT_SCRYPT_LOGN="14", SPCONNECT_SMTP_PASSWORD=PASSWORD)
        out = subprocess.run([ctx.bin] + REQUEST_ARGS[:-4] + ["--transport", "outbox", "--key", str(_rsa_key(ctx)), "--json"],
                             env=env, check=True, capture_output=True, text=True).stdout
        request = json.loads(out)["id"]
        eml = ctx.tmp / "home" / "outbox" / f"{request}.eml"
        smtp = ["--smtp-host", "localhost", "--smtp-port", str(port), "--smtp-user", "bench", "--smtp-ca-file", str(state / "pki" / "ca.pem")]
        ours = Variant("spconnect: 200 messages, one session", [[ctx.dev, "smtp-burst", request, "--count", "200"] + smtp], env=env)
        curl_one = ["curl", "-s", "--url", f"smtp://localhost:{port}", "--ssl-reqd", "--cacert", str(state / "pki" / "ca.pem"),
                    "--user", f"bench:{PASSWORD}", "--mail-from", "dana@contoso.com", "--mail-rcpt", "it@contoso.com",
                    "--upload-file", str(eml)]
        curl = Variant("curl: 200 messages, one connection each", [curl_one] * 200, env=ctx.env())
        a, b = ctx.interleaved([ours, curl])
        ours_rate, curl_rate = 200 / (a.ms("median") / 1000), 200 / (b.ms("median") / 1000)
        return Result("smtp-200", 4, "", series=[a, b],
                      checks=[Check("spconnect messages per second (one session)", ours_rate, curl_rate, "msg/s", op=">=")],
                      notes=[f"spconnect {ours_rate:.0f} msg/s in one session; curl {curl_rate:.0f} msg/s, one connection each "
                             "(the target is only to be faster than curl's per-message connections)",
                             "each message is the request's full email (about 50 KB with its attachments)"])
    finally:
        server.terminate()
        server.wait(timeout=10)


ENGINE_COUNT = 20


def _engine_server(ctx: Context, name: str, token: str, implicit_tls: bool) -> tuple[subprocess.Popen, Path, int]:
    """scripts/smtp_server.py taking user `bench` with PASSWORD (PLAIN, LOGIN) or `token`
    (XOAUTH2, OAUTHBEARER), over STARTTLS or implicit TLS."""
    state = ctx.folder(name)
    server = subprocess.Popen(["/usr/bin/python3", str(REPO / "scripts" / "smtp_server.py"), "--state", str(state),
                               "--user", "bench"] + (["--implicit-tls"] if implicit_tls else []),
                              env={**os.environ, "SMTP_TEST_PASSWORD": PASSWORD, "SMTP_TEST_TOKEN": token},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline and not (state / "port").exists():
        time.sleep(0.05)
    return server, state, int((state / "port").read_text())


@measurement(name="smtp-engines", issue=14, runs=5,
             title=f"{ENGINE_COUNT} messages in one session: libESMTP and libcurl, STARTTLS and implicit TLS, password and XOAUTH2")
def smtp_engines(ctx: Context) -> Result:
    token = "ya29.bench-" + os.urandom(24).hex()
    token_file = ctx.secret_file("token", token)
    helper = ctx.tmp / "token-helper"
    helper.write_text(f"#!/bin/sh\nexec cat '{token_file}'\n")
    helper.chmod(0o700)
    servers = {"starttls": _engine_server(ctx, "smtp-starttls", token, False),
               "tls": _engine_server(ctx, "smtp-tls", token, True)}
    try:
        key = _rsa_key(ctx)
        variants = []
        # Which engine: SMTPSettings.engine (libESMTP only for a password over STARTTLS with auth = "auto").
        for label, security, settings in [
            ("libESMTP, STARTTLS, PLAIN", "starttls", ""),
            ("libcurl, STARTTLS, PLAIN", "starttls", 'auth = "plain"\n'),
            ("libcurl, STARTTLS, XOAUTH2", "starttls", f'auth = "xoauth2"\ntoken_command = "{helper}"\n'),
            ("libcurl, implicit TLS, PLAIN", "tls", ""),
            ("libcurl, implicit TLS, XOAUTH2", "tls", f'auth = "xoauth2"\ntoken_command = "{helper}"\n'),
        ]:
            _, state, port = servers[security]
            home = ctx.folder("home-" + label.replace(", ", "-").replace(" ", "").lower())
            env = ctx.env(SPCONNECT_HOME=str(home), SPCONNECT_PASSPHRASE=PASSPHRASE, SPCONNECT_SCRYPT_LOGN="14",
                          XDG_CONFIG_HOME=str(ctx.folder("config")),
                          **({} if "XOAUTH2" in label else {"SPCONNECT_SMTP_PASSWORD": PASSWORD}))
            subprocess.run([ctx.bin, "init"], env=env, check=True, capture_output=True)
            config = home / "config.toml"
            fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(f'[smtp]\nhost = "localhost"\nport = {port}\nusername = "bench"\n'
                        f'ca_file = "{state / "pki" / "ca.pem"}"\nsecurity = "{security}"\n' + settings)
            out = subprocess.run([ctx.bin] + REQUEST_ARGS[:-4] + ["--transport", "outbox", "--key", str(key), "--json"],
                                 env=env, check=True, capture_output=True, text=True).stdout
            request = json.loads(out)["id"]
            variants.append(Variant(label, [[ctx.dev, "smtp-burst", request, "--count", str(ENGINE_COUNT)]], env=env))
        series = ctx.interleaved(variants)
        notes = [f"{s.label}: {s.ms('median') / ENGINE_COUNT:.1f} ms a message (median run / {ENGINE_COUNT}, "
                 "process start, token command and TLS handshake included)" for s in series]
        notes.append("libESMTP 1.1 has no implicit TLS and no XOAUTH2: those rows exist for libcurl only")
        return Result("smtp-engines", 14, "", series=series, notes=notes)
    finally:
        for server, _, _ in servers.values():
            server.terminate()
            server.wait(timeout=10)


def _busy_cpu_seconds() -> Optional[float]:
    """CPU time the whole machine spent busy so far (from /proc/stat), in seconds."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return None
    values = [int(v) for v in fields[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)        # idle + iowait
    busy = sum(values[:8]) - idle                                    # without guest time (counted in user)
    return busy / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _fmt(value: float) -> str:
    return f"{value:g}"


def _environment(binary: str, openssl: str) -> dict:
    def output(argv: list[str]) -> str:
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "spconnect": output([binary, "--version"]),
        "binary": binary,
        # The repository's state when the bench ran (the binary is whatever --bin names).
        "repo_commit": output(["git", "-C", str(REPO), "rev-parse", "HEAD"]),
        "repo_dirty": bool(output(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"])),
        "openssl": output([openssl, "version"]),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def print_table(results: list[Result]) -> None:
    header = (f"{'measurement':<44} {'runs':>4} {'min ms':>8} {'median ms':>9} {'max ms':>8} "
              f"{'cpu ms':>7} {'ratio':>6} {'target':>10}  result")
    rule = "-" * len(header)
    print(rule)
    print(header)
    print(rule)
    for r in results:
        print(f"{r.name}: {r.title}")
        if r.error:
            print(f"  ERROR {r.error}")
            print(rule)
            continue
        for s in r.series:
            cpu = f"{s.ms('median', cpu=True):>7.1f}" if s.cpu_samples else f"{'':>7}"
            print(f"  {s.label[:42]:<42} {s.runs:>4} {s.ms('min'):>8.1f} {s.ms('median'):>9.1f} {s.ms('max'):>8.1f} {cpu}")
        for c in r.checks:
            verdict = "PASS" if c.passed else "FAIL  <<<"
            if c.unit:       # a value with a unit: put it in the median column
                print(f"  {c.name[:42]:<42} {'':>4} {'':>8} {c.value:>9.1f} {'':>8} {'':>7} {'':>6} {c.target_text():>10}  {verdict}")
            else:
                print(f"  {c.name[:42]:<42} {'':>4} {'':>8} {'':>9} {'':>8} {'':>7} {c.value:>6.2f} {c.target_text():>10}  {verdict}")
        for note in r.notes:
            print(f"  note: {note}")
        print(rule)


def write_json(results: list[Result], folder: Path, meta: dict) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for issue in sorted({r.issue for r in results}):
        path = folder / f"issue{issue}.json"
        document = dict(meta, issue=issue, results=[r.to_json() for r in results if r.issue == issue])
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(document, indent=2) + "\n")
        temporary.replace(path)
        written.append(path)
    return written


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="spconnect's benchmark: the issues' performance targets, against openssl where they compare.",
        epilog="measurements: " + ", ".join(m.name for m in MEASUREMENTS))
    parser.add_argument("--bin", help="the spconnect binary to measure (a release build)")
    parser.add_argument("--dev-bin", help="the spconnect-dev helper binary (default: spconnect-dev beside --bin)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only these measurements (names or shell patterns, comma-separated or repeated)")
    parser.add_argument("--runs", type=int, metavar="N",
                        help="runs per variant, instead of each measurement's default (see --list)")
    parser.add_argument("--warmup", type=int, default=None, metavar="N",
                        help="discarded warm-up runs per variant before timing (default 2; 1 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke test: {QUICK_RUNS} runs per variant; figures are not valid for the issue")
    parser.add_argument("--results-dir", default=str(REPO / "bench-results"), metavar="DIR",
                        help="where issueN.json go (default: bench-results/ in the repository)")
    parser.add_argument("--no-json", action="store_true", help="print the table only")
    parser.add_argument("--list", action="store_true", help="list the measurements and exit")
    parser.add_argument("--verbose", action="store_true", help="print every run's times on stderr")
    args = parser.parse_args(argv)

    if args.list:
        for m in MEASUREMENTS:
            print(f"{m.name:<20} issue {m.issue}  {m.runs:>3} runs (minimum {m.minimum:>2})  {m.title}")
        return 0
    if not args.bin:
        parser.error("--bin PATH is required")
    binary = str(Path(args.bin).resolve())
    if not os.access(binary, os.X_OK):
        parser.error(f"{args.bin}: not an executable file (run `make release` first)")
    dev_binary = str(Path(args.dev_bin).resolve()) if args.dev_bin else str(Path(binary).with_name("spconnect-dev"))
    if not os.access(dev_binary, os.X_OK):
        parser.error(f"{dev_binary}: not an executable file (run `make release` first)")
    openssl = shutil.which("openssl")
    if not openssl:
        parser.error("openssl is not installed (scripts/deps.sh bench installs it)")
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")

    patterns = [p.strip() for item in args.only for p in item.split(",") if p.strip()]
    selected = [m for m in MEASUREMENTS if not patterns or any(fnmatch.fnmatchcase(m.name, p) for p in patterns)]
    if not selected:
        parser.error(f"--only {','.join(patterns)} matches no measurement; known: "
                     + ", ".join(m.name for m in MEASUREMENTS))

    runs_override = QUICK_RUNS if args.quick and args.runs is None else args.runs
    warmup = args.warmup if args.warmup is not None else (1 if args.quick else 2)
    ctx = Context(binary, dev_binary, openssl, runs_override, warmup, args.verbose)
    command = "python3 " + " ".join([os.path.relpath(__file__, os.getcwd())] + (argv if argv is not None else sys.argv[1:]))
    meta = {
        "generated": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "command": command,
        "quick": bool(args.quick),
        "runs_override": runs_override,
        "warmup": warmup,
        "environment": _environment(binary, openssl),
    }
    env = meta["environment"]
    print(f"spconnect bench: {command}")
    print(f"  {env['spconnect']} (repository at {env['repo_commit'][:12]}{', modified' if env['repo_dirty'] else ''}); "
          f"{env['openssl']}; {env['cpus']} CPUs {env['cpu']}")
    print(f"  wall time per process sequence (time.perf_counter around subprocess.run), "
          f"interleaved, {warmup} warm-up run(s) discarded per variant")
    if runs_override is not None and any(runs_override < m.minimum for m in selected):
        print(f"  NOTE: {runs_override} runs per variant is below the issues' minimum: figures are a smoke test only")

    results: list[Result] = []
    for m in selected:
        ctx.default_runs = m.runs
        print(f"  running {m.name} ({ctx.runs} runs per variant) ...", file=sys.stderr, flush=True)
        started, busy_before, own_before = time.perf_counter(), _busy_cpu_seconds(), _own_cpu_seconds()
        with tempfile.TemporaryDirectory(prefix=f"spconnect-bench-{m.name}-") as tmp:
            ctx.tmp = Path(tmp)
            try:
                result = m.function(ctx)
            except (CommandFailed, subprocess.CalledProcessError, OSError) as error:
                detail = str(error)
                if isinstance(error, subprocess.CalledProcessError) and error.stderr:
                    stderr = error.stderr if isinstance(error.stderr, str) else error.stderr.decode(errors="replace")
                    detail += ": " + stderr.strip()
                result = Result(m.name, m.issue, m.title, error=detail)
        result.name, result.issue, result.title = m.name, m.issue, m.title
        if ctx.runs < m.minimum and not result.error:
            result.notes.append(f"only {ctx.runs} runs per variant; the issue asks for at least {m.minimum}")
        for s in result.series:     # no throwaway paths in the report
            s.commands = [[arg.replace(str(ctx.tmp), "$TMP") for arg in c] for c in s.commands]
        result.seconds = time.perf_counter() - started
        busy_after = _busy_cpu_seconds()
        if busy_before is not None and busy_after is not None and result.seconds > 0:
            # CPUs kept busy by something other than this script and what it ran.
            others = max(0.0, (busy_after - busy_before) - (_own_cpu_seconds() - own_before)) / result.seconds
            result.other_load = round(others, 2)
            if others >= 0.25:
                result.notes.append(f"WARNING: other work kept {others:.2f} of {os.cpu_count()} CPUs busy "
                                    "during this measurement: its times may be inflated; run again on a quiet machine")
        results.append(result)

    print_table(results)
    failed = [f"{r.name}: {c.name}" for r in results for c in r.checks if not c.passed]
    errors = [r.name for r in results if r.error]
    if not args.no_json:
        for path in write_json(results, Path(args.results_dir), meta):
            print(f"results: {os.path.relpath(path, os.getcwd())}")
    total = sum(len(r.checks) for r in results)
    print(f"summary: {total - len(failed)}/{total} targets met"
          + (f"; FAIL: {'; '.join(failed)}" if failed else "")
          + (f"; ERROR (could not run): {', '.join(errors)}" if errors else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""Throughput and server CPU per request of each student page, measured with wrk.

wrk is a C load generator: at the rates measured here it costs a few percent of a core (reported
beside each figure), where the Python driver spent about 1 ms of CPU per request on the same
cores and capped /healthz far below what the server can do. For each page: wrk with `--connections`
connections and no think time for `--seconds`, after a short warm-up that is not counted; the
gunicorn master's and workers' CPU (utime + stime from /proc/<pid>/stat, recycled workers included)
before and after, divided by the requests served, is the server CPU per request; /healthz is
measured first and last and its mean is the ratio's base.

Every request carries a returning anonymous visitor's cookies (session and CSRF), as a browser
would; the answer POSTs each answer a different question once (bench/wrk_prep.py, Lua below),
so the server does the real work of recording an answer, never a refusal.
"""

import json
import re
import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

WRK_THREADS = 2

ANSWER_LUA = """
-- Each thread posts its own share of the prepared answers, each once, in order.
local answers = dofile("{data}")
local counter = 0
local threads = 0
function setup(thread)
  thread:set("first", threads)
  threads = threads + 1
end
function init(args)
  counter = first
end
function request()
  local a = answers[(counter % #answers) + 1]
  counter = counter + {threads}
  return wrk.format("POST", a.path, {{["Cookie"] = a.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded"}}, a.body)
end
"""


@dataclass
class WrkResult:
    label: str
    path: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    bad: int  # responses other than 2xx/3xx
    socket_errors: int  # connect, read, write errors and timeouts (wrk gives up on a request after 2 s)
    server_cpu_ms: float  # per request
    wrk_cpu_ms: float  # per request

    def as_dict(self) -> dict:
        return dict(vars(self))


def ensure_wrk() -> str:
    """wrk's path; installs Debian's package when it is missing (as `make bench` promises)."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = ["apt-get", "install", "-y", "-q", "wrk"]
    if (
        shutil.which("sudo")
        and subprocess.run(["id", "-u"], capture_output=True, text=True, check=False).stdout.strip() != "0"
    ):
        apt = ["sudo", "-n", *apt]
    done = subprocess.run(apt, capture_output=True, text=True, check=False)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit(f"wrk is not installed and `apt-get install wrk` failed:\n{done.stderr[-2000:]}")
    return found


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse(output: str) -> dict:
    requests = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", output).group(1))
    seconds = re.search(r"\d+ requests in ([\d.]+\w+)", output).group(1)
    percentiles = {int(p): _ms(v) for p, v in re.findall(r"^\s+(\d+)%\s+([\d.]+\w+)\s*$", output, re.M)}
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": requests,
        "seconds": _ms(seconds) / 1000,
        "p50": percentiles.get(50, float("nan")),
        "p99": percentiles.get(99, float("nan")),
        "bad": bad,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def run(
    wrk: str,
    base: str,
    label: str,
    path: str,
    *,
    cookie: str,
    seconds: float,
    connections: int,
    server_cpu,
    warmup: float = 2.0,
    script: Path | None = None,
) -> WrkResult:
    """One wrk run against base+path; server_cpu() gives the server's CPU seconds so far."""
    command = [wrk, "-t", str(WRK_THREADS), "-c", str(connections), "--latency", "-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    if warmup:
        subprocess.run([*command, "-d", f"{warmup:g}s", base + path], capture_output=True, check=False)
    before_server, before_wrk = server_cpu(), _children_cpu()
    done = subprocess.run([*command, "-d", f"{seconds:g}s", base + path], capture_output=True, text=True, check=False)
    server, wrk_cpu = server_cpu() - before_server, _children_cpu() - before_wrk
    if done.returncode:
        raise SystemExit(f"wrk failed for {path}:\n{done.stdout}\n{done.stderr}")
    figures = parse(done.stdout)
    served = max(1, figures["requests"])
    return WrkResult(
        label,
        path,
        figures["requests"],
        figures["seconds"],
        figures["requests"] / figures["seconds"],
        figures["p50"],
        figures["p99"],
        figures["bad"],
        figures["socket_errors"],
        1000 * server / served,
        1000 * wrk_cpu / served,
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def answer_script(prepared: dict, directory: Path | None = None) -> Path:
    """The Lua script posting the prepared answers (its data as a Lua table beside it)."""
    directory = directory or Path(tempfile.mkdtemp(prefix="asts-wrk-"))
    data = directory / "answers.lua"
    rows = ",\n".join(
        "{path="
        + json.dumps(a["path"])
        + ", cookie="
        + json.dumps(a["cookie"])
        + ", body="
        + json.dumps(a["body"])
        + "}"
        for a in prepared["answers"]
    )
    data.write_text("return {\n" + rows + "\n}\n")
    script = directory / "answer.lua"
    script.write_text(ANSWER_LUA.format(data=data, threads=WRK_THREADS))
    return script


def pages(prepared: dict) -> list[tuple[str, str]]:
    """(label, path) of every GET page measured, /healthz first."""
    found = [
        ("/healthz", "/healthz"),
        ("home", "/en/"),
        ("quiz list", "/en/quizzes/"),
        ("question page", prepared["question"]),
        ("timeline", "/en/timeline/"),
    ]
    if prepared.get("study"):
        found.append(("study page", prepared["study"]))
    return found


def measure_all(
    wrk: str, base: str, prepared: dict, *, seconds: float, connections: int, server_cpu, rounds: int = 3, log=print
) -> list[WrkResult]:
    """`rounds` times: /healthz, each page and /healthz again (the answer POST in the first round only:
    each prepared answer is posted once). Each figure is reported as the median of its rounds
    (bench/run.py): on this shared two-core machine one 10-second sample of the same page and code
    varied by ±20 % from run to run, more than most changes being measured."""
    results = []
    script = answer_script(prepared)
    gets = [*pages(prepared), ("/healthz", "/healthz")]
    for round_number in range(rounds):
        plan = gets if round_number else [*gets[:-1], ("answer (POST)", prepared["answers"][0]["path"]), gets[-1]]
        for label, path in plan:
            log(f"wrk: {label}, {connections} connections, {seconds:g} s (round {round_number + 1} of {rounds})")
            answering = label == "answer (POST)"
            results.append(
                run(
                    wrk,
                    base,
                    label,
                    path,
                    cookie=prepared["cookie"],
                    seconds=seconds,
                    connections=connections,
                    server_cpu=server_cpu,
                    warmup=0 if answering else 2.0,
                    script=script if answering else None,
                )
            )
            time.sleep(0.5)
    return results

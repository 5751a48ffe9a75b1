"""Backpack's production process set on this machine, started and stopped as one (decision 0018).

Used by `scripts/production-smoke` (CI) and `scripts/load-benchmark`. It makes a fresh
PostgreSQL database, a bucket on a local S3 server (moto's server mode), a local SMTP
server (aiosmtpd) for the mail the site sends, uses two database numbers of the local
Redis (broker and cache), loads the seed curriculum and the demo
accounts, collects the static files, and runs the Procfile's web, worker and beat with
honcho under the production settings, gunicorn listening on 127.0.0.1. Everything it
starts is stopped, and the database dropped, when the `with` block ends, on failure too;
each process it starts also gets SIGTERM if this one dies.

Settings, all optional: STACK_POSTGRES (postgres://postgres@127.0.0.1:5432), STACK_REDIS
(redis://127.0.0.1:6379), STACK_REDIS_DB (11: the broker; the cache takes the next one).
"""

import contextlib
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
import psutil
import redis
import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BUCKET = "backpack-stack"
DEMO_PASSWORD = "backpack-demo"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent():
    """In the child, before it runs: SIGTERM when the process that started it dies."""
    os.setsid()
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Stack:
    """`with Stack() as stack:` the running stack; `stack.url`, `stack.client()`."""

    def __init__(self, *, web_workers: int = 2, worker_concurrency: int = 2):
        self.run_id = f"{os.getpid()}_{secrets.token_hex(3)}"
        self.postgres = os.environ.get("STACK_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        self.database = f"backpack_stack_{self.run_id}"
        redis_url = os.environ.get("STACK_REDIS", "redis://127.0.0.1:6379")
        broker_db = int(os.environ.get("STACK_REDIS_DB", "11"))
        self.redis_urls = [f"{redis_url}/{broker_db}", f"{redis_url}/{broker_db + 1}"]
        self.web_port, self.s3_port, self.smtp_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.web_port}"
        self.s3_url = f"http://127.0.0.1:{self.s3_port}"
        self.work = Path(tempfile.mkdtemp(prefix="backpack-stack-"))
        self.processes: list[subprocess.Popen] = []
        self.honcho: subprocess.Popen | None = None
        self.database_made = False
        self.env = {
            **os.environ,
            "PATH": f"{Path(PYTHON).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "curriculum_site.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{self.postgres}/{self.database}",
            "CELERY_BROKER_URL": self.redis_urls[0],
            "REDIS_URL": self.redis_urls[1],
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.s3_url,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "stack",
            "AWS_SECRET_ACCESS_KEY": "stack",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_USE_TLS": "false",
            "PORT": str(self.web_port),
            "HOST": "127.0.0.1",
            "WEB_CONCURRENCY": str(web_workers),
            "CELERY_CONCURRENCY": str(worker_concurrency),
            "CELERY_BEAT_SCHEDULE_FILE": str(self.work / "celerybeat-schedule"),
        }

    # --- starting --------------------------------------------------------------------------

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _start(self):
        started = time.monotonic()
        self._start_s3()
        self._start_smtp()
        self._clear_redis()
        self._make_database()
        self._prepare()
        self._start_processes()
        log(f"stack up in {time.monotonic() - started:.0f} s at {self.url}")

    def _spawn(self, args, *, name: str) -> subprocess.Popen:
        output = (self.work / f"{name}.log").open("wb")
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
        process.name = name
        self.processes.append(process)
        return process

    def _run(self, *args: str, name: str) -> None:
        started = time.monotonic()
        process = self._spawn([PYTHON, "manage.py", *args], name=name)
        if process.wait(timeout=300) != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{self.log_tail(name)}")
        log(f"manage.py {args[0]}: {time.monotonic() - started:.0f} s")

    def _start_s3(self):
        self._spawn(
            [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)], name="s3"
        )
        _wait_for(lambda: _answers(self.s3_url), what="the S3 server", timeout=30)
        self.s3().create_bucket(Bucket=BUCKET)
        log(f"S3 server (moto) on {self.s3_url}, bucket {BUCKET}")

    def _start_smtp(self):
        """Mail is sent for real (publication notices); this server prints it to smtp.log."""
        self._spawn(
            [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.smtp_port}"], name="smtp"
        )
        _wait_for(lambda: _listens(self.smtp_port), what="the SMTP server", timeout=30)

    def s3(self):
        return boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            region_name="us-east-1",
            aws_access_key_id="stack",
            aws_secret_access_key="stack",
        )

    def bucket_keys(self, prefix: str = "") -> list[str]:
        pages = self.s3().get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def _clear_redis(self):
        for url in self.redis_urls:
            redis.Redis.from_url(url).flushdb()

    def _make_database(self):
        subprocess.run(
            ["createdb", "--maintenance-db", f"{self.postgres}/postgres", self.database],
            check=True,
        )
        self.database_made = True
        log(f"database {self.database}")

    def _prepare(self):
        """Static files collected while the database is migrated and filled."""
        collect = self._spawn(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            name="collectstatic",
        )
        self._run("migrate", "--noinput", name="migrate")
        self._run("load_seed_curriculum", name="seed")
        self._run("create_demo_accounts", "--throwaway-database", name="demo")
        if collect.wait(timeout=300) != 0:
            raise RuntimeError(f"collectstatic failed:\n{self.log_tail('collectstatic')}")
        log("migrated, seed curriculum and demo accounts loaded, static files collected")

    def _start_processes(self):
        self.honcho = self._spawn(
            [PYTHON, "-m", "honcho", "start", "--procfile", "Procfile", "web", "worker", "beat"],
            name="honcho",
        )

        def healthy():
            if self.honcho.poll() is not None:
                raise RuntimeError(f"the process set stopped:\n{self.log_tail('honcho')}")
            answer = _answers(f"{self.url}/health/?format=json", headers=SECURE_PROXY)
            return answer is not None and answer.status_code == 200

        _wait_for(healthy, what="the web processes and worker", timeout=90)

    # --- using -----------------------------------------------------------------------------

    def client(self) -> "Client":
        return Client(self.url)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout + result.stderr

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.work / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    # --- stopping --------------------------------------------------------------------------

    def stop(self):
        started = time.monotonic()
        # honcho first: on SIGTERM it stops gunicorn, the worker and beat and waits for them.
        for process in sorted(self.processes, key=lambda process: process is not self.honcho):
            _stop(process)
        if self.processes:
            log(f"every process stopped in {time.monotonic() - started:.0f} s")
            self.processes = []
        if self.database_made:
            subprocess.run(
                [
                    "dropdb",
                    "--force",
                    "--if-exists",
                    "--maintenance-db",
                    f"{self.postgres}/postgres",
                    self.database,
                ],
                check=False,
            )
            self.database_made = False
        with contextlib.suppress(redis.RedisError):
            self._clear_redis()
        shutil.rmtree(self.work, ignore_errors=True)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 20 s, to the process and everything it started (honcho
    starts each of its processes in a session of its own)."""
    if process.poll() is not None:
        return
    try:
        descendants = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        descendants = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    # What it started and left behind (honcho kills a process that is slow to stop after
    # 5 s, which orphans a Celery worker's pool processes) gets the same, at once.
    leftovers = [child for child in descendants if child.is_running()]
    for child in leftovers:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.terminate()
    _gone, alive = psutil.wait_procs(leftovers, timeout=5)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()


# The client stands where the load balancer would: it ends TLS and says so.
SECURE_PROXY = {"X-Forwarded-Proto": "https"}


def _answers(url, **kwargs):
    try:
        return requests.get(url, timeout=5, **kwargs)
    except requests.RequestException:
        return None


def _listens(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(condition, *, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pause = 0.2
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not come up in {timeout:.0f} s")
        time.sleep(pause)
        # At most half a second late: a longer pause only adds to the run (decision 0024).
        pause = min(pause * 1.5, 0.5)


class Client(requests.Session):
    """A browser behind the load balancer: X-Forwarded-Proto: https on every request, and
    the site's Secure cookies sent back although this hop is plain HTTP."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.headers.update(SECURE_PROXY)
        self.headers["Referer"] = f"https://{url.split('://', 1)[1]}/"
        self.mount("http://", HTTPAdapter(pool_maxsize=4))

    def prepare_request(self, request):
        prepared = super().prepare_request(request)
        # requests keeps Secure cookies back from plain HTTP; this hop stands for HTTPS.
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)
        if cookies:
            prepared.headers["Cookie"] = cookies
        return prepared

    def request(self, method, path, *args, **kwargs):
        kwargs.setdefault("timeout", 60)
        url = path if path.startswith("http") else f"{self.url}{path}"
        return super().request(method, url, *args, **kwargs)

    def csrf_token(self) -> str:
        return self.cookies.get("csrftoken", "")

    def sign_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        self.get("/accounts/login/").raise_for_status()
        response = self.post(
            "/accounts/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.csrf_token(),
            },
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise AssertionError(f"{username} could not sign in ({response.status_code})")

    def api_token(self, username: str, password: str = DEMO_PASSWORD) -> str:
        response = self.post("/api/v1/token/", json={"username": username, "password": password})
        response.raise_for_status()
        return response.json()["token"]

#!/usr/bin/env python3
"""A small service supervisor speaking systemd's sd_notify protocol, for tests on machines where
systemd cannot run as init (PID 1 here is not systemd). It implements the part of systemd's
service manager the kiosk's unit relies on, with systemd's semantics (systemd.service(5)):

  Type=notify        the service is started once it sends READY=1 on $NOTIFY_SOCKET (a real
                     unix datagram socket), within TimeoutStartSec;
  WatchdogSec        after READY=1, a WATCHDOG=1 must arrive at least every WatchdogSec, else the
                     service gets SIGABRT (WatchdogSignal's default) and SIGKILL after a grace time;
  Restart=always     any exit is followed by a restart after RestartSec ...
  StartLimitBurst /  ... unless StartLimitBurst starts happened within StartLimitIntervalSec:
  IntervalSec        then the unit fails and stays down ("start-limit-hit").

It prints one JSON line per event (started, ready, status, watchdog, watchdog-timeout, exited,
start-limit-hit) on stdout, and stops the service on SIGTERM.
"""
import argparse, json, os, signal, socket, subprocess, sys, tempfile, time

p = argparse.ArgumentParser()
p.add_argument("--watchdog-sec", type=float, required=True)
p.add_argument("--timeout-start-sec", type=float, default=60)
p.add_argument("--restart-sec", type=float, default=0.5)
p.add_argument("--start-limit-burst", type=int, default=5)
p.add_argument("--start-limit-interval-sec", type=float, default=60)
p.add_argument("--kill-grace-sec", type=float, default=3)
p.add_argument("command", nargs=argparse.REMAINDER)
args = p.parse_args()
command = args.command[1:] if args.command and args.command[0] == "--" else args.command

def emit(event, **fields):
    sys.stdout.write(json.dumps({"t": round(time.time(), 3), "event": event, **fields}) + "\n")
    sys.stdout.flush()

sock_dir = tempfile.mkdtemp(prefix="sd-notify-")
sock_path = os.path.join(sock_dir, "notify")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sock_path)
sock.setblocking(False)

stopping = False
def on_term(signum, frame):
    global stopping
    stopping = True
signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)

starts = []
child = None

def kill(proc, first):
    if proc.poll() is not None:
        return
    proc.send_signal(first)
    deadline = time.time() + args.kill_grace_sec
    while proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
    proc.wait()

while not stopping:
    now = time.time()
    starts = [s for s in starts if s > now - args.start_limit_interval_sec]
    if len(starts) >= args.start_limit_burst:
        emit("start-limit-hit", starts=len(starts))
        break
    starts.append(now)
    env = dict(os.environ, NOTIFY_SOCKET=sock_path, WATCHDOG_USEC=str(int(args.watchdog_sec * 1e6)))
    child = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
    emit("started", pid=child.pid, start=len(starts))
    ready = False
    started_at = time.time()
    last_ping = None
    while child.poll() is None and not stopping:
        try:
            data = sock.recv(4096).decode("utf-8", "replace")
            for line in data.split("\n"):
                if line == "READY=1":
                    ready, last_ping = True, time.time()
                    emit("ready", pid=child.pid)
                elif line == "WATCHDOG=1":
                    last_ping = time.time()
                    emit("watchdog", pid=child.pid)
                elif line.startswith("STATUS="):
                    emit("status", pid=child.pid, status=line[7:])
                elif line == "STOPPING=1":
                    emit("stopping", pid=child.pid)
        except BlockingIOError:
            time.sleep(0.02)
        if not ready and time.time() - started_at > args.timeout_start_sec:
            emit("start-timeout", pid=child.pid)
            kill(child, signal.SIGTERM)
        elif ready and time.time() - last_ping > args.watchdog_sec:
            emit("watchdog-timeout", pid=child.pid, silent_sec=round(time.time() - last_ping, 2))
            kill(child, signal.SIGABRT)
    if stopping:
        break
    code = child.wait()
    emit("exited", pid=child.pid, code=code if code >= 0 else None, signal=-code if code < 0 else None)
    time.sleep(args.restart_sec)

if child is not None and child.poll() is None:
    kill(child, signal.SIGTERM)
    emit("exited", pid=child.pid, code=child.returncode)
sock.close()
os.unlink(sock_path)
os.rmdir(sock_dir)

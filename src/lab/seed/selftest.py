"""Offline self-test of the seed contestants under AWS's Runtime Interface Emulator.

Run it with the seed venv's python (it decodes OTLP with that venv's opentelemetry-proto):

    VENV_PY=$(./install.sh /tmp/seed-venv)
    "$VENV_PY" selftest.py --mode seed-adot --invocations 20 --collector-delay-ms 10

For each mode it starts `aws-lambda-rie` on 127.0.0.1 with the contestant as its bootstrap,
invokes the function once cold and N times warm, and reports client-side round trips, RIE's
REPORT durations, and the runtime process's VmHWM/VmRSS. For seed-adot it runs a fake
collector (POST /v1/traces, answers 200 with an empty protobuf body after a delay) and checks
that each invocation's span arrived, and was answered, before the invocation returned
(force_flush). For seed-adot-udp it listens on UDP and decodes each datagram
(JSON header line, T1S/T1U prefix, base64 OTLP). Exit status 0 only if every check passed.
"""

import argparse
import base64
import http.client
import http.server
import json
import os
import re
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

SEED_DIR = os.path.dirname(os.path.abspath(__file__))
MODES = ("seed-adot", "seed-adot-udp", "seed-baseline")


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def decode_request(raw):
    req = ExportTraceServiceRequest()
    req.ParseFromString(raw)
    spans = []
    resource = {}
    for rs in req.resource_spans:
        resource = {a.key: getattr(a.value, a.value.WhichOneof("value")) for a in rs.resource.attributes}
        for ss in rs.scope_spans:
            for sp in ss.spans:
                attrs = {a.key: getattr(a.value, a.value.WhichOneof("value")) for a in sp.attributes}
                spans.append({"name": sp.name, "trace_id": sp.trace_id.hex(), "kind": sp.kind,
                              "invocation_id": attrs.get("faas.invocation_id"),
                              "scope": ss.scope.name, "attrs": attrs})
    return spans, resource


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.exports = []  # dicts: received, answered, spans, resource, extra

    def add(self, **kw):
        with self.lock:
            self.exports.append(kw)

    def snapshot(self):
        with self.lock:
            return list(self.exports)


def start_collector(recorder, delay_s):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_POST(self):
            received = time.monotonic()
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            ok = self.path == "/v1/traces" and self.headers.get("Content-Type") == "application/x-protobuf"
            spans, resource = decode_request(body) if ok else ([], {})
            time.sleep(delay_s)
            payload = ExportTraceServiceResponse().SerializeToString() if ok else b"not found"
            status = b"200 OK" if ok else b"404 Not Found"
            # One write, with TCP_NODELAY: headers and body in separate small writes cost ~40 ms.
            self.wfile.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: application/x-protobuf\r\n"
                             b"Content-Length: " + str(len(payload)).encode() + b"\r\n\r\n" + payload)
            self.wfile.flush()
            recorder.add(received=received, answered=time.monotonic(), spans=spans, resource=resource,
                         extra={"path": self.path, "content_type": self.headers.get("Content-Type"),
                                "bytes": len(body), "user_agent": self.headers.get("User-Agent")})

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_udp_listener(recorder):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    # The kernel's receive time, not this thread's: a datagram can sit in the socket buffer
    # until this thread next runs, after the invocation it belongs to has returned.
    so_timestampns = getattr(socket, "SO_TIMESTAMPNS", 35)
    sock.setsockopt(socket.SOL_SOCKET, so_timestampns, 1)

    def loop():
        while True:
            try:
                data, ancdata, _, _ = sock.recvmsg(65536, socket.CMSG_SPACE(16))
            except OSError:
                return
            received = time.monotonic()
            for level, kind, cdata in ancdata:
                if level == socket.SOL_SOCKET and kind == so_timestampns:
                    sec, nsec = struct.unpack("qq", cdata[:16])
                    received -= time.time() - (sec + nsec / 1e9)
            header, _, rest = data.partition(b"\n")
            prefix, payload = rest[:3], rest[3:]
            spans, resource = decode_request(base64.b64decode(payload, validate=True))
            recorder.add(received=received, answered=received, spans=spans, resource=resource,
                         extra={"header": header.decode(), "prefix": prefix.decode(), "bytes": len(data),
                                "head": data[:48].decode(errors="replace")})

    threading.Thread(target=loop, daemon=True).start()
    return sock


def proc_status(pid):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS", "Name"):
                    out[key] = value.strip()
    except FileNotFoundError:
        pass
    return out


def children(pid):
    """PIDs whose parent is pid (RIE forks the runtime from any of its threads)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    stat = f.read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def invoke(port, payload=b"{}"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    t0 = time.monotonic()
    conn.request("POST", "/2015-03-31/functions/function/invocations", body=payload,
                 headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    body = resp.read()
    t1 = time.monotonic()
    conn.close()
    return t0, t1, resp.status, body


def run_mode(mode, args):
    recorder = Recorder()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "AWS_"))}
    env.update(SEED_MODE=mode, AWS_LAMBDA_FUNCTION_NAME=args.function_name, AWS_REGION="us-east-1",
               AWS_LAMBDA_FUNCTION_MEMORY_SIZE="512", AWS_LAMBDA_FUNCTION_TIMEOUT="15")
    env.update(kv.split("=", 1) for kv in args.env)
    server = sock = None
    if mode == "seed-adot":
        server = start_collector(recorder, args.collector_delay_ms / 1000.0)
        env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "http://127.0.0.1:%d/v1/traces" % server.server_address[1]
    elif mode == "seed-adot-udp":
        sock = start_udp_listener(recorder)
        env["AWS_XRAY_DAEMON_ADDRESS"] = "127.0.0.1:%d" % sock.getsockname()[1]
    rie_port = free_port()
    runtime_api = "127.0.0.1:%d" % free_port()
    cmd = [args.rie, "--runtime-interface-emulator-address", "127.0.0.1:%d" % rie_port,
           "--runtime-api-address", runtime_api,
           os.path.join(SEED_DIR, "otel-instrument.sh"), args.python, "-m", "awslambdaric", "handler.handler"]
    log_path = os.path.join(args.log_dir, "%s.log" % mode)
    log = open(log_path, "wb")
    rie = subprocess.Popen(cmd, cwd=SEED_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    failures = []
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", rie_port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or rie.poll() is not None:
                    raise RuntimeError("RIE did not start; see " + log_path)
                time.sleep(0.02)
        calls = []
        t0, t1, status, body = invoke(rie_port)
        cold = (t0, t1, status, body)
        if status != 200 or json.loads(body) != {"statusCode": 200}:
            failures.append("cold invoke answered %s %r" % (status, body[:200]))
        runtime_pids = children(rie.pid)
        for _ in range(args.invocations):
            calls.append(invoke(rie_port))
        extra_calls = []
        if mode == "seed-adot-udp":
            # An API Gateway-style event whose trace header says Sampled=0: with Application
            # Signals on, the distro still sends the span, as T1U.
            ev = {"headers": {"X-Amzn-Trace-Id": "Root=1-5759e988-bd862e3fe1be46a994272793;"
                                                 "Parent=53995c3f42cd8ad8;Sampled=0"}}
            extra_calls.append(invoke(rie_port, json.dumps(ev).encode()))
        time.sleep(0.3)
        status_by_pid = {pid: proc_status(pid) for pid in runtime_pids}
    finally:
        rie.terminate()
        try:
            rie.wait(5)
        except subprocess.TimeoutExpired:
            rie.kill()
            rie.wait()
        log.close()
        if server:
            server.shutdown()
        if sock:
            sock.close()

    for c in calls + extra_calls:
        if c[2] != 200 or json.loads(c[3]) != {"statusCode": 200}:
            failures.append("invoke answered %s %r" % (c[2], c[3][:200]))
    with open(log_path, errors="replace") as f:
        rie_log = f.read()
    durations = [float(x) for x in re.findall(r"REPORT RequestId: \S+\s+(?:Init Duration: [\d.]+ ms\s+)?"
                                              r"Duration: ([\d.]+) ms", rie_log)]
    # RIE's own "Init Duration" in REPORT is not the runtime's start-up; its rapid log has that.
    init = re.findall(r"INIT REPORT\(durationMs: ([\d.]+)\)", rie_log)
    for marker in ("Traceback", "Failed to", "Error exporting", "Exception"):
        if marker in rie_log:
            failures.append("runtime log has %r (see %s)" % (marker, log_path))

    exports = recorder.snapshot()
    all_calls = [cold] + calls
    report = {"mode": mode, "runtime": status_by_pid, "exports": len(exports),
              "spans": sum(len(e["spans"]) for e in exports)}
    rt = [(c[1] - c[0]) * 1000 for c in calls]
    report["cold_roundtrip_ms"] = round((cold[1] - cold[0]) * 1000, 1)
    report["init_duration_ms"] = init[0] if init else None
    report["warm_roundtrip_ms"] = {"n": len(rt), "median": round(statistics.median(rt), 2),
                                   "mean": round(statistics.mean(rt), 2), "min": round(min(rt), 2),
                                   "max": round(max(rt), 2)}
    warm_d = durations[1:1 + len(calls)]
    if warm_d:
        report["warm_rie_duration_ms"] = {"median": round(statistics.median(warm_d), 2),
                                          "mean": round(statistics.mean(warm_d), 2),
                                          "min": min(warm_d), "max": max(warm_d)}

    if mode == "seed-baseline":
        if exports:
            failures.append("baseline exported %d payloads" % len(exports))
    else:
        # Every invocation's span must have been received (and, over HTTP, answered) while
        # that invocation was still open.
        for i, (t0, t1, _, _) in enumerate(all_calls):
            inside = [e for e in exports if t0 <= e["received"] and e["answered"] <= t1 and e["spans"]]
            if not inside:
                failures.append("invocation %d: no span export completed before it returned" % i)
        ids = [s["invocation_id"] for e in exports for s in e["spans"]]
        if len(set(ids)) != len(all_calls) + len(extra_calls):
            failures.append("expected %d distinct invocation spans, got %d"
                            % (len(all_calls) + len(extra_calls), len(set(ids))))
        if exports:
            first = exports[0]
            report["first_export"] = {"extra": first["extra"], "resource": first["resource"],
                                      "span": {k: v for k, v in first["spans"][0].items()}}
        if mode == "seed-adot":
            lag = [(e["answered"] - e["received"]) * 1000 for e in exports]
            report["collector_hold_ms"] = round(statistics.median(lag), 2)
        if mode == "seed-adot-udp":
            prefixes = sorted({e["extra"]["prefix"] for e in exports})
            headers = sorted({e["extra"]["header"] for e in exports})
            report["udp"] = {"headers": headers, "prefixes": prefixes,
                             "last": exports[-1]["extra"] if exports else None}
            if headers != ['{"format":"json","version":1}']:
                failures.append("unexpected UDP header lines %r" % headers)
            unsampled = [s for e in exports if e["extra"]["prefix"] == "T1U" for s in e["spans"]]
            if [s["trace_id"] for s in unsampled] != ["5759e988bd862e3fe1be46a994272793"]:
                failures.append("the Sampled=0 event's span should be the one T1U span, in its trace; got %r"
                                % [s["trace_id"] for s in unsampled])
            if "T1S" not in prefixes or "T1U" not in prefixes:
                failures.append("expected both T1S and T1U datagrams, got %r" % prefixes)
    report["failures"] = failures
    return report


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=MODES + ("all",), default="all")
    ap.add_argument("--invocations", type=int, default=20)
    ap.add_argument("--collector-delay-ms", type=float, default=10.0)
    ap.add_argument("--rie", default=os.path.expanduser("~/go/bin/aws-lambda-rie"))
    ap.add_argument("--python", default=sys.executable, help="the seed venv's python (default: this one)")
    ap.add_argument("--function-name", default="seed-function")
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                    help="extra environment for the runtime (repeatable), e.g. "
                         "OTEL_INSTRUMENTATION_AWS_LAMBDA_FLUSH_TIMEOUT=5")
    ap.add_argument("--log-dir", default=os.environ.get("TMPDIR", "/tmp"))
    args = ap.parse_args()
    modes = MODES if args.mode == "all" else (args.mode,)
    ok = True
    for mode in modes:
        report = run_mode(mode, args)
        print(json.dumps(report, indent=2, default=str))
        ok = ok and not report["failures"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

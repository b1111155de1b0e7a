#!/usr/bin/python3
"""What the lab's static ARM cannot do, behind the lab's nginx (which keeps TLS, the token and api-version checks):
Azure Resource Graph queries paged with $skipToken, answers that change from one request to the next
(429 with Retry-After, then the resource), list pages joined by absolute nextLink URLs, and any fixed
status and body (403, malformed JSON). Python standard library only (Debian's python3).

Usage: arm-emulator.py <config.json>. The config is written by ArmEmulator.ps1:
  listen     "127.0.0.1:8082"
  responses  {path: [{status, headers, body, times}]}   each entry is served `times` times (default 1), the last one for ever,
                                                        to GET and POST alike; "{host}" in a header is the request's Host;
                                                        {hang: true} holds the request open and never answers
                                                        an entry with apiVersion answers only that api-version, for ever
  pages      {path: [page body, ...]}                    ?$skipToken=<n> selects page n; every page but the last gets a nextLink
  graph      {rows: [...], pageSize: n}                  POST /providers/Microsoft.ResourceGraph/resources
Paths are matched case-insensitively, as ARM does.
"""
import base64
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

GRAPH_PATH = "/providers/microsoft.resourcegraph/resources"

with open(sys.argv[1], encoding="utf-8") as config_file:
    CONFIG = json.load(config_file)
RESPONSES = {path.lower(): [e for e in entries if "apiVersion" not in e] for path, entries in CONFIG.get("responses", {}).items()}
VERSIONED = {path.lower(): {e["apiVersion"]: e for e in entries if "apiVersion" in e} for path, entries in CONFIG.get("responses", {}).items()}
PAGES = {path.lower(): pages for path, pages in CONFIG.get("pages", {}).items()}
GRAPH = CONFIG.get("graph", {"rows": [], "pageSize": 1000})
LOCK = threading.Lock()


def arm_error(status, code, message):
    return status, {}, json.dumps({"error": {"code": code, "message": message}})


def next_response(path, api_version):
    if api_version in VERSIONED[path]:
        entry = VERSIONED[path][api_version]
        return entry["status"], entry.get("headers", {}), entry["body"]
    with LOCK:
        entries = RESPONSES[path]
        entry = entries[0]
        if len(entries) > 1:
            entry["served"] = entry.get("served", 0) + 1
            if entry["served"] >= entry.get("times", 1):
                entries.pop(0)
    if entry.get("hang"):
        # A server that accepted the request and went silent: only the client can end the wait.
        threading.Event().wait()
    return entry["status"], entry.get("headers", {}), entry["body"]


def page_response(handler, path, query):
    pages = PAGES[path]
    token = query.get("$skipToken", ["0"])[0]
    if not token.isdigit() or int(token) >= len(pages):
        return arm_error(400, "InvalidSkipToken", f"The $skipToken '{token}' is not valid.")
    index = int(token)
    page = json.loads(pages[index])
    if index + 1 < len(pages):
        api_version = quote(query.get("api-version", [""])[0])
        page["nextLink"] = f"https://{handler.headers['Host']}{urlsplit(handler.path).path}?api-version={api_version}&$skipToken={index + 1}"
    return 200, {}, json.dumps(page)


def graph_response(body):
    # Resource Graph runs KQL; the lab honours the filters the module sends (name, resource group,
    # subscriptions) and answers every registry query with the registry rows it holds.
    try:
        request = json.loads(body or b"{}")
        query = request["query"]
    except (ValueError, KeyError, TypeError):
        return arm_error(400, "BadRequest", "Please provide a valid query.")
    rows = GRAPH["rows"]
    if "microsoft.containerregistry/registries" not in query.lower():
        rows = []
    for field, key in (("name", "name"), ("resourceGroup", "resourceGroup")):
        match = re.search(field + r"\s*=~\s*'([^']*)'", query)
        if match:
            rows = [row for row in rows if row.get(key, "").lower() == match.group(1).lower()]
    subscriptions = [s.lower() for s in request.get("subscriptions") or []]
    if subscriptions:
        rows = [row for row in rows if row["subscriptionId"].lower() in subscriptions]
    options = request.get("options") or {}
    try:
        offset = int(base64.b64decode(options["$skipToken"]).decode()) if options.get("$skipToken") else 0
    except (ValueError, UnicodeDecodeError):
        return arm_error(400, "BadRequest", "The $skipToken is not valid.")
    size = min(int(options.get("$top") or 100), int(GRAPH.get("pageSize", 1000)))
    data = rows[offset:offset + size]
    if re.search(r"\|\s*project\s+id\s*$", query.strip()):
        data = [{"id": row["id"]} for row in data]
    answer = {"totalRecords": len(rows), "count": len(data), "data": data, "facets": [], "resultTruncated": "false"}
    if offset + size < len(rows):
        answer["$skipToken"] = base64.b64encode(str(offset + size).encode()).decode()
    return 200, {}, json.dumps(answer)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, method):
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/").lower()
        query = parse_qs(parts.query)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if method == "POST" and path == GRAPH_PATH:
            status, headers, text = graph_response(body)
        elif path in RESPONSES:
            status, headers, text = next_response(path, query.get("api-version", [""])[0])
            headers = {name: value.replace("{host}", self.headers.get("Host", "")) for name, value in headers.items()}
        elif method == "GET" and path in PAGES:
            status, headers, text = page_response(self, path, query)
        else:
            status, headers, text = arm_error(404, "NotFound", "The requested path was not found.")
        payload = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        self.answer("GET")

    def do_POST(self):
        self.answer("POST")

    def log_message(self, format, *args):
        sys.stdout.write("%s\n" % (format % args))
        sys.stdout.flush()


host, port = CONFIG["listen"].rsplit(":", 1)
server = ThreadingHTTPServer((host, int(port)), Handler)
server.daemon_threads = True
server.serve_forever()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates tests/data/har/sandbox-session.har: a recording reverse proxy in front of a running
# tokendesk-sandbox. Point `tokendesk-cli call|flow --base-url http://127.0.0.1:PORT` at it, then
# stop it (Ctrl-C or SIGTERM): it writes every exchange it relayed, bytes as they were, as a HAR 1.2
# file shaped like a browser's export, with the page loads a browser adds around API calls
# (an HTML page, a script, a PNG as base64, a 404 favicon). Only for making test data; the tests
# read the committed file. Usage: har-capture.py LISTEN_PORT SANDBOX_URL OUT.har
import base64, datetime, http.client, http.server, json, signal, sys, urllib.parse

listen_port, upstream, out_path = int(sys.argv[1]), urllib.parse.urlsplit(sys.argv[2]), sys.argv[3]
entries = []

def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")

def har_headers(pairs):
    return [{"name": k, "value": v} for k, v in pairs]

def content(body, mime):
    try:
        return {"size": len(body), "mimeType": mime, "text": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"size": len(body), "mimeType": mime, "text": base64.b64encode(body).decode(), "encoding": "base64"}

class Relay(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def relay(self):
        started = now()
        body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
        conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
        conn.request(self.command, self.path, body=body or None, headers=headers)
        reply = conn.getresponse()
        answer = reply.read()
        url = "http://%s%s" % (self.headers.get("Host", "127.0.0.1:%d" % listen_port), self.path)
        entry = {
            "startedDateTime": started, "time": 3,
            "request": {"method": self.command, "url": url, "httpVersion": "HTTP/1.1",
                        "headers": har_headers(self.headers.items()), "cookies": [],
                        "queryString": [{"name": k, "value": v} for k, v in urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query)],
                        "headersSize": -1, "bodySize": len(body)},
            "response": {"status": reply.status, "statusText": reply.reason, "httpVersion": "HTTP/1.1",
                         "headers": har_headers(reply.getheaders()), "cookies": [],
                         "content": content(answer, reply.getheader("Content-Type", "")),
                         "redirectURL": "", "headersSize": -1, "bodySize": len(answer)},
            "cache": {}, "timings": {"send": 0, "wait": 3, "receive": 0}, "serverIPAddress": "127.0.0.1",
            "_initiator": {"type": "script"}, "_resourceType": "fetch", "pageref": "page_1"}
        if body:
            entry["request"]["postData"] = {"mimeType": self.headers.get("Content-Type", ""), "text": body.decode("utf-8")}
        entries.append(entry)
        self.send_response(reply.status, reply.reason)
        for k, v in reply.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
    do_GET = do_POST = do_PUT = do_DELETE = relay

def page_entry(url, status, mime, body, resource):
    return {"startedDateTime": now(), "time": 1, "pageref": "page_1", "_resourceType": resource,
            "request": {"method": "GET", "url": url, "httpVersion": "HTTP/1.1", "cookies": [], "queryString": [],
                        "headers": [{"name": "Accept", "value": "*/*"}, {"name": "User-Agent", "value": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}],
                        "headersSize": -1, "bodySize": 0},
            "response": {"status": status, "statusText": "OK" if status == 200 else "Not Found", "httpVersion": "HTTP/1.1",
                         "cookies": [], "headers": [{"name": "Content-Type", "value": mime}], "content": content(body, mime),
                         "redirectURL": "", "headersSize": -1, "bodySize": len(body)},
            "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}

def write(*_):
    base = "http://127.0.0.1:%d" % listen_port
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    pages = [page_entry(base + "/portal/", 200, "text/html", b"<!doctype html><title>Partner portal</title><script src=app.js></script>", "document"),
             page_entry(base + "/portal/app.js", 200, "application/javascript", b"fetch('/token-service/new/v2/token',{method:'POST'});", "script"),
             page_entry(base + "/portal/logo.png", 200, "image/png", png, "image"),
             page_entry(base + "/favicon.ico", 404, "text/html", b"<h1>Not Found</h1>", "other")]
    log = {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "128.0"},
                   "browser": {"name": "Firefox", "version": "128.0"},
                   "pages": [{"startedDateTime": pages[0]["startedDateTime"], "id": "page_1", "title": "Partner portal",
                              "pageTimings": {"onContentLoad": 12, "onLoad": 20}}],
                   "entries": pages[:2] + entries[:1] + pages[2:3] + entries[1:] + pages[3:]}}
    with open(out_path, "w") as f:
        json.dump(log, f, indent=2)
        f.write("\n")
    sys.exit(0)

signal.signal(signal.SIGTERM, write)
signal.signal(signal.SIGINT, write)
http.server.ThreadingHTTPServer(("127.0.0.1", listen_port), Relay).serve_forever()

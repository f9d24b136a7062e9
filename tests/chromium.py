"""Headless Chromium driven over its DevTools protocol, through a pipe: no port, no extra package.

Chromium started with ``--remote-debugging-pipe`` reads JSON commands, each ended by a NUL byte, from
file descriptor 3 and writes replies and events to descriptor 4 (the transport Puppeteer and Playwright
use). ``Browser.inspect(url)`` loads one page and reports what a reader's browser would see: console
errors, every request and whether it stayed on this machine, every image decoded or not, and which font
drew each piece of Chinese text (``CSS.getPlatformFontsForNode``: the fonts really used, not the CSS asked for).

    python tests/chromium.py build/site --shots /tmp/shots     # inspect every page, save screenshots
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

#: Debian's package installs ``chromium``; other systems name it differently.
EXECUTABLES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Schemes a page may load from without anything leaving the machine.
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"

# Runs in the page once it and its fonts have loaded: images decoded, web fonts, and CJK text probes.
# Each visible element with Chinese in its own text is marked with data-wh-cjk (index) for the font check.
PAGE_CHECK = """
(async () => {
  await document.fonts.ready;
  const images = await Promise.all([...document.images].map(async (img) => {
    let decoded = true;
    try { await img.decode(); } catch (e) { decoded = false; }
    return {src: img.currentSrc.slice(0, 60), decoded, width: img.naturalWidth, shown: img.clientWidth};
  }));
  const cjk = new RegExp("%CJK%", "g");
  const probes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    // only what is drawn: not inside a closed <details> (content-visibility) nor hidden
    if (!el || seen.has(el) || !el.checkVisibility({visibilityProperty: true})) continue;
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join("");
    if (!cjk.test(own)) continue;
    cjk.lastIndex = 0;
    const n = (el.textContent.match(cjk) || []).length;  // in the subtree: the font report covers it too
    seen.add(el);
    el.setAttribute("data-wh-cjk", String(probes.length));
    probes.push({tag: el.tagName.toLowerCase(), cjk: n, code: !!el.closest("pre, code"),
                 text: own.trim().slice(0, 40)});
  }
  const faces = [...document.fonts].map(f => ({family: f.family, status: f.status}));
  const links = [...document.querySelectorAll("a[href]")].map(a => a.href.split("#")[0]);
  // as the browser finds a fragment's target: the id as written, else the id percent-decoded
  const missing_anchors = [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute("href").slice(1))
    .filter(id => !document.getElementById(id) && !document.getElementById(decodeURIComponent(id)));
  return {images, probes, faces, links, missing_anchors, title: document.title,
          height: document.documentElement.scrollHeight};
})()
""".replace("%CJK%", CJK.replace("\\", "\\\\"))


class BrowserError(RuntimeError):
    """Chromium could not be started or stopped answering."""


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable on PATH, or None."""
    return next((p for p in map(shutil.which, EXECUTABLES) if p), None)


@dataclass
class PageReport:
    """What one page did in the browser."""

    url: str
    title: str = ""
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    faces: list[dict] = field(default_factory=list)
    probes: list[dict] = field(default_factory=list)  # each with "fonts": [PlatformFontUsage, …]
    links: list[str] = field(default_factory=list)
    missing_anchors: list[str] = field(default_factory=list)
    height: int = 0
    seconds: float = 0.0

    @property
    def external_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]


class Browser:
    """One headless Chromium for a series of pages; use as a context manager."""

    def __init__(self, executable: str, width: int = 1280, height: int = 900, timeout: float = 60.0):
        self.timeout = timeout
        self.size = (width, height)
        self._profile = tempfile.mkdtemp(prefix="wh-chromium-")
        self._next_id = 0
        self._replies: dict[int, dict] = {}
        self._events: list[dict] = []
        self._inbox: queue.Queue = queue.Queue()
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        args = [executable, "--headless", "--remote-debugging-pipe", f"--user-data-dir={self._profile}",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
                "--disable-gpu", "--mute-audio", "--hide-scrollbars", "--force-color-profile=srgb",
                # nothing can leave the machine even if a page asked: every host name fails to resolve
                "--host-resolver-rules=MAP * ~NOTFOUND", f"--window-size={width},{height}", "about:blank"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run its sandbox as root (CI runs as root)

        def child_fds() -> None:  # in the child: the pipe ends become descriptors 3 and 4
            read_end = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self._proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=child_fds)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.version = self.call("Browser.getVersion")["product"]

    # --- the protocol ---------------------------------------------------------------------------
    def _read(self) -> None:
        buf = b""
        while chunk := os.read(self._from_browser, 1 << 16):
            buf += chunk
            *messages, buf = buf.split(b"\0")
            for m in messages:
                self._inbox.put(json.loads(m))
        self._inbox.put(None)

    def _pump(self, deadline: float) -> None:
        try:
            msg = self._inbox.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            return
        if msg is None:
            raise BrowserError("Chromium closed its DevTools pipe (it crashed or could not start)")
        if "id" in msg:
            self._replies[msg["id"]] = msg
        else:
            self._events.append(msg)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send one command and wait for its reply (events that arrive meanwhile are kept)."""
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_browser, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while self._next_id not in self._replies:
            if time.monotonic() > deadline:
                raise BrowserError(f"no reply to {method} within {self.timeout:.0f} s")
            self._pump(deadline)
        reply = self._replies.pop(self._next_id)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def wait_for(self, method: str, session: str) -> None:
        deadline = time.monotonic() + self.timeout
        while not any(e["method"] == method and e.get("sessionId") == session for e in self._events):
            if time.monotonic() > deadline:
                raise BrowserError(f"{method} did not come within {self.timeout:.0f} s")
            self._pump(deadline)

    # --- pages ----------------------------------------------------------------------------------
    def inspect(self, url: str, screenshots: dict[Path, str | None] | None = None) -> PageReport:
        """Load ``url`` in a new tab and report what it did.

        ``screenshots`` maps a PNG path to the CSS selector to scroll into view first (None: the top).
        """
        started = time.monotonic()
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            for domain in ("Page", "Runtime", "Log", "Network", "DOM", "CSS"):
                self.call(f"{domain}.enable", session=session)
            width, height = self.size
            self.call("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
            self.call("Page.navigate", {"url": url}, session)
            self.wait_for("Page.loadEventFired", session)
            found = self.call("Runtime.evaluate", {"expression": PAGE_CHECK, "awaitPromise": True,
                                                   "returnByValue": True}, session)
            if "exceptionDetails" in found:
                raise BrowserError(f"the page check failed on {url}: {found['exceptionDetails']}")
            report = PageReport(url=url, **{k: v for k, v in found["result"]["value"].items()})
            self._fonts_used(report, session)
            for path, selector in (screenshots or {}).items():
                self.screenshot(session, path, selector)
            self._collect_events(report, session)
        finally:
            self.call("Target.closeTarget", {"targetId": target})
        report.seconds = time.monotonic() - started
        return report

    def _fonts_used(self, report: PageReport, session: str) -> None:
        root = self.call("DOM.getDocument", {"depth": 0}, session)["root"]["nodeId"]
        nodes = self.call("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-wh-cjk]"}, session)["nodeIds"]
        for node in nodes:
            index = self.call("DOM.getAttributes", {"nodeId": node}, session)["attributes"]
            probe = report.probes[int(dict(zip(index[::2], index[1::2]))["data-wh-cjk"])]
            probe["fonts"] = self.call("CSS.getPlatformFontsForNode", {"nodeId": node}, session)["fonts"]

    def _collect_events(self, report: PageReport, session: str) -> None:
        mine = [e for e in self._events if e.get("sessionId") == session]
        self._events = [e for e in self._events if e.get("sessionId") != session]
        for e in mine:
            p = e.get("params", {})
            if e["method"] == "Network.requestWillBeSent":
                report.requests.append(p["request"]["url"])
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                report.console_errors.append(" ".join(str(a.get("value", a.get("description", "")))
                                                      for a in p.get("args", [])))
            elif e["method"] == "Runtime.exceptionThrown":
                report.console_errors.append(p["exceptionDetails"].get("text", "exception"))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
                report.console_errors.append(f"{p['entry'].get('text')} ({p['entry'].get('url', '')})")

    def screenshot(self, session: str, path: Path, scroll_to: str | None = None) -> bool:
        """Save the viewport as PNG, after scrolling ``scroll_to`` (a CSS selector) into view.

        Returns False, saving nothing, when the page has no element ``scroll_to`` selects.
        """
        where = json.dumps(scroll_to or "body")
        found = self.call("Runtime.evaluate", {"expression": f"(e => e ? (e.scrollIntoView({{block: 'start'}}), true)"
                                               f" : false)(document.querySelector({where}))",
                                               "returnByValue": True}, session)["result"]["value"]
        if found:
            data = self.call("Page.captureScreenshot", {"format": "png"}, session)["data"]
            path.write_bytes(base64.b64decode(data))
        return found

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except BrowserError:
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._to_browser)
        self._reader.join(timeout=5)  # it ends at the pipe's end of file, once Chromium has exited
        if not self._reader.is_alive():
            os.close(self._from_browser)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def main(argv: list[str]) -> int:
    """Inspect every page of a built site; with --shots DIR, save a screenshot of each page's top."""
    site = Path(argv[0]).resolve()
    shots = Path(argv[argv.index("--shots") + 1]) if "--shots" in argv else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    exe = find_chromium()
    if exe is None:
        print("error: no Chromium on PATH (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    with Browser(exe) as browser:
        for page in sorted(site.glob("*.html")):
            views = {"top": None, "chart": ".jp-RenderedImage", "table": ".dataframe",
                     "solution": ".wh-solution", "end": ".wh-pager-bottom", "tables": ".wh-tables"}
            wanted = {shots / f"{page.stem}-{k}.png": v for k, v in views.items()} if shots else None
            r = browser.inspect(page.as_uri(), wanted)
            fonts = {f["familyName"] for p in r.probes for f in p.get("fonts", [])}
            print(f"{page.name}: {r.seconds:.1f} s, {len(r.images)} images, {len(r.probes)} CJK probes, "
                  f"fonts {sorted(fonts)}, errors {r.console_errors}, external {r.external_requests}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

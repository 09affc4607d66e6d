"""The checks themselves, as plain functions over a Playwright page, HTML text or a URL, so that
the same function judges the portal's pages and the planted-flaw pages of
test_planted_flaws.py. None of them knows the portal: they are the tools' verdicts, reduced to
a list of problems (empty: the page passes).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

REPOSITORY = Path(__file__).resolve().parents[2]
NODE_MODULES = REPOSITORY / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() == "true"
SERIOUS = frozenset({"serious", "critical"})
NPM_INSTALL = "run `make quality`, which installs the tools package-lock.json pins."

# axe-core comes pinned inside the pip package axe-playwright-python (requirements-dev.txt).
AXE = Axe()


def require(condition: bool, message: str) -> None:
    """Skip loudly where a tool is missing; under CI (CI=true) fail, so a green CI ran it."""
    if condition:
        return
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def require_java() -> str:
    java = shutil.which("java")
    require(java is not None, "No java on PATH: install a JRE (apt-get install default-jre).")
    return java


def require_node_tool(path: Path) -> str:
    node = shutil.which("node")
    require(node is not None, "No node on PATH: install Node.js (apt-get install nodejs npm).")
    require(path.exists(), f"No {path.relative_to(REPOSITORY)}: {NPM_INSTALL}")
    return node


# --- axe-core ------------------------------------------------------------------------------------


def axe_violations(page: Page, excused: tuple[tuple[frozenset[str], str], ...] = ()) -> list[str]:
    """axe-core's violations of impact serious or critical on the page as it stands now.

    `excused` holds (rule ids, CSS selector) pairs: a violating element inside an element that
    matches the selector is left out for those rules (for markup the portal does not write).
    """
    results = AXE.run(page).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        selectors = [selector for rules, selector in excused if violation["id"] in rules]
        targets = [
            " ".join(node["target"])
            for node in violation["nodes"]
            if not (selectors and _inside_any(page, node["target"], selectors))
        ]
        if targets:
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} at "
                + ", ".join(targets[:5])
            )
    return found


def _inside_any(page: Page, target: list[str], selectors: list[str]) -> bool:
    if len(target) != 1:  # inside a frame: never excused
        return False
    return page.evaluate(
        """([target, selectors]) => {
            const element = document.querySelector(target);
            return !!element && selectors.some(selector => element.closest(selector));
        }""",
        [target[0], selectors],
    )


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page scrolls sideways (a phone should never need to)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


# --- Keyboard focus ------------------------------------------------------------------------------


def focus_indicator(page: Page) -> str:
    """How the focused element shows its focus ('' when it does not): an outline or a box shadow
    that :focus-visible (or :focus) draws, read from the computed style."""
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            if (!element || element === document.body) return "";
            const style = getComputedStyle(element);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1;
            if (outline) return `outline ${style.outlineWidth} ${style.outlineStyle}`;
            const shadow = style.boxShadow;
            if (shadow && shadow !== "none") return `box-shadow ${shadow}`;
            return "";
        }"""
    )


def described_errors(page: Page) -> list[str]:
    """Invalid fields of the page's forms whose error message is not linked to them: each
    field marked invalid must name, in aria-describedby, an element that holds text (a radio
    button may leave that to the fieldset or group around it)."""
    return page.evaluate(
        """() => {
            const described = element => (element?.getAttribute("aria-describedby") || "")
                .split(/\\s+/)
                .some(id => id && (document.getElementById(id)?.textContent || "").trim());
            return Array.from(document.querySelectorAll(
                    "main [aria-invalid='true'], main .is-invalid"))
                .filter(field => ["INPUT", "SELECT", "TEXTAREA"].includes(field.tagName))
                .filter(field => !described(field) && !(field.type === "radio"
                    && described(field.closest("fieldset, [role=group], [role=radiogroup]"))))
                .map(field => field.name || field.id);
        }"""
    )


# --- The Nu HTML Checker -------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlError:
    document: str
    line: int
    message: str
    extract: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message} [{self.extract.strip()[:120]}]"


def vnu_errors(documents: dict[str, str]) -> dict[str, list[HtmlError]]:
    """The checker's errors in each document (name -> HTML), all checked in one JVM."""
    java = require_java()
    require(VNU_JAR.exists(), f"No {VNU_JAR.relative_to(REPOSITORY)}: {NPM_INSTALL}")
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{index:04d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        finished = subprocess.run(
            [java, "-Xss2m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", folder],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    try:
        messages = json.loads(finished.stderr or finished.stdout)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu gave no report: {finished.stderr[-2000:]}") from None
    found: dict[str, list[HtmlError]] = {}
    for message in messages:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        # vnu names the file as file:/tmp/...; the file name is enough to tell them apart.
        url = message.get("url", "")
        name = names.get(url.rsplit("/", 1)[-1], url or "?")
        found.setdefault(name, []).append(
            HtmlError(
                document=name,
                line=message.get("lastLine", 0),
                message=message.get("message", ""),
                extract=message.get("extract", ""),
            )
        )
    return found


# --- Lighthouse ----------------------------------------------------------------------------------

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The thresholds, in Lighthouse's 0-100 scale.
MINIMUM_SCORES = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 95}


@dataclass(frozen=True)
class LighthouseReport:
    url: str
    scores: dict[str, int]
    # The audits that cost points, for the failure message: id -> title.
    failed_audits: dict[str, dict[str, str]]

    def shortfalls(self) -> list[str]:
        return [
            f"{category} {self.scores.get(category)} < {minimum}"
            for category, minimum in MINIMUM_SCORES.items()
            if self.scores.get(category) is None or self.scores[category] < minimum
        ]


# A trace Lighthouse failed to record (NO_NAVSTART and the like) comes with its own advice to
# run it again; a page that fails that way every time fails the check.
LIGHTHOUSE_ATTEMPTS = 3


def lighthouse(urls: list[str], folder: Path) -> dict[str, LighthouseReport]:
    """Lighthouse's default mobile run (an emulated phone, simulated slow 4G and a 4x slower
    CPU) on each URL, one after the other in one Debian Chromium (lighthouse.mjs); the full
    JSON reports are kept in `folder` as 0.json, 1.json, ... in the order of `urls`."""
    node = require_node_tool(LIGHTHOUSE)
    require(CHROMIUM.exists(), f"No Chromium at {CHROMIUM}: install Debian's chromium.")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    pending = list(range(len(urls)))
    for attempt in range(LIGHTHOUSE_ATTEMPTS):
        run_folder = folder / f"attempt-{attempt}"
        _run_lighthouse(node, [urls[index] for index in pending], run_folder)
        for position, index in enumerate(pending):
            (run_folder / f"{position}.json").replace(folder / f"{index}.json")
        pending = [index for index in pending if _runtime_error(folder / f"{index}.json")]
        if not pending:
            break
    return {url: _read_report(url, folder / f"{index}.json") for index, url in enumerate(urls)}


def _run_lighthouse(node: str, urls: list[str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    finished = subprocess.run(
        [node, str(Path(__file__).with_name("lighthouse.mjs")), str(folder), *urls],
        cwd=REPOSITORY,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        capture_output=True,
        text=True,
        timeout=120 + 60 * len(urls),
        check=False,
    )
    if finished.returncode != 0:
        raise AssertionError(f"Lighthouse failed: {finished.stderr[-3000:]}")


def _runtime_error(path: Path):
    return json.loads(path.read_text(encoding="utf-8")).get("runtimeError")


def _read_report(url: str, path: Path) -> LighthouseReport:
    report = json.loads(path.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise AssertionError(
            f"Lighthouse could not load {url} in {LIGHTHOUSE_ATTEMPTS} attempts: "
            f"{report['runtimeError']}"
        )
    scores = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        scores[category] = None if score is None else round(100 * score)
    failed = {}
    for category in CATEGORIES:
        for reference in report["categories"][category]["auditRefs"]:
            audit = report["audits"][reference["id"]]
            if reference["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                failed.setdefault(category, {})[audit["id"]] = audit["title"]
    return LighthouseReport(url=url, scores=scores, failed_audits=failed)


# --- Page weight ---------------------------------------------------------------------------------

# What the home page and the directory may transfer on a first visit (compressed bytes).
FIRST_VISIT_BUDGET = 200 * 1024


@dataclass(frozen=True)
class Transfer:
    url: str
    bytes: int
    content_type: str


def first_visit_transfers(page: Page, url: str) -> list[Transfer]:
    """Every response of a first visit (the page's context has an empty cache) with the bytes
    that crossed the network (compressed, headers included), from Chrome's own accounting
    (CDP Network.loadingFinished encodedDataLength); images below the fold that the browser
    loads lazily are counted only if it loads them, which it does not until one scrolls."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    requests: dict[str, dict[str, str]] = {}
    sizes: dict[str, int] = {}
    session.on(
        "Network.responseReceived",
        lambda event: requests.__setitem__(
            event["requestId"],
            {"url": event["response"]["url"], "type": event["response"]["mimeType"]},
        ),
    )
    session.on(
        "Network.loadingFinished",
        lambda event: sizes.__setitem__(event["requestId"], int(event["encodedDataLength"])),
    )
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    session.detach()
    return [
        Transfer(url=requests[key]["url"], bytes=size, content_type=requests[key]["type"])
        for key, size in sizes.items()
        if key in requests
    ]

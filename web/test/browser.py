#!/usr/bin/env python3
"""iep in a real browser: headless Chromium, driven by Selenium, on web/dist served from
127.0.0.1. Run by scripts/test-web, which installs what it needs.

It loads a plan into the page, breaks it and sees the finding at its line, fixes it and sees it
go, downloads the PDF, DOCX, pupil's page and YAML and compares them with the `iep` command's for
the same plan, calls iep.js's check and render directly on every example plan, checks that no
request left the page's origin (also once the page is offline), runs axe-core's WCAG 2.2 AA
rules, measures the timings and saves screenshots at 1280x800 and at 200% zoom.

Usage: browser.py DIST IEP OUT, where IEP is the `iep` command to compare with and OUT the folder
for screenshots, downloads and timings.
"""

import base64
import functools
import http.server
import json
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "plans").glob("*.yaml"))
REALISTIC = sorted((ROOT / "tests" / "realistic").glob("*.yaml"))
# Parents' views in the families' languages, each set in its own script's font.
VIEWS = [
    ("ur", "ہم چاہتے ہیں کہ امارا کلاس میں زیادہ پراعتماد محسوس کرے"),
    ("pa", "ਅਸੀਂ ਚਾਹੁੰਦੇ ਹਾਂ ਕਿ ਅਮਾਰਾ ਕਲਾਸ ਵਿੱਚ ਵਧੇਰੇ ਆਤਮਵਿਸ਼ਵਾਸ ਮਹਿਸੂਸ ਕਰੇ"),
    ("bn", "আমরা চাই আমারা ক্লাসে আরও আত্মবিশ্বাসী বোধ করুক"),
    ("ar", "نريد أن تشعر أمارا بثقة أكبر في الفصل"),
    ("pl", "Chcemy, żeby Amara czuła się pewniej w klasie i chętniej zabierała głos."),
]
# iep.js's render in the page, its bytes as base64 for the test to read.
RENDER_BASE64 = """
    const bytes = iep.render(args[0], args[1]);
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);"""
# Plans that name other files by path (a photo, a group plan). The browser has no files: it says
# at the plan's lines that it cannot read them, where the command line reads them or says why not.
# Plans naming other files: a photo, a group plan, a member's plan.
NAMES_FILES = {"every-field.yaml", "every-field-group.yaml"}
UNREADABLE = "a file cannot be read by its path in the browser"
# The day of every check, so the page and the command line judge by the same day.
TODAY = "2026-12-01"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,800",
]


class Server(http.server.ThreadingHTTPServer):
    """web/dist on 127.0.0.1, on a free port, remembering every path asked for."""

    def __init__(self, folder):
        self.requested = []
        self.folder = folder
        handler = functools.partial(Handler, directory=str(folder))
        super().__init__(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
    }

    def log_message(self, *args):
        self.server.requested.append(self.path)


class Failures:
    def __init__(self):
        self.list = []

    def check(self, ok, what):
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        if not ok:
            self.list.append(what)


def cli(iep, *args, stdin=None):
    return subprocess.run([iep, *args], capture_output=True, input=stdin, check=False)


def cli_findings(iep, path, *flags):
    """`iep check --format json` for one plan, as the page's plain objects."""
    run = cli(iep, "check", "--format", "json", "--today", TODAY, *flags, str(path))
    (result,) = json.loads(run.stdout)
    return [
        {
            "code": d["code"],
            "severity": d["severity"],
            "message": d["message"],
            "hint": d.get("hint"),
            "line": d.get("place", {}).get("line"),
            "column": d.get("place", {}).get("column"),
            "field": d.get("field"),
            "file": d.get("file"),
        }
        for d in result["diagnostics"]
    ]


def cli_render(iep, path, out, *flags, partly=False):
    """`iep render`; with `partly`, a plan may have some documents refused (a pupil's page too
    long for its one sheet): the command's words are returned, and what it wrote is in `out`."""
    run = cli(iep, "render", "--quiet", "--today", TODAY, "--out", str(out), *flags, str(path))
    if run.returncode != 0 and not partly:
        raise RuntimeError(f"iep render {path}: {run.stderr.decode()}")
    return run.stderr.decode()


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True).stdout.decode()


def start_browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="iep-chromium-"))
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options,
                              service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    # Every Content-Security-Policy violation is kept for the test to read (a script given to the
    # browser by the test, not the page's: the page has no inline script).
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    """})
    return driver


def requests_made(driver):
    """Every URL the browser asked for since the last call, from its network log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def off_origin(urls, origin):
    """The requests that went anywhere but the page's own origin (blob: and data: URLs are made
    in the tab and go nowhere)."""
    stay = (origin + "/", "blob:" + origin + "/", "data:")
    return [u for u in urls if not u.startswith(stay)]


def editor_content(driver):
    host = driver.find_element(By.ID, "editor")
    return host.shadow_root.find_element(By.CSS_SELECTOR, ".cm-content")


def editor_lines(driver):
    host = driver.find_element(By.ID, "editor")
    return host.shadow_root.find_elements(By.CSS_SELECTOR, ".cm-line")


def findings_shown(driver):
    return driver.execute_script(
        "return [...document.querySelectorAll('#findings li')].map(li => li.textContent)")


def wait(driver, condition, what, timeout=20):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.05,
                             ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: condition())
    except Exception as error:  # noqa: BLE001 (a timeout, said as a failure)
        raise AssertionError(f"timed out waiting for {what}") from error


def wait_for_download(folder, name, timeout=20):
    path = folder / name
    deadline = time.time() + timeout
    while time.time() < deadline:
        if path.exists() and not (folder / (name + ".crdownload")).exists():
            return path
        time.sleep(0.05)
    raise AssertionError(f"{name} was not downloaded")


def measures(driver, name):
    return driver.execute_script(
        "return performance.getEntriesByName(arguments[0]).map(e => e.duration)", name)


def set_plan_file(driver, path):
    driver.find_element(By.ID, "open-file").send_keys(str(path))


def line_starting(driver, prefix):
    """The editor's line starting with `prefix`, clicked, and its number as the editor's gutter
    shows it for the line the cursor is on."""
    for line in editor_lines(driver):
        if line.get_attribute("textContent").startswith(prefix):
            line.click()
            host = driver.find_element(By.ID, "editor")
            number = host.shadow_root.find_element(By.CSS_SELECTOR, ".cm-activeLineGutter").text
            return int(number), line
    raise AssertionError(f"no line starting {prefix!r} in the editor")


def type_at_end_of(driver, line, delete, text):
    line.click()
    actions = webdriver.ActionChains(driver)
    actions.send_keys(Keys.END)
    for _ in range(delete):
        actions.send_keys(Keys.BACKSPACE)
    actions.send_keys(text)
    actions.perform()


def check_names_files(driver, iep, plan, cli_out, failures):
    """A plan naming a photo, a group plan or a member's plan by path: `iep check`'s findings,
    but each file it names said to be unreadable in the browser, at its line (a warning for a
    photo, an error for a plan); rendering refused at the plan's lines."""
    text = plan.read_text()
    # `photo: ...`, `group_plan: ...` and a member's `plan: ...` (not the plan's own `plan:`).
    file_lines = {number for number, line in enumerate(text.splitlines(), 1)
                  if line.lstrip().startswith(("photo:", "group_plan:", "plan: "))}

    def about_files(finding):
        return finding["line"] in file_lines and finding["code"] in ("missing-image", "invalid-value")

    def aside(findings):
        return [f for f in findings if not about_files(f)]
    for flags, options in (((), {}), (("--pupil-friendly",), {"pupil": True})):
        found = call_iep(driver, "return iep.check(args[0], args[1])", text,
                         {**options, "today": TODAY}).get("value") or []
        expected = cli_findings(iep, plan, *flags)
        unreadable = [f for f in found if about_files(f)]
        failures.check(aside(found) == aside(expected)
                       and unreadable
                       and all(f["message"].endswith(UNREADABLE) for f in unreadable),
                       f"iep.js check({plan.name}, {json.dumps(options)}) is "
                       f"`{' '.join(('iep check',) + flags)}`'s, the files it names unreadable in the browser at their lines")
        for to in ("pdf", "docx"):
            made = call_iep(driver, RENDER_BASE64, text, {**options, "to": to, "today": TODAY})
            said = f"iep.js render({plan.name}, {json.dumps({'to': to, **options})})"
            if "value" in made:
                # A document that needs none of the files (a group's own form does not print
                # its members' plans): the command line's, byte for byte.
                suffix = ("-pupil." if options.get("pupil") else ".") + to
                expected = cli_out / (plan.stem + suffix)
                failures.check(expected.exists()
                               and base64.b64decode(made["value"]) == expected.read_bytes(),
                               f"{said} needs none of the files it names and is `iep render`'s")
                continue
            errors = [f for f in made.get("findings") or [] if f["severity"] == "error"]
            failures.check("error" in made and errors
                           and all(f["file"] is None and f["line"] in file_lines for f in errors),
                           f"{said} is refused at the plan's lines naming files")


def call_iep(driver, code, *args):
    """Runs `code` (an async function body with `iep`, the imported iep.js) in the page."""
    script = """
        const done = arguments[arguments.length - 1];
        const args = Array.from(arguments).slice(0, -1);
        import('./iep.js').then(async (iep) => {
          try { done({ value: await (async (...args) => { %s })(...args) }); }
          catch (error) { done({ error: String(error.message), findings: error.findings || null }); }
        });
    """ % code
    return driver.execute_async_script(script, *args)


def main():
    dist, iep, out = (pathlib.Path(a).resolve() for a in sys.argv[1:4])
    shutil.rmtree(out, ignore_errors=True)
    downloads, shots, cli_out = out / "downloads", out / "screenshots", out / "cli"
    for folder in (downloads, shots, cli_out):
        folder.mkdir(parents=True)
    failures = Failures()
    timings = {}
    server = Server(dist)
    driver = start_browser(downloads)
    driver.set_script_timeout(60)
    try:
        run(driver, server, iep, downloads, shots, cli_out, failures, timings)
    finally:
        driver.quit()
        server.shutdown()
    (out / "timings.json").write_text(json.dumps(timings, indent=2) + "\n")
    print(json.dumps(timings, indent=2))
    if failures.list:
        print(f"\n{len(failures.list)} failed:\n  " + "\n  ".join(failures.list))
        sys.exit(1)
    print("\nthe browser test passed")


def run(driver, server, iep, downloads, shots, cli_out, failures, timings):
    requests_made(driver)  # the browser's own start-up pages, before the page is opened
    started = time.perf_counter()
    driver.get(server.origin + "/index.html")
    wait(driver, lambda: driver.execute_script("return document.body.hasAttribute('data-ready')"),
         "the page to start")
    timings["page_ready_ms"] = round(driver.execute_script(
        "return performance.now()"), 1)
    timings["page_ready_wall_ms"] = round((time.perf_counter() - started) * 1000, 1)
    failures.check(bool(findings_shown(driver)), "the page starts with a starter plan and its findings")

    # Load a plan (the three-page Highland example) as a user does: the file chooser.
    highland = ROOT / "examples" / "plans" / "highland.yaml"
    set_plan_file(driver, highland)
    wait(driver, lambda: driver.find_element(By.ID, "file-name").get_attribute("value") == "highland.yaml",
         "the plan to open")
    wait(driver, lambda: measures(driver, "iep-preview-form"), "the first preview", timeout=30)
    timings["first_render_ms"] = round(measures(driver, "iep-render-form")[-1], 1)
    timings["first_preview_ms"] = round(measures(driver, "iep-preview-form")[-1], 1)
    baseline = findings_shown(driver)
    failures.check(all(" error [" not in f for f in baseline),
                   "the Highland example opens with no errors")
    failures.check(len(driver.find_elements(By.CSS_SELECTOR, "#panel-form canvas")) == 3,
                   "the preview shows the Highland form's three pages")
    driver.save_screenshot(str(shots / "1280x800.png"))

    # Break the plan: a date that does not exist; the finding appears at its line.
    number, line = line_starting(driver, "  review: ")
    review = line.get_attribute("textContent").split(": ", 1)[1]
    type_at_end_of(driver, line, len(review), "2027-02-31")
    wait(driver, lambda: any(f.startswith(f"Line {number}:") and "[invalid-date]" in f
                             for f in findings_shown(driver)), "the invalid-date finding")
    failures.check(True, f"a finding appears at line {number} as the date is typed")
    marked = wait(driver, lambda: line_starting(driver, "  review: 2027-02-31")[1].find_elements(
        By.CSS_SELECTOR, ".cm-lintRange-error"), "the underline at the line")
    failures.check(bool(marked), f"line {number} is underlined in the editor")
    status = driver.find_element(By.ID, "preview-status").text
    failures.check(status == f"The preview shows the plan as it last printed: fix the error on line {number} to see it again.",
                   f"the preview says it keeps the last version, and why: {status!r}")
    driver.save_screenshot(str(shots / "1280x800-finding.png"))

    # The page's findings are the command line's for the same text (the YAML as downloaded).
    driver.find_element(By.ID, "download-yaml").click()
    broken = wait_for_download(downloads, "highland.yaml")
    page_findings = call_iep(driver, "return iep.check(args[0], {today: args[1]})",
                             broken.read_text(), TODAY)["value"]
    failures.check(page_findings == cli_findings(iep, broken),
                   "check() gives the command line's findings for the broken plan")
    broken.unlink()

    # Fix it: the finding goes.
    _, line = line_starting(driver, "  review: 2027-02-31")
    type_at_end_of(driver, line, len("2027-02-31"), review)
    wait(driver, lambda: findings_shown(driver) == baseline, "the finding to go")
    failures.check(True, "the finding goes when the date is fixed")

    # Re-render timings: a word typed at the end of a target, ten times.
    _, target = line_starting(driver, "  responsible: ")
    before = len(measures(driver, "iep-preview-form"))
    for i in range(10):
        type_at_end_of(driver, target, 0, " x")
        wait(driver, lambda: len(measures(driver, "iep-preview-form")) > before + i,
             "the preview to follow the typing")
    renders = measures(driver, "iep-render-form")[-10:]
    previews = measures(driver, "iep-preview-form")[-10:]
    timings["rerender_ms_median"] = round(statistics.median(renders), 1)
    timings["rerender_ms_max"] = round(max(renders), 1)
    timings["preview_after_typing_ms_median"] = round(statistics.median(previews), 1)
    timings["preview_after_typing_ms_max"] = round(max(previews), 1)
    timings["check_ms_median"] = round(statistics.median(measures(driver, "iep-check")[-10:]), 1)
    timings["draw_ms_median"] = round(statistics.median(measures(driver, "iep-draw-form")[-10:]), 1)
    for _ in range(10):
        type_at_end_of(driver, target, 2, "")
    wait(driver, lambda: findings_shown(driver) == baseline, "the plan as it was")

    # Downloads, compared with the command line's documents for the same YAML.
    for button, name in (("download-yaml", "highland.yaml"), ("download-pdf", "highland.pdf"),
                         ("download-docx", "highland.docx"), ("download-pupil", "highland-pupil.pdf")):
        driver.find_element(By.ID, button).click()
        wait_for_download(downloads, name)
    saved = downloads / "highland.yaml"
    failures.check(saved.read_bytes() == highland.read_bytes(),
                   "the downloaded YAML is the plan as opened (after the edits were undone)")
    cli_render(iep, saved, cli_out, "--to", "pdf,docx")
    cli_render(iep, saved, cli_out, "--pupil-friendly")
    for name in ("highland.pdf", "highland-pupil.pdf"):
        failures.check(pdf_text(downloads / name) == pdf_text(cli_out / name),
                       f"the downloaded {name} has the command line's text (pdftotext)")
        failures.check((downloads / name).read_bytes() == (cli_out / name).read_bytes(),
                       f"the downloaded {name} is the command line's, byte for byte")
    failures.check((downloads / "highland.docx").read_bytes() == (cli_out / "highland.docx").read_bytes(),
                   "the downloaded DOCX is the command line's, byte for byte")

    # A school's own form file: the plan is checked and printed on it, as `iep check --form`.
    # First with a mistake in it (more key targets than targets): refused, at its line.
    school = cli_out / "our-school.yaml"
    general = cli(iep, "form", "show", "general").stdout.decode()
    school.write_text(general.replace("  max_targets: 8 ", "  max_targets: 3 ", 1))
    driver.find_element(By.ID, "school-form-file").send_keys(str(school))
    said = wait(driver, lambda: driver.find_element(By.ID, "preview-status").text
                if "cannot be used" in driver.find_element(By.ID, "preview-status").text else None,
                "the form file with a mistake to be refused")
    failures.check("form: line 16: `policy.key_targets`" in said,
                   f"a form file with a mistake is refused at its line: {said!r}")
    school.write_text(general.replace("  max_targets: 8 ", "  max_targets: 3 ", 1)
                      .replace("  key_targets: 4 ", "  key_targets: 3 ", 1))
    driver.find_element(By.ID, "school-form-file").send_keys(str(school))
    wait(driver, lambda: any("[too-many-targets]" in f for f in findings_shown(driver)),
         "the school's form's rule to be applied")
    page_findings = call_iep(driver, "return iep.check(args[0], {today: args[1], form: args[2]})",
                             highland.read_text(), TODAY, school.read_text())["value"]
    failures.check(page_findings == cli_findings(iep, highland, "--form", str(school)),
                   "on a school's form file, check() gives `iep check --form`'s findings")
    failures.check(driver.find_element(By.ID, "school-form-name").text == "Form: our-school.yaml",
                   "the page says which form file is in use")
    # A new plan on the school's form file, as `iep new --form our-school.yaml` starts it.
    failures.check(Select(driver.find_element(By.ID, "starter-form")).first_selected_option.text
                   == "our-school.yaml (the school's form file)",
                   "the school's form file is offered to start a plan on")
    driver.find_element(By.ID, "start").click()
    wait(driver, lambda: driver.find_element(By.ID, "file-name").get_attribute("value")
         == "new-our-school-plan.yaml", "the plan started on the school's form")
    driver.find_element(By.ID, "download-yaml").click()
    started = wait_for_download(downloads, "new-our-school-plan.yaml")
    expected = subprocess.run([iep, "new", "--form", "our-school.yaml"], cwd=cli_out,
                              capture_output=True, check=True).stdout
    failures.check(started.read_bytes() == expected,
                   "Start on it gives the text of `iep new --form our-school.yaml`")
    driver.find_element(By.ID, "school-form-clear").click()
    wait(driver, lambda: not driver.find_element(By.ID, "school-form-name").text,
         "the school's form file to be put away")

    # Start a new plan on a form: the text of `iep new --form durants`, named for download.
    Select(driver.find_element(By.ID, "starter-form")).select_by_value("durants")
    driver.find_element(By.ID, "start").click()
    wait(driver, lambda: driver.find_element(By.ID, "file-name").get_attribute("value")
         == "new-durants-plan.yaml", "the starter plan")
    driver.find_element(By.ID, "download-yaml").click()
    started = wait_for_download(downloads, "new-durants-plan.yaml")
    failures.check(started.read_bytes() == cli(iep, "new", "--form", "durants").stdout,
                   "Start gives the text of `iep new --form durants`")

    # A plan file dropped on the page is opened.
    driver.execute_script("""
        const file = new File([arguments[0]], 'dropped.yaml', {type: 'text/yaml'});
        const data = new DataTransfer();
        data.items.add(file);
        document.querySelector('.preview').dispatchEvent(
          new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
    """, highland.read_text())
    wait(driver, lambda: driver.find_element(By.ID, "file-name").get_attribute("value") == "dropped.yaml",
         "the dropped plan to open")
    failures.check(findings_shown(driver) == baseline, "a plan dropped on the page is opened")

    # iep.js called directly, on every example plan.
    for plan in EXAMPLES + REALISTIC:
        text = plan.read_text()
        if plan.name in NAMES_FILES:
            cli_render(iep, plan, cli_out, "--to", "pdf,docx", "--both", partly=True)
            check_names_files(driver, iep, plan, cli_out, failures)
            continue
        found = call_iep(driver, "return iep.check(args[0], {today: args[1]})", text, TODAY)
        failures.check(found.get("value") == cli_findings(iep, plan),
                       f"iep.js check({plan.name}) is `iep check`'s")
        found = call_iep(driver, "return iep.check(args[0], {today: args[1], pupil: true})", text, TODAY)
        failures.check(found.get("value") == cli_findings(iep, plan, "--pupil-friendly"),
                       f"iep.js check({plan.name}, {{pupil: true}}) is `iep check --pupil-friendly`'s")
        said = cli_render(iep, plan, cli_out, "--to", "pdf,docx", "--both", partly=True)
        for options, suffix in (({"to": "pdf"}, ".pdf"), ({"to": "docx"}, ".docx"),
                                ({"to": "pdf", "pupil": True}, "-pupil.pdf"),
                                ({"to": "docx", "pupil": True}, "-pupil.docx")):
            made = call_iep(driver, RENDER_BASE64, text, {**options, "today": TODAY})
            if not (cli_out / (plan.stem + suffix)).exists():
                # Refused by the command line: refused by the module too, for the same error.
                errors = [f for f in made.get("findings") or [] if f["severity"] == "error"]
                failures.check("error" in made and errors and all(
                    f"{f['line']}:{f['column']}: error[{f['code']}]" in said for f in errors),
                    f"iep.js render({plan.name}, {json.dumps(options)}) is refused as `iep render` refuses it")
                continue
            expected = (cli_out / (plan.stem + suffix)).read_bytes()
            failures.check(base64.b64decode(made.get("value", "")) == expected,
                           f"iep.js render({plan.name}, {json.dumps(options)}) is `iep render`'s, byte for byte")
    # The test plans of `iep check`'s snapshots (every kind of mistake people make), and a
    # realistic busy plan: the same findings.
    for plan in sorted((ROOT / "tests" / "plans").glob("*.yaml")) + [
            plan for plan in REALISTIC if plan.name not in NAMES_FILES]:
        found = call_iep(driver, "return iep.check(args[0], {today: args[1]})", plan.read_bytes().decode("utf-8", "replace"), TODAY)
        failures.check(found.get("value") == cli_findings(iep, plan),
                       f"iep.js check(tests/{plan.parent.name}/{plan.name}) is `iep check`'s")
    # The families' scripts print from the module's own fonts as from the command's.
    views = cli_out / "views"
    views.mkdir()
    general = (ROOT / "examples" / "plans" / "general.yaml").read_text()
    parents = next(line for line in general.splitlines() if line.startswith("  parents:"))
    for language, view in VIEWS:
        plan = views / f"{language}.yaml"
        plan.write_text(general.replace(parents, f"  parents: {view}\n  parents_language: {language}", 1))
        cli_render(iep, plan, views)
        made = call_iep(driver, RENDER_BASE64, plan.read_text(), {"to": "pdf", "today": TODAY})
        failures.check(base64.b64decode(made.get("value", "")) == (views / f"{language}.pdf").read_bytes(),
                       f"a parents' view in {language} renders as `iep render` renders it, byte for byte")

    forms = call_iep(driver, "return iep.forms()")["value"]
    listed = cli(iep, "forms").stdout.decode()
    failures.check([f["name"] for f in forms] == [line for line in listed.splitlines()
                                                   if line and not line.startswith((" ", "A school"))],
                   "iep.js forms() lists `iep forms`'s forms")
    for form in (f["name"] for f in forms if f["starter"]):
        text = call_iep(driver, "return iep.starter(args[0])", form)["value"]
        failures.check(text == cli(iep, "new", "--form", form).stdout.decode(),
                       f"iep.js starter({form!r}) is `iep new --form {form}`")
    refused = call_iep(driver, "return iep.render('school: x\\n', {to: 'pdf'})")
    failures.check(bool(refused.get("error")) and bool(refused.get("findings")),
                   "render() of a plan with errors throws an Error with its findings")
    # The module's memory once all of that has been rendered (it never shrinks).
    timings["wasm_memory_mb"] = round(call_iep(driver, """
        const exports = await (await import('./iep_wasm.js')).default();
        return exports.memory.buffer.byteLength / 1048576;""")["value"], 1)
    refused = call_iep(driver, "return iep.check('', {pupill: true})")
    failures.check("pupill" in refused.get("error", ""), "an unknown option is refused by name")

    # Offline: with the network gone, the page still checks, previews and downloads.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    selected = driver.find_element(By.ID, "tab-pupil")
    selected.click()
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#panel-pupil canvas"),
         "the pupil's page, offline")
    failures.check(True, "offline, the pupil's page is previewed")
    driver.save_screenshot(str(shots / "1280x800-pupil.png"))
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    driver.find_element(By.ID, "tab-form").click()

    # Keyboard: Tab leaves the editor (no trap), the tabs follow the arrow keys.
    editor_content(driver).click()
    webdriver.ActionChains(driver).send_keys(Keys.TAB).perform()
    focused = driver.execute_script("return document.activeElement.id")
    failures.check(focused != "editor", f"Tab moves on from the editor (to #{focused})")
    driver.find_element(By.ID, "tab-form").send_keys(Keys.ARROW_RIGHT)
    failures.check(driver.find_element(By.ID, "tab-pupil").get_attribute("aria-selected") == "true",
                   "the right arrow selects the pupil's page tab")
    driver.find_element(By.ID, "tab-pupil").send_keys(Keys.ARROW_LEFT)

    # axe-core's WCAG 2.2 A and AA rules on the page as it stands.
    axe = (ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js").read_text()
    driver.execute_script(axe)
    result = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})
          .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))));
    """)
    failures.check(not result, "axe-core finds no WCAG 2.2 AA violation" + (f": {result}" if result else ""))

    # 200% zoom: a 1280x800 window at twice the size is a 640x400 page at two pixels a pixel.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 640, "height": 400, "deviceScaleFactor": 2, "mobile": False})
    time.sleep(0.5)
    driver.save_screenshot(str(shots / "200-percent.png"))
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth")
    failures.check(not overflow, "at 200% zoom nothing is wider than the window (no sideways scrolling)")
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    time.sleep(0.2)
    driver.save_screenshot(str(shots / "200-percent-scrolled.png"))
    # WCAG's reflow criterion asks the same at 320 pixels wide (400% zoom).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 320, "height": 256, "deviceScaleFactor": 4, "mobile": False})
    time.sleep(0.5)
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth")
    failures.check(not overflow, "at 400% zoom (320 pixels wide) nothing is wider than the window")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    # Nothing left the page's origin, nothing broke the page's Content-Security-Policy, and the
    # browser logged no error.
    urls = requests_made(driver)
    failures.check(bool(urls), f"the network log was read ({len(urls)} requests)")
    away = off_origin(urls, server.origin)
    failures.check(not away, "no request left the page's origin" + (f": {away}" if away else ""))
    served = sorted({urllib.parse.urlsplit(p).path for p in server.requested})
    print("     served: " + " ".join(served))
    violations = driver.execute_script("return window.__violations")
    failures.check(not violations, "no Content-Security-Policy violation" + (f": {violations}" if violations else ""))
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    failures.check(not errors, "no error in the browser's console" + (f": {errors}" if errors else ""))

    # Opened as a file (a shared drive), the page says what to do rather than stay blank.
    driver.get((server.folder / "index.html").as_uri())
    problem = wait(driver, lambda: driver.find_element(By.ID, "unsupported").text,
                   "the page opened as a file to say so", timeout=30)
    failures.check("web address" in problem, f"opened as a file, the page says what to do: {problem!r}")
    driver.save_screenshot(str(shots / "opened-as-a-file.png"))


if __name__ == "__main__":
    main()


// The page: a plan's YAML in an editor, iep's findings at their lines as it is typed, and beside
// it the school's form and the pupil's page as they will print. Everything runs in this tab
// (iep.js is the library compiled to WebAssembly); nothing is stored or sent, and the only
// files made are those the user downloads.

import { EditorState } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle, indentUnit } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { search, searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { Preview } from './preview.js';
import { check, render, forms, starter } from './iep.js';

const $ = (id) => document.getElementById(id);

/** How long typing pauses before the plan is checked and the preview made again. */
const PAUSE_MS = 150;

const page = {
  /** Edited since it was opened, started or last downloaded as YAML. */
  edited: false,
  /** A school's form file in use instead of the form the plan names: {name, text}. */
  schoolForm: null,
  /** When the plan last changed, until its preview is shown: the time from typing to preview
   * (a performance measure, read by the browser test). */
  changedAt: null,
  timer: 0,
};

// The editor. It lives in a shadow root, where its styles go into a constructed style sheet
// rather than a <style> element, so the page's Content-Security-Policy can forbid inline styles.
const host = $('editor');
const shadow = host.attachShadow({ mode: 'open' });
const editor = new EditorView({
  root: shadow,
  parent: shadow,
  state: EditorState.create({
    doc: '',
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      search({ top: true }),
      yaml(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      // YAML is indented with spaces; Tab is left to move between the page's controls.
      indentUnit.of('  '),
      lintGutter(),
      // Plans are prose in YAML: long lines wrap rather than scroll sideways.
      EditorView.lineWrapping,
      keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap]),
      EditorView.contentAttributes.of({
        'aria-label': 'Plan, in YAML',
        // In the tab order as any editable text is; said outright for checkers that only count
        // a tabindex (axe-core's scrollable-region rule).
        tabindex: '0',
        spellcheck: 'true',
        lang: 'en-GB',
      }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) {
          page.edited = true;
          planChanged();
        }
      }),
      EditorView.theme({
        '&': { height: '100%', fontSize: '0.95rem', backgroundColor: '#fff' },
        '.cm-scroller': { fontFamily: 'ui-monospace, "Cascadia Mono", "Liberation Mono", monospace' },
        '.cm-gutters': { backgroundColor: '#f3f3f3', color: '#4a4a4a', borderRight: '1px solid #767676' },
        '&.cm-focused': { outline: '3px solid #b34700', outlineOffset: '-3px' },
        '.cm-activeLine': { backgroundColor: '#eef3f6' },
        '.cm-activeLineGutter': { backgroundColor: '#dde7ed', color: '#1b1b1b' },
        '.cm-lintRange-error': { textDecoration: 'underline wavy #a4141b', backgroundImage: 'none' },
        '.cm-lintRange-warning': { textDecoration: 'underline wavy #7a4b00', backgroundImage: 'none' },
      }),
    ],
  }),
});

const previews = {
  form: new Preview($('panel-form'), "the school's form"),
  pupil: new Preview($('panel-pupil'), "the pupil's page"),
};

function planText() {
  return editor.state.doc.toString();
}

/** The options every call takes: the school's form file, when one is in use. */
function formOption() {
  return page.schoolForm ? { form: page.schoolForm.text } : {};
}

function planChanged() {
  page.changedAt = performance.now();
  clearTimeout(page.timer);
  page.timer = setTimeout(refresh, PAUSE_MS);
}

/** Checks the plan, shows the findings at their lines, and makes the preview shown again. */
function refresh() {
  const text = planText();
  let findings;
  try {
    const start = performance.now();
    findings = check(text, { ...formOption(), pupil: $('pupil-checks').checked });
    performance.measure('iep-check', { start, end: performance.now() });
  } catch (error) {
    showProblem(error);
    return;
  }
  showFindings(findings);
  updatePreview();
}

function selectedTab() {
  return $('tab-pupil').getAttribute('aria-selected') === 'true' ? 'pupil' : 'form';
}

/** The preview of the tab shown, made again for the plan as it now is. */
async function updatePreview() {
  const which = selectedTab();
  const preview = previews[which];
  const status = $('preview-status');
  const text = planText();
  const key = JSON.stringify([text, page.schoolForm && page.schoolForm.text]);
  if (preview.key === key) return;
  let bytes;
  const changedAt = page.changedAt;
  try {
    const start = performance.now();
    bytes = render(text, { ...formOption(), pupil: which === 'pupil' });
    performance.measure(`iep-render-${which}`, { start, end: performance.now() });
  } catch (error) {
    // iep prints no plan with errors: the preview keeps the last version that printed.
    status.textContent = preview.key === null
      ? `No preview yet: ${toFix(error)}.`
      : `The preview shows the plan as it last printed: ${toFix(error)} to see it again.`;
    return;
  }
  status.textContent = '';
  const drawn = performance.now();
  const shown = await preview.show(bytes, key);
  if (shown) {
    performance.measure(`iep-draw-${which}`, { start: drawn, end: performance.now() });
    if (changedAt !== null) {
      performance.measure(`iep-preview-${which}`, { start: changedAt, end: performance.now() });
      if (page.changedAt === changedAt) page.changedAt = null;
    }
    status.textContent = `${preview.pages === 1 ? '1 page' : `${preview.pages} pages`}, as printed.`;
  }
}

// Findings: at their lines in the editor, and listed below it in the command line's words.

function showFindings(findings) {
  const doc = editor.state.doc;
  const marks = [];
  for (const finding of findings) {
    if (finding.file || finding.line === null || finding.line > doc.lines) continue;
    const line = doc.line(finding.line);
    const from = line.from + offsetOf(line.text, (finding.column ?? 1) - 1);
    marks.push({
      from,
      to: from < line.to ? line.to : from,
      severity: finding.severity,
      source: finding.code,
      message: finding.hint ? `${finding.message} (hint: ${finding.hint})` : finding.message,
    });
  }
  editor.dispatch(setDiagnostics(editor.state, marks));

  const list = $('findings');
  list.replaceChildren(...findings.map(findingItem));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const summary = findings.length === 0
    ? 'No findings: the plan is ready.'
    : `${count(errors, 'error')} and ${count(warnings, 'warning')}.`;
  if ($('summary').textContent !== summary) $('summary').textContent = summary;
}

function count(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function findingItem(finding) {
  const item = document.createElement('li');
  item.className = finding.severity;
  const button = document.createElement('button');
  button.type = 'button';
  const where = document.createElement('span');
  where.className = 'where';
  const inForm = finding.file ? "In the school's form file, " : '';
  where.textContent = finding.line === null
    ? `${inForm || 'The plan'}: `
    : `${inForm}${inForm ? 'l' : 'L'}ine ${finding.line}: `;
  const severity = document.createElement('span');
  severity.className = 'severity';
  severity.textContent = finding.severity;
  button.append(where, severity, ` [${finding.code}] `, ...withCode(finding.message));
  if (finding.hint) {
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.append('Hint: ', ...withCode(finding.hint));
    button.append(hint);
  }
  if (finding.line !== null && !finding.file) {
    button.addEventListener('click', () => goToLine(finding.line, finding.column ?? 1));
  }
  item.append(button);
  return item;
}

/** Text with its `field names` set as code, built as nodes (never as HTML). */
function withCode(text) {
  return text.split('`').map((part, i) => {
    if (i % 2 === 0) return part;
    const code = document.createElement('code');
    code.textContent = part;
    return code;
  });
}

/** Where the character `column` characters into `text` starts, in the UTF-16 units the editor
 * counts (iep counts characters: an emoji is one character and two units). */
function offsetOf(text, column) {
  let offset = 0;
  let left = column;
  for (const character of text) {
    if (left <= 0) break;
    offset += character.length;
    left -= 1;
  }
  return offset;
}

function goToLine(lineNumber, column) {
  const doc = editor.state.doc;
  const line = doc.line(Math.min(lineNumber, doc.lines));
  const pos = line.from + offsetOf(line.text, column - 1);
  editor.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  editor.focus();
}

function showProblem(error) {
  const findings = error.findings || [];
  showFindings(findings.length ? findings : []);
  $('summary').textContent = error.message;
}

// Opening, starting and downloading.

function setPlan(text, fileName) {
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
  editor.dispatch({ selection: { anchor: 0 }, scrollIntoView: true });
  $('file-name').value = fileName;
  page.edited = false;
  for (const preview of Object.values(previews)) preview.key = null;
  clearTimeout(page.timer);
  refresh();
}

function mayReplace() {
  return !page.edited || window.confirm(
    'Replace the plan in the editor? Its changes have not been downloaded.');
}

/** A file's text, or why it cannot be opened (iep's own finding for a file that is no text). */
async function readText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    if (bytes.length > 1024 * 1024) throw new Error('too large');
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const finding = check(bytes).find((f) => f.severity === 'error');
    return { problem: finding ? finding.message : 'it is not a text file' };
  }
}

async function openPlan(file) {
  if (!mayReplace()) return;
  const { text, problem } = await readText(file);
  if (problem) {
    announce(`${file.name} was not opened: ${problem}.`);
    return;
  }
  setPlan(text, file.name);
  announce(`Opened ${file.name}.`);
}

async function useSchoolForm(file) {
  const { text, problem } = await readText(file);
  if (problem) {
    announce(`${file.name} was not used: ${problem}.`);
    return;
  }
  try {
    check('', { form: text.includes('\n') ? text : `${text}\n` });
  } catch (error) {
    announce(`${file.name} cannot be used as a form: ${why(error)}`);
    return;
  }
  page.schoolForm = { name: file.name, text: text.includes('\n') ? text : `${text}\n` };
  schoolOption.textContent = `${file.name} (the school's form file)`;
  starterForm.prepend(schoolOption);
  starterForm.value = SCHOOL_FORM;
  $('school-form-name').textContent = `Form: ${file.name}`;
  $('school-form-clear').hidden = false;
  for (const preview of Object.values(previews)) preview.key = null;
  refresh();
  announce(`The plan is now checked and printed on ${file.name}.`);
}

function stem() {
  const name = $('file-name').value.trim() || 'plan.yaml';
  return name.replace(/\.(ya?ml)$/i, '') || 'plan';
}

function save(bytes, type, name) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  announce(`Downloaded ${name}.`);
}

function download(options, type, suffix) {
  try {
    save(render(planText(), { ...formOption(), ...options }), type, `${stem()}${suffix}`);
  } catch (error) {
    announce(`Not downloaded: ${why(error)}`);
  }
}

/** What to fix for iep to print the plan, in a few words: the findings list says the rest. */
function toFix(error) {
  const errors = (error.findings || []).filter((f) => f.severity === 'error');
  if (errors.length === 0) return why(error);
  const where = errors[0].line ? `line ${errors[0].line}` : 'the plan';
  return errors.length === 1
    ? `fix the error on ${where}`
    : `fix its ${errors.length} errors (the first on ${where})`;
}

/** Why iep refused, in its words: the first finding at its line, or the error's message. */
function why(error) {
  const findings = (error.findings || []).filter((f) => f.severity === 'error');
  const [first] = findings;
  if (!first) return error.message;
  const more = findings.length > 1 ? `${count(findings.length, 'error')}; the first: ` : '';
  const where = first.line ? `line ${first.line}: ` : '';
  return `${more}${where}${first.message}${first.hint ? ` (hint: ${first.hint})` : ''}`;
}

function announce(text) {
  const live = $('announce');
  live.textContent = '';
  // A fresh node, so that the same words twice are announced twice.
  setTimeout(() => { live.textContent = text; }, 50);
  $('preview-status').textContent = text;
}

// The controls.

$('open').addEventListener('click', () => $('open-file').click());
$('open-file').addEventListener('change', (event) => {
  const [file] = event.target.files;
  if (file) openPlan(file);
  event.target.value = '';
});
$('school-form').addEventListener('click', () => $('school-form-file').click());
$('school-form-file').addEventListener('change', (event) => {
  const [file] = event.target.files;
  if (file) useSchoolForm(file);
  event.target.value = '';
});
$('school-form-clear').addEventListener('click', () => {
  page.schoolForm = null;
  if (starterForm.value === SCHOOL_FORM) starterForm.value = 'general';
  schoolOption.remove();
  $('school-form-name').textContent = '';
  $('school-form-clear').hidden = true;
  for (const preview of Object.values(previews)) preview.key = null;
  refresh();
  announce('The plan is checked and printed on the form it names.');
  $('school-form').focus();
});

const starterForm = $('starter-form');
/** The starter list's entry for the school's form file in use, while there is one. */
const SCHOOL_FORM = ' school';
const schoolOption = document.createElement('option');
schoolOption.value = SCHOOL_FORM;
for (const form of forms().filter((f) => f.starter)) {
  const option = document.createElement('option');
  option.value = form.name;
  option.textContent = `${form.name}: ${form.description}`;
  starterForm.append(option);
}
starterForm.value = 'general';
$('start').addEventListener('click', () => {
  if (!mayReplace()) return;
  const school = starterForm.value === SCHOOL_FORM && page.schoolForm;
  const text = school
    ? starter(page.schoolForm.text, page.schoolForm.name)
    : starter(starterForm.value);
  const name = school ? page.schoolForm.name.replace(/\.(ya?ml)$/i, '') : starterForm.value;
  setPlan(text, `new-${name}-plan.yaml`);
  announce(`Started a plan on the ${school ? page.schoolForm.name : starterForm.value} form: fill in the fields the findings list.`);
  editor.focus();
});

$('download-pdf').addEventListener('click', () => download({ to: 'pdf' }, 'application/pdf', '.pdf'));
$('download-docx').addEventListener('click', () => download(
  { to: 'docx' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.docx',
));
$('download-pupil').addEventListener('click', () => download(
  { to: 'pdf', pupil: true }, 'application/pdf', '-pupil.pdf'));
$('download-yaml').addEventListener('click', () => {
  save(new TextEncoder().encode(planText()), 'application/yaml', `${stem()}.yaml`);
  page.edited = false;
});
$('pupil-checks').addEventListener('change', refresh);

// The preview's tabs, with the arrow keys as a tab list has them.
const tabs = [$('tab-form'), $('tab-pupil')];
function selectTab(tab) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute('aria-controls')).hidden = !selected;
  }
  $('preview-status').textContent = '';
  updatePreview();
}
for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length];
    target.focus();
    selectTab(target);
  });
}

// A plan file dropped anywhere on the page is opened (not pasted into the editor as text).
window.addEventListener('dragover', (event) => {
  if (event.dataTransfer && [...event.dataTransfer.types].includes('Files')) event.preventDefault();
}, true);
window.addEventListener('drop', (event) => {
  const file = event.dataTransfer && event.dataTransfer.files[0];
  if (!file) return;
  event.preventDefault();
  event.stopPropagation();
  openPlan(file);
}, true);

// Nothing is kept when the tab closes: say so before a plan's changes are lost.
window.addEventListener('beforeunload', (event) => {
  if (page.edited) event.preventDefault();
});

setPlan(starter('general'), 'new-general-plan.yaml');
starterForm.value = 'general';
document.body.setAttribute('data-ready', '');

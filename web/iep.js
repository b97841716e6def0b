// iep in the browser: check a plan and render it to PDF or DOCX, in this tab, with the same
// library as the `iep` command. Nothing is sent anywhere. See web/README.md.
//
//   import { check, render, forms, starter } from './iep.js';
//
// The WebAssembly module beside this file is loaded once, when this module is first imported.

import init, * as wasm from './iep_wasm.js';

await init({ module_or_path: new URL('iep_wasm_bg.wasm', import.meta.url) });

/**
 * The findings of `iep check` for a plan, in the order of the file.
 * @param {string | Uint8Array} plan the plan's text, or a file's bytes as read
 * @param {{form?: string, pupil?: boolean, today?: string}} [options] `form`: a built-in form's
 *   name or a school's form file's text, instead of the form the plan names; `pupil`: the
 *   pupil-friendly page's checks too; `today`: `YYYY-MM-DD`, the browser's day (UTC) by default
 * @returns {{code: string, severity: 'error' | 'warning', message: string, hint: string | null,
 *   line: number | null, column: number | null, field: string | null, file: string | null}[]}
 * @throws {Error} for options it cannot use, or a school's form file with a mistake in it
 *   (`error.findings` says where)
 */
export function check(plan, options) {
  return wasm.check(plan, options);
}

/**
 * The document `iep render` writes for a plan: the school's form, or the pupil-friendly page.
 * @param {string | Uint8Array} plan the plan's text, or a file's bytes as read
 * @param {{to?: 'pdf' | 'docx', pupil?: boolean, form?: string, today?: string}} [options]
 * @returns {Uint8Array} the PDF or DOCX file
 * @throws {Error} when the plan cannot be printed; `error.findings` holds the errors, as
 *   `check` gives them
 */
export function render(plan, options) {
  return wasm.render(plan, options);
}

/**
 * The built-in forms, as `iep forms` lists them; `starter` is true for those a plan is started
 * on (not the pupil's page, the review sheet or the group plan).
 * @returns {{name: string, description: string, rules: string[], starter: boolean}[]}
 */
export function forms() {
  return wasm.forms();
}

/**
 * The plan to fill in for a form, as `iep new --form NAME` prints it.
 * @param {string} [form] a built-in form's name (the general form when left out), or a school's
 *   form file's text
 * @param {string} [fileName] for a form file, its name, which the plan gives in `form:`
 * @returns {string}
 */
export function starter(form, fileName) {
  return wasm.starter(form, fileName);
}

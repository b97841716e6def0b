// A PDF shown as its pages, drawn by pdf.js into canvases. A new version is drawn off screen and
// then put in place of the old in one step, so the preview neither flickers nor loses its place
// as the plan is typed.

import { GlobalWorkerOptions, PDFWorker, getDocument } from 'pdfjs-dist';

// pdf.js reads PDFs in a worker, from this folder; one worker for every preview, started once.
GlobalWorkerOptions.workerSrc = new URL('pdf.worker.mjs', import.meta.url).href;
let worker = null;

export class Preview {
  /**
   * @param {HTMLElement} panel where the pages go
   * @param {string} what what the document is, for the pages' labels ("the school's form")
   */
  constructor(panel, what) {
    this.panel = panel;
    this.what = what;
    /** What the pages shown were made from; null before the first. */
    this.key = null;
    this.pages = 0;
    this.drawing = 0;
  }

  /**
   * Shows the PDF in `bytes`. Resolves to false when a newer call overtook this one.
   * @param {Uint8Array} bytes
   * @param {string} key what the PDF was made from
   */
  async show(bytes, key) {
    const ticket = ++this.drawing;
    worker ??= new PDFWorker({ name: 'iep-preview' });
    const pdf = await getDocument({
      data: bytes,
      worker,
      isEvalSupported: false,
      enableXfa: false,
      useSystemFonts: false,
    }).promise;
    try {
      const width = Math.max(this.panel.clientWidth - 24, 200);
      const scale = window.devicePixelRatio || 1;
      const numbers = Array.from({ length: pdf.numPages }, (_, i) => i + 1);
      // The pages are drawn at once: while the worker reads one, another is painted.
      const canvases = await Promise.all(numbers.map(async (number) => {
        const page = await pdf.getPage(number);
        const unscaled = page.getViewport({ scale: 1 });
        const viewport = page.getViewport({ scale: (width * scale) / unscaled.width });
        const canvas = document.createElement('canvas');
        canvas.className = 'page';
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `Page ${number} of ${pdf.numPages} of ${this.what}`);
        if (ticket === this.drawing) {
          await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
        }
        return canvas;
      }));
      if (ticket !== this.drawing) return false;
      const scroll = this.panel.scrollTop;
      this.panel.replaceChildren(...canvases);
      this.panel.scrollTop = scroll;
      this.key = key;
      this.pages = pdf.numPages;
      return true;
    } finally {
      pdf.destroy();
    }
  }
}

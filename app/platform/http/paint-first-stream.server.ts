import { StringDecoder } from "node:string_decoder";
import { Transform, type TransformCallback } from "node:stream";
import { INERT_MODULEPRELOAD_OPEN, MODULE_SCRIPT_OPEN, MODULEPRELOAD_OPEN, paintFirst } from "./paint-first";

const CLOSE = "</script>";
// Held back at the end of a chunk: enough for a split opening tag or a split preload link.
const TAIL = Math.max(MODULE_SCRIPT_OPEN.length, MODULEPRELOAD_OPEN.length) - 1;

/**
 * Passes a rendered document through, rewriting the body of its first `<script type="module"
 * async>` with `paintFirst`, and before it makes the module preload links inert until that script
 * runs (see paint-first.ts). React writes the document in small chunks, so the opening tag and the
 * script may be split across them: only the script (a few KB) and a tail shorter than the tag are
 * held back; everything else streams on as it comes.
 */
export class PaintFirstStream extends Transform {
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";
  private state: "before" | "inside" | "done" = "before";

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending += typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    this.drain();
    done();
  }

  override _flush(done: TransformCallback): void {
    this.pending += this.decoder.end();
    if (this.pending) this.push(this.pending);
    this.pending = "";
    done();
  }

  private drain(): void {
    for (;;) {
      if (this.state === "done") {
        if (this.pending) this.push(this.pending);
        this.pending = "";
        return;
      }
      if (this.state === "before") {
        this.pending = this.pending.replaceAll(MODULEPRELOAD_OPEN, INERT_MODULEPRELOAD_OPEN);
        const open = this.pending.indexOf(MODULE_SCRIPT_OPEN);
        if (open < 0) {
          const keep = Math.min(this.pending.length, TAIL);
          const ready = this.pending.slice(0, this.pending.length - keep);
          if (ready) this.push(ready);
          this.pending = this.pending.slice(this.pending.length - keep);
          return;
        }
        this.push(this.pending.slice(0, open + MODULE_SCRIPT_OPEN.length));
        this.pending = this.pending.slice(open + MODULE_SCRIPT_OPEN.length);
        this.state = "inside";
      }
      const close = this.pending.indexOf(CLOSE);
      if (close < 0) return;
      this.push(paintFirst(this.pending.slice(0, close)) + CLOSE);
      this.pending = this.pending.slice(close + CLOSE.length);
      this.state = "done";
    }
  }
}

import { request } from "node:http";

/**
 * POSTs with node:http and resolves with the status as soon as the server answers, even if the
 * server then cuts the upload short. Without a Content-Length header the body goes out chunked.
 */
export function postRaw(url: string, headers: Record<string, string>, chunks: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: "POST", headers }, (res) => {
      answered = true;
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (answered) return; // the server may cut the upload short after answering
      reject(error);
    });
    (async () => {
      for (const chunk of chunks) {
        if (req.destroyed) return;
        if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
      }
      req.end();
    })().catch(() => undefined);
  });
}

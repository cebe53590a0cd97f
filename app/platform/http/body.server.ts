export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

// Past the limit, up to this much more is read and thrown away before the 413 goes out. Closing
// while the client is still sending makes its kernel reset the connection, and the reset can
// destroy the 413 before the client reads it. Beyond this, the client gets the reset.
export const DRAIN_LIMIT = 8 * 1024 * 1024;

/**
 * Reads a request body up to `limit` bytes. An oversized body (declared or chunked) is drained
 * (without keeping it) so the 413 reliably reaches the client, or cut off when it is absurdly large.
 */
export async function readBodyCapped(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > DRAIN_LIMIT) throw new BodyTooLargeError();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > DRAIN_LIMIT) {
      reader.releaseLock();
      throw new BodyTooLargeError();
    }
    if (size <= limit) chunks.push(value);
  }
  if (size > limit) throw new BodyTooLargeError();
  return Buffer.concat(chunks);
}

export function plainResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}

export function payloadTooLarge(): Response {
  return plainResponse(413, "Payload too large", { Connection: "close" });
}

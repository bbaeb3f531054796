// Splits a multipart/x-mixed-replace byte stream (MJPEG) into its parts, fed
// chunk by chunk as they arrive. Parts with a Content-Length are cut by it;
// parts without one end at the next boundary. No DOM here.

const CRLFCRLF = [13, 10, 13, 10];

function indexOf(haystack, needle, from = 0) {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

// The boundary of a Content-Type such as `multipart/x-mixed-replace; boundary=frame`.
export function boundaryOf(contentType) {
  const match = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
  return match ? match[1].replace(/^--/, '') : null;
}

export class MultipartReader {
  constructor(boundary, { maxPartBytes = 16 * 1024 * 1024 } = {}) {
    this.delimiter = new TextEncoder().encode(`--${boundary}`);
    this.nextDelimiter = new TextEncoder().encode(`\r\n--${boundary}`);
    this.maxPartBytes = maxPartBytes;
    this.buffer = new Uint8Array(0);
    this.part = null; // {headers, length} once a part's headers are read
  }

  // Returns the parts completed by this chunk: [{headers: {name: value}, body: Uint8Array}].
  push(chunk) {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    const parts = [];
    for (;;) {
      if (!this.part) {
        const start = indexOf(this.buffer, this.delimiter);
        if (start < 0) break;
        const end = indexOf(this.buffer, CRLFCRLF, start);
        if (end < 0) break;
        const lines = new TextDecoder().decode(this.buffer.subarray(start + this.delimiter.length, end)).split('\r\n');
        const headers = {};
        for (const line of lines) {
          const colon = line.indexOf(':');
          if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        const length = Number(headers['content-length']);
        this.part = { headers, length: Number.isInteger(length) && length >= 0 ? length : null };
        this.buffer = this.buffer.slice(end + 4);
      }
      const { length } = this.part;
      let bodyEnd;
      if (length !== null) {
        if (length > this.maxPartBytes) throw new Error(`multipart part of ${length} bytes is too large`);
        if (this.buffer.length < length) break;
        bodyEnd = length;
      } else {
        bodyEnd = indexOf(this.buffer, this.nextDelimiter);
        if (bodyEnd < 0) {
          if (this.buffer.length > this.maxPartBytes) throw new Error('multipart part without a boundary in sight');
          break;
        }
      }
      parts.push({ headers: this.part.headers, body: this.buffer.slice(0, bodyEnd) });
      this.buffer = this.buffer.slice(bodyEnd);
      this.part = null;
    }
    return parts;
  }
}

package dev.lawfit.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses gzip data (RFC 1952), member after member, in one pass. Unlike {@link
 * java.util.zip.GZIPInputStream}, which ignores whatever follows the last member, bytes after it
 * that do not start another member are an error; so is output beyond a size limit, reported as soon
 * as it is reached.
 */
final class GzipInput extends InputStream {
  /** An error in the compressed data, worded for the user; the loader adds the file name. */
  static final class Corrupt extends IOException {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message);
    }
  }

  /** More output than the decompressed-bytes limit allows. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("decompressed-bytes");
    }
  }

  private final PushbackInputStream in;
  private final long limit;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] input = new byte[1 << 16];
  private final byte[] one = new byte[1];
  private int lastLength;
  private long total;
  private boolean inMember;
  private boolean done;

  GzipInput(InputStream in, long limit) throws IOException {
    this.in = new PushbackInputStream(in, input.length);
    this.limit = limit;
    if (!header(true)) {
      throw new Corrupt("not gzip data, though the name ends in .gz");
    }
  }

  /** Reads a member header; false at a clean end of input (only allowed between members). */
  private boolean header(boolean first) throws IOException {
    int b1 = in.read();
    if (b1 < 0) {
      if (first) {
        throw new Corrupt("not gzip data, though the name ends in .gz");
      }
      return false;
    }
    int b2 = in.read();
    if (b1 != 0x1f || b2 != 0x8b) {
      throw new Corrupt(
          first
              ? "not gzip data, though the name ends in .gz"
              : "trailing data after the gzip stream: the file is damaged or has something appended");
    }
    int method = next();
    int flags = next();
    if (method != 8) {
      throw new Corrupt("corrupt gzip data: unsupported compression method " + method);
    }
    skip(6); // mtime, extra flags, operating system
    if ((flags & 4) != 0) { // FEXTRA
      skip(next() | next() << 8);
    }
    if ((flags & 8) != 0) { // FNAME
      while (next() != 0) {
        // skip the original file name
      }
    }
    if ((flags & 16) != 0) { // FCOMMENT
      while (next() != 0) {
        // skip the comment
      }
    }
    if ((flags & 2) != 0) { // FHCRC
      skip(2);
    }
    inflater.reset();
    crc.reset();
    inMember = true;
    return true;
  }

  private int next() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new Corrupt("the gzip data ends early: the file is truncated");
    }
    return b;
  }

  private void skip(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      next();
    }
  }

  private long uint32() throws IOException {
    return next() | (long) next() << 8 | (long) next() << 16 | (long) next() << 24;
  }

  @Override
  public int read() throws IOException {
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!done) {
      if (!inMember) {
        if (!header(false)) {
          done = true;
          break;
        }
      }
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new Corrupt("corrupt gzip data: " + e.getMessage());
      }
      if (n > 0) {
        crc.update(b, off, n);
        total += n;
        if (total > limit) {
          throw new TooLarge();
        }
        return n;
      }
      if (inflater.finished()) {
        int rest = inflater.getRemaining();
        if (rest > 0) {
          in.unread(input, lastLength - rest, rest);
        }
        if (uint32() != crc.getValue() || uint32() != (inflater.getBytesWritten() & 0xffffffffL)) {
          throw new Corrupt("corrupt gzip data: the checksum does not match");
        }
        inMember = false;
      } else if (inflater.needsInput()) {
        int read = in.read(input, 0, input.length);
        if (read < 0) {
          throw new Corrupt("the gzip data ends early: the file is truncated");
        }
        lastLength = read;
        inflater.setInput(input, 0, read);
      } else {
        throw new Corrupt("corrupt gzip data: a preset dictionary");
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }
}

package dev.lawfit.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text of a log, decoded in one pass: UTF-8 by default, UTF-16 or UTF-32 when the file starts
 * with their byte order mark (the mark itself is not text). Bytes that do not decode stop the read
 * with an error that names their line and character, counted as the text goes by, so the file is
 * never read twice.
 */
final class TextInput extends Reader {
  /** Bytes that are not text in the file's encoding, or binary data; carries the user's message. */
  static final class NotText extends IOException {
    private static final long serialVersionUID = 1L;
    final InputException error;

    NotText(InputException error) {
      super(error.getMessage());
      this.error = error;
    }
  }

  private static final int BINARY_PROBE = 8192;

  private final InputStream in;
  private final String name;
  private final Charset charset;
  private final CharsetDecoder decoder;
  private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
  private final CharBuffer chars = CharBuffer.allocate(1 << 16);
  private boolean end;
  private boolean flushed;
  private long line = 1;
  private long character = 1;

  TextInput(InputStream in, String name) throws IOException {
    this.in = in;
    this.name = name;
    fill(BINARY_PROBE);
    bytes.flip();
    this.charset = byteOrderMark();
    if (charset == StandardCharsets.UTF_8) {
      for (int i = bytes.position(); i < bytes.limit(); i++) {
        if (bytes.get(i) == 0) {
          throw new NotText(
              new InputException(
                  name,
                  0,
                  0,
                  "binary data, not a text log (lawfit reads CSV, TSV, JSON Lines or JSON as UTF-8, or UTF-16/32 with a byte order mark)"));
        }
      }
    }
    bytes.compact();
    this.decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    chars.flip();
  }

  /** Reads until the buffer holds at least {@code want} bytes or the input ends. */
  private void fill(int want) throws IOException {
    while (bytes.position() < want && !end) {
      int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n < 0) {
        end = true;
      } else {
        bytes.position(bytes.position() + n);
      }
    }
  }

  /** The encoding a byte order mark names, skipping the mark; UTF-8 without one. */
  private Charset byteOrderMark() {
    int n = bytes.remaining();
    int b0 = n > 0 ? bytes.get(0) & 0xff : -1;
    int b1 = n > 1 ? bytes.get(1) & 0xff : -1;
    int b2 = n > 2 ? bytes.get(2) & 0xff : -1;
    int b3 = n > 3 ? bytes.get(3) & 0xff : -1;
    if (b0 == 0xef && b1 == 0xbb && b2 == 0xbf) {
      bytes.position(3);
      return StandardCharsets.UTF_8;
    }
    if (b0 == 0 && b1 == 0 && b2 == 0xfe && b3 == 0xff) {
      bytes.position(4);
      return Charset.forName("UTF-32BE");
    }
    if (b0 == 0xff && b1 == 0xfe && b2 == 0 && b3 == 0) {
      bytes.position(4);
      return Charset.forName("UTF-32LE");
    }
    if (b0 == 0xfe && b1 == 0xff) {
      bytes.position(2);
      return StandardCharsets.UTF_16BE;
    }
    if (b0 == 0xff && b1 == 0xfe) {
      bytes.position(2);
      return StandardCharsets.UTF_16LE;
    }
    return StandardCharsets.UTF_8;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!chars.hasRemaining()) {
      if (flushed) {
        return -1;
      }
      decodeMore();
    }
    int n = Math.min(len, chars.remaining());
    chars.get(cbuf, off, n);
    return n;
  }

  private void decodeMore() throws IOException {
    chars.clear();
    if (!end && bytes.position() < bytes.capacity()) {
      int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n < 0) {
        end = true;
      } else {
        bytes.position(bytes.position() + n);
      }
    }
    bytes.flip();
    CoderResult result = decoder.decode(bytes, chars, end);
    if (!result.isError() && end && !bytes.hasRemaining()) {
      result = decoder.flush(chars);
      flushed = !result.isOverflow();
    }
    chars.flip();
    count();
    if (result.isError()) {
      throw new NotText(notText(bytes.get(bytes.position()) & 0xff));
    }
    if (end && bytes.hasRemaining() && result.isUnderflow()) {
      // An incomplete character at the very end.
      throw new NotText(notText(bytes.get(bytes.position()) & 0xff));
    }
    bytes.compact();
  }

  private void count() {
    for (int i = chars.position(); i < chars.limit(); i++) {
      if (chars.get(i) == '\n') {
        line++;
        character = 1;
      } else {
        character++;
      }
    }
  }

  private InputException notText(int b) {
    String encoding = charset.name().toUpperCase(Locale.ROOT);
    String fix = charset == StandardCharsets.UTF_8 ? "; save the file as UTF-8" : "";
    return new InputException(
        name,
        line,
        0,
        String.format(
            Locale.ROOT,
            "not %s text: byte 0x%02X at character %d of this line%s",
            encoding,
            b,
            character,
            fix));
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

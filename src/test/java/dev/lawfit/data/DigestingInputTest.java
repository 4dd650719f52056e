package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DigestingInputTest {

  private static String sha256(byte[] bytes, int length) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(bytes, 0, length);
    return HexFormat.of().formatHex(md.digest());
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  @Test
  void digestsEveryByteReadWhateverTheReadsLookLike() throws Exception {
    byte[] data = randomBytes(3_000_017, 1);
    var in = new DigestingInput(new ByteArrayInputStream(data));
    var random = new SplittableRandom(2);
    byte[] buffer = new byte[70_000];
    long read = 0;
    while (true) {
      int kind = random.nextInt(3);
      long n;
      if (kind == 0) {
        int b = in.read();
        n = b < 0 ? -1 : 1;
      } else if (kind == 1) {
        int off = random.nextInt(100);
        n = in.read(buffer, off, 1 + random.nextInt(buffer.length - off - 1));
      } else {
        n = in.skip(1 + random.nextInt(20_000));
        if (n == 0 && read == data.length) {
          n = -1;
        }
      }
      if (n < 0) {
        break;
      }
      read += n;
    }
    assertEquals(data.length, read);
    assertEquals(sha256(data, data.length), in.hex());
  }

  @Test
  void aReadThatStopsEarlyDigestsWhatWasReadAndEndsItsThread() throws Exception {
    byte[] data = randomBytes(100_000, 3);
    byte[] buffer = new byte[4096];
    String hex;
    try (var in = new DigestingInput(new ByteArrayInputStream(data))) {
      for (int i = 0; i < 5; i++) {
        assertEquals(buffer.length, in.read(buffer, 0, buffer.length));
      }
      hex = in.hex();
    }
    assertEquals(sha256(data, 5 * buffer.length), hex);
  }

  @Test
  void aReadErrorStillEndsTheDigest() throws Exception {
    InputStream failing =
        new InputStream() {
          int left = 10_000;

          @Override
          public int read() throws IOException {
            if (left-- == 0) {
              throw new IOException("disk gone");
            }
            return 7;
          }
        };
    var in = new DigestingInput(failing);
    byte[] buffer = new byte[1000];
    assertThrows(
        IOException.class,
        () -> {
          while (in.read(buffer, 0, buffer.length) >= 0) {
            // keep reading until the error
          }
        });
    in.close();
    byte[] sevens = new byte[10_000];
    java.util.Arrays.fill(sevens, (byte) 7);
    assertEquals(sha256(sevens, sevens.length), in.hex());
  }
}

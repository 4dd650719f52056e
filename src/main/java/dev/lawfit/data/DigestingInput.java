package dev.lawfit.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An input stream that computes the SHA-256 of the bytes read through it on a thread of its own, as
 * {@link java.security.DigestInputStream} would on the reader's: a parse keeps one core busy and
 * leaves the other idle, and under the launcher's C1 compiler (which has no SHA intrinsic) the
 * digest of the 15.6 MB Hitchhiker table cost 120 ms of the reading thread's time (MessageDigest
 * over the file's bytes in a fresh JVM, 3 runs: 120 ms with -XX:TieredStopAtLevel=1, 11 ms with
 * C2), 15% of the load's samples (JFR at 1 ms, {@code inspect} of that table). Each chunk read is
 * copied and queued in order; the queue is bounded, so the digest never falls more than {@value
 * #QUEUED} chunks behind. The same digest as a DigestInputStream of the same reads.
 */
final class DigestingInput extends FilterInputStream {
  private static final int QUEUED = 256;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUED);
  private final Thread thread;
  private volatile byte[] digest;
  private volatile NoSuchAlgorithmException missing;
  private boolean ended;

  DigestingInput(InputStream in) {
    super(in);
    thread = new Thread(this::digestChunks, "lawfit-sha256");
    thread.setDaemon(true);
    thread.start();
  }

  private void digestChunks() {
    // Looked up here, not by the reader: the first lookup of a security provider was 1.4% of the
    // CPU time of a short fit (async-profiler), and here it overlaps the parse.
    MessageDigest sha = null;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      missing = e; // still takes every chunk, so the reader never blocks; hex() reports it
    }
    try {
      for (byte[] chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
        if (sha != null) {
          sha.update(chunk);
        }
      }
      if (sha != null) {
        digest = sha.digest();
      }
    } catch (InterruptedException e) {
      // Not interrupted by lawfit; the reader then finds no digest.
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      hand(new byte[] {(byte) b});
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      hand(Arrays.copyOfRange(b, off, off + n));
    }
    return n;
  }

  /** Skips by reading, so the skipped bytes are digested too. */
  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    return Math.max(0, read(buffer, 0, buffer.length));
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** Ends the stream's bytes (once) and the digesting thread with them. */
  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      end();
    }
  }

  /** The hex SHA-256 of every byte read; closes the stream first. */
  String hex() throws IOException {
    close();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the file's checksum");
    }
    if (missing != null) {
      throw new IllegalStateException("every Java runtime has SHA-256", missing);
    }
    byte[] d = digest;
    if (d == null) {
      throw new InterruptedIOException("the file's checksum was interrupted");
    }
    return HexFormat.of().formatHex(d);
  }

  private void end() throws InterruptedIOException {
    if (!ended) {
      ended = true;
      hand(END);
    }
  }

  private void hand(byte[] chunk) throws InterruptedIOException {
    try {
      chunks.put(chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading");
    }
  }
}

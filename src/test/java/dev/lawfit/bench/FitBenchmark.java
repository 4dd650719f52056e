package dev.lawfit.bench;

import dev.lawfit.TestData;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.Fitter;
import dev.lawfit.fit.Observations;
import dev.lawfit.law.Chinchilla;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Speed of the engine on the 245 chinchilla-isoflop points (Hitchhiker data; a synthetic set of the
 * same size when the shared folder is absent). Targets: one default-start fit well under 100 ms,
 * 1,000 bootstrap resamples under 2 s on 2 threads.
 *
 * <p>Not a test (surefire only runs *Test, *Tests, Test*). Run from the project root:
 *
 * <pre>
 * scripts/harness org.openjdk.jmh.Main FitBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FitBenchmark {

  private Observations points;
  private final Chinchilla law = new Chinchilla();

  @Setup
  public void load() throws IOException {
    points =
        TestData.hitchhiker("chinchilla-isoflop", null, 0)
            .orElseGet(
                () ->
                    TestData.syntheticChinchilla(TestData.HOFFMANN, 15, 16, 0.02, 1)
                        .subset(java.util.stream.IntStream.range(0, 245).toArray()));
  }

  /** One fit, default start strategy (12 of Hoffmann's 4,500 grid points after screening). */
  @Benchmark
  public FitResult defaultFit() throws FitException {
    return Fitter.fit(law, points, FitOptions.defaults());
  }

  /** The same fit plus 1,000 case-bootstrap resamples on 2 threads. */
  @Benchmark
  public FitResult bootstrap1000() throws FitException {
    return Fitter.fit(law, points, FitOptions.defaults().withBootstrap(1000, 42).withThreads(2));
  }
}

package dev.lawfit.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * How a command's first picocli model splits (issue 15): run once per fresh JVM, it builds the
 * root's model and one subcommand's, as {@code Cli} does, and prints how long each took, after
 * nothing ({@code cold}), after the JDK has parsed the annotations of a small unrelated command
 * ({@code annotations}: proxy classes of picocli's annotation types made, Object's methods read),
 * or after picocli has built, parsed and rendered the help of that command ({@code picocli}). What
 * {@code picocli} leaves is the part a model written without reflection could save at most; the
 * rest is picocli's own first run, paid by any model.
 *
 * <pre>
 * scripts/harness ModelBuild InspectCommand cold|annotations|picocli
 * </pre>
 *
 * For the launcher's conditions run the same class with its options and archive: {@code java
 * -XX:TieredStopAtLevel=1 -XX:+UseParallelGC -XX:SharedArchiveFile=target/lawfit.jsa -cp
 * target/lawfit.jar:target/test-classes dev.lawfit.bench.ModelBuild InspectCommand cold}.
 */
public final class ModelBuild {
  private ModelBuild() {}

  static final class Extra {
    @Option(names = "--m", paramLabel = "M", description = "m")
    double m;
  }

  static final class Either {
    @Option(names = "--one")
    boolean one;

    @Option(names = "--two")
    boolean two;
  }

  @Command(name = "small", mixinStandardHelpOptions = true, description = "A small command.")
  static final class Small implements Callable<Integer> {
    @Option(
        names = {"-o", "--out"},
        paramLabel = "FILE",
        description = "o")
    java.nio.file.Path out;

    @Option(names = "--n", split = ",", description = "n")
    List<Double> n;

    @Parameters(paramLabel = "LOG", description = "l")
    List<java.nio.file.Path> logs;

    @Mixin Extra extra;

    @ArgGroup(exclusive = true)
    Either either;

    @Override
    public Integer call() {
      return 0;
    }
  }

  private static void readAnnotations(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        for (java.lang.annotation.Annotation a : f.getAnnotations()) {
          a.hashCode(); // the annotation type's members, as picocli reads them
        }
        if (f.isAnnotationPresent(Mixin.class) || f.isAnnotationPresent(ArgGroup.class)) {
          readAnnotations(f.getType());
        }
      }
      c.getAnnotations();
    }
    for (java.lang.reflect.Method m : Object.class.getDeclaredMethods()) {
      m.getAnnotations();
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ModelBuild COMMAND-CLASS cold|annotations|picocli");
      System.exit(2);
    }
    Class<?> sub = Class.forName("dev.lawfit.cli." + args[0]);
    Class<?> root = Class.forName("dev.lawfit.cli.LawfitCommand");
    long t0 = System.nanoTime();
    switch (args[1]) {
      case "cold" -> {}
      case "annotations" -> readAnnotations(Small.class);
      case "picocli" -> {
        CommandLine small = new CommandLine(new Small());
        small.parseArgs("--n", "1,2", "--one", "x.csv");
        small.getUsageMessage();
      }
      default -> throw new IllegalArgumentException(args[1]);
    }
    long t1 = System.nanoTime();
    var constructor = root.getDeclaredConstructor();
    constructor.setAccessible(true);
    CommandLine cli = new CommandLine(constructor.newInstance());
    long t2 = System.nanoTime();
    cli.addSubcommand("sub", sub);
    long t3 = System.nanoTime();
    System.out.printf(
        "%s %s: before %.1f ms, root model %.1f ms, %s model %.1f ms, both %.1f ms%n",
        args[0],
        args[1],
        (t1 - t0) / 1e6,
        (t2 - t1) / 1e6,
        args[0],
        (t3 - t2) / 1e6,
        (t3 - t1) / 1e6);
  }
}

package dev.lawfit.cli;

import dev.lawfit.data.Format;
import dev.lawfit.data.OnDuplicate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.TypeConversionException;

/**
 * Enum values as users type them: lowercase, with {@code -} where the constant has {@code _}
 * ({@code gradient-noise}). The nested classes are picocli completion candidates, so help texts
 * (${COMPLETION-CANDIDATES}) and the completion script show the same spelling.
 */
class EnumValues implements Iterable<String> {
  private final List<String> values;

  EnumValues(Class<? extends Enum<?>> type) {
    values = new ArrayList<>();
    for (Enum<?> e : type.getEnumConstants()) {
      values.add(spell(e));
    }
  }

  EnumValues(String... values) {
    this.values = List.of(values);
  }

  @Override
  public Iterator<String> iterator() {
    return values.iterator();
  }

  /** How the command line spells {@code e}. */
  static String spell(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant {@code value} spells, in any case, with {@code -} or {@code _}. */
  static <E extends Enum<E>> E parse(Class<E> type, String value) {
    for (E e : type.getEnumConstants()) {
      if (spell(e).equalsIgnoreCase(value.replace('_', '-'))) {
        return e;
      }
    }
    throw new TypeConversionException(
        "'" + value + "' is not one of " + String.join(", ", new EnumValues(type)));
  }

  /** The laws of --law, as {@link dev.lawfit.law.Law#byName} reads them. */
  static final class Laws extends EnumValues {
    Laws() {
      super(dev.lawfit.law.Law.NAMES.toArray(String[]::new));
    }
  }

  /** The log formats of --input-format. */
  static final class LogFormats extends EnumValues {
    LogFormats() {
      super(Format.class);
    }
  }

  /** The loss units of --loss-unit. */
  static final class LossUnits extends EnumValues {
    LossUnits() {
      super(dev.lawfit.data.LossUnit.class);
    }
  }

  /** The duplicate policies of --on-duplicate. */
  static final class DuplicatePolicies extends EnumValues {
    DuplicatePolicies() {
      super(OnDuplicate.class);
    }
  }

  /** The inputs of critical-batch --from (a text option: auto is decided after loading). */
  static final class BatchSources extends EnumValues {
    BatchSources() {
      super(CriticalBatchCommand.Source.class);
    }
  }
}

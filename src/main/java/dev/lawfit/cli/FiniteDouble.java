package dev.lawfit.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The converter of every {@code double} and {@code Double} option value (lists and map values
 * included): a number as Java writes it, finite. NaN, infinities and values beyond what a double
 * holds ({@code 1e309}) are usage errors, so they never reach a computation or a document.
 */
final class FiniteDouble implements ITypeConverter<Double> {
  @Override
  public Double convert(String text) {
    double v;
    try {
      v = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is not a number");
    }
    if (Double.isNaN(v)) {
      throw new TypeConversionException("'" + text + "' is not a number (NaN is not accepted)");
    }
    if (Double.isInfinite(v)) {
      throw new TypeConversionException(
          "'" + text + "' is not a finite number (the largest is about 1.8e308)");
    }
    return v;
  }
}

package dev.lawfit.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * Fits of several groups, {@code lawfit.fits/1}: one entry per group in order of first appearance;
 * a group whose fit failed has {@code fit = null} and says why in {@code error}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FitsDocument(
    String schema, String lawfitVersion, String groupBy, List<Group> groups) {
  public static final String SCHEMA = "lawfit.fits/1";

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Group(Map<String, String> key, FitDocument fit, Failure error) {}

  /**
   * Why a group has no fit: the failure reason ({@code no_convergence}, {@code too_few_points},
   * ...) and message.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Failure(String reason, String message) {}
}

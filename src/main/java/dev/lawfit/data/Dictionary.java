package dev.lawfit.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interns the text values of one column: rows store small codes, each distinct text once. */
final class Dictionary {
  private final Map<String, Integer> codes = new HashMap<>();
  private final List<String> values = new ArrayList<>();

  int code(String value) {
    Integer code = codes.get(value);
    if (code == null) {
      code = values.size();
      codes.put(value, code);
      values.add(value);
    }
    return code;
  }

  String value(int code) {
    return values.get(code);
  }

  int size() {
    return values.size();
  }

  List<String> values() {
    return values;
  }
}

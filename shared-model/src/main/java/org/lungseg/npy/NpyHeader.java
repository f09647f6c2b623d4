package org.lungseg.npy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lungseg.volume.InvalidScanException;

/**
 * The header of a {@code .npy} file: a Python dict literal with exactly the keys {@code descr},
 * {@code fortran_order} and {@code shape}, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (512, 512, 301), }}. Parsed by a small
 * literal reader (strings, booleans, integer tuples), never evaluated.
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

    static NpyHeader parse(String text) {
        Map<String, Object> dict = new Literal(text).dictionary();
        if (dict.size() != 3 || !dict.containsKey("descr") || !dict.containsKey("fortran_order")
                || !dict.containsKey("shape")) {
            throw invalid("the header must have exactly the keys descr, fortran_order and shape, has " + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new InvalidScanException("unsupported .npy dtype " + dict.get("descr")
                    + ": structured (record) arrays are not supported; supported are " + NpyDtype.SUPPORTED);
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw invalid("fortran_order must be True or False, is " + dict.get("fortran_order"));
        }
        if (!(dict.get("shape") instanceof long[] shape)) {
            throw invalid("shape must be a tuple of integers, is " + dict.get("shape"));
        }
        return new NpyHeader(descr, fortran, shape);
    }

    String format() {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",), }" : "), }").toString();
    }

    private static InvalidScanException invalid(String why) {
        return new InvalidScanException("not a readable .npy header: " + why);
    }

    /** Recursive-descent reader of the few Python literal forms a header may hold. */
    private static final class Literal {
        private final String s;
        private int pos;

        Literal(String s) {
            this.s = s;
        }

        Map<String, Object> dictionary() {
            expect('{');
            Map<String, Object> dict = new HashMap<>();
            while (peek() != '}') {
                Object key = value();
                if (!(key instanceof String name)) {
                    throw invalid("dictionary keys must be strings at character " + pos);
                }
                expect(':');
                if (dict.put(name, value()) != null) {
                    throw invalid("duplicate key '" + name + "'");
                }
                if (peek() != '}') {
                    expect(',');
                }
            }
            pos++;
            if (peek() != 0) {
                throw invalid("unexpected text after the dictionary at character " + pos);
            }
            return dict;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string(c);
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[' || c == '{') {
                return skipNested();
            }
            return word();
        }

        /** True, False, an integer, or any other bare word (kept as text for error messages). */
        private Object word() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '-'
                    || s.charAt(pos) == '_' || s.charAt(pos) == '.')) {
                pos++;
            }
            String word = s.substring(start, pos);
            return switch (word) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "" -> throw invalid("expected a value at character " + start);
                default -> integerOrWord(word);
            };
        }

        private Object integerOrWord(String word) {
            // Python 2 era headers may write long integers as 3L.
            String digits = word.endsWith("L") ? word.substring(0, word.length() - 1) : word;
            if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
                try {
                    return Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    throw invalid("dimension " + word + " is too large");
                }
            }
            return word;
        }

        private String string(char quote) {
            int start = ++pos;
            while (pos < s.length() && s.charAt(pos) != quote) {
                if (s.charAt(pos) == '\\') {
                    throw invalid("escape sequences in strings are not supported (character " + pos + ")");
                }
                pos++;
            }
            if (pos >= s.length()) {
                throw invalid("unterminated string starting at character " + (start - 1));
            }
            return s.substring(start, pos++);
        }

        private Object tuple() {
            pos++;
            List<Long> items = new ArrayList<>();
            while (peek() != ')') {
                // Entries are read as plain words, never as nested values: no recursion to exhaust.
                if (!(peek() != '(' && peek() != '\'' && peek() != '"' && word() instanceof Long n)) {
                    throw invalid("shape entries must be non-negative integers (character " + pos + ")");
                }
                items.add(n);
                if (peek() != ')') {
                    expect(',');
                }
            }
            pos++;
            return items.stream().mapToLong(Long::longValue).toArray();
        }

        /** A list or dict value (a structured dtype): kept only as text for the error message. */
        private Object skipNested() {
            int start = pos;
            int depth = 0;
            do {
                char c = s.charAt(pos++);
                if (c == '[' || c == '{' || c == '(') {
                    depth++;
                } else if (c == ']' || c == '}' || c == ')') {
                    depth--;
                }
                if (pos >= s.length() && depth > 0) {
                    throw invalid("unbalanced brackets from character " + start);
                }
            } while (depth > 0);
            return new StringBuilder(s.substring(start, Math.min(pos, start + 60)));
        }

        private void expect(char c) {
            if (peek() != c) {
                throw invalid("expected '" + c + "' at character " + pos + (pos < s.length()
                        ? ", found '" + s.charAt(pos) + "'" : ", found the end of the header"));
            }
            pos++;
        }

        /** Next non-blank character without consuming it, 0 at the end. */
        private char peek() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }
    }
}

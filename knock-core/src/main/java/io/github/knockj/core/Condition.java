package io.github.knockj.core;

import io.github.knockj.core.internal.Json;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A condition expressed as data, so it can be stored: {@code variable operator argument}, where the
 * variable is a dotted path into the run's values ({@code data.priority}, {@code recipient.plan},
 * {@code tenant.id}, {@code actor.id}). A missing variable reads as null. Used in preference sets;
 * workflow steps take plain Java predicates instead.
 *
 * @param variable dotted path, such as {@code data.priority}
 * @param operator how to compare
 * @param argument the value compared against; null for the unary operators
 */
public record Condition(String variable, Operator operator, Object argument) {

    /** Comparison operators. Ordering operators compare numbers numerically and anything else as text. */
    public enum Operator {
        /** Equal; numbers by value, values of different types by their text. */
        EQUAL_TO,
        /** Not {@link #EQUAL_TO}. */
        NOT_EQUAL_TO,
        /** Greater than the argument. */
        GREATER_THAN,
        /** Less than the argument; false when the variable is missing. */
        LESS_THAN,
        /** Greater than or equal to the argument. */
        GREATER_THAN_OR_EQUAL_TO,
        /** Less than or equal to the argument; false when the variable is missing. */
        LESS_THAN_OR_EQUAL_TO,
        /** A list holding the argument, a string containing it, or a map with it as a key. */
        CONTAINS,
        /** Not {@link #CONTAINS}. */
        NOT_CONTAINS,
        /** Missing, or an empty string, list or map. */
        EMPTY,
        /** Not {@link #EMPTY}. */
        NOT_EMPTY,
        /** Present (not null). */
        EXISTS,
        /** Missing or null. */
        NOT_EXISTS
    }

    /**
     * Validates the condition and copies the argument.
     *
     * @param variable dotted path, such as {@code data.priority}
     * @param operator how to compare
     * @param argument the value compared against; null for the unary operators
     * @throws InvalidInputException for a blank variable, a null operator or an argument that is not
     *     JSON-compatible
     */
    public Condition {
        if (variable == null || variable.isBlank()) {
            throw new InvalidInputException("condition.variable", "must not be blank");
        }
        if (operator == null) {
            throw new InvalidInputException("condition.operator", "must not be null");
        }
        argument = Json.copyValue("condition.argument", argument, 0);
    }

    /**
     * A condition; same as the constructor.
     *
     * @param variable dotted path, such as {@code data.priority}
     * @param operator how to compare
     * @param argument a JSON-compatible value, or null for the unary operators
     * @return the condition
     */
    public static Condition of(String variable, Operator operator, Object argument) {
        return new Condition(variable, operator, argument);
    }

    /**
     * Evaluates against {@code values}, a map with top-level keys such as {@code data} and {@code recipient}.
     *
     * @param values the run's values
     * @return true if the condition holds
     */
    public boolean test(Map<String, Object> values) {
        Object v = resolve(values, variable);
        return switch (operator) {
            case EQUAL_TO -> looseEquals(v, argument);
            case NOT_EQUAL_TO -> !looseEquals(v, argument);
            case GREATER_THAN -> compare(v, argument) > 0;
            case LESS_THAN -> v != null && compare(v, argument) < 0;
            case GREATER_THAN_OR_EQUAL_TO -> compare(v, argument) >= 0;
            case LESS_THAN_OR_EQUAL_TO -> v != null && compare(v, argument) <= 0;
            case CONTAINS -> contains(v, argument);
            case NOT_CONTAINS -> !contains(v, argument);
            case EMPTY -> isEmpty(v);
            case NOT_EMPTY -> !isEmpty(v);
            case EXISTS -> v != null;
            case NOT_EXISTS -> v == null;
        };
    }

    /**
     * Follows a dotted path through nested maps; null where any part is missing.
     *
     * @param values the root map
     * @param path a dotted path
     * @return the value, or null
     */
    public static Object resolve(Map<String, Object> values, String path) {
        Object cur = values;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) return null;
            cur = m.get(part);
        }
        return cur;
    }

    private static boolean looseEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a != null && b != null && a.getClass() != b.getClass()) {
            return a.toString().equals(b.toString());
        }
        return Objects.equals(a, b);
    }

    private static int compare(Object a, Object b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) return x.compareTo(y);
        return a.toString().compareTo(b.toString());
    }

    private static BigDecimal number(Object o) {
        if (o instanceof Number n) return new BigDecimal(n.toString());
        if (o instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean contains(Object v, Object arg) {
        if (v instanceof Collection<?> c) return c.stream().anyMatch(x -> looseEquals(x, arg));
        if (v instanceof String s) return arg != null && s.contains(arg.toString());
        if (v instanceof Map<?, ?> m) return arg != null && m.containsKey(arg.toString());
        return false;
    }

    private static boolean isEmpty(Object v) {
        return v == null || v instanceof String s && s.isEmpty() || v instanceof Collection<?> c && c.isEmpty()
                || v instanceof Map<?, ?> m && m.isEmpty();
    }

    /**
     * The stored form: {@code {variable, operator, argument}}.
     *
     * @return a new JSON-compatible map; the operator in lower case
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("variable", variable);
        m.put("operator", operator.name().toLowerCase(java.util.Locale.ROOT));
        m.put("argument", argument);
        return m;
    }

    /**
     * Reads the form {@link #toMap()} writes.
     *
     * @param m the stored form
     * @return the condition
     * @throws InvalidInputException for an unknown operator or an invalid condition
     */
    public static Condition fromMap(Map<?, ?> m) {
        Object op = m.get("operator");
        Operator operator;
        try {
            operator = Operator.valueOf(String.valueOf(op).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("condition.operator", "unknown operator '" + op + "'; known: " + List.of(Operator.values()));
        }
        return new Condition(String.valueOf(m.get("variable")), operator, m.get("argument"));
    }
}

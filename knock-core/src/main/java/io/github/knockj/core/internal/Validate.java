package io.github.knockj.core.internal;

import io.github.knockj.core.InvalidInputException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.regex.Pattern;

/** Input checks shared by the public model types. Each failure names the field. */
public final class Validate {
    /** The longest id accepted for users, objects, tenants, collections and workflows. */
    public static final int MAX_ID_LENGTH = 256;
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private Validate() {}

    /** Non-blank, at most {@link #MAX_ID_LENGTH} characters, no {@code /}, {@code #} or control characters. */
    public static String id(String field, String value) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        if (value.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidInputException(field, "is " + value.length() + " characters, over the limit of " + MAX_ID_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '#') {
                throw new InvalidInputException(field, "must not contain '" + c + "', was '" + value + "'");
            }
            if (Character.isISOControl(c)) {
                throw new InvalidInputException(field, "must not contain control characters");
            }
        }
        return value;
    }

    public static String phone(String field, String value) {
        if (value != null && !E164.matcher(value).matches()) {
            throw new InvalidInputException(field, "must be an E.164 number such as +14155550123, was '" + value + "'");
        }
        return value;
    }

    public static String timezone(String field, String value) {
        if (value != null) {
            try {
                ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new InvalidInputException(field, "is not a known time zone: '" + value + "'");
            }
        }
        return value;
    }

    public static String email(String field, String value) {
        if (value != null) {
            int at = value.indexOf('@');
            if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1 || value.length() > 320
                    || value.chars().anyMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch))) {
                throw new InvalidInputException(field, "is not an email address: '" + value + "'");
            }
        }
        return value;
    }

    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        return value;
    }
}

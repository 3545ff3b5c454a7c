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

    /**
     * Non-blank, at most {@link #MAX_ID_LENGTH} characters, no {@code /}, {@code #}, control
     * characters (NUL included) or unpaired UTF-16 surrogates.
     */
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
        return unicode(field, value);
    }

    /**
     * {@code value} (may be null) if it is text every store keeps exactly: no NUL ({@code U+0000},
     * which PostgreSQL cannot store) and no unpaired UTF-16 surrogate (not Unicode, so not encodable
     * as UTF-8: PostgreSQL's driver turns it into {@code ?}).
     *
     * @throws InvalidInputException naming {@code field} and the position otherwise
     */
    public static String text(String field, String value) {
        if (value != null) {
            int nul = value.indexOf('\u0000');
            if (nul >= 0) throw new InvalidInputException(field, "must not contain NUL (U+0000), found at index " + nul);
            unicode(field, value);
        }
        return value;
    }

    private static String unicode(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            throw new InvalidInputException(field, String.format(
                    "must be valid Unicode text, found an unpaired surrogate U+%04X at index %d", (int) c, i));
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
            text(field, value);
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

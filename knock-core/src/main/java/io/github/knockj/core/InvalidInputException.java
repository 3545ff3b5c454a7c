package io.github.knockj.core;

/**
 * Input given to the API was rejected before anything was written. The message names the field and
 * the offending value; {@link #field()} gives the field path for programmatic handling.
 */
public class InvalidInputException extends KnockException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The path of the rejected field, such as {@code user.email} or {@code trigger.recipients[3]}. */
    public String field() {
        return field;
    }
}

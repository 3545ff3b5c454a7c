package io.github.knockj.core;

/**
 * Input given to the API was rejected before anything was written. The message names the field and
 * the offending value; {@link #field()} gives the field path for programmatic handling.
 */
public class InvalidInputException extends KnockException {
    /** The path of the rejected field. */
    private final String field;

    /**
     * An exception whose message is {@code field + ": " + message}.
     *
     * @param field the path of the rejected field
     * @param message what is wrong, naming the offending value
     */
    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /**
     * The path of the rejected field, such as {@code user.email} or {@code trigger.recipients[3]}.
     *
     * @return the field path
     */
    public String field() {
        return field;
    }
}

package io.github.knockj.core.spi;

import io.github.knockj.core.internal.Ids;

/**
 * Ids for the records a {@link Store} creates on its own, such as the batch a
 * {@link Store#addToBatch batch join} opens. They have the form of every knock id: 26 characters of
 * Crockford base 32, ordered by creation time, so sorting ids sorts records by age.
 */
public final class StoreIds {
    private StoreIds() {}

    /**
     * A new id, unique within this process and, with overwhelming probability, across processes.
     *
     * @return a 26-character, time-ordered id
     */
    public static String next() {
        return Ids.next();
    }
}

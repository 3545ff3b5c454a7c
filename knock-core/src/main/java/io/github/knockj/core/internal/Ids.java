package io.github.knockj.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Identifiers: 26-character, lexicographically time-ordered ids (48 bits of milliseconds, then 80
 * bits that increase within a millisecond in this process and start at a random point), in
 * Crockford base 32, like ULIDs. Sorting ids sorts by creation time, which feeds use for paging.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final AtomicLong LAST = new AtomicLong();
    private static final long NODE_BITS = ThreadLocalRandom.current().nextLong() & 0xFFFFL;
    /** A digest per thread: looking one up cost more than hashing a run's key, and every run id is derived. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private Ids() {}

    /** A new time-ordered id, unique within this process and, with overwhelming probability, across processes. */
    public static String next() {
        long millis = System.currentTimeMillis();
        // 48 bits of time and a 16-bit sequence in one long keep ids monotonic within the process.
        long packed = LAST.updateAndGet(prev -> {
            long candidate = millis << 16;
            return candidate > prev ? candidate : prev + 1;
        });
        long time = packed >>> 16;
        long seq = packed & 0xFFFFL;
        long random = ThreadLocalRandom.current().nextLong();
        byte[] out = new byte[26]; // Latin-1: the String takes one copy of it (a char[] would be compressed into a second array)
        // 10 chars of time (50 bits, top 2 zero), then 16 chars (80 bits): 16 seq, 16 node, 48 random.
        encode(time, 10, out, 0);
        long hi = (seq << 16) | NODE_BITS; // 32 bits
        encode(hi, 7, out, 10);            // 35 bits worth (top 3 zero)
        encode(random >>> 19, 9, out, 17); // 45 bits
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * A deterministic id for the pair, so re-executing work after a crash derives the same id. If
     * {@code a} is an id of this kind, the derived id starts with its time, so that the ids derived
     * from one trigger sort with it and a database inserts them near each other in its indexes
     * rather than at random places; the other 80 bits come from a digest of the pair.
     */
    public static String derived(String a, String b) {
        MessageDigest md = SHA_256.get();
        md.update(a.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(b.getBytes(StandardCharsets.UTF_8));
        byte[] d = md.digest();
        long x = 0, y = 0;
        for (int i = 0; i < 8; i++) x = (x << 8) | (d[i] & 0xFF);
        for (int i = 8; i < 16; i++) y = (y << 8) | (d[i] & 0xFF);
        byte[] out = new byte[26];
        encode(x >>> 4, 12, out, 0);
        encode(y >>> 2, 12, out, 12);
        encode(y & 0x3FF, 2, out, 24);
        if (hasTime(a)) for (int i = 0; i < 10; i++) out[i] = (byte) a.charAt(i); // alphabet characters: one byte each
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code id} has the form of the ids made here: 26 characters of the Crockford base 32 alphabet. */
    public static boolean isId(String id) {
        if (id.length() != 26) return false;
        for (int i = 0; i < 26; i++) if (Arrays.binarySearch(ALPHABET, id.charAt(i)) < 0) return false;
        return true;
    }

    /** Whether {@code id} starts with the 10 characters of time of an id made by {@link #next}. */
    private static boolean hasTime(String id) {
        if (id.length() != 26 || id.charAt(0) > '7') return false; // the top 2 of 50 bits are zero
        for (int i = 0; i < 10; i++) if (Arrays.binarySearch(ALPHABET, id.charAt(i)) < 0) return false; // ALPHABET is sorted
        return true;
    }

    private static void encode(long value, int chars, byte[] out, int offset) {
        for (int i = chars - 1; i >= 0; i--) {
            out[offset + i] = (byte) ALPHABET[(int) (value & 31)];
            value >>>= 5;
        }
    }
}

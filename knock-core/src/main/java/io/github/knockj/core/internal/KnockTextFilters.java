package io.github.knockj.core.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import liqp.TemplateContext;
import liqp.filters.Filter;

/** Knock's text helpers: {@code pluralize}, {@code titlecase}, and the digests {@code md5} and {@code hmac_sha256}. */
final class KnockTextFilters {
    private KnockTextFilters() {}

    /**
     * {@code {{ total_actors | pluralize: "user", "users" }}}: the first word when the count is one,
     * else the second (zero, many, negative, fractional and nil counts are not one).
     */
    static final class Pluralize extends Filter {
        Pluralize() {
            super("pluralize");
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            String singular = KnockFilters.required(name, params, 0, "the singular");
            String plural = KnockFilters.required(name, params, 1, "the plural");
            BigDecimal n = KnockFilters.number(name, value);
            return n != null && n.compareTo(BigDecimal.ONE) == 0 ? singular : plural;
        }
    }

    /**
     * {@code {{ "my new project" | titlecase }}} is {@code My New Project}: each word, split at
     * white space, capitalized and the rest of it lower-cased (as Liquid's {@code capitalize} does to a
     * whole text); the white space is kept.
     */
    static final class Titlecase extends Filter {
        Titlecase() {
            super("titlecase");
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            if (value == null) return null;
            String s = asString(value, context);
            StringBuilder b = new StringBuilder(s.length());
            boolean start = true;
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                if (Character.isWhitespace(c)) {
                    start = true;
                    b.appendCodePoint(c);
                } else {
                    b.appendCodePoint(start ? Character.toTitleCase(c) : Character.toLowerCase(c));
                    start = false;
                }
                i += Character.charCount(c);
            }
            return b.toString();
        }
    }

    /** {@code {{ recipient.email | md5 }}}: the MD5 digest of the text's UTF-8 bytes, in lower-case hex. */
    static final class Md5 extends Filter {
        Md5() {
            super("md5");
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            if (value == null) return null;
            try {
                byte[] digest = MessageDigest.getInstance("MD5").digest(asString(value, context).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (GeneralSecurityException e) {
                throw KnockFilters.fail(name, "MD5 is not available: " + e.getMessage());
            }
        }
    }

    /** {@code {{ recipient.id | hmac_sha256: vars.secret }}}: the HMAC-SHA256 of the text under the key, in lower-case hex. */
    static final class HmacSha256 extends Filter {
        HmacSha256() {
            super("hmac_sha256");
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            String key = KnockFilters.required(name, params, 0, "the key");
            if (key.isEmpty()) throw KnockFilters.fail(name, "the key is empty");
            if (value == null) return null;
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return HexFormat.of().formatHex(mac.doFinal(asString(value, context).getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw KnockFilters.fail(name, "HMAC-SHA256 failed: " + e.getMessage());
            }
        }
    }
}

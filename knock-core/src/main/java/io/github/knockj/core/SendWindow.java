package io.github.knockj.core;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * When a channel step may send, in the recipient's time zone (falling back to the tenant's, then
 * UTC): one or more rules, each a set of weekdays and a time range. Outside every rule the message
 * waits and goes out when the next rule opens. A range whose end is before its start spans midnight.
 */
public final class SendWindow {
    /** One rule: on these days, from {@code from} (inclusive) until {@code until} (exclusive). */
    public record Rule(Set<DayOfWeek> days, LocalTime from, LocalTime until) {
        /**
         * Validates the rule and copies {@code days}.
         *
         * @param days the weekdays the rule applies on (for a range spanning midnight, the day it starts)
         * @param from the opening time (inclusive)
         * @param until the closing time (exclusive); before {@code from} to span midnight
         * @throws IllegalArgumentException if {@code days} is null or empty, a time is null, or {@code from}
         *     equals {@code until}
         */
        public Rule {
            if (days == null || days.isEmpty()) throw new IllegalArgumentException("send window rule needs at least one day");
            if (from == null || until == null) throw new IllegalArgumentException("send window rule needs from and until");
            if (from.equals(until)) throw new IllegalArgumentException("send window rule from and until must differ, both were " + from);
            days = Set.copyOf(days);
        }

        boolean contains(ZonedDateTime t) {
            LocalTime time = t.toLocalTime();
            if (from.isBefore(until)) {
                return days.contains(t.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(until);
            }
            // spans midnight: the part after "from" belongs to the day it starts on
            return days.contains(t.getDayOfWeek()) && !time.isBefore(from)
                    || days.contains(t.getDayOfWeek().minus(1)) && time.isBefore(until);
        }
    }

    private final List<Rule> rules;

    private SendWindow(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Every day between {@code from} and {@code until}.
     *
     * @param from the opening time (inclusive)
     * @param until the closing time (exclusive); before {@code from} to span midnight
     * @return the window
     * @throws IllegalArgumentException if a time is null or the two are equal
     */
    public static SendWindow daily(LocalTime from, LocalTime until) {
        return new SendWindow(List.of(new Rule(EnumSet.allOf(DayOfWeek.class), from, until)));
    }

    /**
     * Monday to Friday between {@code from} and {@code until}.
     *
     * @param from the opening time (inclusive)
     * @param until the closing time (exclusive); before {@code from} to span midnight
     * @return the window
     * @throws IllegalArgumentException if a time is null or the two are equal
     */
    public static SendWindow weekdays(LocalTime from, LocalTime until) {
        return new SendWindow(List.of(new Rule(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), from, until)));
    }

    /**
     * A window open whenever any of the rules is.
     *
     * @param rules at least one rule
     * @return the window
     * @throws IllegalArgumentException if no rule is given
     */
    public static SendWindow of(Rule... rules) {
        if (rules.length == 0) throw new IllegalArgumentException("send window needs at least one rule");
        return new SendWindow(List.of(rules));
    }

    /**
     * This window plus another rule.
     *
     * @param days the weekdays of the new rule, at least one
     * @param from the opening time (inclusive)
     * @param until the closing time (exclusive)
     * @return a new window; this one is unchanged
     * @throws IllegalArgumentException if the rule is invalid (see {@link Rule})
     */
    public SendWindow and(Set<DayOfWeek> days, LocalTime from, LocalTime until) {
        List<Rule> r = new ArrayList<>(rules);
        r.add(new Rule(days, from, until));
        return new SendWindow(r);
    }

    /** {@return the rules, unmodifiable, at least one} */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * Whether {@code at} falls inside the window in {@code zone}.
     *
     * @param at the instant to test
     * @param zone the recipient's zone
     * @return true if some rule contains {@code at}
     */
    public boolean isOpen(Instant at, ZoneId zone) {
        ZonedDateTime t = at.atZone(zone);
        for (Rule r : rules) {
            if (r.contains(t)) return true;
        }
        return false;
    }

    /**
     * {@code at} if the window is open then, else the next instant it opens (within 8 days).
     *
     * @param at the instant from which to look
     * @param zone the recipient's zone
     * @return {@code at} or the next opening
     */
    public Instant nextOpening(Instant at, ZoneId zone) {
        if (isOpen(at, zone)) return at;
        ZonedDateTime t = at.atZone(zone);
        Instant best = null;
        for (int day = 0; day <= 8; day++) {
            ZonedDateTime date = t.toLocalDate().plusDays(day).atStartOfDay(zone);
            for (Rule r : rules) {
                if (!r.days().contains(date.getDayOfWeek())) continue;
                Instant open = date.toLocalDate().atTime(r.from()).atZone(zone).toInstant();
                if (open.isAfter(at) && (best == null || open.isBefore(best))) best = open;
            }
            if (best != null) return best;
        }
        throw new IllegalStateException("send window never opens: " + rules);
    }

    @Override
    public String toString() {
        return "SendWindow" + rules;
    }
}

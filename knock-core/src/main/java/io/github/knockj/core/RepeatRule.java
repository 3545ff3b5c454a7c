package io.github.knockj.core;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * When a recurring schedule fires, in the recipient's time zone: every {@code interval} hours, days,
 * weeks or months, at a time of day (or minute past the hour), on given weekdays (weekly) or day of
 * the month (monthly; clamped to the month's last day). Intervals count from the schedule's start.
 *
 * @param frequency hourly, daily, weekly or monthly
 * @param interval every how many periods (at least 1)
 * @param days weekdays for weekly rules (at least one); ignored otherwise
 * @param hour hour of day (0-23), ignored for hourly rules
 * @param minute minute (0-59)
 * @param dayOfMonth day of month for monthly rules (1-31)
 */
public record RepeatRule(Frequency frequency, int interval, Set<DayOfWeek> days, int hour, int minute, int dayOfMonth) {

    /** Repeat periods. */
    public enum Frequency { /** Every {@code interval} hours. */ HOURLY, /** Every {@code interval} days. */ DAILY, /** Every {@code interval} weeks. */ WEEKLY, /** Every {@code interval} months. */ MONTHLY }

    /**
     * Validates the rule and copies {@code days}.
     *
     * @param frequency hourly, daily, weekly or monthly
     * @param interval every how many periods (at least 1)
     * @param days weekdays for weekly rules (at least one); ignored otherwise
     * @param hour hour of day (0-23), ignored for hourly rules
     * @param minute minute (0-59)
     * @param dayOfMonth day of month for monthly rules (1-31)
     * @throws InvalidInputException naming the component, for a null frequency, a value out of range, or a
     *     weekly rule without days
     */
    public RepeatRule {
        if (frequency == null) throw new InvalidInputException("schedule.repeat.frequency", "must not be null");
        if (interval < 1) throw new InvalidInputException("schedule.repeat.interval", "must be at least 1, was " + interval);
        if (hour < 0 || hour > 23) throw new InvalidInputException("schedule.repeat.hour", "must be 0 to 23, was " + hour);
        if (minute < 0 || minute > 59) throw new InvalidInputException("schedule.repeat.minute", "must be 0 to 59, was " + minute);
        if (dayOfMonth < 1 || dayOfMonth > 31) throw new InvalidInputException("schedule.repeat.dayOfMonth", "must be 1 to 31, was " + dayOfMonth);
        days = days == null || days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        if (frequency == Frequency.WEEKLY && days.isEmpty()) {
            throw new InvalidInputException("schedule.repeat.days", "a weekly rule needs at least one weekday");
        }
    }

    /**
     * Every hour at {@code minute} past.
     *
     * @param minute the minute past the hour, 0 to 59
     * @return the rule
     */
    public static RepeatRule hourly(int minute) {
        return new RepeatRule(Frequency.HOURLY, 1, Set.of(), 0, minute, 1);
    }

    /**
     * Every day at {@code time}.
     *
     * @param time the time of day, in the recipient's zone (seconds are ignored)
     * @return the rule
     */
    public static RepeatRule daily(LocalTime time) {
        return new RepeatRule(Frequency.DAILY, 1, Set.of(), time.getHour(), time.getMinute(), 1);
    }

    /**
     * Every week on {@code days} at {@code time}.
     *
     * @param time the time of day, in the recipient's zone (seconds are ignored)
     * @param days the weekdays, at least one
     * @return the rule
     */
    public static RepeatRule weekly(LocalTime time, DayOfWeek... days) {
        return new RepeatRule(Frequency.WEEKLY, 1, Set.of(days), time.getHour(), time.getMinute(), 1);
    }

    /**
     * Every month on {@code dayOfMonth} at {@code time}.
     *
     * @param dayOfMonth 1 to 31; in shorter months, the last day
     * @param time the time of day, in the recipient's zone (seconds are ignored)
     * @return the rule
     */
    public static RepeatRule monthly(int dayOfMonth, LocalTime time) {
        return new RepeatRule(Frequency.MONTHLY, 1, Set.of(), time.getHour(), time.getMinute(), dayOfMonth);
    }

    /**
     * This rule every {@code n} periods instead of every one.
     *
     * @param n the interval, at least 1
     * @return a new rule; this one is unchanged
     */
    public RepeatRule every(int n) {
        return new RepeatRule(frequency, n, days, hour, minute, dayOfMonth);
    }

    /**
     * The first occurrence strictly after {@code after}, in {@code zone}, for a schedule that started
     * at {@code start} (intervals count from there).
     *
     * @param after the occurrence must be strictly after this
     * @param zone the recipient's time zone
     * @param start when the schedule started
     * @return the next occurrence
     */
    public Instant nextAfter(Instant after, ZoneId zone, Instant start) {
        ZonedDateTime from = after.atZone(zone);
        ZonedDateTime anchor = start.atZone(zone);
        if (frequency == Frequency.HOURLY) {
            ZonedDateTime t = from.truncatedTo(ChronoUnit.HOURS).withMinute(minute);
            for (int i = 0; i <= 24 * interval + 2; i++, t = t.plusHours(1)) {
                long hours = ChronoUnit.HOURS.between(anchor.truncatedTo(ChronoUnit.HOURS), t.truncatedTo(ChronoUnit.HOURS));
                if (t.toInstant().isAfter(after) && Math.floorMod(hours, interval) == 0) return t.toInstant();
            }
            throw new IllegalStateException("no hourly occurrence found");
        }
        LocalTime time = LocalTime.of(hour, minute);
        LocalDate day = from.toLocalDate();
        for (int i = 0; i <= 400 * interval; i++, day = day.plusDays(1)) {
            if (!matches(day, anchor.toLocalDate())) continue;
            Instant at = ZonedDateTime.of(LocalDateTime.of(day, time), zone).toInstant();
            if (at.isAfter(after)) return at;
        }
        throw new IllegalStateException("no occurrence found for " + this);
    }

    private boolean matches(LocalDate day, LocalDate anchor) {
        return switch (frequency) {
            case DAILY -> Math.floorMod(ChronoUnit.DAYS.between(anchor, day), interval) == 0;
            case WEEKLY -> days.contains(day.getDayOfWeek())
                    && Math.floorMod(ChronoUnit.WEEKS.between(anchor.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                    day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))), interval) == 0;
            case MONTHLY -> day.getDayOfMonth() == Math.min(dayOfMonth, day.lengthOfMonth())
                    && Math.floorMod(ChronoUnit.MONTHS.between(anchor.withDayOfMonth(1), day.withDayOfMonth(1)), interval) == 0;
            case HOURLY -> true;
        };
    }

    /**
     * The stored form.
     *
     * @return a new JSON-compatible map that {@link #fromMap(Map)} reads back
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frequency", frequency.name().toLowerCase(Locale.ROOT));
        m.put("interval", interval);
        List<String> d = new ArrayList<>();
        for (DayOfWeek w : EnumSet.copyOf(days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : days)) d.add(w.name().toLowerCase(Locale.ROOT));
        m.put("days", d);
        m.put("hour", hour);
        m.put("minute", minute);
        m.put("day_of_month", dayOfMonth);
        return m;
    }

    /**
     * Reads the stored form; rejects anything else with {@link InvalidInputException}.
     *
     * @param m the form {@link #toMap()} writes
     * @return the rule
     * @throws InvalidInputException if the map is not a valid rule
     */
    public static RepeatRule fromMap(Map<String, ?> m) {
        try {
            Frequency f = Frequency.valueOf(String.valueOf(m.get("frequency")).toUpperCase(Locale.ROOT));
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            if (m.get("days") instanceof List<?> l) for (Object o : l) days.add(DayOfWeek.valueOf(String.valueOf(o).toUpperCase(Locale.ROOT)));
            return new RepeatRule(f, num(m, "interval", 1), days, num(m, "hour", 0), num(m, "minute", 0), num(m, "day_of_month", 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("schedule.repeat", "is not a valid repeat rule: " + m);
        }
    }

    private static int num(Map<String, ?> m, String k, int dflt) {
        Object v = m.get(k);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.intValue();
        throw new InvalidInputException("schedule.repeat." + k, "must be a number, was " + v);
    }
}

package io.github.knockj.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run: {@code scale=full|smoke}, {@code reps=N} (default 3; at least 1: a single repetition
 * serves a full-size run, whose table then shows no spread), {@code scenarios=1,3,2,5,4,6}
 * and per-scenario size overrides such as {@code size.1=200000}.
 */
record BenchConfig(boolean smoke, int reps, List<String> scenarios, Map<String, String> overrides) {
    static final List<String> ALL = List.of("1", "3", "2", "5", "4", "6");

    static BenchConfig parse(String... args) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String arg : args) {
            for (String part : arg.trim().split("\\s+")) {
                if (part.isBlank()) continue;
                int eq = part.indexOf('=');
                if (eq < 1) throw new IllegalArgumentException("arguments are key=value, was '" + part + "'");
                kv.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        String scale = kv.getOrDefault("scale", "full");
        if (!scale.equals("full") && !scale.equals("smoke")) throw new IllegalArgumentException("scale must be full or smoke, was " + scale);
        int reps = Integer.parseInt(kv.getOrDefault("reps", "3"));
        if (reps < 1) throw new IllegalArgumentException("reps must be at least 1, was " + reps);
        List<String> scenarios = kv.containsKey("scenarios") ? List.of(kv.get("scenarios").split(",")) : ALL;
        for (String s : scenarios) if (!ALL.contains(s)) throw new IllegalArgumentException("unknown scenario " + s + "; known: " + ALL);
        return new BenchConfig(scale.equals("smoke"), reps, scenarios, kv);
    }

    /** The size of scenario {@code id}'s main parameter: an override, else the smoke or full default. */
    int size(String key, int full, int smokeSize) {
        String o = overrides.get("size." + key);
        return o != null ? Integer.parseInt(o) : smoke ? smokeSize : full;
    }
}

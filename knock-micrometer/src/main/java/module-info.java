/**
 * Micrometer metrics for knock: {@link io.github.knockj.micrometer.KnockMetrics}, a
 * {@code MeterBinder} fed by a Notifier's listener callbacks.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // micrometer.core: named by its manifest, so the name is stable
module io.github.knockj.micrometer {
    requires transitive io.github.knockj.core;
    requires transitive micrometer.core;

    exports io.github.knockj.micrometer;
}

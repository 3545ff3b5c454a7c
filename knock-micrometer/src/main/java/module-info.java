/**
 * Micrometer metrics for knock: {@link io.github.knockj.micrometer.KnockMetrics}, a
 * {@code MeterBinder} fed by a Notifier's listener callbacks, and
 * {@link io.github.knockj.micrometer.KnockObservations}, Micrometer Observations of its trigger, run and delivery spans.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // micrometer.core: named by its manifest, so the name is stable
module io.github.knockj.micrometer {
    requires transitive io.github.knockj.core;
    requires transitive micrometer.core;
    requires transitive micrometer.observation;

    exports io.github.knockj.micrometer;
}

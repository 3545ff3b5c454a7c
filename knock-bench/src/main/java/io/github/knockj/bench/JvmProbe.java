package io.github.knockj.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** GC count, GC time and peak heap over one measured interval. */
final class JvmProbe {
    private long gcCount;
    private long gcMillis;

    /** Starts an interval: remembers GC totals and resets the heap pools' peaks. */
    static JvmProbe start() {
        JvmProbe p = new JvmProbe();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            p.gcCount -= Math.max(0, gc.getCollectionCount());
            p.gcMillis -= Math.max(0, gc.getCollectionTime());
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
        return p;
    }

    /** GC collections and milliseconds spent in collectors since {@link #start()}, and the heap's peak in MiB. */
    record Sample(long gcCount, long gcMillis, double peakHeapMiB) {}

    Sample stop() {
        long count = gcCount;
        long millis = gcMillis;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
        }
        return new Sample(count, millis, peak / 1048576.0);
    }
}

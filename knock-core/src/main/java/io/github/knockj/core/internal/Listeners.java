package io.github.knockj.core.internal;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.NotifierListener;
import io.github.knockj.core.spi.OutboundMessage;
import io.github.knockj.core.spi.TriggerRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered listeners, each call guarded: whatever a listener throws, exceptions and errors such
 * as {@link AssertionError} or {@link StackOverflowError} alike, is logged once at WARN and never
 * propagated; only an {@link OutOfMemoryError} is rethrown.
 */
public final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    private final List<NotifierListener> listeners = new CopyOnWriteArrayList<>();

    public void add(NotifierListener l) {
        listeners.add(l);
    }

    public void remove(NotifierListener l) {
        listeners.remove(l);
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    private void each(Consumer<NotifierListener> call) {
        for (NotifierListener l : listeners) {
            try {
                call.accept(l);
            } catch (OutOfMemoryError e) {
                throw e; // the JVM's, not the listener's: nothing here can be trusted to go on
            } catch (Throwable e) {
                // Errors too (an AssertionError, a StackOverflowError): the listener failed, the engine did not
                log.warn("listener {} threw; ignored", l.getClass().getName(), e);
            }
        }
    }

    public void runStarted(WorkflowRun r) { each(l -> l.onRunStarted(r)); }
    public void runFinished(WorkflowRun r) { each(l -> l.onRunFinished(r)); }
    public void messageCreated(Message m) { each(l -> l.onMessageCreated(m)); }
    public void deliveryChanged(Message m, DeliveryStatus previous) { each(l -> l.onDeliveryStatusChanged(m, previous)); }
    public void engagementChanged(Message m) { each(l -> l.onEngagementChanged(m)); }
    public void triggerAccepted(TriggerRecord t) { each(l -> l.onTriggerAccepted(t)); }
    public void providerCalled(OutboundMessage m, String provider, DeliveryResult r, Duration latency) {
        each(l -> l.onProviderCalled(m, provider, r, latency));
    }
    public void batchFlushed(String workflowKey, String stepRef, Duration lag) { each(l -> l.onBatchFlushed(workflowKey, stepRef, lag)); }
    public void leaseRecovered(Job job) { each(l -> l.onLeaseRecovered(job)); }
}

package io.github.knockj.jdbc;

import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.Store;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The jobs a Notifier holds, seen through the {@link Store} SPI: a store that passes every call on
 * and counts the jobs {@link Store#claimJobs claimed} and not yet completed or put back by a
 * {@link Store#commit commit}. That is the engine's work in flight, the jobs it has in memory, as
 * far as it can be seen from outside.
 */
final class HeldJobs implements InvocationHandler {
    private final Store store;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger most = new AtomicInteger();

    private HeldJobs(Store store) {
        this.store = store;
    }

    static HeldJobs of(Store store) {
        return new HeldJobs(store);
    }

    /** The store to give the Notifier. */
    Store store() {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, this);
    }

    /** Jobs held now. */
    int now() {
        return held.size();
    }

    /** The most jobs held at once so far (exact: counted on every claim). */
    int most() {
        return most.get();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object result;
        try {
            result = method.invoke(store, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (method.getName().equals("claimJobs")) {
            for (Object job : (List<?>) result) held.add(((Job) job).id());
            most.accumulateAndGet(held.size(), Math::max);
        } else if (method.getName().equals("commit")) {
            ChangeSet cs = (ChangeSet) args[0];
            cs.completedJobs().forEach(held::remove);
            cs.rescheduledJobs().forEach(r -> held.remove(r.jobId()));
        }
        return result;
    }
}

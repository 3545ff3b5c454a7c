package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import io.github.knockj.core.spi.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Many triggers sent in one store transaction: {@code notifier.bulkTrigger().add(notifier.trigger("w")
 * .recipients("u1")).add(…).send()}, one {@link TriggerResult} per trigger in the order added. See
 * {@link Notifier#triggerAll(List)} for what is checked and written. Not thread-safe; use one per call.
 */
public final class BulkTrigger {
    private final Function<List<TriggerRequest>, List<TriggerResult>> sender;
    private final BiFunction<List<TriggerRequest>, Store, List<TriggerResult>> transactionalSender;
    private final List<TriggerRequest> requests = new ArrayList<>();

    BulkTrigger(Function<List<TriggerRequest>, List<TriggerResult>> sender,
                BiFunction<List<TriggerRequest>, Store, List<TriggerResult>> transactionalSender) {
        this.sender = sender;
        this.transactionalSender = transactionalSender;
    }

    /**
     * Adds a trigger as built so far; later changes to {@code trigger} do not change what was added.
     *
     * @param trigger a trigger builder ({@code notifier.trigger(...)}), not sent
     * @return this bulk trigger
     * @throws InvalidInputException if {@code trigger} is null
     */
    public BulkTrigger add(TriggerBuilder trigger) {
        requests.add(Validate.notNull("trigger", trigger).request());
        return this;
    }

    /**
     * Adds a prepared request.
     *
     * @param request the trigger, as built by {@link TriggerBuilder#request()}
     * @return this bulk trigger
     * @throws InvalidInputException if {@code request} is null
     */
    public BulkTrigger add(TriggerRequest request) {
        requests.add(Validate.notNull("request", request));
        return this;
    }

    /** {@return the number of triggers added} */
    public int size() {
        return requests.size();
    }

    /**
     * Validates every trigger, then writes them all in one store transaction; their runs start at once
     * on the workers. Returns when the triggers are stored durably.
     *
     * @return one result per trigger, in the order added
     * @throws KnockException as {@link Notifier#triggerAll(List)}; nothing was triggered
     */
    public List<TriggerResult> send() {
        return sender.apply(List.copyOf(requests));
    }

    /**
     * Sends the triggers as part of the application's own database transaction, as
     * {@link TriggerBuilder#send(Store)} does for one: they exist if and only if that transaction commits.
     *
     * @param transaction the Notifier's store joined to the caller's open transaction
     * @return one result per trigger, in the order added
     * @throws KnockException as {@link Notifier#triggerAll(List)}
     */
    public List<TriggerResult> send(Store transaction) {
        return transactionalSender.apply(List.copyOf(requests), Validate.notNull("transaction", transaction));
    }
}

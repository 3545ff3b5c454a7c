package io.github.knockj.examples.boot;

import io.github.knockj.core.FeedPage;
import io.github.knockj.core.Message;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.TriggerResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP API: orders, shipping and delivering one (each notifies the customer through
 * {@link OrderService}), and a customer's in-app feed read from the Notifier. A real application
 * would check that the caller is the user whose feed it reads.
 */
@RestController
public class OrderController {
    private final OrderService orders;
    private final Notifier notifier;

    /**
     * Created by Spring.
     *
     * @param orders the order service
     * @param notifier the starter's Notifier, for the feed
     */
    public OrderController(OrderService orders, Notifier notifier) {
        this.orders = orders;
        this.notifier = notifier;
    }

    /**
     * {@code GET /orders}.
     *
     * @return every order
     */
    @GetMapping("/orders")
    public List<OrderService.Order> list() {
        return orders.orders();
    }

    /**
     * {@code POST /orders/{id}/ship?tracking=…}: ships the order and notifies its customer.
     *
     * @param id the order
     * @param tracking the tracking number
     * @return the trigger id
     */
    @PostMapping("/orders/{id}/ship")
    public Map<String, String> ship(@PathVariable("id") String id, @RequestParam("tracking") String tracking) {
        TriggerResult sent = orders.ship(id, tracking);
        return Map.of("order", id, "status", "shipped", "triggerId", sent.triggerId());
    }

    /**
     * {@code POST /orders/{id}/deliver}: marks the order delivered and notifies its customer.
     *
     * @param id the order
     * @return the trigger id
     */
    @PostMapping("/orders/{id}/deliver")
    public Map<String, String> deliver(@PathVariable("id") String id) {
        TriggerResult sent = orders.deliver(id);
        return Map.of("order", id, "status", "delivered", "triggerId", sent.triggerId());
    }

    /**
     * {@code GET /users/{id}/feed}: the user's in-app feed, newest first, with its counts.
     *
     * @param userId the user
     * @return the items and counts
     */
    @GetMapping("/users/{id}/feed")
    public Map<String, Object> feed(@PathVariable("id") String userId) {
        FeedPage page = notifier.feed(userId, "in-app").list();
        List<Map<String, Object>> items = page.items().stream().map(OrderController::item).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("total", page.totalCount());
        body.put("unread", page.unreadCount());
        body.put("unseen", page.unseenCount());
        return body;
    }

    private static Map<String, Object> item(Message m) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", m.id());
        item.put("workflow", m.workflowKey());
        item.put("body", m.content().get("body"));
        item.put("status", m.status().name().toLowerCase(java.util.Locale.ROOT));
        item.put("read", m.isRead());
        item.put("createdAt", m.createdAt().toString());
        return item;
    }

    /**
     * 404 for an unknown order.
     *
     * @param e the exception
     * @return the error
     */
    @ExceptionHandler(OrderService.UnknownOrderException.class)
    public ResponseEntity<Map<String, String>> unknown(OrderService.UnknownOrderException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    /**
     * 409 for a change the order cannot make; its transaction was rolled back.
     *
     * @param e the exception
     * @return the error
     */
    @ExceptionHandler(OrderService.OrderConflictException.class)
    public ResponseEntity<Map<String, String>> conflict(OrderService.OrderConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage(), "notified", "nobody"));
    }

    /**
     * 409 for a tracking number already used by another shipment: the order stays {@code placed}
     * and the trigger sent in the same transaction was rolled back.
     *
     * @param e the exception
     * @return the error
     */
    @ExceptionHandler(DuplicateKeyException.class)
    public ResponseEntity<Map<String, String>> trackingTaken(DuplicateKeyException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "tracking number already used", "notified", "nobody"));
    }
}

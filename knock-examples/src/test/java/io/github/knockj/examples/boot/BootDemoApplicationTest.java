package io.github.knockj.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.knockj.core.spi.Store;
import io.github.knockj.jdbc.JdbcStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The Spring Boot example started as it runs (on an in-memory H2 instead of the file), driven over
 * HTTP: shipping an order notifies its customer, and a shipment that fails in the same transaction
 * notifies no one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:knock-boot-demo-test;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "knock.poll-interval=50ms"})
class BootDemoApplicationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}") int port;
    @Autowired Store store;

    @Test
    void knockKeepsItsDataInTheApplicationsDataSource() {
        assertThat(store).isInstanceOf(JdbcStore.class);
    }

    @Test
    void shippingAnOrderOverHttpPutsTheNotificationInTheCustomersFeed() throws Exception {
        HttpResponse<String> shipped = post("/orders/1001/ship?tracking=1Z-A");
        assertThat(shipped.statusCode()).isEqualTo(200);
        String triggerId = JSON.readTree(shipped.body()).get("triggerId").asText();
        assertThat(store.findTrigger(triggerId)).isPresent();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode items = JSON.readTree(get("/users/ada/feed").body()).get("items");
            JsonNode item = null;
            for (JsonNode i : items) if (i.get("body").asText().equals("Order **1001** has shipped: tracking number 1Z-A")) item = i;
            assertThat(item).as("the shipped order in ada's feed: %s", items).isNotNull();
            assertThat(item.get("status").asText()).isEqualTo("delivered");
        });
        assertThat(JSON.readTree(get("/orders").body()).get(0).get("status").asText()).isEqualTo("shipped");
    }

    @Test
    void aShipmentThatFailsInTheSameTransactionNotifiesNoOne() throws Exception {
        assertThat(post("/orders/1003/ship?tracking=1Z-B").statusCode()).isEqualTo(200);

        HttpResponse<String> taken = post("/orders/1002/ship?tracking=1Z-B");   // bob's order, a tracking number in use
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(get("/orders").body()).get(1).get("status").asText()).isEqualTo("placed");

        // a later change of bob's is delivered; the rolled-back shipment never is
        assertThat(post("/orders/1002/ship?tracking=1Z-C").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(JSON.readTree(get("/users/bob/feed").body()).get("items").findValuesAsText("body"))
                        .containsExactly("Order **1002** has shipped: tracking number 1Z-C"));
    }

    @Test
    void anUnknownOrderIs404() throws Exception {
        assertThat(post("/orders/nope/ship?tracking=1Z-D").statusCode()).isEqualTo(404);
        assertThat(post("/orders/nope/deliver").statusCode()).isEqualTo(404);
    }

    @Test
    void theActuatorsHealthIncludesKnocksIndicator() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode knock = JSON.readTree(health.body()).get("components").get("knock");
        assertThat(knock.get("status").asText()).isEqualTo("UP");
        assertThat(knock.get("details").has("oldestDueAge")).isTrue();
    }

    @Test
    void theActuatorServesKnocksMeters() throws Exception {
        HttpResponse<String> metric = get("/actuator/metrics/knock.jobs");
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(metric.body()).get("name").asText()).isEqualTo("knock.jobs");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}

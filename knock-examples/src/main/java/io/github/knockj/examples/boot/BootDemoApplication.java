package io.github.knockj.examples.boot;

import io.github.knockj.channels.ConsoleProvider;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.InAppFeedChannel;
import io.github.knockj.core.Steps;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.spring.KnockChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The Spring Boot example: knock-spring-boot-starter builds the Notifier from the beans below (two
 * workflows, two channel providers) on the application's DataSource (an H2 file under
 * {@code ./data/}, see {@code application.properties}); {@link OrderService} ships an order and
 * notifies its customer in one transaction; {@link OrderController} serves it over HTTP. From the
 * repository root:
 * {@code mvn -q -pl knock-examples -am -DskipTests package exec:java -Dexec.mainClass=io.github.knockj.examples.boot.BootDemoApplication}.
 */
@SpringBootApplication
public class BootDemoApplication {
    private static final Logger log = LoggerFactory.getLogger(BootDemoApplication.class);

    /** Key of the workflow {@link OrderService#ship} triggers. */
    public static final String ORDER_SHIPPED = "order-shipped";
    /** Key of the workflow {@link OrderService#deliver} triggers. */
    public static final String ORDER_DELIVERED = "order-delivered";

    /** Created by Spring. */
    public BootDemoApplication() {}

    /**
     * Starts the application; stop it with Ctrl+C.
     *
     * @param args Spring Boot arguments, such as {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(BootDemoApplication.class, args);
    }

    /**
     * In the customer's in-app feed at once, and by email.
     *
     * @return the workflow, registered by the starter like every Workflow bean
     */
    @Bean
    Workflow orderShipped() {
        return Workflow.builder(ORDER_SHIPPED)
                .name("Order shipped")
                .categories("orders")
                .step(Steps.channel("feed", "in-app").body("Order **{{ data.order }}** has shipped: tracking number {{ data.tracking }}"))
                .step(Steps.channel("email", "email")
                        .subject("Your order {{ data.order }} has shipped")
                        .text("Hello {{ recipient.name }}, order {{ data.order }} is on its way (tracking {{ data.tracking }})."))
                .build();
    }

    /**
     * In the customer's in-app feed only.
     *
     * @return the workflow
     */
    @Bean
    Workflow orderDelivered() {
        return Workflow.builder(ORDER_DELIVERED)
                .name("Order delivered")
                .categories("orders")
                .step(Steps.channel("feed", "in-app").body("Order **{{ data.order }}** was delivered"))
                .build();
    }

    /**
     * The in-app feed channel, under the key the workflows name.
     *
     * @return the channel provider
     */
    @Bean
    @KnockChannel("in-app")
    ChannelProvider inAppFeed() {
        return InAppFeedChannel.create();
    }

    /**
     * Email printed to the console; a real application registers an SMTP provider here.
     *
     * @return the channel provider
     */
    @Bean
    @KnockChannel("email")
    ChannelProvider consoleEmail() {
        return ConsoleProvider.builder(ChannelType.EMAIL).name("console-email").build();
    }

    /**
     * Says where the application listens and what to try.
     *
     * @param ready the event, with the context and its environment
     */
    @EventListener
    void announce(ApplicationReadyEvent ready) {
        String port = ready.getApplicationContext().getEnvironment().getProperty("local.server.port");
        if (port == null) return;
        String base = "http://localhost:" + port;
        log.info("==> Spring Boot example running on {}  (Ctrl+C to stop). Try:", base);
        log.info("    curl {}/orders", base);
        log.info("    curl -X POST '{}/orders/1001/ship?tracking=1Z-1001'     # ships it and notifies ada, in one transaction", base);
        log.info("    curl -X POST '{}/orders/1002/ship?tracking=1Z-1001'     # tracking number taken: 409, rolled back, no notification", base);
        log.info("    curl {}/users/ada/feed", base);
        log.info("    curl {}/actuator/health                         # knock's health: store reachable, queue not stuck", base);
    }
}

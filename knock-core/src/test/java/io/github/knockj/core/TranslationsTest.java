package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Knock's translations (docs.knock.app, "Translations"): the {@code t} filter in the recipient's
 * locale with its fallback chain, namespaces, nested keys, interpolation and pluralization, in
 * sends, fan-outs and previews; missing keys in strict and lenient renders; bad registrations.
 */
class TranslationsTest {
    private final TestKit kit = TestKit.create();
    private final RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);

    /** The documentation's examples, with an en-GB and a fr locale. */
    private static Translations docs() {
        return Translations.builder().defaultLocale("en")
                .locale("en", Map.of("OrderReady", "Your order is ready.", "OrderDelayed", "Your order is delayed.",
                        "like", "{{ actorName }} liked your photo {{ photoTitle}}!",
                        "canceled", "Canceled.",
                        "orders", Map.of("shipping", Map.of(
                                "zero", "You have no orders currently being shipped.",
                                "one", "You have one order being shipped.",
                                "other", "You have {{ count }} orders being shipped.")),
                        "customers", Map.of("orders", Map.of("beenReceived", "Have you received your order?")),
                        "congratulationsMessage", "congratulations, {{ recipientName }}"))
                .locale("en", "shipping", Map.of("canceled", "Your shipment has been canceled."))
                .locale("en", "payments", Map.of("canceled", "Your payment was <b>canceled</b>."))
                .locale("en-GB", Map.of("OrderReady", "Your order is ready, love."))
                .locale("fr", Map.of("OrderReady", "Votre commande est prête.", "OrderDelayed", "Votre commande est retardée."))
                .build();
    }

    private Notifier notifier(boolean strict, String html) {
        return Notifier.builder().testKit(kit).strictTemplates(strict).channel("email", email).translations(docs())
                .workflow(Workflow.builder("order").step(Steps.channel("mail", "email").subject("{{ \"OrderReady\" | t }}").html(html)).build())
                .build();
    }

    private String preview(Notifier n, String user, Map<String, ?> data) {
        return n.preview("order", "mail", Recipient.user(user), data).content().get("html");
    }

    private void identify(Notifier n, String id, String locale) {
        n.users().identify(User.builder(id).name("Ada <A>").email(id + "@example.com").locale(locale).build());
    }

    @Test
    void theDocumentedExamplesRender() {
        try (Notifier n = notifier(true, "<p>{{ \"OrderReady\" | t }}</p>"
                + "<p>{{ \"like\" | t: actorName: data.actor, photoTitle: data.photo }}</p>"
                + "<p>{{ \"orders.shipping\" | t: count: data.n }}</p>"
                + "<p>{{ \"congratulationsMessage\" | t: recipientName: recipient.name | titlecase }}</p>"
                + "<p>{{ \"payments:canceled\" | t }} {{ \"shipping:canceled\" | t }} {{ \"canceled\" | t }}</p>"
                + "<p>{{ \"customers.orders.beenReceived\" | t }}</p>")) {
            identify(n, "ada", "en");
            assertThat(preview(n, "ada", Map.of("actor", "Bo", "photo", "Sunset", "n", 3))).isEqualTo(
                    "<p>Your order is ready.</p><p>Bo liked your photo Sunset!</p><p>You have 3 orders being shipped.</p>"
                    + "<p>Congratulations, Ada &lt;a&gt;</p>"
                    + "<p>Your payment was <b>canceled</b>. Your shipment has been canceled. Canceled.</p>"
                    + "<p>Have you received your order?</p>");
        }
    }

    @Test
    void pluralizationChoosesZeroOneOrOtherAndZeroFallsBackToOther() {
        Translations t = Translations.builder()
                .locale("en", Map.of("items", Map.of("one", "one item", "other", "{{ count }} items"),
                        "orders", Map.of("zero", "no orders", "one", "one order", "other", "{{ count }} orders")))
                .build();
        java.util.function.BiFunction<String, Object, String> tr = (key, count) ->
                t.translate("en", key, Map.of("count", count)).orElseThrow();
        assertThat(tr.apply("orders", 0)).isEqualTo("no orders");
        assertThat(tr.apply("orders", 1)).isEqualTo("one order");
        assertThat(tr.apply("orders", 2)).isEqualTo("2 orders");
        assertThat(tr.apply("orders", "1")).isEqualTo("one order");
        assertThat(tr.apply("items", 0)).isEqualTo("0 items");
        assertThat(tr.apply("items", 1.5)).isEqualTo("1.5 items");
        assertThat(t.translate("en", "orders", Map.of())).as("a plural group needs count").isEmpty();
    }

    @Test
    void theLocaleFallsBackFromRegionToLanguageToTheDefaultLocale() {
        Translations t = docs();
        assertThat(t.text("en-GB", "OrderReady")).contains("Your order is ready, love.");
        assertThat(t.text("en-GB", "OrderDelayed")).as("language").contains("Your order is delayed.");
        assertThat(t.text("fr-BE", "OrderReady")).as("language of a region").contains("Votre commande est prête.");
        assertThat(t.text("fr_BE", "OrderReady")).as("underscore").contains("Votre commande est prête.");
        assertThat(t.text("fr", "canceled")).as("default locale").contains("Canceled.");
        assertThat(t.text("de", "OrderReady")).as("default locale").contains("Your order is ready.");
        assertThat(t.text(null, "OrderReady")).as("no locale").contains("Your order is ready.");
        assertThat(t.text("not a tag!", "OrderReady")).as("bad tag").contains("Your order is ready.");
        assertThat(t.text("fr", "missing")).isEmpty();

        Translations gb = Translations.builder().defaultLocale("en-GB").locale("en", Map.of("a", "en a", "b", "en b"))
                .locale("en-GB", Map.of("a", "gb a")).build();
        assertThat(gb.text("de", "a")).isEqualTo(java.util.Optional.of("gb a"));
        assertThat(gb.text("de", "b")).as("the default locale's language").contains("en b");
    }

    @Test
    void aFanOutGivesEachRecipientTheirOwnLanguage() {
        try (Notifier n = notifier(true, "<p>{{ \"OrderDelayed\" | t }}</p>")) {
            identify(n, "en", "en");
            identify(n, "gb", "en-GB");
            identify(n, "fr", "fr");
            identify(n, "none", null);
            n.trigger("order").recipients("en", "gb", "fr", "none").data(Map.of("order", "o1")).send();
            kit.runDue();
            Map<String, String> byUser = new java.util.TreeMap<>();
            email.sent().forEach(s -> byUser.put(s.message().recipient().id(),
                    s.message().content().get("subject") + " / " + s.message().content().get("html")));
            assertThat(byUser).containsExactly(
                    Map.entry("en", "Your order is ready. / <p>Your order is delayed.</p>"),
                    Map.entry("fr", "Votre commande est prête. / <p>Votre commande est retardée.</p>"),
                    Map.entry("gb", "Your order is ready, love. / <p>Your order is delayed.</p>"),
                    Map.entry("none", "Your order is ready. / <p>Your order is delayed.</p>"));
        }
    }

    @Test
    void interpolatedValuesAreEscapedForTheMarkupButTheTranslationTextIsNot() {
        try (Notifier n = notifier(true, "{{ \"payments:canceled\" | t }}|{{ \"like\" | t: actorName: data.actor, photoTitle: data.photo }}"
                + "|{{ \"like\" | t: actorName: data.actor, photoTitle: data.photo | raw }}"
                + "|{{ \"payments:canceled\" | t | upcase }}")) {
            identify(n, "ada", "en");
            assertThat(preview(n, "ada", Map.of("actor", "<script>", "photo", "a & b"))).isEqualTo(
                    "Your payment was <b>canceled</b>.|&lt;script&gt; liked your photo a &amp; b!"
                    + "|<script> liked your photo a & b!"
                    + "|YOUR PAYMENT WAS &lt;B&gt;CANCELED&lt;/B&gt;.");
            assertThat(n.preview("order", "mail", Recipient.user("ada"), Map.of()).content().get("subject"))
                    .as("a field that is not HTML is not escaped").isEqualTo("Your order is ready.");
        }
    }

    @Test
    void aMissingKeyFailsAStrictRenderAndPrintsTheKeyInALenientOne() {
        try (Notifier n = notifier(true, "<p>{{ \"NoSuchKey\" | t }}</p>")) {
            identify(n, "ada", "fr");
            assertThatThrownBy(() -> preview(n, "ada", Map.of())).isInstanceOf(TemplateRenderException.class)
                    .hasMessageContaining("field 'html'").hasMessageContaining("filter 't': no translation 'NoSuchKey' in locale 'fr'");
            n.trigger("order").recipients("ada").send();
            kit.runDue();
            assertThat(email.sent()).as("a strict render fails the message").isEmpty();
        }
        try (Notifier n = notifier(true, "<p>{{ \"like\" | t: actorName: 'Bo' }}</p>")) {
            identify(n, "ada", "en");
            assertThatThrownBy(() -> preview(n, "ada", Map.of())).isInstanceOf(TemplateRenderException.class)
                    .hasMessageContaining("filter 't': translation 'like' interpolates 'photoTitle', which was not given");
        }
        try (Notifier n = notifier(false, "<p>{{ \"NoSuchKey\" | t }} {{ \"like\" | t: actorName: 'Bo' }}</p>")) {
            identify(n, "ada", "fr");
            TemplatePreview p = n.preview("order", "mail", Recipient.user("ada"), Map.of());
            assertThat(p.content().get("html")).isEqualTo("<p>NoSuchKey Bo liked your photo !</p>");
            assertThat(p.undefinedVariables()).containsExactly("field 'html': translation 'NoSuchKey' in locale 'fr'",
                    "field 'html': translation 'like': photoTitle");
        }
    }

    @Test
    void withoutTranslationsTIsAMissingKeyAndATemplateRenderedDirectlyHasNone() {
        try (Notifier n = Notifier.builder().testKit(kit).strictTemplates(false).channel("email", email)
                .workflow(Workflow.builder("order").step(Steps.channel("mail", "email").subject("s").html("{{ 'OrderReady' | t }}")).build())
                .build()) {
            identify(n, "ada", "en");
            assertThat(preview(n, "ada", Map.of())).isEqualTo("OrderReady");
        }
        assertThat(Template.of("{{ 'OrderReady' | t }}").render(Map.of(), false)).isEqualTo("OrderReady");
    }

    @Test
    void badRegistrationsAreRefusedNamingTheLocaleAndKey() {
        assertThatThrownBy(() -> Translations.builder().locale("en_GB", Map.of("a", "b")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'en_GB'").hasMessageContaining("en-GB");
        assertThatThrownBy(() -> Translations.builder().locale("english", Map.of("a", "b")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'english'");
        assertThatThrownBy(() -> Translations.builder().defaultLocale(""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("translations.defaultLocale");
        assertThatThrownBy(() -> Translations.builder().locale("en", Map.of("", "b")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("translations.en[]");
        assertThatThrownBy(() -> Translations.builder().locale("en", Map.of("a..b", "b")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("translations.en[a..b]");
        assertThatThrownBy(() -> Translations.builder().locale("en", Map.of(":a", "b")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("translations.en[:a]");
        assertThatThrownBy(() -> Translations.builder().locale("fr", Map.of("greet", "Bonjour {{ name | upcase }}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("translations.fr[greet]")
                .hasMessageContaining("interpolates only");
        assertThatThrownBy(() -> Translations.builder().locale("fr", Map.of("greet", "{% if x %}oui{% endif %}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("translations.fr[greet]");
        assertThatThrownBy(() -> Translations.builder().locale("fr", Map.of("n", Map.of("one", 1))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("translations.fr[n.one]");
        assertThatThrownBy(() -> Translations.builder().locale("fr", "ship:x", Map.of("a", "b")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("namespace");
        assertThatThrownBy(() -> Notifier.builder().translations(null)).isInstanceOf(InvalidInputException.class);
        assertThat(Translations.of(Map.of("en", Map.of("a", "b"))).text("en", "a")).contains("b");
    }

    @Test
    void aRunsOtherTemplatesTranslateInTheRecipientsLocaleToo() throws Exception {
        List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.add(java.net.URLDecoder.decode(ex.getRequestHeaders().getFirst("X-Greeting"), java.nio.charset.StandardCharsets.UTF_8));
            byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try (Notifier n = Notifier.builder().testKit(kit).fetchPolicy(FetchPolicy.DEFAULT.allowingPrivateNetworks()).translations(docs())
                .workflow(Workflow.builder("order").step(Steps.fetch("f").get("http://127.0.0.1:" + server.getAddress().getPort() + "/x")
                        .header("X-Greeting", "{{ 'OrderReady' | t | url_encode }}")).build())
                .build()) {
            identify(n, "fr", "fr");
            identify(n, "gb", "en-GB");
            n.trigger("order").recipients("fr").send();
            kit.runDue();
            n.trigger("order").recipients("gb").send();
            kit.runDue();
            assertThat(requests).containsExactly("Votre commande est prête.", "Your order is ready, love.");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void tTakesOnlyNamedVariables() {
        try (Notifier n = notifier(true, "{{ 'like' | t: 'Bo' }}")) {
            identify(n, "ada", "en");
            assertThatThrownBy(() -> preview(n, "ada", Map.of())).isInstanceOf(TemplateRenderException.class)
                    .hasMessageContaining("filter 't': takes named variables");
        }
    }

    @Test
    void previewsTranslateInTheRecipientsLocale() {
        try (Notifier n = notifier(true, "{{ 'OrderReady' | t }}")) {
            identify(n, "fr", "fr-CA");
            assertThat(preview(n, "fr", Map.of())).isEqualTo("Votre commande est prête.");
            assertThat(List.of(n.preview("order", "mail", Recipient.user("nobody"), Map.of()).content().get("html")))
                    .as("an unknown user: the default locale").containsExactly("Your order is ready.");
        }
    }
}

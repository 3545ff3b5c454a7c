package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Knock's partials (docs.knock.app, "Partials"): reusable blocks registered with the Notifier and
 * rendered with {@code {% render "key", name: value %}}, in a scope of their own, never from files.
 */
class PartialsTest {
    private final TestKit kit = TestKit.create();
    private final RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);

    private static final String BUTTON = "<a class=\"btn\" href=\"{{ url }}\">{{ text }}</a>";

    private Notifier start(Notifier.Builder b) {
        Notifier n = b.build();
        n.users().identify(User.builder("ada").name("Ada").email("ada@example.com").build());
        return n;
    }

    private Notifier.Builder builder(ChannelStep mail) {
        return Notifier.builder().testKit(kit).channel("email", email).templateVariables(Map.of("brand", Map.of("color", "#123456")))
                .partial("button", BUTTON)
                .workflow(Workflow.builder("welcome").step(mail).build());
    }

    @Test
    void aPartialRendersWithItsAttributesEscapedOnceInARealSend() {
        ChannelStep mail = Steps.channel("mail", "email").subject("Hi")
                .html("<p>{{ data.title }}</p>{% render \"button\", url: data.url, text: \"View <now>\" %}")
                .text("{{ data.title }}: {% render 'link', url: data.url %}");
        try (Notifier n = start(builder(mail).partial("link", "{{ url }}"))) {
            n.trigger("welcome").recipients("ada").data(Map.of("title", "<b>New</b>", "url", "https://x.test/?a=1&b=2")).send();
            kit.runDue();
            Map<String, String> content = email.sent().get(0).message().content();
            assertThat(content.get("html")).isEqualTo("<p>&lt;b&gt;New&lt;/b&gt;</p>"
                    + "<a class=\"btn\" href=\"https://x.test/?a=1&amp;b=2\">View &lt;now&gt;</a>");
            assertThat(content.get("text")).as("text is not escaped, in a partial either").isEqualTo("<b>New</b>: https://x.test/?a=1&b=2");
        }
    }

    @Test
    void aPartialSeesTheRunsVariablesAndItsAttributesButNothingTheTemplateAssigned() {
        String partial = "[{{ label }}|{{ secret }}|{{ item }}|{{ recipient.name }}|{{ vars.brand.color }}|{{ data.n }}]";
        ChannelStep mail = Steps.channel("mail", "email").subject("s").html(
                "{% assign secret = 'assigned' %}{% for item in data.items %}{% render 'show', label: item, data: 'shadowed' %}{% endfor %}");
        try (Notifier n = start(builder(mail).partial("show", partial).strictTemplates(false))) {
            TemplatePreview p = n.preview("welcome", "mail", Recipient.user("ada"), Map.of("items", List.of("a", "b"), "n", 1));
            assertThat(p.content().get("html")).isEqualTo("[a|||Ada|#123456|][b|||Ada|#123456|]");
            assertThat(p.undefinedVariables()).as("names the partial's undefined variables")
                    .containsExactly("field 'html': secret", "field 'html': item");
        }
    }

    @Test
    void inStrictModeAnUndefinedVariableInAPartialFailsTheRenderNamingIt() {
        ChannelStep mail = Steps.channel("mail", "email").subject("s").html("{% render 'button', url: data.url %}");
        try (Notifier n = start(builder(mail))) {
            assertThatThrownBy(() -> n.preview("welcome", "mail", Recipient.user("ada"), Map.of("url", "u")))
                    .isInstanceOf(TemplateRenderException.class).hasMessageContaining("field 'html'").hasMessageContaining("undefined variable 'text'");
        }
    }

    @Test
    void aPartialRenderingItselfFailsCleanlyAtTheDepthLimitAndBoundedRecursionWorks() {
        ChannelStep mail = Steps.channel("mail", "email").subject("s").html("{% render 'loop' %}");
        try (Notifier n = start(builder(mail).partial("loop", "x{% render 'loop' %}"))) {
            assertThatThrownBy(() -> n.preview("welcome", "mail", Recipient.user("ada"), Map.of()))
                    .isInstanceOf(TemplateRenderException.class)
                    .hasMessageContaining("partial 'loop' nests partials deeper than 10");
            n.trigger("welcome").recipients("ada").send();
            kit.runDue();
            assertThat(email.sent()).as("a render failure sends nothing").isEmpty();
        }
        ChannelStep tree = Steps.channel("mail", "email").subject("s").html("{% render 'node', node: data.tree %}");
        String node = "({{ node.name }}{% for c in node.children %}{% render 'node', node: c %}{% endfor %})";
        try (Notifier n = start(builder(tree).partial("node", node))) {
            Map<String, Object> leaf = Map.of("name", "c", "children", List.of());
            Map<String, Object> data = Map.of("tree", Map.of("name", "a", "children", List.of(Map.of("name", "b", "children", List.of(leaf)), leaf)));
            assertThat(n.preview("welcome", "mail", Recipient.user("ada"), data).content().get("html")).isEqualTo("(a(b(c))(c))");
        }
    }

    @Test
    void anUnknownPartialFailsTheBuildNamingWhereItIsRendered() {
        assertThatThrownBy(() -> builder(Steps.channel("mail", "email").html("{% render 'nope' %}")).build())
                .isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("workflow 'welcome' step 'mail' field 'html' renders partial 'nope', which is not registered; registered: [button]");
        assertThatThrownBy(() -> builder(Steps.channel("mail", "email").html("x")).partial("outer", "{% render 'inner' %}").build())
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("partial 'outer' renders partial 'inner'");
        assertThatThrownBy(() -> builder(Steps.channel("mail", "email").html("x"))
                .emailLayout(EmailLayout.of("l", "{{ content }}{% render 'footer' %}")).build())
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("email layout 'l' html renders partial 'footer'");
        assertThatThrownBy(() -> Template.of("{% render 'button' %}").render(Map.of(), true))
                .as("a template rendered outside a Notifier has no partials")
                .isInstanceOf(TemplateRenderException.class).hasMessageContaining("unknown partial 'button'");
    }

    @Test
    void aPartialIsCheckedWhenRegisteredAndIncludeStaysRefused() {
        assertThatThrownBy(() -> Notifier.builder().partial("bad", "{% include 'x' %}"))
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("partial 'bad'").hasMessageContaining("tag 'include' is not allowed");
        assertThatThrownBy(() -> Notifier.builder().partial("bad", "{% if %}"))
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("partial 'bad'");
        assertThatThrownBy(() -> Notifier.builder().partial("p", "x").partial("p", "y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partial 'p' is registered twice");
        assertThatThrownBy(() -> Steps.channel("mail", "email").html("{% render 'a', b %}"))
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("step 'mail'").hasMessageContaining("name: value");
    }

    @Test
    void partialsRenderInLayoutsAndKeepWhitespaceControl() {
        ChannelStep mail = Steps.channel("mail", "email").subject("s").html("<p>Hi</p>");
        EmailLayout layout = EmailLayout.of("l", "{{ content }}\n  {%- render 'button', url: 'https://x.test', text: vars.brand.color -%}\n!");
        try (Notifier n = start(builder(mail).emailLayout(layout).defaultEmailLayout("l"))) {
            assertThat(n.preview("welcome", "mail", Recipient.user("ada"), Map.of()).content().get("html"))
                    .isEqualTo("<p>Hi</p><a class=\"btn\" href=\"https://x.test\">#123456</a>!");
        }
    }
}

package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.Template.Escaping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates never touch files, escape at output, are bounded, and report undefined variables. */
class TemplateSafetyTest {

    private static Map<String, Object> data(Object... kv) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) d.put((String) kv[i], kv[i + 1]);
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("data", d);
        return vars;
    }

    private static String html(String source, Map<String, Object> vars) {
        return Template.of(source).render(vars, true);
    }

    // ------------------------------------------------------------------ item 1: no files

    @Test
    void includeIsRefusedWhenTheStepIsDefinedNamingTheStepAndTheTag() {
        for (String source : List.of("{% include data.f %}", "{% include '/etc/passwd' %}", "a{% if x %}{% include 'f' %}{% endif %}")) {
            assertThatThrownBy(() -> Steps.channel("mail", "email").subject(source))
                    .as(source)
                    .isInstanceOf(WorkflowDefinitionException.class)
                    .hasMessageContaining("step 'mail'")
                    .hasMessageContaining("tag 'include' is not allowed");
        }
        assertThatThrownBy(() -> Steps.batch("b").key("{% include 'k' %}")).hasMessageContaining("batch step 'b'").hasMessageContaining("include");
        assertThatThrownBy(() -> Steps.throttle("t").key("{% include 'k' %}")).hasMessageContaining("step 't' key").hasMessageContaining("include");
        assertThatThrownBy(() -> Steps.fetch("f").get("https://x/{% include 'k' %}")).hasMessageContaining("step 'f' url").hasMessageContaining("include");
    }

    @Test
    void renderIncludeRelativeAndNonStandardFiltersAreRefusedByName() {
        // render names a partial registered with the Notifier by a literal key (PartialsTest); no other form
        assertThatThrownBy(() -> Template.of("{% render data.file %}")).isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("render");
        assertThatThrownBy(() -> Template.of("{% render 'x' with data as d %}")).isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("tag 'render' takes a partial's key as a string literal");
        assertThatThrownBy(() -> Template.of("{% include_relative x.html %}")).isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("include_relative");
        assertThatThrownBy(() -> Steps.channel("mail", "email").html("{{ '/x' | relative_url }}")).isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("step 'mail'").hasMessageContaining("filter 'relative_url' is not allowed");
        assertThatThrownBy(() -> Template.of("{% assign a = data.x | push: 1 %}")).isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("filter 'push' is not allowed");
        assertThatThrownBy(() -> Template.of("{{ data.x | knock_output }}")).as("the engine's own filters are not for templates")
                .isInstanceOf(WorkflowDefinitionException.class);
    }

    @Test
    void theStandardTagsAndFiltersStillWork() {
        String source = "{% assign n = data.items | size %}{% capture c %}{{ n }}{% endcapture %}"
                + "{% for i in data.items %}{% cycle 'a', 'b' %}{{ i | upcase | append: '!' }}{% endfor %}"
                + "{% case n %}{% when 2 %}two{% else %}other{% endcase %}{% unless false %}{{ c }}{% endunless %}"
                + "{{ data.items | join: '-' | replace: 'x', 'y' }}{% increment k %}{% raw %}{{ raw }}{% endraw %}"
                + "{{ data.missing | default: 'd' }}{{ data.items | json }}";
        assertThat(Template.of(source).render(data("items", List.of("x", "z")), false))
                .isEqualTo("aX!bZ!two2y-z0{{ raw }}d[\"x\",\"z\"]");
    }

    // ------------------------------------------------------------------ item 2: escaping at output

    @Test
    void filtersCannotUndoEscaping() {
        assertThat(html("{{ data.q | url_decode }}", data("q", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")))
                .isEqualTo("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(html("{{ data.q | strip | downcase }}", data("q", "<B>"))).isEqualTo("&lt;b&gt;");
        assertThat(html("{% assign y = data.q | url_decode %}<p>{{ y }}</p>", data("q", "%3Cb%3E"))).isEqualTo("<p>&lt;b&gt;</p>");
    }

    @Test
    void mapKeysAndListsAreEscapedWhenPrinted() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("<script>alert(1)</script>", "<v>");
        assertThat(html("{% for kv in data.m %}{{ kv[0] }}={{ kv[1] }}{% endfor %}", data("m", m)))
                .isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;=&lt;v&gt;");
        assertThat(html("{{ data.l }}", data("l", List.of("<a>", "<b>")))).isEqualTo("&lt;a&gt;&lt;b&gt;");
        assertThat(html("{% cycle data.a, data.a %}", data("a", "<i>"))).isEqualTo("&lt;i&gt;");
    }

    @Test
    void escapeIsNotDoubledAndRawOnlyCountsAsTheLastFilter() {
        assertThat(html("{{ data.t | escape }}", data("t", "Tom & Jerry"))).isEqualTo("Tom &amp; Jerry");
        assertThat(html("{{ data.t | escape_once }}", data("t", "Tom &amp; Jerry"))).isEqualTo("Tom &amp; Jerry");
        assertThat(html("{{ data.t }}", data("t", "Tom & Jerry"))).isEqualTo("Tom &amp; Jerry");
        assertThat(html("{{ data.t | raw }}", data("t", "<i>ok</i>"))).isEqualTo("<i>ok</i>");
        assertThat(html("{{ data.t | raw | upcase }}", data("t", "<i>"))).isEqualTo("&lt;I&gt;");
        assertThat(Template.of("{{ data.t }}").render(data("t", "a & <b>"), false)).as("text content is not escaped").isEqualTo("a & <b>");
    }

    @Test
    void slackTextEscapesItsControlCharactersAndBlocksStayJson() {
        Map<String, Object> vars = data("t", "<!channel> & \"q\"");
        assertThat(Template.of("hi {{ data.t }}").render(vars, Escaping.SLACK_MRKDWN, false, null)).isEqualTo("hi &lt;!channel&gt; &amp; \"q\"");
        assertThat(Template.of("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"{{ data.t }}\"}}]")
                .render(vars, Escaping.SLACK_BLOCKS, false, null))
                .isEqualTo("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"&lt;!channel&gt; &amp; \\\"q\\\"\"}}]");
    }

    // ------------------------------------------------------------------ item 4: bounded renders

    @Test
    void aRenderThatRunsTooLongFailsWithTheReason() {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) list.add("v" + (i * 7919 % 20_000));
        Template t = Template.of("{% for i in (1..100000) %}{% assign s = data.list | sort %}{% endfor %}done");
        long start = System.nanoTime();
        assertThatThrownBy(() -> t.render(data("list", list), false))
                .isInstanceOf(TemplateRenderException.class)
                .hasMessageContaining("longer than 2000 ms");
        assertThat((System.nanoTime() - start) / 1_000_000).as("stopped near the limit, not after the loop").isLessThan(10_000);
    }

    @Test
    void noIntermediateValueMayGrowPastTheLimit() {
        assertThatThrownBy(() -> Template.of("{% assign s = 'ab' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}")
                .render(data(), false))
                .isInstanceOf(TemplateRenderException.class).hasMessageContaining("'append' would exceed 1000000");
        assertThatThrownBy(() -> Template.of("{% assign l = 'a,b' | split: ',' %}{% for i in (1..40) %}{% assign l = l | concat: l %}{% endfor %}x")
                .render(data(), false))
                .isInstanceOf(TemplateRenderException.class).hasMessageContaining("exceed 1000000");
        assertThatThrownBy(() -> Template.of("{{ data.s | replace: 'a', data.s }}").render(data("s", "a".repeat(2000)), false))
                .isInstanceOf(TemplateRenderException.class).hasMessageContaining("'replace'");
        assertThatThrownBy(() -> Template.of("{% capture s %}ab{% endcapture %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}")
                .render(data(), false))
                .isInstanceOf(TemplateRenderException.class).hasMessageContaining("exceeds 1000000");
    }

    // ------------------------------------------------------------------ item 20: strict variables

    @Test
    void strictRenderNamesTheUndefinedVariable() {
        Template t = Template.of("Hi {{ recipient.name }}, {{ data.title | upcase }}");
        Map<String, Object> vars = data();
        vars.put("recipient", Map.of("name", "Ada"));
        assertThatThrownBy(() -> t.render(vars, Escaping.NONE, true, null))
                .isInstanceOf(TemplateRenderException.class).hasMessageContaining("undefined variable 'data.title'");
        Map<String, Object> withNull = data("title", null);
        withNull.put("recipient", Map.of("name", "Ada"));
        assertThat(t.render(withNull, Escaping.NONE, true, null)).as("a key holding null is defined").isEqualTo("Hi Ada, ");
        assertThat(Template.of("{{ data.title | default: 'x' }}{% if data.title %}y{% endif %}").render(data(), Escaping.NONE, true, null))
                .as("default and conditions may test what is not set").isEqualTo("x");
    }

    @Test
    void lenientRenderReportsUndefinedVariables() {
        List<String> undefined = new ArrayList<>();
        String out = Template.of("a{{ data.x }}b{{ nope }}{{ data.items[5] }}").render(data("items", List.of(1)), Escaping.NONE, false, undefined::add);
        assertThat(out).isEqualTo("ab");
        assertThat(undefined).containsExactly("data.x", "nope", "data.items[5]");
    }
}

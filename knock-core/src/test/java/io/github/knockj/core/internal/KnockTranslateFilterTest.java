package io.github.knockj.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.Template.Escaping;
import io.github.knockj.core.Translations;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code t} filter escapes only interpolated values, for each content markup. */
class KnockTranslateFilterTest {
    private static final Translations T = Translations.builder()
            .locale("en", Map.of("hi", "*Hi* <@{{ who }}> & {{ what }}")).build();

    private static String render(Escaping escaping) {
        Object compiled = Templates.parse("{{ 'hi' | t: who: data.who, what: data.what }}");
        return KnockTranslateFilter.translating(T, () -> Map.of("locale", "en-US"),
                () -> Templates.render(compiled, Map.of("data", Map.of("who", "<!channel>", "what", "\"q\"")), escaping, true, null));
    }

    @Test
    void valuesAreEscapedForTheMarkupAndTheTextIsKept() {
        assertThat(render(Escaping.NONE)).isEqualTo("*Hi* <@<!channel>> & \"q\"");
        assertThat(render(Escaping.HTML)).isEqualTo("*Hi* <@&lt;!channel&gt;> & &quot;q&quot;");
        assertThat(render(Escaping.SLACK_MRKDWN)).isEqualTo("*Hi* <@&lt;!channel&gt;> & \"q\"");
        assertThat(render(Escaping.SLACK_BLOCKS)).isEqualTo("*Hi* <@&lt;!channel&gt;> & \\\"q\\\"");
    }
}

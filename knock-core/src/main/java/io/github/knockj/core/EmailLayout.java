package io.github.knockj.core;

import io.github.knockj.core.internal.Templates;
import io.github.knockj.core.internal.Validate;
import java.util.ArrayList;
import java.util.List;

/**
 * An email layout, Knock's shared "frame" of an email: HTML (and optionally plain text) Liquid
 * around {@code {{ content }}}, where an email step's rendered {@code html} (or {@code text}) goes.
 * Register it with {@link Notifier.Builder#emailLayout(EmailLayout)}; an email step uses it when it
 * names it ({@link ChannelStep#layout(String)}) or when it is the Notifier's default
 * ({@link Notifier.Builder#defaultEmailLayout(String)}).
 *
 * <p>A layout renders after the step's field, with the run's variables plus {@code content} (the
 * rendered field, printed as it is: its outputs were escaped when the step's template rendered) and
 * {@code footer_links} (a list of {@code {text, url}}, the links added with
 * {@link #withFooterLink(String, String)}). Its own outputs are escaped like the field's. Immutable.
 *
 * <pre>{@code
 * EmailLayout.of("default", "<html><body>{{ content }}<footer>{% for l in footer_links %}"
 *         + "<a href=\"{{ l.url }}\">{{ l.text }}</a>{% endfor %}</footer></body></html>")
 *     .withText("{{ content }}\n--\nAcme")
 *     .withFooterLink("Preferences", "https://example.com/preferences");
 * }</pre>
 */
public final class EmailLayout {
    private final String key;
    private final Template html;
    private final Template text;
    private final List<FooterLink> footerLinks;

    private EmailLayout(String key, Template html, Template text, List<FooterLink> footerLinks) {
        this.key = key;
        this.html = html;
        this.text = text;
        this.footerLinks = List.copyOf(footerLinks);
    }

    /**
     * A layout with an HTML version and no text version (an email's {@code text} is sent as rendered).
     *
     * @param key the layout's key, which steps name
     * @param htmlLiquid the HTML layout, a Liquid template that outputs {@code {{ content }}}
     * @return the layout
     * @throws InvalidInputException if {@code key} is not a valid key
     * @throws WorkflowDefinitionException naming the layout, if the template does not parse, uses a
     *     tag or filter that is not allowed, or never outputs {@code content}
     */
    public static EmailLayout of(String key, String htmlLiquid) {
        Validate.id("emailLayout.key", key);
        return new EmailLayout(key, parse(key, "html", htmlLiquid), null, List.of());
    }

    /**
     * This layout with a plain-text version, which wraps an email's {@code text} field the same way.
     *
     * @param textLiquid the text layout, a Liquid template that outputs {@code {{ content }}}
     * @return a new layout
     * @throws WorkflowDefinitionException naming the layout, as for {@link #of(String, String)}
     */
    public EmailLayout withText(String textLiquid) {
        return new EmailLayout(key, html, parse(key, "text", textLiquid), footerLinks);
    }

    /**
     * This layout with one more footer link, which the layout's templates see in {@code footer_links}.
     *
     * @param text the link's text
     * @param url the link's URL
     * @return a new layout
     * @throws InvalidInputException if either is null
     */
    public EmailLayout withFooterLink(String text, String url) {
        List<FooterLink> links = new ArrayList<>(footerLinks);
        links.add(new FooterLink(Validate.text("emailLayout.footerLink.text", Validate.notNull("emailLayout.footerLink.text", text)),
                Validate.text("emailLayout.footerLink.url", Validate.notNull("emailLayout.footerLink.url", url))));
        return new EmailLayout(key, html, this.text, links);
    }

    /** {@return the layout's key} */
    public String key() { return key; }
    /** {@return the HTML layout} */
    public Template html() { return html; }
    /**
     * The plain-text layout, or null when the layout has none.
     *
     * @return the text layout, or null
     */
    public Template text() { return text; }
    /** {@return the footer links, in the order added} */
    public List<FooterLink> footerLinks() { return footerLinks; }

    private static Template parse(String key, String version, String liquid) {
        Template t;
        try {
            t = Template.of(liquid);
        } catch (WorkflowDefinitionException e) {
            throw new WorkflowDefinitionException("email layout '" + key + "' " + version + ": " + e.getMessage(), e);
        }
        if (!Templates.outputRoots(t.compiled()).contains("content")) {
            throw new WorkflowDefinitionException("email layout '" + key + "' " + version
                    + " must output {{ content }}, where the email's " + version + " goes");
        }
        return t;
    }

    @Override
    public String toString() {
        return "EmailLayout[" + key + "]";
    }

    /**
     * A link in a layout's footer.
     *
     * @param text the link's text
     * @param url the link's URL
     */
    public record FooterLink(String text, String url) {}
}

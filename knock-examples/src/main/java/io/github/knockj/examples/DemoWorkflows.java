package io.github.knockj.examples;

import io.github.knockj.core.RunContext;
import io.github.knockj.core.Steps;
import io.github.knockj.core.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The demo's workflows, defined in code: a comment notification with an email digest, a mention
 * that escalates to email only if the in-app message goes unseen, and a required security alert.
 */
public final class DemoWorkflows {
    /** Key of the comment workflow; trigger it for a post object to fan out to its subscribers. */
    public static final String NEW_COMMENT = "new-comment";
    /** Key of the mention workflow (in-app now, email later if unseen). */
    public static final String MENTION = "mention";
    /** Key of the security alert workflow (required: ignores preferences). */
    public static final String SECURITY_ALERT = "security-alert";

    /** The in-app feed channel key. */
    public static final String FEED = "in-app";
    /** The email channel key. */
    public static final String EMAIL = "email";

    private DemoWorkflows() {}

    /**
     * All demo workflows.
     *
     * @return the new-comment, mention and security-alert workflows
     * @param digestWindow how long the comment digest collects comments before one email goes out
     * @param escalationDelay how long a mention may stay unseen in the inbox before it is emailed
     */
    public static List<Workflow> all(Duration digestWindow, Duration escalationDelay) {
        return List.of(newComment(digestWindow), mention(escalationDelay), securityAlert());
    }

    /**
     * Every subscriber of the post gets an in-app message at once, and one digest email per post
     * when the batch window closes: "Ada and 4 others commented on Launch plan". The commenter is
     * not notified about their own comment.
     *
     * @param digestWindow how long the digest collects comments
     * @return the workflow
     */
    public static Workflow newComment(Duration digestWindow) {
        Predicate<RunContext> ownComment = ctx -> ctx.actorId().filter(ctx.recipient().id()::equals).isPresent();
        return Workflow.builder(NEW_COMMENT)
                .name("New comment")
                .categories("collaboration")
                .step(Steps.branch("skip-own-comment").exitWhen("own-comment", ownComment).otherwise())
                .step(Steps.channel("feed", FEED)
                        .body("**{{ actor.name }}** commented on **{{ data.post }}**: {{ data.comment }}")
                        .actionUrl("/posts/{{ data.post_id }}"))
                .step(Steps.batch("digest").window(digestWindow).key("{{ data.post_id }}"))
                .step(Steps.channel("digest-email", EMAIL)
                        .subject("{% if total_activities == 1 %}{{ activities[0].actor.name }} commented"
                                + "{% elsif total_activities == 2 %}{{ activities[0].actor.name }} and 1 other commented"
                                + "{% else %}{{ activities[0].actor.name }} and {{ total_activities | minus: 1 }} others commented{% endif %}"
                                + " on {{ data.post }}")
                        .text("{% for a in activities %}{{ a.actor.name }}: {{ a.data.comment }}\n{% endfor %}"))
                .build();
    }

    /**
     * In-app at once; after {@code escalationDelay}, an email only if the in-app message is still unseen.
     *
     * @param escalationDelay how long a mention may stay unseen before it is emailed
     * @return the workflow
     */
    public static Workflow mention(Duration escalationDelay) {
        return Workflow.builder(MENTION)
                .name("Mention")
                .categories("collaboration")
                .step(Steps.channel("feed", FEED)
                        .body("**{{ actor.name }}** mentioned you in **{{ data.post }}**: {{ data.excerpt }}")
                        .actionUrl("/posts/{{ data.post_id }}"))
                .step(Steps.delay("wait-for-inbox", escalationDelay))
                .step(Steps.channel("unseen-email", EMAIL)
                        .subject("{{ actor.name }} mentioned you in {{ data.post }}")
                        .text("{{ data.excerpt }}\n\nYou have not opened your inbox yet, so we emailed you.")
                        .when(ctx -> ctx.message("feed").map(m -> !m.isSeen()).orElse(true)))
                .build();
    }

    /**
     * A new sign-in: required, so it reaches the user in-app and by email whatever their preferences say.
     *
     * @return the workflow
     */
    public static Workflow securityAlert() {
        return Workflow.builder(SECURITY_ALERT)
                .name("Security alert")
                .categories("security")
                .required()
                .step(Steps.channel("feed", FEED)
                        .body("**Security:** new sign-in from {{ data.device }} in {{ data.location }}. Not you? Reset your password.")
                        .actionUrl("/settings/security"))
                .step(Steps.channel("alert-email", EMAIL)
                        .subject("New sign-in to your account")
                        .text("We noticed a new sign-in from {{ data.device }} in {{ data.location }}."))
                .build();
    }
}

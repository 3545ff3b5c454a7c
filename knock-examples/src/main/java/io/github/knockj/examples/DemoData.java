package io.github.knockj.examples;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.User;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's team: five users, their preferences, two posts they subscribe to, and a little
 * history so the inbox is not empty on first sight.
 */
public final class DemoData {
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    /** The post everybody follows. */
    public static final ObjectRef LAUNCH_PLAN = ObjectRef.of("posts", "launch-plan");
    /** A second post, followed by part of the team. */
    public static final ObjectRef ROADMAP = ObjectRef.of("posts", "q3-roadmap");

    /** The demo users, in the order the sign-in page lists them. */
    public static final List<User> USERS = List.of(
            user("ada", "Ada Lovelace", "Europe/London"),
            user("bob", "Bob Kahn", "America/New_York"),
            user("cy", "Cy Twombly", "America/Chicago"),
            user("dee", "Dee Hock", "America/Los_Angeles"),
            user("eve", "Eve Curie", "Europe/Paris"));

    private DemoData() {}

    private static User user(String id, String name, String zone) {
        return User.builder(id).name(name).email(id + "@example.com").timezone(zone).build();
    }

    /**
     * The display name of a demo user, or the id when unknown.
     *
     * @param userId a user id
     * @return the display name
     */
    public static String nameOf(String userId) {
        return USERS.stream().filter(u -> u.id().equals(userId)).findFirst().flatMap(User::name).orElse(userId);
    }

    /**
     * Whether {@code userId} is one of the demo users.
     *
     * @param userId a user id
     * @return true for a demo user
     */
    public static boolean isDemoUser(String userId) {
        return USERS.stream().anyMatch(u -> u.id().equals(userId));
    }

    /**
     * Identifies the users, sets preferences and subscriptions.
     *
     * @param notifier the demo's Notifier
     */
    public static void setUp(Notifier notifier) {
        notifier.users().identifyAll(USERS);
        // Bob reads email elsewhere: no collaboration email. The required security alert still reaches him.
        notifier.preferences().set("bob", PreferenceSet.builder().category("collaboration", false).build());
        // Eve mutes email altogether.
        notifier.preferences().set("eve", PreferenceSet.builder().channelType(ChannelType.EMAIL, false).build());
        log.info("Identified {} users; preferences: bob has collaboration off, eve has email off", USERS.size());

        notifier.objects().set(LAUNCH_PLAN, Map.of("title", "Launch plan"));
        notifier.objects().subscribe(LAUNCH_PLAN, "ada", "bob", "cy", "dee", "eve");
        notifier.objects().set(ROADMAP, Map.of("title", "Q3 roadmap"));
        notifier.objects().subscribe(ROADMAP, "ada", "bob", "cy");
        log.info("Subscribed the team to {} and {}", LAUNCH_PLAN, ROADMAP);
    }

    /**
     * Triggers a few workflows so every inbox has history (more than one page for Ada).
     *
     * @param notifier the demo's Notifier
     */
    public static void seedHistory(Notifier notifier) {
        String[][] comments = {
                {"bob", "q3-roadmap", "Can we move search to Q3?"},
                {"cy", "q3-roadmap", "Search needs the new index first."},
                {"ada", "q3-roadmap", "Agreed, index in July then."},
                {"bob", "launch-plan", "Draft is up, comments welcome."},
                {"cy", "launch-plan", "Pricing page needs a second pass."},
                {"dee", "launch-plan", "Legal approved the terms."},
                {"eve", "launch-plan", "Press kit is ready."},
                {"bob", "launch-plan", "Moving the date to Tuesday."},
        };
        for (String[] c : comments) comment(notifier, c[0], c[1], c[2]);
        mention(notifier, "dee", "ada", "Ada, can you review the rollout checklist?");
        mention(notifier, "cy", "ada", "@ada the staging numbers look great.");
        securityAlert(notifier, "ada", "Firefox on Linux", "Lisbon");
        log.info("Seeded {} comments, 2 mentions and a security alert", comments.length);
    }

    /**
     * {@code actorId} comments on a post: every subscriber but the actor is notified.
     *
     * @param notifier the demo's Notifier
     * @param actorId the commenter
     * @param postId the post, an object in collection {@code posts}
     * @param text the comment
     */
    public static void comment(Notifier notifier, String actorId, String postId, String text) {
        ObjectRef post = ObjectRef.of("posts", postId);
        String title = notifier.objects().get(post).map(o -> String.valueOf(o.properties().get("title"))).orElse(postId);
        notifier.trigger(DemoWorkflows.NEW_COMMENT).recipient(post).actor(actorId)
                .data(Map.of("post_id", postId, "post", title, "comment", text)).send();
    }

    /**
     * {@code actorId} mentions {@code userId} in the launch plan.
     *
     * @param notifier the demo's Notifier
     * @param actorId who mentions
     * @param userId who is mentioned
     * @param excerpt the text around the mention
     */
    public static void mention(Notifier notifier, String actorId, String userId, String excerpt) {
        notifier.trigger(DemoWorkflows.MENTION).recipients(userId).actor(actorId)
                .data(Map.of("post_id", LAUNCH_PLAN.id(), "post", "Launch plan", "excerpt", excerpt)).send();
    }

    /**
     * A new sign-in alert for {@code userId}.
     *
     * @param notifier the demo's Notifier
     * @param userId the user who signed in
     * @param device the device named in the alert
     * @param location the location named in the alert
     */
    public static void securityAlert(Notifier notifier, String userId, String device, String location) {
        notifier.trigger(DemoWorkflows.SECURITY_ALERT).recipients(userId)
                .data(Map.of("device", device, "location", location)).send();
    }
}

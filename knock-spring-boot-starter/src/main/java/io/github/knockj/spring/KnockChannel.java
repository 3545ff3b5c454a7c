package io.github.knockj.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The channel key a {@link io.github.knockj.core.spi.ChannelProvider} bean is registered under, on
 * its class or on its {@code @Bean} method. Without it, the bean's name is the key.
 *
 * <pre>{@code
 * @Bean @KnockChannel("email")
 * ChannelProvider smtp() { return SmtpProvider.builder()...build(); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface KnockChannel {
    /**
     * The channel key that workflows' channel steps name.
     *
     * @return the channel key
     */
    String value();
}

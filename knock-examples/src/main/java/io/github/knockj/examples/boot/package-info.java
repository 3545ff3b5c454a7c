/**
 * The Spring Boot example: knock-spring-boot-starter, a web endpoint whose transaction ships an
 * order and notifies the customer together, and the customer's in-app feed over HTTP.
 */
package io.github.knockj.examples.boot;

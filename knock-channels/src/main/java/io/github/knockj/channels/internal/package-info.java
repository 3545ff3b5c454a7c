/**
 * Implementation details shared by the channel providers: the HTTP exchange and its failure
 * classification, JSON, settings validation. Not a public API: it may change in any release.
 */
package io.github.knockj.channels.internal;
